package retrieval

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// groupWords lists the groups of a parsed query as word:terms.
func groupWords(q Query) string {
	var parts []string
	for _, g := range q.Groups {
		parts = append(parts, g.Word+":"+strings.Join(g.Terms, "/"))
	}
	return strings.Join(parts, " ")
}

func hasTerm(q Query, term string) bool {
	for _, g := range q.Groups {
		if slices.Contains(g.Terms, term) {
			return true
		}
	}
	return false
}

func TestParse(t *testing.T) {
	lex := seedIndex(t, Options{}).Lexicon()
	tests := []struct {
		name       string
		question   string
		vietnamese bool
		wantTerms  []string // each must be a term of some group
		notTerms   []string // none may be
	}{
		{"typos corrected", "bilaterl trade in 2022 with the United Staes", false, []string{"bilater", "trade", "2022", "us"}, nil},
		{"a real word is not a typo", "what did the police do, how many times, and President Carter", false, []string{"polic", "time", "carter"}, []string{"polici", "tie", "charter"}},
		{"a name misspelled", "what did Bidden say", false, []string{"biden"}, nil},
		{"a courtesy", "Thank you! ok thank u", false, nil, []string{"thank"}},
		{"the verb", "what did Biden thank his hosts for", false, []string{"thank"}, nil},
		{"a day as an ordinal", "what happened on September 10th", false, []string{"10", "septemb"}, []string{"10th"}},
		{"a day as an ordinal before its month", "where was Biden on the 11th of September", false, []string{"11"}, []string{"11th"}},
		{"an ordinal that is not a day", "what marks the 10th anniversary", false, []string{"10th"}, nil},
		{"an ordinal before a month", "was this Biden's first September visit", false, []string{"1st", "septemb"}, nil},
		{"may the verb", "what may 3rd countries do", false, []string{"3rd"}, nil},
		{"may the month", "what happened on May 3rd", false, []string{"3"}, []string{"3rd"}},
		{"vietnamese about the US", "Mỹ có thể giúp gì?", true, nil, nil},
		{"vietnamese, short", "Trump có đến?", true, nil, nil},
		{"synonym widens", "how much commerce", false, []string{"trade"}, []string{"much"}},
		{"phrase synonym", "who is the head of government", false, []string{"prime", "minist"}, nil},
		{"vietnamese with diacritics", "Thương mại song phương năm 2022 là bao nhiêu?", true, []string{"trade", "bilater", "2022"}, nil},
		{"vietnamese without diacritics", "thuong mai song phuong nam 2022 la bao nhieu", true, []string{"trade", "bilater", "2022"}, nil},
		{"who is, in vietnamese", "Nguyễn Phú Trọng là ai?", true, []string{"trong"}, []string{"la", "ai"}},
		{"vietnamese thousands", "Mỹ có hơn 1.200 dự án đầu tư tại Việt Nam không?", true, []string{"1200", "project"}, []string{"1.2", "1.200"}},
		{"a vietnamese decimal", "thương mại tăng 11,5 phần trăm", true, []string{"11.5"}, []string{"115"}},
		{"who is, in vietnamese without diacritics", "Joe Biden la ai", true, []string{"biden"}, []string{"la", "ai"}},
		{"english with loanwords", "What did the café owner say about the résumé?", false, []string{"cafe"}, nil},
		{"english with a vietnamese phrase", "How long has Vietnam been carrying out its đổi mới reforms?", false, []string{"reform"}, nil},
		{"a vietnamese name does not make a question vietnamese", "When did Biden arrive in Hà Nội?", false, []string{"biden", "arriv", "hanoi"}, nil},
		{"question-kind words dropped", "how long and what year", false, nil, []string{"long", "year"}},
		{"exclusions dropped", "besides Trong, which leaders did Biden meet", false, []string{"leader", "biden"}, []string{"trong"}},
		{"hash one", "what's vietnam's #1 export market", false, []string{"top", "export", "market"}, []string{"1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := lex.Parse(tt.question)
			if q.Vietnamese != tt.vietnamese {
				t.Errorf("Vietnamese = %v, want %v", q.Vietnamese, tt.vietnamese)
			}
			for _, term := range tt.wantTerms {
				if !hasTerm(q, term) {
					t.Errorf("no group has term %q: %s", term, groupWords(q))
				}
			}
			for _, term := range tt.notTerms {
				if hasTerm(q, term) {
					t.Errorf("a group has term %q: %s", term, groupWords(q))
				}
			}
		})
	}
}

func TestParseMarksEntitiesAndNumbers(t *testing.T) {
	lex := seedIndex(t, Options{}).Lexicon()
	q := lex.Parse("When did Vietnam upgrade ties with Japan in 2016?")
	var entity, number bool
	for _, g := range q.Groups {
		entity = entity || (g.Word == "japan" && g.Entity && g.Critical() && !g.Known)
		number = number || (g.Word == "2016" && g.Numeric)
		if g.Word == "vietnam" && g.Entity {
			t.Errorf("vietnam is the topic, not a restricting entity")
		}
	}
	if !entity || !number {
		t.Errorf("japan entity %v, 2016 number %v: %s", entity, number, groupWords(q))
	}
}

