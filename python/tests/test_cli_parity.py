"""The Python results are the CLI's: to_dict() equals `haven ... --json` on
the shipped molten-LiCl runs (the library writes both documents; these
tests hold the package to passing every option through unchanged)."""
import math

import pytest

import haven
from conftest import LICL


def test_diffusion_one_file(cli):
    r = haven.diffusion(LICL[0], timestep=1)
    assert r.to_dict() == cli("diffusion", LICL[0], "--timestep", "1")
    li = r.species("Li")
    assert li.D.unit == "cm^2/s"
    # D* of molten LiCl at 900 K is of order 1e-4 cm^2/s; the interval holds it.
    assert 1e-5 < li.D.value < 1e-3
    assert li.D.ci95[0] < li.D.value < li.D.ci95[1]
    assert li.D.stderr > 0


def test_diffusion_options(cli):
    r = haven.diffusion(LICL[:2], timestep=1, species=["Li"], start=0.5, end=30, pool=True,
                        method="fft", drift="system")
    assert r.to_dict() == cli("diffusion", *LICL[:2], "--timestep", "1", "--species", "Li",
                              "--start", "0.5", "--end", "30", "--pool")
    assert r.pooled.n_runs == 2


def test_analyze_series_and_entropy(cli):
    r = haven.analyze(LICL, timestep=1, charges={"Li": 1, "Cl": -1}, nu0=1e13, jump=2.5,
                      at=400)
    doc = cli("analyze", *LICL, "--timestep", "1", "--charges", "Li=1,Cl=-1", "--nu0", "1e13",
              "--jump", "2.5", "--at", "400")
    assert r.to_dict() == doc
    assert len(r.runs) == 4
    s = r.runs[0].sigma
    assert s.unit == "mS/cm" and s.value > 0
    # The activation energy of a molten salt's conductivity: tenths of an eV.
    ea = r.arrhenius.Ea
    assert 0.01 < ea.value < 1.0 and ea.unit == "eV"
    assert isinstance(r.arrhenius.activation_entropy, haven.Estimate)


def test_arrhenius_with_temperatures(cli):
    r = haven.arrhenius(LICL[:3], timestep=1, charges="Li=1,Cl=-1",
                        temperature=[900, 1000, 1100])
    assert r.to_dict() == cli("arrhenius", *LICL[:3], "--timestep", "1", "--charges",
                              "Li=1,Cl=-1", "--temperature", "900,1000,1100")
    assert "runs" not in r.to_dict()


def test_continue_is_one_run(cli):
    r = haven.diffusion(LICL[:2], timestep=1, continue_=True, species="Li")
    doc = cli("diffusion", *LICL[:2], "--timestep", "1", "--continue", "--species", "Li")
    assert len(doc["runs"]) == 1  # the segments make one run
    assert r.to_dict()["runs"][0]["n_frames"] == doc["runs"][0]["n_frames"]
    # One thread in the CLI, the library's default here: equal to rounding.
    assert math.isclose(r.species("Li").D.value, doc["runs"][0]["species"][0]["D"]["value"],
                        rel_tol=1e-9)


def test_curves():
    r = haven.diffusion(LICL[0], timestep=1, species="Li")
    m = r.msd("Li")
    assert m.msd.shape == m.time.shape == m.n_obs.shape and m.msd_xyz.shape == (len(m.msd), 3)
    # Identity: the MSD is the trace of its tensor.
    assert abs(m.msd - m.msd_xyz.sum(axis=1)).max() <= 1e-9 * m.msd.max()
    assert m.msd[0] == pytest.approx(0, abs=1e-12)
    with pytest.raises(haven.HavenError, match="no species 'Na'"):
        r.msd("Na")


def test_green_kubo_curve():
    r = haven.analyze(LICL[0], timestep=1, charges={"Li": 1, "Cl": -1})
    curve = r.green_kubo_running()
    gk = r.green_kubo
    if curve is None:  # 201 frames: too few for Green-Kubo, and the note says so
        assert not gk.ok and "frames" in gk.note
        return
    t, sigma = curve
    assert len(t) == len(sigma) > 10 and t[0] == 0
