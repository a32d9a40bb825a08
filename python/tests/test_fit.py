"""haven.fit: the library's fits, checked on exact synthetic data and
against `haven fit kww --json`."""
import json
import os
import subprocess

import numpy as np
import pytest

import haven


def test_kww_exact_and_cli(tmp_path):
    t = np.logspace(-12, -9, 30)
    F = 0.9 * np.exp(-(t / 2e-11) ** 0.6)
    r = haven.fit.kww(t, F)
    assert r["tau"].value == pytest.approx(2e-11, rel=1e-6)
    assert r["beta"].value == pytest.approx(0.6, rel=1e-6)
    assert r["A"].value == pytest.approx(0.9, rel=1e-6)
    cli = os.environ.get("HAVEN_CLI")
    if not cli:
        pytest.skip("HAVEN_CLI not set")
    data = tmp_path / "fqt.dat"
    data.write_text("".join("%.17g %.17g\n" % (a, b) for a, b in zip(t, F)))
    doc = json.loads(subprocess.run([cli, "fit", "kww", str(data), "--json"], check=True,
                                    capture_output=True).stdout)
    mine = r.to_dict()
    for name, q in doc["parameters"].items():
        assert mine["parameters"][name]["value"] == pytest.approx(q["value"], rel=1e-9)
        assert mine["parameters"][name]["unit"] == q["unit"]


def test_arrhenius_exact():
    T = np.array([300.0, 400, 500, 600])
    kB = 8.617333262e-5
    D = 1e-7 * np.exp(-0.25 / (kB * T))
    fit = haven.fit.arrhenius(T, D, sigma=0.02 * D)
    assert fit.Ea.value == pytest.approx(0.25, rel=1e-9)
    assert fit.predict(450).value == pytest.approx(1e-7 * np.exp(-0.25 / (kB * 450)), rel=1e-9)


def test_fit_errors():
    with pytest.raises(haven.HavenError):
        haven.fit.arrhenius([300, 400], [1.0, 2.0])


def test_bruce_vincent_trace_and_cli(tmp_path):
    rng = np.random.default_rng(4)
    t = np.linspace(2.0, 14402.0, 200)
    I = 1.1e-5 + 0.9e-5 * np.exp(-t / 300.0) + rng.normal(0, 1e-7, t.size)
    r = haven.fit.bruce_vincent_trace(t, I, dV=0.01, R0=210, Rss=260)
    Iss, I0 = r.derived["Iss"].value, r.derived["I0"].value
    assert I0 == I[0] and r.I0_source == "first point"
    assert r.derived["t_plus"].value == pytest.approx(
        Iss * (0.01 - I0 * 210) / (I0 * (0.01 - Iss * 260)), rel=1e-12)
    lo, hi = r.derived["Iss"].ci95
    assert lo <= 1.1e-5 <= hi
    cli = os.environ.get("HAVEN_CLI")
    if not cli:
        pytest.skip("HAVEN_CLI not set")
    data = tmp_path / "trace.dat"
    data.write_text("".join("%.17g %.17g\n" % (a, b) for a, b in zip(t, I)))
    doc = json.loads(subprocess.run([cli, "fit", "bruce-vincent", "--current", str(data),
                                     "--dV", "0.01", "--R0", "210", "--Rss", "260", "--json"],
                                    check=True, capture_output=True).stdout)
    assert doc["derived"]["t_plus"]["value"] == pytest.approx(r.derived["t_plus"].value,
                                                              rel=1e-9)
