#!/usr/bin/python3
"""haven's EIS fit against impedance.py on the same two-arc spectra.

Fits every spectrum that `bench_eis_fit` wrote (HAVEN_BENCH_SPECTRA=DIR)
with impedance.py's CustomCircuit('R0-p(R1,CPE1)-p(R2,CPE2)') and judges
both programs by one objective, haven's default (modulus-weighted) chi2:

    chi2 = sum_i [(Z'_model - Z'_i)^2 + (Z''_model - Z''_i)^2] / |Z_i|^2

computed here from the circuit's own formula. impedance.py is given the same
weights (curve_fit sigma = |Z_i| for both parts, which is what its later
`weight_by_modulus=True` does), so both minimise the same function. A fit
has converged when its chi2 is within 0.1% of the reference chi2 (the lowest
of haven's default fit and three 200-start searches, from index.csv).

impedance.py is not part of haven: point --peer at a local copy of its
source (the folder holding impedance/). Its plotting module needs altair,
which is not installed; it is replaced by an empty module here, since no
plot is drawn. Run with Debian's python3 (numpy, scipy).

Usage:
  bench/impedance_py_compare.py --peer DIR --spectra DIR [--n N]
  bench/impedance_py_compare.py --peer DIR --haven build/haven \
      --libhaven build/libhaven.so --real FILE...
"""
import argparse
import ctypes
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import types
import warnings

# one thread: CPU time is what counts on a shared machine
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import numpy as np  # noqa: E402

CIRCUIT = "R0-p(R1,CPE1)-p(R2,CPE2)"
# What a user would type without looking at the spectrum: order-of-magnitude
# values (ohm, F s^(a-1), 1) in the order R0, R1, Q1, a1, R2, Q2, a2.
DEFAULT_GUESS = [10.0, 100.0, 1e-6, 0.9, 100.0, 1e-5, 0.9]
TOL = 1e-3  # converged: chi2 <= reference * (1 + TOL), as in bench/eis_fit.c


def import_peer(peer):
    """impedance.py's CustomCircuit from its source folder."""
    sys.path.insert(0, peer)
    stub = types.ModuleType("impedance.visualization")
    for name in ("plot_altair", "plot_bode", "plot_nyquist", "plot_residuals"):
        setattr(stub, name, None)
    sys.modules["impedance.visualization"] = stub
    if not hasattr(np, "complex"):
        np.complex = complex  # alias removed in numpy 1.24, still used by its fit()
    from impedance.models.circuits import CustomCircuit
    return CustomCircuit


def model(p, f):
    """Z of R0-p(R1,CPE1)-p(R2,CPE2), CPE Z = 1/(Q (j w)^a)."""
    jw = 2j * np.pi * f
    r0, r1, q1, a1, r2, q2, a2 = p
    return r0 + 1 / (1 / r1 + q1 * jw**a1) + 1 / (1 / r2 + q2 * jw**a2)


def chi2(p, f, z):
    """haven's default objective: residuals weighted by 1/|Z_data|."""
    with np.errstate(all="ignore"):
        r = (model(np.asarray(p, float), f) - z) / np.abs(z)
    v = float(np.sum(r.real**2 + r.imag**2))
    return v if np.isfinite(v) else np.inf


def chi2_unit(p, f, z):
    """impedance.py's default objective: unweighted residuals."""
    with np.errstate(all="ignore"):
        r = model(np.asarray(p, float), f) - z
    v = float(np.sum(r.real**2 + r.imag**2))
    return v if np.isfinite(v) else np.inf


def fit_peer(CustomCircuit, f, z, guess, weighted=True):
    """One impedance.py fit (modulus weights, or its default unit weights);
    returns (params or None, cpu s, wall s, note)."""
    circ = CustomCircuit(CIRCUIT, initial_guess=[float(g) for g in guess])
    kw = {"sigma": np.hstack([np.abs(z), np.abs(z)])} if weighted else {}
    c0, w0 = time.process_time(), time.perf_counter()
    note = ""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            circ.fit(f, z, **kw)
            p = np.asarray(circ.parameters_, float)
        except Exception as e:  # report the failure, go on with the next
            p, note = None, f"{type(e).__name__}: {str(e).splitlines()[0][:60]}"
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    if caught and not note:
        note = f"warning: {caught[0].category.__name__}"
    return p, cpu, wall, note


def perturbed_truth(truth, rng):
    """Truth with each R and Q multiplied or divided by 2 (alphas kept)."""
    g = np.array(truth, float)
    for k in (0, 1, 2, 4, 5):
        g[k] *= 2.0 ** rng.choice([-1, 1])
    return g


def read_index(spectra):
    rows = []
    with open(os.path.join(spectra, "index.csv")) as fp:
        head = fp.readline().strip().split(",")
        for line in fp:
            vals = line.strip().split(",")
            rows.append(dict(zip(head, [vals[0]] + [float(v) for v in vals[1:]])))
    return rows


