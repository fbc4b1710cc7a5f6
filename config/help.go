package config

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// command describes one command for help: how it is called, what it does,
// its own flags, and which groups of settings it reads.
type command struct {
	name, args, summary string
	flags               []string // its own flags, beyond --config and the settings
	groups              []string // setting groups (see group) it reads
}

// commands lists every command, in the order help shows them.
var commands = []command{
	{"ask", `[flags] "question"`, "Answer a question from the articles, quoting them word for word.",
		[]string{"json", "explain", "extractive"}, []string{"general", "model"}},
	{"sources", "[flags]", "List the articles: ID, date, passages, title.",
		[]string{"json"}, []string{"general"}},
	{"eval", "--questions FILE [flags]", "Run a question set through the engine, print the metrics and fail below the given thresholds (every mode run is held to them).",
		[]string{"questions", "k", "json", "min-hit", "min-search-hit", "min-mrr", "min-accuracy", "min-citation-validity", "min-abstention",
			"max-false-abstention", "max-excludes", "record", "replay"}, []string{"general", "model"}},
	{"serve", "[flags]", "Run the Discord bot: over the gateway with DISCORD_TOKEN, the HTTP interactions endpoint with --http, or both.",
		nil, []string{"general", "model", "discord", "serve"}},
	{"config", "[flags]", "Print the effective configuration and where each value came from, secrets redacted.",
		nil, []string{"general", "model", "discord", "serve"}},
	{"bench", "[flags]", "Measure latency, baselines, build, restart and heap on the articles and on synthetic corpora.",
		[]string{"sizes", "reps", "questions", "json"}, []string{"general"}},
	{"health", "[flags]", "Ask a running server's /healthz (the container HEALTHCHECK).",
		nil, []string{"general", "serve"}},
	{Help, "[COMMAND]", "Show this help, or a command's.", nil, nil},
	{Version, "[--json]", "Print the version, commit and Go version partnerbot was built with.", nil, nil},
}

// commandNamed is the command called name.
func commandNamed(name string) (command, bool) {
	i := slices.IndexFunc(commands, func(c command) bool { return c.name == name })
	if i < 0 {
		return command{}, false
	}
	return commands[i], true
}

