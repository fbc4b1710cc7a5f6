package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/partnerbot/partnerbot/bot"
	"github.com/partnerbot/partnerbot/config"
	"github.com/partnerbot/partnerbot/corpus"
	"github.com/partnerbot/partnerbot/retrieval"
)

// loadCorpus loads the embedded articles and, when configured, the
// articles directory.
func loadCorpus(c config.Config) (*corpus.Corpus, error) {
	docs, err := corpus.Embedded()
	if err != nil {
		return nil, err
	}
	if c.ArticlesDir != "" {
		extra, err := corpus.LoadDir(c.ArticlesDir)
		if err != nil {
			return nil, err
		}
		docs = append(docs, extra...)
	}
	return corpus.New(docs, corpus.ChunkOptions{})
}

// buildIndex indexes a corpus with the configured retrieval settings.
func buildIndex(ctx context.Context, c config.Config, cp *corpus.Corpus) (*retrieval.Index, error) {
	mode, err := retrieval.ParseMode(c.Mode)
	if err != nil {
		return nil, err
	}
	ix, err := retrieval.Build(ctx, cp, retrieval.Options{Mode: mode})
	if err != nil {
		return nil, fmt.Errorf("build index: %w", err)
	}
	return ix, nil
}

// newEngine loads the articles and builds the answering engine.
func newEngine(ctx context.Context, c config.Config, log *slog.Logger) (*bot.Engine, error) {
	cp, err := loadCorpus(c)
	if err != nil {
		return nil, err
	}
	ix, err := buildIndex(ctx, c, cp)
	if err != nil {
		return nil, err
	}
	log.Debug("index built", "documents", len(cp.Documents()), "passages", len(cp.Passages()))
	return bot.New(ix, bot.Options{K: c.TopK}), nil
}
