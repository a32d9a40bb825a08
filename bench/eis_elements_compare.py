#!/usr/bin/python3
"""haven's new circuit elements (La, Gs, Zarc, K, TLM) against impedance.py.

1. Definitions: each element evaluated by both programs at the same
   parameters (haven through `haven eis predict`), maximum relative
   difference over 0.01 Hz..1 MHz. Parameter maps: impedance.py's La is
   (L' j w)^a, haven's L (j w)^a, so L = L'^a; impedance.py's TLMQ is
   haven's TLM with R_ct -> infinity (1e15 ohm here).
2. Fits: synthetic spectra of circuits holding the elements (0.5% of |Z|
   Gaussian noise, fixed seed), fitted by haven from its own guess and by
   impedance.py (CustomCircuit.fit, weight_by_modulus=True, so both minimise
   sum |Z_model - Z|^2 / |Z|^2) from the truth with every parameter
   multiplied by 1.5; both judged by that objective, computed here from
   impedance.py's own model of each program's parameters.

Usage: bench/eis_elements_compare.py --peer DIR [--haven build/haven]
(DIR holds impedance.py's impedance/ package; run with Debian's python3.)
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import impedance_peer  # noqa: E402


def import_peer(peer):
    impedance_peer.import_peer(peer)
    from impedance.models.circuits import CustomCircuit
    return CustomCircuit


def haven_predict(haven, circuit, names, values, f):
    init = ",".join(f"{n}={v!r}" for n, v in zip(names, values))
    out = subprocess.run([haven, "eis", "predict", "--circuit", circuit, "--initial", init,
                          "--freq", ",".join(repr(x) for x in f), "--json"],
                         capture_output=True, text=True, check=True).stdout
    d = json.loads(out)
    return np.array(d["zre_ohm"]) + 1j * np.array(d["zim_ohm"])


def peer_model(CustomCircuit, circuit, p, f):
    return CustomCircuit(circuit, initial_guess=list(p)).predict(f, use_initial=True)


# element: (impedance.py circuit, its parameters, haven circuit, names, haven parameters)
DEFS = [
    ("La", "La0", [2e-3, 0.8], "La0", ["La0_0", "La0_1"], [(2e-3) ** 0.8, 0.8]),
    ("Gs", "Gs0", [50.0, 1e-3, 0.7], "Gs0", ["Gs0_0", "Gs0_1", "Gs0_2"], [50.0, 1e-3, 0.7]),
    ("Zarc", "Zarc0", [120.0, 3e-4, 0.83], "Zarc0", ["Zarc0_0", "Zarc0_1", "Zarc0_2"],
     [120.0, 3e-4, 0.83]),
    ("K", "K0", [80.0, 1e-2], "K0", ["K0_0", "K0_1"], [80.0, 1e-2]),
    ("TLM (R_ct -> inf) vs TLMQ", "TLMQ0", [40.0, 1e-3, 0.9], "TLM0",
     ["TLM0_0", "TLM0_1", "TLM0_2", "TLM0_3"], [40.0, 1e15, 1e-3, 0.9]),
]

# (label, impedance.py circuit, truth, haven circuit, haven names in impedance.py's order,
#  haven-only fixed parameters)
FITS = [
    ("two Zarc", "R0-Zarc1-Zarc2", [10, 100, 1e-4, 0.9, 200, 1e-1, 0.85], "R0-Zarc1-Zarc2",
     ["R0", "Zarc1_0", "Zarc1_1", "Zarc1_2", "Zarc2_0", "Zarc2_1", "Zarc2_2"], ""),
    ("Gerischer, finite", "R0-Gs1", [10, 100, 1e-3, 0.8], "R0-Gs1",
     ["R0", "Gs1_0", "Gs1_1", "Gs1_2"], ""),
    ("K arcs", "R0-K1-K2", [10, 100, 1e-5, 300, 1e-2], "R0-K1-K2",
     ["R0", "K1_0", "K1_1", "K2_0", "K2_1"], ""),
    ("blocking TLM", "R0-TLMQ1", [5, 40, 1e-3, 0.9], "R0-TLM1",
     ["R0", "TLM1_0", "TLM1_2", "TLM1_3"], "TLM1_1=1e15"),
]


def objective(z_model, z):
    r = (z_model - z) / np.abs(z)
    return float(np.sum(r.real ** 2 + r.imag ** 2))


def haven_fit(haven, circuit, fixed, f, z, names):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "s.csv")
        np.savetxt(path, np.c_[f, z.real, z.imag], delimiter=",", fmt="%.12g")
        cmd = [haven, "eis", "fit", path, "--circuit", circuit, "--json"]
        if fixed:
            cmd += ["--fixed", fixed]
        t0 = time.perf_counter()
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        wall = time.perf_counter() - t0
    d = json.loads(out)
    return [d["parameters"][n]["value"] for n in names], wall


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--peer", required=True)
    ap.add_argument("--haven", default="build/haven")
    args = ap.parse_args()
    CustomCircuit = import_peer(args.peer)
    f = np.logspace(-2, 6, 41)
    print("1. definitions: max |Z_haven - Z_impedance.py| / |Z| over 0.01 Hz..1 MHz")
    for label, pc, pp, hc, names, hp in DEFS:
        zp = peer_model(CustomCircuit, pc, pp, f)
        zh = haven_predict(args.haven, hc, names, hp, f)
        print(f"   {label:28s} {np.max(np.abs(zh - zp) / np.abs(zp)):.2e}")
    print("2. fits (0.5% noise, 60 points 0.01 Hz..1 MHz); objective sum |dZ|^2/|Z|^2 "
          "from impedance.py's model")
    rng = np.random.default_rng(5)
    f = np.logspace(-2, 6, 60)
    for label, pc, truth, hc, names, fixed in FITS:
        z0 = peer_model(CustomCircuit, pc, truth, f)
        z = z0 + 0.005 * np.abs(z0) * (rng.standard_normal(f.size) + 1j * rng.standard_normal(f.size))
        ph, wall_h = haven_fit(args.haven, hc, fixed, f, z, names)
        c = CustomCircuit(pc, initial_guess=[1.5 * t for t in truth])
        t0 = time.perf_counter()
        try:
            c.fit(f, z, weight_by_modulus=True)
            pi, note = list(c.parameters_), ""
        except Exception as e:  # report and go on
            pi, note = None, f"{type(e).__name__}"
        wall_i = time.perf_counter() - t0
        oh = objective(peer_model(CustomCircuit, pc, ph, f), z)
        oi = objective(peer_model(CustomCircuit, pc, pi, f), z) if pi else float("inf")
        ot = objective(z0, z)
        print(f"   {label:18s} truth {ot:.4g}; haven {oh:.4g} ({wall_h * 1e3:.0f} ms process); "
              f"impedance.py {oi:.4g} ({wall_i * 1e3:.0f} ms) {note}")
        worst = max(abs(a / b - 1) for a, b in zip(ph, truth))
        print(f"   {'':18s} haven parameters vs truth: max relative deviation {worst:.3g}")
        if pi:
            dev = max(abs(a / b - 1) for a, b in zip(ph, pi))
            print(f"   {'':18s} haven vs impedance.py parameters: max relative difference {dev:.3g}")


if __name__ == "__main__":
    main()
