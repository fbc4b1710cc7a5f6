package eval_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/partnerbot/partnerbot/eval"
)

// fuzzDocs are the document IDs FuzzReadQuestions's question sets may cite.
var fuzzDocs = knownDocs("doc-a", "doc-b", "000_a94376e329917a8c", "003_7d7682c6c64d5a91")

// knownFields are the fields of a question line; ReadQuestions warns that
// any other is ignored.
var knownFields = map[string]bool{"id": true, "kind": true, "question": true, "answerable": true,
	"answer_contains": true, "evidence": true, "sources": true, "answer_excludes": true}

// FuzzReadQuestions checks the question-set parser on any bytes: it never
// panics; it returns questions or an error, never both; an error is an
// ErrQuestionSet naming lines of the input; every question it returns has
// a unique, non-blank id, a question, a kind, known sources (at least one
// when answerable) and non-empty answer groups, one per non-blank line;
// the questions written back as JSON Lines read back the same; and the
// fields it warns are ignored are: dropping them changes nothing.
func FuzzReadQuestions(f *testing.F) {
	for _, s := range []string{
		`{"id": "q001", "kind": "factual", "question": "when did biden visit vietnam?", "answerable": true, "answer_contains": [["september 10"]], "evidence": ["a State visit from September 10 to 11"], "sources": ["000_a94376e329917a8c"]}`,
		`{"id":"v2","kind":"multi-fact","question":"Who visited, and where?","answerable":true,"answer_contains":[["biden"],["hanoi"]],"evidence":["arrived in Hanoi"],"sources":["doc-a","doc-b"],"answer_excludes":["obama"]}` + "\n\n" +
			`{"id":"v4","question":"Việt Nam và Hoa Kỳ?","answerable":false,"note":"x"}`,
		`{"id":"a","question":"q?","answerable":true}` + "\n" + `{"id":"a","question":"q?","answerable":false}`,
		`{"id":7,"question":"q?","answerable":"yes","answer_contains":["x"]}`,
		`{"id":"a","question":" ","answerable":null,"sources":["nope"]}`,
		"[1,2]\r\n\r\nnot json\n{}",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		qs, warnings, err := eval.ReadQuestions(bytes.NewReader(data), fuzzDocs)
		lines := 0
		var objects []map[string]json.RawMessage // the non-blank lines, parsed
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, 4*1024*1024)
		for sc.Scan() {
			lines++
			if raw := bytes.TrimSpace(sc.Bytes()); len(raw) > 0 {
				var m map[string]json.RawMessage
				json.Unmarshal(raw, &m)
				objects = append(objects, m)
			}
		}
		if err != nil {
			if qs != nil {
				t.Fatalf("ReadQuestions(%q) returned %d questions with error %v", data, len(qs), err)
			}
			if !errors.Is(err, eval.ErrQuestionSet) {
				t.Fatalf("ReadQuestions(%q) error %v is not ErrQuestionSet", data, err)
			}
			for _, e := range unwrapAll(err) {
				var le *eval.LineError
				if errors.As(e, &le) && (le.Line < 1 || le.Line > lines) {
					t.Fatalf("ReadQuestions(%q) blames line %d of %d", data, le.Line, lines)
				}
			}
			return
		}
		if len(qs) == 0 || len(qs) != len(objects) {
			t.Fatalf("ReadQuestions(%q) returned %d questions for %d non-blank lines", data, len(qs), len(objects))
		}
		ids := map[string]bool{}
		for i, q := range qs {
			switch {
			case strings.TrimSpace(q.ID) == "" || ids[q.ID]:
				t.Fatalf("question %d has a blank or duplicate id %q", i+1, q.ID)
			case strings.TrimSpace(q.Question) == "" || q.Kind == "":
				t.Fatalf("question %d %q has no question or kind", i+1, q.ID)
			case q.Answerable && len(q.Sources) == 0:
				t.Fatalf("answerable question %q has no sources", q.ID)
			}
			ids[q.ID] = true
			for _, s := range q.Sources {
				if _, ok := fuzzDocs(s); !ok {
					t.Fatalf("question %q cites unknown document %q", q.ID, s)
				}
			}
			for _, g := range q.AnswerContains {
				if len(g) == 0 {
					t.Fatalf("question %q has an empty answer group", q.ID)
				}
			}
		}
		// Written back, the questions read back the same, with no warning.
		var out bytes.Buffer
		for _, q := range qs {
			line, err := json.Marshal(q)
			if err != nil {
				t.Fatal(err)
			}
			out.Write(append(line, '\n'))
		}
		again, warned, err := eval.ReadQuestions(&out, fuzzDocs)
		if err != nil || len(warned) != 0 || jsonOf(t, again) != jsonOf(t, qs) {
			t.Fatalf("questions written back read differently (%v, warnings %q):\n got %s\nwant %s", err, warned, jsonOf(t, again), jsonOf(t, qs))
		}
		// Dropping every field a warning calls ignored changes nothing.
		if len(warnings) == 0 {
			return
		}
		out.Reset()
		for _, m := range objects {
			for k := range m {
				if !knownFields[k] {
					delete(m, k)
				}
			}
			line, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			out.Write(append(line, '\n'))
		}
		known, _, err := eval.ReadQuestions(&out, fuzzDocs)
		if err != nil || jsonOf(t, known) != jsonOf(t, qs) {
			t.Fatalf("warnings %q say fields were ignored, but dropping them changes the questions (%v):\n got %s\nwant %s", warnings, err, jsonOf(t, known), jsonOf(t, qs))
		}
	})
}

// jsonOf is v as JSON, for comparing questions with nil and empty lists
// alike where encoding does.
func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// unwrapAll returns err and every error it joins or wraps.
func unwrapAll(err error) []error {
	out := []error{err}
	switch u := err.(type) {
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			out = append(out, unwrapAll(e)...)
		}
	case interface{ Unwrap() error }:
		if e := u.Unwrap(); e != nil {
			out = append(out, unwrapAll(e)...)
		}
	}
	return out
}
