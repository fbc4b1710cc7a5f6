package bot

import (
	"regexp"
	"slices"
	"strings"
)

// This file holds what the engine knows about the words English questions
// are built from: the question words, the verbs that open a yes/no
// question, and the words by which a follow-up leans on the question before.

// whWords ask for something: "what", "who", "how"….
var whWords = []string{"what", "when", "where", "who", "whom", "whose", "which", "why", "how"}

// copulas open "is it…" and follow "what" in "what is…".
var copulas = []string{"is", "are", "was", "were"}

// auxiliaries open "did they…" and follow "what" in "what did…".
var auxiliaries = []string{"did", "does", "do", "has", "have", "had", "will", "would", "can", "could", "should"}

// requests ask without a question word: "list the…", "tell me…".
var requests = []string{"tell me", "list", "name", "give me", "show me"}

// fillers may come before a question's first word: "so what…", "btw, when…".
var fillers = []string{"so", "and", "but", "anyway", "ok", "okay", "also", "then", "now", "well", "hey", "btw", "quick q", "pls", "please"}

// conjunctions join a second question to a first: "…, and what…".
var conjunctions = []string{"and", "but", "also", "plus"}

// vietnameseWhWords are Vietnamese question words, folded (no diacritics,
// as corpus.Normalize leaves them). Folded words that are also common other
// words are left out: đâu as dau is đầu ("bắt đầu", "đầu tư"), mấy as may is
// máy ("máy bay"); "ở đâu" counts whole.
var vietnameseWhWords = []string{"bao nhieu", "bao lau", "bao gio", "khi nao", "o dau", "ai", "gi", "nao", "sao", "the nao"}

// vietnameseAccentedWhWords are the question words left out of
// vietnameseWhWords, which count only as written with their diacritics.
var vietnameseAccentedWhWords = []string{"đâu", "mấy"}

// clauseOpeners start a subordinate clause inside a question: "which roles
// was Vietnam holding when…".
var clauseOpeners = []string{"when", "where", "while", "after", "before", "because"}

// botAddress are the words by which a question asks about the bot itself
// ("who are you?", "what is your name?"), which the articles never answer.
var botAddress = []string{"you", "your", "yours", "yourself"}

// addressesBot reports whether text, folded, speaks to the bot.
func addressesBot(text string) bool {
	return slices.ContainsFunc(strings.Fields(text), func(w string) bool { return slices.Contains(botAddress, w) })
}

// followUpCues are the words by which a question refers to the one before:
// "and in 2022?", "what about Japan?", "when did they sign it?".
var followUpCues = []string{"and", "it", "that", "this", "they", "them", "those", "he", "she", "there", "then", "what about", "how about"}

var (
	// leadingWh finds the first question word.
	leadingWh = regexp.MustCompile(`\b(` + alternation(whWords) + `)\b`)

	// yesNoRe matches a question that opens like a yes/no question.
	yesNoRe = regexp.MustCompile(`^` + alternation(copulas, auxiliaries) + `\b`)

	// partJoin finds where a second question starts inside one: a
	// conjunction followed by a question word ("…in 2022, and what is the
	// target…").
	partJoin = regexp.MustCompile(`(?i)(?:,\s*|\s+)` + alternation(conjunctions) + `\s+` + alternation(whWords, copulas, auxiliaries) + `\b`)

	// questionStart matches text that opens the way a question does.
	questionStart = regexp.MustCompile(`(?i)^(?:\W*)(?:` + alternation(fillers) + `[\s,:]+)*(?:whats|what's|` + alternation(whWords, copulas, auxiliaries, requests) + `)\b`)

	// questionWord matches an English question word anywhere, for terse
	// questions ("trade in 2022 how much").
	questionWord = regexp.MustCompile(`(?i)\b` + alternation(whWords) + `\b`)

	// vietnameseAnd is "và", the Vietnamese "and", with its accent in any
	// case, or without it in lower case ("VA" is an English acronym).
	vietnameseAnd = regexp.MustCompile(`[\s,]+(?:và|Và|VÀ|va)\s+`)

	// vietnameseQuestionWord finds a question word of vietnameseWhWords in
	// folded text.
	vietnameseQuestionWord = regexp.MustCompile(`\b` + alternation(vietnameseWhWords) + `\b`)
)

// isCopula reports whether a word is a copula, counting the "s" of
// "what's".
func isCopula(w string) bool { return w == "s" || slices.Contains(copulas, w) }

// isAuxiliary reports whether a word is an auxiliary verb.
func isAuxiliary(w string) bool { return slices.Contains(auxiliaries, w) }
