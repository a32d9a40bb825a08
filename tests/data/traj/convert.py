"""Write lj.dump (LAMMPS, see in.lj) in the other trajectory formats, each
with its real writer where Debian has one:

  lj_mda.dcd     MDAnalysis's DCDWriter (a second DCD writer)
                                                 -- python3-mdanalysis
  lj.dcd         mdtraj's DCD writer (VMD's dcdplugin; CHARMM format with
                 unit-cell records)              -- python3-mdtraj
  lj.g96         GROMACS g96 text (input for gmx trjconv, see make.sh)
  lj.traj        ASE Trajectory (ULM)            -- python3-ase
  lj.npy, lj.npz numpy (positions in A; the npz also holds cell and
                 symbols)                        -- python3-numpy
  lj.xyz         plain XYZ, no cell (haven needs --cell)
  lj.OUTCAR      VASP OUTCAR layout (VASP is not free software: this is the
                 documented generator, lines as VASP 6 prints them; each
                 LAMMPS frame is one ionic step, POTIM = 100 fs, every
                 other step labelled (ML) as in ML force-field runs, step
                 3 printed twice as on-the-fly learning does)
  npt.OUTCAR     5 steps whose cell grows 1% per step (positions scaled
                 with it), as an NPT run prints them
  lj-pos-1.xyz, lj-1.cell
                 CP2K's MD output layout (CP2K itself is not in Debian: this
                 is the documented generator; formats as CP2K's
                 motion_utils writes them)

Run with Debian's python: /usr/bin/python3 convert.py
"""
import numpy as np

SYMBOL = {1: "Li", 2: "Cl"}
DT_FS = 2.0  # LAMMPS timestep (in.lj)


def read_dump(path):
    frames = []
    with open(path) as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines) and lines[i].startswith("ITEM: TIMESTEP"):
        step = int(lines[i + 1])
        n = int(lines[i + 3])
        lo_hi = [list(map(float, lines[i + 5 + k].split())) for k in range(3)]
        box = np.array([hi - lo for lo, hi in lo_hi])
        rows = np.array([l.split() for l in lines[i + 9:i + 9 + n]], dtype=float)
        order = np.argsort(rows[:, 0])
        rows = rows[order]
        frames.append((step, box, rows[:, 1].astype(int), rows[:, 2:5]))
        i += 9 + n
    return frames


frames = read_dump("lj.dump")
steps = np.array([f[0] for f in frames])
boxes = np.array([f[1] for f in frames])
pos = np.array([f[3] for f in frames])  # A, wrapped
symbols = [SYMBOL[t] for t in frames[0][2]]
n = len(symbols)

# numpy
np.save("lj.npy", pos)
np.savez_compressed("lj.npz", positions=pos, cell=np.diag(boxes[0]),
                    symbols=np.array(symbols))

# plain xyz
with open("lj.xyz", "w") as f:
    for s, p in zip(steps, pos):
        f.write("%d\nstep %d\n" % (n, s))
        for e, r in zip(symbols, p):
            f.write("%-2s %.8f %.8f %.8f\n" % (e, r[0], r[1], r[2]))

# CP2K: PROJECT-pos-1.xyz and PROJECT-1.cell
with open("lj-pos-1.xyz", "w") as f:
    for s, p in zip(steps, pos):
        f.write("%8d\n i = %8d, time = %12.3f, E = %20.10f\n" % (n, s, s * DT_FS, -1.0))
        for e, r in zip(symbols, p):
            f.write("%3s %19.10f %19.10f %19.10f\n" % (e, r[0], r[1], r[2]))
with open("lj-1.cell", "w") as f:
    f.write("#   Step   Time [fs]" + "".join(
        "       %s%s [Angstrom]" % (v, c) for v in "ABC" for c in "xyz")
        + "      Volume [Angstrom^3]\n")
    for s, b in zip(steps, boxes):
        m = np.diag(b).ravel()
        f.write("%8d %12.3f" % (s, s * DT_FS) + "".join(" %19.10f" % x for x in m)
                + " %19.10f\n" % np.prod(b))

