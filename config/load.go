package config

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// ErrUsage marks a mistake in the command line itself.
var ErrUsage = errors.New("usage")

// Commands are the subcommands partnerbot knows.
var Commands = []string{"ask", "sources", "eval", "serve", "config", "bench", "health", "help", "version"}

// Help and Version are the commands Load returns for --help (or -h, or
// "help COMMAND") and --version: Args holds the command help is asked
// about, if any. Their configuration is not loaded.
const (
	Help    = "help"
	Version = "version"
)

// Invocation is a parsed command line: the command, its arguments, the
// effective Config and the command's own flags.
type Invocation struct {
	Command string
	Args    []string
	Config  Config
	JSON    bool // --json: machine-readable output
	Explain bool // --explain: how the answer was reached
	// Extractive (--extractive) answers without a language model even when
	// one is configured; the model settings are then left out of Config.
	Extractive bool
	Eval       EvalFlags
	Bench      BenchFlags
	// Source says where each setting's value came from: "default",
	// "file", "env" or "flag", keyed by environment variable name.
	Source map[string]string
}

// EvalFlags are the eval command's own flags.
type EvalFlags struct {
	Questions string
	Mode      string // hybrid, bm25, vector or all
	K         int
	// Min holds the --min-* and --max-* thresholds given, by metric name.
	Min map[string]float64
	Max map[string]float64
	// Record is a directory to store every model reply in (--record);
	// Replay one to serve them from instead of a model (--replay).
	Record, Replay string
}

// BenchFlags are the bench command's own flags.
type BenchFlags struct {
	Repetitions int    // runs of each measurement; figures are medians
	Questions   string // questions to time answers on; "" means eval's built-in dev set
	// Sizes are the synthetic corpora to measure, in passages; empty
	// measures the real articles only.
	Sizes []int
}

// DefaultBenchSizes are the synthetic corpus sizes bench measures unless
// --sizes says otherwise.
var DefaultBenchSizes = []int{1000, 10000, 100000}

// maxBenchSize bounds --sizes: a million passages of 2048-dimensional
// vectors is 8 GiB before anything else.
const maxBenchSize = 1_000_000

// minFlags and maxFlags map eval flags to the metric each bounds.
var minFlags = map[string]string{
	"min-hit":               "hit_at_k",
	"min-search-hit":        "search_hit_at_k",
	"min-mrr":               "mrr",
	"min-accuracy":          "answer_accuracy",
	"min-citation-validity": "citation_validity",
	"min-abstention":        "abstention_accuracy",
}

var maxFlags = map[string]string{
	"max-false-abstention": "false_abstention_rate",
	"max-excludes":         "excludes_violations",
}

