#!/usr/bin/env python3
"""Green-Kubo against Einstein-Helfand / MSD on an ensemble of independent MD runs.

Runs `haven analyze RUN --charges ... --json` on every run_*.dump (with a
run_*.done marker when --done is given) and tabulates per run sigma_GK,
sigma_EH, D*_GK and D*_MSD per species with their standard errors and
z = (GK - other) / sqrt(err_GK^2 + err_other^2); then per quantity over the
ensemble: the mean, the run-to-run spread (std) against the mean reported
standard error (ratio: 1 when the errors are calibrated), the coverage of
the ensemble mean by each run's 95% interval, the same two after removing the
linear dependence on each run's kinetic temperature (|T columns: NVE runs
from different seeds differ in energy, and D* follows), and the two methods'
ensemble means with their relative difference.

  /usr/bin/python3 bench/gk_calibration.py --haven build/haven --done --msd-start 2 \
      --haven-args "--timestep 2 --stride 5" /work/ens/out
  (see bench/README.md, section "Green-Kubo calibration")
"""
import argparse
import glob
import json
import os
import re
import shlex
import subprocess
import sys

import numpy as np


def runs_in(directory, need_done):
    def seed(p):
        m = re.search(r"run_(\d+)\.dump$", p)
        return int(m.group(1)) if m else -1

    paths = sorted(glob.glob(os.path.join(directory, "run_*.dump")), key=seed)
    if need_done:
        paths = [p for p in paths if os.path.exists(p[: -len(".dump")] + ".done")]
    return paths


def analyse(haven, path, charges, extra):
    cmd = [haven, "analyze", path, "--charges", charges, "--json"] + extra
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.stderr.write("%s: %s\n" % (path, out.stderr.strip()))
        return None
    return json.loads(out.stdout)


def q(d):
    """(value, stderr, lo, hi) of a {"value","stderr","ci95"} object, or NaNs."""
    if not d:
        return (np.nan,) * 4
    lo, hi = d.get("ci95", [np.nan, np.nan])
    return (d["value"], d["stderr"], lo, hi)


def rows_of(doc, msd_doc):
    """{quantity: ((gk value, err, lo, hi), (other value, err, lo, hi))} for one run;
    D*_MSD from msd_doc (a second analysis with --start) when given."""
    gk = doc.get("green_kubo", {})
    rows = {"sigma (mS/cm)": (q(gk.get("sigma")), q(doc.get("sigma")))}
    msd = {}
    for s in (msd_doc or doc).get("green_kubo", {}).get("D", []):
        msd[s["name"]] = s.get("D_msd")
    for s in gk.get("D", []):
        rows["D*(%s) (cm^2/s)" % s["name"]] = (q(s.get("D")), q(msd.get(s["name"])))
    return rows


