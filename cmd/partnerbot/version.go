package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// buildVersion is what the binary knows of how it was built: the module
// version, the commit and whether the tree had changes (stamped by go build
// in a checkout), and the Go version.
type buildVersion struct {
	Version  string `json:"version"`
	Commit   string `json:"commit"`
	Modified bool   `json:"modified"`
	Time     string `json:"commit_time,omitempty"`
	Go       string `json:"go"`
}

// stampedCommit is the commit the linker stamps (-X main.stampedCommit=…)
// where go build cannot read it from a checkout, as in the Docker build.
var stampedCommit string

// readVersion reads the build information debug.ReadBuildInfo gives, and
// the stamped commit when that has none.
func readVersion() buildVersion {
	v := readBuildInfo()
	if v.Commit == "unknown" && stampedCommit != "" {
		v.Commit = stampedCommit
	}
	return v
}

// readBuildInfo reads the build information debug.ReadBuildInfo gives.
func readBuildInfo() buildVersion {
	v := buildVersion{Version: "(unknown)", Commit: "unknown", Go: runtime.Version()}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	if bi.Main.Version != "" {
		v.Version = bi.Main.Version
	}
	if bi.GoVersion != "" {
		v.Go = bi.GoVersion
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Commit = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		case "vcs.time":
			v.Time = s.Value
		}
	}
	return v
}

// writeVersion prints the version, one line, or as JSON.
func writeVersion(w io.Writer, asJSON bool) error {
	v := readVersion()
	if asJSON {
		return writeJSON(w, v)
	}
	commit := v.Commit
	if v.Modified {
		commit += " (modified)"
	}
	if v.Time != "" {
		commit += " " + v.Time
	}
	_, err := fmt.Fprintf(w, "partnerbot %s, commit %s, built with %s\n", v.Version, commit, v.Go)
	return err
}
