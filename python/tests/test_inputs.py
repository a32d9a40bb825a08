"""The same trajectory as a file, numpy arrays, ASE Atoms and an MDAnalysis
Universe gives the same D* (the arrays are read by an independent parser
in conftest.py)."""
import math

import numpy as np
import pytest

import haven
from conftest import LICL, read_dump


@pytest.fixture(scope="module")
def licl():
    pos, cells, symbols, steps = read_dump(LICL[0])
    return pos, cells, symbols, steps[1] - steps[0]


@pytest.fixture(scope="module")
def from_file():
    return haven.diffusion(LICL[0], timestep=1)


def same_D(a, b, rel=1e-9):
    for name in ("Li", "Cl"):
        assert math.isclose(a.species(name).D.value, b.species(name).D.value, rel_tol=rel)
        assert math.isclose(a.species(name).D.stderr, b.species(name).D.stderr, rel_tol=1e-6)


def test_numpy(licl, from_file):
    pos, cells, symbols, stride = licl
    r = haven.diffusion(pos, cell=cells, symbols=symbols, timestep=1, stride=stride,
                        wrapped=False)
    assert r.to_dict()["runs"][0]["format"] == "arrays"
    same_D(r, from_file)
    # One cell for all frames (NVT) and wrapped treatment give the same here.
    r1 = haven.diffusion(pos, cell=cells[0], symbols=symbols, frame_interval=stride * 1e-3)
    same_D(r1, from_file)


def test_ase(licl, from_file):
    ase = pytest.importorskip("ase")
    pos, cells, symbols, stride = licl
    images = [ase.Atoms(symbols, positions=p, cell=c, pbc=True) for p, c in zip(pos, cells)]
    same_D(haven.diffusion(images, timestep=1, stride=stride, wrapped=False), from_file)


def test_mdanalysis(licl, from_file):
    mda = pytest.importorskip("MDAnalysis")
    from MDAnalysis.coordinates.memory import MemoryReader
    pos, cells, symbols, stride = licl
    u = mda.Universe.empty(len(symbols), trajectory=True)
    u.add_TopologyAttr("elements", symbols)
    dims = np.array([[c[0, 0], c[1, 1], c[2, 2], 90, 90, 90] for c in cells])
    u.load_new(pos.astype(np.float32), format=MemoryReader, dimensions=dims,
               dt=stride * 1e-3)
    # float32 coordinates: D* to single precision.
    same_D(haven.diffusion(u, wrapped=False), from_file, rel=1e-4)


def test_bad_inputs():
    with pytest.raises(haven.HavenError, match="no-such-file.dump"):
        haven.diffusion("no-such-file.dump", timestep=1)
    with pytest.raises(haven.HavenError, match="--charges"):
        haven.analyze(LICL[0], timestep=1)
    with pytest.raises(haven.HavenError, match="exclude each other"):
        haven.diffusion(LICL[:2], timestep=1, pool=True, continue_=True)
    with pytest.raises(ValueError, match="cell= and symbols="):
        haven.diffusion(np.zeros((3, 2, 3)), timestep=1)
    with pytest.raises(TypeError, match="unknown keyword"):
        haven.diffusion(LICL[0], timestep=1, speceis="Li")
    with pytest.raises(haven.HavenError, match="time between frames"):
        haven.diffusion(np.zeros((3, 1, 3)), cell=np.eye(3) * 10, symbols=["Li"],
                        frame_interval=0)


def test_progress_and_warnings():
    seen = []
    haven.diffusion(LICL[0], timestep=1, progress=lambda *a: seen.append(a[0]))
    # "load" every 256 frames (these runs have 201), "msd" per block of atoms.
    assert "msd" in seen and set(seen) <= {"load", "msd"}
    with pytest.warns(haven.HavenWarning, match="do not balance"):
        haven.analyze(LICL[0], timestep=1, charges={"Li": 1, "Cl": -2})
