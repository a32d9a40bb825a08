"""haven's DRT lambda rules against an independent numpy evaluation.

Draws a spectrum from the prior the first-order penalty stands for (gamma a
random walk in ln tau with steps N(0, s^2 dlnt / lambda0), white noise s on
both parts; R_inf free), runs `haven eis drt --weight unit --order 1
--no-inductance --json` on it, and evaluates GCV, mGCV, rGCV and the marginal
likelihood with dense numpy linear algebra on the same design (haven's tau
grid: 10 per decade, one decade beyond 1/(2 pi f) at each end; penalty
integral (d gamma / d ln tau)^2). Prints both lambdas per rule and the ratio;
the numpy minimum is on a grid of 50 points per decade (4.7% apart).

Usage: /usr/bin/python3 bench/drt_lambda_numpy_check.py [build/haven] [seeds]
"""
import json
import math
import os
import subprocess
import sys
import tempfile

import numpy as np

NF, LAMBDA0, S = 81, 1e-2, 1.0


def design(f):
    w = 2 * np.pi * f
    lt0, lt1 = math.log(0.1 / w.max()), math.log(10.0 / w.min())
    m = int(math.ceil((lt1 - lt0) / math.log(10) * 10)) + 1
    dlnt = (lt1 - lt0) / (m - 1)
    tau = np.exp(lt0 + dlnt * np.arange(m))
    wt = np.outer(w, tau)
    a = np.zeros((2 * NF, m + 1))
    a[:NF, 0] = 1  # R_inf
    a[:NF, 1:] = dlnt / (1 + wt ** 2)
    a[NF:, 1:] = -dlnt * wt / (1 + wt ** 2)
    d = np.zeros((m - 1, m + 1))
    for k in range(m - 1):
        d[k, 1 + k], d[k, 2 + k] = -1 / math.sqrt(dlnt), 1 / math.sqrt(dlnt)
    return a, d, tau, dlnt


def scores(a, d, b, lam):
    n, nc = a.shape
    h_in = a.T @ a + lam * d.T @ d
    x = np.linalg.solve(h_in, a.T @ b)
    h = a @ np.linalg.solve(h_in, a.T)
    rss2 = float(np.sum((b - a @ x) ** 2))
    eta2 = float(np.sum((d @ x) ** 2))
    trh, trh2 = np.trace(h), np.sum(h * h)
    rho, xi = (1.3 if n < 50 else 2.0), (0.2 if n < 100 else 0.3)
    gcv = n * rss2 / (n - trh) ** 2
    mgcv = n * rss2 / (n - rho * trh) ** 2 if n > rho * trh else np.inf
    rgcv = gcv * (xi + (1 - xi) * trh2 / n)
    q = nc - d.shape[0]
    ml = (n - q) * math.log(rss2 + lam * eta2) - d.shape[0] * math.log(lam) \
        + np.linalg.slogdet(h_in)[1]
    return {"gcv": gcv, "mgcv": mgcv, "rgcv": rgcv, "ml": ml}


def main():
    haven = sys.argv[1] if len(sys.argv) > 1 else "build/haven"
    seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    f = 1e-2 * 10 ** (np.arange(NF) / 10)
    a, d, tau, dlnt = design(f)
    grid = 10 ** np.linspace(-6, 1, 351)
    for seed in range(seeds):
        rng = np.random.default_rng(seed)
        g = 50 + np.concatenate([[0], np.cumsum(rng.normal(0, S * math.sqrt(dlnt / LAMBDA0),
                                                           len(tau) - 1))])
        z = a @ np.concatenate([[10], g]) + rng.normal(0, S, 2 * NF)
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as t:
            for i in range(NF):
                t.write("%.17g,%.17g,%.17g\n" % (f[i], z[i], z[NF + i]))
        try:
            out = subprocess.run([haven, "eis", "drt", t.name, "--weight", "unit", "--order",
                                  "1", "--no-inductance", "--sign", "as-is", "--json"],
                                 capture_output=True, text=True, check=True).stdout
        finally:
            os.unlink(t.name)
        by = json.loads(out)["drt"]["lambda_by_method"]
        table = [scores(a, d, z, lam) for lam in grid]
        for rule in ("gcv", "mgcv", "rgcv", "ml"):
            best = grid[int(np.argmin([s[rule] for s in table]))]
            print("seed %d %-5s haven %-10.4g numpy %-10.4g ratio %.3f"
                  % (seed, rule, by[rule], best, by[rule] / best))


if __name__ == "__main__":
    main()
