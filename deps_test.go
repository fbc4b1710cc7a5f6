package partnerbot_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestDependenciesPointOneWay checks the package map the README gives,
// for every package of the module: partnerbot (root) ← corpus ← retrieval
// ← bot ← the adapters ← cmd, store beside the engine rather than on it,
// config (which shows the adapters' defaults) used only by cmd, and the
// fakes and test helpers used by no production package. A new package
// must be placed here.
func TestDependenciesPointOneWay(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	const module = "github.com/partnerbot/partnerbot"
	engine := []string{"", "/corpus", "/retrieval", "/bot"}
	root := []string{""}
	allowed := map[string][]string{
		"":                               nil,
		"/corpus":                        root,
		"/retrieval":                     {"", "/corpus"},
		"/retrieval/internal/wordnetgen": nil,
		"/retrieval/internal/wordvecgen": nil,
		"/bot":                           {"", "/corpus", "/retrieval"},
		"/bot/internal/selectorfit":      append(engine, "/eval"),
		"/store":                         root,
		"/ops":                           root,
		"/internal/testclock":            root,
		"/discord":                       engine,
		"/discord/discordtest":           root,
		"/discord/internal/testrun":      root,
		"/provider":                      engine,
		"/provider/openaitest":           root,
		"/eval":                          engine,
		"/bench":                         append(engine, "/eval"),
		"/config":                        append(engine, "/discord", "/provider"),
		"/cmd/partnerbot":                append(engine, "/eval", "/bench", "/discord", "/provider", "/config", "/ops", "/store"),
	}
	out, err := exec.Command("go", "list", module+"/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		rel := strings.TrimPrefix(pkg, module)
		ok, placed := allowed[rel]
		if !placed {
			t.Errorf("%s is not in the package map: place it in this test and in the README", pkg)
			continue
		}
		deps, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		for _, dep := range strings.Fields(string(deps)) {
			if d, ours := strings.CutPrefix(dep, module); ours && d != rel && !slices.Contains(ok, d) {
				t.Errorf("%s imports %s, against the package map", pkg, dep)
			}
		}
	}
}