// nearestCommand is the command a mistyped name most likely meant: the one
// at most two edits away ("aks" for "ask"), or "" when none or two are.
func nearestCommand(name string) string {
	best, bestD, tie := "", 3, false
	for _, c := range Commands {
		switch d := editDistance(strings.ToLower(name), c); {
		case d < bestD:
			best, bestD, tie = c, d, false
		case d == bestD:
			tie = true
		}
	}
	if tie {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in runes,
// with a transposition of two neighbours counted as one edit.
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}

// group names the part of the configuration a setting belongs to, from
// its YAML key.
func group(s setting) string {
	switch prefix, _, nested := strings.Cut(s.Key, "."); {
	case !nested:
		return "general"
	case prefix == "openai" || prefix == "azure":
		return "model"
	default:
		return prefix // discord, serve
	}
}

var groupTitles = map[string]string{
	"general": "General settings",
	"model":   "Language model settings (none: extractive answers)",
	"discord": "Discord settings",
	"serve":   "serve settings",
}

// helpOrVersion recognises --help, -h, "help [COMMAND]", --version and
// "version" as the first argument.
func helpOrVersion(args []string) (*Invocation, bool, error) {
	if len(args) == 0 {
		return nil, false, nil
	}
	switch first := args[0]; {
	case isHelpFlag(first) || first == Help:
		var topic []string
		for _, a := range args[1:] { // --json may come before the command
			if _, _, isJSON := jsonFlag(a); isJSON {
				continue
			}
			if strings.HasPrefix(a, "-") && !isHelpFlag(a) {
				return nil, true, fmt.Errorf("%w: help takes a command and --json, not %q", ErrUsage, a)
			}
			if !strings.HasPrefix(a, "-") {
				topic = append(topic, a)
			}
		}
		if len(topic) > 0 && !known(topic[0]) {
			return nil, true, fmt.Errorf("%w: no help for %q; want one of %s", ErrUsage, topic[0], strings.Join(Commands, ", "))
		}
		if len(topic) > 1 {
			return nil, true, fmt.Errorf("%w: help takes one command, not also %q", ErrUsage, topic[1])
		}
		return &Invocation{Command: Help, Args: topic, JSON: WantsJSON(args)}, true, nil
	case first == "-version" || first == "--version" || first == Version:
		if slices.ContainsFunc(args[1:], isHelpFlag) {
			return &Invocation{Command: Help, Args: []string{Version}, JSON: WantsJSON(args)}, true, nil
		}
		if extra := notJSONFlag(args[1:]); extra != "" {
			return nil, true, fmt.Errorf("%w: version takes only --json, not %q", ErrUsage, extra)
		}
		return &Invocation{Command: Version, JSON: WantsJSON(args)}, true, nil
	}
	return nil, false, nil
}

// isHelpFlag reports whether a is a flag asking for help.
func isHelpFlag(a string) bool { return a == "-h" || a == "-help" || a == "--help" }

// notJSONFlag is the first of args that is not --json (or -json, with a
// value or not), or "".
func notJSONFlag(args []string) string {
	for _, a := range args {
		if _, _, ok := jsonFlag(a); !ok {
			return a
		}
	}
	return ""
}

// jsonFlag reports whether a is the json flag (--json or -json), and its
// value when it gives one (--json=false).
func jsonFlag(a string) (value string, hasValue, ok bool) {
	name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
	return value, hasValue, strings.HasPrefix(a, "-") && name == "json"
}

// WantsJSON reports whether args ask for JSON output (--json before any
// "--"), so that even an error in the command line itself can be printed
// as JSON.
func WantsJSON(args []string) bool {
	want := false
	for _, a := range args {
		if a == "--" {
			break
		}
		value, hasValue, ok := jsonFlag(a)
		if !ok {
			continue
		}
		want = !hasValue || value == "true" || value == "1" || value == "t" || value == "TRUE" || value == "True"
	}
	return want
}

// WriteHelp writes the help for cmd, or the overview when cmd is "": the
// usage, and every flag with the environment variable behind it.
func WriteHelp(w io.Writer, cmd string) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fs, _ := newFlagSet(&Invocation{Command: cmd})
	if cmd == "" {
		fmt.Fprintf(tw, "partnerbot answers questions about the 2023 Vietnam–US Comprehensive Strategic\nPartnership from news articles, quoting them word for word.\n\n")
		fmt.Fprintf(tw, "usage: partnerbot COMMAND [flags] [arguments]\n\nCommands:\n")
		for _, c := range commands {
			fmt.Fprintf(tw, "  %s %s\t%s\n", c.name, c.args, c.summary)
		}
		fmt.Fprintf(tw, "\nRun 'partnerbot help COMMAND' (or 'partnerbot COMMAND --help') for a command's flags.\n")
		writeSettings(tw, fs, []string{"general", "model", "discord", "serve"})
		return tw.Flush()
	}
	c, ok := commandNamed(cmd)
	if !ok {
		return fmt.Errorf("%w: no help for %q", ErrUsage, cmd)
	}
	fmt.Fprintf(tw, "usage: partnerbot %s %s\n\n%s\n", c.name, c.args, c.summary)
	if len(c.flags) > 0 {
		fmt.Fprintf(tw, "\nFlags:\n")
		for _, name := range c.flags {
			f := fs.Lookup(name)
			fmt.Fprintf(tw, "  --%s%s\t%s%s\n", name, argName(f), f.Usage, defaultNote(f))
		}
	}
	writeSettings(tw, fs, c.groups)
	return tw.Flush()
}

// helpDoc is help as JSON: the overview (every command, every setting) or
// one command's (its usage, flags and settings).
type helpDoc struct {
	Usage    string        `json:"usage"`
	Summary  string        `json:"summary,omitempty"`
	Commands []helpCommand `json:"commands,omitempty"`
	Flags    []helpFlag    `json:"flags,omitempty"`
	Settings []helpSetting `json:"settings,omitempty"`
}

