// Command selectorfit fits bot/selector.json, the model that chooses which
// sentence answers a question and when to decline, from labelled question
// sets. From the module root:
//
//	go run ./bot/internal/selectorfit
//
// It answers every question of the sets with the engine on the embedded
// articles, takes every candidate sentence the engine weighed with its
// features, and labels it: a sentence answers when it holds one of the
// question's evidence phrases, or comes from a listed source and holds one
// of the expected answers. An unanswerable question's sentences all fail.
//
// The weights are an L2-regularised logistic regression, fitted by Newton's
// method on standardised features. The decline threshold is chosen from
// out-of-fold predictions (questions split into -folds folds, each fold
// predicted by a model fitted on the others): the threshold that makes the
// most parts right, where a part is right when its most probable sentence
// answers and reaches the threshold, or, for an unanswerable question, when
// none reaches it; a wrong quote costs a little more than a decline.
//
// With -threshold-on, the threshold is chosen instead on question sets
// held back from fitting, by the same rule, from the fitted selector's
// probabilities on them; with -weights as well, an existing selector's
// weights are kept and only its threshold is chosen:
//
//	go run ./bot/internal/selectorfit -weights bot/selector.json -threshold-on eval/testdata/heldout.jsonl,… -out /tmp/selector.json
package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/partnerbot/partnerbot"
	"github.com/partnerbot/partnerbot/bot"
	"github.com/partnerbot/partnerbot/corpus"
	"github.com/partnerbot/partnerbot/eval"
	"github.com/partnerbot/partnerbot/retrieval"
)

// fittingFolds are the labelled sets the selector and the alternates are
// fitted on, in eval/testdata, one fold of folds.sh per line: every set
// written by someone who read only the articles (valid.jsonl is about
// invented documents). A new set is looked at once before it joins them
// (see README, Evaluation).
//
//go:embed folds.txt
var fittingFolds string

// defaultSets are the paths of the sets in fittingFolds, comma-separated.
var defaultSets = func() string {
	var paths []string
	for _, name := range strings.Fields(fittingFolds) {
		paths = append(paths, "eval/testdata/"+name+".jsonl")
	}
	return strings.Join(paths, ",")
}()

func main() {
	sets := flag.String("questions", defaultSets, "comma-separated question sets (JSON Lines)")
	out := flag.String("out", "bot/selector.json", "output file")
	folds := flag.Int("folds", 5, "folds for choosing the threshold")
	l2 := flag.Float64("l2", 1, "L2 penalty on the weights")
	flag.Float64Var(&wrongCost, "wrong-cost", wrongCost, "cost of a wrong quote when choosing the threshold")
	flag.Float64Var(&unanswerableWeight, "unanswerable-weight", unanswerableWeight, "weight of unanswerable questions' candidates in the accept stage's fit")
	flag.IntVar(&acceptTop, "accept-top", acceptTop, "best-ranked candidates per part the accept stage is fitted on, and that an answer may lead with")
	alternates := flag.String("alternates", "retrieval/alternates.json", "alternates file: written when fitting, read with -weights")
	flag.IntVar(&alt.minCount, "alt-min-count", alt.minCount, "questions an alternate must come from")
	flag.Float64Var(&alt.minPrecision, "alt-min-precision", alt.minPrecision, "share of the questions leaving a word uncovered whose answer must hold the alternate")
	flag.Float64Var(&alt.minLift, "alt-min-lift", alt.minLift, "that share over the alternate's share of all sentences")
	flag.IntVar(&alt.top, "alt-top", alt.top, "alternates kept per term")
	flag.Float64Var(&alt.weight, "alt-weight", alt.weight, "what an alternate counts for against the word's own term")
	unlike := flag.String("unlike", "", "comma-separated question sets: questions of the fitting sets written alike to one of theirs are left out (loso.sh passes the set it measures)")
	held := flag.String("threshold-on", "", "comma-separated question sets, held back from fitting, to choose the threshold on instead of the fitting sets' folds")
	weights := flag.String("weights", "", "a selector file whose weights are kept (only the threshold is chosen, on -threshold-on)")
	crosses := flag.String("crosses", joinCrosses(defaultCrosses), "comma-separated pairs of features, a*b, whose products the selector weighs too")
	flag.Parse()
	cs, err := parseCrosses(*crosses)
	if err == nil && acceptTop < 1 {
		err = fmt.Errorf("-accept-top %d: the accept stage needs at least the best-ranked candidate", acceptTop)
	}
	if err == nil && !(unanswerableWeight > 0 && unanswerableWeight < math.Inf(1)) {
		err = fmt.Errorf("-unanswerable-weight %v: a weight must be positive and finite", unanswerableWeight)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "selectorfit:", err)
		os.Exit(2)
	}
	o := options{sets: split(*sets), held: split(*held), unlike: split(*unlike), weights: *weights, out: *out, alternates: *alternates, folds: *folds, l2: *l2, crosses: cs}
	// An experiment writing its selector elsewhere writes its alternates
	// beside it, not over the checkout's, which must match bot/selector.json.
	given := map[string]bool{}
	flag.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if given["weights"] && given["crosses"] {
		fmt.Fprintln(os.Stderr, "selectorfit: -weights keeps the file's crosses with its weights: -crosses cannot change them")
		os.Exit(2)
	}
	if given["out"] && !given["alternates"] {
		o.alternates = filepath.Join(filepath.Dir(*out), "alternates.json")
	}
	if err := run(context.Background(), o); err != nil {
		fmt.Fprintln(os.Stderr, "selectorfit:", err)
		os.Exit(1)
	}
}

