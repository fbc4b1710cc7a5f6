// Package discord is the Discord adapter: slash commands, buttons, threads and
// moderator tools over discordgo, rendering answers within Discord's limits.
//
// # Two modes, one set of handlers
//
// A Bot serves the gateway with Run, and HTTP interactions through
// Interact. Every interaction goes through Interact, which routes it to a
// handler; handlers are plain methods that take the interaction and return
// a reply: a response to send at once and, for anything that reads the
// store or answers a question, work that a bounded worker pool finishes
// later. The immediate response is either the whole reply (autocomplete,
// /sources, refusals) or a deferral (type 5, "thinking…"), so Discord's
// 3-second deadline never waits on answering. The caller delivers the
// response (Run posts it to the callback route; the HTTP mode writes it as
// the HTTP reply) and reports the outcome through the returned function;
// only then does the worker edit the original response and send
// follow-ups, through a Sender (Bot.Sender wraps a discordgo session; the
// webhook routes it uses need no bot token).
//
// @mentions and thread follow-ups arrive only over the gateway: a mention
// gets a thread started from it and the answer posted there; a message in
// a thread the bot opened is answered with the thread's history from the
// store.
//
// # The support loop
//
// With Options.Support, new posts in answered forums are answered inside
// the post once their author stops writing (Options.ForumWait), and once
// across replicas (a claim); a post the full queue turns away tries again
// after another wait, up to 3 times; staff writing in a post keep the bot
// out of it. Every answer offers "Still need help?", which tags the forum post
// or notes the moderators' channel and silences the bot there. Declines,
// 👎 and hand-offs form the gap queue (/gaps), grouped by
// Options.Similar; moderators answer it with curated answers (/curate),
// whose quotes are verified like every other and which are served first
// to questions close enough to theirs.
//
// # Safety
//
// Every payload is built by the message type's methods, which always set
// allowed_mentions to {"parse":[]}. Text from questions and articles is
// sanitised before it is shown: mention syntax neutralised, markdown
// escaped (so no masked links), URLs other than an article's own broken
// with a zero-width space. Escapes and zero-width spaces are invisible, so
// quotes still read verbatim. Lengths are counted in UTF-16 code units, as
// Discord's clients count them, which is never less than a code-point
// count. Long answers are split at sentence boundaries and never inside a
// quote; a quote that fits nowhere whole is left out with a pointer to the
// Sources button, never cut.
//
// discordgo's own logging is silenced (its debug output includes the
// token), errors are scrubbed of tokens before they are logged, and a 401
// from Discord stops every further call and makes Run return
// ErrUnauthorized.
package discord
