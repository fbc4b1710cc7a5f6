package bot

import (
	"regexp"
	"strings"
)

// kind is what sort of thing a question asks for.
type kind int

const (
	kindOther    kind = iota
	kindWhen          // a date or time
	kindQuantity      // a number or amount
	kindWho
	kindWhere
	kindWhy
	kindYesNo
)

var (
	whenRe     = regexp.MustCompile(`\b(when|what (date|day|year|month|time)|which (year|date|day|month)|since when|how long ago)\b`)
	quantityRe = regexp.MustCompile(`\b(how (many|much|big|large|long|far|often)|what (percentage|percent|share|proportion|number|figure|amount)|which number|what was the value|what is the value|what's the value|how many times)\b`)
	whoRe      = regexp.MustCompile(`\b(who|whom|which (leader|leaders|president|official|officials|person|people))\b`)
	whereRe    = regexp.MustCompile(`\bwhere\b`)
	whyRe      = regexp.MustCompile(`\bwhy\b`)
	yesNoRe    = regexp.MustCompile(`^(is|are|was|were|did|does|do|has|have|had|will|would|can|could|should)\b`)
)

// questionKind reads the kind of a question from its English words.
func questionKind(english string) kind {
	s := strings.ToLower(english)
	switch {
	case quantityRe.MatchString(s):
		return kindQuantity
	case whenRe.MatchString(s):
		return kindWhen
	case whoRe.MatchString(s):
		return kindWho
	case whereRe.MatchString(s):
		return kindWhere
	case whyRe.MatchString(s):
		return kindWhy
	case yesNoRe.MatchString(s):
		return kindYesNo
	}
	return kindOther
}

var (
	dateRe   = regexp.MustCompile(`\b(1[89]\d\d|20\d\d)\b|\b(january|february|march|april|june|july|august|september|october|november|december)\b|\bmay \d|\b\d{1,2}:\d\d\b|\b[ap]\.m\.|\b(today|yesterday|tomorrow|tonight|afternoon|evening|morning|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b`)
	numberRe = regexp.MustCompile(`\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozen|decade|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b`)
)

// fits reports whether a sentence, normalised, holds the kind of thing the
// question asks for. Kinds without a clear textual mark always fit.
func (k kind) fits(norm string) bool {
	switch k {
	case kindWhen:
		return dateRe.MatchString(norm)
	case kindQuantity:
		return numberRe.MatchString(norm)
	}
	return true
}
