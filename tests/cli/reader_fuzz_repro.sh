#!/bin/bash
# Trajectory inputs that crashed, hung or misled the readers (found by
# fuzzing at b507265; copies of ../shared/data/fuzz-repro/ in
# tests/data/fuzz-repro/), plus other damaged inputs of the same kinds.
# Each must end with exit status 1 (not a signal, not 0) and a message on
# stderr naming the file and what was expected, within 20 s and 2 GB.
# usage: reader_fuzz_repro.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$(realpath "$1")
DATA=$(realpath "$2")/fuzz-repro
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
. "$(dirname "$0")/../support/traj_gen.bash"
fail=0

# ASan reserves terabytes of address space, so under the sanitizer build the
# 2 GB bound is on the resident size (ASan's own limit), not ulimit -v.
if ldd "$HAVEN" 2> /dev/null | grep -q libasan; then
    export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}hard_rss_limit_mb=2048"
    VLIMIT=unlimited
else
    VLIMIT=2097152 # KiB
fi

# expect PATTERN... -- ARGS...: run `haven ARGS` under the limits; exit
# status 1 and every PATTERN (an extended regular expression) on stderr.
expect() {
    local pats=() why=""
    while [ "$1" != "--" ]; do pats+=("$1"); shift; done
    shift
    (ulimit -v "$VLIMIT" && exec timeout 20 "$HAVEN" "$@") > "$TMP/out" 2> "$TMP/err"
    local rc=$?
    [ $rc -eq 124 ] && why="timed out (20 s)"
    [ $rc -gt 128 ] && why="killed by signal $((rc - 128))"
    [ $rc -eq 1 ] || why="${why:-status $rc}, want 1"
    for p in "${pats[@]}"; do
        grep -qE -- "$p" "$TMP/err" || why="$why; stderr lacks /$p/"
    done
    grep -qE "Sanitizer|runtime error" "$TMP/err" && why="$why; sanitizer report"
    if [ -n "$why" ]; then
        echo "FAIL: haven $*: $why; stderr: $(head -c 2000 "$TMP/err")"
        fail=1
    else
        echo "ok   haven $*: $(head -n 1 "$TMP/err")"
    fi
}

cd "$TMP" || exit 1
D="diffusion --timestep 1 --stride 1"

# A directory is not a trajectory.
mkdir dir.xyz
expect "dir\.xyz: is a directory, expected a trajectory file" -- $D dir.xyz
expect "dir\.xyz: is a directory, expected a trajectory file" -- $D dir.xyz --format lammps

# A coordinate of 1e308 A (finite when read, absurd as a position) used to
# end as "MSD is not finite at lag 4" with no file or frame.
gen_extxyz walk.xyz 12 5
awk 'NR == 22 { $2 = "1e308" } 1' walk.xyz > far.xyz
expect "far\.xyz: frame 4: atom 2 has coordinate x = 1e\+308 A" "within 1e6 A" -- diffusion far.xyz

# XDATCAR: counts that wrap when summed (was a heap overflow), and a count of
# 2e9 in a 1.7 kB file (was > 60 s and 6 GB before one coordinate was read);
# compressed, the first frame's rows are counted instead.
expect "count_sum_overflow\.XDATCAR:7: atom counts add up to more than" -- \
    $D "$DATA/count_sum_overflow.XDATCAR"
expect "huge_species_count_2e9\.XDATCAR:7: atom count .* is 2000000026, but the 1533 bytes left" \
    -- $D "$DATA/huge_species_count_2e9.XDATCAR"
gzip -c "$DATA/huge_species_count_2e9.XDATCAR" > huge_species.XDATCAR.gz
expect "huge_species\.XDATCAR\.gz:8: expected 'Direct configuration=' line" -- \
    $D huge_species.XDATCAR.gz
gen_xdatcar walk.XDATCAR 10 3
sed '7s/.*/ 2 2000000000/' walk.XDATCAR | gzip -c > huge_count.XDATCAR.gz
expect "huge_count\.XDATCAR\.gz:13: frame 1 has 4 atom rows, but the counts line adds up to 2000000002" \
    -- $D huge_count.XDATCAR.gz

# Extended XYZ: a count line of 779773407 (was a 6.2 GB allocation before
# any row was read; compressed, rows are collected as they arrive), and a
# Properties count near LONG_MAX (columns were silently miscounted).
expect "huge_count_min\.xyz:1: atom count is 779773407, but the 78 bytes left" -- \
    diffusion "$DATA/huge_count_min.xyz"
gzip -c "$DATA/huge_count_min.xyz" > huge_count.xyz.gz
expect "huge_count\.xyz\.gz:4: unexpected end of file \(expected atom row" -- diffusion huge_count.xyz.gz
expect "properties_count_overflow\.xyz:2: Properties entry 'foo' has count '9223372036854775807'" \
    "expected 1 to 128 columns" -- diffusion "$DATA/properties_count_overflow.xyz"

# LAMMPS dump: NUMBER OF ATOMS 2^59 + 1 (the row table's size wrapped to 32 B,
# a heap overflow; compressed, rows are collected as they arrive), and files
# that end right after ITEM: UNITS (an unset line pointer was read).
expect "lammps_nrows_wrap_min\.dump:4: number of atoms is 576460752303423489, but the 90 bytes" \
    -- $D "$DATA/lammps_nrows_wrap_min.dump"
gzip -c "$DATA/lammps_nrows_wrap_min.dump" > nrows_wrap.dump.gz
expect "nrows_wrap\.dump\.gz:11: unexpected end of file \(expected atom row" -- \
    $D nrows_wrap.dump.gz --format lammps
expect "units_at_eof_min\.dump:2: unexpected end of file \(expected units style\)" -- \
    $D "$DATA/units_at_eof_min.dump" --format lammps
expect "units_at_eof\.dump:4: unexpected end of file \(expected units style\)" -- \
    $D "$DATA/units_at_eof.dump" --format lammps

# vasprun.xml: nested entities (XML_PARSE_HUGE had switched off libxml2's
# amplification guard: 45 s and 638 MB).
expect "vasprun_entity_expansion_L8\.xml: line 19: XML error: .*entity" -- \
    $D "$DATA/vasprun_entity_expansion_L8.xml"

# H5MD: a compact dataset whose stored size disagrees with its shape
# (SIGSEGV inside libhdf5), attributes of 4096 ints and 8000 doubles read
# into one (stack and heap overflows), integers of 184 bytes (HDF5 overran
# its chunks), and a cut file (HDF5's own error stack in the message).
expect "corrupt\.h5: /particles/all/position/step: 0 bytes stored, but its shape and type need 12" \
    -- $D "$DATA/corrupt.h5"
expect "box_dimension_attr_4096\.h5: /particles/all/box: attribute 'dimension' holds 4096" \
    "expected 1 number" -- $D "$DATA/box_dimension_attr_4096.h5"
expect "step_offset_attr_8000\.h5: /particles/all/position/step: attribute 'offset' holds 8000" \
    "expected 1 number" -- $D "$DATA/step_offset_attr_8000.h5"
expect "h5md_image_type_184_bytes\.h5: /particles/all/image/value is not numeric" \
    "found 184-byte values" -- $D "$DATA/h5md_image_type_184_bytes.h5"
head -c 20000 "$DATA/corrupt.h5" > cut.h5
expect "cut\.h5: cannot open as HDF5 \(not HDF5, or truncated\) \(HDF5: H5Fopen: truncated file" \
    -- $D cut.h5

exit $fail
