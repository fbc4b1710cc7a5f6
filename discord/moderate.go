package discord

import (
	"context"
	"fmt"
	"github.com/partnerbot/partnerbot"
	"path/filepath"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/partnerbot/partnerbot/corpus"
)

// feedbackItems is how many rated answers /feedback shows.
const feedbackItems = 10

// isModerator reports whether the member may manage the server. Discord
// hides the commands from others by default, but a server can change that,
// so the check is made here too.
func isModerator(i *discordgo.Interaction) bool {
	if i.Member == nil {
		return false
	}
	p := i.Member.Permissions
	return p&discordgo.PermissionAdministrator != 0 || p&moderatorPerms == moderatorPerms
}

// moderate checks who is asking, then defers the moderator command to a
// worker (each reads or writes the store, or reindexes).
func (b *Bot) moderate(_ context.Context, i *discordgo.Interaction, d discordgo.ApplicationCommandInteractionData) reply {
	if r, refused := b.refuseModerator(i, d.Name); refused {
		return r
	}
	switch {
	case b.opts.Store == nil && d.Name != cmdReindex:
		return immediate(text(noStoreText, true))
	case d.Name == cmdReindex && b.opts.Reindex == nil:
		return immediate(text(noReindexText, true))
	case b.opts.Support == nil && (needsSupport[d.Name] || isHandoffConfig(d)):
		return immediate(text(noStoreText, true))
	}
	return deferred(true, func(ctx context.Context, send Sender) []message {
		switch d.Name {
		case cmdStats:
			return b.stats(ctx, i, intOption(d.Options, optDays, 7))
		case cmdFeedback:
			return b.feedback(ctx, i, stringOption(d.Options, optOnly))
		case cmdReindex:
			return b.reindex(ctx, i)
		case cmdForum:
			return b.forum(ctx, i, d.Options, send)
		case cmdGaps:
			return b.gapsCmd(ctx, i, d.Options)
		case cmdCurate:
			return b.curate(ctx, i, d.Options)
		}
		return b.config(ctx, i, d.Options, send)
	})
}

// needsSupport are the moderator commands of the support loop.
var needsSupport = map[string]bool{cmdForum: true, cmdGaps: true, cmdCurate: true}

// isHandoffConfig reports whether d is /config handoff.
func isHandoffConfig(d discordgo.ApplicationCommandInteractionData) bool {
	return d.Name == cmdConfig && len(d.Options) > 0 && d.Options[0] != nil && d.Options[0].Name == subHandoff
}

// refuseModerator is the refusal of a moderator command or button (what
// names it, for the log) outside a server or to a member who is not a
// moderator; refused is false when neither applies.
func (b *Bot) refuseModerator(i *discordgo.Interaction, what string) (r reply, refused bool) {
	switch {
	case i.GuildID == "":
		return immediate(text(guildOnlyText, true)), true
	case !isModerator(i):
		b.log.Info("moderator command refused", "interaction_id", i.ID, "command", what)
		return immediate(text(notModText, true)), true
	case what == actionDismiss && b.opts.Support == nil:
		return immediate(text(noStoreText, true)), true
	}
	return reply{}, false
}

// stats summarises the server's questions over the last days.
func (b *Bot) stats(ctx context.Context, i *discordgo.Interaction, days int) []message {
	days = min(max(days, 1), 365)
	st, err := b.opts.Store.Stats(ctx, i.GuildID, b.opts.Now().Add(-time.Duration(days)*24*time.Hour))
	if err != nil {
		b.log.Error("stats", "interaction_id", i.ID, b.errAttr(err))
		return []message{text(failedText, true)}
	}
	return []message{b.sanitizer().renderStats(st, days)}
}

