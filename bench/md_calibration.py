#!/usr/bin/python3
"""Calibration of haven's error bars on an ensemble of independent MD runs.

Runs `haven analyze` on every run of one state point (validation/nacl_ensemble/run.sh
writes them) and compares, per species, the spread of D* (and of sigma) across the
runs with the standard errors haven reports for single runs, and the coverage of a
reference value by each run's 95% interval. The reference for D* is the long-lag
slope of the MSD averaged over all runs (ordinary least squares over LO..HI ps, by
default 5..20 ps: long after the cage, before the noisy tail); for sigma it is the
ensemble mean.

usage: md_calibration.py HAVEN RUN1.dump RUN2.dump ... [--charges Na=1,Cl=-1]
       [--timestep 2 --stride 5] [--ref-window 5 20] [--json OUT.json]
Needs python3 with numpy (Debian python3-numpy)."""
import argparse, csv, json, os, subprocess, sys, tempfile
import numpy as np


def run_haven(haven, path, args, csvdir):
    cmd = [haven, "analyze", path, "--charges", args.charges, "--json", "--csv", csvdir]
    if args.timestep:
        cmd += ["--timestep", str(args.timestep), "--stride", str(args.stride)]
    cmd += args.haven_args.split()
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"haven failed on {path}: {out.stderr}")
    return json.loads(out.stdout)


def read_msd(csvdir, path, species):
    name = os.path.join(csvdir, f"{os.path.basename(path)}_{species}_msd.csv")
    with open(name) as f:
        rows = list(csv.DictReader(f))
    t = np.array([float(r["time_ps"]) for r in rows])
    m = np.array([float(r["msd_A2"]) for r in rows])
    return t, m


def summary(name, values, errs, ref, ref_err):
    values, errs = np.array(values), np.array(errs)
    k = len(values)
    spread = values.std(ddof=1)
    ratio = spread / errs.mean()
    # With k runs the sample sd has relative error ~ 1/sqrt(2(k-1)).
    rel = 1 / np.sqrt(2 * (k - 1))
    cover = np.mean(np.abs(values - ref) <= 1.96 * errs)
    z = (values - ref) / errs
    print(f"{name:10s} runs {k:3d}  mean {values.mean():.4g}  ref {ref:.4g} +- {ref_err:.2g}  "
          f"sd across runs {spread:.3g}  mean stderr {errs.mean():.3g}  ratio {ratio:.2f} "
          f"(1 within +-{1.96 * rel:.2f})  coverage {cover:.2f}  rms z {np.sqrt(np.mean(z**2)):.2f}")
    return {"runs": k, "mean": values.mean(), "reference": ref, "reference_err": ref_err,
            "sd_across_runs": spread, "mean_stderr": errs.mean(), "ratio": ratio,
            "ratio_band95": [1 - 1.96 * rel, 1 + 1.96 * rel], "coverage95": cover,
            "rms_z": float(np.sqrt(np.mean(z**2)))}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("haven")
    p.add_argument("runs", nargs="+")
    p.add_argument("--charges", default="Na=1,Cl=-1")
    p.add_argument("--timestep", type=float, default=2)
    p.add_argument("--stride", type=int, default=5)
    p.add_argument("--ref-window", type=float, nargs=2, default=[5, 20])
    p.add_argument("--json")
    p.add_argument("--haven-args", default="", help="more options for haven, e.g. '--start 2'")
    args = p.parse_args()
    tmp = tempfile.mkdtemp()
    docs = [run_haven(args.haven, r, args, tmp) for r in args.runs]
    species = [s["name"] for s in docs[0]["species"]]
    result = {}
    for sp in species:
        curves = [read_msd(tmp, r, sp) for r in args.runs]
        n = min(len(c[1]) for c in curves)
        t = curves[0][0][:n]
        msd = np.array([c[1][:n] for c in curves])
        lo, hi = args.ref_window
        sel = (t >= lo) & (t <= hi)
        # Each run's long-lag slope; their mean is the reference, their spread its error.
        slopes = np.array([np.polyfit(t[sel], m[sel], 1)[0] for m in msd]) / 6 * 1e-4  # A^2/ps -> cm^2/s
        ref, ref_err = slopes.mean(), slopes.std(ddof=1) / np.sqrt(len(slopes))
        D = [next(s for s in d["species"] if s["name"] == sp)["D"] for d in docs]
        result[sp] = summary("D*(" + sp + ")", [d["value"] for d in D], [d["stderr"] for d in D],
                             ref, ref_err)
        result[sp]["long_lag_slopes_sd"] = slopes.std(ddof=1)
        print(f"{'':10s} long-lag ({lo:g}-{hi:g} ps) OLS slopes of single runs: sd {slopes.std(ddof=1):.3g}")
    sig = [d["sigma"] for d in docs]
    v = np.array([s["value"] for s in sig])
    result["sigma_EH"] = summary("sigma(EH)", v, [s["stderr"] for s in sig], v.mean(),
                                 v.std(ddof=1) / np.sqrt(len(v)))
    if all("green_kubo" in d and d["green_kubo"] for d in docs):
        try:
            g = [d["green_kubo"]["sigma"] for d in docs]
            gv = np.array([s["value"] for s in g])
            result["sigma_GK"] = summary("sigma(GK)", gv, [s["stderr"] for s in g], v.mean(),
                                         v.std(ddof=1) / np.sqrt(len(v)))
        except (KeyError, TypeError):
            pass
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1, default=float)


if __name__ == "__main__":
    main()