def load_spectrum(path):
    d = np.loadtxt(path, delimiter=",", skiprows=1)
    return d[:, 0], d[:, 1] + 1j * d[:, 2]


def summarise(label, res, n):
    cpu = np.array([r[1] for r in res]) * 1e3
    wall = np.array([r[2] for r in res]) * 1e3
    ok = sum(r[0] for r in res)
    print(f"{label}: {cpu.mean():.2f} ms CPU ({wall.mean():.2f} ms wall) per fit "
          f"(median {np.median(cpu):.2f} ms CPU), converged {ok}/{n}")
    return cpu.mean(), wall.mean(), ok


def synthetic(args, CustomCircuit):
    rows = read_index(args.spectra)[: args.n]
    rng = np.random.default_rng(7)
    guesses = {"default guess": lambda row: DEFAULT_GUESS,
               "truth x/÷ 2": lambda row: perturbed_truth(
                   [row[f"true_{k}"] for k in range(7)], rng)}
    check = max(abs(chi2([row[f"haven_{k}"] for k in range(7)],
                         *load_spectrum(os.path.join(args.spectra, row["file"])))
                    / row["chi2_haven"] - 1) for row in rows)
    print(f"{len(rows)} spectra from {args.spectra}; chi2 here vs haven's own for haven's "
          f"parameters: max relative difference {check:.1e}")
    haven_ok = sum(row["chi2_haven"] <= row["chi2_ref"] * (1 + TOL) for row in rows)
    print(f"haven default fits converged {haven_ok}/{len(rows)} (bench_eis_fit)")
    for label, make in guesses.items():
        res, modes = [], {}
        for row in rows:
            f, z = load_spectrum(os.path.join(args.spectra, row["file"]))
            p, cpu, wall, note = fit_peer(CustomCircuit, f, z, make(row))
            c = chi2(p, f, z) if p is not None else np.inf
            ok = c <= row["chi2_ref"] * (1 + TOL)
            if not ok:
                kind = note.split(":")[0] if p is None else "local minimum"
                modes.setdefault(kind, []).append(c / row["chi2_ref"])
            if note:
                modes.setdefault("(any) " + note, []).append(0)
            res.append((ok, cpu, wall))
        summarise(f"impedance.py, {label}", res, len(rows))
        print_modes(modes)
    unweighted(args, CustomCircuit, rows)


def print_modes(modes):
    for kind, ratios in sorted(modes.items()):
        extra = "" if kind.startswith("(any)") else \
            f", chi2/ref median {np.median(ratios):.3g}, max {np.max(ratios):.3g}"
        print(f"    {kind}: {len(ratios)}{extra}")


def unweighted(args, CustomCircuit, rows):
    """impedance.py's own default objective (no sigma) from the default
    guess, judged against the lowest unweighted chi2 that impedance.py
    reaches from the default guess, the truth or haven's fitted parameters."""
    res, modes = [], {}
    for row in rows:
        f, z = load_spectrum(os.path.join(args.spectra, row["file"]))
        p, cpu, wall, note = fit_peer(CustomCircuit, f, z, DEFAULT_GUESS, weighted=False)
        c = chi2_unit(p, f, z) if p is not None else np.inf
        ref = c
        for start in ("true", "haven"):
            q = fit_peer(CustomCircuit, f, z, [row[f"{start}_{k}"] for k in range(7)],
                         weighted=False)[0]
            ref = min(ref, chi2_unit(q, f, z) if q is not None else np.inf)
        ok = c <= ref * (1 + TOL)
        if not ok:
            kind = note.split(":")[0] if p is None else "local minimum"
            modes.setdefault(kind, []).append(c / ref)
        res.append((ok, cpu, wall))
    summarise("impedance.py, default guess, its default unit weights (own objective)",
              res, len(rows))
    print_modes(modes)


class HavenData(ctypes.Structure):  # haven_eis_data (include/haven/eis.h)
    _fields_ = [("n", ctypes.c_size_t), ("freq", ctypes.c_void_p), ("zre", ctypes.c_void_p),
                ("zim", ctypes.c_void_p), ("format", ctypes.c_char * 24),
                ("imag_negated", ctypes.c_int), ("sign_source", ctypes.c_char * 16)]


class HavenOptions(ctypes.Structure):  # haven_eis_fit_options
    _fields_ = [("weight", ctypes.c_int), ("initial", ctypes.c_void_p),
                ("has_initial", ctypes.c_void_p), ("fixed", ctypes.c_void_p),
                ("max_starts", ctypes.c_size_t), ("seed", ctypes.c_ulong),
                ("max_iter", ctypes.c_size_t), ("lower", ctypes.c_void_p),
                ("upper", ctypes.c_void_p), ("keep_order", ctypes.c_int)]


class HavenResult(ctypes.Structure):  # haven_eis_fit_result, up to chi2
    _fields_ = [("n_params", ctypes.c_size_t), ("n_points", ctypes.c_size_t)] + \
        [(k, ctypes.c_void_p) for k in ("value", "stderr_", "lo95", "hi95", "fixed", "corr")] + \
        [("chi2", ctypes.c_double), ("rest", ctypes.c_char * 256)]


