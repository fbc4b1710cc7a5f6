#!/usr/bin/env bash
# Evaluation of the fitted selector and alternates on folds of labelled
# sets, grouped by set: for each fold, fit on the other sets (without any
# question written alike to one of the fold's), build partnerbot with that
# fit, and answer the fold's sets. By default four folds of nine or ten
# sets, a quicker honest measure than loso.sh's one set per fold (about 10
# minutes against more than an hour), for comparing changes to answering.
# From the module root:
#
#	bash bot/internal/selectorfit/folds.sh [selectorfit flags]
#
# The default folds are folds.txt's lines, which also name the sets
# selectorfit fits on. FOLDS, one fold of space-separated set names per
# line, overrides them. EXTRA, space-separated set names in no fold, are
# fitted on in every fold and never answered: it measures what a new set
# adds on the same folds. It works on a copy of the working tree, so the
# checkout's selector and alternates are never touched, and prints one line
# per set, then the questions answered or declined rightly by kind and
# pooled. The JSON reports are left in $OUT (default a new temporary
# directory).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mapfile -t folds <<<"${FOLDS:-"$(cat "$here/folds.txt")"}"
for s in ${EXTRA:-}; do
	if [[ " ${folds[*]} " == *" $s "* ]]; then
		echo "folds.sh: $s is in EXTRA and in a fold: a set is either answered in its fold or fitted on in every fold" >&2
		exit 2
	fi
done
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar --exclude=.git --exclude=./data -cf - . | tar -xf - -C "$work"
cd "$work"
for f in "${!folds[@]}"; do
	held=${folds[$f]} others="" unlike=""
	for fold in "${folds[@]}"; do
		for s in $fold; do
			[[ " $held " == *" $s "* ]] || others="$others,eval/testdata/$s.jsonl"
		done
	done
	for s in ${EXTRA:-}; do others="$others,eval/testdata/$s.jsonl"; done
	for s in $held; do unlike="$unlike,eval/testdata/$s.jsonl"; done
	if ! go run ./bot/internal/selectorfit -questions "${others#,}" -unlike "${unlike#,}" -out bot/selector.json -alternates retrieval/alternates.json "$@" 2>"$out/fit_$f.log"; then
		cat "$out/fit_$f.log" >&2
		exit 1
	fi
	go build -o "$out/partnerbot" ./cmd/partnerbot
	for s in $held; do
		"$out/partnerbot" eval --questions "eval/testdata/$s.jsonl" --json --log-level error >"$out/$s.json"
	done
done
python3 - "$out" "${folds[@]}" <<'PY'
import json, sys, collections
out, sets = sys.argv[1], " ".join(sys.argv[2:]).split()
def f(x):
    return "-" if x is None else f"{x:.3f}"
right, total = 0, 0
kinds = collections.defaultdict(lambda: [0, 0])
for s in sets:
    report = json.load(open(f"{out}/{s}.json"))
    m = report["metrics"]
    print(f"{s:9s} hit@5 {f(m['hit_at_k'])}  accuracy {f(m['answer_accuracy'])}  "
          f"abstention {f(m['abstention_accuracy'])}  false abstention {f(m['false_abstention_rate'])}")
    for r in report["results"]:
        ok = r["correct"] if r["answerable"] else r["abstained"]
        right, total = right + ok, total + 1
        kinds[r["kind"]][0] += ok
        kinds[r["kind"]][1] += 1
print(" ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(kinds.items())))
print(f"all       answered or declined rightly {right} of {total} ({right/total:.3f}); reports in {out}")
PY
