#!/usr/bin/env bash
# haven diffusion on real AIMD (Li10GeP2S12 at 600 K, 20 ps, public data in
# ../shared/data/lgps_600K, from pymatgen-analysis-diffusion's test set):
# Li diffuses and its 95% interval holds ~1.1e-6 cm^2/s (straight fits over
# the diffusive part give 1.0-1.1e-6, pymatgen's analyzer 1.16e-6 on the same
# run); the framework (Ge, P, S: MSD flat at ~0.1 A^2) is reported as not
# diffusive with a 95% upper bound, and analyze leaves it out of sigma_NE.
# Skips when the shared data are absent.
# usage: lgps_real.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -euo pipefail
haven=$1 shared=$3
f=$shared/lgps_600K/XDATCAR
[ -f "$f" ] || { echo "no $f: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$haven" diffusion "$f" --timestep 2 --stride 10 --json > "$tmp/d.json" 2> "$tmp/err"
"$haven" analyze "$f" --timestep 2 --stride 10 --charges Li=1,Ge=4,P=5,S=-2 --temperature 600 \
    --json > "$tmp/a.json" 2> "$tmp/err2"
python3 - "$tmp/d.json" "$tmp/a.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["runs"][0]
a = json.load(open(sys.argv[2]))["runs"][0]
sp = {s["name"]: s for s in d["species"]}
li = sp["Li"]
lo, hi = li["D"]["ci95"]
assert li["diffusive"] and li["determined"], li
assert lo <= 1.1e-6 <= hi, li["D"]
for name in ("Ge", "P", "S"):
    s = sp[name]
    assert s["diffusive"] is False, (name, s["D"])
    # the bound: above zero, and far below Li's D (the MSD is flat)
    assert 0 < s["D_upper95"] < 0.5 * li["D"]["value"], (name, s["D_upper95"])
# sigma_NE from Li alone: N e^2 D / (V k T) with Li's D
ne = a["sigma_NE"]["value"]
li_a = next(s for s in a["species"] if s["name"] == "Li")
V = a["volume_A3"] * 1e-30
expect = 20 * (1.602176634e-19) ** 2 * li_a["D"]["value"] * 1e-4 / (V * 1.380649e-23 * 600) * 10
assert abs(ne / expect - 1) < 1e-6, (ne, expect)
print("LGPS: Li", li["D"]["value"], [lo, hi], "; framework bounds",
      [sp[n]["D_upper95"] for n in ("Ge", "P", "S")])
PY
