package eval_test

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/partnerbot/partnerbot/eval"
)

// knownDocs is a fake corpus for ReadQuestions: it knows only the given
// document IDs.
func knownDocs(ids ...string) eval.DocText {
	set := map[string]bool{}
	for _, id := range ids {
		set[id] = true
	}
	return func(id string) (string, bool) { return "", set[id] }
}

// TestReadQuestionsValid reads the fixture and checks every field of every
// question, including the kind that defaults to "unspecified".
func TestReadQuestionsValid(t *testing.T) {
	f, err := os.Open("testdata/valid.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	qs, warnings, err := eval.ReadQuestions(f, knownDocs("doc-a", "doc-b"))
	if err != nil {
		t.Fatalf("ReadQuestions: %v", err)
	}
	if len(warnings) != 0 {
		t.Errorf("warnings = %q, want none", warnings)
	}
	want := []eval.Question{
		{ID: "v1", Kind: "factual", Question: "When did the visit start?", Answerable: true,
			AnswerContains: [][]string{{"september 10", "10 september"}}, Evidence: []string{"from September 10 to 11"},
			Sources: []string{"doc-a"}},
		{ID: "v2", Kind: "multi-fact", Question: "Who visited, and where?", Answerable: true,
			AnswerContains: [][]string{{"biden"}, {"hanoi"}}, Evidence: []string{"arrived in Hanoi"},
			Sources: []string{"doc-a", "doc-b"}, AnswerExcludes: []string{"obama"}},
		{ID: "v3", Kind: "out-of-scope", Question: "Who won the football match?", Answerable: false,
			AnswerContains: [][]string{}, Evidence: []string{}, Sources: []string{}},
		{ID: "v4", Kind: "unspecified", Question: "Việt Nam và Hoa Kỳ?", Answerable: false},
	}
	if !reflect.DeepEqual(qs, want) {
		t.Errorf("questions:\n got %+v\nwant %+v", qs, want)
	}
}

// TestReadQuestionsErrors checks that each kind of bad line is refused with
// an error naming its line and field, and that no questions come back with
// an error.
func TestReadQuestionsErrors(t *testing.T) {
	good := func(id string) string {
		return `{"id":"` + id + `","question":"q?","answerable":true,"sources":["doc-a"],"evidence":["x"],"answer_contains":[["x"]]}`
	}
	cases := []struct {
		name  string
		input string
		want  []string // each must be in the error
	}{
		{"malformed JSON", good("a") + "\n" + `{"id":"b","question":` + "\n",
			[]string{"line 2:", "not a JSON object"}},
		{"not an object", `["a","b"]`, []string{"line 1:", "not a JSON object"}},
		{"answerable is a string", good("a") + "\n" + good("b") + "\n" + `{"id":"c","question":"q?","answerable":"yes"}`,
			[]string{"line 3:", `field "answerable"`, "bool"}},
		{"id is a number", `{"id":7,"question":"q?","answerable":false}`, []string{"line 1:", `field "id"`}},
		{"answer_contains is flat", `{"id":"a","question":"q?","answerable":false,"answer_contains":["x"]}`,
			[]string{"line 1:", `field "answer_contains"`}},
		{"empty answer group", good("a") + "\n" + `{"id":"b","question":"q?","answerable":true,"sources":["doc-a"],"answer_contains":[["a"],[]]}`,
			[]string{"line 2:", `field "answer_contains"`, "group 2 is empty"}},
		{"unknown document", `{"id":"a","question":"q?","answerable":true,"sources":["doc-a","doc-zz"]}`,
			[]string{"line 1:", `field "sources"`, `unknown document ID "doc-zz"`}},
		{"unknown document in an unanswerable question", `{"id":"a","question":"q?","answerable":false,"sources":["nope"]}`,
			[]string{"line 1:", `field "sources"`, `"nope"`}},
		{"duplicate id", good("a") + "\n" + good("b") + "\n\n" + good("a"),
			[]string{"line 4:", `field "id"`, `duplicate id "a"`, "first on line 1"}},
		{"missing question", `{"id":"a","answerable":false}`, []string{"line 1:", `field "question"`, "missing"}},
		{"blank question", `{"id":"a","question":"   ","answerable":false}`, []string{"line 1:", `field "question"`}},
		{"missing id", `{"question":"q?","answerable":false}`, []string{"line 1:", `field "id"`, "missing"}},
		{"missing answerable", `{"id":"a","question":"q?"}`, []string{"line 1:", `field "answerable"`, "true or false"}},
		{"answerable without sources", `{"id":"a","question":"q?","answerable":true}`,
			[]string{"line 1:", `field "sources"`, "at least one source"}},
		{"answerable with empty sources", `{"id":"a","question":"q?","answerable":true,"sources":[]}`,
			[]string{"line 1:", `field "sources"`, "at least one source"}},
		{"line numbers count blank lines", "\n\n" + good("a") + "\n\n" + `{"id":"b"}`,
			[]string{"line 5:", `field "question"`}},
		{"every bad line reported", `{"id":"a"}` + "\n" + good("b") + "\n" + `not json`,
			[]string{"line 1:", `field "question"`, "line 3:", "not a JSON object"}},
		{"answerable without evidence", `{"id":"a","question":"q?","answerable":true,"sources":["doc-a"]}`,
			[]string{"line 1:", `field "evidence"`, "needs an evidence phrase"}},
		{"answerable without an expected answer", `{"id":"a","question":"q?","answerable":true,"sources":["doc-a"],"evidence":["x"]}`,
			[]string{"line 1:", `field "answer_contains"`, "any answer would count as right"}},
		{"a question the bot refuses", `{"id":"a","question":"q\u0007?","answerable":false}`,
			[]string{"line 1:", `field "question"`, "the bot refuses it"}},
		{"a line over 4 MiB", `{"id":"a","question":"` + strings.Repeat("x", 5<<20) + `","answerable":false}`,
			[]string{"line 1:", "longer than 4 MiB"}},
		{"a key given twice", `{"id":"a","id":"b","question":"q?","answerable":false}`, []string{"line 1:", `field "id" is given twice`}},
		{"text after the object", `{"id":"a","question":"q?","answerable":false} {}`, []string{"line 1:", "text after"}},
		{"not UTF-8", "{\"id\":\"a\",\"question\":\"H\xe0 N\xf4i?\",\"answerable\":false}", []string{"line 1:", "not UTF-8"}},
		{"a blank answer alternative", `{"id":"a","question":"q?","answerable":true,"sources":["doc-a"],"evidence":["x"],"answer_contains":[["  "]]}`,
			[]string{"line 1:", `field "answer_contains"`, "blank alternative"}},
		{"a blank exclude", `{"id":"a","question":"q?","answerable":false,"answer_excludes":[""]}`,
			[]string{"line 1:", `field "answer_excludes"`, "blank"}},
		{"empty file", "", []string{"no questions"}},
		{"blank lines only", "\n  \n\t\n", []string{"no questions"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			qs, _, err := eval.ReadQuestions(strings.NewReader(tc.input), knownDocs("doc-a"))
			if err == nil {
				t.Fatalf("no error, want one containing %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if qs != nil {
				t.Errorf("got %d questions alongside the error, want none", len(qs))
			}
			if !errors.Is(err, eval.ErrQuestionSet) {
				t.Errorf("error is not ErrQuestionSet: %v", err)
			}
		})
	}
}

// TestReadQuestionsByteOrderMark checks that a file opening with the
// byte-order mark some editors write is read.
func TestReadQuestionsByteOrderMark(t *testing.T) {
	qs, _, err := eval.ReadQuestions(strings.NewReader("\uFEFF"+`{"id":"a","question":"q?","answerable":false}`), knownDocs("doc-a"))
	if err != nil || len(qs) != 1 {
		t.Errorf("ReadQuestions = %d questions, %v; want 1", len(qs), err)
	}
}

// TestReadQuestionsLineError checks the structured error a bad line gives.
func TestReadQuestionsLineError(t *testing.T) {
	input := `{"id":"a","question":"q?","answerable":false}` + "\n" + `{"id":"b","question":"q?","answerable":"no"}`
	_, _, err := eval.ReadQuestions(strings.NewReader(input), knownDocs())
	var le *eval.LineError
	if !errors.As(err, &le) {
		t.Fatalf("error %v is not a *LineError", err)
	}
	if le.Line != 2 || le.Field != "answerable" {
		t.Errorf("LineError{Line: %d, Field: %q}, want {2, \"answerable\"}", le.Line, le.Field)
	}
}

// TestReadQuestionsWarnings checks that unknown fields are warnings, not
// errors, and that blank and very long lines are read.
func TestReadQuestionsWarnings(t *testing.T) {
	long := strings.Repeat("very long phrase ", 5000) // about 85 KiB, in a field the bot does not read
	cases := []struct {
		name         string
		input        string
		wantIDs      []string
		wantWarnings []string
	}{
		{"unknown fields", `{"id":"a","question":"q?","answerable":false,"notes":"x","difficulty":3}`,
			[]string{"a"}, []string{`line 1: unknown field "difficulty" ignored`, `line 1: unknown field "notes" ignored`}},
		{"blank and white-space lines", "\n" + `{"id":"a","question":"q?","answerable":false}` + "\n   \n\r\n" +
			`{"id":"b","question":"q?","answerable":false}` + "\r\n\n",
			[]string{"a", "b"}, nil},
		{"a line longer than 64 KiB", `{"id":"a","question":"q?","answerable":false,"answer_excludes":["` + long + `"]}` + "\n" +
			`{"id":"b","question":"q?","answerable":false}`,
			[]string{"a", "b"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			qs, warnings, err := eval.ReadQuestions(strings.NewReader(tc.input), knownDocs())
			if err != nil {
				t.Fatalf("ReadQuestions: %v", err)
			}
			var ids []string
			for _, q := range qs {
				ids = append(ids, q.ID)
			}
			if !reflect.DeepEqual(ids, tc.wantIDs) {
				t.Errorf("ids = %q, want %q", ids, tc.wantIDs)
			}
			if !reflect.DeepEqual(warnings, tc.wantWarnings) {
				t.Errorf("warnings = %q, want %q", warnings, tc.wantWarnings)
			}
		})
	}
	t.Run("long field kept whole", func(t *testing.T) {
		qs, _, err := eval.ReadQuestions(strings.NewReader(`{"id":"a","question":"q?","answerable":false,"answer_excludes":["`+long+`"]}`), knownDocs())
		if err != nil {
			t.Fatal(err)
		}
		if qs[0].AnswerExcludes[0] != long {
			t.Errorf("field has %d bytes, want %d", len(qs[0].AnswerExcludes[0]), len(long))
		}
	})
	t.Run("warnings still come with errors", func(t *testing.T) {
		_, warnings, err := eval.ReadQuestions(strings.NewReader(`{"id":"a","answerable":false,"extra":1}`), knownDocs())
		if err == nil {
			t.Fatal("no error for a missing question")
		}
		if want := []string{`line 1: unknown field "extra" ignored`}; !reflect.DeepEqual(warnings, want) {
			t.Errorf("warnings = %q, want %q", warnings, want)
		}
	})
}

// TestReadQuestionsNullAnswerable checks that "answerable": null is refused
// like a missing flag.
func TestReadQuestionsNullAnswerable(t *testing.T) {
	_, _, err := eval.ReadQuestions(strings.NewReader(`{"id":"a","question":"q?","answerable":null}`), knownDocs())
	if err == nil || !strings.Contains(err.Error(), `field "answerable"`) {
		t.Errorf("error = %v, want one naming field \"answerable\"", err)
	}
}

// TestReadQuestionsDuplicateOfBadLine checks that a duplicate id is reported
// even when its first line has another problem, since ReadQuestions
// promises to report every problem together.
func TestReadQuestionsDuplicateOfBadLine(t *testing.T) {
	input := `{"id":"a","answerable":false}` + "\n" + `{"id":"a","question":"q?","answerable":false}`
	_, _, err := eval.ReadQuestions(strings.NewReader(input), knownDocs())
	if err == nil || !strings.Contains(err.Error(), `line 2: field "id": duplicate id "a", first on line 1`) {
		t.Errorf("error = %v, want it to report the duplicate on line 2", err)
	}
}

// TestReadQuestionsEvidence checks that an answerable question whose
// evidence its sources' text does not hold is refused (hit@k could never
// count it), and that a phrase missing beside one that is found is a
// warning.
func TestReadQuestionsEvidence(t *testing.T) {
	docs := eval.DocText(func(id string) (string, bool) {
		if id != "doc-a" {
			return "", false
		}
		return "The Comprehensive Partnership was set up in 2013. Trade grew.", true
	})
	tests := []struct {
		name, line string
		wantErr    string // "" for none
		wantWarn   string // "" for none
	}{
		{"found, normalised", `{"id":"a","question":"q?","answerable":true,"sources":["doc-a"],"evidence":["comprehensive  partnership was SET UP"],"answer_contains":[["2013"]]}`, "", ""},
		{"a typo", `{"id":"a","question":"q?","answerable":true,"sources":["doc-a"],"evidence":["Comprehensive Partnrship"],"answer_contains":[["2013"]]}`, "no phrase is in its sources' text", `evidence "Comprehensive Partnrship"`},
		{"empty", `{"id":"a","question":"q?","answerable":true,"sources":["doc-a"],"evidence":[" "],"answer_contains":[["2013"]]}`, "no phrase is in its sources' text", `evidence " "`},
		{"one of two missing", `{"id":"a","question":"q?","answerable":true,"sources":["doc-a"],"evidence":["set up in 2013","a photo caption"],"answer_contains":[["2013"]]}`, "", `evidence "a photo caption" is in none`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, warnings, err := eval.ReadQuestions(strings.NewReader(tt.line), docs)
			if (err == nil) != (tt.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
				t.Errorf("err = %v, want %q", err, tt.wantErr)
			}
			if got := strings.Join(warnings, "\n"); (got == "") != (tt.wantWarn == "") || !strings.Contains(got, tt.wantWarn) {
				t.Errorf("warnings = %q, want %q", warnings, tt.wantWarn)
			}
		})
	}
}
