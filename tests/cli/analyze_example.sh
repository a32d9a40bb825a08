#!/usr/bin/env bash
# haven analyze on the shipped molten-LiCl runs: the JSON schema of the
# transport summary, identities that must hold in it, and D* against
# LAMMPS's own MSD (an independent single-origin estimate, committed in
# examples/molten_licl/D_lammps_msd.txt; agreement within 15%, the spread the
# generator reported between its own fit windows).
set -euo pipefail
haven=$1 examples=$4
dir=$examples/molten_licl
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$haven" analyze "$dir/licl_T900.dump.gz" --timestep 1 --charges Li=1,Cl=-1 --frame Cl --json \
    > "$tmp/one.json" 2> "$tmp/one.err"
"$haven" analyze "$dir"/licl_T{900,1000,1100,1200}.dump.gz --timestep 1 --charges Li=1,Cl=-1 \
    --json > "$tmp/series.json" 2> "$tmp/series.err"

python3 - "$tmp/one.json" "$tmp/series.json" "$dir/D_lammps_msd.txt" <<'PY'
import json, sys
one = json.load(open(sys.argv[1]))["runs"][0]  # one run: runs[0]
series = json.load(open(sys.argv[2]))
ref = {}
for line in open(sys.argv[3]):
    if not line.startswith('#'):
        f = line.split()
        ref[int(f[0])] = (float(f[2]), float(f[3]))

def quantity(q, unit):
    assert set(q) >= {"value", "stderr", "ci95", "unit"}, q
    assert q["unit"] == unit, (q["unit"], unit)
    lo, hi = q["ci95"]
    assert lo <= q["value"] <= hi, q

for key, unit in [("sigma", "mS/cm"), ("sigma_NE", "mS/cm"), ("D_sigma", "cm^2/s"),
                  ("haven_ratio", "1")]:
    quantity(one[key], unit)
assert one["temperature_used"]["source"] == "velocities"
assert abs(one["temperature_used"]["value"] - 900) < 30
names = [s["name"] for s in one["species"]]
assert names == ["Li", "Cl"], names
for s in one["species"]:
    quantity(s["D"], "cm^2/s")
    # independent check against LAMMPS's compute msd
    lam = ref[900][names.index(s["name"])]
    assert abs(s["D"]["value"] / lam - 1) < 0.15, (s["name"], s["D"]["value"], lam)
# transference: both frames, each summing to one
frames = {}
for t in one["transference"]:
    frames.setdefault(t["frame"], []).append(t["correlated"]["value"])
assert set(frames) == {"barycentric", "Cl"}, frames
for f, ts in frames.items():
    assert abs(sum(ts) - 1) < 1e-9, (f, ts)
# binary melt, barycentric frame: t(Li) = m(Cl) / (m(Li) + m(Cl))
assert abs(frames["barycentric"][0] - 35.45 / (6.94 + 35.45)) < 1e-6
# sigma = sum_ab q_a q_b e^2 L_ab
L = {(p["a"], p["b"]): p["L"]["value"] for p in one["onsager"]["pairs"]}
s = L[("Li", "Li")] + L[("Cl", "Cl")] - 2 * L[("Li", "Cl")]
assert abs(s / one["sigma"]["value"] - 1) < 1e-6, (s, one["sigma"]["value"])
comp = one["sigma_tensor"]["components"]
assert abs((comp[0][0] + comp[1][1] + comp[2][2]) / 3 / one["sigma"]["value"] - 1) < 1e-6
assert one["dimensionality"]["value"] in (1, 2, 3)
assert one["green_kubo"]["ok"] is False  # 0.5 ps frames cannot resolve the current ACF
# the temperature series
assert len(series["runs"]) == 4
a = series["arrhenius"]
quantity(a["Ea"], "eV")
quantity(a["sigma_300K"], "mS/cm")
for n in ("Li", "Cl"):
    quantity(a["D_300K"][n], "cm^2/s")
    quantity(a["D"][n]["Ea"], "eV")
    assert 0.1 < a["D"][n]["Ea"]["value"] < 0.35, a["D"][n]["Ea"]
assert a["preferred"] in ("arrhenius", "vft")
print("analyze example: all checks passed")
PY

# Without charges it is a usage error; without a temperature source an error.
set +e
"$haven" analyze "$dir/licl_T900.dump.gz" --timestep 1 > "$tmp/out" 2> "$tmp/err"
[ $? -eq 2 ] || { echo "missing --charges: expected exit 2"; exit 1; }
grep -q -- "--charges" "$tmp/err" || { echo "no mention of --charges"; exit 1; }
[ ! -s "$tmp/out" ] || { echo "output despite the error"; exit 1; }
# A conductivity without a known temperature is an error, not a guess
# (XDATCAR: no velocities, no temperature in the file).
lgps=$3/lgps_600K/XDATCAR
if [ -f "$lgps" ]; then
    "$haven" analyze "$lgps" --timestep 2 --stride 10 --charges Li=1,Ge=4,P=5,S=-2 \
        > "$tmp/out" 2> "$tmp/err"
    [ $? -eq 1 ] || { echo "unknown temperature: expected exit 1"; exit 1; }
    grep -q "temperature is unknown" "$tmp/err" || { cat "$tmp/err"; exit 1; }
    "$haven" analyze "$lgps" --timestep 2 --stride 10 --charges Li=1,Ge=4,P=5,S=-2 \
        --temperature 600 --json > "$tmp/out" 2> "$tmp/err"
    [ $? -eq 0 ] || { cat "$tmp/err"; exit 1; }
fi
exit 0
