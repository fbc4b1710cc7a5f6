package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/partnerbot/partnerbot"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot/bot"
	"github.com/partnerbot/partnerbot/corpus"
)

// FuzzSanitize checks the sanitiser of untrusted text. text: valid UTF-8
// that reads as the input (escapes and zero-width spaces aside) with no
// live mention, link or masked link. clip: that, within its limit. plain
// (thread names, labels, choices): valid UTF-8, white space collapsed, no
// live mention, within its limit. code: one inline-code span within its
// limit.
func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"", "@everyone", "[a](https://x.y)", "<@!12>", `\[`, "*_~`|", "# h\n- l\n> q", "discord.gg/x",
		"https://vietnamnews.vn/a", "A://A://", "<<@@everyone", "[1](x) [2]", "e\u0301\u0301 👍🏽 \xff", "a\n\n  b\tc"} {
		f.Add(s)
	}
	z := newSanitizer([]*corpus.Document{{URL: "https://vietnamnews.vn/a"}})
	f.Fuzz(func(t *testing.T, s string) {
		got := z.text(s)
		if !utf8.ValidString(got) {
			t.Errorf("text(%q) = %q is not valid UTF-8", s, got)
		}
		if d, want := display(got), strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), zwsp, ""); d != want {
			t.Errorf("display(text(%q)) = %q, want %q", s, d, want)
		}
		if p := liveProblems(got, z.allowed); p != nil {
			t.Errorf("text(%q) = %q: %v", s, got, p)
		}
		for _, limit := range []int{10, 100} {
			if c := z.clip(s, limit); textLen(c) > limit || !utf8.ValidString(c) || liveProblems(c, z.allowed) != nil {
				t.Errorf("clip(%q, %d) = %q (%d units, %v)", s, limit, c, textLen(c), liveProblems(c, z.allowed))
			}
			p := plain(s, limit)
			if textLen(p) > limit || !utf8.ValidString(p) || liveMention.MatchString(p) {
				t.Errorf("plain(%q, %d) = %q: %d units, or invalid, or a live mention", s, limit, p, textLen(p))
			}
			if strings.Join(strings.Fields(p), " ") != p {
				t.Errorf("plain(%q, %d) = %q has white space not collapsed", s, limit, p)
			}
			if c := code(s, limit); textLen(c) > limit || !strings.HasPrefix(c, "`") || !strings.HasSuffix(c, "`") || strings.Count(c, "`") != 2 {
				t.Errorf("code(%q, %d) = %q is not one inline code span within %d units", s, limit, c, limit)
			}
		}
	})
}

// fffdRun is a run of U+FFFD: invalid bytes show as one per run, so a run
// cut in two shows two.
var fffdRun = regexp.MustCompile("\uFFFD+")

