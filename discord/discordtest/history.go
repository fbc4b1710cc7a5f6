package discordtest

import (
	"slices"
	"strconv"
)

// listMessages serves GET /channels/{id}/messages: at most limit (1 to
// 100, default 50) of the channel's messages, newest first. With after,
// they are the ones that follow that message, oldest of them first taken,
// as Discord pages forward; with before, the ones that precede it;
// otherwise the newest.
func (s *Server) listMessages(c *call) reply {
	q := c.req.Query
	limit := 50
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			return invalidForm([]formErr{{path: []string{"limit"}, code: "NUMBER_TYPE_MAX", message: "int value should be between 1 and 100."}})
		}
		limit = n
	}
	after, before := q.Get("after"), q.Get("before")
	var in []*storedMessage
	for _, m := range s.world.messages {
		if m.channelID() != c.params[0] {
			continue
		}
		if (after != "" && !snowflakeLess(after, m.id())) || (before != "" && !snowflakeLess(m.id(), before)) {
			continue
		}
		in = append(in, m)
	}
	slices.SortFunc(in, func(a, b *storedMessage) int {
		switch {
		case snowflakeLess(a.id(), b.id()):
			return -1
		case snowflakeLess(b.id(), a.id()):
			return 1
		}
		return 0
	})
	if after != "" {
		in = in[:min(limit, len(in))] // the oldest after it
	} else {
		in = in[max(0, len(in)-limit):] // the newest
	}
	out := make([]any, 0, len(in))
	for k := len(in) - 1; k >= 0; k-- {
		out = append(out, in[k].obj)
	}
	return ok(out)
}

// snowflakeLess orders Discord IDs: by value, as decimal numbers.
func snowflakeLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}
