package retrieval

import (
	"strings"
	"testing"

	"github.com/partnerbot/partnerbot/corpus"
)

// TestVietnameseGeneralKeys checks that every key is a phrase translate can
// find: folded, single-spaced, one to four words, compounds already joined.
func TestVietnameseGeneralKeys(t *testing.T) {
	for k := range vietnameseGeneral {
		n := len(strings.Fields(k))
		switch {
		case corpus.Normalize(k) != k:
			t.Errorf("key %q is not folded: %q", k, corpus.Normalize(k))
		case strings.Join(strings.Fields(k), " ") != k:
			t.Errorf("key %q is not single-spaced", k)
		case n < 1 || n > 4:
			t.Errorf("key %q has %d words; translate looks up 1 to 4", k, n)
		case strings.Join(Words(k), " ") != k:
			t.Errorf("key %q reads as %q: write it as Words produces it", k, strings.Join(Words(k), " "))
		}
	}
}

// TestVietnameseGeneralValues checks that every value is empty or plain
// English: ASCII letters, digits, spaces, hyphens and apostrophes, words
// that analyse to something, and never the key itself.
func TestVietnameseGeneralValues(t *testing.T) {
	for k, v := range vietnameseGeneral {
		if v == "" {
			continue
		}
		for _, r := range v {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == ' ' || r == '-' || r == '\'') {
				t.Errorf("value %q of %q has %q", v, k, r)
				break
			}
		}
		words := Words(v)
		switch {
		case strings.TrimSpace(v) != v || strings.Contains(v, "  "):
			t.Errorf("value %q of %q has stray spaces", v, k)
		case len(words) == 0:
			t.Errorf("value %q of %q has no words", v, k)
		case strings.Join(words, " ") == k:
			t.Errorf("key %q maps to itself", k)
		}
	}
}

// TestVietnameseGeneralDisjoint keeps vietnameseGeneral and vietnamese
// apart: a phrase is glossed in one place only.
func TestVietnameseGeneralDisjoint(t *testing.T) {
	for k, v := range vietnameseGeneral {
		old, ok := vietnamese[k]
		switch {
		case ok && old == v:
			t.Errorf("%q → %q is already in vietnamese", k, v)
		case ok:
			t.Errorf("%q is %q in vietnamese and %q in vietnameseGeneral", k, old, v)
		}
	}
}

// TestVietnameseGeneralPhrases checks, with both glossaries together, that
// phrases which fold alike are cut the intended way.
func TestVietnameseGeneralPhrases(t *testing.T) {
	table := map[string]string{}
	for k, v := range vietnamese {
		table[k] = v
	}
	for k, v := range vietnameseGeneral {
		table[k] = v
	}
	for _, c := range []struct{ question, want string }{
		// đã cam kết, not đã + da cam (Agent Orange)
		{"Hai bên đã cam kết gì?", "hai ben|da cam ket|gi"},
		// đã nâng cấp: the glossary phrase, not the name Đà Nẵng (see TestParseNames)
		{"Việt Nam đã nâng cấp quan hệ với Mỹ chưa?", "vietnam|da nang cap|quan he|voi|my|chua"},
		// có hội đàm, not cơ hội; ông Trọng is an alias (see TestParseNames)
		{"Biden có hội đàm với ông Trọng không?", "biden|co hoi dam|voi|ong|trong|khong"},
		// trong meaning in
		{"Hai nước hợp tác trong những lĩnh vực nào?", "hai nuoc|hop tac|trong nhung|linh vuc nao"},
		{"Trong chuyến thăm, Biden gặp ai?", "trong chuyen tham|biden|gap|ai"},
		// the leader's name, and -trọng words
		{"Tổng Bí thư Nguyễn Phú Trọng", "tong bi thu|nguyen|phu|trong"},
		{"Tầm quan trọng của chuyến thăm", "tam quan trong|cua|chuyen tham"},
		// hai chiều is two-way, not two afternoons
		{"Kim ngạch thương mại hai chiều", "kim ngach thuong mai|hai chieu"},
		// ba lần is three times, not Ba Lan (Poland)
		{"Biden đã thăm Việt Nam ba lần", "biden|da|tham|vietnam|ba lan"},
		// tới nay is to date, not tối nay (tonight)
		{"từ năm 1995 tới nay", "tu|nam|1995|toi nay"},
		// viết năm nào, though "viet nam" is joined first
		{"Tuyên ngôn được viết năm nào?", "tuyen ngon|duoc|vietnam nao"},
		// lớn thứ mấy after nhà đầu tư
		{"Mỹ là nhà đầu tư lớn thứ mấy?", "my|la|nha dau tu|lon thu may"},
		{"Biden thăm Việt Nam mấy ngày?", "biden|tham|vietnam|may ngay"},
		{"Chuyến thăm diễn ra từ ngày nào đến ngày nào?", "chuyen tham|dien ra|tu ngay nao|den ngay nao"},
	} {
		got := strings.Join(phrases(Words(c.question), table), "|")
		if got != c.want {
			t.Errorf("%q: got %s, want %s", c.question, got, c.want)
		}
	}
}
