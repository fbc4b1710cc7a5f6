package discord

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/partnerbot/partnerbot"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot/bot"
	"github.com/partnerbot/partnerbot/corpus"
)

func TestTextLen(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"Việt Nam", 8}, // precomposed letters are one unit each
		{"中文", 2},       // BMP CJK: one each
		{"😀", 2},        // outside the BMP: a surrogate pair
		{"👍🏽", 4},       // emoji + skin tone modifier
		{"𠀋", 2},        // CJK extension B
		{"e\u0301", 2},  // e + combining acute
		{"\xff", 1},     // invalid byte becomes U+FFFD
		{"a\u200bb", 3}, // zero-width space counts
		{"👨‍👩‍👧", 8},    // ZWJ family: 3 pairs + 2 joiners
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := textLen(tt.in); got != tt.want {
				t.Errorf("textLen(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

func TestSanitize(t *testing.T) {
	z := newSanitizer([]*corpus.Document{{ID: "d", URL: "https://vietnamnews.vn/a_b"}})
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Trade reached $123.86 billion.", "Trade reached $123.86 billion."},
		{"everyone", "@everyone look", "@" + zwsp + "everyone look"},
		{"user mention", "hi <@123>", "hi <@" + zwsp + "123>"},
		{"masked link", "[click](https://evil.example/x)", `\[click\](https:` + zwsp + "//evil.example/x)"},
		{"bare link", "see https://evil.example.", "see https:" + zwsp + "//evil.example."},
		{"corpus link stays live", "at https://vietnamnews.vn/a_b.", "at https://vietnamnews.vn/a_b."},
		{"invite", "join discord.gg/abc", "join discord" + zwsp + ".gg/abc"},
		{"markdown", "*bold* _it_ ~~s~~ `c` ||sp||", `\*bold\* \_it\_ \~\~s\~\~ \` + "`c\\`" + ` \|\|sp\|\|`},
		{"heading at line start", "# Big\nnot # big", "\\# Big\nnot # big"},
		{"citation markers stay readable", "quote [1] and [2].", "quote [1] and [2]."},
		{"marker before a paren stays escaped", "[1](x)", `\[1\](x)`},
		{"backslash", `a\b`, `a\\b`},
		{"invalid utf-8", "a\xffb", "a\uFFFDb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := z.text(tt.in)
			if got != tt.want {
				t.Errorf("text(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if d := display(got); d != strings.ToValidUTF8(tt.in, "\uFFFD") {
				t.Errorf("display(text(%q)) = %q, want the input back", tt.in, d)
			}
			if p := liveProblems(got, z.allowed); p != nil {
				t.Errorf("text(%q) = %q: %v", tt.in, got, p)
			}
		})
	}
}

func TestSplit(t *testing.T) {
	z := sanitizer{}
	sentence := "Bilateral trade grew 11% to $123.86 billion in 2022. "
	long := strings.Repeat(sentence, 200) // ~10,600 characters
	quote := strings.Repeat("This quoted sentence must stay whole. ", 20)
	withQuote := strings.Repeat(sentence, 70) + quote + strings.Repeat(sentence, 10)
	tests := []struct {
		name      string
		raw       string
		protect   []string
		limit     int
		wantParts int // 0: don't care
		whole     []string
	}{
		{"short", "One. Two.", nil, 100, 1, []string{"One. Two."}},
		{"long at sentence ends", long, nil, maxDescription, 3, nil},
		{"quote never cut", withQuote, []string{quote}, maxDescription, 2, []string{quote}},
		{"one huge sentence cut between words", strings.Repeat("word ", 2000), nil, 1000, 10, nil},
		{"one huge word cut between characters", strings.Repeat("x", 5000), nil, 2000, 3, nil},
		{"emoji count double", strings.Repeat("😀", 3000), nil, maxDescription, 2, nil},
		{"CJK sentences", strings.Repeat("越南和美国建立了全面战略伙伴关系。", 300), nil, maxDescription, 2, nil},
		{"ZWJ sequences stay together", strings.Repeat("👨‍👩‍👧", 600), nil, 1000, 0, nil},
		{"escapes grow the text", strings.Repeat("*_", 1500), nil, 2000, 3, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var spans []span
			if tt.protect != nil {
				spans = quoteSpans(tt.raw, tt.protect, bot.Neutralize)
			}
			got := z.split(tt.raw, spans, tt.limit)
			if tt.wantParts > 0 && len(got) != tt.wantParts {
				t.Errorf("split into %d parts, want %d", len(got), tt.wantParts)
			}
			var joined strings.Builder
			for i, c := range got {
				if n := textLen(c); n > tt.limit {
					t.Errorf("part %d is %d units, want <= %d", i, n, tt.limit)
				}
				if c != strings.TrimSpace(c) || c == "" {
					t.Errorf("part %d has untrimmed or no text: %q", i, c)
				}
				if r, _ := utf8.DecodeRuneInString(c); joinsPrevious(r) {
					t.Errorf("part %d starts with a joining character %U", i, r)
				}
				joined.WriteString(display(c))
			}
			if strip(joined.String()) != strip(tt.raw) {
				t.Errorf("parts lose or add text")
			}
			for _, w := range tt.whole {
				found := false
				for _, c := range got {
					found = found || strings.Contains(display(c), strings.TrimSpace(w))
				}
				if !found {
					t.Errorf("%q was cut", w[:min(40, len(w))])
				}
			}
		})
	}
}

// strip removes all white space.
func strip(s string) string { return strings.Join(strings.Fields(s), "") }

func TestSplitCutsAtSentences(t *testing.T) {
	z := sanitizer{}
	raw := strings.Repeat("Vietnam and the US upgraded ties in Hanoi on September 10. ", 150)
	for i, c := range z.split(raw, nil, maxDescription) {
		if !strings.HasSuffix(c, ".") {
			t.Errorf("part %d ends mid-sentence: …%q", i, c[max(0, len(c)-30):])
		}
	}
}

// cite is a citation for render tests.
func cite(n int, quote string) partnerbot.Citation {
	return partnerbot.Citation{
		DocID: fmt.Sprintf("00%d_doc", n), Title: fmt.Sprintf("Article %d", n), Quote: quote,
		ChunkID: fmt.Sprintf("00%d_doc#01", n), Date: "2023-09-14",
	}
}

// answerOf is an extractive answer quoting quotes, its text joined as the
// engine joins it.
func answerOf(question string, quotes ...string) partnerbot.Answer {
	a := partnerbot.Answer{Question: question, Mode: partnerbot.Extractive, Language: "en"}
	var parts []string
	for i, q := range quotes {
		a.Citations = append(a.Citations, cite(i+1, q))
		parts = append(parts, fmt.Sprintf("%s [%d]", q, i+1))
	}
	a.Text = bot.Neutralize(strings.Join(parts, " "))
	return a
}

func TestRenderAnswerLimits(t *testing.T) {
	z := sanitizer{}
	sentence := "The two countries agreed to deepen cooperation on semiconductors and critical minerals. "
	many := make([]string, 40)
	for i := range many {
		many[i] = fmt.Sprintf("Quote number %d says the partnership covers trade, technology and education.", i)
	}
	tests := []struct {
		name string
		a    partnerbot.Answer
	}{
		{"small", answerOf("What was trade in 2022?", "Bilateral trade reached $123.86 billion in 2022.")},
		{"huge generative answer", func() partnerbot.Answer {
			a := answerOf("Tell me everything", "Bilateral trade reached $123.86 billion in 2022.")
			a.Mode, a.Text = partnerbot.Generative, strings.Repeat(sentence, 400)
			return a
		}()},
		{"many citations", answerOf("Everything?", many...)},
		{"1000-character quotes", answerOf("Long?", strings.Repeat("A long sentence about trade. ", 35)[:1000], strings.Repeat("Another long one. ", 60)[:1000])},
		{"quote too long for a field", answerOf("Longer?", strings.Repeat("Longer still. ", 200))},
		{"quote too long for anything", answerOf("Longest?", strings.Repeat("Far too long. ", 400))},
		{"emoji and CJK", answerOf(strings.Repeat("😀", 300), strings.Repeat("越南和美国建立了全面战略伙伴关系。", 40), strings.Repeat("🇻🇳🇺🇸 ", 300))},
		{"hostile", answerOf("@everyone [x](https://evil.example) <@1>", "Click [here](https://evil.example) @here <@&5> </cmd:1> https://evil.example/a_b")},
		{"huge title", answerOf(strings.Repeat("Why? ", 300), "Bilateral trade reached $123.86 billion in 2022.")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs := z.renderAnswer(tt.a, answerView{questionID: 7, followUp: true})
			checkMessages(t, msgs, nil)
			for i, c := range tt.a.Citations {
				if textLen(z.text(c.Quote)) > maxDescription-300 {
					if !hasText(msgs, tooLongQuote) {
						t.Errorf("quote %d is too long to show but there is no pointer to Sources", i+1)
					}
					continue
				}
				if !shownWhole(msgs, c.Quote) {
					t.Errorf("quote %d not shown whole", i+1)
				}
			}
			if got := msgs[len(msgs)-1].Embeds; len(got) == 0 || got[len(got)-1].Footer == nil || !strings.HasPrefix(got[len(got)-1].Footer.Text, tt.a.Mode+" answer") {
				t.Errorf("last embed lacks the %q footer", tt.a.Mode+" answer")
			}
			if len(msgs[0].Components) != 1 {
				t.Errorf("first message has %d action rows, want 1", len(msgs[0].Components))
			}
		})
	}
}

func TestRenderDecline(t *testing.T) {
	a := partnerbot.Answer{
		Question: "Who won the world cup?", Abstained: true, Mode: partnerbot.Extractive,
		Text: "I couldn't find an answer to that in the articles I have. The closest articles are: Vietnam-US comprehensive strategic partnership opens a new stage (2023-09-14).",
	}
	tests := []struct {
		name string
		view answerView
		want []string
	}{
		{"votes only", answerView{questionID: 3, followUp: true}, []string{"pb:up:3", "pb:down:3"}},
		{"with the support loop", answerView{questionID: 3, followUp: true, handoff: true}, []string{"pb:up:3", "pb:down:3", "pb:help:3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs := sanitizer{}.renderAnswer(a, tt.view)
			checkMessages(t, msgs, nil)
			if len(msgs) != 1 || len(msgs[0].Embeds) != 0 || msgs[0].Content != a.Text {
				t.Fatalf("decline = %+v, want the plain text", msgs)
			}
			var got []string
			for _, c := range msgs[0].Components[0].(discordgo.ActionsRow).Components {
				got = append(got, c.(discordgo.Button).CustomID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("decline's buttons = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCustomIDRoundTrip(t *testing.T) {
	tests := []struct {
		in     string
		action string
		id     int64
		ok     bool
	}{
		{customID(actionUp, 42), actionUp, 42, true},
		{customID(actionThread, 9007199254740993), actionThread, 9007199254740993, true},
		{"pb:up:0", "", 0, false},
		{"pb:up:-1", "", 0, false},
		{"pb:up", "", 0, false},
		{"other:up:1", "", 0, false},
		{"pb:up:1x", "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			action, id, ok := parseCustomID(tt.in)
			if action != tt.action || id != tt.id || ok != tt.ok {
				t.Errorf("parseCustomID(%q) = %q, %d, %v; want %q, %d, %v", tt.in, action, id, ok, tt.action, tt.id, tt.ok)
			}
		})
	}
}

// printMessages writes what messages show, for examples.
func printMessages(msgs []message) {
	for k, m := range msgs {
		fmt.Printf("message %d\n", k+1)
		if m.Content != "" {
			fmt.Println(m.Content)
		}
		for _, e := range m.Embeds {
			if e.Title != "" {
				fmt.Println("title:", e.Title)
			}
			if e.Description != "" {
				fmt.Println(e.Description)
			}
			for _, f := range e.Fields {
				fmt.Println("field:", f.Name)
				fmt.Println(f.Value)
			}
			if e.Footer != nil {
				fmt.Println("footer:", e.Footer.Text)
			}
		}
		for _, row := range m.Components {
			for _, c := range row.(discordgo.ActionsRow).Components {
				b := c.(discordgo.Button)
				label := b.Label
				if b.Emoji != nil {
					label = b.Emoji.Name
				}
				fmt.Printf("[%s] %s\n", label, b.CustomID)
			}
		}
	}
}

func Example_renderAnswer() {
	a := partnerbot.Answer{
		Question: "What was the value of bilateral trade in 2022?",
		Mode:     partnerbot.Extractive,
		Text:     "Bilateral trade turnover surpassed $123.86 billion in 2022, marking an 11% increase from the previous year. [1]",
		Citations: []partnerbot.Citation{{
			DocID: "003_7d7682c6c64d5a91", ChunkID: "003_7d7682c6c64d5a91#03",
			Title: "Vietnam and the United States Forge Comprehensive Strategic Partnership",
			Quote: "Bilateral trade turnover surpassed $123.86 billion in 2022, marking an 11% increase from the previous year.",
		}},
	}
	printMessages(sanitizer{}.renderAnswer(a, answerView{questionID: 12, followUp: true}))
	// Output:
	// message 1
	// title: What was the value of bilateral trade in 2022?
	// Bilateral trade turnover surpassed $123.86 billion in 2022, marking an 11% increase from the previous year. [1]
	// field: [1] Vietnam and the United States Forge Comprehensive Strategic Partnership
	// > Bilateral trade turnover surpassed $123.86 billion in 2022, marking an 11% increase from the previous year.
	// footer: extractive answer
	// [👍] pb:up:12
	// [👎] pb:down:12
	// [Sources] pb:src:12
	// [Follow up] pb:thread:12
}

func Example_renderDecline() {
	a := partnerbot.Answer{
		Question: "Who won the 2022 World Cup?", Abstained: true, Mode: partnerbot.Extractive,
		Text: "I couldn't find an answer to that in the articles I have. The closest articles are: Vietnam-US comprehensive strategic partnership opens a new stage (2023-09-14).",
	}
	printMessages(sanitizer{}.renderAnswer(a, answerView{questionID: 13}))
	// Output:
	// message 1
	// I couldn't find an answer to that in the articles I have. The closest articles are: Vietnam-US comprehensive strategic partnership opens a new stage (2023-09-14).
	// [👍] pb:up:13
	// [👎] pb:down:13
}

func Example_renderClaims() {
	title := "Vietnam and the United States Forge Comprehensive Strategic Partnership"
	a := partnerbot.Answer{
		Question: "What was the value of bilateral trade in 2022?",
		Mode:     partnerbot.Generative,
		Text:     "Trade passed $123.86 billion in 2022. [1] That was 11% more than the year before. [1] [2]",
		Citations: []partnerbot.Citation{
			{DocID: "003", ChunkID: "003#03", Title: title, Quote: "bilateral trade turnover surpassing $123.86 billion in 2022"},
			{DocID: "003", ChunkID: "003#03", Title: title, Quote: "marking an 11% increase from the previous year"},
		},
		Claims: []partnerbot.Claim{
			{Text: "Trade passed $123.86 billion in 2022.", Citations: []int{1}},
			{Text: "That was 11% more than the year before.", Citations: []int{1, 2}},
		},
	}
	printMessages(sanitizer{}.renderAnswer(a, answerView{writing: true}))
	// Output:
	// message 1
	// title: What was the value of bilateral trade in 2022?
	// Trade passed $123.86 billion in 2022. [1]
	// field: [1] Vietnam and the United States Forge Comprehensive Strategic Partnership
	// > bilateral trade turnover surpassing $123.86 billion in 2022
	// That was 11% more than the year before. [1] [2]
	// field: [2] Vietnam and the United States Forge Comprehensive Strategic Partnership
	// > marking an 11% increase from the previous year
	// footer: generative answer · writing…
}

func Example_renderClaimsWithNote() {
	a := partnerbot.Answer{
		Question:  "What was the value of bilateral trade in 2022?",
		Mode:      partnerbot.Generative,
		Citations: []partnerbot.Citation{{DocID: "003", ChunkID: "003#03", Title: "Trade", Quote: "bilateral trade turnover surpassing $123.86 billion in 2022"}},
		Claims:    []partnerbot.Claim{{Text: "Trade passed $123.86 billion in 2022.", Citations: []int{1}}},
		Notes:     []string{"(The language model revised its answer after it began: some sentences shown while it wrote are not in this answer.)"},
	}
	printMessages(sanitizer{}.renderAnswer(a, answerView{}))
	// Output:
	// message 1
	// title: What was the value of bilateral trade in 2022?
	// (The language model revised its answer after it began: some sentences shown while it wrote are not in this answer.)
	// Trade passed $123.86 billion in 2022. [1]
	// field: [1] Trade
	// > bilateral trade turnover surpassing $123.86 billion in 2022
	// footer: generative answer
}

// TestRenderClaimsKeepsNotes checks that an answer's notes survive when
// its claims are too long for Discord and are cut.
func TestRenderClaimsKeepsNotes(t *testing.T) {
	const note = "(The language model revised its answer after it began: some sentences shown while it wrote are not in this answer.)"
	a := partnerbot.Answer{Question: "Everything?", Mode: partnerbot.Generative, Notes: []string{note},
		Claims: []partnerbot.Claim{{Text: "Trade grew.", Citations: []int{1, 2, 3, 4, 5, 6}}}}
	for i := range 6 {
		a.Citations = append(a.Citations, partnerbot.Citation{DocID: "003", ChunkID: "003#03", Title: "Trade",
			Quote: strings.Repeat(fmt.Sprintf("quote %d words ", i), 200)})
	}
	msgs := sanitizer{}.renderAnswer(a, answerView{})
	found := false
	for _, m := range msgs {
		for _, e := range m.Embeds {
			found = found || strings.Contains(e.Description, note)
		}
		found = found || strings.Contains(m.Content, note)
	}
	if !found {
		t.Errorf("the note was cut with the claims: %d messages", len(msgs))
	}
}
