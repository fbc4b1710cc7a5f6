#!/usr/bin/env bash
# Leave-one-set-out evaluation of the fitted selector: for each labelled
# set, fit the selector and the alternates on the others, build partnerbot
# with that fit, and answer the set it has not seen. It is folds.sh with
# one set per fold: every set of folds.txt (SETS, space-separated,
# overrides them). From the module root:
#
#	bash bot/internal/selectorfit/loso.sh [selectorfit flags]
#
# It prints one line per set, then the questions answered or declined
# rightly by kind and pooled; the JSON reports are left in $OUT.
set -euo pipefail
sets=${SETS:-$(cat "$(dirname "$0")/folds.txt")}
FOLDS=$(printf '%s\n' $sets) exec bash "$(dirname "$0")/folds.sh" "$@"
