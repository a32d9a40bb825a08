#!/usr/bin/env bash
# Round trip: `haven kmc --trajectory` writes an extended XYZ file that
# `haven diffusion` and `haven analyze` read like an MD trajectory, and
# their D*, D_sigma, Haven ratio and conductivity agree with the KMC's own
# estimates. Both see the same ion paths through different estimators (the
# KMC: block and window averages of one replica; the trajectory tools: all
# time origins with a GLS fit), so they must agree within the combined 95%
# intervals, and the exact lattice-gas value D_sigma = D0 (1 - c) pins the
# units of both.
# usage: kmc_roundtrip.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 not found: skipped"; exit 0; }

# sc 6^3 at half filling (108 Li+), a = 3 A, E_a = 0.3 eV, 300 K: each ion
# makes ~1.8e4 hops in 6.8e-5 s; a frame every 3e7 fs gives ~2250 frames.
"$HAVEN" kmc --lattice sc --cells 6 --occupancy 0.5 --hops 2000000 --equil 100000 \
    --replicas 1 --blocks 10 --windows 20 --T 300 --seed 7 \
    --trajectory "$tmp/out.xyz" --traj-dt 3e7 --json >"$tmp/kmc.json" 2>"$tmp/err" ||
    fail "haven kmc: $(cat "$tmp/err")"
# The lattice is the fixed frame: the ions' centre of mass moving is the
# conduction itself, so no drift is removed.
"$HAVEN" diffusion "$tmp/out.xyz" --drift none --json >"$tmp/diff.json" 2>"$tmp/err" ||
    fail "haven diffusion on the KMC trajectory: $(cat "$tmp/err")"
# (The ions alone are not charge-neutral; analyze warns about that.)
"$HAVEN" analyze "$tmp/out.xyz" --charges Li=1 --temperature 300 --drift none --json \
    >"$tmp/an.json" 2>"$tmp/err" || fail "haven analyze on the KMC trajectory: $(cat "$tmp/err")"

python3 - "$tmp/kmc.json" "$tmp/diff.json" "$tmp/an.json" <<'PY' || fail "KMC and trajectory analysis disagree"
import json, math, sys
kmc, diff, an = (json.load(open(f)) for f in sys.argv[1:4])
diff, an = diff["runs"][0], an["runs"][0]
kmc = kmc["runs"][0]
kmc["D"] = {s["name"]: s["D"] for s in kmc["species"]}
half = lambda q: (q["ci95"][1] - q["ci95"][0]) / 2

def agree(what, a, b, max_rel):
    """a, b: quantities with 95% intervals; they must be precise enough to
    mean something (max_rel) and differ by less than the combined interval."""
    assert a["unit"] == b["unit"] or {a["unit"], b["unit"]} <= {"", "1"}, (what, a, b)
    tol = math.hypot(half(a), half(b))
    print("%-12s kmc %.5g +- %.2g   trajectory %.5g +- %.2g   |diff| %.3g < %.3g"
          % (what, a["value"], a["stderr"], b["value"], b["stderr"], abs(a["value"] - b["value"]), tol))
    for q in (a, b):
        assert q["stderr"] < max_rel * abs(q["value"]), (what, "imprecise", q)
    assert abs(a["value"] - b["value"]) < tol, what

# The file as read: 108 Li in a 18 A cube, frames 3e7 fs = 3e4 ps apart.
assert diff["format"] == "extxyz" and diff["n_atoms"] == 108, diff
assert abs(diff["volume_A3"] - 18.0**3) < 1e-6 and abs(diff["frame_interval_ps"] - 3e4) < 1e-6
assert diff["n_frames"] > 1000, diff["n_frames"]
d_diff = diff["species"][0]
assert d_diff["name"] == "Li" and d_diff["n_atoms"] == 108, d_diff
agree("D* (diff.)", kmc["D"]["Li"], d_diff["D"], 0.05)
agree("D* (analyze)", kmc["D"]["Li"], an["species"][0]["D"], 0.05)
agree("D_sigma", kmc["D_sigma"], an["D_sigma"], 0.1)
agree("Haven ratio", kmc["haven_ratio"], an["haven_ratio"], 0.1)
agree("sigma", kmc["sigma"], an["sigma"], 0.1)
# Exact for the non-interacting lattice gas: D_sigma = nu0 exp(-Ea/kT) a^2 (1 - c).
D0 = 1e13 * math.exp(-0.3 / (8.617333262e-5 * 300)) * (3e-8) ** 2
for src, q in (("kmc", kmc["D_sigma"]), ("analyze", an["D_sigma"])):
    assert abs(q["value"] - 0.5 * D0) < 4 * q["stderr"], (src, q, 0.5 * D0)
PY
echo ok
