package bot

import (
	"context"
	"errors"

	"github.com/partnerbot/partnerbot"

	"github.com/partnerbot/partnerbot/retrieval"
)

// Streamer asks a language model for a reply and calls delta with each
// piece of its content as it arrives, in order, from the calling
// goroutine. It returns the whole reply, as a Completer would. A reply
// whose stream ends before the model finished is an error wrapping
// ErrStreamCut.
type Streamer func(ctx context.Context, req Completion, delta func(text string)) (CompletionReply, error)

// ErrStreamCut means a streamed reply ended before the model finished it.
var ErrStreamCut = errors.New("the model's reply stream was cut off")

// stream asks for the reply as a stream and calls show each time a claim
// is complete whose quotes verify, with the answer so far: every claim it
// holds verified, none shown before its quotes held.
func (e *Engine) stream(ctx context.Context, st *state, q partnerbot.Question, req Completion, passages []retrieval.Hit, lang string, show func(partnerbot.Answer)) (CompletionReply, error) {
	var sc claimScanner
	var shown []groundedClaim
	return e.opts.Stream(ctx, req, func(delta string) {
		for _, raw := range sc.feed(delta) {
			c, ok := parseClaim(raw)
			if !ok {
				continue
			}
			gc, ok := groundClaim(c, passages)
			if !ok {
				continue
			}
			a := assemble(st, q, append(shown[:len(shown):len(shown)], gc), passages, lang)
			if !inLanguage(a, lang) {
				continue // the final check decides; nothing unchecked is shown
			}
			shown = append(shown, gc)
			a.Reason = "generating"
			show(a)
		}
	})
}

// claimScanner finds the claim objects of a reply as it streams in: each
// complete object in the "claims" array of the outermost object, as raw
// JSON, none once the object says "abstain": true (the schema puts it
// first). It reads every byte once, keeping track of strings and nesting.
type claimScanner struct {
	buf      []byte
	pos      int
	depth    int  // open objects and arrays
	inString bool // inside a JSON string
	escaped  bool // the previous byte was a backslash in a string
	strStart int  // where the last string began (at its quote)
	lastStr  string
	key      string // the outermost object's current key
	inClaims bool   // inside the outermost "claims" array
	objStart int    // where the current claim object began
	abstains bool   // the outermost object says "abstain": true
}

// feed adds text to the reply and returns the claim objects it completed.
func (s *claimScanner) feed(text string) [][]byte {
	s.buf = append(s.buf, text...)
	var out [][]byte
	for ; s.pos < len(s.buf); s.pos++ {
		c := s.buf[s.pos]
		if s.inString {
			switch {
			case s.escaped:
				s.escaped = false
			case c == '\\':
				s.escaped = true
			case c == '"':
				s.inString = false
				if s.depth == 1 {
					s.lastStr = string(s.buf[s.strStart+1 : s.pos])
				}
			}
			continue
		}
		switch c {
		case 't':
			if s.depth == 1 && s.key == "abstain" {
				s.abstains = true // the model declines: its claims are not shown
			}
		case '"':
			if s.depth > 0 { // quotes in prose before the JSON are not strings
				s.inString, s.strStart = true, s.pos
			}
		case ':':
			if s.depth == 1 {
				s.key = s.lastStr
			}
		case '{', '[':
			if s.depth == 0 && c != '{' {
				continue // prose before the JSON
			}
			s.depth++
			switch {
			case s.depth == 2 && c == '[' && s.key == "claims":
				s.inClaims = true
			case s.depth == 3 && c == '{' && s.inClaims:
				s.objStart = s.pos
			}
		case '}', ']':
			if s.depth == 0 {
				continue
			}
			s.depth--
			switch {
			case s.depth == 2 && c == '}' && s.inClaims && !s.abstains:
				out = append(out, append([]byte(nil), s.buf[s.objStart:s.pos+1]...))
			case s.depth == 1:
				s.inClaims = false
			}
		}
	}
	return out
}
