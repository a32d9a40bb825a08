#!/usr/bin/env bash
# Regenerate the GROMACS-written MD fixtures (tests/io/test_gromacs.c):
#   md.trr            positions, velocities and forces every 100 steps (0.2 ps) (mdrun, md-vv, NVE)
#   md.xtc            the same frames, compressed (nstxout-compressed)
#   md_temperature.txt  GROMACS's own temperature at those steps (gmx energy), the
#                     independent value for the kinetic temperature from md.trr's velocities
#   mol2023.xtc       mol.xtc with every frame rewritten in the magic-2023 layout (see below)
#   mixed.trr         the same system, positions every 100 steps and velocities every 200
#                     (every other position frame has velocities), 2000 steps
# A fluid of 20 Li and 20 Cl Lennard-Jones atoms (no charges) in a 1.7 nm box,
# masses as haven's element table (6.94, 35.45) so that the kinetic temperatures
# agree. Needs Debian's gromacs (gmx, 2022.5) and python3. Not run by the tests:
# the outputs are committed (each < 200 kB).
set -euo pipefail
cd "$(dirname "$0")"
export GMX_MAXBACKUP=-1
w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
/usr/bin/python3 - "$w" <<'PY'
import sys
w = sys.argv[1]
n, box = 40, 1.7
with open(w + "/conf.gro", "w") as f:
    f.write("LJ Li/Cl\n%5d\n" % n)
    k = 0
    for i in range(4):
        for j in range(4):
            for l in range(3):
                if k == n:
                    break
                name = "LI" if k < n // 2 else "CL"  # Li:20,Cl:20 in file order
                x, y, z = (i + 0.5) * box / 4, (j + 0.5) * box / 4, (l + 0.5) * box / 3
                f.write("%5d%-5s%5s%5d%8.3f%8.3f%8.3f\n" % (k + 1, name, name, k + 1, x, y, z))
                k += 1
    f.write("%10.5f%10.5f%10.5f\n" % (box, box, box))
PY
cat > "$w/topol.top" <<'TOP'
[ defaults ]
; nbfunc comb-rule gen-pairs
  1      2         no
[ atomtypes ]
; name mass charge ptype sigma(nm) epsilon(kJ/mol)
  LI   6.94   0.0 A 0.25 0.8
  CL  35.45   0.0 A 0.35 1.2
[ moleculetype ]
LI 1
[ atoms ]
1 LI 1 LI LI 1 0.0 6.94
[ moleculetype ]
CL 1
[ atoms ]
1 CL 1 CL CL 1 0.0 35.45
[ system ]
LJ Li/Cl
[ molecules ]
LI 20
CL 20
TOP
cat > "$w/md.mdp" <<'MDP'
integrator      = md-vv
dt              = 0.002
nsteps          = 10000
nstxout         = 100
nstvout         = 100
nstfout         = 100
nstxout-compressed = 100
nstenergy       = 100
nstcalcenergy   = 100
cutoff-scheme   = Verlet
rvdw            = 0.8
rcoulomb        = 0.8
coulombtype     = Cut-off
tcoupl          = no
pcoupl          = no
gen_vel         = yes
gen_temp        = 300
gen_seed        = 7
comm-mode       = Linear
MDP
(cd "$w" && gmx -quiet grompp -f md.mdp -c conf.gro -p topol.top -o md.tpr -maxwarn 1 &&
  gmx -quiet mdrun -s md.tpr -deffnm md -nt 1 -pin off) > "$w/log" 2>&1
cp "$w/md.trr" "$w/md.xtc" .
sed -e 's/^nsteps .*/nsteps          = 2000/' -e 's/^nstvout .*/nstvout         = 200/' \
    -e 's/^nstfout .*/nstfout         = 0/' -e 's/^nstxout-compressed .*/nstxout-compressed = 0/' \
    "$w/md.mdp" > "$w/mixed.mdp"
(cd "$w" && gmx -quiet grompp -f mixed.mdp -c conf.gro -p topol.top -o mixed.tpr -maxwarn 1 &&
  gmx -quiet mdrun -s mixed.tpr -deffnm mixed -nt 1 -pin off) > "$w/log" 2>&1
cp "$w/mixed.trr" .
echo Temperature | gmx -quiet energy -f "$w/md.edr" -o "$w/t.xvg" > /dev/null 2>&1
{ echo "# step temperature_K, from gmx energy on md.edr (GROMACS 2022.5; md-vv: full-step kinetic energy, 3N - 3 degrees of freedom)"
  awk '!/^[#@]/ {printf "%d %s\n", $1 / 0.002 + 0.5, $2}' "$w/t.xvg"; } > md_temperature.txt
# XTC magic 2023 (GROMACS >= 2023, xdrf.h XTC_NEW_MAGIC): GROMACS writes it
# only above 298,261,617 atoms and Debian's gmx is 2022.5, so this is a
# documented generator: each frame of mol.xtc (written by gmx) with magic
# 2023 and its packed byte count widened to a 64-bit XDR integer (high word
# first, GROMACS's xdr_int64); the packed bytes themselves are unchanged.
/usr/bin/python3 - <<'PY'
import struct
src = open("mol.xtc", "rb").read()
out, i = bytearray(), 0
while i < len(src):
    magic, natoms = struct.unpack(">ii", src[i:i + 8])
    assert magic == 1995 and natoms > 9
    head = 4 * (3 + 1 + 9 + 1 + 1 + 7)  # magic natoms step, time, box, natoms, precision, ranges
    nbytes = struct.unpack(">I", src[i + head:i + head + 4])[0]
    body = src[i + head + 4:i + head + 4 + ((nbytes + 3) & ~3)]
    out += struct.pack(">i", 2023) + src[i + 4:i + head] + struct.pack(">q", nbytes) + body
    i += head + 4 + len(body)
open("mol2023.xtc", "wb").write(out)
PY
