package discord

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot/discord/discordtest"
)

// loadQuestions is how many /ask interactions BenchmarkLoad fires.
const loadQuestions = 500

// loadWait bounds how long BenchmarkLoad waits for the answers.
const loadWait = 60 * time.Second

// BenchmarkLoad fires 500 /ask interactions, from 500 members, through the
// fake gateway as fast as it can dispatch them, with Discord's 3-second
// acknowledgement deadline enforced, and reports per run:
//
//	acked_3s   acknowledged within 3s of dispatch (a later one is refused)
//	answered   acknowledged in time and then edited with the answer
//	lost       the rest
//	ack_p50_ms, ack_p99_ms        callback recorded − dispatch
//	answer_p50_ms, answer_p99_ms  final edit recorded − dispatch
//	ack_1_ms, answer_1_ms         the same for one /ask alone, just before
//	                              the burst: the baseline of the same run
//	ack_p50_x, answer_p50_x       the burst's medians over that baseline
//
// It is not a unit test: it runs only with -bench, e.g.
//
//	go test -run '^$' -bench BenchmarkLoad -benchtime 1x ./discord/
func BenchmarkLoad(b *testing.B) {
	for range b.N {
		r := runLoad(b)
		b.ReportMetric(float64(r.acked), "acked_3s")
		b.ReportMetric(millis(r.baseAck), "ack_1_ms")
		b.ReportMetric(millis(r.baseAnswer), "answer_1_ms")
		b.ReportMetric(pct(r.ack, 50)/millis(r.baseAck), "ack_p50_x")
		b.ReportMetric(pct(r.answer, 50)/millis(r.baseAnswer), "answer_p50_x")
		b.ReportMetric(float64(r.answered), "answered")
		b.ReportMetric(float64(r.lost), "lost")
		b.ReportMetric(pct(r.ack, 50), "ack_p50_ms")
		b.ReportMetric(pct(r.ack, 99), "ack_p99_ms")
		b.ReportMetric(pct(r.answer, 50), "answer_p50_ms")
		b.ReportMetric(pct(r.answer, 99), "answer_p99_ms")
		b.ReportMetric(r.dispatch.Seconds()*1000, "dispatch_all_ms")
	}
}

// loadResult is one load run's outcome.
type loadResult struct {
	acked, answered, lost int
	ack, answer           []time.Duration
	dispatch              time.Duration // to dispatch them all
	baseAck, baseAnswer   time.Duration // one /ask alone
}

func millis(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// runLoad runs one load test against a fresh bot and fake Discord.
func runLoad(b *testing.B) loadResult {
	b.Helper()
	// The log is dropped: refusals, if any, are counted below.
	h := start(b, setup{opts: Options{Log: discardLog()}, server: discordtest.Options{AckDeadline: 3 * time.Second}})
	sent := make([]*discordgo.Interaction, loadQuestions)
	at := make([]time.Time, loadQuestions)
	for n := range sent {
		user := fmt.Sprintf("3%017d", n)
		sent[n] = discordtest.SlashCommand(cmdAsk, discordtest.StringOption(optQuestion, tradeQuestion), discordtest.WithMember(user, discordtest.DefaultMemberPermissions))
	}
	baseAck, baseAnswer := single(b, h)
	b.ResetTimer()
	begin := time.Now()
	for n, i := range sent {
		at[n] = time.Now()
		if err := h.srv.SendInteraction(i); err != nil {
			b.Fatal(err)
		}
	}
	dispatch := time.Since(begin)
	ctx, cancel := context.WithTimeout(context.Background(), loadWait)
	defer cancel()
	_, _ = h.srv.WaitRequestN(ctx, http.MethodPatch, "/webhooks/*/*/messages/@original", loadQuestions+1) // and the baseline
	b.StopTimer()
	r := measure(h, sent, at, dispatch)
	r.baseAck, r.baseAnswer = baseAck, baseAnswer
	return r
}

// single times one /ask alone: the unloaded baseline.
func single(b *testing.B, h *harness) (ack, answer time.Duration) {
	b.Helper()
	i := discordtest.SlashCommand(cmdAsk, discordtest.StringOption(optQuestion, tradeQuestion), discordtest.WithMember("399999999999999999", discordtest.DefaultMemberPermissions))
	at := time.Now()
	if err := h.srv.SendInteraction(i); err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), loadWait)
	defer cancel()
	if _, err := h.srv.WaitRequest(ctx, http.MethodPatch, "/webhooks/*/"+i.Token+"/messages/@original"); err != nil {
		b.Fatal(err)
	}
	r := measure(h, []*discordgo.Interaction{i}, []time.Time{at}, 0)
	if r.answered != 1 {
		b.Fatal("the baseline /ask was not answered")
	}
	return r.ack[0], r.answer[0]
}

// measure reads the fake's record: the first callback and the last edit of
// each interaction.
func measure(h *harness, sent []*discordgo.Interaction, at []time.Time, dispatch time.Duration) loadResult {
	acks := map[string]time.Time{}  // interaction ID → first callback
	edits := map[string]time.Time{} // interaction token → last edit
	for _, r := range h.srv.Requests() {
		parts := strings.Split(stripVersion(r.Path), "/")
		switch {
		case r.Method == http.MethodPost && len(parts) == 5 && parts[1] == "interactions":
			if _, seen := acks[parts[2]]; !seen {
				acks[parts[2]] = r.At
			}
		case r.Method == http.MethodPatch && len(parts) == 6 && parts[1] == "webhooks":
			edits[parts[3]] = r.At
		}
	}
	res := loadResult{dispatch: dispatch}
	for n, i := range sent {
		ack, acked := acks[i.ID]
		if !acked || ack.Sub(at[n]) > 3*time.Second {
			res.lost++
			continue
		}
		res.acked++
		res.ack = append(res.ack, ack.Sub(at[n]))
		edit, edited := edits[i.Token]
		if !edited || !showsAnswer(h, i) {
			res.lost++
			continue
		}
		res.answered++
		res.answer = append(res.answer, edit.Sub(at[n]))
	}
	return res
}

// showsAnswer reports whether the interaction's original response, as the
// fake now holds it, is a finished answer (the edit was accepted).
func showsAnswer(h *harness, i *discordgo.Interaction) bool {
	m, err := h.sess.InteractionResponse(i)
	return err == nil && m.Flags&discordgo.MessageFlagsLoading == 0 && len(m.Embeds) > 0
}

// pct is the p-th percentile (nearest rank) of ds in milliseconds.
func pct(ds []time.Duration, p int) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	rank := max(1, min(len(s), (p*len(s)+99)/100))
	return float64(s[rank-1]) / float64(time.Millisecond)
}