// FuzzSplit checks the payload splitter: every chunk is non-empty,
// sanitised (no live mention or link) and within the limit; together the
// chunks show all of the text, in order; and a protected span (a quote)
// that fits is never cut.
func FuzzSplit(f *testing.F) {
	f.Add("Bilateral trade grew 11% to $123.86 billion in 2022. It rose again.", 0, 20, 40)
	f.Add(strings.Repeat("This quoted sentence must stay whole. ", 20), 38, 200, 100)
	f.Add("越南。越南！越南？ a… b.\n\nc", 0, 3, 8)
	f.Add("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", 0, 0, 8)
	f.Add("@every one <@ 1> https://x.y/very/long/path?q=1 [1](x)", 5, 30, 12)
	f.Add(strings.Repeat("👍🏽", 30), 0, 0, 9)
	f.Fuzz(func(t *testing.T, raw string, pStart, pLen, limit int) {
		if len(raw) > 1<<14 {
			t.Skip()
		}
		limit = 8 + abs(limit)%5000
		var protect []span
		if n := len(raw); n > 0 {
			// A quote's span, as quoteSpans finds it, is whole runes.
			s := abs(pStart) % n
			e := s + abs(pLen)%(n-s+1)
			for s > 0 && !utf8.RuneStart(raw[s]) {
				s--
			}
			for e < n && !utf8.RuneStart(raw[e]) {
				e++
			}
			protect = []span{{s, e}}
		}
		z := newSanitizer(nil)
		chunks := z.split(raw, protect, limit)
		var shown strings.Builder
		for i, c := range chunks {
			if c == "" || textLen(c) > limit || !utf8.ValidString(c) {
				t.Fatalf("split(%q, %d): chunk %d %q is empty, invalid or %d units", raw, limit, i, c, textLen(c))
			}
			if p := liveProblems(c, nil); p != nil {
				t.Fatalf("split(%q, %d): chunk %d %q: %v", raw, limit, i, c, p)
			}
			shown.WriteString(display(c))
		}
		want := strings.ReplaceAll(strings.ToValidUTF8(raw, "\uFFFD"), zwsp, "")
		if fffdRun.ReplaceAllString(strip(shown.String()), "\uFFFD") != fffdRun.ReplaceAllString(strip(want), "\uFFFD") {
			t.Fatalf("split(%q, %d) shows %q, not all of the text", raw, limit, shown.String())
		}
		for _, p := range protect {
			q := strings.TrimSpace(raw[p.start:p.end])
			if q == "" || !utf8.ValidString(q) || textLen(z.text(q)) > limit {
				continue
			}
			whole := false
			for _, c := range chunks {
				whole = whole || strings.Contains(display(c), strings.ReplaceAll(q, zwsp, ""))
			}
			if !whole {
				t.Fatalf("split(%q, %d) cuts the protected %q: %q", raw, limit, q, chunks)
			}
		}
	})
}

