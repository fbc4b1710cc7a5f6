package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/partnerbot/partnerbot"
)

// contract is every method both engines share: what the adapters see.
type contract interface {
	LogQuestion(ctx context.Context, r partnerbot.QuestionRecord) (int64, error)
	Question(ctx context.Context, id int64) (partnerbot.QuestionRecord, error)
	ThreadHistory(ctx context.Context, threadID string, limit int) ([]partnerbot.Turn, error)
	SetThread(ctx context.Context, questionID int64, threadID string) error
	RecordFeedback(ctx context.Context, questionID int64, userHash string, vote int, at time.Time) error
	RecentFeedback(ctx context.Context, guildID, only string, limit int) ([]partnerbot.FeedbackItem, error)
	AllowedChannels(ctx context.Context, guildID string) ([]string, error)
	AllowChannel(ctx context.Context, guildID, channelID string) error
	DisallowChannel(ctx context.Context, guildID, channelID string) (bool, error)
	DisallowUnlessLast(ctx context.Context, guildID, channelID string) (removed, last bool, err error)
	RatePerMinute(ctx context.Context, guildID string) (int, bool, error)
	SetRatePerMinute(ctx context.Context, guildID string, n int) error
	Stats(ctx context.Context, guildID string, since time.Time) (partnerbot.Stats, error)
	Claim(ctx context.Context, key string, now, until time.Time) (bool, error)
	TakeToken(ctx context.Context, key string, perMinute int, now time.Time) (bool, time.Duration, error)
	RefundToken(ctx context.Context, key string, perMinute int) error
	AddJob(ctx context.Context, j partnerbot.Job, leaseUntil time.Time) error
	RenewJobs(ctx context.Context, owner string, ids []string, until time.Time) ([]string, error)
	UpdateJob(ctx context.Context, j partnerbot.Job, until time.Time) (bool, error)
	TakeJobs(ctx context.Context, owner string, now, until time.Time, limit int) ([]partnerbot.Job, error)
	TakeExpiredJobs(ctx context.Context, owner string, now, until time.Time, limit int) ([]partnerbot.Job, error)
	FinishJob(ctx context.Context, id string, now time.Time) error
	WaitingJobs(ctx context.Context, now time.Time) (int, error)
	TryLease(ctx context.Context, name, holder string, now, until time.Time) (string, error)
	ReleaseLease(ctx context.Context, name, holder string) error
	Embeddings(ctx context.Context, model string, hashes []string) (map[string][]float32, error)
	PutEmbeddings(ctx context.Context, model string, vecs map[string][]float32) error
	TouchEmbeddings(ctx context.Context, model string, hashes []string) error
	Prune(ctx context.Context, now time.Time) (int, error)
	UserSalt(ctx context.Context, candidate string) (string, error)
	AnsweredForums(ctx context.Context, guildID string) ([]string, error)
	AddForum(ctx context.Context, guildID, channelID string) error
	RemoveForum(ctx context.Context, guildID, channelID string) (bool, error)
	ForumTag(ctx context.Context, channelID string) (string, error)
	SetForumTag(ctx context.Context, guildID, channelID, tagID string) error
	HandoffChannel(ctx context.Context, guildID string) (string, error)
	SetHandoffChannel(ctx context.Context, guildID, channelID string) error
	ClearHandoffChannel(ctx context.Context, guildID, channelID string) (bool, error)
	SilenceThread(ctx context.Context, threadID string, at time.Time) error
	ThreadSilenced(ctx context.Context, threadID string) (bool, error)
	ForgetThread(ctx context.Context, threadID string) error
	AddGap(ctx context.Context, g partnerbot.Gap) (bool, error)
	Gaps(ctx context.Context, guildID string, limit int) ([]partnerbot.Gap, error)
	DismissGaps(ctx context.Context, guildID string, ids []int64, at time.Time) (int, error)
	AddCurated(ctx context.Context, c partnerbot.CuratedAnswer) (int64, error)
	CuratedAnswers(ctx context.Context, guildID string, limit int) ([]partnerbot.CuratedAnswer, error)
	CuratedAnswer(ctx context.Context, guildID string, id int64) (partnerbot.CuratedAnswer, error)
	UpdateCurated(ctx context.Context, c partnerbot.CuratedAnswer) error
	RetireCurated(ctx context.Context, guildID string, id int64, at time.Time) error
	Ping(ctx context.Context) error
	Close() error
}

var (
	_ contract = (*DB)(nil)
	_ contract = (*Postgres)(nil)
)

// engine opens fresh, empty databases of one kind. open returns the
// database and a function that opens a second handle on it (another
// replica, or a restart); setVersion forges the schema version.
type engine struct {
	name string
	open func(t *testing.T) (db contract, again func() (contract, error), setVersion func(v int))
	// clocked opens a fresh database whose own timestamps come from now.
	clocked func(t *testing.T, now func() time.Time) contract
}

// testDatabaseURL names the PostgreSQL database the tests use.
const testDatabaseURL = "PARTNERBOT_TEST_DATABASE_URL"

