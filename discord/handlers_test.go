package discord

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partnerbot/partnerbot"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot/corpus"
	"github.com/partnerbot/partnerbot/discord/discordtest"
	"github.com/partnerbot/partnerbot/internal/testclock"
)

// fakeSender records what deferred work sends, as the HTTP interactions
// mode's sender would deliver it.
type fakeSender struct {
	mu    sync.Mutex
	edits []*discordgo.WebhookEdit
	sent  chan struct{}
}

func newFakeSender() *fakeSender { return &fakeSender{sent: make(chan struct{}, 16)} }

func (f *fakeSender) EditOriginal(_ context.Context, _ *discordgo.Interaction, e *discordgo.WebhookEdit) (*discordgo.Message, error) {
	f.mu.Lock()
	f.edits = append(f.edits, e)
	f.mu.Unlock()
	f.sent <- struct{}{}
	return &discordgo.Message{}, nil
}

func (f *fakeSender) Followup(context.Context, *discordgo.Interaction, *discordgo.WebhookParams) (*discordgo.Message, error) {
	return &discordgo.Message{}, nil
}

func (f *fakeSender) StartThread(context.Context, string, string, *discordgo.ThreadStart) (*discordgo.Channel, error) {
	return nil, errors.New("no bot token")
}

func (f *fakeSender) Send(context.Context, string, *discordgo.MessageSend) (*discordgo.Message, error) {
	return nil, errors.New("no bot token")
}

func (f *fakeSender) Typing(context.Context, string) error { return errors.New("no bot token") }

func (f *fakeSender) Channel(context.Context, string) (*discordgo.Channel, error) {
	return nil, errors.New("no bot token")
}

func (f *fakeSender) EditChannel(context.Context, string, *discordgo.ChannelEdit) (*discordgo.Channel, error) {
	return nil, errors.New("no bot token")
}

// wait returns the next edit.
func (f *fakeSender) wait(t *testing.T) *discordgo.WebhookEdit {
	t.Helper()
	select {
	case <-f.sent:
	case <-time.After(waitLimit):
		t.Fatal("no edit sent")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.edits[len(f.edits)-1]
}

// newTestBot is a Bot without a session, drained when the test ends.
func newTestBot(t *testing.T, opts Options) *Bot {
	t.Helper()
	e := seedEngine(t)
	if opts.Answer == nil {
		opts.Answer = e.Answer
	}
	opts.Documents = func() []*corpus.Document { return e.Index().Corpus().Documents() }
	opts.Passage = e.Index().Corpus().Passage
	if opts.Log == nil {
		opts.Log = discardLog()
	}
	b := New(opts)
	t.Cleanup(func() {
		if err := b.Drain(context.Background()); err != nil {
			t.Error(err)
		}
		b.expiring.Wait() // tendJobs's, before the store closes
	})
	return b
}

func TestInteractImmediateReplies(t *testing.T) {
	b := newTestBot(t, Options{})
	ctx := context.Background()
	dm := discordtest.SlashCommand(cmdStats)
	dm.GuildID, dm.Member, dm.User = "", nil, &discordgo.User{ID: member}
	tests := []struct {
		name     string
		i        *discordgo.Interaction
		wantType discordgo.InteractionResponseType
		want     string
	}{
		{"ping", &discordgo.Interaction{Type: discordgo.InteractionPing}, discordgo.InteractionResponsePong, ""},
		{"unknown command", discordtest.SlashCommand("nope"), discordgo.InteractionResponseChannelMessageWithSource, unknownText},
		{"moderator command in a DM", dm, discordgo.InteractionResponseChannelMessageWithSource, guildOnlyText},
		{"moderator command without permission", discordtest.SlashCommand(cmdReindex), discordgo.InteractionResponseChannelMessageWithSource, notModText},
		{"reindex unavailable", discordtest.SlashCommand(cmdReindex, discordtest.WithMember(member, modPerms)), discordgo.InteractionResponseChannelMessageWithSource, noReindexText},
		{"stats without a store", discordtest.SlashCommand(cmdStats, discordtest.WithMember(member, modPerms)), discordgo.InteractionResponseChannelMessageWithSource, noStoreText},
		{"button without a store", discordtest.Button(customID(actionUp, 1)), discordgo.InteractionResponseChannelMessageWithSource, expiredText},
		{"foreign button", discordtest.Button("something-else"), discordgo.InteractionResponseChannelMessageWithSource, expiredText},
		{"sources: unknown article", discordtest.SlashCommand(cmdSources, discordtest.StringOption(optArticle, "nope")), discordgo.InteractionResponseChannelMessageWithSource, unknownDocText},
		{"question too long", discordtest.SlashCommand(cmdAsk, discordtest.StringOption(optQuestion, strings.Repeat("a", 1001))), discordgo.InteractionResponseChannelMessageWithSource, "too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, delivered := b.Interact(ctx, tt.i, newFakeSender())
			delivered(nil)
			if resp.Type != tt.wantType {
				t.Fatalf("type = %d, want %d", resp.Type, tt.wantType)
			}
			if tt.want == "" {
				return
			}
			if !strings.Contains(resp.Data.Content, tt.want) || resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
				t.Errorf("reply = %q (flags %d), want ephemeral %q", resp.Data.Content, resp.Data.Flags, tt.want)
			}
			if resp.Data.AllowedMentions == nil || resp.Data.AllowedMentions.Parse == nil || len(resp.Data.AllowedMentions.Parse) != 0 {
				t.Errorf("allowed mentions = %+v, want parse []", resp.Data.AllowedMentions)
			}
		})
	}
}