// Load parses the command line (without the program name) against the
// environment: defaults, then the YAML file named by --config or
// PARTNERBOT_CONFIG, then environment variables, then flags. The Config it
// returns has passed Validate for the command.
func Load(args []string, getenv func(string) string) (*Invocation, error) {
	if inv, ok, err := helpOrVersion(args); ok {
		return inv, err
	}
	if len(args) == 0 {
		return nil, fmt.Errorf("%w: no command; want one of %s", ErrUsage, strings.Join(Commands, ", "))
	}
	if strings.HasPrefix(args[0], "-") {
		return nil, fmt.Errorf("%w: no command before %s; flags go after the command (partnerbot COMMAND [flags]), one of %s", ErrUsage, args[0], strings.Join(Commands, ", "))
	}
	inv := &Invocation{Command: args[0], Source: map[string]string{}}
	if !known(inv.Command) {
		if near := nearestCommand(inv.Command); near != "" {
			return nil, fmt.Errorf("%w: unknown command %q; did you mean %q?", ErrUsage, inv.Command, near)
		}
		return nil, fmt.Errorf("%w: unknown command %q; want one of %s", ErrUsage, inv.Command, strings.Join(Commands, ", "))
	}
	fs, flagVals := newFlagSet(inv)
	fs.VisitAll(func(f *flag.Flag) { f.Value = &onceValue{Value: f.Value} })
	positional, err := parseInterspersed(fs, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return &Invocation{Command: Help, Args: []string{inv.Command}, JSON: WantsJSON(args)}, nil
	}
	if err != nil {
		if inv.Command == "ask" && notAFlag.MatchString(err.Error()) {
			return nil, fmt.Errorf("%w: %v (a question that starts with - goes after --: partnerbot ask -- \"-5%% …\")", ErrUsage, err)
		}
		return nil, fmt.Errorf("%w: %v", ErrUsage, err)
	}
	inv.Args = positional
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if err := checkCommandLine(inv.Command, set, positional); err != nil {
		return nil, err
	}

	var errs []error
	for _, s := range settings {
		if err := s.set(&inv.Config, s.Default); err != nil {
			errs = append(errs, fmt.Errorf("%s: default: %w", s.Env, err))
		}
		inv.Source[s.Env] = "default"
	}
	file := *flagVals.config
	if file == "" {
		file = getenv("PARTNERBOT_CONFIG")
	}
	if file != "" {
		inv.Config.ConfigFile = file
		errs = append(errs, applyFile(inv, file)...)
	}
	for _, s := range settings {
		if v, ok := lookupEnv(getenv, s.Env); ok {
			errs = append(errs, apply(inv, s, v, "env")...)
		}
	}
	for _, s := range settings {
		if s.Flag != "" && set[s.Flag] {
			errs = append(errs, apply(inv, s, flagVals.settings[s.Flag].String(), "flag")...)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if err := finishCommandFlags(inv, flagVals, set); err != nil {
		return nil, err
	}
	if err := Validate(inv); err != nil {
		return nil, err
	}
	return inv, nil
}

// notAFlag matches the flag package's complaint about an argument that
// cannot be a flag's name: it has a space, or starts with no letter.
var notAFlag = regexp.MustCompile(`flag provided but not defined: -+([^a-zA-Z]|\S*\s)`)

// checkCommandLine refuses a flag the command does not read (another
// command's, or a setting of a group it does not use) and arguments to a
// command that takes none, rather than ignore them.
func checkCommandLine(cmd string, set map[string]bool, args []string) error {
	c, ok := commandNamed(cmd)
	if !ok {
		return nil
	}
	var names []string
	for name := range set {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if name == "config" || slices.Contains(c.flags, name) {
			continue
		}
		if s, ok := settingByFlag(name); ok && slices.Contains(c.groups, group(s)) {
			continue
		}
		return fmt.Errorf("%w: %s does not take --%s (see partnerbot help %s)", ErrUsage, cmd, name, cmd)
	}
	if cmd != "ask" && len(args) > 0 {
		return fmt.Errorf("%w: %s takes no arguments, not %q (see partnerbot help %s)", ErrUsage, cmd, args[0], cmd)
	}
	if cmd == "ask" && len(args) == 0 {
		return fmt.Errorf("%w: ask needs a question: partnerbot ask \"What was trade in 2022?\"", ErrUsage)
	}
	return nil
}

// findSetting is the first setting that match accepts.
func findSetting(match func(setting) bool) (setting, bool) {
	if i := slices.IndexFunc(settings, match); i >= 0 {
		return settings[i], true
	}
	return setting{}, false
}

// settingByFlag is the setting a flag sets.
func settingByFlag(name string) (setting, bool) {
	return findSetting(func(s setting) bool { return s.Flag == name })
}

func known(cmd string) bool {
	for _, c := range Commands {
		if c == cmd {
			return true
		}
	}
	return false
}

func lookupEnv(getenv func(string) string, name string) (string, bool) {
	v := getenv(name)
	return v, v != ""
}

func apply(inv *Invocation, s setting, v, source string) []error {
	if err := s.set(&inv.Config, v); err != nil {
		if source == "flag" { // a mistake on the command line
			return []error{fmt.Errorf("%w: --%s: %w", ErrUsage, s.Flag, err)}
		}
		return []error{fmt.Errorf("%s: %w", s.Env, err)}
	}
	inv.Source[s.Env] = source
	return nil
}

// Name is how messages name the setting env: by its flag when the value
// came from one (--mode), by its key and file when from the config file,
// else by its environment variable (PARTNERBOT_MODE).
func (inv *Invocation) Name(env string) string {
	s, ok := lookupEnvName(env)
	switch {
	case !ok:
		return env
	case inv.Source[env] == "flag" && s.Flag != "":
		return "--" + s.Flag
	case inv.Source[env] == "file":
		return fmt.Sprintf("%s (%s in %s)", env, s.Key, inv.Config.ConfigFile)
	}
	return env
}

func lookupEnvName(env string) (setting, bool) {
	return findSetting(func(s setting) bool { return s.Env == env })
}

// maxConfigFile bounds the config file: a few dozen settings take a few
// kilobytes.
const maxConfigFile = 1 << 20

// readConfigFile reads a config file, or a pipe (--config <(sops -d
// secrets.yaml)), refusing a directory and more than maxConfigFile bytes
// (a device such as /dev/zero never ends).
func readConfigFile(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s is a directory, not a file", path)
	}
	f, err := openConfigFile(path, fi.Mode()&os.ModeNamedPipe != 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, maxConfigFile+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > maxConfigFile {
		return nil, fmt.Errorf("%s is over %d KiB; a config file holds settings only", path, maxConfigFile>>10)
	}
	return raw, nil
}

// pipeWait is how long a named pipe may go without a writer before
// reading the config from it gives up: opening one waits for a writer.
var pipeWait = 10 * time.Second

// openConfigFile opens a config file; a named pipe with no writer within
// pipeWait is an error, not a start that hangs.
func openConfigFile(path string, pipe bool) (*os.File, error) {
	if !pipe {
		return os.Open(path)
	}
	type opened struct {
		f   *os.File
		err error
	}
	done := make(chan opened, 1)
	go func() { // left blocked if no writer ever comes; the program then exits
		f, err := os.Open(path)
		done <- opened{f, err}
	}()
	select {
	case o := <-done:
		return o.f, o.err
	case <-time.After(pipeWait):
		return nil, fmt.Errorf("%s is a pipe no one wrote to within %v", path, pipeWait)
	}
}

// applyFile reads the YAML config file. Unknown keys are errors, so a typo
// never passes silently.
func applyFile(inv *Invocation, path string) []error {
	raw, err := readConfigFile(path)
	if err != nil {
		return []error{fmt.Errorf("config file: %w", err)}
	}
	var doc any
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return []error{fmt.Errorf("config file %s: %w", path, err)}
	}
	tree, ok := doc.(map[string]any)
	if !ok && doc != nil {
		return []error{fmt.Errorf("config file %s: must be a mapping of settings (key: value), not a %T", path, doc)}
	}
	var more any
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		return []error{fmt.Errorf("config file %s: holds more than one YAML document; put every setting in one", path)}
	}
	flat := map[string]string{}
	flatten("", tree, flat)
	keys := make([]string, 0, len(flat))
	for k := range flat {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var errs []error
	for _, k := range keys {
		s, ok := lookupKey(k)
		if !ok {
			errs = append(errs, fmt.Errorf("config file %s: unknown setting %q", path, k))
			continue
		}
		if err := s.set(&inv.Config, flat[k]); err != nil {
			errs = append(errs, fmt.Errorf("%s (%s in %s): %w", s.Env, k, path, err))
			continue
		}
		inv.Source[s.Env] = "file"
	}
	return errs
}

func lookupKey(key string) (setting, bool) {
	return findSetting(func(s setting) bool { return s.Key == key })
}

// isSection reports whether key names a section of settings ("openai").
func isSection(key string) bool {
	_, ok := findSetting(func(s setting) bool { return strings.HasPrefix(s.Key, key+".") })
	return ok
}

func flatten(prefix string, v any, out map[string]string) {
	switch t := v.(type) {
	case map[string]any:
		for k, child := range t {
			key := k
			if prefix != "" {
				key = prefix + "." + k
			}
			flatten(key, child, out)
		}
	case nil:
		if !isSection(prefix) { // a section whose keys are all commented out is empty
			out[prefix] = ""
		}
	default:
		out[prefix] = fmt.Sprint(t)
	}
}

// flagValues holds what the flag set parsed into.
type flagValues struct {
	config    *string
	settings  map[string]*stringValue
	json      *bool
	explain   *bool
	extract   *bool
	questions *string
	thresh    map[string]*string
	reps      *int
	sizes     *string
	evalK     *int
	record    *string
	replay    *string
}

type stringValue struct{ v string }

func (s *stringValue) String() string     { return s.v }
func (s *stringValue) Set(v string) error { s.v = v; return nil }

// boolValue is a boolean setting's flag: alone it means true, and
// --flag=false sets false.
type boolValue struct{ *stringValue }

func (boolValue) IsBoolFlag() bool { return true }

func newFlagSet(inv *Invocation) (*flag.FlagSet, flagValues) {
	fs := flag.NewFlagSet(inv.Command, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fv := flagValues{settings: map[string]*stringValue{}, thresh: map[string]*string{}}
	fv.config = fs.String("config", "", "YAML config file")
	for _, s := range settings {
		if s.Flag == "" {
			continue
		}
		v := &stringValue{}
		fv.settings[s.Flag] = v
		var fl flag.Value = v
		if s.boolean {
			fl = boolValue{v}
		}
		fs.Var(fl, s.Flag, s.Help)
	}
	fv.json = fs.Bool("json", false, "print JSON, errors too ({\"error\": …})")
	fv.explain = fs.Bool("explain", false, "print how the answer was reached: the analysed question, the passages, the candidate sentences with their features and probability")
	fv.extract = fs.Bool("extractive", false, "answer from the articles alone, without the language model configured")
	fv.evalK = fs.Int("k", 5, "the k of hit@k, 1 to 10")
	fv.questions = fs.String("questions", "", "question set (JSON Lines); bench defaults to the built-in dev set")
	fv.record = fs.String("record", "", "store each model reply in this directory")
	fv.replay = fs.String("replay", "", "serve the model replies stored in this directory, without a model")
	for name, metric := range minFlags {
		fv.thresh[name] = fs.String(name, "", "fail when "+metric+" is below this")
	}
	for name, metric := range maxFlags {
		fv.thresh[name] = fs.String(name, "", "fail when "+metric+" is above this")
	}
	fv.reps = fs.Int("reps", 5, "runs of each measurement; figures are medians")
	fv.sizes = fs.String("sizes", "", "synthetic corpus sizes in passages, comma-separated, or none (default 1000,10000,100000)")
	return fs, fv
}

// onceValue is a flag's value that may be set once: a flag given twice
// ("--articles a --articles b") is a mistake, not the last one winning.
type onceValue struct {
	flag.Value
	set bool
}

func (v *onceValue) Set(s string) error {
	if v.set {
		return errors.New("the flag is given twice; give it once")
	}
	v.set = true
	return v.Value.Set(s)
}

// IsBoolFlag tells package flag whether the flag needs no value, as the
// value it wraps does.
func (v *onceValue) IsBoolFlag() bool {
	b, ok := v.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// parseInterspersed parses flags wherever they appear among the arguments,
// so "ask 'question' --json" works as well as "ask --json 'question'". A
// lone "--" ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional, rest []string
	for i, a := range args {
		if a == "--" {
			args, rest = args[:i], args[i+1:]
			break
		}
	}
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return append(positional, rest...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// finishCommandFlags copies the command's own flags into inv.
func finishCommandFlags(inv *Invocation, fv flagValues, set map[string]bool) error {
	inv.JSON = *fv.json
	inv.Explain = *fv.explain
	if inv.Extractive = *fv.extract; inv.Extractive {
		inv.Config.dropModel()
	}
	inv.Bench = BenchFlags{Repetitions: *fv.reps, Questions: *fv.questions}
	if inv.Bench.Repetitions < 1 {
		return fmt.Errorf("%w: --reps must be at least 1, not %d", ErrUsage, inv.Bench.Repetitions)
	}
	sizes, err := parseSizes(*fv.sizes, set["sizes"])
	if err != nil {
		return err
	}
	inv.Bench.Sizes = sizes
	inv.Eval = EvalFlags{Questions: *fv.questions, Mode: inv.Config.Mode, K: *fv.evalK,
		Min: map[string]float64{}, Max: map[string]float64{}, Record: *fv.record, Replay: *fv.replay}
	if inv.Eval.Record != "" && inv.Eval.Replay != "" {
		return fmt.Errorf("%w: give --record DIR or --replay DIR, not both", ErrUsage)
	}
	if inv.Eval.K < 1 || inv.Eval.K > 10 {
		return fmt.Errorf("%w: --k must be between 1 and 10 (MRR looks 10 deep), not %d", ErrUsage, inv.Eval.K)
	}
	for name, metric := range minFlags {
		if err := threshold(name, *fv.thresh[name], set[name], metric, inv.Eval.Min); err != nil {
			return err
		}
	}
	for name, metric := range maxFlags {
		if err := threshold(name, *fv.thresh[name], set[name], metric, inv.Eval.Max); err != nil {
			return err
		}
	}
	return nil
}

// parseSizes reads --sizes: "1000,10000", or "none" for no synthetic
// corpora; not given means DefaultBenchSizes.
func parseSizes(raw string, given bool) ([]int, error) {
	if !given {
		return slices.Clone(DefaultBenchSizes), nil
	}
	if strings.TrimSpace(raw) == "none" {
		return nil, nil
	}
	var sizes []int
	for _, f := range strings.Split(raw, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > maxBenchSize {
			return nil, fmt.Errorf("%w: --sizes takes passage counts from 1 to %d separated by commas, or none; %q is not one", ErrUsage, maxBenchSize, strings.TrimSpace(f))
		}
		sizes = append(sizes, n)
	}
	return sizes, nil
}

func threshold(name, raw string, given bool, metric string, into map[string]float64) error {
	if !given {
		return nil
	}
	x, err := strconv.ParseFloat(raw, 64)
	if err != nil || x < 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return fmt.Errorf("%w: --%s must be a non-negative number, not %q", ErrUsage, name, raw)
	}
	if x > 1 && metric != "excludes_violations" { // a share, not a count
		return fmt.Errorf("%w: --%s is a share from 0 to 1 (0.9 for 90%%), not %s", ErrUsage, name, raw)
	}
	into[metric] = x
	return nil
}