// part is one part of one question: its candidates' features and labels.
type part struct {
	question   string
	answerable bool
	x          [][]float64
	y          []bool
}

// options are selectorfit's flags.
type options struct {
	sets    []string // fitted on
	held    []string // the threshold is chosen on these, when any
	unlike  []string // questions written alike to one of these are not fitted on
	weights string   // keep this file's weights rather than fit them
	out     string
	// alternates is the learned alternates' file: written when fitting,
	// read when keeping -weights (which were fitted with them).
	alternates string
	folds      int
	l2         float64
	crosses    [][2]string
}

// split is a comma-separated list's items; none for "".
func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func run(ctx context.Context, o options) error {
	if o.weights != "" && len(o.held) == 0 {
		return fmt.Errorf("-weights keeps the weights and chooses only the threshold: it needs -threshold-on")
	}
	c, err := embeddedCorpus()
	if err != nil {
		return err
	}
	var sel *bot.Selector
	var alts *retrieval.Alternates
	var score float64
	how := "out-of-fold"
	if o.weights != "" {
		sel, alts, err = kept(o)
	} else {
		sel, alts, score, err = fit(ctx, c, o)
	}
	if err != nil {
		return err
	}
	if len(o.held) > 0 {
		if score, err = thresholdOn(ctx, c, alts, sel, o.held); err != nil {
			return err
		}
		how = "on the held-back sets"
	}
	if err := writeJSON(o.out, sel); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "selectorfit: threshold %.3f (%s: %.3f of parts right) → %s\n", sel.Threshold, how, score, o.out)
	return nil
}

// kept reads the selector whose weights -weights keeps and the alternates
// it was fitted with, neither learned on a set held back.
func kept(o options) (*bot.Selector, *retrieval.Alternates, error) {
	sel, err := readSelector(o.weights)
	if err != nil {
		return nil, nil, err
	}
	if err := disjoint(fittedSets(sel.FittedOn), o.held); err != nil {
		return nil, nil, err
	}
	b, err := os.ReadFile(o.alternates)
	if err != nil {
		return nil, nil, err
	}
	alts, err := retrieval.ParseAlternates(b)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", o.alternates, err)
	}
	if err := disjoint(fittedSets(alts.FittedOn), o.held); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", o.alternates, err)
	}
	return sel, alts, nil
}