// renderStats is the /stats embed.
func (z sanitizer) renderStats(st partnerbot.Stats, days int) message {
	e := &discordgo.MessageEmbed{Title: fmt.Sprintf("Last %d days", days), Color: answerColor}
	add := func(name, value string) {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: name, Value: value, Inline: true})
	}
	add("Questions", fmt.Sprint(st.Questions))
	add("Abstained", fmt.Sprintf("%d (%.0f%%)", st.Abstained, st.AbstentionRate*100))
	add("Feedback", fmt.Sprintf("👍 %d · 👎 %d", st.Up, st.Down))
	add("Latency", fmt.Sprintf("p50 %s · p95 %s", ms(st.P50MS), ms(st.P95MS)))
	add("Tokens", fmt.Sprintf("%d prompt · %d completion", st.PromptTokens, st.CompletionTokens))
	add("Generative answers", fmt.Sprint(st.Generative))
	add("Curated answers", fmt.Sprint(st.Curated))
	if len(st.TopSources) > 0 {
		var lines []string
		for n, s := range st.TopSources {
			title := s.Title
			if title == "" {
				title = s.DocID
			}
			lines = append(lines, fmt.Sprintf("%d. %s — %d", n+1, z.clip(title, 150), s.Count))
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Most-cited sources", Value: strings.Join(lines, "\n")})
	}
	return message{Embeds: []*discordgo.MessageEmbed{e}, Ephemeral: true}
}

// ms formats milliseconds for people.
func ms(v float64) string {
	if v >= 1000 {
		return fmt.Sprintf("%.1fs", v/1000)
	}
	return fmt.Sprintf("%.0fms", v)
}

// feedback shows recent rated answers.
func (b *Bot) feedback(ctx context.Context, i *discordgo.Interaction, only string) []message {
	if only == "" {
		only = partnerbot.FeedbackDown
	}
	items, err := b.opts.Store.RecentFeedback(ctx, i.GuildID, only, feedbackItems)
	if err != nil {
		b.log.Error("recent feedback", "interaction_id", i.ID, b.errAttr(err))
		return []message{text(failedText, true)}
	}
	if len(items) == 0 {
		return []message{text(noFeedbackYet, true)}
	}
	return b.sanitizer().renderFeedback(items, only)
}

// renderFeedback is an embed per rated answer: votes, question, the answer
// cut short at a sentence, and the cited articles.
func (z sanitizer) renderFeedback(items []partnerbot.FeedbackItem, only string) []message {
	l := layout{title: fmt.Sprintf("Recent feedback (%s)", only), color: answerColor}
	for _, it := range items {
		q := it.Question
		var b strings.Builder
		fmt.Fprintf(&b, "**👍 %d · 👎 %d** · %s · %s answer\n", it.Up, it.Down, it.LastAt.Format("2006-01-02 15:04 MST"), q.Mode)
		b.WriteString("**Q:** " + z.clip(q.Question, 300) + "\n")
		b.WriteString("**A:** " + z.summary(q.Answer, 500))
		if q.Abstained {
			b.WriteString("\n*(declined)*")
		}
		for n, c := range q.Citations {
			if n == 0 {
				b.WriteString("\n**Sources:**")
			}
			line := "\n" + z.sourceName(n+1, c, 200) + " · " + code(c.ChunkID, 80)
			if textLen(b.String())+textLen(line) > maxDescription-moreRoom {
				fmt.Fprintf(&b, "\n…and %d more", len(q.Citations)-n)
				break
			}
			b.WriteString(line)
		}
		l.blocks = append(l.blocks, block{desc: b.String()})
	}
	return messages(l.pages(), nil, true)
}

// summary is the first sentences of raw that fit limit, with "…" when
// more was left out.
func (z sanitizer) summary(raw string, limit int) string {
	chunks := z.split(raw, nil, limit-1)
	if len(chunks) == 0 {
		return ""
	}
	if len(chunks) > 1 {
		return chunks[0] + "…"
	}
	return chunks[0]
}

// reindex reloads the articles and reports what changed.
func (b *Bot) reindex(ctx context.Context, i *discordgo.Interaction) []message {
	ch, err := b.opts.Reindex(ctx)
	if err != nil {
		b.log.Error("reindex", "interaction_id", i.ID, b.errAttr(err))
		return linesMessages(reindexFailedLines(err), true)
	}
	b.log.Info("reindexed", "interaction_id", i.ID, "added", len(ch.Added), "changed", len(ch.Changed), "removed", len(ch.Removed))
	return linesMessages(changesLines(ch), true)
}

// maxBadFiles is how many refused files a failed /reindex names.
const maxBadFiles = 20

