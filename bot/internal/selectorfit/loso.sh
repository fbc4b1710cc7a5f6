#!/usr/bin/env bash
# Leave-one-set-out evaluation of the fitted selector: for each labelled
# set, fit the selector on the others, build partnerbot with it, and
# evaluate the set it has not seen. From the module root:
#
#	bash bot/internal/selectorfit/loso.sh [selectorfit flags]
#
# It prints one line per set and the share of all questions answered or
# declined rightly; JSON reports are left in $OUT (default a temporary
# directory). bot/selector.json is restored afterwards, whatever happens.
set -euo pipefail
sets=${SETS:-"dev fit_a fit_b fit_c fit_d fit_e fit_f fit_g"}
out=${OUT:-$(mktemp -d)}
keep=$(mktemp)
cp bot/selector.json "$keep"
trap 'cp "$keep" bot/selector.json; rm -f "$keep"' EXIT
for s in $sets; do
	others=""
	for o in $sets; do
		[ "$o" = "$s" ] || others="$others,eval/testdata/$o.jsonl"
	done
	go run ./bot/internal/selectorfit -questions "${others#,}" -out bot/selector.json "$@" 2>/dev/null
	go build -o "$out/partnerbot" ./cmd/partnerbot
	"$out/partnerbot" eval --questions "eval/testdata/$s.jsonl" --json --log-level error >"$out/$s.json"
done
python3 - "$out" $sets <<'PY'
import json, sys
out, sets = sys.argv[1], sys.argv[2:]
total = right = 0
for s in sets:
    m = json.load(open(f"{out}/{s}.json"))["metrics"]
    qs = [json.loads(l) for l in open(f"eval/testdata/{s}.jsonl") if l.strip()]
    a = sum(q["answerable"] for q in qs)
    r = m["answer_accuracy"] * a + (m["abstention_accuracy"] or 0) * (len(qs) - a)
    total, right = total + len(qs), right + r
    print(f"{s:6s} hit@5 {m['hit_at_k']:.3f}  accuracy {m['answer_accuracy']:.3f}  "
          f"abstention {m['abstention_accuracy']:.3f}  false abstention {m['false_abstention_rate']:.3f}")
print(f"all    answered or declined rightly {right/total:.3f} of {total}; reports in {out}")
PY
