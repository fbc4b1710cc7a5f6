package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/partnerbot/partnerbot"
	"github.com/partnerbot/partnerbot/corpus"
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

// DocText returns a document's text by ID, and whether it knows the ID.
type DocText func(id string) (string, bool)

// CorpusText is DocText over a corpus's documents.
func CorpusText(c *corpus.Corpus) DocText {
	return func(id string) (string, bool) {
		d, ok := c.Document(id)
		if !ok {
			return "", false
		}
		return d.Text, true
	}
}

// ReadQuestions reads a JSON Lines question set. Every line must parse, have
// the right field types, a unique id, a question the bot accepts, an
// answerable flag, and sources that name documents doc knows; an
// answerable question needs evidence, each phrase found (normalised) in
// one of its sources, or hit@k could never count it. All problems are
// reported together and no questions are returned with them, so nothing is
// evaluated on half a file. Fields it does not know are returned as
// warnings.
func ReadQuestions(r io.Reader, doc DocText) ([]Question, []string, error) {
	var qs []Question
	var errs []error
	var warnings []string
	ids := map[string]int{}
	texts := normalisedDocs{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	line := 0
	for sc.Scan() {
		line++
		raw := bytes.TrimSpace(sc.Bytes())
		if line == 1 {
			raw = bytes.TrimPrefix(raw, []byte("\uFEFF")) // the byte-order mark some editors write
		}
		if len(raw) == 0 {
			continue
		}
		if !utf8.Valid(raw) {
			errs = append(errs, &LineError{line, "", "not UTF-8 text (saved in another encoding?)"})
			continue
		}
		q, warn, lineErrs := parseLine(line, raw, texts.of(doc))
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
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, nil, fmt.Errorf("read questions: %w", &LineError{line + 1, "", "longer than 4 MiB"})
		}
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

// blank reports whether a phrase is nothing once normalised.
func blank(phrase string) bool { return corpus.Normalize(phrase) == "" }

// jsonObject reads a line as one JSON object, refusing a key given twice
// (decoding would keep the last without a word).
func jsonObject(raw []byte) (map[string]json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, errors.New("not a JSON object: each line must be one {…}")
	}
	fields := map[string]json.RawMessage{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("not a JSON object: %v", err)
		}
		key, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("not a JSON object: field %q: %v", key, err)
		}
		if _, dup := fields[key]; dup {
			return nil, fmt.Errorf("field %q is given twice", key)
		}
		fields[key] = v
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("not a JSON object: %v", err)
	}
	if dec.More() || dec.InputOffset() != int64(len(raw)) {
		return nil, errors.New("not a JSON object: text after the closing }")
	}
	return fields, nil
}

// evidenceMissing are the evidence phrases found in none of the sources'
// normalised texts.
func evidenceMissing(evidence, sources []string) []string {
	var out []string
	for _, e := range evidence {
		n := corpus.Normalize(e)
		if n == "" || !slices.ContainsFunc(sources, func(t string) bool { return strings.Contains(t, n) }) {
			out = append(out, e)
		}
	}
	return out
}

// normalisedDocs caches the documents' normalised text by ID, for
// finding evidence phrases.
type normalisedDocs map[string]string

// of looks documents up through doc, normalising each once.
func (n normalisedDocs) of(doc DocText) func(id string) (string, bool) {
	return func(id string) (string, bool) {
		if t, ok := n[id]; ok {
			return t, true
		}
		t, ok := doc(id)
		if !ok {
			return "", false
		}
		n[id] = corpus.Normalize(t)
		return n[id], true
	}
}

func parseLine(line int, raw []byte, doc func(id string) (string, bool)) (Question, []string, []error) {
	fields, err := jsonObject(raw)
	if err != nil {
		return Question{}, nil, []error{&LineError{line, "", err.Error()}}
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
	if err := partnerbot.Validate(q.Question); err != nil && strings.TrimSpace(q.Question) != "" {
		require("question", false, "the bot refuses it ("+err.Error()+"), so it would count as a decline")
	}
	require("answerable", hasAnswerable, "missing; want true or false")
	for i, g := range q.AnswerContains {
		require("answer_contains", len(g) > 0, fmt.Sprintf("group %d is empty", i+1))
		require("answer_contains", !slices.ContainsFunc(g, blank), fmt.Sprintf("group %d has a blank alternative, which no answer can hold", i+1))
	}
	require("answer_excludes", !slices.ContainsFunc(q.AnswerExcludes, blank), "a blank phrase, which would exclude nothing")
	var sources []string
	for _, s := range q.Sources {
		t, ok := doc(s)
		require("sources", ok, fmt.Sprintf("unknown document ID %q", s))
		sources = append(sources, t)
	}
	if q.Answerable {
		require("sources", len(q.Sources) > 0, "an answerable question needs at least one source")
		require("evidence", len(q.Evidence) > 0, "an answerable question needs an evidence phrase: hit@k counts a passage that holds one")
		require("answer_contains", len(q.AnswerContains) > 0, "an answerable question needs an expected answer: with none, any answer would count as right")
	}
	if slices.ContainsFunc(sources, func(t string) bool { return t != "" }) { // a fake may know only IDs
		missing := evidenceMissing(q.Evidence, sources)
		for _, e := range missing {
			warnings = append(warnings, fmt.Sprintf("line %d: evidence %q is in none of its sources' text (a photo caption, which cleaning removes?)", line, e))
		}
		require("evidence", len(q.Evidence) == 0 || len(missing) < len(q.Evidence),
			"no phrase is in its sources' text, so no passage could count as holding the answer")
	}
	if q.Kind == "" {
		q.Kind = "unspecified"
	}
	return q, warnings, errs
}