// fit learns the alternates and fits the selector on o.sets, writes the
// alternates, and returns both with the out-of-fold score.
func fit(ctx context.Context, c *corpus.Corpus, o options) (*bot.Selector, *retrieval.Alternates, float64, error) {
	if err := disjoint(o.sets, o.held); err != nil {
		return nil, nil, 0, err
	}
	parts, fitted, err := crossFittedParts(ctx, c, o.sets, o.unlike)
	if err != nil {
		return nil, nil, 0, err
	}
	sel, score := fitSelector(parts, o.crosses, o.folds, o.l2)
	sel.FittedOn = fitted.selector
	if err := writeJSON(o.alternates, fitted.alternates); err != nil {
		return nil, nil, 0, err
	}
	fmt.Fprintf(os.Stderr, "selectorfit: %d terms with alternates → %s\n", len(fitted.alternates.Terms), o.alternates)
	return sel, fitted.alternates, score, nil
}

// thresholdOn chooses sel's threshold on the held-back sets, weighed with
// alts, and notes them in sel.FittedOn; it returns the share of parts right.
func thresholdOn(ctx context.Context, c *corpus.Corpus, alts *retrieval.Alternates, sel *bot.Selector, held []string) (float64, error) {
	e, err := weighingEngine(ctx, c, alts)
	if err != nil {
		return 0, err
	}
	var parts []part
	for _, path := range held {
		qs, err := readSet(path, c)
		if err != nil {
			return 0, err
		}
		ps, err := weighSet(ctx, e, path, qs)
		if err != nil {
			return 0, err
		}
		parts = append(parts, ps...)
		sel.FittedOn = append(sel.FittedOn, heldNote+fmt.Sprintf("%s: %d questions", filepath.Base(path), len(qs)))
	}
	var score float64
	sel.Threshold, score = chooseThreshold(parts, heldOutcomes(sel, parts))
	return score, nil
}