// reindexFailedLines says reindexing failed and the old articles still
// serve, and names each article file refused, with why (the file's base
// name only, and the reason sanitised: it may quote the file).
func reindexFailedLines(err error) []string {
	lines := []string{"Reindexing failed; the bot keeps answering from the articles it had."}
	var bad []*corpus.FileError
	fileErrors(err, &bad)
	if len(bad) == 0 {
		return append(lines, "Details are in the bot's log.")
	}
	lines = append(lines, "Fix or remove these files, then run /reindex again:")
	z := sanitizer{}
	for k, fe := range bad {
		if k == maxBadFiles {
			lines = append(lines, fmt.Sprintf("…and %d more, listed in the bot's log.", len(bad)-k))
			break
		}
		// Without the server's directory, which read errors and
		// duplicates name.
		reason := strings.ReplaceAll(fe.Err.Error(), filepath.Dir(fe.File)+string(filepath.Separator), "")
		lines = append(lines, "• "+code(filepath.Base(fe.File), 100)+": "+z.clip(reason, 300))
	}
	return lines
}

// fileErrors collects the *corpus.FileError in err's tree, joined errors
// included.
func fileErrors(err error, out *[]*corpus.FileError) {
	if fe, ok := err.(*corpus.FileError); ok {
		*out = append(*out, fe)
		return
	}
	switch u := err.(type) {
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			fileErrors(e, out)
		}
	case interface{ Unwrap() error }:
		if e := u.Unwrap(); e != nil {
			fileErrors(e, out)
		}
	}
}

// changesLines lists the document IDs added, changed and removed, as
// inline code.
func changesLines(ch corpus.Changes) []string {
	var lines []string
	if len(ch.Added)+len(ch.Changed)+len(ch.Removed) == 0 {
		lines = []string{"Reindexed: no articles changed."}
	} else {
		lines = append([]string{"Reindexed."}, idLines(ch)...)
	}
	if ch.Aliases {
		lines = append(lines, "Aliases changed: the other names in aliases.yaml now apply.")
	}
	if len(ch.NotRead) > 0 {
		lines = append(lines, namesLine(fmt.Sprintf("Not read (%d; only .txt and .md files at the top of the directory are):", len(ch.NotRead)), ch.NotRead))
	}
	if len(ch.UnusedMeta) > 0 {
		lines = append(lines, namesLine(fmt.Sprintf("metadata.yaml entries that name no article (%d; an ID is the file name without .txt or .md):", len(ch.UnusedMeta)), ch.UnusedMeta))
	}
	return lines
}

// namesLine is head and at most maxNotRead of names, the rest counted.
func namesLine(head string, names []string) string {
	line := head
	for k, f := range names[:min(len(names), maxNotRead)] {
		if k > 0 {
			line += ","
		}
		line += " " + code(f, 160)
	}
	if n := len(names); n > maxNotRead {
		line += fmt.Sprintf(", and %d more", n-maxNotRead)
	}
	return line
}

// maxNotRead bounds the files /reindex names as not read.
const maxNotRead = 20

// idLines are the articles added, changed and removed, a line each.
func idLines(ch corpus.Changes) []string {
	var lines []string
	for _, part := range []struct {
		name string
		ids  []string
	}{{"Added", ch.Added}, {"Changed", ch.Changed}, {"Removed", ch.Removed}} {
		line := fmt.Sprintf("%s (%d):", part.name, len(part.ids))
		if len(part.ids) == 0 {
			line += " none"
		}
		for k, id := range part.ids {
			if k > 0 {
				line += ","
			}
			line += " " + code(id, 100)
		}
		lines = append(lines, line)
	}
	return lines
}

// linesMessages packs already-safe lines into plain messages, cutting
// between lines, or between comma-separated items of a long line.
func linesMessages(lines []string, ephemeral bool) []message {
	var out []message
	cur := ""
	add := func(s, sep string) {
		if cur != "" && textLen(cur)+textLen(sep)+textLen(s) > maxContent {
			out = append(out, text(cur, ephemeral))
			cur, sep = "", ""
		}
		if cur == "" {
			sep = ""
		}
		cur += sep + s
	}
	for _, l := range lines {
		items := strings.SplitAfter(l, ",")
		add(items[0], "\n")
		for _, it := range items[1:] {
			add(it, "")
		}
	}
	if cur != "" {
		out = append(out, text(cur, ephemeral))
	}
	if len(out) > maxMessages {
		out = append(out[:maxMessages-1], text(omittedNote, ephemeral))
	}
	return out
}