// engines are SQLite, always, and PostgreSQL when testDatabaseURL is set:
// without it the PostgreSQL cases skip, saying how to run them, except in
// CI (CI=true), where a missing database fails the run.
func engines(t *testing.T) []engine {
	sqlite := engine{name: "sqlite", open: func(t *testing.T) (contract, func() (contract, error), func(int)) {
		path := filepath.Join(t.TempDir(), "partnerbot.db")
		db, err := Open(context.Background(), path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		again := func() (contract, error) { return Open(context.Background(), path, Options{}) }
		set := func(v int) {
			if _, err := db.sql.Exec(`INSERT INTO schema_version (version, applied_ns) VALUES (?, 0)`, v); err != nil {
				t.Fatal(err)
			}
		}
		return db, again, set
	}, clocked: func(t *testing.T, now func() time.Time) contract {
		db, _ := openTest(t, Options{Now: now})
		return db
	}}
	pg := engine{name: "postgres", open: openPostgresTest, clocked: func(t *testing.T, now func() time.Time) contract {
		u, _, _ := postgresTestSchema(t)
		db, err := OpenPostgres(context.Background(), u, Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}}
	return []engine{sqlite, pg}
}

// needPostgres skips (or, in CI, fails) t without a test database, and
// returns its URL.
func needPostgres(t *testing.T) string {
	t.Helper()
	u := os.Getenv(testDatabaseURL)
	if u != "" {
		return u
	}
	msg := testDatabaseURL + " is not set: PostgreSQL tests need a database, e.g.\n" +
		"  sudo pg_ctlcluster 15 main start\n" +
		"  sudo -u postgres psql -c \"CREATE ROLE partnerbot LOGIN PASSWORD 'partnerbot'\"\n" +
		"  sudo -u postgres createdb -O partnerbot partnerbot_test\n" +
		"  export " + testDatabaseURL + "=postgres://partnerbot:partnerbot@127.0.0.1:5432/partnerbot_test?sslmode=disable"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// openPostgresTest opens a fresh schema of the test database, dropped
// when the test ends, so tests run in parallel on one database.
func openPostgresTest(t *testing.T) (contract, func() (contract, error), func(int)) {
	t.Helper()
	u, admin, schema := postgresTestSchema(t)
	ctx := context.Background()
	open := func() (contract, error) { return OpenPostgres(ctx, u, Options{}) }
	db, err := open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	set := func(v int) {
		if _, err := admin.Exec(ctx, "INSERT INTO "+schema+".schema_version (version, applied_ns) VALUES ($1, 0)", v); err != nil {
			t.Fatal(err)
		}
	}
	return db, open, set
}

// postgresTestSchema creates a fresh schema of the test database, dropped
// when the test ends, and returns the URL that uses it, an admin
// connection and the schema's name.
func postgresTestSchema(t *testing.T) (string, *pgx.Conn, string) {
	t.Helper()
	base := needPostgres(t)
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to %s: %v", testDatabaseURL, err)
	}
	t.Cleanup(func() { admin.Close(context.Background()) })
	var raw [6]byte
	rand.Read(raw[:])
	schema := "test_" + hex.EncodeToString(raw[:])
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE") })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), admin, schema
}

// contractCases are the store's contract, run against every engine.
var contractCases = []struct {
	name string
	run  func(t *testing.T, db contract, again func() (contract, error), setVersion func(int))
}{
	{"question log round trip", func(t *testing.T, db contract, _ func() (contract, error), _ func(int)) {
		ctx := context.Background()
		at := time.Date(2025, 1, 2, 3, 4, 5, 6, time.UTC)
		want := partnerbot.QuestionRecord{At: at, GuildID: "g", ChannelID: "c", UserHash: "u", Question: "q?", Answer: "a.",
			Citations: []partnerbot.Citation{{DocID: "d", Title: "T", Quote: "x", ChunkID: "d#1"}}, Mode: partnerbot.Generative,
			LatencyMS: 12.5, PromptTokens: 3, CompletionTokens: 4}
		id, err := db.LogQuestion(ctx, want)
		if err != nil {
			t.Fatal(err)
		}
		want.ID = id
		got, err := db.Question(ctx, id)
		if err != nil || !got.At.Equal(at) || got.Question != want.Question || len(got.Citations) != 1 || got.Citations[0] != want.Citations[0] ||
			got.Mode != want.Mode || got.LatencyMS != want.LatencyMS || got.PromptTokens != 3 || got.CompletionTokens != 4 {
			t.Errorf("Question = %+v, %v; want %+v", got, err, want)
		}
		if _, err := db.Question(ctx, id+100); !errors.Is(err, partnerbot.ErrNotFound) {
			t.Errorf("missing question: %v, want ErrNotFound", err)
		}
		if _, err := db.LogQuestion(ctx, partnerbot.QuestionRecord{Mode: "poetry"}); err == nil {
			t.Error("unknown mode accepted")
		}
	}},
	{"thread history", func(t *testing.T, db contract, _ func() (contract, error), _ func(int)) {
		ctx := context.Background()
		t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		var first int64
		for k, q := range []string{"one", "two", "three"} {
			id, err := db.LogQuestion(ctx, partnerbot.QuestionRecord{At: t0.Add(time.Duration(k) * time.Minute), ThreadID: "t",
				Question: q, Answer: q + "!", Mode: partnerbot.Extractive})
			if err != nil {
				t.Fatal(err)
			}
			if k == 0 {
				first = id
			}
		}
		got, err := db.ThreadHistory(ctx, "t", 2)
		want := []partnerbot.Turn{{Question: "two", Answer: "two!"}, {Question: "three", Answer: "three!"}}
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("ThreadHistory = %v, %v; want %v", got, err, want)
		}
		if err := db.SetThread(ctx, first, "u"); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.ThreadHistory(ctx, "u", 5); len(got) != 1 || got[0].Question != "one" {
			t.Errorf("after SetThread: %v", got)
		}
		if err := db.SetThread(ctx, first+100, "u"); !errors.Is(err, partnerbot.ErrNotFound) {
			t.Errorf("SetThread of a missing question: %v", err)
		}
	}},
	{"feedback", func(t *testing.T, db contract, _ func() (contract, error), _ func(int)) {
		ctx := context.Background()
		at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		a, _ := db.LogQuestion(ctx, partnerbot.QuestionRecord{GuildID: "g", Question: "a", Mode: partnerbot.Extractive})
		b, _ := db.LogQuestion(ctx, partnerbot.QuestionRecord{GuildID: "g", Question: "b", Mode: partnerbot.Extractive})
		votes := []struct {
			q    int64
			user string
			vote int
			at   time.Duration
		}{{a, "u1", 1, 0}, {a, "u2", -1, time.Minute}, {b, "u1", 1, 2 * time.Minute}, {a, "u2", 1, 3 * time.Minute}}
		for _, v := range votes {
			if err := db.RecordFeedback(ctx, v.q, v.user, v.vote, at.Add(v.at)); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.RecordFeedback(ctx, b+100, "u", 1, at); !errors.Is(err, partnerbot.ErrNotFound) {
			t.Errorf("vote on a missing question: %v", err)
		}
		items, err := db.RecentFeedback(ctx, "g", partnerbot.FeedbackAll, 10)
		if err != nil || len(items) != 2 || items[0].Question.ID != a || items[0].Up != 2 || items[0].Down != 0 || !items[0].LastAt.Equal(at.Add(3*time.Minute)) {
			t.Errorf("RecentFeedback(all) = %+v, %v", items, err)
		}
		if items, _ := db.RecentFeedback(ctx, "g", partnerbot.FeedbackDown, 10); len(items) != 0 {
			t.Errorf("RecentFeedback(down) = %+v, want none (the down vote was replaced)", items)
		}
	}},
	{"disallow unless last", func(t *testing.T, db contract, again func() (contract, error), _ func(int)) {
		ctx := context.Background()
		for _, c := range []string{"1", "2"} {
			if err := db.AllowChannel(ctx, "g", c); err != nil {
				t.Fatal(err)
			}
		}
		for _, tt := range []struct {
			channel       string
			removed, last bool
			left          []string
		}{
			{"9", false, false, []string{"1", "2"}},
			{"1", true, false, []string{"2"}},
			{"2", false, true, []string{"2"}},
			{"1", false, false, []string{"2"}},
		} {
			removed, last, err := db.DisallowUnlessLast(ctx, "g", tt.channel)
			if removed != tt.removed || last != tt.last || err != nil {
				t.Errorf("DisallowUnlessLast(%s) = %v, %v, %v; want %v, %v", tt.channel, removed, last, err, tt.removed, tt.last)
			}
			if got, _ := db.AllowedChannels(ctx, "g"); !slices.Equal(got, tt.left) {
				t.Errorf("after DisallowUnlessLast(%s): allowed %q, want %q", tt.channel, got, tt.left)
			}
		}
		other, err := again()
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		// Two replicas each remove one of a guild's two channels at once:
		// one goes, and the other stays, however they interleave.
		for round := range 20 {
			guild := fmt.Sprintf("race%d", round)
			for _, c := range []string{"a", "b"} {
				if err := db.AllowChannel(ctx, guild, c); err != nil {
					t.Fatal(err)
				}
			}
			var wg sync.WaitGroup
			for k, h := range []contract{db, other} {
				wg.Go(func() {
					if _, _, err := h.DisallowUnlessLast(ctx, guild, []string{"a", "b"}[k]); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			if got, err := db.AllowedChannels(ctx, guild); len(got) != 1 || err != nil {
				t.Fatalf("round %d: two removals at once left %q, %v; want one channel", round, got, err)
			}
		}
	}},
	{"guild settings", func(t *testing.T, db contract, _ func() (contract, error), _ func(int)) {
		ctx := context.Background()
		for _, c := range []string{"2", "1", "2"} {
			if err := db.AllowChannel(ctx, "g", c); err != nil {
				t.Fatal(err)
			}
		}
		if got, err := db.AllowedChannels(ctx, "g"); err != nil || !slices.Equal(got, []string{"1", "2"}) {
			t.Errorf("AllowedChannels = %v, %v", got, err)
		}
		if was, err := db.DisallowChannel(ctx, "g", "1"); !was || err != nil {
			t.Errorf("DisallowChannel = %v, %v", was, err)
		}
		if was, _ := db.DisallowChannel(ctx, "g", "1"); was {
			t.Error("second DisallowChannel found it")
		}
		if _, ok, _ := db.RatePerMinute(ctx, "g"); ok {
			t.Error("rate set before any was")
		}
		if err := db.SetRatePerMinute(ctx, "g", 3); err != nil {
			t.Fatal(err)
		}
		if n, ok, err := db.RatePerMinute(ctx, "g"); n != 3 || !ok || err != nil {
			t.Errorf("RatePerMinute = %d, %v, %v", n, ok, err)
		}
		if err := db.SetRatePerMinute(ctx, "g", 1001); err == nil {
			t.Error("rate 1001 accepted")
		}
	}},
	{"stats", func(t *testing.T, db contract, _ func() (contract, error), _ func(int)) {
		ctx := context.Background()
		t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		cite := func(doc string) []partnerbot.Citation { return []partnerbot.Citation{{DocID: doc, Title: "T " + doc}} }
		for k, r := range []partnerbot.QuestionRecord{
			{GuildID: "g", LatencyMS: 100, Mode: partnerbot.Extractive, Citations: cite("a")},
			{GuildID: "g", LatencyMS: 300, Mode: partnerbot.Generative, Citations: cite("b"), PromptTokens: 10},
			{GuildID: "g", LatencyMS: 200, Mode: partnerbot.Extractive, Abstained: true},
			{GuildID: "g", LatencyMS: 400, Mode: partnerbot.Extractive, Citations: cite("b")},
			{GuildID: "g", LatencyMS: 500, Mode: partnerbot.Curated},
			{GuildID: "h", LatencyMS: 9, Mode: partnerbot.Extractive},
		} {
			r.At = t0.Add(time.Duration(k) * time.Hour)
			id, err := db.LogQuestion(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			if k == 1 {
				db.RecordFeedback(ctx, id, "u", -1, r.At)
			}
		}
		st, err := db.Stats(ctx, "g", t0)
		if err != nil {
			t.Fatal(err)
		}
		want := partnerbot.Stats{Questions: 5, Abstained: 1, Down: 1, AbstentionRate: 0.2, P50MS: 300, P95MS: 500,
			TopSources:   []partnerbot.SourceCount{{DocID: "b", Title: "T b", Count: 2}, {DocID: "a", Title: "T a", Count: 1}},
			PromptTokens: 10, Generative: 1, Curated: 1}
		if st.Questions != want.Questions || st.Abstained != want.Abstained || st.Down != want.Down || st.AbstentionRate != want.AbstentionRate ||
			st.P50MS != want.P50MS || st.P95MS != want.P95MS || !slices.Equal(st.TopSources, want.TopSources) ||
			st.PromptTokens != want.PromptTokens || st.Generative != want.Generative || st.Curated != want.Curated {
			t.Errorf("Stats = %+v\nwant %+v", st, want)
		}
	}},
	{"claims are unique until they expire", func(t *testing.T, db contract, again func() (contract, error), _ func(int)) {
		ctx := context.Background()
		now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		other, err := again() // a second replica on the same database
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		steps := []struct {
			db   contract
			key  string
			at   time.Duration
			want bool
		}{
			{db, "interaction:1", 0, true},
			{other, "interaction:1", time.Second, false},
			{db, "interaction:2", time.Second, true},
			{other, "interaction:1", 10 * time.Minute, true}, // expired
		}
		for k, s := range steps {
			at := now.Add(s.at)
			if got, err := s.db.Claim(ctx, s.key, at, at.Add(10*time.Minute)); got != s.want || err != nil {
				t.Errorf("step %d: Claim(%s) = %v, %v; want %v", k, s.key, got, err, s.want)
			}
		}
	}},
	{"rate limit is one bucket for every replica", func(t *testing.T, db contract, again func() (contract, error), _ func(int)) {
		ctx := context.Background()
		now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		other, err := again()
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		// 20 takes at once, spread over two handles: exactly 6 pass.
		var passed atomic.Int32
		var wg sync.WaitGroup
		for k := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				h := db
				if k%2 == 1 {
					h = other
				}
				ok, _, err := h.TakeToken(ctx, "g/u", 6, now)
				if err != nil {
					t.Error(err)
				}
				if ok {
					passed.Add(1)
				}
			}()
		}
		wg.Wait()
		if passed.Load() != 6 {
			t.Errorf("%d of 20 concurrent questions passed a limit of 6", passed.Load())
		}
		ok, wait, err := db.TakeToken(ctx, "g/u", 6, now)
		if ok || err != nil || wait != 10*time.Second {
			t.Errorf("seventh: ok %v, wait %v, %v; want refused for 10s", ok, wait, err)
		}
		if err := other.RefundToken(ctx, "g/u", 6); err != nil {
			t.Fatal(err)
		}
		if ok, _, _ := db.TakeToken(ctx, "g/u", 6, now); !ok {
			t.Error("refused after a refund")
		}
		if ok, _, _ := db.TakeToken(ctx, "g/u", 6, now.Add(10*time.Second)); !ok {
			t.Error("refused after the refill")
		}
	}},
	{"jobs are taken over once, after their lease", func(t *testing.T, db contract, again func() (contract, error), _ func(int)) {
		ctx := context.Background()
		now := time.Now().Truncate(time.Millisecond)
		lease := 10 * time.Second
		for _, id := range []string{"1", "2", "3"} {
			j := partnerbot.Job{ID: id, Owner: "a", Payload: []byte("p" + id), Deadline: now.Add(15 * time.Minute)}
			if err := db.AddJob(ctx, j, now.Add(lease)); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.AddJob(ctx, partnerbot.Job{ID: "1", Owner: "b", Deadline: now.Add(time.Minute)}, now); !errors.Is(err, ErrJobExists) {
			t.Errorf("second AddJob of 1: %v, want ErrJobExists", err)
		}
		if n, err := db.WaitingJobs(ctx, now); n != 3 || err != nil {
			t.Errorf("WaitingJobs = %d, %v; want 3", n, err)
		}
		if got, _ := db.TakeJobs(ctx, "b", now.Add(time.Second), now.Add(lease), 10); len(got) != 0 {
			t.Errorf("took %d jobs still leased", len(got))
		}
		// a renews 1; 2 is finished; 3's lease runs out.
		if lost, err := db.RenewJobs(ctx, "a", []string{"1", "9"}, now.Add(3*lease)); err != nil || !slices.Equal(lost, []string{"9"}) {
			t.Fatalf("RenewJobs(1, 9) lost %q, %v; want 9, which no one recorded", lost, err)
		}
		if err := db.FinishJob(ctx, "2", now); err != nil {
			t.Fatal(err)
		}
		other, err := again()
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		later := now.Add(2 * lease)
		// Eight replicas, on two connections, race for the one job.
		taken := race(t, db, other, func(h contract, k int) ([]partnerbot.Job, error) {
			return h.TakeJobs(ctx, "replica"+string(rune('0'+k)), later, later.Add(lease), 10)
		})
		if len(taken) != 1 || taken[0].ID != "3" || string(taken[0].Payload) != "p3" || taken[0].Takeovers != 1 || !taken[0].Deadline.Equal(now.Add(15*time.Minute)) {
			t.Fatalf("taken = %+v, want job 3 once", taken)
		}
		// a, back from a stall, learns it lost 3 (and 2, done), keeps 1.
		if lost, err := db.RenewJobs(ctx, "a", []string{"1", "2", "3"}, later.Add(lease)); err != nil || !slices.Equal(lost, []string{"2", "3"}) {
			t.Errorf("RenewJobs(1, 2, 3) lost %q, %v; want 2 (done) and 3 (taken over)", lost, err)
		}
		if n, _ := db.WaitingJobs(ctx, later); n != 2 {
			t.Errorf("WaitingJobs = %d, want 2 (1 and 3)", n)
		}
		// a gives its job 1 a new payload and a longer lease; 2 (done) and
		// 3 (taken over) are no longer a's to update.
		// Its deadline moves too, past the one 3 keeps.
		moved := now.Add(20 * time.Minute)
		if held, err := db.UpdateJob(ctx, partnerbot.Job{ID: "1", Owner: "a", Payload: []byte("p1 whole"), Deadline: moved}, later.Add(3*lease)); !held || err != nil {
			t.Errorf("UpdateJob(1) by a = %v, %v; want held", held, err)
		}
		for _, id := range []string{"2", "3", "9"} {
			if held, err := db.UpdateJob(ctx, partnerbot.Job{ID: id, Owner: "a", Payload: []byte("x"), Deadline: moved}, later.Add(3*lease)); held || err != nil {
				t.Errorf("UpdateJob(%s) by a = %v, %v; want not held", id, held, err)
			}
		}
		for _, j := range mustTake(t, db, "c", later.Add(2*lease), later.Add(5*lease)) {
			if j.ID == "1" {
				t.Error("took job 1 within the lease UpdateJob extended")
			}
		}
		if got := mustTake(t, db, "c", later.Add(4*lease), later.Add(5*lease)); len(got) != 1 || got[0].ID != "1" || string(got[0].Payload) != "p1 whole" || !got[0].Deadline.Equal(moved) {
			t.Errorf("after its lease: took %+v, want job 1 with its new payload and deadline", got)
		}
		// Past their deadlines no one takes them as TakeJobs does; each
		// is taken once, with its payload, for its asker to be told, by
		// TakeExpiredJobs.
		end := moved.Add(time.Minute)
		if got, _ := db.TakeJobs(ctx, "c", end, end.Add(lease), 10); len(got) != 0 {
			t.Errorf("took %+v past the deadline", got)
		}
		mid := now.Add(16 * time.Minute) // past 3's deadline, not 1's
		expired := race(t, db, other, func(h contract, k int) ([]partnerbot.Job, error) {
			return h.TakeExpiredJobs(ctx, "replica"+string(rune('0'+k)), mid, mid.Add(lease), 10)
		})
		if len(expired) != 1 || expired[0].ID != "3" || string(expired[0].Payload) != "p3" || !expired[0].Deadline.Equal(now.Add(15*time.Minute)) {
			t.Errorf("TakeExpiredJobs at 16 minutes = %+v, want job 3 once, with its payload", expired)
		}
		if err := db.FinishJob(ctx, "3", mid); err != nil { // its asker was told
			t.Fatal(err)
		}
		if got, err := db.TakeExpiredJobs(ctx, "d", end, end.Add(lease), 10); err != nil || len(got) != 1 || got[0].ID != "1" || string(got[0].Payload) != "p1 whole" {
			t.Errorf("TakeExpiredJobs at 21 minutes = %+v, %v; want job 1 with its payload", got, err)
		}
		if err := db.FinishJob(ctx, "1", end); err != nil {
			t.Fatal(err)
		}
		if got, err := db.TakeExpiredJobs(ctx, "d", end.Add(time.Hour), end.Add(2*time.Hour), 10); len(got) != 0 || err != nil {
			t.Errorf("TakeExpiredJobs after they were finished = %+v, %v; want none", got, err)
		}
		if n, err := db.Prune(ctx, end.Add(time.Hour)); n != 0 || err != nil {
			t.Errorf("Prune after they were finished = %d, %v; want none left to give up", n, err)
		}
	}},
	{"jobs past their deadline", func(t *testing.T, db contract, _ func() (contract, error), _ func(int)) {
		ctx := context.Background()
		now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		deadline := now.Add(time.Minute)
		for i, lease := range []time.Duration{time.Second, 3 * time.Minute, time.Second, time.Second} {
			j := partnerbot.Job{ID: strconv.Itoa(i), Owner: "a", Payload: []byte{byte('a' + i)}, Deadline: deadline.Add(time.Duration(i) * time.Second)}
			if i == 3 {
				j.Deadline = now.Add(time.Hour)
			}
			if err := db.AddJob(ctx, j, now.Add(lease)); err != nil {
				t.Fatal(err)
			}
		}
		// At two minutes, 0 and 2 are overdue and free; 1 is overdue but
		// still leased (its owner may yet answer); 3 is not due.
		at, lease := now.Add(2*time.Minute), 15*time.Second
		got, err := db.TakeExpiredJobs(ctx, "b", at, at.Add(lease), 1)
		if err != nil || len(got) != 1 || got[0].ID != "0" || string(got[0].Payload) != "a" || got[0].Owner != "b" {
			t.Fatalf("TakeExpiredJobs(limit 1) = %+v, %v; want the longest overdue, 0, now b's", got, err)
		}
		if got, err = db.TakeExpiredJobs(ctx, "b", at, at.Add(lease), 10); err != nil || len(got) != 1 || got[0].ID != "2" {
			t.Fatalf("TakeExpiredJobs = %+v, %v; want 2 (1 is still leased)", got, err)
		}
		if got, err = db.TakeExpiredJobs(ctx, "b", at, at.Add(lease), 0); len(got) != 0 || err != nil {
			t.Errorf("TakeExpiredJobs(limit 0) = %+v, %v", got, err)
		}
		// b finishes 0 and dies holding 2: once b's lease runs out, c
		// takes 2 (and 1, whose own lease ran out meanwhile).
		if err := db.FinishJob(ctx, "0", at); err != nil {
			t.Fatal(err)
		}
		later := at.Add(3 * time.Minute)
		if got, err = db.TakeExpiredJobs(ctx, "c", at.Add(lease/2), at.Add(lease), 10); len(got) != 0 || err != nil {
			t.Errorf("TakeExpiredJobs within b's lease = %+v, %v; want none", got, err)
		}
		got, err = db.TakeExpiredJobs(ctx, "c", later, later.Add(lease), 10)
		if ids := jobIDs(got); err != nil || !slices.Equal(ids, []string{"1", "2"}) {
			t.Errorf("TakeExpiredJobs after b's lease = %q, %v; want 1 and 2, the longest overdue first", ids, err)
		}
		// Prune gives up what is still not finished long after its
		// deadline: 1 and 2, once their grace is over.
		if n, err := db.Prune(ctx, later); n != 0 || err != nil {
			t.Errorf("Prune at five minutes = %d, %v; want 0 (within the grace)", n, err)
		}
		if n, err := db.Prune(ctx, later.Add(15*time.Minute)); n != 2 || err != nil {
			t.Errorf("Prune at twenty minutes = %d, %v; want 2 (jobs 1 and 2)", n, err)
		}
		if n, _ := db.WaitingJobs(ctx, at); n != 1 {
			t.Errorf("WaitingJobs = %d, want 1 (job 3)", n)
		}
	}},
	{"one lease holder at a time", func(t *testing.T, db contract, again func() (contract, error), _ func(int)) {
		ctx := context.Background()
		now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		ttl := 15 * time.Second
		steps := []struct {
			holder string
			at     time.Duration
			want   string
		}{
			{"a", 0, "a"},
			{"b", time.Second, "a"},
			{"a", 10 * time.Second, "a"}, // renewed to 25s
			{"b", 20 * time.Second, "a"},
			{"b", 25 * time.Second, "b"}, // a's lease ran out
			{"a", 26 * time.Second, "b"},
		}
		for k, s := range steps {
			at := now.Add(s.at)
			if got, err := db.TryLease(ctx, "gateway", s.holder, at, at.Add(ttl)); got != s.want || err != nil {
				t.Errorf("step %d: TryLease(%s) = %q, %v; want %q", k, s.holder, got, err, s.want)
			}
		}
		if err := db.ReleaseLease(ctx, "gateway", "a"); err != nil { // not a's: no effect
			t.Fatal(err)
		}
		if err := db.ReleaseLease(ctx, "gateway", "b"); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.TryLease(ctx, "gateway", "a", now.Add(27*time.Second), now.Add(time.Minute)); got != "a" {
			t.Errorf("after release: holder %q, want a", got)
		}
	}},
	{"embeddings by model and hash", func(t *testing.T, db contract, again func() (contract, error), _ func(int)) {
		ctx := context.Background()
		if err := db.PutEmbeddings(ctx, "m", map[string][]float32{"h1": {1, -2.5}, "h2": {0}}); err != nil {
			t.Fatal(err)
		}
		if err := db.PutEmbeddings(ctx, "m", map[string][]float32{"h1": {9}}); err != nil { // kept
			t.Fatal(err)
		}
		got, err := db.Embeddings(ctx, "m", []string{"h1", "h3"})
		if err != nil || len(got) != 1 || !slices.Equal(got["h1"], []float32{1, -2.5}) {
			t.Errorf("Embeddings = %v, %v", got, err)
		}
		if got, _ := db.Embeddings(ctx, "other", []string{"h1"}); len(got) != 0 {
			t.Errorf("another model's vectors: %v", got)
		}
	}},
	{"one user salt for all", func(t *testing.T, db contract, again func() (contract, error), _ func(int)) {
		ctx := context.Background()
		other, err := again()
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		if got, err := db.UserSalt(ctx, "first"); got != "first" || err != nil {
			t.Errorf("UserSalt(first) = %q, %v", got, err)
		}
		if got, err := other.UserSalt(ctx, "second"); got != "first" || err != nil {
			t.Errorf("UserSalt(second) = %q, %v; want first", got, err)
		}
	}},
	{"forums, hand-off settings and quiet threads", func(t *testing.T, db contract, again func() (contract, error), _ func(int)) {
		ctx := context.Background()
		for _, c := range []string{"f2", "f1", "f2"} {
			if err := db.AddForum(ctx, "g", c); err != nil {
				t.Fatal(err)
			}
		}
		if got, err := db.AnsweredForums(ctx, "g"); err != nil || !slices.Equal(got, []string{"f1", "f2"}) {
			t.Errorf("AnsweredForums = %v, %v", got, err)
		}
		if was, err := db.RemoveForum(ctx, "g", "f1"); !was || err != nil {
			t.Errorf("RemoveForum = %v, %v", was, err)
		}
		if was, _ := db.RemoveForum(ctx, "g", "f1"); was {
			t.Error("second RemoveForum found it")
		}
		if tag, err := db.ForumTag(ctx, "f2"); tag != "" || err != nil {
			t.Errorf("ForumTag before any = %q, %v", tag, err)
		}
		for _, tag := range []string{"t1", "t2"} {
			if err := db.SetForumTag(ctx, "g", "f2", tag); err != nil {
				t.Fatal(err)
			}
		}
		other, err := again() // what one replica sets, all see
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		if tag, err := other.ForumTag(ctx, "f2"); tag != "t2" || err != nil {
			t.Errorf("ForumTag = %q, %v; want t2", tag, err)
		}
		if err := db.SetForumTag(ctx, "g", "f2", ""); err != nil {
			t.Fatal(err)
		}
		if tag, _ := db.ForumTag(ctx, "f2"); tag != "" {
			t.Errorf("ForumTag after removal = %q", tag)
		}
		if ch, err := db.HandoffChannel(ctx, "g"); ch != "" || err != nil {
			t.Errorf("HandoffChannel before any = %q, %v", ch, err)
		}
		if err := db.SetRatePerMinute(ctx, "g", 5); err != nil {
			t.Fatal(err)
		}
		if err := db.SetHandoffChannel(ctx, "g", "mods"); err != nil {
			t.Fatal(err)
		}
		if ch, err := other.HandoffChannel(ctx, "g"); ch != "mods" || err != nil {
			t.Errorf("HandoffChannel = %q, %v; want mods", ch, err)
		}
		if n, ok, _ := db.RatePerMinute(ctx, "g"); n != 5 || !ok {
			t.Errorf("the rate limit was lost setting the hand-off channel: %d, %v", n, ok)
		}
		// Clearing a deleted channel leaves one a moderator set meanwhile.
		if was, err := db.ClearHandoffChannel(ctx, "g", "old"); was || err != nil {
			t.Errorf("ClearHandoffChannel(old) = %v, %v; want false: mods is set", was, err)
		}
		if was, err := db.ClearHandoffChannel(ctx, "g", "mods"); !was || err != nil {
			t.Errorf("ClearHandoffChannel(mods) = %v, %v; want true", was, err)
		}
		if ch, err := other.HandoffChannel(ctx, "g"); ch != "" || err != nil {
			t.Errorf("HandoffChannel after clearing = %q, %v; want none", ch, err)
		}
		if n, ok, _ := db.RatePerMinute(ctx, "g"); n != 5 || !ok {
			t.Errorf("the rate limit was lost clearing the hand-off channel: %d, %v", n, ok)
		}
		if err := db.SetHandoffChannel(ctx, "g", "mods"); err != nil {
			t.Fatal(err)
		}
		if quiet, err := db.ThreadSilenced(ctx, "t"); quiet || err != nil {
			t.Errorf("ThreadSilenced before = %v, %v", quiet, err)
		}
		for range 2 {
			if err := db.SilenceThread(ctx, "t", time.Time{}); err != nil {
				t.Fatal(err)
			}
		}
		if quiet, err := other.ThreadSilenced(ctx, "t"); !quiet || err != nil {
			t.Errorf("ThreadSilenced after = %v, %v", quiet, err)
		}
		if err := db.SilenceThread(ctx, "kept", time.Time{}); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"t", "t", "never"} { // forgetting a thread twice, or one never kept, is no error
			if err := db.ForgetThread(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.ForgetThread(ctx, ""); err == nil {
			t.Error("ForgetThread of no thread: no error")
		}
		if quiet, err := other.ThreadSilenced(ctx, "t"); quiet || err != nil {
			t.Errorf("ThreadSilenced after ForgetThread = %v, %v", quiet, err)
		}
		if quiet, err := other.ThreadSilenced(ctx, "kept"); !quiet || err != nil {
			t.Errorf("ThreadSilenced of another thread after ForgetThread = %v, %v", quiet, err)
		}
	}},
	{"gap queue", func(t *testing.T, db contract, _ func() (contract, error), _ func(int)) {
		ctx := context.Background()
		t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		q := func(guild, text string) int64 {
			id, err := db.LogQuestion(ctx, partnerbot.QuestionRecord{GuildID: guild, Question: text, Mode: partnerbot.Extractive, Abstained: true})
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		a, b, other := q("g", "troops?"), q("g", "soldiers?"), q("h", "elsewhere?")
		steps := []struct {
			gap  partnerbot.Gap
			want bool
		}{
			{partnerbot.Gap{Kind: partnerbot.GapDeclined, QuestionID: a, UserHash: "u1", At: t0}, true},
			{partnerbot.Gap{Kind: partnerbot.GapDeclined, QuestionID: a, UserHash: "u1", At: t0.Add(time.Minute)}, false}, // once per kind and user
			{partnerbot.Gap{Kind: partnerbot.GapDownvote, QuestionID: a, UserHash: "u2", At: t0.Add(2 * time.Minute)}, true},
			{partnerbot.Gap{Kind: partnerbot.GapHandoff, QuestionID: b, UserHash: "u1", At: t0.Add(3 * time.Minute)}, true},
			{partnerbot.Gap{Kind: partnerbot.GapDeclined, QuestionID: other, UserHash: "u1", At: t0}, true},
		}
		for k, s := range steps {
			if got, err := db.AddGap(ctx, s.gap); got != s.want || err != nil {
				t.Errorf("step %d: AddGap = %v, %v; want %v", k, got, err, s.want)
			}
		}
		if _, err := db.AddGap(ctx, partnerbot.Gap{Kind: partnerbot.GapDeclined, QuestionID: other + 100, UserHash: "u"}); !errors.Is(err, partnerbot.ErrNotFound) {
			t.Errorf("gap of a missing question: %v", err)
		}
		if _, err := db.AddGap(ctx, partnerbot.Gap{Kind: "bored", QuestionID: a, UserHash: "u"}); err == nil {
			t.Error("unknown kind accepted")
		}
		gaps, err := db.Gaps(ctx, "g", 10)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, g := range gaps {
			kinds = append(kinds, g.Kind+":"+g.Question)
			if g.GuildID != "g" || g.ID == 0 {
				t.Errorf("gap %+v", g)
			}
		}
		if want := []string{"handoff:soldiers?", "downvote:troops?", "declined:troops?"}; !slices.Equal(kinds, want) {
			t.Errorf("Gaps = %v, want %v (latest first)", kinds, want)
		}
		if !gaps[0].At.Equal(t0.Add(3 * time.Minute)) {
			t.Errorf("gap time %v", gaps[0].At)
		}
		hGaps, _ := db.Gaps(ctx, "h", 10)
		if n, err := db.DismissGaps(ctx, "g", []int64{gaps[0].ID, gaps[1].ID, hGaps[0].ID}, t0); n != 2 || err != nil {
			t.Errorf("DismissGaps = %d, %v; want 2 (not another guild's)", n, err)
		}
		if n, _ := db.DismissGaps(ctx, "g", []int64{gaps[0].ID}, t0); n != 0 {
			t.Errorf("dismissed again: %d", n)
		}
		if left, _ := db.Gaps(ctx, "g", 10); len(left) != 1 || left[0].ID != gaps[2].ID {
			t.Errorf("left %+v", left)
		}
		if left, _ := db.Gaps(ctx, "h", 10); len(left) != 1 {
			t.Errorf("another guild's gap dismissed: %+v", left)
		}
	}},
	{"curated answers", func(t *testing.T, db contract, again func() (contract, error), _ func(int)) {
		ctx := context.Background()
		t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		cite := []partnerbot.Citation{{DocID: "d", Title: "T", Quote: "the quote itself", ChunkID: "d#01", Date: "2023-09-11"}}
		c := partnerbot.CuratedAnswer{GuildID: "g", Question: "troops?", Answer: "None are planned.", Citations: cite, AuthorHash: "m", At: t0}
		id, err := db.AddCurated(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		c.ID = id
		if _, err := db.AddCurated(ctx, partnerbot.CuratedAnswer{GuildID: "g", Question: "q", Answer: "a", AuthorHash: "m"}); err == nil {
			t.Error("a curated answer without a quote was saved")
		}
		other, err := again() // a restart, or another replica
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		got, err := other.CuratedAnswer(ctx, "g", id)
		if err != nil || got.Question != c.Question || got.Answer != c.Answer || !slices.Equal(got.Citations, cite) || got.AuthorHash != "m" || !got.At.Equal(t0) {
			t.Errorf("CuratedAnswer = %+v, %v; want %+v", got, err, c)
		}
		if _, err := db.CuratedAnswer(ctx, "h", id); !errors.Is(err, partnerbot.ErrNotFound) {
			t.Errorf("another guild's: %v", err)
		}
		c.Answer, c.At = "None, say the articles.", t0.Add(time.Hour)
		if err := db.UpdateCurated(ctx, c); err != nil {
			t.Fatal(err)
		}
		second, _ := db.AddCurated(ctx, partnerbot.CuratedAnswer{GuildID: "g", Question: "trade?", Answer: "Up.", Citations: cite, AuthorHash: "m"})
		list, err := other.CuratedAnswers(ctx, "g", 10)
		if err != nil || len(list) != 2 || list[0].Answer != c.Answer || list[1].ID != second {
			t.Errorf("CuratedAnswers = %+v, %v", list, err)
		}
		if err := db.RetireCurated(ctx, "g", id, t0); err != nil {
			t.Fatal(err)
		}
		if err := db.RetireCurated(ctx, "g", id, t0); !errors.Is(err, partnerbot.ErrNotFound) {
			t.Errorf("retired twice: %v", err)
		}
		if err := db.UpdateCurated(ctx, c); !errors.Is(err, partnerbot.ErrNotFound) {
			t.Errorf("edited a retired answer: %v", err)
		}
		if list, _ := db.CuratedAnswers(ctx, "g", 10); len(list) != 1 || list[0].ID != second {
			t.Errorf("after retiring: %+v", list)
		}
	}},
	{"newer schema refused", func(t *testing.T, db contract, again func() (contract, error), setVersion func(int)) {
		setVersion(99)
		other, err := again()
		if err == nil {
			other.Close()
			t.Fatal("opened a database with schema version 99")
		}
		if !errors.Is(err, ErrSchemaNewer) {
			t.Errorf("error %v does not wrap ErrSchemaNewer", err)
		}
	}},
}

// TestContract runs every case against every engine.
func TestContract(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			for _, c := range contractCases {
				t.Run(c.name, func(t *testing.T) {
					t.Parallel()
					db, again, set := e.open(t)
					c.run(t, db, again, set)
				})
			}
		})
	}
}

// race runs f from eight replicas at once, k 0 to 7, the odd ones on
// other, and returns every job they got.
func race(t *testing.T, db, other contract, f func(h contract, k int) ([]partnerbot.Job, error)) []partnerbot.Job {
	var (
		mu   sync.Mutex
		jobs []partnerbot.Job
		wg   sync.WaitGroup
	)
	for k := range 8 {
		wg.Go(func() {
			h := db
			if k%2 == 1 {
				h = other
			}
			got, err := f(h, k)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			jobs = append(jobs, got...)
			mu.Unlock()
		})
	}
	wg.Wait()
	return jobs
}

// mustTake is TakeJobs by owner at now, with a lease until until.
func mustTake(t *testing.T, db contract, owner string, now, until time.Time) []partnerbot.Job {
	t.Helper()
	got, err := db.TakeJobs(context.Background(), owner, now, until, 10)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// jobIDs lists the jobs' IDs.
func jobIDs(jobs []partnerbot.Job) []string {
	ids := make([]string, len(jobs))
	for i, j := range jobs {
		ids[i] = j.ID
	}
	return ids
}
