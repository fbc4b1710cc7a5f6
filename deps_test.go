package partnerbot_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestDependenciesPointOneWay checks the package map the README gives:
// partnerbot (root) ← corpus ← retrieval ← bot ← the adapters ← cmd, store
// beside the engine rather than on it, and config, which shows the
// adapters' defaults, used only by cmd.
func TestDependenciesPointOneWay(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	const module = "github.com/partnerbot/partnerbot"
	engine := []string{"", "/corpus", "/retrieval", "/bot"}
	allowed := map[string][]string{
		"":           nil,
		"/corpus":    {""},
		"/retrieval": {"", "/corpus"},
		"/bot":       {"", "/corpus", "/retrieval"},
		"/store":     {""},
		"/ops":       {""},
		"/discord":   engine,
		"/provider":  engine,
		"/eval":      engine,
		"/bench":     append(engine, "/eval"),
		"/config":    append(engine, "/discord", "/provider"),
	}
	for pkg, ok := range allowed {
		out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", module+pkg).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", module+pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			rest, ours := strings.CutPrefix(dep, module)
			if !ours || rest == pkg || strings.HasPrefix(rest, pkg+"/") && pkg != "" {
				continue
			}
			if !slices.Contains(ok, rest) {
				t.Errorf("%s imports %s, against the package map", module+pkg, dep)
			}
		}
	}
}
