#!/bin/bash
# Progress of `haven eis batch` (per spectrum) and `haven eis drt` (the lambda
# scan) on stderr through the library's progress callbacks: with --progress
# (stderr not a terminal) a line when it starts and a final "done"; nothing by
# default when stderr is not a terminal; nothing with --quiet; stdout the same
# in every case. HAVEN_PROGRESS_DELAY=0 lifts the one-second delay.
# usage: progress_eis.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$1
source "$(dirname "$0")/../support/eis_series.bash"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
export HAVEN_PROGRESS_DELAY=0

# R0 + R1||C1 at three temperatures (Ea = 0.3 eV), exact.
eis_rc_series "$TMP"
batch=(eis batch "$TMP/s300.csv" "$TMP/s350.csv" "$TMP/s400.csv" --circuit 'R0-p(R1,C1)'
       --temperatures 300,350,400 --thickness 1 --area 1 --arrhenius-power 0 --json)
drt=(eis drt "$TMP/s300.csv" --json)

for job in batch drt; do
    declare -n args=$job
    "$HAVEN" "${args[@]}" > "$TMP/$job.plain" 2> "$TMP/$job.plain.err" || bad "$job: plain run"
    # (warnings stay: exact data make the Arrhenius errors too small for the scatter of the fits)
    grep -qv "^haven: warning:" "$TMP/$job.plain.err" && bad "$job: progress without a terminal or --progress: $(cat "$TMP/$job.plain.err")"
    "$HAVEN" "${args[@]}" --progress > "$TMP/$job.p" 2> "$TMP/$job.p.err" || bad "$job: --progress run"
    cmp -s "$TMP/$job.plain" "$TMP/$job.p" || bad "$job: --progress changed stdout"
    "$HAVEN" --quiet "${args[@]}" --progress > "$TMP/$job.q" 2> "$TMP/$job.q.err" || bad "$job: --quiet run"
    grep -qv "^haven: warning:" "$TMP/$job.q.err" && bad "$job: --quiet printed: $(cat "$TMP/$job.q.err")"
    cmp -s "$TMP/$job.plain" "$TMP/$job.q" || bad "$job: --quiet changed stdout"
done
# The batch counts spectra (it reports before each fit and after the last);
# the DRT counts the ridge solves of its lambda scan (GCV and L-curve, then
# re-im cross-validation: 49 lambdas each, 4 per decade over 1e-10..1e2).
grep -q "^haven: eis batch: fitting: 0% (0 of 3 spectra)" "$TMP/batch.p.err" \
    || bad "no batch progress: $(cat "$TMP/batch.p.err")"
grep -q "^haven: eis batch: fitting: done in" "$TMP/batch.p.err" || bad "no end of the batch progress"
grep -q "^haven: DRT of .*s300.csv: choosing lambda: [0-9]*% ([0-9]* of 98 solves)" "$TMP/drt.p.err" \
    || bad "no DRT progress: $(cat "$TMP/drt.p.err")"
grep -q "^haven: DRT of .*: choosing lambda: done in" "$TMP/drt.p.err" || bad "no end of the DRT progress"

[ $fail -eq 0 ] && echo "progress_eis: ok"
exit $fail
