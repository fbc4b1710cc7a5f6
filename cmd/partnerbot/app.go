package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"regexp"
	"sync"
	"sync/atomic"
	"time"

	"github.com/partnerbot/partnerbot/bot"
	"github.com/partnerbot/partnerbot/config"
	"github.com/partnerbot/partnerbot/corpus"
	"github.com/partnerbot/partnerbot/provider"
	"github.com/partnerbot/partnerbot/retrieval"
)

// loadCorpus loads the embedded articles and, when configured, the
// articles directory, reporting its files as they are read to prog (which
// may be nil), and warning of and returning the files it skipped.
func loadCorpus(c config.Config, log *slog.Logger, prog *progress) (*corpus.Corpus, corpus.Loaded, error) {
	docs, err := corpus.Embedded()
	if err != nil {
		return nil, corpus.Loaded{}, err
	}
	var extra corpus.Loaded
	if c.ArticlesDir != "" {
		extra, err = corpus.LoadDirWith(c.ArticlesDir, corpus.LoadOptions{
			Progress: func(done, total int) { prog.step(done, total, "article files read") }})
		if err != nil {
			return nil, corpus.Loaded{}, err
		}
		if len(extra.UnusedMeta) > 0 {
			log.Warn("articles directory: metadata.yaml entries that name no article (an ID is the file name without .txt or .md)",
				"dir", c.ArticlesDir, "entries", extra.UnusedMeta)
		}
		if len(extra.Skipped) > 0 {
			files := make([]string, len(extra.Skipped))
			for i, s := range extra.Skipped {
				files[i] = s.File + " (" + s.Reason + ")"
			}
			log.Warn("articles directory: skipped files that are not articles (only .txt and .md files at its top are read)",
				"dir", c.ArticlesDir, "count", len(files), "files", files)
		}
		for _, d := range extra.Docs {
			if len(d.Removed) > 0 {
				log.Info("articles directory: cleaning removed lines that read as boilerplate (captions with a photo credit, a line repeated straight after itself, press-release counters, date markers, wire sign-offs)",
					"file", d.File, "removed", d.Removed)
			}
		}
		switch {
		case len(extra.Docs) == 0 && len(extra.Aliases) > 0:
			log.Info("articles directory: no articles, so its aliases.yaml names the built-in articles' people", "dir", c.ArticlesDir)
			docs = corpus.WithAliases(docs, extra.Aliases)
		case len(extra.Docs) == 0:
			log.Warn("articles directory holds no articles (.txt or .md files at its top)", "dir", c.ArticlesDir)
		}
		docs = append(docs, extra.Docs...)
	}
	cp, err := corpus.New(docs, corpus.ChunkOptions{})
	return cp, extra, err
}