// readSelector reads a selector file, without the sets a threshold was
// chosen on.
func readSelector(path string) (*bot.Selector, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sel, err := bot.ParseSelector(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	sel.FittedOn = slices.DeleteFunc(sel.FittedOn, func(s string) bool { return strings.HasPrefix(s, heldNote) })
	return sel, nil
}

// writeJSON writes v, indented, to path.
func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// fitted names what a fit drew on: the selector's sets, and the
// alternates learned from all of them.
type fitted struct {
	selector   []string
	alternates *retrieval.Alternates
}

// crossFittedParts weighs every question of each set with alternates
// learned from the other sets only, so that the selector learns how far
// to trust alternates on questions they were not learned from; it also
// learns the alternates of all the sets, which the engine is given.
//
// A question written alike in two sets (the writers asked some of the same
// things in the same words) is left out of what another set's alternates
// are learned from, and every question written alike in one of unlike is
// left out of the fit (loso.sh passes the set it measures).
func crossFittedParts(ctx context.Context, c *corpus.Corpus, sets, unlike []string) ([]part, fitted, error) {
	bare, err := weighingEngine(ctx, c, retrieval.NoAlternates)
	if err != nil {
		return nil, fitted{}, err
	}
	var away []eval.Question
	for _, path := range unlike {
		qs, err := readSet(path, c)
		if err != nil {
			return nil, fitted{}, err
		}
		away = append(away, qs...)
	}
	qsets := make([][]eval.Question, len(sets))
	for i, path := range sets {
		qs, err := readSet(path, c)
		if err != nil {
			return nil, fitted{}, err
		}
		qsets[i] = without(qs, writtenIn(away))
	}
	counts := countSentences(c)
	taught := make([][]lesson, len(sets))
	for i := range sets {
		taught[i] = lessons(c, bare.Asked, qsets[i])
	}
	var parts []part
	var f fitted
	for i, path := range sets {
		alike := writtenIn(qsets[i])
		var others []lesson
		for j, ls := range taught {
			if j != i {
				others = append(others, slices.DeleteFunc(slices.Clone(ls), func(l lesson) bool { return alike[l.written] })...)
			}
		}
		e, err := weighingEngine(ctx, c, learnAlternates(others, counts, alt))
		if err != nil {
			return nil, fitted{}, err
		}
		ps, err := weighSet(ctx, e, path, qsets[i])
		if err != nil {
			return nil, fitted{}, err
		}
		parts = append(parts, ps...)
		f.selector = append(f.selector, fmt.Sprintf("%s: %d questions", filepath.Base(path), len(qsets[i])))
	}
	f.alternates = learnAlternates(slices.Concat(taught...), counts, alt)
	f.alternates.FittedOn = append(slices.Clone(f.selector), fmt.Sprintf(
		"learned by bot/internal/selectorfit: a pair from at least %d questions, precision %.2f, lift %.1f; top %d per term",
		alt.minCount, alt.minPrecision, alt.minLift, alt.top))
	return parts, f, nil
}

// writtenIn is how the questions qs are written (see writtenAs).
func writtenIn(qs []eval.Question) map[string]bool {
	out := map[string]bool{}
	for _, q := range qs {
		out[writtenAs(q)] = true
	}
	return out
}

// without is qs less the questions written as one of alike.
func without(qs []eval.Question, alike map[string]bool) []eval.Question {
	return slices.DeleteFunc(slices.Clone(qs), func(q eval.Question) bool { return alike[writtenAs(q)] })
}

// embeddedCorpus is the embedded articles, as the engine reads them by
// default.
func embeddedCorpus() (*corpus.Corpus, error) {
	docs, err := corpus.Embedded()
	if err != nil {
		return nil, err
	}
	return corpus.New(docs, corpus.ChunkOptions{})
}

// weighingEngine answers from c, indexed with alts, with a selector that
// quotes nothing, so that Explain lists every candidate with its raw
// features.
func weighingEngine(ctx context.Context, c *corpus.Corpus, alts *retrieval.Alternates) (*bot.Engine, error) {
	ix, err := retrieval.Build(ctx, c, retrieval.Options{Alternates: alts})
	if err != nil {
		return nil, err
	}
	return bot.New(ix, bot.Options{Selector: blank(nil)}), nil
}

// blank is a selector weighing the features and crosses with no weight,
// which quotes nothing: its threshold is past any probability.
func blank(crosses [][2]string) *bot.Selector {
	n := len(bot.FeatureNames()) + len(crosses)
	s := &bot.Selector{Features: bot.FeatureNames(), Crosses: crosses, Mean: make([]float64, n), Scale: ones(n),
		Rank: make([]float64, n), Accept: make([]float64, n+2), Threshold: 2}
	if err := s.Check(); err != nil {
		panic(err) // a cross that is no feature: parseCrosses refuses it
	}
	return s
}

// heldNote marks, in a selector's FittedOn, the sets its threshold was
// chosen on.
const heldNote = "threshold chosen on "

// fittedSets are the set files a selector's FittedOn names ("fit_a.jsonl:
// 110 questions").
func fittedSets(fittedOn []string) []string {
	var out []string
	for _, f := range fittedOn {
		if name, _, ok := strings.Cut(f, ":"); ok {
			out = append(out, name)
		}
	}
	return out
}

// disjoint refuses a held-back set that was also fitted on, comparing file
// names: a threshold chosen on it would be chosen in-sample.
func disjoint(fitted, held []string) error {
	for _, h := range held {
		for _, f := range fitted {
			if filepath.Base(h) == filepath.Base(f) {
				return fmt.Errorf("%s is both fitted on and held back", filepath.Base(h))
			}
		}
	}
	return nil
}

// weighSet answers every question of a set with e and labels the
// candidates of each part.
func weighSet(ctx context.Context, e *bot.Engine, path string, qs []eval.Question) ([]part, error) {
	var parts []part
	for _, q := range qs {
		tr, err := e.Explain(ctx, partnerbot.Question{Text: q.Question})
		if err != nil {
			if partnerbot.UserMessage(err) != "" {
				continue // refused as asked: nothing to weigh
			}
			return nil, fmt.Errorf("%s %s: %w", path, q.ID, err)
		}
		for _, pt := range tr.Parts {
			parts = append(parts, label(q, pt))
		}
	}
	return parts, nil
}

// heldOutcomes weighs each part's candidates with sel, as the engine
// does, and returns the best-ranked one's probability and label.
func heldOutcomes(sel *bot.Selector, parts []part) []outcome {
	var outs []outcome
	for _, p := range parts {
		if len(p.x) == 0 {
			continue
		}
		xs := make([]bot.Features, len(p.x))
		for i, x := range p.x {
			copy(xs[i][:], x)
		}
		best := sel.Weigh(xs)[0]
		outs = append(outs, outcome{best.P, p.y[best.Index], p.answerable})
	}
	return outs
}

func readSet(path string, c *corpus.Corpus) ([]eval.Question, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	qs, _, err := eval.ReadQuestions(f, eval.CorpusText(c))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return qs, nil
}

// label marks each candidate of a part as answering or not.
func label(q eval.Question, pt bot.PartTrace) part {
	p := part{question: q.ID, answerable: q.Answerable}
	for _, c := range pt.Candidates {
		p.x = append(p.x, c.Features)
		p.y = append(p.y, q.Answerable && answers(q, c))
	}
	return p
}

// answers reports whether a candidate's quote holds an evidence phrase, or
// comes from a listed source and holds an expected answer.
func answers(q eval.Question, c bot.CandidateTrace) bool {
	text := corpus.Normalize(c.Quote)
	if holdsAny(text, q.Evidence) {
		return true
	}
	if !slices.Contains(q.Sources, c.DocID) {
		return false
	}
	return slices.ContainsFunc(q.AnswerContains, func(g []string) bool { return holdsAny(text, g) })
}

// holdsAny reports whether normalised text holds one of phrases, each
// normalised (an empty one holds nothing).
func holdsAny(text string, phrases []string) bool {
	return slices.ContainsFunc(phrases, func(p string) bool {
		n := corpus.Normalize(p)
		return n != "" && strings.Contains(text, n)
	})
}

// fold puts a question in one of n folds, the same one every run.
func fold(question string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(question))
	return int(h.Sum32() % uint32(n))
}

