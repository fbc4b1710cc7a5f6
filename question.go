package partnerbot

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxQuestionLen is the longest question accepted, in characters.
const MaxQuestionLen = 1000

// Errors for questions that cannot be answered as asked. UserMessage turns
// them into words for the asker.
var (
	ErrEmptyQuestion   = errors.New("empty question")
	ErrQuestionTooLong = errors.New("question too long")
	ErrControlChars    = errors.New("question has control characters")
	ErrInvalidText     = errors.New("question is not valid UTF-8")
)

// Question is what a user asked, with the conversation so far.
type Question struct {
	Text    string
	History []Turn // earlier turns of the thread, oldest first
	Mode    string // retrieval mode: "bm25", "vector" or "hybrid"; "" the default
}

// Turn is one earlier exchange in a conversation.
type Turn struct {
	Question string
	Answer   string
}

// Validate checks a question before any work is done on it.
func Validate(text string) error {
	if !utf8.ValidString(text) {
		return ErrInvalidText
	}
	if strings.TrimSpace(text) == "" {
		return ErrEmptyQuestion
	}
	if utf8.RuneCountInString(text) > MaxQuestionLen {
		return ErrQuestionTooLong
	}
	for _, r := range text {
		if unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' {
			return ErrControlChars
		}
	}
	return nil
}

// UserMessage is a short, friendly explanation of err for the asker, or ""
// when err is not about their question.
func UserMessage(err error) string {
	switch {
	case errors.Is(err, ErrEmptyQuestion):
		return "Please ask a question, for example: What was the value of bilateral trade in 2022?"
	case errors.Is(err, ErrQuestionTooLong):
		return "That question is too long. Please keep it to 1,000 characters or fewer."
	case errors.Is(err, ErrControlChars):
		return "That question contains control characters. Please type it as plain text."
	case errors.Is(err, ErrInvalidText):
		return "That question isn't valid text. Please type it again."
	}
	return ""
}
