#!/usr/bin/python3
"""Lin-KK verdicts of haven and impedance.py on the same spectra.

For each file: impedance.py's linKK (c = 0.85, max_M = 50; its default
fit_type 'real' and 'complex'), which stops at the first M with mu <= c as
Schoenleber et al. (2014) publish it, and haven eis linkk with the same
first-crossing rule and with its default (the M after which mu stays <= c).
Prints M, mu and the RMS relative residuals (max of real and imaginary).

Usage: bench/linkk_compare.py --peer DIR [--haven build/haven] FILE...
(DIR holds impedance.py's impedance/ package; run with Debian's python3.)
"""
import argparse
import contextlib
import io
import json
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import impedance_peer  # noqa: E402


def import_peer(peer):
    impedance_peer.import_peer(peer)
    from impedance import preprocessing
    from impedance.validation import linKK
    return preprocessing, linKK


def read(preprocessing, path):
    if path.endswith(".z"):
        return preprocessing.readZPlot(path)
    return preprocessing.readCSV(path)


def haven(exe, path, rule):
    out = subprocess.run([exe, "eis", "linkk", path, "--kk-rule", rule, "--json"],
                         capture_output=True, text=True, check=True).stdout
    k = json.loads(out)["lin_kk"]
    return k["M"], k["mu"], max(k["rms_residual_re"], k["rms_residual_im"]), k["valid"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--peer", required=True)
    ap.add_argument("--haven", default="build/haven")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    preprocessing, linKK = import_peer(args.peer)
    print(f"{'file':24s} {'program':34s} {'M':>3s} {'mu':>6s} {'rms %':>8s}")
    for path in args.files:
        f, z = read(preprocessing, path)
        name = path.rsplit("/", 1)[-1]
        for fit_type in ("real", "complex"):
            with contextlib.redirect_stdout(io.StringIO()):  # it prints every tenth M
                m, mu, _, rr, ri = linKK(f, z, c=0.85, max_M=50, fit_type=fit_type)
            rms = 100 * max(np.sqrt(np.mean(rr ** 2)), np.sqrt(np.mean(ri ** 2)))
            print(f"{name:24s} {'impedance.py linKK ' + fit_type:34s} {m:3d} {mu:6.3f} {rms:8.3g}")
        for rule in ("first", "last"):
            m, mu, rms, ok = haven(args.haven, path, rule)
            label = f"haven --kk-rule {rule}" + (" (default)" if rule == "last" else "")
            print(f"{name:24s} {label:34s} {m:3d} {mu:6.3f} {100 * rms:8.3g}  "
                  f"{'valid' if ok else 'flagged'}")


if __name__ == "__main__":
    main()
