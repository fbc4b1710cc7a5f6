package discord

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot"
)

// originalSender is a fakeSender whose interaction's original response
// reads back as m, or fails with err.
type originalSender struct {
	*fakeSender
	m   *discordgo.Message
	err error
}

func (s originalSender) Original(context.Context, *discordgo.Interaction) (*discordgo.Message, error) {
	return s.m, s.err
}

// generativeAnswer is a generative answer of n claims, each citing its own
// quote: long enough for several messages when n is large.
func generativeAnswer(n int) partnerbot.Answer {
	a := partnerbot.Answer{Question: "Everything?", Mode: partnerbot.Generative}
	for k := 1; k <= n; k++ {
		q := fmt.Sprintf("Quote number %d says the partnership covers trade, technology and education.", k)
		a.Citations = append(a.Citations, cite(k, q))
		a.Claims = append(a.Claims, partnerbot.Claim{Text: fmt.Sprintf("Claim %d restates quote %d.", k, k), Citations: []int{k}})
	}
	return a
}

// shownFirst is the first message of an answer as its original response
// reads back.
func shownFirst(a partnerbot.Answer, v answerView) *discordgo.Message {
	m := sanitizer{}.renderAnswer(a, v)[0]
	return &discordgo.Message{Content: m.Content, Embeds: m.Embeds, Components: m.Components}
}

// TestAnsweredAlready checks what a replica taking over a job reads from
// the original response: only a finished answer means its owner
// delivered it; "thinking…", an answer still being written (however many
// messages it runs to) or a response it cannot read mean answer again.
func TestAnsweredAlready(t *testing.T) {
	if n := len(sanitizer{}.renderAnswer(generativeAnswer(60), answerView{writing: true})); n < 2 {
		t.Fatalf("the long answer renders to %d message, want several", n)
	}
	tests := []struct {
		name string
		m    *discordgo.Message
		err  error
		want bool
	}{
		{"thinking", &discordgo.Message{Flags: discordgo.MessageFlagsLoading}, nil, false},
		{"finished answer", shownFirst(generativeAnswer(2), answerView{questionID: 1}), nil, true},
		{"finished long answer", shownFirst(generativeAnswer(60), answerView{questionID: 1}), nil, true},
		{"extractive answer", shownFirst(answerOf("Trade?", "Trade reached $123.86 billion in 2022."), answerView{questionID: 1}), nil, true},
		{"decline", &discordgo.Message{Content: "I couldn't find an answer to that in the articles I have."}, nil, true},
		{"still writing", shownFirst(generativeAnswer(2), answerView{writing: true}), nil, false},
		{"still writing, several messages", shownFirst(generativeAnswer(60), answerView{writing: true}), nil, false},
		{"unreadable", nil, errors.New("503"), false},
	}
	b := newTestBot(t, Options{})
	i := &discordgo.Interaction{ID: "1", AppID: "2", Token: "tok"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			send := originalSender{fakeSender: newFakeSender(), m: tt.m, err: tt.err}
			if got := b.answeredAlready(context.Background(), i, send); got != tt.want {
				t.Errorf("answeredAlready = %v, want %v", got, tt.want)
			}
		})
	}
}
