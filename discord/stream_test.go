package discord

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot/bot"
	"github.com/partnerbot/partnerbot/discord/discordtest"
	"github.com/partnerbot/partnerbot/provider"
	"github.com/partnerbot/partnerbot/provider/openaitest"
)

// modelClaim is one claim a scripted model writes: the sentence, and a
// quote from the passage of the prompt that holds anchor.
type modelClaim struct{ sentence, anchor, quote string }

// claimsModel is a chat handler writing claims in the schema's shape,
// each citing the passage of the prompt that holds its anchor.
func claimsModel(claims ...modelClaim) func(openaitest.ChatRequest) openaitest.ChatReply {
	return func(req openaitest.ChatRequest) openaitest.ChatReply {
		prompt := req.Messages[len(req.Messages)-1].Content
		var out []map[string]any
		for _, c := range claims {
			n := 0
			for i := 1; n == 0 && i <= 20; i++ {
				start := strings.Index(prompt, fmt.Sprintf("\n[%d] ", i))
				if start < 0 {
					break
				}
				end := strings.Index(prompt[start+1:], fmt.Sprintf("\n[%d] ", i+1))
				if end < 0 {
					end = len(prompt) - start - 1
				}
				if strings.Contains(prompt[start:start+1+end], c.anchor) {
					n = i
				}
			}
			out = append(out, map[string]any{"sentence": c.sentence, "quotes": []map[string]any{{"passage": n, "quote": c.quote}}})
		}
		b, _ := json.Marshal(map[string]any{"abstain": false, "claims": out})
		return openaitest.ChatReply{Content: string(b)}
	}
}

// streamClaims are a verified claim, a fabricated one, and another
// verified one.
var streamClaims = []modelClaim{
	{"Two-way trade passed 123.86 billion dollars in 2022.", "123.86", "bilateral trade turnover surpassing $123.86 billion in 2022"},
	{"Trade will reach 500 billion dollars next year.", "123.86", "trade will reach $500 billion next year"},
	{"The US is Vietnam's largest export market.", "largest export market", "largest export market and the second-largest commercial partner"},
}

// generativeSetup is a harness whose engine streams from a fake OpenAI
// server through the real go-openai client.
func generativeSetup(t *testing.T, srv *openaitest.Server) setup {
	t.Helper()
	p, err := provider.New(provider.Config{BaseURL: srv.URL(), ChatModel: "gpt-4o-mini", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	e := bot.New(seedEngine(t).Index(), bot.Options{Complete: p.Complete, Stream: p.Stream})
	return setup{opts: Options{Answer: e.Answer, Stream: e.AnswerStream, EditInterval: 100 * time.Millisecond}}
}

// edits waits for the edits of i's response up to the first that is not
// an answer still being written, and returns them all.
func (h *harness) edits(i *discordgo.Interaction) ([]discordtest.Request, []string) {
	h.t.Helper()
	var reqs []discordtest.Request
	var texts []string
	for n := 1; ; n++ {
		r, m := h.edit(i, n)
		reqs, texts = append(reqs, r), append(texts, shown(m))
		if !strings.Contains(texts[len(texts)-1], writingNote) {
			return reqs, texts
		}
	}
}

func TestAskStreamsVerifiedSentences(t *testing.T) {
	t.Parallel()
	content := claimsModel(streamClaims...)(openaitest.ChatRequest{Messages: []openaitest.Message{{Content: ""}}}).Content
	// A cut just after the fabricated claim: the first claim is complete,
	// the third never arrives.
	cut := len(openaitest.Tokens(content[:strings.Index(content, streamClaims[2].sentence[:10])]))
	tests := []struct {
		name      string
		fault     openaitest.Fault
		wantFinal []string
		wantWarn  string // the operator's warn line, if any
	}{
		{"whole stream", openaitest.Fault{}, []string{streamClaims[0].sentence, streamClaims[2].sentence, "generative answer"}, ""},
		{"stream cut mid-way", openaitest.CutStream(cut), []string{"123.86", "shown while it wrote are replaced", "extractive answer"},
			"level=WARN msg=\"language model unavailable; answered with quotes\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := openaitest.NewServer(t, openaitest.Options{Chat: claimsModel(streamClaims...), TokensPerSecond: 400})
			if tt.fault != (openaitest.Fault{}) {
				srv.FailNext(openaitest.EndpointChat, tt.fault)
			}
			h := start(t, generativeSetup(t, srv))
			i := h.ask(tradeQuestion, discordtest.WithMember(member, discordtest.DefaultMemberPermissions))
			reqs, texts := h.edits(i)
			if len(texts) < 2 {
				t.Fatalf("%d edits, want the first sentence shown before the answer: %q", len(texts), texts)
			}
			for n, s := range texts {
				t.Logf("edit %d at %v:\n%s", n+1, reqs[n].At.Format("15:04:05.000"), s)
			}
			first := texts[0]
			if !strings.Contains(first, streamClaims[0].sentence) || !strings.Contains(first, "bilateral trade turnover surpassing") ||
				!strings.Contains(first, writingNote) {
				t.Errorf("first edit does not show the first verified sentence with its quote, being written:\n%s", first)
			}
			for n, s := range texts {
				if strings.Contains(s, "500 billion") {
					t.Errorf("edit %d shows the fabricated claim:\n%s", n+1, s)
				}
			}
			for k := 1; k < len(reqs)-1; k++ {
				if gap := reqs[k].At.Sub(reqs[k-1].At); gap < 100*time.Millisecond {
					t.Errorf("edits %d and %d came %v apart, under the 100ms interval", k, k+1, gap)
				}
			}
			final := texts[len(texts)-1]
			for _, want := range tt.wantFinal {
				if !strings.Contains(final, want) {
					t.Errorf("final answer lacks %q:\n%s", want, final)
				}
			}
			h.checkAnswer(mustMessage(t, reqs[len(reqs)-1]))
			if warned := strings.Contains(h.logs.String(), "level=WARN"); warned != (tt.wantWarn != "") || !strings.Contains(h.logs.String(), tt.wantWarn) {
				t.Errorf("logs lack the warn line %q, or warn when the model answered:\n%s", tt.wantWarn, h.logs.String())
			}
		})
	}
}

func mustMessage(t *testing.T, r discordtest.Request) *discordgo.Message {
	t.Helper()
	var m discordgo.Message
	if err := r.JSON(&m); err != nil {
		t.Fatal(err)
	}
	return &m
}
