"""units= (the CLI's --units): the same document as the CLI with the same
units, every conductivity and D scaled by the exact factor, and unknown
spellings refused."""
import math

import pytest

import haven
from conftest import LICL


def test_analyze_units_as_cli(cli):
    kw = dict(timestep=1, charges="Li=1,Cl=-1", species=["Li", "Cl"])
    r = haven.analyze(LICL[0], units="S/cm,m2/s", **kw)
    assert r.to_dict() == cli("analyze", LICL[0], "--timestep", "1", "--charges", "Li=1,Cl=-1",
                              "--species", "Li,Cl", "--units", "S/cm,m2/s")
    default = haven.analyze(LICL[0], **kw)
    li, li0 = r.species("Li"), default.species("Li")
    assert li.D.unit == "m^2/s" and li0.D.unit == "cm^2/s"
    assert math.isclose(li.D.value * 1e4, li0.D.value, rel_tol=1e-9)
    s, s0 = r.runs[0].sigma, default.runs[0].sigma
    assert s.unit == "S/cm" and s0.unit == "mS/cm"
    assert math.isclose(s.value * 1000, s0.value, rel_tol=1e-9)


def test_kmc_units_as_cli(cli):
    kw = dict(lattice="sc", cells=4, hops=20000, replicas=2, blocks=2, seed=5)
    r = haven.kmc(units=["S/m", "m^2/s"], **kw)
    assert r.to_dict() == _no_time(cli("kmc", "--lattice", "sc", "--cells", "4", "--hops",
                                       "20000", "--replicas", "2", "--blocks", "2", "--seed",
                                       "5", "--units", "S/m,m2/s"), r.to_dict())
    d0 = haven.kmc(**kw).to_dict()["runs"][0]
    d = r.to_dict()["runs"][0]
    assert d["sigma"]["unit"] == "S/m" and d0["sigma"]["unit"] == "mS/cm"
    assert math.isclose(d["sigma"]["value"] * 10, d0["sigma"]["value"], rel_tol=1e-9)
    assert d["D_sigma"]["unit"] == "m^2/s"
    assert math.isclose(d["D_sigma"]["value"] * 1e4, d0["D_sigma"]["value"], rel_tol=1e-9)


def _no_time(doc, like):
    """The CLI's document with the run's timings taken from `like` (they are
    the only numbers two runs do not share)."""
    for run, other in zip(doc["runs"], like["runs"]):
        for k in ("elapsed_s", "hops_per_second"):
            if k in run:
                run[k] = other[k]
    return doc


@pytest.mark.parametrize("bad", ["furlongs", "S/cm,", ["mS/cm", "m/s"]])
def test_unknown_units_refused(bad):
    with pytest.raises(ValueError, match="unknown unit"):
        haven.diffusion(LICL[0], timestep=1, units=bad)
