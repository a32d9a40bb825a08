#!/usr/bin/env bash
# Regenerate the cross-format trajectory fixtures (tests/cli/traj_formats.sh,
# tests/io/test_binary_readers.c): one LAMMPS run, converted by real writers.
# Needs Debian's lammps, gromacs, python3-ase, python3-mdtraj, python3-mdanalysis,
# python3-numpy. (LAMMPS itself writes no DCD here: Debian builds it without
# the EXTRA-DUMP package, so `dump dcd` is unknown; the DCDs come from
# mdtraj and MDAnalysis.)
# Not run by the tests: the outputs are committed (each < 200 kB).
set -euo pipefail
cd "$(dirname "$0")"
export GMX_MAXBACKUP=-1
lmp -in in.lj -log none -screen none     # lj.dump
/usr/bin/python3 convert.py              # dcd, traj, npy, npz, xyz, CP2K, g96
echo 0 | gmx -quiet trjconv -f lj.g96 -o lj.xtc > /dev/null 2>&1
echo 0 | gmx -quiet trjconv -f lj.g96 -o lj.trr > /dev/null 2>&1
# Molecules of three atoms 0.1 nm apart (water-like), which take the XTC
# run-length and small-difference code paths that the fluid does not.
/usr/bin/python3 - <<'PY'
import numpy as np
rng = np.random.default_rng(7)
n_mol, n_frames = 40, 3
with open("mol.g96", "w") as f:
    f.write("TITLE\nclose triples\nEND\n")
    for t in range(n_frames):
        centres = rng.uniform(0, 2.0, (n_mol, 3))
        f.write("TIMESTEP\n%15d%15.6f\nEND\nPOSITIONRED\n" % (t * 10, t * 0.02))
        for c in centres:
            for d in ([0, 0, 0], [0.0957, 0, 0], [-0.024, 0.0927, 0]):
                f.write("%15.9f%15.9f%15.9f\n" % tuple(np.array(c) + d))
        f.write("END\nBOX\n%15.9f%15.9f%15.9f\nEND\n" % (2.0, 2.0, 2.0))
PY
echo 0 | gmx -quiet trjconv -f mol.g96 -o mol.xtc > /dev/null 2>&1
gzip -9nf lj.dump lj.xyz lj-pos-1.xyz lj.OUTCAR
rm -f lj.g96
# Three atoms: XTC stores up to 9 atoms as plain floats; and a double-precision TRR.
/usr/bin/python3 - <<'PY'
lines = open("mol.g96").read().split("\n")
out, i = ["TITLE", "three atoms", "END"], 3
while i < len(lines) and lines[i] == "TIMESTEP":
    out += lines[i:i + 4] + lines[i + 4:i + 7] + ["END"]
    i += 4 + 120 + 1
    out += lines[i:i + 3]
    i += 3
open("small.g96", "w").write("\n".join(out) + "\n")
PY
echo 0 | gmx -quiet trjconv -f small.g96 -o small.xtc > /dev/null 2>&1
echo 0 | gmx_d -quiet trjconv -f small.g96 -o small_d.trr > /dev/null 2>&1
# mdtraj's decoding of mol.xtc (GROMACS's xdrfile code): the XTC test wants
# haven's float32 coordinates bit for bit the same.
/usr/bin/python3 - <<'PY'
import numpy as np
from mdtraj.formats import XTCTrajectoryFile
with XTCTrajectoryFile("mol.xtc") as x:
    xyz = x.read()[0]
with open("mol_xtc_mdtraj.txt", "w") as f:
    f.write("# mol.xtc decoded by mdtraj (xdrfile), nm, float32 printed with 9 digits\n")
    for fr in xyz:
        for r in fr:
            f.write("%.9g %.9g %.9g\n" % tuple(np.float32(v) for v in r))
PY
./make_gmx_md.sh                          # mdrun TRR with velocities, XTC, magic-2023 XTC
