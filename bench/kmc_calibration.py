#!/usr/bin/python3
"""Calibration of `haven kmc`'s default run (issue 11): coverage of its 95%
intervals against a long reference, exact lattice-gas and vacancy values, and
the per-hop cost against an older binary, all in one session.

usage: kmc_calibration.py HAVEN [--old OLD_HAVEN] [--seeds N] [--temps 900,600,300]
                          [--ref-seeds R] [--ref-factor F] [--skip coverage,exact,speed]
       kmc_calibration.py HAVEN --analyse [--temps ...] [--figure F.svg]
                          (summary of the kept runs; the figure needs python3-matplotlib)

coverage: the issue's example (fcc 20^3, occupancy 0.95, Gaussian 0.05 eV) at each
temperature; N default runs (seeds 1000, 1008, ...: replica seeds never overlap) and a
reference from R runs with F times the hops each (not grown further), automatic blocks
within that span, and different seeds; a run covers when the reference value lies
in its ci95 (the reference's own error is printed: it must be well below the runs').
Runs are niced; every run's JSON is kept in $HAVEN_CALIB_DIR (default /tmp/kmc_calib/),
and a stopped calibration resumes where it stopped.
"""
import argparse
import json
import math
import os
import resource
import subprocess
import sys

EXAMPLE = ["--lattice", "fcc", "--cells", "20", "--occupancy", "0.95", "--disorder",
           "gaussian:0.05"]
QUANTITIES = [("D", lambda d: d["D"]["Li"]), ("f", lambda d: d["correlation_factor"]),
              ("D_sigma", lambda d: d["D_sigma"]), ("sigma", lambda d: d["sigma"]),
              ("H_R", lambda d: d["haven_ratio"])]
OUT = os.environ.get("HAVEN_CALIB_DIR", "/tmp/kmc_calib")


def point(doc):
    """The one temperature's numbers of a `haven kmc --json` document: runs[0]
    of schema 1 with the run's settings and per-species D*, jump rate keyed
    by name; a document from before schema 1 (flat) as it is, so kept runs
    of either binary can be read."""
    if "runs" not in doc:
        return doc
    r = dict(doc["runs"][0])
    for key in ("replicas", "hops", "seed"):
        r[key] = doc[key]
    r["D"] = {s["name"]: s["D"] for s in r["species"]}
    r["jump_rate"] = {s["name"]: s["jump_rate"] for s in r["species"]}
    return r