// wrongCost is what a wrong or unwarranted quote costs in choosing the
// threshold, against 1 for a part answered or declined rightly and 0 for a
// part declined that had an answer: a wrong quote misleads, a decline only
// disappoints.
var wrongCost = 0.5

// acceptTop is how many of each part's best-ranked candidates the accept
// stage is fitted on, and so the ranks an answer may lead with (the
// selector's AcceptTop): fitted on every candidate, it declined far fewer
// out-of-scope questions (352 of 570 against 409, four folds grouped by
// set, fitted with crosses); letting a candidate of any rank lead made
// 2,877 of 3,600 questions right against 2,880, and answered "ignore all
// previous instructions" after a question from a sentence ranked sixth,
// at a probability Accept was never fitted to give. Measured when it was
// fitted on six sets, out of fold: 1 → 0.666 of parts right, 2 → 0.667,
// 3 → 0.664; leave-one-set-out accuracy was the same for all three.
var acceptTop = 2

// unanswerableWeight is what the rows of a question the articles do not
// answer weigh in the accept stage's fit, against 1 for the rest: about
// one part in six is unanswerable, and weighed alike they teach the stage
// too little of what an out-of-scope question looks like. Measured on the
// four folds of folds.txt (4,920 questions): 1 → 3,960 right (accuracy
// 0.826, false abstention 0.084, unanswerable declined 0.710), 2 → 4,024
// (0.840, 0.072, 0.718), 3 → 4,032 (0.838, 0.076, 0.735).
var unanswerableWeight = 3.0

// row is one candidate as the accept stage sees it.
type row struct {
	x          []float64 // standardised features, score, margin
	y          bool
	part       int
	top        bool // the part's best-ranked candidate
	answerable bool
}

