#!/bin/bash
# haven diffusion on bad trajectories and bad options: exit 1 (2 for usage
# errors), a message naming the file, the line or frame and what was
# expected, nothing on stdout, no file left in the --csv folder, and (under
# the sanitizer build) no memory or undefined-behaviour report.
# usage: diffusion_bad_input.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$(realpath "$1")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
. "$(dirname "$0")/../support/traj_gen.bash"
fail=0

# expect STATUS PATTERN... -- ARGS...: run `haven diffusion ARGS --csv DIR`;
# each PATTERN is an extended regular expression stderr must match.
expect() {
    local want=$1 pats=() why=""
    shift
    while [ "$1" != "--" ]; do pats+=("$1"); shift; done
    shift
    rm -rf "$TMP/csv"
    "$HAVEN" diffusion "$@" --csv "$TMP/csv" > "$TMP/out" 2> "$TMP/err"
    local rc=$?
    [ $rc -eq "$want" ] || why="status $rc, want $want"
    for p in "${pats[@]}"; do
        grep -qE -- "$p" "$TMP/err" || why="$why; stderr lacks /$p/"
    done
    [ -s "$TMP/out" ] && why="$why; stdout not empty"
    [ -n "$(ls -A "$TMP/csv" 2> /dev/null)" ] && why="$why; files left in --csv folder"
    grep -qE "Sanitizer|runtime error" "$TMP/err" && why="$why; sanitizer report"
    if [ -n "$why" ]; then
        echo "FAIL: haven diffusion $*: $why; stderr: $(cat "$TMP/err")"
        fail=1
    else
        echo "ok   haven diffusion $*"
    fi
}

LMP="--types 1=Li,2=Cl --timestep 1"
cd "$TMP" || exit 1

# A good LAMMPS dump (20 atoms, 29 lines a frame) and broken copies of it.
gen_lammps good.dump 20 40 1
head -n -3 good.dump > trunc.dump
gzip -c good.dump | head -c 3000 > cut.dump.gz
: > empty.dump
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10' > image.png
printf 'Dear reader,\nthis is a letter, not a trajectory.\n' > letter.txt
# frame 4 (lines 88-116) claims 19 atoms and has 19 rows
awk 'NR == 91 { $0 = "19" } NR == 116 { next } 1' good.dump > count.dump
awk 'NR == 300 { $3 = "1.2.3" } 1' good.dump > word.dump
awk 'NR == 300 { $4 = "nan" } 1' good.dump > nan.dump
awk 'NR == 300 { $5 = "-inf" } 1' good.dump > inf.dump
gen_lammps five.dump 20 5 2

expect 1 "trunc\.dump:1158: unexpected end of file" "expected atom row" -- trunc.dump $LMP
expect 1 "cut\.dump\.gz: compressed stream ends early \(truncated \.gz\)" -- cut.dump.gz $LMP
expect 1 "empty\.dump: file is empty \(expected a trajectory\)" -- empty.dump $LMP
expect 1 "image\.png: unrecognised trajectory format \(expected XDATCAR" -- image.png
expect 1 "letter\.txt: unrecognised trajectory format" -- letter.txt
expect 1 "missing\.dump: cannot open" -- missing.dump
expect 1 "count\.dump:91: inconsistent atom count: 19 \(first frame: 20\)" -- count.dump $LMP
expect 1 "word\.dump:300: expected a number, found '1\.2\.3'" -- word.dump $LMP
expect 1 "nan\.dump:300: expected a finite number, found 'nan'" -- nan.dump $LMP
expect 1 "inf\.dump:300: expected a finite number, found '-inf'" -- inf.dump $LMP
expect 1 "five\.dump: (Li|Cl): 5 frames: a diffusion fit needs at least 8" -- five.dump $LMP
# A good file then a bad one: nothing from the good one may be written.
expect 1 "word\.dump:300" -- good.dump word.dump $LMP

# XDATCAR: no times in the file, so the time base needs both options.
gen_xdatcar XDATCAR 30 3
head -n -2 XDATCAR > XDATCAR_cut
awk 'NR == 40 { $2 = "NaN" } 1' XDATCAR > XDATCAR_nan
expect 1 "XDATCAR: the time between frames is unknown" "give --timestep FS and --stride N" -- XDATCAR
expect 1 "XDATCAR: the time between frames is unknown" "--stride N" -- XDATCAR --timestep 2
expect 1 "XDATCAR_cut:156: unexpected end of file \(expected atom coordinates" -- XDATCAR_cut --timestep 2 --stride 5
expect 1 "XDATCAR_nan:40: expected a finite number, found 'NaN'" -- XDATCAR_nan --timestep 2 --stride 5

# Extended XYZ: plain XYZ without a cell; an atom count that changes.
gen_extxyz plain.xyz 20 4 none
gen_extxyz frames.xyz 20 4
awk 'NR == 13 { $0 = "3" } NR == 16 { next } 1' frames.xyz > count.xyz
awk 'NR == 21 { $3 = "inf" } 1' frames.xyz > inf.xyz
expect 1 "plain\.xyz:2: missing cell \(no Lattice=" -- plain.xyz
expect 1 "count\.xyz:13: inconsistent atom count: 3 \(first frame: 4\)" -- count.xyz
expect 1 "inf\.xyz:21: expected a finite number, found 'inf'" -- inf.xyz

# vasprun.xml states POTIM = 2 fs: a different --timestep is a conflict.
gen_vasprun vasprun.xml 20 5
expect 1 "vasprun\.xml: the file states a timestep of 2 fs but --timestep is 1 fs" -- vasprun.xml --timestep 1
# A vasprun.xml cut inside a frame is a killed run: by design (docs/formats-vasprun-h5md.md)
# its complete frames are analysed, with a warning naming the frame.
head -n -10 vasprun.xml > killed.xml
if ! "$HAVEN" diffusion killed.xml > killed.out 2> killed.err ||
    ! grep -q "killed\.xml: file ends inside frame 19 (line [0-9]*; .*keeping the 19 complete frames" killed.err ||
    ! grep -q "19 frames" killed.out; then
    echo "FAIL: haven diffusion killed.xml: $(cat killed.err)"
    fail=1
fi

# Usage errors: exit 2 before any file is read.
expect 2 "--timestep: '0' is not a positive number" -- good.dump --timestep 0
expect 2 "--timestep: '-1' is not a positive number" -- good.dump --timestep -1
expect 2 "--timestep: 'fast' is not a positive number" -- good.dump --timestep fast
expect 2 "--stride: '0' is not a positive whole number" -- good.dump --stride 0
expect 2 "unknown option '--bogus'" -- good.dump --bogus
expect 2 "--format" "unknown format 'pdb'" -- good.dump --format pdb
expect 2 "usage: haven diffusion" --

exit $fail
