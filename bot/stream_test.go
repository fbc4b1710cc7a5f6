package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/partnerbot/partnerbot"
)

func TestClaimScanner(t *testing.T) {
	tests := []struct {
		name  string
		reply string
		want  []string
	}{
		{"claims after abstain", `{"abstain":false,"claims":[{"sentence":"A.","quotes":[{"passage":1,"quote":"a"}]},{"sentence":"B","quotes":[]}]}`,
			[]string{`{"sentence":"A.","quotes":[{"passage":1,"quote":"a"}]}`, `{"sentence":"B","quotes":[]}`}},
		{"a reply that abstains gives no claims", `{"abstain": true,"claims":[{"sentence":"A.","quotes":[]}]}`, nil},
		{"true inside a string is not the abstain flag", `{"abstain":false,"claims":[{"sentence":"true","quotes":[]}]}`,
			[]string{`{"sentence":"true","quotes":[]}`}},
		{"braces and quotes inside strings", `{"claims":[{"sentence":"a } ] \" {","quotes":[]}]}`,
			[]string{`{"sentence":"a } ] \" {","quotes":[]}`}},
		{"prose and fences around", "Sure! \"here\" it is:\n```json\n{\"claims\":[{\"sentence\":\"x\"}]}\n```",
			[]string{`{"sentence":"x"}`}},
		{"a nested claims key is not the answer", `{"other":{"claims":[{"sentence":"no"}]},"claims":[{"sentence":"yes"}]}`,
			[]string{`{"sentence":"yes"}`}},
		{"the older shape has no claims", `{"answer":"Trade [1].","citations":[{"passage":1,"quote":"trade"}]}`, nil},
		{"cut mid-claim", `{"abstain":false,"claims":[{"sentence":"A.","quotes":[]},{"sentence":"B`,
			[]string{`{"sentence":"A.","quotes":[]}`}},
		{"a reasoning block is skipped, drafts and all", "<think>passage {3} fits; draft {\"claims\":[{\"sentence\":\"draft\"}]}</think>\n{\"claims\":[{\"sentence\":\"final\"}]}",
			[]string{`{"sentence":"final"}`}},
		{"an unclosed reasoning block has not answered yet", `<think>{"claims":[{"sentence":"draft"}]}`, nil},
		{"braces in prose before the answer", `See passage {3}: {"claims":[{"sentence":"x"}]}`, []string{`{"sentence":"x"}`}},
		{"an object that does not answer is passed over", `{"note":1} {"claims":[{"sentence":"x"}]}`, []string{`{"sentence":"x"}`}},
		{"nothing after the object that answers", `{"claims":[{"sentence":"a"}]} {"claims":[{"sentence":"b"}]}`, []string{`{"sentence":"a"}`}},
		{"abstain written as a string", `{"abstain":"true","claims":[{"sentence":"A."}]}`, nil},
		{"reasoning closed without an opening tag: the scan starts afresh after it",
			`The user asks about trade. Draft: {"claims":[{"sentence":"draft"}]} hmm.</think>{"claims":[{"sentence":"final"}]}`,
			[]string{`{"sentence":"draft"}`, `{"sentence":"final"}`}},
		{"an object that does not decode does not end the reply", `{"claims":[{"n":1}],} {"claims":[{"n":2}]}`,
			[]string{`{"n":1}`, `{"n":2}`}},
		{"keys in any case", `{"Abstain":false,"Claims":[{"n":1}]}`, []string{`{"n":1}`}},
		{"a stray </think> after the answer ends nothing early", `{"claims":[{"n":1}]}</think>{"claims":[{"n":2}]}`,
			[]string{`{"n":1}`, `{"n":2}`}},
		{"no more than five claims", `{"claims":[{"n":1},{"n":2},{"n":3},{"n":4},{"n":5},{"n":6}]}`,
			[]string{`{"n":1}`, `{"n":2}`, `{"n":3}`, `{"n":4}`, `{"n":5}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Fed a byte at a time, as a stream might split it.
			var sc claimScanner
			var got []string
			for i := range len(tt.reply) {
				for _, raw := range sc.feed(tt.reply[i : i+1]) {
					got = append(got, string(raw))
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// FuzzClaimScanner checks the streaming claim parser: it never panics, how
// the reply is split does not change what it finds, and in a reply that
// is valid JSON every claim it finds is a valid JSON object.
func FuzzClaimScanner(f *testing.F) {
	f.Add(`{"abstain":false,"claims":[{"sentence":"A.","quotes":[{"passage":1,"quote":"a"}]}]}`, 7)
	f.Add("```json\n{\"claims\":[{\"sentence\":\"\\\"}\"}]}", 3)
	f.Add(`[{"claims":[{}]}]`, 1)
	f.Add(`{"claims":[{"n":1}]}</think>{"claims":[{"n":2}]}`, 20)
	f.Add(`<think>draft {"claims":[{"n":1}]}</think>{"claims":[{"n":2}]}`, 42)
	f.Fuzz(func(t *testing.T, reply string, cut int) {
		var whole claimScanner
		want := whole.feed(reply)
		if len(reply) > 0 {
			cut = ((cut % len(reply)) + len(reply)) % len(reply)
		} else {
			cut = 0
		}
		var split claimScanner
		got := append(split.feed(reply[:cut]), split.feed(reply[cut:])...)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("split at %d found %q, whole found %q", cut, got, want)
		}
		if json.Valid([]byte(reply)) {
			for _, raw := range want {
				if !json.Valid(raw) || raw[0] != '{' {
					t.Fatalf("claim %q of valid reply %q is not a JSON object", raw, reply)
				}
			}
		}
	})
}

// streamed is a Streamer that sends a reply in pieces of size bytes, then
// ends with err; it records the answers shown by the time each piece went.
type streamed struct {
	reply string
	size  int
	err   error
}

func (s streamed) stream(_ context.Context, _ Completion, delta func(string)) (CompletionReply, error) {
	for i := 0; i < len(s.reply); i += s.size {
		delta(s.reply[i:min(i+s.size, len(s.reply))])
	}
	return CompletionReply{Content: s.reply, PromptTokens: 100, CompletionTokens: 20}, s.err
}

func TestAnswerStream(t *testing.T) {
	probe := &scripted{err: fmt.Errorf("probe")}
	if _, err := generativeEngine(t, probe).Answer(context.Background(), partnerbot.Question{Text: tradeQuestion}); err != nil {
		t.Fatal(err)
	}
	n := func(text string) int { return passageNumber(t, probe.asked[0], text) }
	full := claimsReply(
		claim("Trade passed $123.86 billion in 2022.", n("123.86"), "surpassing $123.86 billion in 2022"),
		claim("Trade reached $500 billion.", n("123.86"), "trade reached $500 billion"),
		claim("Vietnam is the 7th largest trade partner of the US.", n("7th largest"), "Vietnam is the 7th largest trade partner of the US"))
	cutAt := strings.Index(full, "Vietnam is the 7th") + 10
	tests := []struct {
		name      string
		stream    streamed
		wantShown []string // the text of each answer shown, in order
		wantMode  string
		wantText  string
	}{
		{"each verified claim is shown when complete; the fabricated one never",
			streamed{reply: full, size: 5},
			[]string{"Trade passed $123.86 billion in 2022. [1]",
				"Trade passed $123.86 billion in 2022. [1] Vietnam is the 7th largest trade partner of the US. [2]"},
			partnerbot.Generative, "Trade passed $123.86 billion in 2022. [1] Vietnam is the 7th largest trade partner of the US. [2]"},
		{"a stream cut mid-way falls back to the extractive answer, saying what was shown is replaced",
			streamed{reply: full[:cutAt], size: 7, err: fmt.Errorf("read: %w", ErrStreamCut)},
			[]string{"Trade passed $123.86 billion in 2022. [1]"},
			partnerbot.Extractive, "the sentences shown while it wrote are replaced"},
		{"a stream that fails after a claim was shown says so too",
			streamed{reply: full[:cutAt], size: 7, err: errors.New("malformed reply: cut off at the token limit")},
			[]string{"Trade passed $123.86 billion in 2022. [1]"},
			partnerbot.Extractive, "the sentences shown while it wrote are replaced"},
		{"a stream cut before anything was shown says it was cut off",
			streamed{reply: full[:20], size: 7, err: fmt.Errorf("read: %w", ErrStreamCut)},
			nil, partnerbot.Extractive, "answer was cut off"},
		{"a reply that abstains shows none of its claims",
			streamed{reply: `{"abstain":true,"claims":[` + claim("Trade passed $123.86 billion in 2022.", n("123.86"), "surpassing $123.86 billion in 2022") + `]}`, size: 5},
			nil, partnerbot.Generative, "I couldn't find"}, // the model's decline
		{"a reply whose final reading lacks a sentence shown says the answer was revised",
			streamed{reply: `{"claims":[` + claim("Trade passed $123.86 billion in 2022.", n("123.86"), "surpassing $123.86 billion in 2022") +
				`],"claims":[` + claim("Vietnam is the 7th largest trade partner of the US.", n("7th largest"), "Vietnam is the 7th largest trade partner of the US") + `]}`, size: 5},
			[]string{"Trade passed $123.86 billion in 2022. [1]",
				"Trade passed $123.86 billion in 2022. [1] Vietnam is the 7th largest trade partner of the US. [2]"},
			partnerbot.Generative, "revised its answer"},
		{"a reply that abstains after its claims were shown says they are withdrawn",
			streamed{reply: `{"claims":[` + claim("Trade passed $123.86 billion in 2022.", n("123.86"), "surpassing $123.86 billion in 2022") + `],"abstain":true}`, size: 5},
			[]string{"Trade passed $123.86 billion in 2022. [1]"}, partnerbot.Generative, "the sentences shown while it wrote are withdrawn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := seedEngine(t)
			e := New(base.Index(), Options{Complete: (&scripted{}).complete, Stream: tt.stream.stream})
			var shown []string
			a, err := e.AnswerStream(context.Background(), partnerbot.Question{Text: tradeQuestion}, func(a partnerbot.Answer) {
				checkGroundedGenerated(t, a)
				shown = append(shown, a.Text)
			})
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(shown) != fmt.Sprint(tt.wantShown) {
				t.Errorf("shown %q\nwant %q", shown, tt.wantShown)
			}
			for _, s := range shown {
				if strings.Contains(s, "500 billion") {
					t.Errorf("a fabricated claim was shown: %q", s)
				}
			}
			if a.Mode != tt.wantMode || !strings.Contains(a.Text, tt.wantText) {
				t.Errorf("final %s %q, want %s containing %q", a.Mode, a.Text, tt.wantMode, tt.wantText)
			}
		})
	}
}