func TestSourcesList(t *testing.T) {
	b := newTestBot(t, Options{})
	resp, _ := b.Interact(context.Background(), discordtest.SlashCommand(cmdSources), newFakeSender())
	m := message{Embeds: resp.Data.Embeds}
	checkMessages(t, []message{m}, nil)
	text := strings.Join(texts(m), "\n")
	for _, want := range []string{"5 articles", "`001_c8436e6c3965576a` — Việt Nam, US upgrade ties", "(VNS, September 10)"} {
		if !strings.Contains(text, want) {
			t.Errorf("list lacks %q:\n%s", want, text)
		}
	}
	resp, _ = b.Interact(context.Background(), discordtest.SlashCommand(cmdSources, discordtest.StringOption(optArticle, "002_461600696f806daf")), newFakeSender())
	text = strings.Join(texts(message{Embeds: resp.Data.Embeds}), "\n")
	for _, want := range []string{"Vietnam-US comprehensive strategic partnership opens a new stage", "2023-09-14", "Passages"} {
		if !strings.Contains(text, want) {
			t.Errorf("article lacks %q:\n%s", want, text)
		}
	}
}

func TestSourcesListManyArticles(t *testing.T) {
	var docs []*corpus.Document
	for n := range 400 {
		docs = append(docs, &corpus.Document{ID: strings.Repeat("x", 40) + string(rune('a'+n%26)), Title: strings.Repeat("A long title about the partnership ", 4), Date: "2023-09-10"})
	}
	m := sanitizer{}.articleList(docs)
	checkMessages(t, []message{m}, nil)
	if !hasText([]message{m}, "more.") {
		t.Errorf("no count of the articles left out")
	}
}