def run(haven, args, tag):
    """One haven kmc run: its JSON, CPU seconds (children), stderr."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run(["nice", "-n", "19", haven, "kmc", "--json"] + args,
                       capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if p.returncode != 0:
        sys.exit(f"haven kmc {' '.join(args)} failed: {p.stderr}")
    with open(os.path.join(OUT, tag + ".json"), "w") as f:
        f.write(p.stdout)
    return point(json.loads(p.stdout)), cpu, p.stderr


def pooled(values):
    """Mean of estimates and its standard error from their spread."""
    n = len(values)
    m = sum(values) / n
    s = math.sqrt(sum((v - m) ** 2 for v in values) / (n - 1)) if n > 1 else float("nan")
    return m, s / math.sqrt(n)


def default_runs(a, T, base):
    """The N default runs at T (kept runs are reused: the calibration can be
    stopped and resumed)."""
    runs, cpu_all, warned = [], 0, 0
    for i in range(a.seeds):
        seed = 1000 + 8 * i
        tag = f"def_T{T:g}_{seed}"
        path = os.path.join(OUT, tag + ".json")
        if os.path.exists(path):
            runs.append(point(json.load(open(path))))
            continue
        d, cpu, err = run(a.haven, base + ["--seed", str(seed)], tag)
        cpu_all += cpu
        warned += "biased" in err or "keep part of a bias" in err
        runs.append(d)
        print(f"   T {T:g} seed {seed}: {cpu:.1f} CPU-s, {d['measured_hops']:.3g} hops/replica"
              f"{'; WARNED' if ('biased' in err or 'keep part of a bias' in err) else ''}")
        sys.stdout.flush()
    return runs, warned


def reference_runs(a, T, base, runs):
    """R reference runs, each with ref_factor times the hops of the median
    default run at T, fixed span (no growth), automatic blocks within it."""
    spans = sorted(r["measured_hops"] + r["equil_hops"] for r in runs)
    hops = str(int(a.ref_factor * spans[len(spans) // 2]))
    for i in range(a.ref_seeds):
        seed = 900000 + 8 * i
        tag = f"ref_T{T:g}_{seed}"
        if os.path.exists(os.path.join(OUT, tag + ".json")):
            continue
        d, cpu, _ = run(a.haven, base + ["--seed", str(seed), "--hops", hops, "--max-hops",
                                         hops], tag)
        print(f"   T {T:g} reference seed {seed}: {hops} hops/replica, {cpu:.0f} CPU-s")
        sys.stdout.flush()


def coverage(a):
    """Default runs at every temperature first (they size the references),
    then the references; the summary is --analyse."""
    temps = [float(t) for t in a.temps.split(",")]
    kept = {}
    for T in temps:
        base = EXAMPLE + ["--T", f"{T:g}"]
        kept[T], warned = default_runs(a, T, base)
        print(f"== T = {T:g} K: {len(kept[T])} default runs, bias warnings in {warned} new ones")
    for T in temps:
        reference_runs(a, T, EXAMPLE + ["--T", f"{T:g}"], kept[T])
    analyse(a)


def spread(q, est):
    """Reference-free check of the error bars: the scatter of the default
    runs' values against the root mean square of their standard errors
    (ratio 1 when the errors are right; the 95% range of the ratio for n
    runs, from the chi-square distribution, is printed beside it)."""
    from statistics import NormalDist
    n = len(est)
    if n < 3:
        return
    v = [x["value"] for x in est]
    m = sum(v) / n
    sd = math.sqrt(sum((x - m) ** 2 for x in v) / (n - 1))
    rms = math.sqrt(sum(x["stderr"] ** 2 for x in est) / n)
    # Wilson-Hilferty: chi2_(n-1) quantiles, as a ratio sd/sigma
    k, z = n - 1, NormalDist().inv_cdf(0.975)
    lim = [math.sqrt((1 - 2 / (9 * k) + s * z * math.sqrt(2 / (9 * k))) ** 3) for s in (-1, 1)]
    print(f"   {q:8s} spread of the {n} runs {100 * sd / abs(m):.3f}%, rms stderr "
          f"{100 * rms / abs(m):.3f}%: ratio {sd / rms:.2f} (95% range for a right error "
          f"{lim[0]:.2f} .. {lim[1]:.2f})")


def figure(path, zs):
    """z of every default run against the reference, per temperature and
    quantity (matplotlib, Debian's python3-matplotlib), with the +-1.96
    band that 95% of the runs should fall in."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    temps = sorted(zs, reverse=True)
    fig, axes = plt.subplots(1, len(temps), figsize=(3.2 * len(temps), 3.4), sharey=True,
                             squeeze=False)
    for ax, T in zip(axes[0], temps):
        for k, (q, z) in enumerate(zs[T].items()):
            inside = sum(abs(v) < 1.96 for v in z)
            x = [k + 0.6 * (i / max(len(z) - 1, 1) - 0.5) for i in range(len(z))]
            ax.plot(x, z, ".", ms=4, label=f"{q} {inside}/{len(z)}")
        ax.axhspan(-1.96, 1.96, color="0.9", zorder=0)
        ax.set_xticks(range(len(zs[T])), list(zs[T]), fontsize=8)
        ax.set_title(f"{T:g} K", fontsize=9)
        ax.legend(fontsize=6, loc="lower left")
    axes[0][0].set_ylabel("z = (default - reference) / combined error")
    fig.tight_layout()
    fig.savefig(path)
    print(f"\nfigure: {path}")


def analyse(a):
    """Coverage from the runs kept in /tmp/kmc_calib (no new runs): as many
    reference and default runs per temperature as are there."""
    import glob
    zs = {}
    for T in [float(t) for t in a.temps.split(",")]:
        refs = [point(json.load(open(f))) for f in sorted(glob.glob(f"{OUT}/ref_T{T:g}_*.json"))]
        runs = [point(json.load(open(f))) for f in sorted(glob.glob(f"{OUT}/def_T{T:g}_*.json"))]
        if not refs or not runs:
            continue
        print(f"\n== T = {T:g} K: {len(runs)} default runs against {len(refs)} reference runs")
        print(f"   default: {sum(r['measured_hops'] for r in runs) / len(runs):.3g} measured hops "
              f"per replica (mean), blocks {sum(r['block_hops_per_ion'] for r in runs) / len(runs):.0f}"
              f" hops per ion, unsettled: {sum(1 - r['blocks_settled'] for r in runs)} blocks, "
              f"{sum(1 - r['windows_settled'] for r in runs)} windows")
        for q, get in QUANTITIES:
            spread(q, [get(r) for r in runs])
            m, e = pooled([get(r)["value"] for r in refs])
            own = math.sqrt(sum(get(r)["stderr"] ** 2 for r in refs)) / len(refs)
            e = own if not math.isfinite(e) else max(e, own)
            hit = sum(get(r)["ci95"][0] <= m <= get(r)["ci95"][1] for r in runs)
            z = [(get(r)["value"] - m) / math.sqrt(get(r)["stderr"] ** 2 + e * e) for r in runs]
            within = sum(abs(v) < 1.96 for v in z)
            mz = sum(z) / len(z)
            if q != "sigma":  # sigma is D_sigma times a constant
                zs.setdefault(T, {})[q] = z
            print(f"   {q:8s} ref {m:.5g} +- {100 * e / abs(m):.2f}%; ci95 covers the reference "
                  f"in {hit}/{len(runs)}; |z| < 1.96 with the reference's error in "
                  f"{within}/{len(runs)}; mean z {mz:+.2f}")

    if a.figure and zs:
        figure(a.figure, zs)

def exact(a):
    print("\n== lattice gas, sc 8^3, c = 0.5, E_a = 0, nu0 1e12 Hz, defaults otherwise")
    D0 = 1e12 * (3e-8) ** 2  # cm^2/s: Gamma a^2 z/(2d), z = 2d
    for seed in (1, 9, 17):
        d, cpu, err = run(a.haven, ["--lattice", "sc", "--cells", "8", "--Ea", "0", "--nu0",
                                    "1e12", "--seed", str(seed)], f"gas_{seed}")
        ds, hr, f = d["D_sigma"], d["haven_ratio"], d["correlation_factor"]
        print(f"   seed {seed}: D_sigma/(D0 (1-c)) = {ds['value'] / (0.5 * D0):.4f} "
              f"+- {ds['stderr'] / (0.5 * D0):.4f}; H_R = {hr['value']:.4f} +- {hr['stderr']:.4f}, "
              f"f = {f['value']:.4f} +- {f['stderr']:.4f}; {d['measured_hops']:.3g} hops/replica, "
              f"{cpu:.1f} CPU-s{'; WARNED' if 'bias' in err else ''}")
    print("\n== one vacancy: f (cos estimator) against Compaan-Haven, cells swept")
    known = {"sc": 0.65311, "bcc": 0.72722, "fcc": 0.78146, "diamond": 0.5}
    sweeps = {"sc": (8, 12, 16), "bcc": (6, 10, 13), "fcc": (5, 8, 10), "diamond": (4, 6, 8)}
    for lat, cells in sweeps.items():
        for c in cells:
            sites = {"sc": 1, "bcc": 2, "fcc": 4, "diamond": 8}[lat] * c ** 3
            d, cpu, _ = run(a.haven, ["--lattice", lat, "--cells", str(c), "--occupancy",
                                      repr(1 - 1 / sites), "--Ea", "0", "--hops", "2e6"],
                            f"vac_{lat}_{c}")
            fc = d["correlation_factor_cos"]
            print(f"   {lat:8s} {sites:6d} sites: f = {fc['value']:.5f} +- {fc['stderr']:.5f} "
                  f"(exact {known[lat]:.5f}, {1e4 * (fc['value'] / known[lat] - 1):+.1f}e-4)")


def speed(a):
    print("\n== per-hop cost, same session (CPU seconds from the kernel)")
    cases = [("default example, 600 K", EXAMPLE + ["--T", "600"]),
             ("issue 17: fcc 32^3, 2e7 hops, 1 replica",
              ["--lattice", "fcc", "--cells", "32", "--occupancy", "0.95", "--hops", "2e7",
               "--replicas", "1"])]
    for label, args in cases:
        for name, exe in (("old", a.old), ("new", a.haven)):
            if not exe:
                continue
            d, cpu, _ = run(exe, args, f"speed_{name}_{label[:5]}")
            reps = d.get("replicas", 8)
            eq = d.get("equil_hops")
            # The old binary equilibrated hops/10 (not reported).
            total = reps * ((eq if eq is not None else d["hops"] / 10)) + d["jumps"]
            print(f"   {label:42s} {name}: {total:.3g} hops, {cpu:.2f} CPU-s, "
                  f"{total / cpu:.3g} hops/CPU-s")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("haven")
    ap.add_argument("--old")
    ap.add_argument("--seeds", type=int, default=50)
    ap.add_argument("--temps", default="900,600,300")
    ap.add_argument("--ref-seeds", type=int, default=8)
    ap.add_argument("--ref-factor", type=float, default=10)
    ap.add_argument("--skip", default="")
    ap.add_argument("--analyse", action="store_true", help="only summarise the kept runs")
    ap.add_argument("--figure", help="with the summary: z of every run as an SVG/PNG (matplotlib)")
    a = ap.parse_args()
    if a.analyse:
        analyse(a)
        return
    os.makedirs(OUT, exist_ok=True)
    skip = a.skip.split(",")
    if "speed" not in skip:
        speed(a)
    if "exact" not in skip:
        exact(a)
    if "coverage" not in skip:
        coverage(a)


if __name__ == "__main__":
    main()