// newProvider connects to the configured OpenAI-compatible provider, or
// returns nil when none is configured.
func newProvider(c config.Config, log *slog.Logger) (*provider.Client, error) {
	if !c.Generative() {
		return nil, nil
	}
	retries := c.OpenAI.MaxRetries
	if retries == 0 {
		retries = -1 // the provider reads 0 as its default; the setting's 0 means none
	}
	pc := provider.Config{
		APIKey: c.OpenAI.APIKey, BaseURL: c.OpenAI.BaseURL,
		ChatModel: c.OpenAI.ChatModel, EmbeddingModel: c.OpenAI.EmbeddingModel,
		Timeout: c.OpenAI.Timeout, MaxRetries: retries, Log: log,
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

// embeddingCache keeps provider embeddings of passages by model and
// content hash, shared by every replica on one database: a replica starting
// with an empty data directory embeds only what no replica has.
type embeddingCache interface {
	Embeddings(ctx context.Context, model string, hashes []string) (map[string][]float32, error)
	PutEmbeddings(ctx context.Context, model string, vecs map[string][]float32) error
	// TouchEmbeddings marks vectors in use, so the cache keeps them.
	TouchEmbeddings(ctx context.Context, model string, hashes []string) error
}

// textHash is the cache's key for an embedded text.
func textHash(t string) string {
	sum := sha256.Sum256([]byte(t))
	return hex.EncodeToString(sum[:])
}

// cachedBatch embeds through cache: texts it holds are not sent to the
// provider, and what the provider embeds is added to it. A cache that
// fails is logged and passed over; indexing goes on through the provider.
func cachedBatch(model string, cache embeddingCache, batch retrieval.BatchEmbedder, log *slog.Logger) retrieval.BatchEmbedder {
	return func(ctx context.Context, texts []string) ([][]float32, error) {
		hashes := make([]string, len(texts))
		for i, t := range texts {
			hashes[i] = textHash(t)
		}
		have, err := cache.Embeddings(ctx, model, hashes)
		if err != nil {
			log.Warn("shared embeddings unreadable; embedding through the provider", "err", err.Error())
			have = nil
		}
		var missing []string
		var at []int
		for i, h := range hashes {
			if _, ok := have[h]; !ok {
				missing, at = append(missing, texts[i]), append(at, i)
			}
		}
		out := make([][]float32, len(texts))
		for i, h := range hashes {
			out[i] = have[h]
		}
		if len(missing) == 0 {
			return out, nil
		}
		vecs, err := batch(ctx, missing)
		if err != nil {
			return nil, err
		}
		put := make(map[string][]float32, len(vecs))
		for k, v := range vecs {
			out[at[k]] = v
			put[hashes[at[k]]] = v
		}
		if err := cache.PutEmbeddings(ctx, model, put); err != nil {
			log.Warn("shared embeddings not saved", "err", err.Error())
		}
		return out, nil
	}
}

// buildIndex indexes a corpus with the configured retrieval settings,
// reporting the passages a provider embeds to prog (which may be nil).
// With a cache, passages are embedded through it.
func buildIndex(ctx context.Context, c config.Config, cp *corpus.Corpus, p *provider.Client, prog *progress, cache embeddingCache, log *slog.Logger) (*retrieval.Index, error) {
	opts, err := retrievalOptions(c, p)
	if err != nil {
		return nil, err
	}
	if opts.Batch != nil && cache != nil {
		opts.Batch = cachedBatch(opts.Vectors.Model, cache, opts.Batch, log)
	}
	if batch := opts.Batch; batch != nil && prog != nil {
		var embedded atomic.Int64
		opts.Batch = func(ctx context.Context, texts []string) ([][]float32, error) {
			vecs, err := batch(ctx, texts)
			if err == nil {
				prog.step(int(embedded.Add(int64(len(texts)))), 0, "passages embedded")
			}
			return vecs, err
		}
	}
	ix, err := retrieval.Build(ctx, cp, opts)
	if err != nil {
		return nil, fmt.Errorf("build index: %w", err)
	}
	return ix, nil
}

// touchEvery is how often serve marks its corpus's vectors in use in the
// shared cache, well within the month the store keeps vectors no replica
// uses.
const touchEvery = 24 * time.Hour

// touchCache marks the shared cache's vectors of cp's passages in use, so
// that it keeps them while this replica serves them: a replica whose own
// vector file holds them never reads them from the cache. Without provider
// embeddings or a cache there is nothing to mark.
func (a *app) touchCache(ctx context.Context, cp *corpus.Corpus) {
	opts, err := retrievalOptions(a.cfg, a.provider)
	if err != nil || opts.Batch == nil || a.cache == nil {
		return
	}
	seen := map[string]bool{}
	var hashes []string
	for _, p := range cp.Passages() {
		if h := textHash(p.Text); !seen[h] {
			seen[h] = true
			hashes = append(hashes, h)
		}
	}
	if err := a.cache.TouchEmbeddings(ctx, opts.Vectors.Model, hashes); err != nil {
		a.log.Warn("shared embeddings not marked in use; the cache may drop them after a month unused", "err", err.Error())
	}
}

// keepCacheInUse marks the served corpus's vectors in use every touchEvery,
// until ctx ends.
func (a *app) keepCacheInUse(ctx context.Context) {
	every(ctx, touchEvery, func() { a.touchCache(ctx, a.engine.Index().Corpus()) })
}

// app is the answering side of partnerbot: the provider, if any, and the
// engine, which reindex rebuilds.
type app struct {
	cfg      config.Config
	log      *slog.Logger
	term     io.Writer // progress of indexing goes here; nil for none
	provider *provider.Client
	cache    embeddingCache // shared provider embeddings; nil for none
	engine   *bot.Engine
	mu       sync.Mutex // serialises reindexing
}

// newApp loads the articles and builds the answering engine: generative
// when a provider is configured, extractive otherwise. Indexing an
// articles directory shows its progress on term, when not nil; provider
// embeddings go through cache, when not nil.
func newApp(ctx context.Context, c config.Config, log *slog.Logger, term io.Writer, cache embeddingCache) (*app, error) {
	p, err := newProvider(c, log)
	if err != nil {
		return nil, err
	}
	a := &app{cfg: c, log: log, term: term, provider: p, cache: cache}
	ix, _, err := a.index(ctx)
	if err != nil {
		return nil, err
	}
	opts := engineOptions(c)
	if p != nil {
		opts.Complete, opts.Stream = p.Complete, p.Stream
	}
	a.engine = bot.New(ix, opts)
	return a, nil
}

// engineOptions are the engine's settings, before any model is attached.
func engineOptions(c config.Config) bot.Options { return bot.Options{K: c.TopK} }

// index loads the articles and indexes them. With an articles directory,
// it shows progress on a terminal and logs a summary line.
func (a *app) index(ctx context.Context) (*retrieval.Index, corpus.Loaded, error) {
	var prog *progress
	if a.cfg.ArticlesDir != "" {
		prog = newProgress(a.term, a.log, time.Now, "indexing "+a.cfg.ArticlesDir)
	}
	cp, loaded, err := loadCorpus(a.cfg, a.log, prog)
	if err != nil {
		prog.clear()
		return nil, corpus.Loaded{}, err
	}
	ix, err := buildIndex(ctx, a.cfg, cp, a.provider, prog, a.cache, a.log)
	if err != nil {
		prog.clear()
		return nil, corpus.Loaded{}, err
	}
	prog.done("articles indexed", "dir", a.cfg.ArticlesDir, "documents", len(cp.Documents()), "passages", len(cp.Passages()))
	a.touchCache(ctx, cp)
	st := ix.SyncStats()
	if st.Discarded != nil {
		a.log.Warn("persisted vectors were unreadable and were rebuilt from the articles", "err", st.Discarded)
	}
	if st.Unsaved != nil {
		a.log.Warn("the passages' embeddings could not be saved in the data directory (PARTNERBOT_DATA_DIR, --data); answering from memory, and the next start embeds them again",
			"dir", a.cfg.DataDir, "err", st.Unsaved)
	}
	a.log.Debug("index built", "documents", len(cp.Documents()), "passages", len(cp.Passages()),
		"embedded", st.Embedded, "reused", st.Reused, "embedding_calls", st.Calls)
	return ix, loaded, nil
}

// reindex rereads the articles and swaps the engine onto the new index,
// reporting what changed. Answers in flight finish on the old index.
func (a *app) reindex(ctx context.Context) (corpus.Changes, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	ix, loaded, err := a.index(ctx)
	if err != nil {
		return corpus.Changes{}, err
	}
	changes := corpus.Diff(a.engine.Index().Corpus(), ix.Corpus())
	for _, s := range loaded.Skipped { // named without the server's path: moderators read them
		changes.NotRead = append(changes.NotRead, filepath.Base(s.File)+" ("+s.Reason+")")
	}
	changes.UnusedMeta = loaded.UnusedMeta
	a.engine.Swap(ix)
	a.log.Info("reindexed", "added", changes.Added, "changed", changes.Changed, "removed", changes.Removed,
		"aliases_changed", changes.Aliases, "not_read", len(changes.NotRead))
	return changes, nil
}

// newEngine builds the answering engine for the one-shot commands.
func newEngine(ctx context.Context, c config.Config, log *slog.Logger, term io.Writer) (*bot.Engine, error) {
	a, err := newApp(ctx, c, log, term, nil)
	if err != nil {
		return nil, err
	}
	return a.engine, nil
}
