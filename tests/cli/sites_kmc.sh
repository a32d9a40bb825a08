#!/usr/bin/env bash
# haven sites on a KMC trajectory whose answers are known exactly: a
# perovskite-like lattice (a = 4 A) with a corner site 1a (6 neighbours at
# 2 A) and three edge sites 3d (2 neighbours each), E(3d) - E(1a) = 0.05 eV
# (--disorder file), 10 ions on the 32 sites of a 2x2x2 supercell at 300 K.
# The non-interacting lattice gas at fixed N has the canonical occupancies
# (sums over the ways to place the ions, computed below), and the rate of
# a hop from i to j is nu0 exp(-(E_a + max(0, dE))/kT) times the chance that
# j is empty given that i is occupied (the same sum with one ion fewer).
# Sites are typed by spglib (Wyckoff 1a and 3d of Pm-3m); the rates, the
# occupancies, the energy difference, the jump rate per ion and f must
# match within their errors.
# usage: sites_kmc.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 not found: skipped"; exit 0; }

cat >"$tmp/perov.vasp" <<'POS'
perovskite-like sites: 1a at the corner, 3d at the edge centres
1.0
4.0 0.0 0.0
0.0 4.0 0.0
0.0 0.0 4.0
Li
4
Direct
0.0 0.0 0.0
0.5 0.0 0.0
0.0 0.5 0.0
0.0 0.0 0.5
POS
# site order of the supercell: cell-major, basis fastest (docs/kmc.md)
for c in 1 2 3 4 5 6 7 8; do echo "0 0.05 0.05 0.05"; done >"$tmp/E.txt"
# frames every 1e-10 s: the fastest hop rate is 7e7 1/s, so fewer than 1% of
# the hops fall in a frame with another hop of the same ion. Fixed blocks: f
# is then the block MSD over the squared jumps on these paths, the sites
# tool's definition (the automatic mode reads f from the MSD's slope).
"$HAVEN" kmc --structure "$tmp/perov.vasp" --cutoff 2.1 --cells 2 --occupancy 0.3125 \
    --disorder "file:$tmp/E.txt" --hops 8000 --replicas 1 --seed 5 --T 300 --blocks 10 --windows 20 \
    --trajectory "$tmp/t.xyz" --traj-dt 1e5 --json >"$tmp/kmc.json" 2>"$tmp/err" ||
    fail "kmc: $(cat "$tmp/err")"
"$HAVEN" sites "$tmp/t.xyz" --species Li --sites "$tmp/perov.vasp" --temperature 300 \
    --drift none --json --csv "$tmp" >"$tmp/sites.json" 2>"$tmp/err" ||
    fail "sites: $(cat "$tmp/err")"

python3 - "$tmp" <<'PY' || fail "site statistics disagree with the exact lattice gas"
import json, sys
from math import comb, exp, log
d = sys.argv[1]
kmc, s = json.load(open(d + "/kmc.json")), json.load(open(d + "/sites.json"))
kT = 8.617333262e-5 * 300  # eV
dE, nu = 0.05, 1e13 * exp(-0.3 / kT)

def occ(nA, nB, N):
    """canonical occupancies of A (energy 0) and B (dE) sites with N ions"""
    Z = S = 0.0
    for j in range(max(0, N - nB), min(nA, N) + 1):
        w = comb(nA, j) * comb(nB, N - j) * exp(-dE * (N - j) / kT)
        Z += w
        S += j * w
    return S / Z / nA, (N - S / Z) / nB

def within(what, q, truth, k=3.0):
    assert abs(q["value"] - truth) <= k * q["stderr"], (what, q, truth)
    print("%-14s %.5g +- %.2g   exact %.5g" % (what, q["value"], q["stderr"], truth))

types = {t["name"]: t for t in s["types"]}
assert set(types) == {"1a", "3d"}, types.keys()
assert types["1a"]["sites"] == 8 and types["3d"]["sites"] == 24
assert s["ions"] == 10 and s["on_site_fraction"] == 1.0
xa, xb = occ(8, 24, 10)
within("x(1a)", types["1a"]["occupancy"], xa)
within("x(3d)", types["3d"]["occupancy"], xb)
# the Fermi inversion of exact canonical occupancies, and the true 0.05 eV
# within the finite-size difference of the two (0.002 eV for 10 ions)
e_can = kT * (log((1 - xb) / xb) - log((1 - xa) / xa))
within("E(3d)-E(1a)", types["3d"]["energy"], e_can)
assert abs(types["3d"]["energy"]["value"] - dE) < 0.005
rate = {(t["from"], t["to"]): t for t in s["transitions"]}
_, xb1 = occ(7, 24, 9)  # the other ions, given one on a 1a site
xa1, _ = occ(8, 23, 9)  # ... given one on a 3d site
within("rate 1a->3d", rate[("1a", "3d")]["rate"], 6 * nu * exp(-dE / kT) * (1 - xb1))
within("rate 3d->1a", rate[("3d", "1a")]["rate"], 2 * nu * (1 - xa1))
assert abs(rate[("1a", "3d")]["length_A"] - 2.0) < 1e-6
# the KMC's own counts: every hop is seen except those in a frame with
# another hop of the same ion (rate x frame interval < 1%)
kmc = kmc["runs"][0]
kr, jr = kmc["species"][0]["jump_rate"], s["jump_rate"]
comb_err = (kr["stderr"] ** 2 + jr["stderr"] ** 2) ** 0.5
assert abs(jr["value"] - kr["value"]) <= 3 * comb_err + 0.01 * kr["value"], (jr, kr)
# f from the jump vectors is the KMC's own definition on the same paths
kf, f = kmc["correlation_factor"], s["f_jumps"]
assert abs(f["value"] - kf["value"]) <= 0.1 * kf["stderr"] + 0.01, (f, kf)
# and f = D*/D_jump from the MSD fit agrees within its error
fc = s["correlation_factor"]
assert abs(fc["value"] - kf["value"]) <= 3 * (fc["stderr"] ** 2 + kf["stderr"] ** 2) ** 0.5
# Einstein-Helfand sigma of the ions against the KMC's, and eq. 1: the
# conductivity rebuilt from the counted jumps, f and H_R, equals it
ks, sg = kmc["sigma"], s["sigma"]
assert ks["unit"] == sg["unit"] == "mS/cm"
assert abs(sg["value"] - ks["value"]) <= 3 * (sg["stderr"] ** 2 + ks["stderr"] ** 2) ** 0.5
assert abs(s["eq1_ratio"]["value"] - 1) <= 3 * s["eq1_ratio"]["stderr"], s["eq1_ratio"]
rows = open(d + "/jumps.csv").read().strip().split("\n")
assert len(rows) == s["jumps"] + 1 and rows[0].startswith("ion,frame,time_ps,from,to")
PY

