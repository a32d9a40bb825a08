#!/usr/bin/env bash
# Regenerates the seed corpora in tests/fuzz/corpus/<target>/ from the test
# fixtures: the fixture writers of tests/support (via make_seeds.c), the
# awk generators of tests/support/traj_gen.bash, the first rows of the
# public data sets in ../shared/data and examples/, and hand-written
# inputs for the circuit, table and KMC readers. Seeds are a few KB each.
# usage: tests/fuzz/make_corpus.sh [BUILD_FUZZ_DIR]   (default build-fuzz;
#        the checkpoint seed needs its fuzz_kmc_checkpoint binary)
set -euo pipefail
cd "$(dirname "$0")/../.."
C=tests/fuzz/corpus
BUILD=${1:-build-fuzz}
SHARED=../shared/data
targets="xdatcar vasprun extxyz lammps h5md xyz outcar ase xtc trr dcd npy npz eis circuit fit_columns kmc_structure kmc_energies kmc_checkpoint"
for t in $targets; do rm -rf "${C:?}/$t"; mkdir -p "$C/$t"; done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# Trajectories from the fixture writers.
cc -std=c11 -O1 -D_POSIX_C_SOURCE=200809L -Itests/support tests/fuzz/make_seeds.c \
   tests/support/fixture.c tests/support/write_*.c \
   $(pkg-config --cflags --libs hdf5 zlib) -lm -o "$tmp/make_seeds"
"$tmp/make_seeds" "$C"
# ... from the CLI tests' generators.
source tests/support/traj_gen.bash
gen_xdatcar "$C/xdatcar/gen" 3 1
gen_extxyz "$C/extxyz/gen.xyz" 3 1
gen_extxyz "$C/extxyz/gen_nocell.xyz" 2 2 none
gen_vasprun "$C/vasprun/gen.xml" 2 1
gen_lammps "$C/lammps/gen.dump" 4 3 1
gzip -9nc "$C/lammps/fixture_0.dump" > "$C/lammps/fixture_0.dump.gz"
# ... and the first frame of real runs (LGPS AIMD from VASP, molten LiCl from LAMMPS).
if [ -f "$SHARED/lgps_600K/XDATCAR" ]; then
  head -n 60 "$SHARED/lgps_600K/XDATCAR" > "$C/xdatcar/lgps_600K_frame1"
  cp "$SHARED/lgps_600K/LICENSE.pymatgen-analysis-diffusion" "$C/"
fi
(zcat examples/molten_licl/licl_T900.dump.gz || true) | sed -n '1,15p' | sed 's/^512$/6/' \
  > "$C/lammps/licl.dump"

# The binary and other trajectory formats: the first frames of the
# cross-format fixtures (tests/data/traj), cut at frame boundaries, and
# 6-atom copies rewritten by the real writers (numpy, ASE) when present.
T=tests/data/traj
head -c $((276 + 2 * 656)) $T/lj.dcd > "$C/dcd/lj2.dcd"
head -c $((2 * 696)) $T/lj.trr > "$C/trr/lj2.trr"
cp $T/mol.xtc "$C/xtc/mol.xtc"
head -n 144 $T/npt.OUTCAR > "$C/outcar/npt2.OUTCAR"
zcat $T/lj.xyz.gz | head -n 100 > "$C/xyz/lj2.xyz"
zcat $T/lj-pos-1.xyz.gz | head -n 100 > "$C/xyz/cp2k2.xyz"
PY=/usr/bin/python3 # Debian's, with numpy (a pyenv python3 may lack it)
[ -x $PY ] || PY=python3
$PY - "$C" "$T" <<'PY' || echo "numpy/ASE seeds skipped (python3-numpy, python3-ase)" >&2
import sys
import numpy as np
c, t = sys.argv[1], sys.argv[2]
pos = np.load(t + "/lj.npy")[:2, :6]
np.save(c + "/npy/lj2.npy", pos)
np.save(c + "/npy/lj2_f32.npy", pos.astype(">f4"))
np.savez(c + "/npz/lj2.npz", positions=pos, cell=np.diag([13.2, 13.2, 9.9]),
         symbols=np.array(["Li"] * 3 + ["Cl"] * 3))
np.savez_compressed(c + "/npz/lj2_numbers.npz", positions=pos.astype(np.float32),
                    cell=np.tile(np.diag([13.2, 13.2, 9.9]), (2, 1, 1)),
                    numbers=np.array([3] * 3 + [17] * 3))
from ase import Atoms
from ase.io.trajectory import Trajectory
with Trajectory(c + "/ase/lj2.traj", "w") as w:
    for p in pos:
        w.write(Atoms("Li3Cl3", positions=p, cell=[13.2, 13.2, 9.9], pbc=True))
PY

