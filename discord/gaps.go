package discord

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot"
	"github.com/partnerbot/partnerbot/corpus"
)

// Bounds of the gap queue as moderators see it.
const (
	maxGapsRead   = 300 // open gaps grouped, latest first
	maxGapsShown  = 10  // groups shown by /gaps, each with a Dismiss button
	maxPhrasings  = 2   // other phrasings shown under a group's question
	dismissPerRow = 5
)

// addGap puts a logged question in the gap queue, once for each kind and
// user.
func (b *Bot) addGap(ctx context.Context, kind string, questionID int64, user string) {
	if b.opts.Support == nil || questionID <= 0 {
		return
	}
	g := partnerbot.Gap{Kind: kind, QuestionID: questionID, UserHash: b.userHash(user), At: b.opts.Now()}
	ctx, cancel := settle(ctx)
	defer cancel()
	if _, err := b.opts.Support.AddGap(ctx, g); err != nil {
		b.log.Error("add gap", "kind", kind, "question_id", questionID, b.errAttr(err))
	}
}

// gapGroup is one entry of the queue: gaps whose questions are alike.
type gapGroup struct {
	question   string         // the latest asking
	questionID int64          // its logged question
	phrasings  []string       // the other ways it was asked, latest first
	ids        []int64        // the gaps, latest first; ids[0] names the group
	kinds      map[string]int // how many gaps of each kind
	latest     time.Time
}

// groupGaps groups gaps (latest first) whose questions similar scores at
// least min against the group's latest question, and orders the groups
// most frequent first, then latest first. Each distinct wording is
// compared once.
func groupGaps(gaps []partnerbot.Gap, similar SimilarFunc, min float64) []gapGroup {
	var groups []gapGroup
	placed := map[string]int{} // normalised question → group
	for _, g := range gaps {
		key := corpus.Normalize(g.Question)
		k, ok := placed[key]
		if !ok {
			k = -1
			for j := range groups {
				if similar(g.Question, groups[j].question) >= min {
					k = j
					break
				}
			}
			if k < 0 {
				groups = append(groups, gapGroup{question: g.Question, questionID: g.QuestionID, kinds: map[string]int{}, latest: g.At})
				k = len(groups) - 1
			} else {
				groups[k].phrasings = append(groups[k].phrasings, g.Question)
			}
			placed[key] = k
		}
		groups[k].ids = append(groups[k].ids, g.ID)
		groups[k].kinds[g.Kind]++
	}
	slices.SortStableFunc(groups, func(a, b gapGroup) int {
		if len(a.ids) != len(b.ids) {
			return len(b.ids) - len(a.ids)
		}
		return b.latest.Compare(a.latest)
	})
	return groups
}

// openGroups reads a guild's open gaps and groups them.
func (b *Bot) openGroups(ctx context.Context, guildID string) ([]gapGroup, error) {
	gaps, err := b.opts.Support.Gaps(ctx, guildID, maxGapsRead)
	if err != nil {
		return nil, err
	}
	return groupGaps(gaps, b.opts.Similar, b.opts.GapMatch), nil
}

// gaps shows the queue: the most frequent groups first, with how each
// was missed, and a Dismiss button for each.
func (b *Bot) gaps(ctx context.Context, i *discordgo.Interaction) []message {
	groups, err := b.openGroups(ctx, i.GuildID)
	if err != nil {
		b.log.Error("gaps", "interaction_id", i.ID, b.errAttr(err))
		return []message{text(failedText, true)}
	}
	if len(groups) == 0 {
		return []message{text(noGapsText, true)}
	}
	return []message{b.sanitizer().renderGaps(groups)}
}

// noGapsText is /gaps with nothing queued.
const noGapsText = "The gap queue is empty: no declined, 👎-voted or handed-off questions are waiting."

// renderGaps is the /gaps reply: one field per group, named by its item
// (the ID /curate add item: and Dismiss take), most frequent first, as
// many as Discord's limits allow, and a Dismiss button for each.
func (z sanitizer) renderGaps(groups []gapGroup) message {
	total := 0
	for _, g := range groups {
		total += len(g.ids)
	}
	title := fmt.Sprintf("Gap queue: %d questions in %d groups", total, len(groups))
	more := total >= maxGapsRead // the read stopped there: older ones are open too
	if more {
		title = fmt.Sprintf("Gap queue: more than %d questions; the latest %d, in %d groups", maxGapsRead-1, total, len(groups))
	}
	e := &discordgo.MessageEmbed{Color: answerColor,
		Title:  title,
		Footer: &discordgo.MessageEmbedFooter{Text: "Answer one with /curate add item:<item>; Dismiss takes a group out of the queue."}}
	const description = 60 // room for the line that says how many are shown
	budget := maxEmbedTotal - textLen(e.Title) - textLen(e.Footer.Text) - description
	var rows []discordgo.MessageComponent
	var row discordgo.ActionsRow
	for _, g := range groups[:min(len(groups), maxGapsShown)] {
		f := z.gapField(g, more)
		if budget -= textLen(f.Name) + textLen(f.Value); budget < 0 {
			break
		}
		e.Fields = append(e.Fields, f)
		row.Components = append(row.Components, discordgo.Button{Style: discordgo.SecondaryButton,
			Label: fmt.Sprintf("Dismiss #%d", g.ids[0]), CustomID: customID(actionDismiss, g.ids[0])})
		if len(row.Components) == dismissPerRow {
			rows = append(rows, row)
			row = discordgo.ActionsRow{}
		}
	}
	if len(row.Components) > 0 {
		rows = append(rows, row)
	}
	if len(groups) > len(e.Fields) {
		e.Description = fmt.Sprintf("The %d most frequent groups:", len(e.Fields))
	}
	return message{Embeds: []*discordgo.MessageEmbed{e}, Components: rows, Ephemeral: true}
}

