package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/partnerbot/partnerbot"
	"github.com/partnerbot/partnerbot/bot"
	"github.com/partnerbot/partnerbot/corpus"
	"github.com/partnerbot/partnerbot/provider/openaitest"
	"github.com/partnerbot/partnerbot/retrieval"
)

// BenchmarkStreamedAnswer measures what streaming buys: the time from the
// question to the first verified sentence an asker sees, against the time
// to the whole answer, for a three-claim reply streamed by openaitest at
// 30 tokens a second, through go-openai and the engine.
//
//	go test ./provider -run '^$' -bench StreamedAnswer -benchtime 3x
func BenchmarkStreamedAnswer(b *testing.B) {
	docs, err := corpus.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	c, err := corpus.New(docs, corpus.ChunkOptions{})
	if err != nil {
		b.Fatal(err)
	}
	ix, err := retrieval.Build(context.Background(), c, retrieval.Options{})
	if err != nil {
		b.Fatal(err)
	}
	srv := openaitest.NewServer(b, openaitest.Options{TokensPerSecond: 30, Chat: threeClaims})
	p, err := New(Config{BaseURL: srv.URL(), ChatModel: "gpt-4o-mini"})
	if err != nil {
		b.Fatal(err)
	}
	e := bot.New(ix, bot.Options{Complete: p.Complete, Stream: p.Stream})
	q := partnerbot.Question{Text: "What was the value of bilateral trade in 2022?"}
	var first, full time.Duration
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		var seen time.Duration
		a, err := e.AnswerStream(context.Background(), q, func(partnerbot.Answer) {
			if seen == 0 {
				seen = time.Since(start)
			}
		})
		if err != nil || a.Mode != partnerbot.Generative || len(a.Claims) != 3 || seen == 0 {
			b.Fatalf("answer %s with %d claims, first shown after %v (%v): %s", a.Mode, len(a.Claims), seen, err, a.Reason)
		}
		first += seen
		full += time.Since(start)
	}
	b.ReportMetric(float64(first.Milliseconds())/float64(b.N), "ms-first-sentence")
	b.ReportMetric(float64(full.Milliseconds())/float64(b.N), "ms-full-answer")
	b.ReportMetric(float64(len(openaitest.Tokens(threeClaims(openaitest.ChatRequest{Messages: []openaitest.Message{{}}}).Content))), "tokens")
}

// threeClaims answers the trade question in three claims, each quoting a
// passage of the prompt.
func threeClaims(req openaitest.ChatRequest) openaitest.ChatReply {
	prompt := req.Messages[len(req.Messages)-1].Content
	number := func(anchor string) int {
		for i := 1; i <= 20; i++ {
			start := strings.Index(prompt, fmt.Sprintf("\n[%d] ", i))
			if start < 0 {
				break
			}
			end := strings.Index(prompt[start+1:], fmt.Sprintf("\n[%d] ", i+1))
			if end < 0 {
				end = len(prompt) - start - 1
			}
			if strings.Contains(prompt[start:start+1+end], anchor) {
				return i
			}
		}
		return 1
	}
	claim := func(sentence, anchor, quote string) map[string]any {
		return map[string]any{"sentence": sentence, "quotes": []map[string]any{{"passage": number(anchor), "quote": quote}}}
	}
	body, _ := json.Marshal(map[string]any{"abstain": false, "claims": []map[string]any{
		claim("Two-way trade between Vietnam and the United States passed $123.86 billion in 2022, up 11% on the year before.",
			"123.86", "bilateral trade turnover surpassing $123.86 billion in 2022, marking an 11% increase from the previous year"),
		claim("The United States is Vietnam's largest export market.", "largest export market", "The U.S. is Vietnam’s largest export market"),
		claim("Vietnam is the seventh-largest trading partner of the United States.", "7th largest", "Vietnam is the 7th largest trade partner of the US"),
	}})
	return openaitest.ChatReply{Content: string(body)}
}
