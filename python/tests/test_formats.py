"""Files that lack a cell or element names (tests/data/traj: one LAMMPS run
in several formats, see make.sh there): cell= and elements= pass through as
--cell and --elements do, and give the CLI's document; the same run as a
DCD, a plain XYZ and the LAMMPS dump gives the same D*."""
import os

import numpy as np
import pytest

import haven

TRAJ = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "data",
                    "traj")


def path(name):
    return os.path.join(TRAJ, name)


def test_xyz_cell_text_and_matrix(cli):
    doc = cli("diffusion", path("lj.xyz.gz"), "--cell", "13.2,13.2,9.9", "--timestep", "100",
              "--stride", "1")
    r = haven.diffusion(path("lj.xyz.gz"), cell="13.2,13.2,9.9", timestep=100, stride=1)
    assert r.to_dict() == doc
    m = haven.diffusion(path("lj.xyz.gz"), cell=np.diag([13.2, 13.2, 9.9]), timestep=100,
                        stride=1)
    assert m.species("Li").D.value == r.species("Li").D.value


def test_dcd_elements(cli):
    doc = cli("diffusion", path("lj.dcd"), "--elements", "Li:24,Cl:*", "--timestep", "100")
    r = haven.diffusion(path("lj.dcd"), elements={"Li": 24, "Cl": "*"}, timestep=100)
    assert r.to_dict() == doc
    ref = haven.diffusion(path("lj.dump.gz"), types="1=Li,2=Cl", timestep=2)
    # float32 coordinates: D* agrees to 1e-6 relative (tests/cli/traj_formats.sh).
    assert r.species("Li").D.value == pytest.approx(ref.species("Li").D.value, rel=1e-6)


def test_bad_cell_and_elements():
    with pytest.raises(haven.HavenError, match="cell '1,2': 2 numbers"):
        haven.diffusion(path("lj.xyz.gz"), cell="1,2", timestep=100, stride=1)
    with pytest.raises(haven.HavenError, match="gives 47 atoms, but the file has 48"):
        haven.diffusion(path("lj.dcd"), elements="Li:24,Cl:23", timestep=100)
