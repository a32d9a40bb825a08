#!/usr/bin/env bash
# haven density: a 1D channel (KMC hopping along x in a structure with one
# site per 3 A cell) percolates in one direction only; a simple cubic
# lattice in three; cube and CHGCAR files are written; the real LGPS AIMD
# run gives a 3D network; bad inputs are clear errors.
# usage: density.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$1
SHARED=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 not found: skipped"; exit 0; }

cat >"$tmp/chain.vasp" <<'POS'
1D chain: one Li site per 3 A along x, channels 8 A apart
1.0
3.0 0.0 0.0
0.0 8.0 0.0
0.0 0.0 8.0
Li
1
Direct
0.0 0.5 0.5
POS
"$HAVEN" kmc --structure "$tmp/chain.vasp" --cutoff 3.1 --cells 8x1x1 --occupancy 0.25 \
    --hops 20000 --replicas 1 --seed 3 --trajectory "$tmp/chain.xyz" --traj-dt 3e7 \
    >/dev/null 2>"$tmp/err" || fail "kmc chain: $(cat "$tmp/err")"
"$HAVEN" density "$tmp/chain.xyz" --species Li --spacing 0.5 --smooth 0.8 --temperature 300 \
    --json --cube "$tmp/c.cube" --chgcar "$tmp/CHGCAR" --csv "$tmp" >"$tmp/chain.json" \
    2>"$tmp/err" || fail "density chain: $(cat "$tmp/err")"
# --plot and --report: the same JSON on stdout; the figure's maps and the
# percolation curve mark the one threshold the chain has, and no other
"$HAVEN" density "$tmp/chain.xyz" --species Li --spacing 0.5 --smooth 0.8 --temperature 300 \
    --json --plot "$tmp/p" --plot-format svg --report "$tmp/r.html" >"$tmp/chain2.json" \
    2>"$tmp/err" || fail "density --plot: $(cat "$tmp/err")"
cmp -s "$tmp/chain.json" "$tmp/chain2.json" || fail "--plot changed the JSON"
for label in "lowest free energy along c" "along a (Å)" "−kT ln(ρ/ρ_max) (eV)" \
             "connected in ≥ 1 direction" "level as −kT ln(level/ρ_max) (eV)" "1D threshold"; do
    grep -qF "$label" "$tmp/p-density.svg" || fail "density figure lacks '$label'"
done
grep -qF "2D threshold" "$tmp/p-density.svg" && fail "the chain's figure marks a 2D threshold"
for text in "Percolation barriers" "network connected in 1 direction" "R. M. Ziff" \
            "No sampling errors" "<svg"; do
    grep -qF "$text" "$tmp/r.html" || fail "density report lacks '$text'"
done
"$HAVEN" kmc --lattice sc --cells 4 --occupancy 0.3 --hops 20000 --replicas 1 --seed 3 \
    --trajectory "$tmp/sc.xyz" --traj-dt 3e5 >/dev/null 2>"$tmp/err" || fail "kmc sc"
"$HAVEN" density "$tmp/sc.xyz" --species Li --spacing 0.5 --smooth 0.8 --temperature 300 \
    --json >"$tmp/sc.json" 2>"$tmp/err" || fail "density sc: $(cat "$tmp/err")"

python3 - "$tmp" <<'PY' || fail "density results"
import json, sys, os
d = sys.argv[1]
chain = json.load(open(d + "/chain.json"))
sc = json.load(open(d + "/sc.json"))
assert chain["dimensionality"] == 1, chain
p = chain["percolation"]
assert p[0]["level_per_A3"] > 0 and p[1]["level_per_A3"] is None and p[2]["level_per_A3"] is None
assert p[0]["barrier"]["unit"] == "eV" and p[0]["barrier"]["value"] >= 0
assert sc["dimensionality"] == 3 and sc["percolation"][2]["level_per_A3"] > 0
# 0.25 x 8 sites = 2 ions; 24 x 8 x 8 A at 0.5 A
assert chain["atoms"] == 2 and chain["grid"] == [48, 16, 16], chain["grid"]
cube = open(d + "/c.cube").read().split("\n")
assert cube[2].split()[0] == "2" and cube[3].split()[0] == "48"
ch = open(d + "/CHGCAR").read().split("\n")
assert ch[5].split() == ["Li"] and ch[6].split() == ["2"], ch[:8]
assert ch[11].split() == ["48", "16", "16"], ch[11]
rows = open(d + "/percolation.csv").read().strip().split("\n")
assert rows[0].startswith("dimension,level_per_A3") and len(rows) == 4
PY

lgps=$SHARED/lgps_600K/XDATCAR
if [ -f "$lgps" ]; then
    "$HAVEN" density "$lgps" --species Li --spacing 0.2 --smooth 0.4 --temperature 600 --json --blocks 5 \
        >"$tmp/lgps.json" 2>"$tmp/err" || fail "density lgps: $(cat "$tmp/err")"
    python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["atoms"] == 20 and r["frames"] == 1000 and r["dimensionality"] == 3, r
b = [p["barrier"]["value"] for p in r["percolation"]]
e = [p["barrier"]["stderr"] for p in r["percolation"]]
assert r["error_blocks"] >= 5 and all(0 < x < 0.1 for x in e), e
# the c-axis channels connect first; the 3D network needs a higher barrier
assert 0 < b[0] <= b[1] <= b[2] < 1, b' "$tmp/lgps.json" || fail "lgps density"
else
    echo "shared LGPS data absent: real-data part skipped"
fi

# bad inputs: exit 1 with a message for data, 2 for usage
"$HAVEN" density "$tmp/sc.xyz" --species Na >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q "no atoms of species 'Na' (the file has Li)" "$tmp/err" || fail "empty species"
"$HAVEN" density "$tmp/sc.xyz" --species Li --spacing 0 >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "positive length" "$tmp/err" || fail "bad spacing"
"$HAVEN" density "$tmp/sc.xyz" --bogus >/dev/null 2>&1
[ $? -eq 2 ] || fail "unknown option"
"$HAVEN" density "$tmp/missing.xyz" --species Li >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q "missing.xyz" "$tmp/err" || fail "missing file"
echo "density: ok"
