#!/usr/bin/env bash
# haven diffusion --region: walkers stepping 0.3 A per component per frame
# for x < 10 A and 0.1 A beyond (a 20 A cube, frames 1 fs apart). D parallel
# to a slab inside each half is that half's sigma^2 / (2 dt) (4.5e-3 and
# 5e-4 cm^2/s): motion along a slab is independent of staying in it. A
# region "within 4 A of the fixed S atom" equals the 4 A sphere about it.
# usage: diffusion_region.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 not found: skipped"; exit 0; }
python3 - "$tmp/w.xyz" <<'PY'
import random, sys
random.seed(2)
N, T = 150, 1500
x = [[20 * random.random() for _ in range(3)] for _ in range(N)]
out = open(sys.argv[1], "w")
for f in range(T):
    out.write("%d\nLattice=\"20 0 0 0 20 0 0 0 20\" Properties=species:S:1:pos:R:3 Time=%d\n" % (N + 1, f))
    out.write("S 5 10 10\n")
    for p in x:
        if f:
            s = 0.3 if p[0] % 20 < 10 else 0.1
            for k in range(3):
                p[k] += random.gauss(0, s)
        out.write("Li %.5f %.5f %.5f\n" % tuple(p))
PY
for spec in slab:a:0.1:0.4 slab:a:0.6:0.9 sphere:0.25,0.5,0.5:4 near:S:4; do
    "$HAVEN" diffusion "$tmp/w.xyz" --species Li --drift none --region "$spec" --json \
        >"$tmp/${spec%%:*}_$(echo "$spec" | md5sum | cut -c1-6).json" 2>"$tmp/err" ||
        fail "--region $spec: $(cat "$tmp/err")"
done
python3 - "$tmp" <<'PY' || fail "region D"
import glob, json, sys
res = {}
for f in glob.glob(sys.argv[1] + "/*.json"):
    d = json.load(open(f))
    res[d["region"]] = d["results"][0]
for spec, D in (("slab:a:0.1:0.4", 4.5e-3), ("slab:a:0.6:0.9", 5e-4)):
    q = res[spec]["D"]
    assert q["unit"] == "cm^2/s" and abs(q["value"] - D) <= 4 * q["stderr"], (spec, q)
    assert res[spec]["entries"] > 50
s, n = res["sphere:0.25,0.5,0.5:4"], res["near:S:4"]
assert s["D"]["value"] == n["D"]["value"] and s["entries"] == n["entries"], (s, n)
assert s["D"]["value"] < 4.5e-3 * 1.05  # a lower bound in a sphere
PY
# haven analyze --region: the Nernst-Einstein sigma of the ions in the slab,
# n q^2 D / kT with n = (mean number inside) / (slab volume)
"$HAVEN" analyze "$tmp/w.xyz" --species Li --charges Li=1 --temperature 300 --drift none \
    --region slab:a:0.1:0.4 --json >"$tmp/an.json" 2>"$tmp/err" || fail "analyze --region: $(cat "$tmp/err")"
python3 - "$tmp/an.json" <<'PY' || fail "analyze --region sigma"
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
n = r["mean_inside"] / (r["region_volume_A3"] * 1e-30)
e, k = 1.602176634e-19, 1.380649e-23
sigma = n * e * e / (k * 300) * r["D"]["value"] * 1e-4 * 10  # mS/cm
assert r["sigma_NE"]["unit"] == "mS/cm" and abs(r["sigma_NE"]["value"] / sigma - 1) < 1e-6, r
PY
"$HAVEN" diffusion "$tmp/w.xyz" --region slab:d:0:1 >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "is not slab:AXIS:LO:HI" "$tmp/err" || fail "bad region spec"
"$HAVEN" diffusion "$tmp/w.xyz" --species Li --drift none --region sphere:0.5,0.5,0.5:0.00001 \
    >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q "no ion was ever inside the region" "$tmp/err" || fail "empty region"
echo "diffusion_region: ok"