func TestAutocomplete(t *testing.T) {
	b := newTestBot(t, Options{})
	tests := []struct {
		typed string
		want  []string
	}{
		{"", []string{"000_a94376e329917a8c", "001_c8436e6c3965576a", "002_461600696f806daf", "003_7d7682c6c64d5a91", "004_a08c95559b217c0b"}},
		{"viet nam", []string{"001_c8436e6c3965576a"}},     // no diacritics typed, "Việt Nam" matches
		{"VIỆT NAM, US", []string{"001_c8436e6c3965576a"}}, // case and diacritics ignored
		{"003", []string{"003_7d7682c6c64d5a91"}},          // by ID
		{"new stage", []string{"002_461600696f806daf", "004_a08c95559b217c0b"}},
		{"zzz", nil},
	}
	for _, tt := range tests {
		t.Run(tt.typed, func(t *testing.T) {
			resp, _ := b.Interact(context.Background(), discordtest.Autocomplete(cmdSources, optArticle, tt.typed), newFakeSender())
			if resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
				t.Fatalf("type = %d, want 8", resp.Type)
			}
			var got []string
			for _, c := range resp.Data.Choices {
				got = append(got, c.Value.(string))
				if n := textLen(c.Name); n < 1 || n > maxChoiceName {
					t.Errorf("choice name %q is %d units", c.Name, n)
				}
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("choices = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAutocompleteAtMost25(t *testing.T) {
	var docs []*corpus.Document
	for n := range 40 {
		docs = append(docs, &corpus.Document{ID: "doc" + string(rune('A'+n)), Title: "Trade " + strings.Repeat("and more trade ", 20)})
	}
	b := newTestBot(t, Options{})
	b.opts.Documents = func() []*corpus.Document { return docs }
	resp, _ := b.Interact(context.Background(), discordtest.Autocomplete(cmdSources, optArticle, "trade"), newFakeSender())
	if n := len(resp.Data.Choices); n != maxChoices {
		t.Errorf("%d choices, want %d", n, maxChoices)
	}
}

// TestInteractDeferredHTTPMode drives a deferred /ask the way the HTTP
// interactions mode will: the response is returned to the caller, and the
// edit goes out through the Sender only once the caller says the response
// was delivered.
func TestInteractDeferredHTTPMode(t *testing.T) {
	db := newMemState()
	var answered counter
	b := newTestBot(t, Options{Store: db, Hooks: Hooks{Answered: func(a partnerbot.Answer, _ time.Duration) { answered.inc(a.Mode) }}})
	send := newFakeSender()
	i := discordtest.SlashCommand(cmdAsk, discordtest.StringOption(optQuestion, tradeQuestion))
	resp, delivered := b.Interact(context.Background(), i, send)
	if resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("type = %d, want 5", resp.Type)
	}
	select {
	case <-send.sent:
		t.Fatal("edited before the response was delivered")
	case <-time.After(50 * time.Millisecond): // ordering check, not speed
	}
	delivered(nil)
	e := send.wait(t)
	m := message{Content: *e.Content, Embeds: *e.Embeds}
	checkMessages(t, []message{m}, nil)
	if !hasText([]message{m}, "123.86") {
		t.Errorf("edit lacks the answer: %+v", texts(m))
	}
	if got := answered.get(partnerbot.Extractive); got != 1 {
		t.Errorf("Answered called %d times, want 1", got)
	}
}

func TestAnswerFailureIsFriendly(t *testing.T) {
	var kinds counter
	b := newTestBot(t, Options{
		Answer: func(context.Context, partnerbot.Question) (partnerbot.Answer, error) {
			return partnerbot.Answer{}, errors.New("provider exploded: api key sk-123")
		},
		Hooks: Hooks{AnswerFailed: func(kind string) { kinds.inc(kind) }},
	})
	send := newFakeSender()
	_, delivered := b.Interact(context.Background(), discordtest.SlashCommand(cmdAsk, discordtest.StringOption(optQuestion, tradeQuestion)), send)
	delivered(nil)
	if e := send.wait(t); *e.Content != failedText {
		t.Errorf("edit = %q, want %q", *e.Content, failedText)
	}
	if kinds.get("error") != 1 {
		t.Errorf("AnswerFailed(error) called %d times, want 1", kinds.get("error"))
	}
}

func TestDeliveryFailureDropsTheEdit(t *testing.T) {
	b := newTestBot(t, Options{})
	send := newFakeSender()
	_, delivered := b.Interact(context.Background(), discordtest.SlashCommand(cmdAsk, discordtest.StringOption(optQuestion, tradeQuestion)), send)
	delivered(errors.New("callback failed"))
	if err := b.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(send.edits) != 0 {
		t.Errorf("%d edits after a failed acknowledgement, want 0", len(send.edits))
	}
}

func TestScrub(t *testing.T) {
	tests := []struct {
		name, in, secret, want string
	}{
		{"interaction token in a URL", `Post "https://discord.com/api/v9/interactions/123/aW50ZXJhY3Rpb246MTIz/callback": EOF`, "", `Post "https://discord.com/api/v9/interactions/123/[redacted]/callback": EOF`},
		{"webhook token", "PATCH /api/v9/webhooks/55/tok.en-x/messages/@original", "", "PATCH /api/v9/webhooks/55/[redacted]/messages/@original"},
		{"bot token", "auth Bot abc.def-ghi failed", "", "auth Bot [redacted] failed"},
		{"known secret anywhere", "token=s3cr3t!", "s3cr3t", "token=[redacted]!"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := scrub(errors.New(tt.in), tt.secret); got != tt.want {
				t.Errorf("scrub = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLimiter(t *testing.T) {
	ctx := context.Background()
	clk := testclock.New(time.Unix(0, 0))
	l := newLimiter()
	take := func(key string) (bool, time.Duration) {
		ok, wait, err := l.TakeToken(ctx, key, 3, clk.Now())
		if err != nil {
			t.Fatal(err)
		}
		return ok, wait
	}
	for n := range 3 {
		if ok, _ := take("u"); !ok {
			t.Fatalf("question %d refused within the burst", n+1)
		}
	}
	ok, wait := take("u")
	if ok || waitSeconds(wait) != 20 {
		t.Errorf("fourth question: ok %v, wait %v; want refused for 20s", ok, wait)
	}
	clk.Advance(20 * time.Second)
	if ok, _ := take("u"); !ok {
		t.Errorf("refused after the refill")
	}
	l.RefundToken(ctx, "u", 3)
	if ok, _ := take("u"); !ok {
		t.Errorf("refused after a refund")
	}
	if ok, _ := take("v"); !ok {
		t.Errorf("another user refused")
	}
}

func TestPoolBusyAndDraining(t *testing.T) {
	p := newPool(1, 1)
	block := make(chan struct{})
	started := make(chan struct{})
	if err := p.submit(func(context.Context) { close(started); <-block }); err != nil {
		t.Fatal(err)
	}
	<-started
	if err := p.submit(func(context.Context) {}); err != nil {
		t.Fatalf("queued job: %v", err)
	}
	if err := p.submit(func(context.Context) {}); !errors.Is(err, errBusy) {
		t.Errorf("third job: %v, want errBusy", err)
	}
	close(block)
	if err := p.drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := p.submit(func(context.Context) {}); !errors.Is(err, errDraining) {
		t.Errorf("after drain: %v, want errDraining", err)
	}
}

func TestPoolDrainDeadlineCancelsJobs(t *testing.T) {
	p := newPool(1, 1)
	started := make(chan struct{})
	if err := p.submit(func(ctx context.Context) { close(started); <-ctx.Done() }); err != nil {
		t.Fatal(err)
	}
	<-started
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := p.drain(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("drain = %v, want context.Canceled", err)
	}
}