def summary(name, gk, other, temps, labels):
    gk, other, temps = np.array(gk), np.array(other), np.array(temps)
    ok = np.isfinite(gk[:, 0]) & np.isfinite(other[:, 0])
    gk, other, temps = gk[ok], other[ok], temps[ok]
    n = len(gk)
    if n < 3:
        print("%s: fewer than 3 runs with both values" % name)
        return
    z = (gk[:, 0] - other[:, 0]) / np.hypot(gk[:, 1], other[:, 1])
    print("\n%s, %d runs (kinetic T %.0f +- %.0f K across runs)" %
          (name, n, temps.mean(), temps.std(ddof=1)))
    print("  %-6s %12s %10s %10s %10s %7s %9s %9s %9s" %
          ("method", "ens. mean", "sem", "spread", "rms err", "ratio", "coverage",
           "ratio|T", "cover|T"))
    means = {}
    for label, a in ((labels[0], gk), (labels[1], other)):
        mean, spread = a[:, 0].mean(), a[:, 0].std(ddof=1)
        err = np.sqrt(np.mean(a[:, 1] ** 2))  # rms: E[stderr^2] is the variance
        cover = np.mean((a[:, 2] <= mean) & (mean <= a[:, 3]))
        # The runs differ in energy (NVE after a short NVT): the part of the
        # spread that follows each run's own temperature is physics, not noise.
        fit = np.polyval(np.polyfit(temps - temps.mean(), a[:, 0], 1), temps - temps.mean())
        spread_t = np.sqrt(np.sum((a[:, 0] - fit) ** 2) / (n - 2))
        cover_t = np.mean((a[:, 2] <= fit) & (fit <= a[:, 3]))
        means[label] = mean
        print("  %-6s %12.5g %10.3g %10.3g %10.3g %7.2f %8.0f%% %9.2f %8.0f%%" %
              (label, mean, spread / np.sqrt(n), spread, err, spread / err, 100 * cover,
               spread_t / err, 100 * cover_t))
    m1, m2 = means[labels[0]], means[labels[1]]
    diff = gk[:, 0] - other[:, 0]
    sem = diff.std(ddof=1) / np.sqrt(n)
    print("  ensemble means differ by %+.2f%% (paired difference %+.3g +- %.2g, %.1f sem)" %
          (100 * (m1 - m2) / m2, diff.mean(), sem, diff.mean() / sem))
    print("  per-run |z| > 1.96: %d of %d; |z| > 2.5 (warned): %d; mean |z| %.2f, rms z %.2f" %
          (np.sum(np.abs(z) > 1.96), n, np.sum(np.abs(z) > 2.5), np.abs(z).mean(),
           np.sqrt(np.mean(z ** 2))))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("directory", nargs="+", help="folder(s) with run_<seed>.dump")
    ap.add_argument("--haven", default="build/haven")
    ap.add_argument("--charges", default="Na=1,Cl=-1")
    ap.add_argument("--done", action="store_true", help="only runs with a run_<seed>.done")
    ap.add_argument("--json-cache", help="folder to keep each run's JSON (reused if present)")
    ap.add_argument("--msd-start", type=float,
                    help="D*_MSD from a second analysis with --start PS (a diffusive window)")
    ap.add_argument("--haven-args", default="",
                    help='more haven analyze options, e.g. "--timestep 2 --stride 5"')
    a = ap.parse_args()
    a.extra = shlex.split(a.haven_args)
    paths = [p for d in a.directory for p in runs_in(d, a.done)]
    if not paths:
        sys.exit("no run_*.dump in %s" % " ".join(a.directory))
    per = {}

    def label(p):
        run = os.path.basename(p)[: -len(".dump")]
        if len(a.directory) == 1:
            return run
        return os.path.basename(os.path.dirname(os.path.abspath(p)))[:6] + "/" + run

    print("%-12s %-18s %10s %9s %10s %9s %7s" %
          ("run", "quantity", "GK", "err", "EH/MSD", "err", "z"))
    def cached(p, extra, tag):
        cache = None
        if a.json_cache:
            where = os.path.basename(os.path.dirname(os.path.abspath(p)))
            cache = os.path.join(a.json_cache, where + "_" + os.path.basename(p) + tag + ".json")
            if os.path.exists(cache):
                with open(cache) as f:
                    return json.load(f)
        doc = analyse(a.haven, p, a.charges, extra)
        if doc and cache:
            os.makedirs(a.json_cache, exist_ok=True)
            with open(cache, "w") as f:
                json.dump(doc, f)
        return doc

    for p in paths:
        doc = cached(p, a.extra, "")
        msd_doc = None
        if a.msd_start is not None:
            msd_doc = cached(p, a.extra + ["--start", str(a.msd_start)],
                             ".start%g" % a.msd_start)
        if doc is None:
            continue
        gk = doc.get("green_kubo", {})
        if not gk.get("ok"):
            print("%-12s sigma_GK refused: %s" % (label(p), gk.get("note")))
        T = doc.get("temperature_used", {}).get("value", np.nan)
        for name, (g, o) in rows_of(doc, msd_doc).items():
            per.setdefault(name, ([], [], []))
            per[name][0].append(g)
            per[name][1].append(o)
            per[name][2].append(T)
            z = (g[0] - o[0]) / np.hypot(g[1], o[1])
            print("%-12s %-18s %10.4g %9.2g %10.4g %9.2g %+7.2f" %
                  (label(p), name, g[0], g[1], o[0], o[1], z))
    for name, (g, o, T) in per.items():
        labels = ("GK", "EH" if name.startswith("sigma") else "MSD")
        summary(name, g, o, T, labels)


if __name__ == "__main__":
    main()
