"""haven.eis equals `haven eis <cmd> --json` on the shared impedance.py
files and on spectra written from a known model; bad input raises
HavenError with haven's message."""
import math
import os

import numpy as np
import pytest

import haven

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared",
                    "data", "eis")
CSV = os.path.join(DATA, "exampleData.csv")
TWO_ARCS = "R0-p(R1,CPE1)-p(R2,CPE2)"

pytestmark = pytest.mark.skipif(not os.path.exists(CSV), reason="../shared/data/eis missing")


@pytest.mark.parametrize("name", ["exampleData.csv", "exampleDataBioLogic.mpt",
                                  "exampleDataGamry.DTA", "exampleDataZPlot.z",
                                  "exampleDataVersaStudio.par"])
def test_read_equals_info(cli, name):
    path = os.path.join(DATA, name)
    s = haven.eis.read(path)
    assert s.to_dict() == cli("eis", "info", path)
    assert np.all(np.diff(s.freq) > 0) and s.zre.shape == s.freq.shape


def test_fit_equals_cli(cli):
    args = dict(circuit=TWO_ARCS, thickness=0.1, area=0.5, assign="R1=bulk,R2=gb",
                drop_inductive=True)
    f = haven.eis.fit(CSV, **args)
    doc = cli("eis", "fit", CSV, "--circuit", TWO_ARCS, "--thickness", "0.1", "--area", "0.5",
              "--assign", "R1=bulk,R2=gb", "--drop-inductive")
    assert f.to_dict() == doc
    assert "sigma_bulk" in doc and "sigma_total" in doc  # the case exercises conductivities
    # sigma = L/(R A) from the fitted R1 (independent arithmetic: S/cm, shown in mS/cm)
    assert f.sigma_bulk.unit == doc["sigma_bulk"]["unit"] == "mS/cm"
    assert math.isclose(f.sigma_bulk.value, 1e3 * 0.1 / (f.parameters["R1"].value * 0.5),
                        rel_tol=1e-12)
    # the Nyquist fit is the circuit at the fitted values (predict evaluates it anew)
    values = {k: e.value for k, e in f.parameters.items()}
    p = haven.eis.predict(circuit=TWO_ARCS, initial=values, freq=f.spectrum.freq)
    assert np.allclose(p.zre, f.zre_fit, rtol=1e-12) and np.allclose(p.zim, f.zim_fit,
                                                                     rtol=1e-12)
    # a Spectrum in place of the path gives the same fit
    again = haven.eis.fit(haven.eis.read(CSV, drop_inductive=True), **args)
    assert again.to_dict()["parameters"] == doc["parameters"]


def test_linkk_and_drt_equal_cli(cli):
    k = haven.eis.linkk(CSV, kk_rule="first")
    assert k.to_dict() == cli("eis", "linkk", CSV, "--kk-rule", "first")
    assert k.res_re.shape == (66,)
    with pytest.warns(haven.HavenWarning):  # inductive points, no inductor
        d = haven.eis.drt(CSV, lambda_method="gcv", circuit=TWO_ARCS)
    assert d.to_dict() == cli("eis", "drt", CSV, "--lambda-method", "gcv", "--circuit", TWO_ARCS)
    assert d.tau.shape == d.gamma.shape and np.all(d.gamma >= 0)
    # R_pol is the area under gamma (sum gamma dln tau on the grid)
    dlnt = math.log(d.tau[1] / d.tau[0])
    assert math.isclose(d.r_pol, d.gamma.sum() * dlnt, rel_tol=1e-9)
    # every rule's lambda, the one used among them (the ctypes mirror of the result struct)
    d = haven.eis.drt(CSV, lambda_method="ml")
    by = d.to_dict()["drt"]["lambda_by_method"]
    assert set(by) == {"gcv", "lcurve", "reim", "mgcv", "rgcv", "ml"}
    assert d.lambda_method == "ml" and math.isclose(d.lambda_, by["ml"], rel_tol=1e-9)
    assert all(v > 0 for v in by.values())


