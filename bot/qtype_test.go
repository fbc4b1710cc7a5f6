package bot

import "testing"

func TestQuestionKind(t *testing.T) {
	lex := seedEngine(t).state.Load().index.Lexicon()
	tests := []struct {
		question string
		want     kind
	}{
		{"Who is Pham Minh Chinh?", kindIdentity},
		{"who was vuong dinh hue", kindIdentity},
		{"Who's Trong?", kindIdentity},
		{"Who met Biden?", kindWho},
		{"Who is the president of Vietnam?", kindWho},
		{"Who did Trong meet in 2015?", kindWho},
		{"Why did Vietnam welcome the upgrade?", kindWhy},
		{"What reasons did Vietnam give for the upgrade?", kindWhy},
		{"For what reason was the visit held?", kindWhy},
		{"how come the two sides upgraded ties", kindWhy},
		{"What was behind the upgrade?", kindOther},
		{"When did the president arrive, and why?", kindWhen},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			if got := questionKind(lex.Parse(tt.question)); got != tt.want {
				t.Errorf("questionKind(%q) = %s, want %s", tt.question, kindNames[got], kindNames[tt.want])
			}
		})
	}
}

func TestHasTitle(t *testing.T) {
	asked := map[string]bool{"lan": true, "anh": true, "ko": true}
	tests := []struct {
		text string
		want bool
	}{
		{"He met Prime Minister Lan Anh Ko in the capital.", true},
		{"The talks were hosted by Chairman of the Assembly Lan Anh Ko.", true},
		{"Lan Anh Ko met him at the airport.", false},
		{"He met Lan Anh Ko, and they talked.", false},
		{"He met Prime Minister Tran Van Ba.", false},
		{"In Lan Anh Ko's view, the talks went well.", false},
		{"After Lan Anh Ko spoke, they left.", false},
		{"The Lan Anh Ko foundation paid.", false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := hasTitle(tt.text, asked); got != tt.want {
				t.Errorf("hasTitle(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestFitsText(t *testing.T) {
	tests := []struct {
		kind kind
		norm string
		want bool
	}{
		{kindQuantity, "the us is one of the major investment partners in vietnam", false},
		{kindQuantity, "the two countries upgraded their ties", false},
		{kindQuantity, "it was the first time the president came", false},
		{kindQuantity, "over 1,200 projects were registered", true},
		{kindQuantity, "it marks the fifth time a us president has visited", true},
		{kindQuantity, "one project was signed", true},
		{kindMoney, "trade reached $123.86 billion", true},
		{kindMoney, "trade reached a record high", false},
		{kindWhen, "they met on september 10", true},
		{kindWhen, "they met in hanoi", false},
		{kindDuration, "over nearly 40 years of renewal", true},
		{kindOther, "anything at all", true},
	}
	for _, tt := range tests {
		t.Run(kindNames[tt.kind]+"/"+tt.norm, func(t *testing.T) {
			if got := tt.kind.fitsText(tt.norm); got != tt.want {
				t.Errorf("%s.fitsText(%q) = %v, want %v", kindNames[tt.kind], tt.norm, got, tt.want)
			}
		})
	}
}
