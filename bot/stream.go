package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"

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
			gc, ok := groundClaim(c, passages, lang)
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
// first). Like replyObject, it starts afresh after the first "</think>"
// (claims of a draft in the reasoning may have been found before it),
// passes over objects in prose that have no answer
// key (in any case) or do not decode, and reads no further once the
// object that answers has closed. It reads every byte once, keeping track
// of strings and nesting.
type claimScanner struct {
	buf       []byte
	pos       int
	begun     bool // past an opening "<think>", or sure there is none
	pastThink bool // past a "</think>"
	searched  int  // how much of buf was searched for "</think>"
	topStart  int  // where the current outermost object began
	done      bool // the object that answers has closed
	depth     int  // open objects and arrays
	inString  bool // inside a JSON string
	escaped   bool // the previous byte was a backslash in a string
	strStart  int  // where the last string began (at its quote)
	lastStr   string
	key       string // the outermost object's current key
	inValue   bool   // after the current key's colon
	answers   bool   // the outermost object has an answer key
	inClaims  bool   // inside the outermost "claims" array
	objStart  int    // where the current claim object began
	abstains  bool   // the outermost object says "abstain": true
	claims    int    // claims found
}

// feed adds text to the reply and returns the claim objects it completed.
// Up to the first "</think>" the reply is scanned as it comes; after it,
// afresh, as replyObject reads a reply.
func (s *claimScanner) feed(text string) [][]byte {
	s.buf = append(s.buf, text...)
	var out [][]byte
	for {
		tag := s.reasoningEnd()
		end := len(s.buf)
		if tag >= 0 {
			end = tag
		}
		if !s.done && s.begin() {
			out = append(out, s.scan(end)...)
		}
		if tag < 0 {
			return out
		}
		*s = claimScanner{buf: s.buf, pos: tag + len(thinkClose), begun: true, pastThink: true}
	}
}

// scan reads the reply up to end and returns the claim objects it
// completed.
func (s *claimScanner) scan(end int) [][]byte {
	var out [][]byte
	for ; s.pos < end && !s.done; s.pos++ {
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
					s.noteAbstain(s.lastStr) // "abstain": "true", as the parser reads it
				}
			}
			continue
		}
		switch c {
		case 't':
			s.noteAbstain("true")
		case '"':
			if s.depth > 0 { // quotes in prose before the JSON are not strings
				s.inString, s.strStart = true, s.pos
			}
		case ':':
			if s.depth == 1 {
				s.key, s.inValue = strings.ToLower(s.lastStr), true // keys in any case, as encoding/json reads them
				s.answers = s.answers || isAnswerKey(s.key)
			}
		case ',':
			if s.depth == 1 {
				s.inValue = false
			}
		case '{', '[':
			if s.depth == 0 && c != '{' {
				continue // prose before the JSON
			}
			if s.depth == 0 {
				s.topStart = s.pos
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
				s.claims++
				s.done = s.claims == maxClaims // as many as parseGenerated reads
			case s.depth == 1:
				s.inClaims = false
			case s.depth == 0:
				// The object that answers, as replyObject reads it, ends
				// the reply; what follows is prose.
				s.done = s.answers && json.Valid(s.buf[s.topStart:s.pos+1])
				s.key, s.inValue, s.abstains, s.answers = "", false, false, false
			}
		}
	}
	return out
}

// noteAbstain marks the reply as a decline when the outermost object's
// "abstain" value holds v and v says true, as parseGenerated reads it.
func (s *claimScanner) noteAbstain(v string) {
	if s.depth == 1 && s.inValue && s.key == "abstain" && saysTrue(v) {
		s.abstains = true // the model declines: its claims are not shown
	}
}

// reasoningEnd is where the first "</think>" begins, or -1 when there is
// none yet, or the scan is past it.
func (s *claimScanner) reasoningEnd() int {
	if s.pastThink {
		return -1
	}
	from := max(s.searched-len(thinkClose)+1, 0) // a tag the last feed cut
	if i := bytes.Index(s.buf[from:], []byte(thinkClose)); i >= 0 {
		return from + i
	}
	s.searched = len(s.buf)
	return -1
}

// begin waits while the reply opens a reasoning block, and reports
// whether the answer may have begun.
func (s *claimScanner) begin() bool {
	if s.begun {
		return true
	}
	rest := bytes.TrimLeft(s.buf, " \t\r\n")
	if bytes.HasPrefix(rest, []byte(thinkOpen)) || bytes.HasPrefix([]byte(thinkOpen), rest) {
		return false // in the block, or it may yet open one
	}
	s.begun = true
	return true
}
