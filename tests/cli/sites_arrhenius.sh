#!/usr/bin/env bash
# haven sites with several runs: the jump rate per ion of KMC hopping on a
# simple cubic lattice (E_a = 0.3 eV, nu0 = 1e13 Hz, 4 ions on 216 sites) at
# 300, 400 and 500 K, and its Arrhenius fit: Gamma = 6 nu0 (212/215)
# exp(-E_a/kT) exactly (a target is empty with probability 212/215). Frames
# every 0.1/Gamma at each temperature, so the same share of hops (about 7%:
# two hops of one ion in one frame) is missed at every temperature: it
# lowers the prefactor, not E_a.
# usage: sites_arrhenius.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 not found: skipped"; exit 0; }
for T in 300 400 500; do
    dt=$(python3 -c "import math; print('%.4g' % (0.1 / (6e13 * math.exp(-0.3 / (8.617333262e-5 * $T))) / 1e-15))")
    "$HAVEN" kmc --lattice sc --cells 6 --a 3 --occupancy 0.02 --hops 10000 --replicas 1 \
        --seed 4 --T "$T" --trajectory "$tmp/r$T.xyz" --traj-dt "$dt" >/dev/null 2>"$tmp/err" ||
        fail "kmc $T: $(cat "$tmp/err")"
done
"$HAVEN" sites "$tmp/r300.xyz" "$tmp/r400.xyz" "$tmp/r500.xyz" --species Li \
    --temperatures 300,400,500 --json >"$tmp/a.json" 2>"$tmp/err" || fail "sites: $(cat "$tmp/err")"
python3 - "$tmp/a.json" <<'PY' || fail "jump-rate Arrhenius"
import json, sys
a = json.load(open(sys.argv[1]))
ea, pre = a["arrhenius"]["Ea"], a["arrhenius"]["prefactor"]
assert ea["unit"] == "eV" and abs(ea["value"] - 0.3) <= 3 * ea["stderr"] + 1e-3, ea
exact = 6e13 * 212 / 215
assert 0.85 * exact < pre["value"] < exact, pre
assert len(a["runs"]) == 3 and all(r["jumps"] > 8000 for r in a["runs"])
PY
# --plot/--report: the same JSON; the figure and the report carry the fit
"$HAVEN" sites "$tmp/r300.xyz" "$tmp/r400.xyz" "$tmp/r500.xyz" --species Li \
    --temperatures 300,400,500 --json --plot "$tmp/p" --plot-format svg --report "$tmp/a.html" \
    >"$tmp/a2.json" 2>"$tmp/err" || fail "sites --plot: $(cat "$tmp/err")"
cmp -s "$tmp/a.json" "$tmp/a2.json" || fail "--plot changed the JSON"
python3 - "$tmp" <<'PY' || fail "the Arrhenius figure or report does not show the fit"
import json, sys
d = sys.argv[1]
ea = json.load(open(d + "/a.json"))["arrhenius"]["Ea"]
g = lambda x: "%.3g" % x
svg = open(d + "/p-arrhenius.svg").read()
want = "Ea = %s eV [%s, %s]" % (g(ea["value"]), g(ea["ci95"][0]), g(ea["ci95"][1]))
assert want in svg, want
assert "jump rate per ion (1/s)" in svg and "1000/T" in svg
html = open(d + "/a.html").read()
assert "Arrhenius fit Γ = A exp(−Ea/kT)" in html and "r500.xyz at 500.0 K" in html
PY
"$HAVEN" sites "$tmp/r300.xyz" "$tmp/r400.xyz" --species Li >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "give at least 3" "$tmp/err" || fail "two runs"
"$HAVEN" sites "$tmp/r300.xyz" "$tmp/r400.xyz" "$tmp/r500.xyz" --species Li --temperatures 300,400 \
    >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "gives 2 values for 3 FILEs" "$tmp/err" || fail "temperature count"
echo "sites_arrhenius: ok"
