#!/usr/bin/env bash
# Leave-one-set-out evaluation of the fitted selector: for each labelled
# set, fit the selector and the alternates on the others, build partnerbot
# with that fit, and answer the set it has not seen. It is folds.sh with
# one set per fold (SETS, space-separated, overrides the sets). From the
# module root:
#
#	bash bot/internal/selectorfit/loso.sh [selectorfit flags]
#
# It prints one line per set, then the questions answered or declined
# rightly by kind and pooled; the JSON reports are left in $OUT.
set -euo pipefail
sets=${SETS:-"dev fit_a fit_b fit_c fit_d fit_e fit_f fit_g fit_h fit_i fit_j fit_k heldout heldout3 heldout4 heldout5 heldout6 heldout7 heldout8 heldout9 heldout10 heldout11 heldout12 heldout13 heldout14 heldout15 heldout16 heldout17"}
FOLDS=$(printf '%s\n' $sets) exec bash "$(dirname "$0")/folds.sh" "$@"
