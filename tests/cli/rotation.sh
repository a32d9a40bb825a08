#!/usr/bin/env bash
# haven rotation: rigid tetrahedral groups under rotational diffusion
# (D_r = 5e11 1/s, written by the script below) give tau_1 = 1/(2 D_r) = 1 ps
# and tau_2 = 1/(6 D_r) = 0.333 ps; independent Li show no coupling; the PS4
# groups of the real LGPS run stay oriented over 10 ps (C_1 > 0.9, no fit);
# bad inputs.
# usage: rotation.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$1
SHARED=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 not found: skipped"; exit 0; }
python3 - "$tmp/rot.xyz" <<'PY'
import math, random, sys
random.seed(8)
DR, dt = 5e11, 10e-15
s = math.sqrt(2 * DR * dt)
b = 2.05 / math.sqrt(3)
tet = [(1, 1, 1), (1, -1, -1), (-1, 1, -1), (-1, -1, 1)]
groups = [[[b * t for t in v] for v in tet] for g in range(8)]
li = [[4 + 8 * ((g >> k) & 1) + 2.5 for k in range(3)] for g in range(8)]
def rotate(v, w):
    th = math.sqrt(sum(x * x for x in w))
    k = [x / th for x in w]
    c, sn = math.cos(th), math.sin(th)
    kv = sum(k[i] * v[i] for i in range(3))
    x = [k[1] * v[2] - k[2] * v[1], k[2] * v[0] - k[0] * v[2], k[0] * v[1] - k[1] * v[0]]
    return [v[i] * c + x[i] * sn + k[i] * kv * (1 - c) for i in range(3)]
out = open(sys.argv[1], "w")
for f in range(4000):
    out.write("48\nLattice=\"16 0 0 0 16 0 0 0 16\" Properties=species:S:1:pos:R:3 Time=%g\n" % (10 * f))
    for g in range(8):
        c = [4 + 8 * ((g >> k) & 1) for k in range(3)]
        if f:
            w = [random.gauss(0, s) for _ in range(3)]
            groups[g] = [rotate(v, w) for v in groups[g]]
            li[g] = [x + random.gauss(0, 0.05) for x in li[g]]
        out.write("P %.5f %.5f %.5f\n" % tuple(c))
        for v in groups[g]:
            out.write("S %.5f %.5f %.5f\n" % tuple(c[k] + v[k] for k in range(3)))
        out.write("Li %.5f %.5f %.5f\n" % tuple(li[g]))
PY
"$HAVEN" rotation "$tmp/rot.xyz" --centre P --ligand S --cutoff 2.5 --cation Li --window 0.1 \
    --json --csv "$tmp" >"$tmp/r.json" 2>"$tmp/err" || fail "rotation: $(cat "$tmp/err")"
python3 - "$tmp" <<'PY' || fail "rigid rotor correlation times"
import json, sys
d = sys.argv[1]
r = json.load(open(d + "/r.json"))
assert r["groups"] == 8 and r["bonds"] == 32
# 8 groups over 40 tau_1: a few percent; 10% allows 2-3 sd
for key, tau in (("C1", 1.0), ("C2", 1 / 3)):
    q = r[key]
    assert q["fit_ok"] and abs(q["tau"]["value"] - tau) < 0.1 * tau, (key, q["tau"])
    assert q["tau"]["unit"] == "ps" and abs(q["beta"]["value"] - 1) < 0.1
assert abs(r["coupling"]["z"]) < 4, r["coupling"]
rows = open(d + "/rotation.csv").read().strip().split("\n")
assert rows[0] == "t_ps,C1,C1_stderr,C2,C2_stderr" and len(rows) == len(r["t_ps"]) + 1
PY
# --plot/--report: stdout unchanged; the figure carries the fits' numbers
# and the coupling against the range of independent motions
"$HAVEN" rotation "$tmp/rot.xyz" --centre P --ligand S --cutoff 2.5 --cation Li --window 0.1 \
    --json --plot "$tmp/p" --plot-format svg --report "$tmp/r.html" >"$tmp/r2.json" 2>"$tmp/err" ||
    fail "rotation --plot: $(cat "$tmp/err")"
cmp -s "$tmp/r.json" "$tmp/r2.json" || fail "--plot changed the JSON"
python3 - "$tmp" <<'PY' || fail "the rotation figure does not show the computed values"
import json, math, sys
d = sys.argv[1]
r = json.load(open(d + "/r.json"))
svg = open(d + "/p-rotation.svg").read()
g = lambda x: "%.3g" % x
for key, l in (("C1", 1), ("C2", 2)):
    t = r[key]["tau"]
    want = "KWW: τ_%d = %s ps [%s, %s]" % (l, g(t["value"]), g(t["ci95"][0]), g(t["ci95"][1]))
    assert want in svg, want
for label in ("C_l(t) = ⟨P_l(u(0)·u(t))⟩", "t (ps)", "Pearson r", "independent motions: 95% range"):
    assert label in svg, label
# the Fisher interval of r, computed here from the JSON
c = r["coupling"]
s = 1.959963984540054 / math.sqrt(c["pairs"] - 3)
lo, hi = math.tanh(math.atanh(c["r"]) - s), math.tanh(math.atanh(c["r"]) + s)
want = "r = %s [%s, %s], %d pairs" % (g(c["r"]), g(lo), g(hi), c["pairs"])
assert want in svg, want
html = open(d + "/r.html").read()
for text in ("C_1: τ", "C_2: β", "Kivelson", "not independent", "Fisher z", "<svg"):
    assert text in html, text
PY
lgps=$SHARED/lgps_600K/XDATCAR
if [ -f "$lgps" ]; then
    "$HAVEN" rotation "$lgps" --centre P,Ge --ligand S --cutoff 2.6 --timestep 2 --stride 10 \
        --json >"$tmp/l.json" 2>"$tmp/err" || fail "lgps: $(cat "$tmp/err")"
    python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["groups"] == 6 and r["bonds"] == 24, r
assert r["C1"]["C"][-1] > 0.9 and not r["C1"]["fit_ok"]' "$tmp/l.json" || fail "LGPS PS4"
fi
"$HAVEN" rotation "$tmp/rot.xyz" --centre P --ligand S --cutoff 1.5 >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q "no ligand within 1.5 A" "$tmp/err" || fail "cutoff too small"
"$HAVEN" rotation "$tmp/rot.xyz" --centre Xe --ligand S --cutoff 2.5 >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q "no atoms of species 'Xe'" "$tmp/err" || fail "empty species"
"$HAVEN" rotation "$tmp/rot.xyz" --centre P --ligand S >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "missing cutoff"
"$HAVEN" rotation "$tmp/rot.xyz" --centre P --ligand S --cutoff 2.5 --cation Li >/dev/null 2>&1
[ $? -eq 2 ] || fail "cation without window"
echo "rotation: ok"