// width is how many inputs each candidate of zs has.
func width(zs [][][]float64) int {
	for _, z := range zs {
		if len(z) > 0 {
			return len(z[0])
		}
	}
	return 0
}

// fitSelector fits both stages, weighing the features and the crosses'
// products, and chooses the threshold.
func fitSelector(parts []part, crosses [][2]string, folds int, l2 float64) (*bot.Selector, float64) {
	parts = crossed(parts, crosses)
	n := len(bot.FeatureNames()) + len(crosses)
	var all [][]float64
	for _, p := range parts {
		all = append(all, p.x...)
	}
	mean, scale := standardise(all, n)
	zs := make([][][]float64, len(parts))
	for i, p := range parts {
		for _, x := range p.x {
			z := make([]float64, n)
			for j := range n {
				z[j] = (x[j] - mean[j]) / scale[j]
			}
			zs[i] = append(zs[i], z)
		}
	}
	// Out-of-fold rank scores, so that the accept stage learns how far to
	// trust a score on questions the ranker has not seen.
	var rows []row
	for f := range folds {
		var train []int
		for i, p := range parts {
			if fold(p.question, folds) != f {
				train = append(train, i)
			}
		}
		w := fitRanker(zs, parts, train, l2)
		for i, p := range parts {
			if fold(p.question, folds) == f {
				rows = append(rows, acceptRows(i, p, zs[i], w)...)
			}
		}
	}
	// Out-of-fold accept probabilities for the best-ranked candidates, to
	// choose the threshold. The engine may also lead with a lower-ranked
	// one of the acceptTop best when the best falls short; the threshold is
	// chosen as though it did not.
	var outs []outcome
	for f := range folds {
		var train, test []row
		for _, r := range rows {
			if fold(parts[r.part].question, folds) == f {
				test = append(test, r)
			} else {
				train = append(train, r)
			}
		}
		a := fitLogistic(train, l2, unanswerableWeight)
		for _, r := range test {
			if r.top {
				outs = append(outs, outcome{sigmoid(dot(a, append(r.x, 1))), r.y, r.answerable})
			}
		}
	}
	threshold, score := chooseThreshold(parts, outs)
	rank := fitRanker(zs, parts, nil, l2)
	accept := fitLogistic(rows, l2, unanswerableWeight)
	sel := &bot.Selector{Features: bot.FeatureNames(), Crosses: crosses, Mean: mean, Scale: scale, Rank: rank,
		Accept: accept[:n+2], Bias: accept[n+2], AcceptTop: acceptTop, Threshold: threshold}
	if err := sel.Check(); err != nil {
		panic(err) // the crosses were checked, the lengths made here
	}
	return sel, score
}

// acceptRows scores a part's candidates with ranker weights w and returns
// the best acceptTop as accept rows.
func acceptRows(i int, p part, zs [][]float64, w []float64) []row {
	scores := make([]float64, len(zs))
	order := make([]int, len(zs))
	for c, z := range zs {
		scores[c] = dot(w, z)
		order[c] = c
	}
	sort.SliceStable(order, func(a, b int) bool { return scores[order[a]] > scores[order[b]] })
	var out []row
	for r, c := range order[:min(acceptTop, len(order))] {
		other := scores[order[0]]
		if r == 0 {
			other = scores[c]
			if len(order) > 1 {
				other = scores[order[1]]
			}
		}
		x := append(append([]float64(nil), zs[c]...), scores[c], scores[c]-other)
		out = append(out, row{x: x, y: p.y[c], part: i, top: r == 0, answerable: p.answerable})
	}
	return out
}

// outcome is a part's best-ranked candidate as the threshold sees it.
type outcome struct {
	p          float64
	right      bool // it answers
	answerable bool
}