// gapField shows a group: its item, how often and how it was missed (at
// least, when more gaps are open than were read), its question and other
// wordings.
func (z sanitizer) gapField(g gapGroup, more bool) *discordgo.MessageEmbedField {
	var v strings.Builder
	v.WriteString("“" + z.clip(g.question, 200) + "”")
	for k, p := range g.phrasings {
		if k == maxPhrasings {
			fmt.Fprintf(&v, "\n…and %d more wordings", len(g.phrasings)-k)
			break
		}
		v.WriteString("\nalso: “" + z.clip(p, 100) + "”")
	}
	return &discordgo.MessageEmbedField{
		Name:  fmt.Sprintf("item #%d · ×%d%s — %s", g.ids[0], len(g.ids), plusIf(more), kindsLine(g.kinds)),
		Value: v.String(),
	}
}

// kindsLine says how a group's questions were missed.
func kindsLine(kinds map[string]int) string {
	var parts []string
	for _, k := range []struct{ kind, name string }{
		{partnerbot.GapDeclined, "declined"}, {partnerbot.GapDownvote, "👎"}, {partnerbot.GapHandoff, "handed off"},
	} {
		if n := kinds[k.kind]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, k.name))
		}
	}
	return strings.Join(parts, " · ")
}

// dismissGap takes the group holding gap id out of the queue.
func (b *Bot) dismissGap(ctx context.Context, i *discordgo.Interaction, id int64) []message {
	group, ok, err := b.groupOf(ctx, i.GuildID, id)
	if err != nil {
		b.log.Error("gaps", "interaction_id", i.ID, b.errAttr(err))
		return []message{text(failedText, true)}
	}
	if !ok {
		return []message{text("That item is no longer in the queue.", true)}
	}
	n, err := b.dismissGroup(ctx, i.GuildID, group)
	if err != nil {
		b.log.Error("dismiss gaps", "interaction_id", i.ID, b.errAttr(err))
		return []message{text(failedText, true)}
	}
	b.log.Info("gaps dismissed", "interaction_id", i.ID, "item", id, "gaps", n)
	return []message{text(fmt.Sprintf("Dismissed “%s” (%d in the queue).", b.sanitizer().clip(group.question, 300), n), true)}
}

// maxDismissRounds bounds dismissGroup: each round reaches maxGapsRead
// more gaps.
const maxDismissRounds = 20

// dismissGroup takes a group out of the queue, and with it the group's
// older gaps beyond the maxGapsRead latest that grouping reads: it reads
// the queue again and dismisses the group of the same question until
// none is left. It returns how many gaps it dismissed.
func (b *Bot) dismissGroup(ctx context.Context, guildID string, g gapGroup) (int, error) {
	total := 0
	for range maxDismissRounds {
		n, err := b.opts.Support.DismissGaps(ctx, guildID, g.ids, b.opts.Now())
		if err != nil {
			return total, err
		}
		total += n
		groups, err := b.openGroups(ctx, guildID)
		if err != nil {
			return total, err
		}
		k := slices.IndexFunc(groups, func(o gapGroup) bool {
			return b.opts.Similar(o.question, g.question) >= b.opts.GapMatch
		})
		if k < 0 {
			break
		}
		g.ids = groups[k].ids
	}
	return total, nil
}

// groupOf finds the open group holding gap id.
func (b *Bot) groupOf(ctx context.Context, guildID string, id int64) (gapGroup, bool, error) {
	groups, err := b.openGroups(ctx, guildID)
	if err != nil {
		return gapGroup{}, false, err
	}
	for _, g := range groups {
		if slices.Contains(g.ids, id) {
			return g, true, nil
		}
	}
	return gapGroup{}, false, nil
}

// plusIf is "+" when a count may be short: "×12+".
func plusIf(more bool) string {
	if more {
		return "+"
	}
	return ""
}
