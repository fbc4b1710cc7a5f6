package main

import (
	"go/build"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDockerfile checks what no Docker engine here can: that the Dockerfile
// builds a package that exists and is a command, statically, into a
// non-root image with a data volume and a health check.
func TestDockerfile(t *testing.T) {
	root := filepath.Join("..", "..")
	raw, err := os.ReadFile(filepath.Join(root, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	df := string(raw)
	m := regexp.MustCompile(`go build [^\n]*?(\./[\w./-]+)`).FindStringSubmatch(df)
	if m == nil {
		t.Fatal("no go build of a package path in the Dockerfile")
	}
	pkg, err := build.ImportDir(filepath.Join(root, m[1]), 0)
	if err != nil {
		t.Fatalf("the Dockerfile builds %s, which is not a package: %v", m[1], err)
	}
	if pkg.Name != "main" {
		t.Errorf("the Dockerfile builds package %s, not a command", pkg.Name)
	}
	for _, want := range []string{
		"CGO_ENABLED=0", // a static binary
		"AS build",      // multi-stage
		"distroless/static",
		"USER 65532", // non-root
		`VOLUME ["/data"]`,
		"HEALTHCHECK",
		`CMD ["/partnerbot", "health"]`,
		"-X main.stampedCommit=${COMMIT}", // the commit, as .git is not in the context
	} {
		if !strings.Contains(df, want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
	if strings.Contains(df, "USER root") || strings.Contains(df, "USER 0") {
		t.Error("the final image must not run as root")
	}
	goVersion := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindStringSubmatch(mustRead(t, filepath.Join(root, "go.mod")))
	if goVersion == nil || !strings.Contains(df, "golang:"+goVersion[1]) {
		t.Errorf("the build image does not match go.mod's Go %v", goVersion)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
