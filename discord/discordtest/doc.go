// Package discordtest is a fake Discord for tests: REST over httptest and a
// gateway WebSocket on 127.0.0.1, speaking the subset of the real protocol
// that discordgo uses, and recording every payload.
//
// Point a real discordgo.Session at it with Server.Session (or with
// discord.APIBaseTransport and Server.URL), open it, then drive it from the
// Discord side with Server.Dispatch, Server.SendInteraction and
// Server.SendMessage, and assert on what the bot sent with Server.Requests,
// Server.RequestsTo and Server.WaitRequest.
//
// The fake keeps just enough of Discord's model to answer like Discord:
// interactions must be acknowledged once (and within Options.AckDeadline when
// set), follow-ups need an acknowledged interaction, only the bot's own
// messages can be edited, a message has at most one thread, and message
// payloads are checked against Discord's documented limits (2000 characters
// of content, 10 embeds of at most 6000 characters, 5 action rows, 25
// autocomplete choices, ...), failing with Discord's error bodies.
//
// discordgo v0.29.0 speaks API v9 (discordgo.APIVersion); the fake serves
// both /api/v9 and /api/v10, and path patterns given to RequestsTo and
// friends ignore the version segment.
package discordtest
