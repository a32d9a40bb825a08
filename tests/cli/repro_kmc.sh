#!/bin/bash
# haven kmc on inputs that once crashed or hung (tests/data/fuzz-repro, found
# by fuzzing): each must now exit 1 with a message, quickly and in bounded
# memory (tests/support/expect_fail.bash).
# usage: repro_kmc.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$(realpath "$1")
R=$2/fuzz-repro
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
. "$(dirname "$0")/../support/expect_fail.bash"

# Species counts summing past 2^64 wrapped to a small allocation: heap
# corruption.
expect_fail 1 "count_sum_overflow_POSCAR:7: species counts add up to more than" -- \
    kmc --structure "$R/count_sum_overflow_POSCAR" --cutoff 3
# A cell 1e-8 A thick: the image search ran for hours; thinner, an int
# overflow (undefined behaviour).
expect_fail 1 "thin_cell_timeout.POSCAR: the cell is nearly flat" -- \
    kmc --structure "$R/thin_cell_timeout.POSCAR" --cutoff 3
expect_fail 1 "cell_range_overflow.POSCAR: the cell is nearly flat" -- \
    kmc --structure "$R/cell_range_overflow.POSCAR" --cutoff 3
# A count of 2e9 sites with two coordinate rows: memory follows the rows.
printf 'x\n1.0\n4 0 0\n0 4 0\n0 0 4\nLi\n2000000000\nDirect\n0 0 0\n.5 .5 .5\n' > "$TMP/big"
expect_fail 1 "big:11: expected 3 coordinates of site 3" -- kmc --structure "$TMP/big" --cutoff 3
printf '2000000000\nLattice="3 0 0 0 3 0 0 0 3"\nNa 0 0 0\n' > "$TMP/big.xyz"
expect_fail 1 "big.xyz:4: expected site 2 of 2000000000" -- kmc --structure "$TMP/big.xyz" --cutoff 3
# A directory or an empty file is named as such.
expect_fail 1 ": is a directory" -- kmc --structure "$TMP" --cutoff 3
: > "$TMP/empty"
expect_fail 1 "empty: file is empty" -- kmc --structure "$TMP/empty" --cutoff 3
# A field whose hop rates overflow to inf made every time step zero: the run
# never ended. Refused up front, with the limit.
for F in 1e12 1e300; do
    expect_fail 1 "field too strong for T = 300 K: q e \|F\.d\| / kT reaches .* \(at most 700" -- \
        kmc --hops 200 --replicas 1 --cells 4 --field $F
done
expect_fail 1 "hop rates out of range at T = 300 K: .* below 1e\+300 1/s" -- \
    kmc --hops 200 --replicas 1 --cells 4 --nu0 1e299 --Ea 0
# A checkpoint with 4 bytes flipped in its body: resuming wrote out of
# bounds; now the checksum refuses it.
ck="$TMP/ck"
KMC="kmc --lattice sc --cells 4 --hops 4000 --replicas 1 --blocks 4 --checkpoint $ck"
"$HAVEN" $KMC --max-blocks 2 > /dev/null 2>&1
[ -s "$ck.0" ] || { echo "FAIL: no checkpoint written"; fail=1; }
python3 - "$ck.0" << 'PY'
import os, sys
with open(sys.argv[1], "r+b") as f:
    at = os.path.getsize(sys.argv[1]) // 2
    f.seek(at)
    b = bytes(x ^ 0xFF for x in f.read(4))
    f.seek(at)
    f.write(b)
PY
expect_fail 1 "ck\.0: checkpoint is corrupted \(checksum mismatch\)" -- $KMC
exit $fail