type helpCommand struct {
	Name    string `json:"name"`
	Args    string `json:"args"`
	Summary string `json:"summary"`
}

type helpFlag struct {
	Name       string `json:"name"`
	TakesValue bool   `json:"takes_value"`
	Usage      string `json:"usage"`
	Default    string `json:"default,omitempty"`
}

type helpSetting struct {
	Key     string `json:"key,omitempty"` // in the YAML file; --config has none
	Env     string `json:"env"`
	Flag    string `json:"flag,omitempty"`
	Group   string `json:"group"`
	Default string `json:"default,omitempty"`
	Secret  bool   `json:"secret,omitempty"`
	Help    string `json:"help"`
}

// WriteHelpJSON writes what WriteHelp does, as one JSON object.
func WriteHelpJSON(w io.Writer, cmd string) error {
	fs, _ := newFlagSet(&Invocation{Command: cmd})
	var doc helpDoc
	if cmd == "" {
		doc.Usage = "partnerbot COMMAND [flags] [arguments]"
		for _, c := range commands {
			doc.Commands = append(doc.Commands, helpCommand{c.name, c.args, c.summary})
		}
		doc.Settings = settingsDoc([]string{"general", "model", "discord", "serve"})
	} else {
		c, ok := commandNamed(cmd)
		if !ok {
			return fmt.Errorf("%w: no help for %q", ErrUsage, cmd)
		}
		doc.Usage, doc.Summary = "partnerbot "+c.name+" "+c.args, c.summary
		for _, name := range c.flags {
			f := fs.Lookup(name)
			doc.Flags = append(doc.Flags, helpFlag{name, argName(f) != "", f.Usage, flagDefault(f)})
		}
		doc.Settings = settingsDoc(c.groups)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// settingsDoc describes the settings of groups, with --config first.
func settingsDoc(groups []string) []helpSetting {
	if len(groups) == 0 {
		return nil
	}
	out := []helpSetting{{Env: "PARTNERBOT_CONFIG", Flag: "config", Group: "general", Help: "YAML file of settings"}}
	for _, g := range groups {
		for _, s := range settings {
			if group(s) == g {
				out = append(out, helpSetting{s.Key, s.Env, s.Flag, g, s.Default, s.Secret, s.Help})
			}
		}
	}
	return out
}

// writeSettings lists the settings of groups, as settingsDoc gives them:
// flag, environment variable, default and meaning.
func writeSettings(w io.Writer, fs *flag.FlagSet, groups []string) {
	doc := settingsDoc(groups)
	if len(doc) == 0 {
		return
	}
	fmt.Fprintf(w, "\nSettings: defaults, then --config FILE (or PARTNERBOT_CONFIG; YAML), then the\nenvironment, then flags, each overriding the last. Secrets have no flag.\n")
	fmt.Fprintf(w, "  --%s FILE\t%s\t%s\n", doc[0].Flag, doc[0].Env, doc[0].Help)
	last := ""
	for _, s := range doc[1:] {
		if s.Group != last {
			fmt.Fprintf(w, "\n%s:\n", groupTitles[s.Group])
			last = s.Group
		}
		flagCol := "(environment only)"
		if s.Flag != "" {
			flagCol = "--" + s.Flag + argName(fs.Lookup(s.Flag))
		}
		def := ""
		if s.Default != "" {
			def = " (default " + s.Default + ")"
		}
		fmt.Fprintf(w, "  %s\t%s\t%s%s\n", flagCol, s.Env, s.Help, def)
	}
}

// argName is " VALUE" for a flag that takes one, "" for a boolean flag.
func argName(f *flag.Flag) string {
	if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
		return ""
	}
	return " VALUE"
}

// defaultNote shows a flag's default when it has a useful one.
func defaultNote(f *flag.Flag) string {
	if d := flagDefault(f); d != "" {
		return " (default " + d + ")"
	}
	return ""
}

// flagDefault is a flag's default when it has a useful one, or "".
func flagDefault(f *flag.Flag) string {
	if f.DefValue == "false" {
		return ""
	}
	return f.DefValue
}