def _series(tmp_path):
    """Bulk arc, C = 5 pF at l/A = 1 cm^-1, R = 1e5 exp(Ea/kB (1/T - 1/300)),
    Ea = 0.3 eV (as tests/cli/eis.sh)."""
    paths = []
    for T in (300, 350, 400):
        R = 1e5 * math.exp(0.3 / 8.617333262e-5 * (1 / T - 1 / 300))
        f = np.logspace(0, 7, 40)
        t = 2 * np.pi * f * R * 5e-12
        p = tmp_path / ("s%d.csv" % T)
        np.savetxt(p, np.column_stack([f, 5 + R / (1 + t * t), -R * t / (1 + t * t)]),
                   delimiter=",", fmt="%.12g")
        paths.append(str(p))
    return paths


def test_batch_equals_cli(cli, tmp_path):
    paths = _series(tmp_path)
    kw = dict(circuit="R0-p(R1,C1)", temperatures=[300, 350, 400], thickness=1, area=1,
              arrhenius_power=0)
    with pytest.warns(haven.HavenWarning):  # exact data: the Birge widening is said
        b = haven.eis.batch(paths, **kw)
    doc = cli("eis", "batch", *paths, "--circuit", "R0-p(R1,C1)", "--temperatures",
              "300,350,400", "--thickness", "1", "--area", "1", "--arrhenius-power", "0")
    assert b.to_dict() == doc
    assert abs(b.activation_energy.sigma_bulk.value - 0.3) < 1e-3
    assert "no spectrum has an arc classified as grain_boundary" in \
        b.activation_energy_missing.sigma_gb


def test_predict_equals_cli(cli, tmp_path):
    p = haven.eis.predict(circuit="R0-p(R1,C1)", initial="R0=5,R1=100,C1=1e-6",
                          freq_range=(0.01, 1e6, 20))
    assert p.to_dict() == cli("eis", "predict", "--circuit", "R0-p(R1,C1)", "--initial",
                              "R0=5,R1=100,C1=1e-6", "--freq-range", "0.01:1e6:20")
    # Z of a parallel RC at omega tau = 1: 5 + R/2 - j R/2
    w = haven.eis.predict(circuit="R0-p(R1,C1)", initial="R0=5,R1=100,C1=1e-6",
                          freq=[1 / (2 * math.pi * 1e-4)])
    assert np.allclose([w.zre[0], w.zim[0]], [55, -50], rtol=1e-12)


def test_bad_input_raises_haven_message(tmp_path):
    with pytest.raises(haven.HavenError) as e:
        haven.eis.read(str(tmp_path / "missing.csv"))
    assert "missing.csv" in str(e.value)
    with pytest.raises(haven.HavenError, match="circuit 'R0-p\\(R1'"):
        haven.eis.fit(CSV, circuit="R0-p(R1")
    with pytest.raises(haven.HavenError, match="bad assignment 'R9=1'"):
        haven.eis.fit(CSV, circuit="R0-p(R1,C1)", initial="R9=1")
    with pytest.raises(haven.HavenError, match="R0 is not the resistance of an arc"):
        haven.eis.batch(_series(tmp_path), circuit="R0-p(R1,C1)", temperatures=[300, 350, 400],
                        thickness=1, area=1, assign="R0=bulk")
    bad = tmp_path / "bad.csv"
    bad.write_text("1,2,3\nx,y\n")
    with pytest.raises(haven.HavenError, match="bad.csv"):
        haven.eis.read(str(bad))


def test_thread_pool_equals_serial():
    """Fits and DRTs of several spectra in a thread pool (the GIL released,
    libhaven reentrant) give the serial documents."""
    from concurrent.futures import ThreadPoolExecutor
    files = [os.path.join(DATA, "Circuit%d_EIS_%d.z" % (c, k)) for c in (1, 2, 3) for k in (1, 2)]

    def job(path):
        f = haven.eis.fit(path, circuit="R0-p(R1,C1)")
        return f.to_dict(), haven.eis.drt(path).to_dict()

    serial = [job(p) for p in files]
    with ThreadPoolExecutor(6) as pool:
        assert list(pool.map(job, files)) == serial