// config handles /config channels add|remove|list, /config handoff and
// /config ratelimit.
func (b *Bot) config(ctx context.Context, i *discordgo.Interaction, opts []*discordgo.ApplicationCommandInteractionDataOption, send Sender) []message {
	if len(opts) == 0 || opts[0] == nil { // a payload may hold "options":[null]
		return []message{text(unknownText, true)}
	}
	top := opts[0]
	switch top.Name {
	case subRatelimit:
		return []message{b.setRate(ctx, i, intOption(top.Options, optPerMinute, 0))}
	case subHandoff:
		return []message{b.setHandoffChannel(ctx, i, stringOption(top.Options, optChannel))}
	}
	if top.Name != groupChannels || len(top.Options) == 0 || top.Options[0] == nil {
		return []message{text(unknownText, true)}
	}
	sub := top.Options[0]
	channel := stringOption(sub.Options, optChannel)
	if sub.Name != subList && !isSnowflake(channel) {
		return []message{text("Please pick a channel.", true)}
	}
	switch sub.Name {
	case subAdd:
		if err := b.opts.Store.AllowChannel(ctx, i.GuildID, channel); err != nil {
			b.log.Error("allow channel", "interaction_id", i.ID, b.errAttr(err))
			return []message{text(failedText, true)}
		}
		b.dropDeleted(ctx, send, i.GuildID, channel)
		return []message{text(fmt.Sprintf("I'll answer mentions in <#%s>.", channel), true)}
	case subRemove:
		was, err := b.opts.Store.DisallowChannel(ctx, i.GuildID, channel)
		if err != nil {
			b.log.Error("disallow channel", "interaction_id", i.ID, b.errAttr(err))
			return []message{text(failedText, true)}
		}
		if !was {
			return []message{text(fmt.Sprintf("<#%s> wasn't on the list.", channel), true)}
		}
		return []message{text(fmt.Sprintf("I'll no longer answer mentions in <#%s>.", channel)+b.noneLeft(ctx, i), true)}
	}
	return []message{b.listChannels(ctx, i)}
}

// noneLeft tells a moderator who removed a channel that the list is now
// empty, which means every channel (a deletion on another replica may
// have removed the one they thought was left).
func (b *Bot) noneLeft(ctx context.Context, i *discordgo.Interaction) string {
	ids, err := b.opts.Store.AllowedChannels(ctx, i.GuildID)
	if err != nil {
		b.log.Error("allowed channels", "interaction_id", i.ID, b.errAttr(err))
		return ""
	}
	if len(ids) > 0 {
		return ""
	}
	return " " + noChannelsText
}

// noChannelsText says what an empty list of channels means.
const noChannelsText = "No channels are set, so I answer mentions everywhere."

// listChannels names the allowed channels.
func (b *Bot) listChannels(ctx context.Context, i *discordgo.Interaction) message {
	ids, err := b.opts.Store.AllowedChannels(ctx, i.GuildID)
	if err != nil {
		b.log.Error("allowed channels", "interaction_id", i.ID, b.errAttr(err))
		return text(failedText, true)
	}
	if len(ids) == 0 {
		return text(noChannelsText, true)
	}
	var b2 strings.Builder
	b2.WriteString("I answer mentions in:")
	for _, id := range ids {
		line := fmt.Sprintf(" <#%s>", id)
		if textLen(b2.String())+textLen(line) > maxContent-20 {
			b2.WriteString(" …")
			break
		}
		b2.WriteString(line)
	}
	return text(b2.String(), true)
}

// setRate changes the server's rate limit.
func (b *Bot) setRate(ctx context.Context, i *discordgo.Interaction, n int) message {
	if n < partnerbot.MinRatePerMinute || n > partnerbot.MaxRatePerMinute {
		return text(fmt.Sprintf("The rate must be between %d and %d questions a minute.", partnerbot.MinRatePerMinute, partnerbot.MaxRatePerMinute), true)
	}
	if err := b.opts.Store.SetRatePerMinute(ctx, i.GuildID, n); err != nil {
		b.log.Error("set rate", "interaction_id", i.ID, b.errAttr(err))
		return text(failedText, true)
	}
	return text(fmt.Sprintf("Each member may now ask %d questions a minute.", n), true)
}

// isSnowflake reports whether s looks like a Discord ID.
func isSnowflake(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// moreRoom is kept in a feedback item's description for "…and 12 more".
const moreRoom = 24
