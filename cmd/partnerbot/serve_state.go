package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/partnerbot/partnerbot/config"
	"github.com/partnerbot/partnerbot/corpus"
	"github.com/partnerbot/partnerbot/discord"
	"github.com/partnerbot/partnerbot/store"
)

// state is what serve keeps in a database: everything the Discord adapter
// keeps, shared between replicas when it is PostgreSQL.
type state interface {
	discord.State
	discord.Limiter
	discord.Claims
	discord.Jobs
	discord.Leases
	discord.Support
	embeddingCache
	UserSalt(ctx context.Context, candidate string) (string, error)
	Prune(ctx context.Context, now time.Time) (expired int, err error)
	Ping(ctx context.Context) error
	Close() error
}

// openState opens PostgreSQL when PARTNERBOT_DATABASE_URL is set (pg is
// then that database, for notifications), else SQLite in the data
// directory.
func openState(ctx context.Context, c config.Config) (st state, pg *store.Postgres, err error) {
	if c.DatabaseURL != "" {
		pg, err := store.OpenPostgres(ctx, c.DatabaseURL, store.Options{})
		if err != nil {
			return nil, nil, fmt.Errorf("open database (PARTNERBOT_DATABASE_URL): %w", err)
		}
		return pg, pg, nil
	}
	db, err := store.Open(ctx, filepath.Join(c.DataDir, "partnerbot.db"), store.Options{})
	if err != nil {
		return nil, nil, fmt.Errorf("open database: %w", err)
	}
	return db, nil, nil
}

// replicaName names this process among the replicas: host, pid and a
// random suffix, so a restarted process is a new replica.
func replicaName() string {
	host, _ := os.Hostname()
	var b [3]byte
	rand.Read(b[:])
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

// pruneEvery is how often serve clears expired claims, full buckets, old
// jobs and unused embeddings.
const pruneEvery = time.Minute

// every calls f every d, from d on, until ctx ends.
func every(ctx context.Context, d time.Duration, f func()) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			f()
		}
	}
}

// prune clears the state that has expired, every pruneEvery until ctx
// ends, and logs the questions it gave up: long past their deadline, and
// still not finished by the replicas, which take such questions, tell
// their askers and finish them (discord.Bot.RunJobs).
func prune(ctx context.Context, st state, log *slog.Logger) {
	every(ctx, pruneEvery, func() {
		n, err := st.Prune(ctx, time.Now())
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("prune state", "error", err.Error())
		case n > 0:
			log.Error("questions given up unanswered and their askers not told: still not finished 10 minutes after their deadline (no replica running, or the one holding them stalled)", "jobs", n)
		}
	})
}

// reindexTopic is the notification that tells every replica to reindex.
const reindexTopic = "reindex"

// sharedReindex makes /reindex reach every replica: the replica that runs
// it notifies the others, which each reindex their own copy. Without
// PostgreSQL it is reindex itself.
func sharedReindex(ctx context.Context, pg *store.Postgres, replica string, reindex discord.ReindexFunc, log *slog.Logger) discord.ReindexFunc {
	if pg == nil {
		return reindex
	}
	go pg.Listen(ctx, reindexTopic, func(from string) {
		if from == replica {
			return
		}
		log.Info("reindexing at another replica's request", "from", from)
		if _, err := reindex(ctx); err != nil {
			log.Error("reindex at another replica's request", "from", from, "error", err.Error())
		}
	}, func(err error) { log.Warn("listen for reindex", "error", err.Error()) })
	return func(ctx context.Context) (changes corpus.Changes, err error) {
		changes, err = reindex(ctx)
		if err != nil {
			return changes, err
		}
		if nerr := pg.Notify(ctx, reindexTopic, replica); nerr != nil {
			log.Error("tell the other replicas to reindex", "error", nerr.Error())
		}
		return changes, nil
	}
}
