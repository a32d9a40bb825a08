"""haven's DRT lambda rules side by side with pyDRTtools' on the same spectra.

pyDRTtools (ciuccislab/pyDRTtools; Maradesa et al., J. Electrochem. Soc. 170
(2023) 030502) is run from a checkout given by PYDRTTOOLS (the folder holding
the `pyDRTtools` package); it needs Debian's python3-numpy, -scipy, -pandas,
-matplotlib, -sklearn and -cvxopt. Its simple ridge run: Gaussian RBFs,
first-order penalty, unweighted, inductance fitted, lambda by SLSQP from 1e-3
inside [1e-7, 1]. haven: piecewise-constant gamma, modulus weights, unknowns
scaled by max |Z|, so the two lambdas are on different scales; what is
compared is where each puts the peaks inside the measured window.

Usage (from the repository root, after building):
  PYDRTTOOLS=/tmp/pydrt /usr/bin/python3 bench/drt_lambda_compare.py \
      [build/tools/haven] [spectrum.csv ...]
Default spectrum: ../shared/data/eis/exampleData.csv (impedance.py).
"""
import contextlib
import io
import json
import os
import subprocess
import sys
import types

import numpy as np
from scipy.signal import find_peaks

RULES_PY = ["GCV", "mGCV", "rGCV", "LC", "re-im"]
RULES_HAVEN = ["gcv", "mgcv", "rgcv", "lcurve", "reim", "ml"]


def pydrt_package():
    """pyDRTtools as a bare package: its __init__ imports the Qt GUI, which
    the numerical modules do not need."""
    pkg = types.ModuleType("pyDRTtools")
    pkg.__path__ = [os.path.join(os.environ["PYDRTTOOLS"], "pyDRTtools")]
    sys.modules["pyDRTtools"] = pkg


def pydrt_grid_lambda(e, rule):
    """pyDRTtools' own score for rule, minimised on a grid over its range
    [1e-7, 1] (10 per decade): its SLSQP stops at the starting point when the
    scores are below SLSQP's absolute tolerance 1e-6, as on spectra of a few
    10 mohm (exampleData: GCV ~ 1e-9 ohm^2)."""
    from pyDRTtools import parameter_selection as param
    score = {"GCV": param.compute_GCV, "mGCV": param.compute_mGCV,
             "rGCV": param.compute_rGCV}[rule]
    grid = np.log(np.logspace(-7, 0, 71))
    s = [score(x, e.A_re, e.A_im, e.b_re, e.b_im, e.M, "Combined Re-Im Data", 1) for x in grid]
    return float(np.exp(grid[int(np.argmin(s))]))


def pydrt_run(path, rule, grid=False):
    if "pyDRTtools" not in sys.modules:
        pydrt_package()
    with contextlib.redirect_stdout(io.StringIO()):
        from pyDRTtools import runs
        from cvxopt import solvers
        solvers.options["show_progress"] = False
        data = np.loadtxt(path, delimiter=",")
        e = runs.EIS_object(data[:, 0], data[:, 1], data[:, 2])
        runs.simple_run(e, induct_used=1, der_used="1st order", cv_type=rule)
        if grid:
            lam = pydrt_grid_lambda(e, rule)
            runs.simple_run(e, induct_used=1, der_used="1st order", cv_type="custom",
                            reg_param=lam)
    tau, g = np.asarray(e.out_tau_vec), np.asarray(e.gamma)
    k, _ = find_peaks(g, height=0.01 * g.max())
    return e.lambda_value, tau[k]


def haven_run(haven, path, rule, order, weight):
    out = subprocess.run([haven, "eis", "drt", path, "--lambda", rule, "--order", str(order),
                          "--weight", weight, "--json"],
                         capture_output=True, text=True, check=True).stdout
    d = json.loads(out)["drt"]
    return d["lambda"], [p["tau"]["value"] for p in d["peaks"] if not p["extrapolated"]]


def fmt(taus, lo, hi):
    inside = [t for t in taus if lo <= t <= hi]
    return "%2d in window: %s" % (len(inside), " ".join("%.3g" % t for t in inside))


def main():
    haven = sys.argv[1] if len(sys.argv) > 1 else "build/tools/haven"
    files = sys.argv[2:] or ["../shared/data/eis/exampleData.csv"]
    for path in files:
        f = np.loadtxt(path, delimiter=",")[:, 0]
        lo, hi = 1 / (2 * np.pi * f.max()), 1 / (2 * np.pi * f.min())
        print("# %s: measured window tau %.3g..%.3g s" % (path, lo, hi))
        if os.environ.get("PYDRTTOOLS"):
            for rule in RULES_PY:
                for grid in (False, True) if rule in ("GCV", "mGCV", "rGCV") else (False,):
                    note = "  (its score on a grid)" if grid else ""
                    try:
                        lam, taus = pydrt_run(path, rule, grid)
                    except (TypeError, ValueError, ArithmeticError) as err:  # its own failures
                        print("pyDRTtools %-6s failed: %s%s" % (rule, err, note))
                        continue
                    print("pyDRTtools %-6s order 1  lambda %-10.3g %s%s"
                          % (rule, lam, fmt(taus, lo, hi), note))
        # unit weights, first order: the same objective as pyDRTtools' (ohm^2 residuals,
        # lambda times the integral of (d gamma / d ln tau)^2), so the same lambda scale
        for order, weight in ((1, "unit"), (1, "modulus"), (2, "modulus")):
            for rule in RULES_HAVEN:
                lam, taus = haven_run(haven, path, rule, order, weight)
                print("haven      %-6s order %d  lambda %-10.3g %s  (%s weights)"
                      % (rule, order, lam, fmt(taus, lo, hi), weight))


if __name__ == "__main__":
    main()
