package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestBenchJSON runs the bench command on the articles and one small
// synthetic corpus and checks the JSON fields the README promises.
func TestBenchJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("builds several indexes")
	}
	out, _, err := runCmd(t, map[string]string{"PARTNERBOT_LOG_LEVEL": "warn"},
		"bench", "--sizes", "200", "--reps", "1", "--questions", "../../eval/testdata/dev.jsonl", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("not a JSON array: %v\n%.300s", err, out)
	}
	if len(rows) != 6 {
		t.Fatalf("got %d rows, want 3 modes × 2 corpora", len(rows))
	}
	keys := []string{"passages", "mode", "p50_ms", "p99_ms", "chromem_p50_ms", "floor_p50_ms", "build_ms", "heap_bytes",
		"startup_ms", "reembedded", "answer_p50_ms"}
	for i, r := range rows {
		for _, k := range keys {
			if _, ok := r[k]; !ok {
				t.Errorf("row %d has no %q", i, k)
			}
		}
		if p, _ := r["p50_ms"].(float64); p <= 0 {
			t.Errorf("row %d: p50_ms = %v, want a time", i, r["p50_ms"])
		}
	}
	if rows[3]["passages"] != 200.0 || rows[3]["corpus"] != "synthetic" {
		t.Errorf("row 3 = %v, want the 200-passage synthetic corpus", rows[3])
	}
}

func TestBenchBadSizes(t *testing.T) {
	_, _, err := runCmd(t, nil, "bench", "--sizes", "10k")
	if err == nil || !strings.Contains(err.Error(), "--sizes") {
		t.Errorf("err = %v, want one naming --sizes", err)
	}
}