# VASP OUTCAR
def outcar(path, steps_pos, cells, ml_every=2, repeat=None):
    dash = " " + "-" * 83
    with open(path, "w") as f:
        f.write(" vasp.6.3.0 20Jan22 (build Feb 10 2022 12:00:00) complex\n \n"
                " executed on             LinuxIFC date 2024.06.11  10:00:00\n"
                " running on    1 total cores\n POTCAR:    PAW_PBE Li_sv 10Sep2004\n"
                " POTCAR:    PAW_PBE Cl 06Sep2000\n")
        for e, t in (("Li: 1s2s2p", "PAW_PBE Li_sv 10Sep2004"), ("Cl: s p", "PAW_PBE Cl 06Sep2000")):
            f.write("   VRHFIN =%s\n   LEXCH  = PE\n   TITEL  = %s\n" % (e, t))
        f.write("\n Dimension of arrays:\n   k-points           NKPTS =      1   k-points in BZ     NKDIM =      1   number of bands    NBANDS=    128\n"
                "   number of dos      NEDOS =    301   number of ions     NIONS =     %d\n" % n)
        f.write("   ions per type =              %d  %d\n" % (symbols.count("Li"), symbols.count("Cl")))
        f.write("   POTIM  = 100.0000    time-step for ionic-motion\n"
                "   TEBEG  =    300.0;   TEEND  =    300.0 temperature during run\n\n")
        for k, (p, c) in enumerate(zip(steps_pos, cells)):
            for rep in range(2 if k == repeat else 1):
                rec = 1 / np.diag(c)
                f.write("  volume of cell :     %10.2f\n      direct lattice vectors                 reciprocal lattice vectors\n" % np.prod(np.diag(c)))
                for i in range(3):
                    row = np.zeros(3); row[i] = c[i, i]
                    rr = np.zeros(3); rr[i] = rec[i]
                    f.write("   %s   %s\n" % (" ".join("%12.9f" % x for x in row), " ".join("%12.9f" % x for x in rr)))
                f.write("\n  length of vectors\n   %s\n\n\n" % " ".join("%12.9f" % x for x in np.diag(c)))
                ml = " (ML)" if (k % ml_every == 1 or rep == 1) else ""
                f.write(" POSITION                                       TOTAL-FORCE (eV/Angst)%s\n%s\n" % (ml, dash))
                for r in p:
                    f.write(" %12.5f %12.5f %12.5f   %14.6f %13.6f %13.6f\n" % (r[0], r[1], r[2], 0.01, -0.02, 0.03))
                f.write("%s\n    total drift:                                0.000000      0.000000      0.000000\n\n" % dash)


outcar("lj.OUTCAR", pos, [np.diag(b) for b in boxes], repeat=3)
scale = 1.01 ** np.arange(5)
outcar("npt.OUTCAR", [pos[k] * scale[k] for k in range(5)],
       [np.diag(boxes[k] * scale[k]) for k in range(5)])

# GROMACS g96 (nm, ps): input of gmx trjconv
with open("lj.g96", "w") as f:
    f.write("TITLE\nLJ fluid from in.lj\nEND\n")
    for s, b, p in zip(steps, boxes, pos):
        f.write("TIMESTEP\n%15d%15.6f\nEND\nPOSITIONRED\n" % (s, s * DT_FS / 1000))
        for r in p / 10:
            f.write("%15.9f%15.9f%15.9f\n" % tuple(r))
        f.write("END\nBOX\n%15.9f%15.9f%15.9f\nEND\n" % tuple(b / 10))

# ASE
from ase import Atoms
from ase.io.trajectory import Trajectory
with Trajectory("lj.traj", "w") as t:
    for b, p in zip(boxes, pos):
        t.write(Atoms(symbols, positions=p, cell=b, pbc=True))

# mdtraj DCD (nm inside mdtraj; the file is in A)
import mdtraj
from mdtraj.formats import DCDTrajectoryFile
with DCDTrajectoryFile("lj.dcd", "w") as d:
    d.write(pos, cell_lengths=boxes, cell_angles=np.full((len(pos), 3), 90.0))

# MDAnalysis DCD (its own DCDWriter, libdcd; CHARMM format with unit cells):
# a second real DCD writer besides mdtraj's
import MDAnalysis as mda
from MDAnalysis.coordinates.DCD import DCDWriter
u = mda.Universe.empty(n, trajectory=True)
with DCDWriter("lj_mda.dcd", n) as w:
    for b, p in zip(boxes, pos):
        u.atoms.positions = p
        u.dimensions = [b[0], b[1], b[2], 90.0, 90.0, 90.0]
        w.write(u.atoms)
