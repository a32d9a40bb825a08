#!/bin/bash
# The same trajectory in every format gives the same D*. One LAMMPS run of a
# 48-atom fluid (tests/data/traj/in.lj; the reference is its text dump,
# 8 decimals) converted by real writers (tests/data/traj/make.sh): mdtraj's
# DCD, GROMACS XTC and TRR (gmx trjconv), ASE .traj, numpy .npy/.npz, plain
# XYZ with --cell, CP2K's pos file with its .cell file, a VASP OUTCAR
# layout. Each is opened by content detection; D* and D_OLS of Li and Cl
# must match the dump's to the precision of the format:
#   the same decimals (XYZ, CP2K) or float64 copies of them (ASE, numpy):
#     1e-8 relative, the JSON's 10 digits (measured: 0, identical);
#   float32 (DCD, TRR; 6e-8 relative, 8e-7 A on 13 A): 1e-6 (measured 9e-8);
#   OUTCAR (5 decimals, 5e-6 A): 1e-5 (measured 6e-7);
#   XTC (coordinates rounded to 1e-3 nm = 0.01 A): 3e-3 (measured 9.6e-4,
#     Li D*).
# Bad inputs of these readers: traj_formats_bad.sh.
# usage: traj_formats.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$(realpath "$1")
D=$(realpath "$2")/traj
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
. "$(dirname "$0")/../support/expect_fail.bash"
fail=0
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

EL="--elements Li:24,Cl:*"
CELL="--cell 13.2,13.2,9.9"
FR="--timestep 100 --stride 1" # one frame per "step" where the file states no time

# D* and D_OLS of Li and Cl from `haven diffusion --json`.
dstar() {
    "$HAVEN" diffusion --json "$@" 2> "$TMP/err" |
        "$PY" -c 'import json,sys
r = json.load(sys.stdin)["runs"][0]
print(" ".join("%.10e %.10e" % (s["D"]["value"], s["D_ols"]["value"]) for s in r["species"]))'
}

ref=$(dstar "$D/lj.dump.gz" --types 1=Li,2=Cl --timestep 2)
[ -n "$ref" ] || { echo "FAIL: reference: $(cat "$TMP/err")"; exit 1; }
echo "reference (LAMMPS dump): $ref"

# same TAG FORMAT TOL ARGS...: D* from ARGS within TOL (relative) of ref,
# and detected as FORMAT.
same() {
    local tag=$1 fmt=$2 tol=$3
    shift 3
    local got
    got=$(dstar "$@")
    local detected
    detected=$("$HAVEN" diffusion --json "$@" 2> /dev/null | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["runs"][0]["format"])')
    local why
    why=$("$PY" -c '
import sys
ref, got, tol = sys.argv[1].split(), sys.argv[2].split(), float(sys.argv[3])
if len(got) != len(ref):
    print("no result"); sys.exit()
worst = max(abs(float(g) / float(r) - 1) for g, r in zip(got, ref))
print("" if worst <= tol else "off by %.2e (tolerance %g)" % (worst, tol))
print("worst %.2e" % worst, file=sys.stderr)' "$ref" "$got" "$tol" 2> "$TMP/worst")
    [ "$detected" = "$fmt" ] || why="$why; detected as '$detected', want $fmt"
    if [ -n "$why" ]; then
        echo "FAIL: $tag: $why; $(cat "$TMP/err")"
        fail=1
    else
        echo "ok   $tag ($fmt, $(cat "$TMP/worst"))"
    fi
}

same dcd dcd 1e-6 "$D/lj.dcd" $EL $FR
same dcd_mdanalysis dcd 1e-6 "$D/lj_mda.dcd" $EL $FR
same xtc xtc 3e-3 "$D/lj.xtc" $EL
same trr trr 1e-6 "$D/lj.trr" $EL
same ase ase 1e-8 "$D/lj.traj" $FR
same npy npy 1e-8 "$D/lj.npy" $EL $CELL $FR
same npz npz 1e-8 "$D/lj.npz" $FR
same xyz xyz 1e-8 "$D/lj.xyz.gz" $CELL $FR
same cp2k xyz 1e-8 "$D/lj-pos-1.xyz.gz"
same outcar outcar 1e-5 "$D/lj.OUTCAR.gz"
# .gz is transparent for the binary formats too, and names do not matter.
cp "$D/lj.dcd" "$TMP/run.bin" && gzip -c "$D/lj.xtc" > "$TMP/run.dat.gz" &&
    gzip -c "$D/lj.traj" > "$TMP/run.traj.gz" && gzip -c "$D/lj.npy" > "$TMP/x.gz"
same dcd_renamed dcd 1e-6 "$TMP/run.bin" $EL $FR
same xtc_gz xtc 3e-3 "$TMP/run.dat.gz" $EL
same ase_gz ase 1e-8 "$TMP/run.traj.gz" $FR
same npy_gz npy 1e-8 "$TMP/x.gz" $EL $CELL $FR

# mdrun's own output (tests/data/traj/make_gmx_md.sh): a TRR with positions,
# velocities and forces per frame, and the same frames in XTC (1e-3 nm:
# 3e-3, measured 5e-5); the TRR also gzipped.
EL=--elements\ Li:20,Cl:20
ref=$(dstar "$D/md.trr" $EL)
[ -n "$ref" ] || { echo "FAIL: md.trr: $(cat "$TMP/err")"; exit 1; }
echo "reference (mdrun TRR with velocities): $ref"
gzip -c "$D/md.trr" > "$TMP/md.trr.gz"
same md_xtc xtc 3e-3 "$D/md.xtc" $EL
same md_trr_gz trr 1e-8 "$TMP/md.trr.gz" $EL

exit $fail