# --plot/--report: stdout unchanged; the figure shows the computed numbers.
# One thread for the byte comparison: the order of the MSD's OpenMP
# reduction moves the last printed digit of f's interval between runs.
OMP_NUM_THREADS=1 "$HAVEN" sites "$tmp/t.xyz" --species Li --sites "$tmp/perov.vasp" \
    --temperature 300 --drift none --json >"$tmp/sites1.json" 2>"$tmp/err" || fail "sites, 1 thread"
OMP_NUM_THREADS=1 "$HAVEN" sites "$tmp/t.xyz" --species Li --sites "$tmp/perov.vasp" \
    --temperature 300 --drift none --json --plot "$tmp/p" --plot-format svg --report "$tmp/r.html" \
    >"$tmp/sites2.json" 2>"$tmp/err" || fail "sites --plot: $(cat "$tmp/err")"
cmp -s "$tmp/sites1.json" "$tmp/sites2.json" || fail "--plot changed the JSON"
for label in "occupancy per site" "fraction of visits longer than t" "jump rate (1/s)" \
             "x categories: 1a, 3d" "y categories: 1a, 3d" "D*/D_jump" "σ₁/σ_EH"; do
    grep -qF "$label" "$tmp/p-sites.svg" || fail "sites figure lacks '$label'"
done
python3 - "$tmp" <<'PY' || fail "the sites figure does not show the computed values"
import json, re, sys
d = sys.argv[1]
s = json.load(open(d + "/sites2.json"))
desc = open(d + "/p-sites.svg").read()
g = lambda x: "%.3g" % x
for t in s["types"]:
    o, r = t["occupancy"], t["residence"]
    want = "%s: mean %s [%s, %s]" % (t["name"], g(o["value"]), g(o["ci95"][0]), g(o["ci95"][1]))
    assert want in desc, want
    want = "%s: mean %s ps [%s, %s]" % (t["name"], g(r["value"]), g(r["ci95"][0]), g(r["ci95"][1]))
    assert want in desc, want
html = open(d + "/r.html").read()
for text in ("eq. 1 / Einstein–Helfand", "de Klerk", "1a → 3d", "back-jump fraction", "<svg"):
    assert text in html, text
PY
"$HAVEN" sites "$tmp/t.xyz" --species Li --sites "$tmp/perov.vasp" --mixing Li --plot "$tmp/q" \
    >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "not --mixing" "$tmp/err" || fail "--plot with --mixing"

# bad inputs
# sites that are not where the ions are (a body centre, 1.73 A from every
# occupied point; default radius 0.4 x 4 A)
printf 'wrong sites\n1.0\n4 0 0\n0 4 0\n0 0 4\nLi\n1\nDirect\n0.25 0.25 0.25\n' >"$tmp/off.vasp"
"$HAVEN" sites "$tmp/t.xyz" --species Li --sites "$tmp/off.vasp" --no-msd >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q "no ion came within 1.6 A of any of the 8 sites" "$tmp/err" ||
    fail "no sites matched: $(cat "$tmp/err")"
"$HAVEN" sites "$tmp/t.xyz" --species Li --sites "$tmp/perov.vasp" --radius 1.5 \
    >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q "spheres would overlap" "$tmp/err" || fail "radius too large"
"$HAVEN" sites "$tmp/t.xyz" --species Na --sites "$tmp/perov.vasp" >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q "no atoms of species 'Na'" "$tmp/err" || fail "empty species"
"$HAVEN" sites "$tmp/t.xyz" --species Li --sites "$tmp/perov.vasp" --site-species S \
    >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q "no atoms of element 'S' to take as sites" "$tmp/err" ||
    fail "no site atoms: $(cat "$tmp/err")"
sed 's/^4.0 0.0 0.0/5.3 0.0 0.0/' "$tmp/perov.vasp" >"$tmp/bad.vasp"
"$HAVEN" sites "$tmp/t.xyz" --species Li --sites "$tmp/bad.vasp" >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q "not an integer supercell" "$tmp/err" || fail "supercell mismatch"
"$HAVEN" sites "$tmp/t.xyz" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "species is required" "$tmp/err" || fail "missing --species"
echo "sites_kmc: ok"
