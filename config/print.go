package config

import (
	"fmt"
	"io"
	"net/url"
	"strings"
	"text/tabwriter"
)

// Redacted is how a set secret prints.
const Redacted = "[redacted]"

// Print writes the effective configuration, one setting a line with where
// its value came from. Secrets print as Redacted, never their value.
func Print(w io.Writer, inv *Invocation) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "SETTING\tVALUE\tFROM\n")
	for _, s := range settings {
		from := inv.Source[s.Env]
		if from == "file" {
			from += " " + inv.Config.ConfigFile // which one: --config or PARTNERBOT_CONFIG chose it
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Env, display(s, &inv.Config), from)
	}
	return tw.Flush()
}

func display(s setting, c *Config) string {
	v := s.get(c)
	switch {
	case s.Secret && v != "":
		return Redacted
	case v == "":
		return `""`
	}
	return redactURL(v)
}

// redactURL hides the password of a URL's user and its query, which may
// hold a key; anything else is returned as it is.
func redactURL(v string) string {
	u, err := url.Parse(v)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return v
	}
	if u.RawQuery != "" {
		u.RawQuery = Redacted
	}
	return u.Redacted()
}

// Secrets returns the values of every secret setting that is set, so
// callers can scrub them from logs and errors.
func (c *Config) Secrets() []string {
	var out []string
	for _, s := range settings {
		if v := s.get(c); s.Secret && v != "" {
			out = append(out, v)
		}
	}
	return out
}

// Markdown writes the settings as a Markdown table, for the README.
func Markdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString("| Environment | Flag | YAML key | Default | Meaning |\n|---|---|---|---|---|\n")
	for _, s := range settings {
		flag := ""
		if s.Flag != "" {
			flag = "`--" + s.Flag + "`"
		}
		d := ""
		if s.Default != "" {
			d = "`" + s.Default + "`"
		}
		fmt.Fprintf(&b, "| `%s` | %s | `%s` | %s | %s |\n", s.Env, flag, s.Key, d, s.Help)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