# EIS: every instrument export in ../shared/data/eis, cut after whole lines to about 3 KB.
if [ -d "$SHARED/eis" ]; then
  for f in "$SHARED"/eis/*; do
    case $f in *LICENSE*) continue ;; esac
    awk '{ n += length($0) + 1; print; if (n > 3000) exit }' "$f" > "$C/eis/$(basename "$f")"
  done
  cp "$SHARED/eis/LICENSE.impedance.py" "$C/"
fi
awk 'BEGIN{for(i=0;i<12;i++){f=10^(i/11*6-1);w=2*3.141592653589793*f;t=w*1e-4;
  printf "%.10g,%.10g,%.10g\n",f,10+100/(1+t*t),-100*t/(1+t*t)}}' > "$C/eis/rc.csv"

# Circuit strings (README, CLI tests and every element).
i=0
for s in 'R0-p(R1,CPE1)' 'R0-p(R1,CPE1)-p(R2,CPE2)-W3' 'R0-p(R1,C1)' 'L0-R0-p(R1,Wo1)-Ws2' \
         'p(R1,G1)-p(C2,L2)' 'R0-p(p(R1,C1),R2-C2)' 'CPE0'; do
  printf '%s' "$s" > "$C/circuit/c$i"; i=$((i + 1))
done

# Tables for `haven fit` (as in tests/cli/fit_models.sh).
awk 'BEGIN {kB = 8.617333262e-5; print "T,sigma,err";
  for (i = 0; i < 8; i++) {T = 300 + 30 * i; s = exp(10 - 0.35 / (kB * T)) / T; printf "%g,%.12g,%.12g\n", T, s, 0.02 * s}}' \
  > "$C/fit_columns/arrhenius.csv"
printf '# T D\n300 1e-12\n350\t4e-12\n400;1.1e-11\n450 2.5e-11 # last\n' > "$C/fit_columns/mixed.txt"
printf 'g S\n0.1 0.99\n0.2 0.95\n0.4 0.82\n0.8 0.45\n1.6 0.05\n' > "$C/fit_columns/pfg.txt"

# KMC structures (as in tests/kmc/test_structure.c and kmc_test.h).
printf 'LiCl rock salt\n1.0\n4.242640687 0 0\n0 4.242640687 0\n0 0 4.242640687\nLi Cl\n4 4\nDirect\n0 0 0\n0 .5 .5\n.5 0 .5\n.5 .5 0\n.5 .5 .5\n.5 0 0\n0 .5 0\n0 0 .5\n' \
  > "$C/kmc_structure/POSCAR_rocksalt"
printf 'sc vasp4\n3.0\n1 0 0\n0 1 0\n0 0 1\n1\nCartesian\n0 0 0\n' > "$C/kmc_structure/POSCAR_vasp4"
printf 'selective\n1\n3 0 0\n0 3 0\n0 0 3\nLi\n2\nSelective dynamics\nDirect\n0 0 0 T T T\n.5 .5 .5 F F F\n' \
  > "$C/kmc_structure/POSCAR_selective"
printf '4\nLattice="4 0 0 0 4 0 0 0 4" Properties=species:S:1:pos:R:3\nLi 0 0 0\nLi 2 0 0\nLi 0 2 0\nLi 0 0 2\n' \
  > "$C/kmc_structure/perovskite.xyz"
printf '2\nLattice="3 0 0 0 3 0 0 0 3" Properties=species:S:1:pos:R:3\nNa 0 0 0\nO 1.5 1.5 1.5\n' \
  > "$C/kmc_structure/cell.xyz"

# KMC site energies: 27 values in eV (a 3x3x3 simple cubic lattice).
awk 'BEGIN { for (i = 0; i < 27; i++) printf "%g%s", 0.01 * (i % 5 - 2), i % 9 == 8 ? "\n" : " " }' \
  > "$C/kmc_energies/plain"
awk 'BEGIN { print "# site energies, eV"; for (i = 0; i < 27; i++) print 0.1 * (i % 3 - 1), (i % 4 ? "" : "# site " i) }' \
  > "$C/kmc_energies/comments"
awk 'BEGIN { for (i = 0; i < 27; i++) printf "%ge-3%s", i, i % 3 == 2 ? "\r\n" : "\t" }' > "$C/kmc_energies/crlf"

# A KMC checkpoint part way through the fuzz target's own run.
if [ -x "$BUILD/tests/fuzz/fuzz_kmc_checkpoint" ]; then
  FUZZ_WRITE_SEED="$PWD/$C/kmc_checkpoint/after_block1" \
    "$BUILD/tests/fuzz/fuzz_kmc_checkpoint" -runs=0 "$tmp" > /dev/null 2>&1
else
  echo "make_corpus: no $BUILD/tests/fuzz/fuzz_kmc_checkpoint; checkpoint seed not written" >&2
fi
du -sh "$C"
