package discord

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot"
	"github.com/partnerbot/partnerbot/corpus"
	"github.com/partnerbot/partnerbot/store"
)

// openSupport is a SQLite store in a temporary directory, closed when the
// test ends: the support loop's state.
func openSupport(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "support.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestPostQuestion(t *testing.T) {
	const self = "100000000000000001"
	tests := []struct {
		name, title string
		lines       []string
		want        string
	}{
		{"title and body", "Bilateral trade", []string{"What was its value in 2022?"}, "Bilateral trade: What was its value in 2022?"},
		{"title that asks", "Trade in 2022?", []string{"Asking for a report."}, "Trade in 2022? Asking for a report."},
		{"title alone", "Trade in 2022", nil, "Trade in 2022"},
		{"empty lines", "Trade", []string{"", "  "}, "Trade"},
		{"several lines", "Trade", []string{"value\nin 2022", "thanks"}, "Trade: value in 2022 thanks"},
		{"mention of the bot", "Trade", []string{"<@" + self + "> value?"}, "Trade: value?"},
		{"control characters", "Tr\x00ade", []string{"va\x1blue"}, "Trade: value"},
		{"nothing", "", []string{"<@" + self + ">"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := postQuestion(tt.title, tt.lines, self); got != tt.want {
				t.Errorf("postQuestion = %q, want %q", got, tt.want)
			}
		})
	}
	long := postQuestion("Trade", []string{strings.Repeat("word ", 400)}, self)
	if n := utf8.RuneCountInString(long); n > partnerbot.MaxQuestionLen || !strings.HasSuffix(long, "word") {
		t.Errorf("a long post: %d characters ending %q", n, long[len(long)-10:])
	}
}

// FuzzPostQuestion: whatever a post holds, its question is valid (or
// empty), on one line, within the length limit.
func FuzzPostQuestion(f *testing.F) {
	f.Add("Bilateral trade", "What was its value in 2022?", "in 2022?")
	f.Add("", "<@100000000000000001>", "\x00")
	f.Add("Trade?", strings.Repeat("é ", 700), "\xff\xfe")
	f.Fuzz(func(t *testing.T, title, first, second string) {
		got := postQuestion(title, []string{first, second}, "100000000000000001")
		if got == "" {
			return
		}
		if err := partnerbot.Validate(got); err != nil {
			t.Errorf("postQuestion(%q, %q, %q) = %q: %v", title, first, second, got, err)
		}
		if strings.ContainsAny(got, "\n\r\t") || got != strings.TrimSpace(got) {
			t.Errorf("not one trimmed line: %q", got)
		}
	})
}

func TestGroupGaps(t *testing.T) {
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	gap := func(id int64, kind, q string) partnerbot.Gap {
		return partnerbot.Gap{ID: id, Kind: kind, QuestionID: id, Question: q, At: at.Add(time.Duration(id) * time.Minute)}
	}
	// Latest first, as the store gives them.
	gaps := []partnerbot.Gap{
		gap(6, partnerbot.GapDeclined, "football coach?"),
		gap(5, partnerbot.GapHandoff, "Troops in Vietnam?"),
		gap(4, partnerbot.GapDownvote, "trade value?"),
		gap(3, partnerbot.GapDeclined, "troops  in vietnam?"),
		gap(2, partnerbot.GapDeclined, "soldiers in Vietnam?"),
		gap(1, partnerbot.GapDeclined, "trade value?"),
	}
	alike := func(a, b string) float64 { // troops and soldiers are alike
		norm := func(s string) string { return strings.ReplaceAll(corpus.Normalize(s), "soldiers", "troops") }
		return sameText(norm(a), norm(b))
	}
	groups := groupGaps(gaps, alike, 0.6)
	type summary struct {
		question string
		ids      []int64
		kinds    string
	}
	var got []summary
	for _, g := range groups {
		got = append(got, summary{g.question, g.ids, kindsLine(g.kinds)})
	}
	want := []summary{
		{"Troops in Vietnam?", []int64{5, 3, 2}, "2 declined · 1 handed off"},
		{"trade value?", []int64{4, 1}, "1 declined · 1 👎"},
		{"football coach?", []int64{6}, "1 declined"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("groups = %+v\nwant %+v", got, want)
	}
	if p := groups[0].phrasings; !slices.Equal(p, []string{"soldiers in Vietnam?"}) {
		t.Errorf("phrasings = %q: the same words differently cased or spaced are one wording", p)
	}
}

func TestWaitingPostsClose(t *testing.T) {
	var w waitingPosts
	p := &post{first: &discordgo.Message{ID: "1"}, lines: []string{"When did", "Biden arrive?"}}
	if got := w.add(p); got != postWaits {
		t.Fatalf("add = %d before close, want postWaits", got)
	}
	if got := w.add(&post{first: &discordgo.Message{ID: "1"}}); got != postAgain {
		t.Errorf("add of a second post 1 = %d, want postAgain: a copy delivered again", got)
	}
	got := w.close()
	if lines := got[p]; len(got) != 1 || !slices.Equal(lines, p.lines) {
		t.Errorf("close = %v, want the post with its lines", got)
	}
	if w.get("1") != nil {
		t.Error("a closed registry still holds the post")
	}
	if got := w.add(&post{first: &discordgo.Message{ID: "2"}}); got != postFull {
		t.Errorf("add after close = %d, want postFull: a post waiting would be lost at shutdown", got)
	}
	if again := w.close(); len(again) != 0 {
		t.Errorf("second close = %v, want nothing", again)
	}
}

// TestRenderGapsWithinLimits checks that a busy queue of long questions
// asked many ways still fits Discord's limits, showing fewer groups and
// saying so, each named by its item and with its own Dismiss button.
func TestRenderGapsWithinLimits(t *testing.T) {
	long := func(n, k int) string { return fmt.Sprintf("%d-%d ", n, k) + strings.Repeat("word ", 190) }
	var groups []gapGroup
	for n := range 12 {
		groups = append(groups, gapGroup{question: long(n, 0), phrasings: []string{long(n, 1), long(n, 2), long(n, 3), long(n, 4)},
			ids: []int64{int64(1000 + n), 2, 3}, kinds: map[string]int{partnerbot.GapDeclined: 3}})
	}
	m := newSanitizer(nil).renderGaps(groups)
	for _, p := range limitProblems(m) {
		t.Error(p)
	}
	e := m.Embeds[0]
	if len(e.Fields) == 0 || len(e.Fields) >= len(groups) {
		t.Fatalf("%d groups shown of %d, want some but not all", len(e.Fields), len(groups))
	}
	if want := fmt.Sprintf("The %d most frequent groups:", len(e.Fields)); e.Description != want {
		t.Errorf("description = %q, want %q", e.Description, want)
	}
	var ids []string
	for _, row := range m.Components {
		for _, c := range row.(discordgo.ActionsRow).Components {
			ids = append(ids, c.(discordgo.Button).CustomID)
		}
	}
	if len(ids) != len(e.Fields) {
		t.Fatalf("%d Dismiss buttons for %d groups", len(ids), len(e.Fields))
	}
	for k, f := range e.Fields {
		if item := fmt.Sprintf("item #%d ", 1000+k); !strings.HasPrefix(f.Name, item) || ids[k] != customID(actionDismiss, int64(1000+k)) {
			t.Errorf("group %d is %q with button %q, want %q and its button", k+1, f.Name, ids[k], item)
		}
	}
}
