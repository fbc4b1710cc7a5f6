package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Question is one line of a question set. The field names are a format
// other tools share; keep them.
type Question struct {
	ID             string     `json:"id"`
	Kind           string     `json:"kind"`
	Question       string     `json:"question"`
	Answerable     bool       `json:"answerable"`
	AnswerContains [][]string `json:"answer_contains"`
	Evidence       []string   `json:"evidence"`
	Sources        []string   `json:"sources"`
	AnswerExcludes []string   `json:"answer_excludes,omitempty"`
}

// ErrQuestionSet marks a question set that cannot be evaluated.
var ErrQuestionSet = errors.New("bad question set")

// LineError is a problem on one line of a question set.
type LineError struct {
	Line  int
	Field string // "" when the line as a whole is wrong
	Msg   string
}

func (e *LineError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return fmt.Sprintf("line %d: field %q: %s", e.Line, e.Field, e.Msg)
}

func (e *LineError) Unwrap() error { return ErrQuestionSet }

var knownFields = map[string]bool{"id": true, "kind": true, "question": true, "answerable": true,
	"answer_contains": true, "evidence": true, "sources": true, "answer_excludes": true}

// ReadQuestions reads a JSON Lines question set. Every line must parse, have
// the right field types, a unique id, a question, an answerable flag, and
// sources that name documents docExists knows. All problems are reported
// together and no questions are returned with them, so nothing is evaluated
// on half a file. Fields it does not know are returned as warnings.
func ReadQuestions(r io.Reader, docExists func(id string) bool) ([]Question, []string, error) {
	var qs []Question
	var errs []error
	var warnings []string
	ids := map[string]int{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	line := 0
	for sc.Scan() {
		line++
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		q, warn, lineErrs := parseLine(line, raw, docExists)
		warnings = append(warnings, warn...)
		if prev, dup := ids[q.ID]; dup && q.ID != "" {
			lineErrs = append(lineErrs, &LineError{line, "id", fmt.Sprintf("duplicate id %q, first on line %d", q.ID, prev)})
		} else if q.ID != "" {
			ids[q.ID] = line
		}
		if len(lineErrs) > 0 {
			errs = append(errs, lineErrs...)
			continue
		}
		qs = append(qs, q)
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("read questions: %w", err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, warnings, err
	}
	if len(qs) == 0 {
		return nil, warnings, fmt.Errorf("%w: no questions", ErrQuestionSet)
	}
	return qs, warnings, nil
}

func parseLine(line int, raw []byte, docExists func(string) bool) (Question, []string, []error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return Question{}, nil, []error{&LineError{line, "", "not a JSON object: " + err.Error()}}
	}
	var warnings []string
	var unknown []string
	for k := range fields {
		if !knownFields[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		warnings = append(warnings, fmt.Sprintf("line %d: unknown field %q ignored", line, k))
		delete(fields, k)
	}
	// Decode only the known fields: decoding raw would match "Sources" or
	// "ID" to a field, case-insensitively, despite the warning.
	known, err := json.Marshal(fields)
	if err != nil {
		return Question{}, warnings, []error{&LineError{line, "", err.Error()}}
	}
	var q Question
	if err := json.Unmarshal(known, &q); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return q, warnings, []error{&LineError{line, te.Field, fmt.Sprintf("want %s, got JSON %s", te.Type, te.Value)}}
		}
		return q, warnings, []error{&LineError{line, "", err.Error()}}
	}
	var errs []error
	require := func(name string, ok bool, msg string) {
		if !ok {
			errs = append(errs, &LineError{line, name, msg})
		}
	}
	rawAnswerable, hasAnswerable := fields["answerable"]
	hasAnswerable = hasAnswerable && strings.TrimSpace(string(rawAnswerable)) != "null"
	require("id", strings.TrimSpace(q.ID) != "", "missing or empty")
	require("question", strings.TrimSpace(q.Question) != "", "missing or empty")
	require("answerable", hasAnswerable, "missing; want true or false")
	for i, g := range q.AnswerContains {
		require("answer_contains", len(g) > 0, fmt.Sprintf("group %d is empty", i+1))
	}
	for _, s := range q.Sources {
		require("sources", docExists(s), fmt.Sprintf("unknown document ID %q", s))
	}
	if q.Answerable {
		require("sources", len(q.Sources) > 0, "an answerable question needs at least one source")
	}
	if q.Kind == "" {
		q.Kind = "unspecified"
	}
	return q, warnings, errs
}
