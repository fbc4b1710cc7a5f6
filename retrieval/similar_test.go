package retrieval

import "testing"

func TestSimilarity(t *testing.T) {
	l := seedIndex(t, Options{}).Lexicon()
	const troops = "How many US troops will be stationed in Vietnam?"
	tests := []struct {
		name     string
		a, b     string
		min, max float64
	}{
		{"same question", troops, troops, 0.99, 1.01},
		{"same question of compounds the word vectors lack", "What about the East Sea?", "What about the East Sea?", 0.99, 1.01},
		{"compounds reworded", "What about the East Sea?", "And the East Sea?", 0.99, 1.01},
		{"paraphrase", troops, "How many American soldiers are going to be based in Vietnam?", 0.6, 1},
		{"reworded", "What was the value of bilateral trade in 2022?", "How much was two-way trade worth in 2022?", 0.6, 1},
		{"another year", "What was the value of bilateral trade in 2022?", "What was the value of bilateral trade in 2021?", 0, 0.5},
		{"another topic", troops, "What was the value of bilateral trade in 2022?", 0, 0.3},
		{"same place, another question", "What is the price of pho in Hanoi?", "What is the weather in Hanoi?", 0, 0.5},
		{"nothing to compare", "", troops, 0, 0.01},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := l.Similarity(tt.a, tt.b)
			if got < tt.min || got > tt.max {
				t.Errorf("Similarity(%q, %q) = %.3f, want in [%.2f, %.2f]", tt.a, tt.b, got, tt.min, tt.max)
			}
			if back := l.Similarity(tt.b, tt.a); back != got {
				t.Errorf("not symmetric: %.3f one way, %.3f the other", got, back)
			}
		})
	}
}