// FuzzRenderAnswer checks the layout of any answer: every message and
// every payload built from it keeps Discord's limits (checkPayload), shows
// nothing live, and every quote is shown whole or pointed to Sources.
func FuzzRenderAnswer(f *testing.F) {
	f.Add("What was trade?", "Bilateral trade reached $123.86 billion in 2022.", "Then it grew.", "Vietnam and the United States Forge Comprehensive Strategic Partnership", 2, 1, false)
	f.Add("@everyone", "[x](https://evil) <@1>", "@here", "<#1> *title*", 1, 30, false)
	f.Add("😀", strings.Repeat("越南。", 200), strings.Repeat("a. ", 2000), strings.Repeat("t", 300), 3, 3, false)
	f.Add("Who won the World Cup?", "", "I couldn't find an answer to that in the articles I have.", "", 0, 1, true)
	f.Fuzz(func(t *testing.T, question, quote, extra, title string, nQuotes, repeat int, abstain bool) {
		nQuotes = 1 + abs(nQuotes)%30
		repeat = 1 + abs(repeat)%50
		long := strings.Repeat(extra, repeat)
		if len(long) > 20000 {
			long = long[:20000]
		}
		quotes := make([]string, nQuotes)
		for i := range quotes {
			quotes[i] = fmt.Sprintf("%s %d", quote, i)
		}
		a := answerOf(question, quotes...)
		a.Text = long + " " + a.Text + " " + long
		for i := range a.Citations {
			if i%2 == 0 {
				a.Citations[i].Title, a.Citations[i].Date = title, title
			}
		}
		if abstain {
			a.Abstained, a.Citations = true, nil
		}
		msgs := sanitizer{}.renderAnswer(a, answerView{questionID: 1, followUp: true})
		if len(msgs) == 0 && strings.TrimSpace(a.Text) != "" {
			t.Fatalf("nothing rendered for %q", a.Text)
		}
		checkMessages(t, msgs, nil)
		for _, m := range msgs {
			checkPayload(t, m, nil)
		}
		// As delivered: pending while the rest are sent, then whole or
		// noting a lost part.
		checkMessages(t, sending(msgs), nil)
		if len(msgs) > 0 {
			checkMessages(t, []message{msgs[0].withNote(partsLostID, partsLostText)}, nil)
		}
		if abstain || hasText(msgs, omittedNote) {
			return // some quotes were left out whole, by design
		}
		for i, c := range a.Citations {
			if !shownWhole(msgs, c.Quote) && !hasText(msgs, tooLongQuote) {
				t.Errorf("quote %d neither shown whole nor pointed to Sources", i+1)
			}
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// ownChannelText is a reply in which the bot itself names a channel the
// member picked (a snowflake) or the thread it opened: a channel mention
// pings no one and is meant to link.
var ownChannelText = regexp.MustCompile(`^(?:I'll answer mentions in <#\d{1,20}>\.|<#\d{1,20}> wasn't on the list\.|` +
	`I'll no longer answer mentions in <#\d{1,20}>\.(?: No channels are set, so I answer mentions everywhere\.)?|Ask your follow-up in <#\d{1,20}>\.|I answer mentions in:(?: <#\d{1,20}>)*(?: …)?)$`)

// wireMessage is the part of a message payload (an interaction response's
// data, a webhook edit or follow-up, a channel message) the checks read.
type wireMessage struct {
	Content         *string                   `json:"content"`
	Embeds          []*discordgo.MessageEmbed `json:"embeds"`
	Components      []wireRow                 `json:"components"`
	AllowedMentions *struct {
		Parse []string `json:"parse"`
	} `json:"allowed_mentions"`
	Choices []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
}

// wireRow is an action row as sent.
type wireRow struct {
	Type       int `json:"type"`
	Components []struct {
		Type     int    `json:"type"`
		CustomID string `json:"custom_id"`
		Label    string `json:"label"`
	} `json:"components"`
}

// checkWire fails t unless raw, a message payload as sent, is valid JSON
// that allows no mentions ("parse": [], not null or absent), shows no live
// syntax and, unless it is a deferral, keeps Discord's limits.
func checkWire(t testing.TB, what string, raw []byte, allowed map[string]bool, deferral bool) {
	t.Helper()
	if !json.Valid(raw) || !utf8.Valid(raw) {
		t.Fatalf("%s: payload is not valid JSON in UTF-8: %s", what, raw)
	}
	var w wireMessage
	if err := json.Unmarshal(raw, &w); err != nil {
		t.Fatalf("%s: %v: %s", what, err, raw)
	}
	if w.AllowedMentions == nil || w.AllowedMentions.Parse == nil || len(w.AllowedMentions.Parse) != 0 {
		t.Fatalf("%s: allowed_mentions is not {\"parse\":[]}: %s", what, raw)
	}
	if len(w.Components) > maxActionRows {
		t.Errorf("%s: %d action rows", what, len(w.Components))
	}
	for _, row := range w.Components {
		if row.Type != int(discordgo.ActionsRowComponent) || len(row.Components) > 5 {
			t.Errorf("%s: action row of type %d with %d components", what, row.Type, len(row.Components))
		}
		for _, c := range row.Components {
			if c.CustomID == "" || len(c.CustomID) > maxCustomID || textLen(c.Label) > 80 {
				t.Errorf("%s: button %q %q breaks a limit", what, c.CustomID, c.Label)
			}
		}
	}
	if deferral {
		return
	}
	m := message{Embeds: w.Embeds}
	if w.Content != nil {
		m.Content = *w.Content
	}
	for _, p := range limitProblems(m) {
		t.Errorf("%s: %s", what, p)
	}
	for _, s := range texts(m) {
		if s == m.Content && ownChannelText.MatchString(s) {
			continue
		}
		for _, p := range liveProblems(s, allowed) {
			t.Errorf("%s: %s in %q", what, p, s)
		}
	}
}

// checkPayload checks message m as each payload it becomes.
func checkPayload(t testing.TB, m message, allowed map[string]bool) {
	t.Helper()
	for _, v := range []struct {
		what string
		p    any
	}{{"response", m.response().Data}, {"edit", m.edit()}, {"followup", m.followup()}, {"channel message", m.send()}} {
		raw, err := json.Marshal(v.p)
		if err != nil {
			t.Fatalf("%s: %v", v.what, err)
		}
		checkWire(t, v.what, raw, allowed, false)
	}
}

// recorder is a Sender that records every payload, as JSON, for checking
// once the bot has drained.
type recorder struct {
	mu       sync.Mutex
	payloads []recorded
}

// recorded is one call to the recorder.
type recorded struct {
	what string
	raw  []byte
}

func (r *recorder) add(what string, v any) {
	raw, err := json.Marshal(v)
	if err != nil {
		raw = []byte(err.Error())
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.payloads = append(r.payloads, recorded{what, raw})
}

func (r *recorder) EditOriginal(_ context.Context, _ *discordgo.Interaction, e *discordgo.WebhookEdit) (*discordgo.Message, error) {
	r.add("edit", e)
	return &discordgo.Message{ID: "400000000000000001"}, nil
}

func (r *recorder) Followup(_ context.Context, _ *discordgo.Interaction, p *discordgo.WebhookParams) (*discordgo.Message, error) {
	r.add("followup", p)
	return &discordgo.Message{ID: "400000000000000002"}, nil
}

func (r *recorder) StartThread(_ context.Context, _, _ string, th *discordgo.ThreadStart) (*discordgo.Channel, error) {
	r.add("thread", th)
	return &discordgo.Channel{ID: "300000000000000009", Type: discordgo.ChannelTypeGuildPublicThread}, nil
}

func (r *recorder) Send(_ context.Context, _ string, m *discordgo.MessageSend) (*discordgo.Message, error) {
	r.add("channel message", m)
	return &discordgo.Message{ID: "400000000000000003"}, nil
}

func (r *recorder) Typing(context.Context, string) error { return nil }

func (r *recorder) Channel(context.Context, string) (*discordgo.Channel, error) {
	return nil, errors.New("no channels here")
}

func (r *recorder) EditChannel(context.Context, string, *discordgo.ChannelEdit) (*discordgo.Channel, error) {
	return nil, errors.New("no channels here")
}

// fuzzNow is the clock of FuzzInteractions; requests are signed at it.
var fuzzNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// hostileAnswer answers with the engine, then adds what an answer from a
// careless composer could hold: the raw question as text and as a
// citation's title, quote, outlet and date.
func hostileAnswer(e *bot.Engine) AnswerFunc {
	return func(ctx context.Context, q partnerbot.Question) (partnerbot.Answer, error) {
		a, err := e.Answer(ctx, q)
		if err != nil || a.Abstained {
			return a, err
		}
		a.Text += " " + q.Text + fmt.Sprintf(" [%d]", len(a.Citations)+1)
		a.Citations = append(a.Citations, partnerbot.Citation{DocID: "x`<@1>", ChunkID: "x#00 @here", Title: q.Text,
			Quote: q.Text, Outlet: q.Text, Date: q.Text})
		return a, nil
	}
}

// FuzzInteractions posts any body, signed with a test key (or with the
// signature or timestamp spoiled), to the HTTP interactions endpoint with
// every handler behind it. It must not panic, here or in the deferred work;
// the status is 200 for a signed interaction, 400 for a signed body that is
// not one, 401 for a bad signature and for a replay; a 200 reply is valid
// JSON; every message the bot sends, at once or later through the
// webhooks, allows no mentions, shows no live mention or link and keeps
// Discord's limits; autocomplete choices keep theirs, and thread names too.
func FuzzInteractions(f *testing.F) {
	for _, s := range []string{
		`{"id":"1","type":1,"token":"t","application_id":"100000000000000001","version":1}`,
		`{"id":"2","type":2,"token":"t","guild_id":"100000000000000002","channel_id":"100000000000000003","member":{"user":{"id":"200000000000000001"},"permissions":"2147483648"},"data":{"id":"9","name":"ask","type":1,"options":[{"name":"question","type":3,"value":"What was the value of bilateral trade in 2022?"}]}}`,
		`{"id":"3","type":2,"token":"t","guild_id":"1","channel_id":"2","member":{"user":{"id":"3"},"permissions":"32"},"data":{"name":"ask","options":[{"name":"question","type":3,"value":"@everyone <@1> https://evil.example [x](https://e.x) what was trade in 2022?"}]}}`,
		`{"id":"19","type":2,"token":"t","guild_id":"1","channel_id":"2","member":{"user":{"id":"3"},"permissions":"0"},"data":{"name":"ask","options":[{"name":"question","type":3,"value":"@everyone What was the value of bilateral trade in 2022? <@&1> </ask:1> [x](https://e.x) *b* discord.gg/x"}]}}`,
		`{"id":"4","type":2,"token":"t","guild_id":"1","channel_id":"2","member":{"user":{"id":"3"},"permissions":"32"},"data":{"name":"config","options":[{"name":"channels","type":2,"options":[{"name":"add","type":1,"options":[{"name":"channel","type":7,"value":"123456789012345678"}]}]}]}}`,
		`{"id":"5","type":2,"token":"t","guild_id":"1","channel_id":"2","member":{"user":{"id":"3"},"permissions":"32"},"data":{"name":"config","options":[null]}}`,
		`{"id":"6","type":2,"token":"t","guild_id":"1","member":{"user":{"id":"3"},"permissions":"32"},"data":{"name":"stats","options":[{"name":"days","type":4,"value":1e300}]}}`,
		`{"id":"7","type":2,"token":"t","guild_id":"1","member":{"user":{"id":"3"},"permissions":"32"},"data":{"name":"feedback","options":[{"name":"only","type":3,"value":"all"}]}}`,
		`{"id":"8","type":2,"token":"t","data":{"name":"sources","options":[{"name":"article","type":3,"value":"003_7d7682c6c64d5a91"}]}}`,
		`{"id":"9","type":4,"token":"t","data":{"name":"sources","options":[{"name":"article","type":3,"value":"viet","focused":true}]}}`,
		`{"id":"10","type":3,"token":"t","guild_id":"1","channel_id":"2","member":{"user":{"id":"3"}},"message":{"id":"5","channel_id":"2"},"data":{"custom_id":"pb:src:1","component_type":2}}`,
		`{"id":"11","type":3,"token":"t","guild_id":"1","channel_id":"2","user":{"id":"3"},"message":{"id":"5"},"data":{"custom_id":"pb:thread:1","component_type":2}}`,
		`{"id":"12","type":3,"token":"t","user":{"id":"3"},"data":{"custom_id":"pb:up:1","component_type":2}}`,
		`{"id":"13","type":2,"token":"t","guild_id":"1","member":{"user":{"id":"3"},"permissions":"8"},"data":{"name":"reindex"}}`,
		`{"id":"14","type":2,"data":{"name":"ask","options":[{"name":"question","type":3,"value":"a\u0000b"}]}}`,
		`{"id":"15","type":5,"data":{"custom_id":"m","components":[]}}`,
		`{"id":"16","type":2}`,
		`{"id":"20","type":2,"token":"t","guild_id":"1","channel_id":"2","member":{"user":{"id":"3"},"permissions":"32"},"data":{"name":"forum","options":[{"name":"add","type":1,"options":[{"name":"forum","type":7,"value":"123456789012345678"}]}]}}`,
		`{"id":"21","type":2,"token":"t","guild_id":"1","channel_id":"2","member":{"user":{"id":"3"},"permissions":"32"},"data":{"name":"forum","options":[{"name":"tag","type":1,"options":[{"name":"name","type":3,"value":"<@1> needs help"}]}]}}`,
		`{"id":"22","type":2,"token":"t","guild_id":"1","channel_id":"2","member":{"user":{"id":"3"},"permissions":"32"},"data":{"name":"gaps"}}`,
		`{"id":"23","type":2,"token":"t","guild_id":"1","channel_id":"2","member":{"user":{"id":"3"},"permissions":"32"},"data":{"name":"curate","options":[{"name":"add","type":1,"options":[{"name":"question","type":3,"value":"@everyone troops?"},{"name":"answer","type":3,"value":"None <@1>."},{"name":"quote","type":3,"value":"the defence policy of \"four no's\""}]}]}}`,
		`{"id":"24","type":2,"token":"t","guild_id":"1","channel_id":"2","member":{"user":{"id":"3"},"permissions":"32"},"data":{"name":"curate","options":[{"name":"list","type":1}]}}`,
		`{"id":"25","type":2,"token":"t","guild_id":"1","channel_id":"2","member":{"user":{"id":"3"},"permissions":"32"},"data":{"name":"curate","options":[{"name":"edit","type":1,"options":[{"name":"id","type":4,"value":1}]}]}}`,
		`{"id":"26","type":3,"token":"t","guild_id":"1","channel_id":"2","member":{"user":{"id":"3"},"permissions":"32"},"message":{"id":"5"},"data":{"custom_id":"pb:help:1","component_type":2}}`,
		`{"id":"27","type":3,"token":"t","guild_id":"1","channel_id":"2","member":{"user":{"id":"3"},"permissions":"32"},"message":{"id":"5"},"data":{"custom_id":"pb:gapx:1","component_type":2}}`,
		`not json`,
	} {
		f.Add([]byte(s), byte(0))
	}
	f.Add([]byte(`{"id":"17","type":1}`), byte(1))
	f.Add([]byte(`{"id":"18","type":1}`), byte(2))

	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))
	pub := key.Public().(ed25519.PublicKey)
	db := newMemState()
	support := openSupport(f) // the forum, gap and curated-answer commands
	e := seedEngine(f)
	docs := e.Index().Corpus().Documents()
	allowed := newSanitizer(docs).allowed
	// Question 1 exists, so the buttons' handlers reach the store.
	if _, err := db.LogQuestion(context.Background(), partnerbot.QuestionRecord{At: fuzzNow, GuildID: "1", ChannelID: "2",
		UserHash: "u", Question: "@everyone trade?", Answer: "It grew <@1>. [1]", Mode: partnerbot.Extractive,
		Citations: []partnerbot.Citation{{DocID: "003_7d7682c6c64d5a91", ChunkID: "003_7d7682c6c64d5a91#03", Title: "T <@&1>", Quote: "bilateral trade turnover surpassing $123.86 billion in 2022"}}}); err != nil {
		f.Fatal(err)
	}

	f.Fuzz(func(t *testing.T, body []byte, spoil byte) {
		rec := &recorder{}
		b := New(Options{
			Answer: hostileAnswer(e), Store: db, Support: support, UserSalt: "salt", RatePerMinute: 1000,
			Documents: func() []*corpus.Document { return docs },
			Passage:   e.Index().Corpus().Passage,
			Reindex: func(context.Context) (corpus.Changes, error) {
				return corpus.Changes{Added: []string{"new`<@1>"}, Removed: []string{"@everyone"}}, nil
			},
			AppID: "100000000000000001",
			Now:   func() time.Time { return fuzzNow },
			Log:   slog.New(slog.NewTextHandler(io.Discard, nil)),
		})
		h := b.InteractionsHandler(pub, rec)
		ts := strconv.FormatInt(fuzzNow.Unix(), 10)
		sig := ed25519.Sign(key, append([]byte(ts), body...))
		switch spoil % 3 {
		case 1:
			sig[int(spoil)%len(sig)] ^= 1 + spoil/3
		case 2:
			ts = strconv.FormatInt(fuzzNow.Add(-maxClockSkew-time.Duration(spoil)*time.Second).Unix(), 10)
		}
		post := func() *httptest.ResponseRecorder {
			r := httptest.NewRequest(http.MethodPost, "/interactions", bytes.NewReader(body))
			r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(sig))
			r.Header.Set("X-Signature-Timestamp", ts)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			return w
		}
		w := post()
		if err := b.Drain(context.Background()); err != nil {
			t.Fatal(err)
		}
		var i discordgo.Interaction
		parseErr := json.Unmarshal(body, &i)
		switch {
		case spoil%3 != 0:
			if w.Code != http.StatusUnauthorized {
				t.Fatalf("spoiled signature (%d) got %d, want 401", spoil%3, w.Code)
			}
			return
		case parseErr != nil:
			if w.Code != http.StatusBadRequest {
				t.Fatalf("body that is no interaction (%v) got %d, want 400: %s", parseErr, w.Code, body)
			}
			return
		case w.Code != http.StatusOK:
			t.Fatalf("signed interaction got %d, want 200: %s\n%s", w.Code, body, w.Body)
		}
		if again := post(); again.Code != http.StatusUnauthorized {
			t.Fatalf("replayed interaction got %d, want 401", again.Code)
		}
		raw := w.Body.Bytes()
		var resp struct {
			Type int             `json:"type"`
			Data json.RawMessage `json:"data"`
		}
		if !json.Valid(raw) || json.Unmarshal(raw, &resp) != nil {
			t.Fatalf("reply is not a JSON interaction response: %s", raw)
		}
		switch discordgo.InteractionResponseType(resp.Type) {
		case discordgo.InteractionResponsePong:
			if i.Type != discordgo.InteractionPing {
				t.Fatalf("PONG to interaction type %d", i.Type)
			}
		case discordgo.InteractionResponseChannelMessageWithSource, discordgo.InteractionResponseUpdateMessage:
			checkWire(t, "response", resp.Data, allowed, false)
		case discordgo.InteractionResponseDeferredChannelMessageWithSource:
			checkWire(t, "deferral", resp.Data, allowed, true)
		case discordgo.InteractionApplicationCommandAutocompleteResult:
			// No match leaves "choices" out (discordgo's omitempty), which
			// Discord shows as "no options match".
			var d wireMessage
			if err := json.Unmarshal(resp.Data, &d); err != nil || len(d.Choices) > maxChoices {
				t.Fatalf("autocomplete reply %s: %v", resp.Data, err)
			}
			for _, c := range d.Choices {
				v, _ := c.Value.(string)
				if c.Name == "" || textLen(c.Name) > maxChoiceName || v == "" || textLen(v) > maxChoiceValue || liveMention.MatchString(c.Name) {
					t.Errorf("choice %q = %q breaks a limit or holds a mention", c.Name, v)
				}
			}
		default:
			t.Fatalf("unexpected response type %d: %s", resp.Type, raw)
		}
		if resp.Type == int(discordgo.InteractionResponseDeferredChannelMessageWithSource) &&
			!slices.ContainsFunc(rec.payloads, func(p recorded) bool { return p.what == "edit" }) {
			t.Fatalf("deferred reply to %s never edited: the member is left with \"thinking…\"", body)
		}
		for _, p := range rec.payloads {
			if p.what == "thread" {
				var th discordgo.ThreadStart
				if err := json.Unmarshal(p.raw, &th); err != nil || th.Name == "" || textLen(th.Name) > maxThreadName || liveMention.MatchString(th.Name) {
					t.Errorf("thread %s: name empty, too long or with a mention (%v)", p.raw, err)
				}
				continue
			}
			checkWire(t, p.what, p.raw, allowed, false)
		}
	})
}
