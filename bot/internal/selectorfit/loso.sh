#!/usr/bin/env bash
# Leave-one-set-out evaluation of the fitted selector: for each labelled
# set, fit the selector on the others, build partnerbot with it, and
# evaluate the set it has not seen. From the module root:
#
#	bash bot/internal/selectorfit/loso.sh [selectorfit flags]
#
# It works on a copy of the working tree, so the checkout's
# bot/selector.json is never touched, and prints one line per set and the
# share of all questions answered or declined rightly. The JSON reports
# are left in $OUT (default a new temporary directory).
set -euo pipefail
sets=${SETS:-"dev fit_a fit_b fit_c fit_d fit_e fit_f fit_g fit_h fit_i fit_j fit_k heldout heldout3 heldout4 heldout5 heldout6 heldout7 heldout8 heldout9 heldout10 heldout11 heldout12 heldout13 heldout14 heldout15 heldout16 heldout17"}
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar --exclude=.git --exclude=./data -cf - . | tar -xf - -C "$work"
cd "$work"
for s in $sets; do
	others=""
	for o in $sets; do
		[ "$o" = "$s" ] || others="$others,eval/testdata/$o.jsonl"
	done
	if ! go run ./bot/internal/selectorfit -questions "${others#,}" -unlike "eval/testdata/$s.jsonl" -out bot/selector.json -alternates retrieval/alternates.json "$@" 2>"$out/fit_$s.log"; then
		cat "$out/fit_$s.log" >&2
		exit 1
	fi
	go build -o "$out/partnerbot" ./cmd/partnerbot
	"$out/partnerbot" eval --questions "eval/testdata/$s.jsonl" --json --log-level error >"$out/$s.json"
done
python3 - "$out" $sets <<'PY'
import json, sys
out, sets = sys.argv[1], sys.argv[2:]
def f(x):
    return "-" if x is None else f"{x:.3f}"
total = right = 0
for s in sets:
    m = json.load(open(f"{out}/{s}.json"))["metrics"]
    qs = [json.loads(l) for l in open(f"eval/testdata/{s}.jsonl") if l.strip()]
    a = sum(q["answerable"] for q in qs)
    r = (m["answer_accuracy"] or 0) * a + (m["abstention_accuracy"] or 0) * (len(qs) - a)
    total, right = total + len(qs), right + r
    print(f"{s:6s} hit@5 {f(m['hit_at_k'])}  accuracy {f(m['answer_accuracy'])}  "
          f"abstention {f(m['abstention_accuracy'])}  false abstention {f(m['false_abstention_rate'])}")
print(f"all    answered or declined rightly {right/total:.3f} of {total}; reports in {out}")
PY