// chooseThreshold picks the decline threshold from out-of-fold outcomes.
func chooseThreshold(parts []part, outs []outcome) (float64, float64) {
	var answerable, ceiling, top int
	for _, p := range parts {
		if p.answerable {
			answerable++
			if slices.Contains(p.y, true) {
				ceiling++
			}
		}
	}
	for _, o := range outs {
		if o.answerable && o.right {
			top++
		}
	}
	fmt.Fprintf(os.Stderr, "selectorfit: answerable parts %d; some candidate answers: %d; best-ranked answers: %d\n", answerable, ceiling, top)
	sort.Slice(outs, func(a, b int) bool { return outs[a].p < outs[b].p })
	bestT, bestScore := 0.5, math.Inf(-1)
	for i := range outs {
		t := outs[i].p // answer when p >= t
		score := 0.0
		for _, o := range outs {
			switch {
			case o.p < t && !o.answerable:
				score++
			case o.p >= t && o.answerable && o.right:
				score++
			case o.p >= t && !o.right:
				score -= wrongCost // a wrong quote misleads; a decline only disappoints
			}
		}
		if score > bestScore {
			bestT, bestScore = t, score
		}
	}
	var right, wrong, falseDecl, oosDecl, oosAns int
	for _, o := range outs {
		switch {
		case !o.answerable && o.p < bestT:
			oosDecl++
		case !o.answerable:
			oosAns++
		case o.p < bestT:
			falseDecl++
		case o.right:
			right++
		default:
			wrong++
		}
	}
	fmt.Fprintf(os.Stderr, "selectorfit: at the threshold: answerable parts right %d, wrong %d, declined %d; unanswerable declined %d, answered %d\n",
		right, wrong, falseDecl, oosDecl, oosAns)
	return bestT, bestScore / float64(len(outs))
}

// fitRanker fits the conditional logit on the parts listed (all when nil)
// that have an answering candidate: within a part, the probability of the
// answering sentences is the softmax of their scores. Newton steps use the
// softmax's covariance, which bounds the curvature, with backtracking.
func fitRanker(zs [][][]float64, parts []part, use []int, l2 float64) []float64 {
	if use == nil {
		for i := range parts {
			use = append(use, i)
		}
	}
	var keep []int
	for _, i := range use {
		if slices.Contains(parts[i].y, true) {
			keep = append(keep, i)
		}
	}
	n := width(zs)
	loss := func(w []float64) float64 {
		l := 0.0
		for _, i := range keep {
			var all, pos []float64
			for c, z := range zs[i] {
				s := dot(w, z)
				all = append(all, s)
				if parts[i].y[c] {
					pos = append(pos, s)
				}
			}
			l += logSumExp(all) - logSumExp(pos)
		}
		return l + l2/2*dot(w, w)
	}
	w := make([]float64, n)
	cur := loss(w)
	for range 100 {
		grad := make([]float64, n)
		hess := make([][]float64, n)
		for a := range hess {
			hess[a] = make([]float64, n)
			hess[a][a] = l2
			grad[a] = l2 * w[a]
		}
		for _, i := range keep {
			p, q := softmaxes(w, zs[i], parts[i].y)
			mean := make([]float64, n)
			for c, z := range zs[i] {
				for a := range n {
					grad[a] += (p[c] - q[c]) * z[a]
					mean[a] += p[c] * z[a]
				}
			}
			for c, z := range zs[i] {
				for a := range n {
					for b := range n {
						hess[a][b] += p[c] * (z[a] - mean[a]) * (z[b] - mean[b])
					}
				}
			}
		}
		step := solve(hess, grad)
		t := 1.0
		next := make([]float64, n)
		for ; t > 1e-6; t /= 2 {
			for a := range w {
				next[a] = w[a] - t*step[a]
			}
			if l := loss(next); l <= cur {
				cur = l
				break
			}
		}
		if t <= 1e-6 {
			break
		}
		change := 0.0
		for a := range w {
			change = max(change, math.Abs(next[a]-w[a]))
			w[a] = next[a]
		}
		if change < 1e-7 {
			break
		}
	}
	return w
}

