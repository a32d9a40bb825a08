#!/bin/bash
# haven eis info on spectra that once read wrong without a word
# (tests/data/fuzz-repro): a last row cut inside a number (Z'' 1000x off),
# and one cut value that flipped the detected sign of the whole Z'' column.
# Both end without a newline, so they are truncated writes: the cut row is
# dropped with a warning naming the line (docs/eis.md, "Malformed rows");
# the same row followed by a newline is an error naming the line.
# usage: repro_eis.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$(realpath "$1")
R=$2/fuzz-repro
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
. "$(dirname "$0")/../support/expect_fail.bash"

# info FILE N_POINTS NEGATED: exit 0, a warning naming the last line, the
# cut row gone and the sign right.
info() {
    local f=$1 n=$2 neg=$3 lines
    lines=$(wc -l < "$f")
    expect_fail 0 "$(basename "$f"):$((lines + 1)): last line ends without a newline .* a truncated write, dropped" \
        -- eis info "$f" --json
    python3 - "$TMP/out" "$n" "$neg" << 'PY' || { echo "FAIL: eis info $f: wrong spectrum"; fail=1; }
import json, sys
d = json.load(open(sys.argv[1]))
assert d["n_points"] == int(sys.argv[2]), d
assert d["imag_column_negated"] == (sys.argv[3] == "true"), d
PY
}
info "$R/trunc.csv" 32 false
info "$R/trunc_exp.csv" 65 false

# With a newline after the cut row it was written so: an error naming it.
for f in trunc trunc_exp; do
    cat "$R/$f.csv" > "$TMP/$f.csv"
    echo >> "$TMP/$f.csv"
    lines=$(wc -l < "$TMP/$f.csv")
    expect_fail 1 "$f\\.csv:$lines: malformed last row: its imaginary impedance is written with no exponent" \
        -- eis info "$TMP/$f.csv"
done
exit $fail
