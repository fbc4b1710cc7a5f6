package store

import (
	"context"
	"testing"

	"github.com/partnerbot/partnerbot"
)

// BenchmarkLogQuestion measures one durable (synchronous=FULL) insert of a
// typical record with three citations.
func BenchmarkLogQuestion(b *testing.B) {
	db, _ := openTest(b, Options{})
	ctx := context.Background()
	r := record("123456789012345678", "223456789012345678", "323456789012345678", "What was the value of bilateral trade in 2022?")
	r.Answer = "Bilateral trade reached about $10 billion in 2022, the ministry said."
	r.Mode = partnerbot.Generative
	r.Citations = cite("doc-1", "doc-2", "doc-3")
	r.LatencyMS, r.PromptTokens, r.CompletionTokens = 850, 1200, 90
	b.ReportAllocs()
	for b.Loop() {
		if _, err := db.LogQuestion(ctx, r); err != nil {
			b.Fatal(err)
		}
	}
}