// softmaxes returns the softmax of the scores over all candidates and over
// the answering ones (0 elsewhere).
func softmaxes(w []float64, zs [][]float64, y []bool) (p, q []float64) {
	s := make([]float64, len(zs))
	for c, z := range zs {
		s[c] = dot(w, z)
	}
	var pos []float64
	for c := range s {
		if y[c] {
			pos = append(pos, s[c])
		}
	}
	la, lp := logSumExp(s), logSumExp(pos)
	p, q = make([]float64, len(s)), make([]float64, len(s))
	for c := range s {
		p[c] = math.Exp(s[c] - la)
		if y[c] {
			q[c] = math.Exp(s[c] - lp)
		}
	}
	return p, q
}

func logSumExp(xs []float64) float64 {
	if len(xs) == 0 {
		return math.Inf(-1)
	}
	m := slices.Max(xs)
	sum := 0.0
	for _, x := range xs {
		sum += math.Exp(x - m)
	}
	return m + math.Log(sum)
}

// fitLogistic fits an L2-regularised logistic regression by Newton's
// method; the last weight is the intercept, which is not penalised.
func fitLogistic(rows []row, l2, unanswerable float64) []float64 {
	if len(rows) == 0 {
		return nil
	}
	n := len(rows[0].x) + 1
	w := make([]float64, n)
	for range 50 {
		grad := make([]float64, n)
		hess := make([][]float64, n)
		for a := range hess {
			hess[a] = make([]float64, n)
		}
		for _, r := range rows {
			x := append(r.x[:len(r.x):len(r.x)], 1)
			p := sigmoid(dot(w, x))
			c := 1.0
			if !r.answerable {
				c = unanswerable
			}
			for a := range x {
				grad[a] += c * (p - b2f(r.y)) * x[a]
				for b := range x {
					hess[a][b] += c * p * (1 - p) * x[a] * x[b]
				}
			}
		}
		for a := range n - 1 {
			grad[a] += l2 * w[a]
			hess[a][a] += l2
		}
		step := solve(hess, grad)
		change := 0.0
		for a := range w {
			w[a] -= step[a]
			change = max(change, math.Abs(step[a]))
		}
		if change < 1e-8 {
			break
		}
	}
	return w
}

func standardise(xs [][]float64, n int) (mean, scale []float64) {
	mean, scale = make([]float64, n), make([]float64, n)
	for _, x := range xs {
		for j := range n {
			mean[j] += x[j]
		}
	}
	for j := range n {
		mean[j] /= float64(max(1, len(xs)))
	}
	for _, x := range xs {
		for j := range n {
			scale[j] += (x[j] - mean[j]) * (x[j] - mean[j])
		}
	}
	for j := range n {
		scale[j] = math.Sqrt(scale[j] / float64(max(1, len(xs))))
		if scale[j] < 1e-9 {
			scale[j] = 1
		}
	}
	return mean, scale
}

// solve solves a x = b by Gaussian elimination with partial pivoting.
func solve(a [][]float64, b []float64) []float64 {
	n := len(b)
	m := make([][]float64, n)
	for i := range a {
		m[i] = append(append([]float64(nil), a[i]...), b[i])
	}
	for col := range n {
		piv := col
		for r := col + 1; r < n; r++ {
			if math.Abs(m[r][col]) > math.Abs(m[piv][col]) {
				piv = r
			}
		}
		m[col], m[piv] = m[piv], m[col]
		if math.Abs(m[col][col]) < 1e-12 {
			continue
		}
		for r := col + 1; r < n; r++ {
			f := m[r][col] / m[col][col]
			for c := col; c <= n; c++ {
				m[r][c] -= f * m[col][c]
			}
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		if math.Abs(m[r][r]) < 1e-12 {
			continue
		}
		s := m[r][n]
		for c := r + 1; c < n; c++ {
			s -= m[r][c] * x[c]
		}
		x[r] = s / m[r][r]
	}
	return x
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func ones(n int) []float64 {
	o := make([]float64, n)
	for i := range o {
		o[i] = 1
	}
	return o
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