func TestWithContext(t *testing.T) {
	lex := seedIndex(t, Options{}).Lexicon()
	q := lex.WithContext(lex.Parse("and how much did it grow?"), "What was bilateral trade in 2022?")
	var ctx []string
	for _, g := range q.Groups {
		if g.Context {
			ctx = append(ctx, g.Word)
		}
	}
	if got, want := strings.Join(ctx, " "), "bilateral trade 2022"; got != want {
		t.Errorf("context groups = %q, want %q", got, want)
	}
}

// TestParseNames checks that names come from the articles and the aliases
// file: a name is one group, whatever form the question gives it in.
func TestParseNames(t *testing.T) {
	lex := seedIndex(t, Options{}).Lexicon()
	tests := []struct {
		name       string
		question   string
		vietnamese bool
		wantWord   string // a group with this word
		wantTerm   string // among its terms
		wantName   string // among its Names, if set
		notWord    string // no group with this word, if set
	}{
		{"full name", "Who did Nguyễn Phú Trọng meet?", false, "nguyen phu trong", "trong", "nguyen", ""},
		{"lower case name stays English", "who did nguyễn phú trọng meet", false, "nguyen phu trong", "trong", "phu", ""},
		{"short form", "Who did Trong meet?", false, "trong", "trong", "nguyen", ""},
		{"alias from the file", "What did Mc Cain do?", false, "mccain", "mccain", "", "mc"},
		{"vietnamese alias", "Biden có hội đàm với ông Trọng không?", true, "nguyen phu trong", "trong", "", "ong"},
		{"glossary phrase beats a name", "Việt Nam đã nâng cấp quan hệ với Mỹ chưa?", true, "upgrade", "upgrad", "", "da nang"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := lex.Parse(tt.question)
			if q.Vietnamese != tt.vietnamese {
				t.Errorf("Vietnamese = %v, want %v", q.Vietnamese, tt.vietnamese)
			}
			var got *Group
			for i, g := range q.Groups {
				if g.Word == tt.notWord {
					t.Errorf("group %q, want none: %s", g.Word, groupWords(q))
				}
				if g.Word == tt.wantWord {
					got = &q.Groups[i]
				}
			}
			if got == nil {
				t.Fatalf("no group %q: %s", tt.wantWord, groupWords(q))
			}
			if !slices.Contains(got.Terms, tt.wantTerm) {
				t.Errorf("group %q terms %q, want %q among them", got.Word, got.Terms, tt.wantTerm)
			}
			if tt.wantName != "" && !slices.Contains(got.Names, tt.wantName) {
				t.Errorf("group %q names %q, want %q among them", got.Word, got.Names, tt.wantName)
			}
		})
	}
}

// TestGroupWithout checks that what the asker leaves out is dropped from
// a group's alternatives, but never the word's own term, and that each
// term left keeps the weight its alternatives give it.
func TestGroupWithout(t *testing.T) {
	tests := []struct {
		name string
		drop []string
		want []string
	}{
		{"an alternate left out", []string{"trong"}, []string{"leader", "presid", "nguyen phu"}},
		{"a phrase holding one left out", []string{"phu"}, []string{"leader", "trong", "presid"}},
		{"the word's own term stays", []string{"leader", "presid"}, []string{"leader", "trong", "nguyen phu"}},
		{"nothing left out", nil, []string{"leader", "trong", "presid", "nguyen phu"}},
	}
	weight := map[string]float64{"leader": 1, "trong": 0.6, "presid": 0.8, "nguyen": 0.8 * 0.7, "phu": 0.8 * 0.7}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var g Group
			g.addTerms([]string{"leader"}, 1)
			g.addTerms([]string{"trong"}, 0.6)
			g.addTerms([]string{"presid"}, 0.8)
			g.addTerms([]string{"nguyen", "phu"}, 0.8)
			drop := map[string]bool{}
			for _, d := range tt.drop {
				drop[d] = true
			}
			g.without(drop)
			var got []string
			for _, a := range g.Alts {
				got = append(got, strings.Join(a.Terms, " "))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("alternatives %q, want %q", got, tt.want)
			}
			if len(g.Weights) != len(g.Terms) {
				t.Fatalf("%d weights for %d terms", len(g.Weights), len(g.Terms))
			}
			for i, term := range g.Terms {
				if drop[term] && term != "leader" {
					t.Errorf("term %q left in %q", term, g.Terms)
				}
				if math.Abs(g.Weights[i]-weight[term]) > 1e-12 {
					t.Errorf("term %q weighs %v, want %v", term, g.Weights[i], weight[term])
				}
			}
		})
	}
}

// TestParseLeavesOutRelatedForms checks that a word left out takes its
// related forms with it from the other words' alternatives.
func TestParseLeavesOutRelatedForms(t *testing.T) {
	lex := seedIndex(t, Options{}).Lexicon()
	left := lex.termsOf([]string{"investment"})
	q := lex.Parse("besides investment, what cooperation did they agree")
	for _, g := range q.Groups {
		for _, term := range g.Terms[1:] {
			if left[term] {
				t.Errorf("group %q has %q, a form of the word left out", g.Word, term)
			}
		}
	}
	if len(left) < 2 {
		t.Errorf("termsOf(investment) = %v, want its related forms too", left)
	}
}
