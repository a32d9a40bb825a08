"""haven.kmc is `haven kmc`: to_dict() equals the CLI's --json document
(but for the measured speed), for a temperature sweep with disorder, two
species and a field, and for a finite-size sweep; errors are HavenErrors
with haven's message; progress comes through a callback; runs in a thread
pool equal the serial ones."""
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import haven


def strip(doc):
    for r in doc["runs"]:
        r.pop("hops_per_second")
    return doc


def test_temperature_sweep_matches_cli(cli):
    r = haven.kmc(lattice="bcc", cells=4, species=["Li:1:0.3", ("Na", 1)], occupancy=0.5,
                  disorder="gaussian:0.04", field=1e6, T="400:600:100", hops=20000,
                  replicas=3, seed=5)
    doc = cli("kmc", "--lattice", "bcc", "--cells", "4", "--species", "Li:1:0.3", "--species",
              "Na:1", "--occupancy", "0.5", "--disorder", "gaussian:0.04", "--field", "1e6",
              "--T", "400:600:100", "--hops", "20000", "--replicas", "3", "--seed", "5")
    assert strip(r.to_dict()) == strip(doc)
    assert list(r.T) == [400, 500, 600]
    li = r.series("D", species="Li")
    assert li["unit"] == "cm^2/s" and np.all(li["lo"] <= li["value"])
    # Thermally activated hopping: D* rises with T.
    assert np.all(np.diff(li["value"]) > 0)
    assert r.arrhenius.D.Li.Ea.unit == "eV"
    E, sites, occ = r.occupation(0)
    assert len(E) == 24 and sites.sum() == 3 * 128  # every site of every replica, binned


def test_size_sweep_matches_cli(cli):
    r = haven.kmc(lattice="sc", cells=[3, 4], T=500, hops=20000, replicas=3)
    doc = cli("kmc", "--lattice", "sc", "--cells", "3,4", "--T", "500", "--hops", "20000",
              "--replicas", "3")
    assert strip(r.to_dict()) == strip(doc)
    assert [x.sites for x in r.runs] == [27, 64]
    assert r.finite_size.correlation_factor.value_infinite.unit == "1"


def test_errors_and_progress():
    with pytest.raises(haven.HavenError, match="hcp"):
        haven.kmc(lattice="hcp")
    with pytest.raises(TypeError, match="bogus"):
        haven.kmc(bogus=1)
    seen = []
    haven.kmc(lattice="sc", cells=4, hops=5000, replicas=2, T=[400, 500],
              progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert ("point", 2, 2) in seen
    assert any(s == "measure" and 0 < d <= t for s, d, t in seen)


def test_thread_pool():
    def job(seed):
        return strip(haven.kmc(lattice="sc", cells=4, hops=5000, replicas=2, seed=seed).to_dict())
    serial = {s: job(s) for s in (1, 2)}
    with ThreadPoolExecutor(max_workers=4) as pool:
        seeds = [1, 2, 1, 2]
        for s, r in zip(seeds, pool.map(job, seeds)):
            assert r == serial[s]


def test_trajectory_file(tmp_path):
    path = tmp_path / "t.xyz"
    r = haven.kmc(lattice="sc", cells=4, hops=20000, replicas=1, blocks=2, trajectory=str(path),
                  traj_dt=1e8)
    assert r.runs[0].jumps > 0
    lines = path.read_text().splitlines()
    assert lines[0] == "32"  # half of the 64 sites
    assert "Time=0 unwrapped=T" in lines[1]
    assert not (tmp_path / "t.xyz.tmp").exists()
    with pytest.raises(TypeError, match="traj_dt"):
        haven.kmc(trajectory=str(path))
