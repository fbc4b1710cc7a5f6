package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"regexp"
	"sync"

	"github.com/partnerbot/partnerbot/bot"
	"github.com/partnerbot/partnerbot/config"
	"github.com/partnerbot/partnerbot/corpus"
	"github.com/partnerbot/partnerbot/provider"
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

// newProvider connects to the configured OpenAI-compatible provider, or
// returns nil when none is configured.
func newProvider(c config.Config, log *slog.Logger) (*provider.Client, error) {
	if !c.Generative() {
		return nil, nil
	}
	pc := provider.Config{
		APIKey: c.OpenAI.APIKey, BaseURL: c.OpenAI.BaseURL,
		ChatModel: c.OpenAI.ChatModel, EmbeddingModel: c.OpenAI.EmbeddingModel,
		Timeout: c.OpenAI.Timeout, MaxRetries: c.OpenAI.MaxRetries, Log: log,
	}
	if c.Azure.Endpoint != "" {
		pc.Azure = &provider.AzureConfig{Endpoint: c.Azure.Endpoint, APIKey: c.Azure.APIKey,
			APIVersion: c.Azure.APIVersion, ChatDeployment: c.Azure.ChatDeployment,
			EmbeddingDeployment: c.Azure.EmbeddingDeployment}
	}
	p, err := provider.New(pc)
	if err != nil {
		return nil, fmt.Errorf("language model provider: %w", err)
	}
	return p, nil
}

// retrievalOptions chooses the embedder: the provider's, with vectors kept
// in the data directory, when an embedding model is configured; else the
// local one.
func retrievalOptions(c config.Config, p *provider.Client) (retrieval.Options, error) {
	mode, err := retrieval.ParseMode(c.Mode)
	if err != nil {
		return retrieval.Options{}, err
	}
	opts := retrieval.Options{Mode: mode}
	if p != nil && p.EmbeddingModel() != "" {
		model := p.EmbeddingModel()
		opts.Embedder, opts.Batch = p.Embed, p.EmbedBatch
		opts.Vectors = retrieval.VectorOptions{Model: model,
			Path: filepath.Join(c.DataDir, "vectors", fileSafe.ReplaceAllString(model, "_")+".vec")}
	}
	return opts, nil
}

var fileSafe = regexp.MustCompile(`[^A-Za-z0-9._-]`)

// buildIndex indexes a corpus with the configured retrieval settings.
func buildIndex(ctx context.Context, c config.Config, cp *corpus.Corpus, p *provider.Client) (*retrieval.Index, error) {
	opts, err := retrievalOptions(c, p)
	if err != nil {
		return nil, err
	}
	ix, err := retrieval.Build(ctx, cp, opts)
	if err != nil {
		return nil, fmt.Errorf("build index: %w", err)
	}
	return ix, nil
}

// app is the answering side of partnerbot: the provider, if any, and the
// engine, which reindex rebuilds.
type app struct {
	cfg      config.Config
	log      *slog.Logger
	provider *provider.Client
	engine   *bot.Engine
	mu       sync.Mutex // serialises reindexing
}

// newApp loads the articles and builds the answering engine: generative
// when a provider is configured, extractive otherwise.
func newApp(ctx context.Context, c config.Config, log *slog.Logger) (*app, error) {
	p, err := newProvider(c, log)
	if err != nil {
		return nil, err
	}
	a := &app{cfg: c, log: log, provider: p}
	ix, err := a.index(ctx)
	if err != nil {
		return nil, err
	}
	opts := bot.Options{K: c.TopK}
	if p != nil {
		opts.Complete = p.Complete
	}
	a.engine = bot.New(ix, opts)
	return a, nil
}

// index loads the articles and indexes them.
func (a *app) index(ctx context.Context) (*retrieval.Index, error) {
	cp, err := loadCorpus(a.cfg)
	if err != nil {
		return nil, err
	}
	ix, err := buildIndex(ctx, a.cfg, cp, a.provider)
	if err != nil {
		return nil, err
	}
	st := ix.SyncStats()
	if st.Discarded != nil {
		a.log.Warn("persisted vectors were unreadable and were rebuilt from the articles", "err", st.Discarded)
	}
	a.log.Debug("index built", "documents", len(cp.Documents()), "passages", len(cp.Passages()),
		"embedded", st.Embedded, "reused", st.Reused, "embedding_calls", st.Calls)
	return ix, nil
}

// reindex rereads the articles and swaps the engine onto the new index,
// reporting what changed. Answers in flight finish on the old index.
func (a *app) reindex(ctx context.Context) (corpus.Changes, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	ix, err := a.index(ctx)
	if err != nil {
		return corpus.Changes{}, err
	}
	changes := corpus.Diff(a.engine.Index().Corpus(), ix.Corpus())
	a.engine.Swap(ix)
	a.log.Info("reindexed", "added", changes.Added, "changed", changes.Changed, "removed", changes.Removed)
	return changes, nil
}

// newEngine builds the answering engine for the one-shot commands.
func newEngine(ctx context.Context, c config.Config, log *slog.Logger) (*bot.Engine, error) {
	a, err := newApp(ctx, c, log)
	if err != nil {
		return nil, err
	}
	return a.engine, nil
}