def haven_lib_time(lib, f, z, repeat):
    """CPU and wall seconds of one default haven_eis_fit (libhaven, no
    process start, reading or Lin-KK), mean of repeat calls; and its chi2."""
    arr = [np.ascontiguousarray(a, dtype=float) for a in (f, z.real, z.imag)]
    ptr = [a.ctypes.data_as(ctypes.c_void_p) for a in arr]
    circ, data, opt = ctypes.c_void_p(), HavenData(), HavenOptions()
    lib.haven_eis_circuit_parse(CIRCUIT.encode(), ctypes.byref(circ))
    lib.haven_eis_data_set(ctypes.byref(data), *ptr, ctypes.c_size_t(len(f)))
    lib.haven_eis_fit_options_default(ctypes.byref(opt))
    res = HavenResult()
    c0, w0 = time.process_time(), time.perf_counter()
    for _ in range(repeat):
        lib.haven_eis_fit_result_free(ctypes.byref(res))
        if lib.haven_eis_fit(circ, ctypes.byref(data), ctypes.byref(opt), ctypes.byref(res)):
            raise RuntimeError("haven_eis_fit failed")
    cpu, wall = (time.process_time() - c0) / repeat, (time.perf_counter() - w0) / repeat
    c = res.chi2
    lib.haven_eis_fit_result_free(ctypes.byref(res))
    lib.haven_eis_data_free(ctypes.byref(data))
    lib.haven_eis_circuit_free(circ)
    return cpu, wall, c


def haven_fit(haven, path, starts):
    """haven eis fit from its defaults: (params, chi2, f, z, cpu s, wall s)."""
    with tempfile.TemporaryDirectory() as tmp:
        csv = os.path.join(tmp, "fit.csv")
        cmd = [haven, "eis", "fit", path, "--circuit", CIRCUIT, "--json", "--csv", csv]
        if starts:
            cmd += ["--starts", str(starts)]
        c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        w0 = time.perf_counter()
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        wall = time.perf_counter() - w0
        c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        d = np.genfromtxt(csv, delimiter=",", names=True)
    doc = json.loads(out)
    names = ["R0", "R1", "CPE1_0", "CPE1_1", "R2", "CPE2_0", "CPE2_1"]
    p = [doc["parameters"][k]["value"] for k in names]
    cpu = (c1.ru_utime + c1.ru_stime) - (c0.ru_utime + c0.ru_stime)
    f, z = d[d.dtype.names[0]], d[d.dtype.names[1]] + 1j * d[d.dtype.names[2]]
    return p, doc["chi2"], f, z, cpu, wall


def real(args, CustomCircuit):
    lib = ctypes.CDLL(args.libhaven)
    print("real spectra as haven reads them, both from defaults; times of the fit call alone "
          "(haven: libhaven's haven_eis_fit, mean of 20; CLI: whole `haven eis fit` process); "
          "reference: lowest of both and haven --starts 200")
    for path in args.real:
        p_h, c_h, f, z, cli_cpu, cli_wall = haven_fit(args.haven, path, 0)
        cpu_h, wall_h, c_lib = haven_lib_time(lib, f, z, 20)
        p_i, cpu_i, wall_i, note = fit_peer(CustomCircuit, f, z, DEFAULT_GUESS)
        c_i = chi2(p_i, f, z) if p_i is not None else np.inf
        ref = min(c_h, c_i, haven_fit(args.haven, path, 200)[1])
        print(f"  {os.path.basename(path)} ({len(f)} points): ref chi2 {ref:.4g}; "
              f"haven chi2 {c_h:.4g} (here {chi2(p_h, f, z):.4g}, lib {c_lib:.4g}), "
              f"{1e3 * cpu_h:.2f} ms CPU {1e3 * wall_h:.2f} ms wall (CLI process "
              f"{1e3 * cli_cpu:.0f} ms CPU); impedance.py chi2 {c_i:.4g}, "
              f"{1e3 * cpu_i:.1f} ms CPU {1e3 * wall_i:.1f} ms wall {note}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--peer", required=True, help="folder holding impedance.py's impedance/")
    ap.add_argument("--spectra", help="folder written by HAVEN_BENCH_SPECTRA=DIR bench_eis_fit")
    ap.add_argument("--n", type=int, default=200, help="spectra to fit (default 200)")
    ap.add_argument("--haven", default="build/haven", help="haven CLI (for --real)")
    ap.add_argument("--libhaven", default="build/libhaven.so", help="for --real timings")
    ap.add_argument("--real", nargs="*", default=[], help="measured spectra to fit")
    args = ap.parse_args()
    CustomCircuit = import_peer(args.peer)
    if args.spectra:
        synthetic(args, CustomCircuit)
    if args.real:
        real(args, CustomCircuit)


if __name__ == "__main__":
    main()
