#!/usr/bin/env bash
# haven vanhove: F_s(Q,t) of a KMC hopping trajectory (10 Li on a simple
# cubic lattice, a = 3 A, 2% filled, so blocking is rare) against the
# Chudley-Elliott jump-diffusion form, powder-averaged exactly for the six
# jump vectors, with the KMC's own jump rate; the Li-S RDF of the real LGPS
# run peaks at the Li-S bond length; bad inputs.
# usage: vanhove.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$1
SHARED=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 not found: skipped"; exit 0; }

"$HAVEN" kmc --lattice sc --cells 8 --a 3 --occupancy 0.02 --hops 50000 --replicas 1 --seed 9 \
    --trajectory "$tmp/ce.xyz" --traj-dt 1e6 --json >"$tmp/kmc.json" 2>"$tmp/err" ||
    fail "kmc: $(cat "$tmp/err")"
rate=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["runs"][0]["species"][0]["jump_rate"]["value"])' \
    "$tmp/kmc.json")
"$HAVEN" vanhove "$tmp/ce.xyz" --species Li --drift none --q 0.3,0.6,1,1.5,2.1 --r-max 11 \
    --jump-length 3 --jump-rate "$rate" --jump-lattice sc --json --csv "$tmp" \
    >"$tmp/vh.json" 2>"$tmp/err" || fail "vanhove: $(cat "$tmp/err")"
python3 - "$tmp" <<'PY' || fail "F_s of the hopping trajectory is not Chudley-Elliott"
import json, sys
d = sys.argv[1]
v = json.load(open(d + "/vh.json"))
assert v["atoms"] == 10 and len(v["fs"]) == 5
worst = 0
for f in v["fs"]:
    for F, e, ce in zip(f["F"], f["stderr"], f["chudley_elliott"]):
        # 4 standard errors over the 10 ions, plus 0.01 for the correlation
        # of a tracer at 2% filling (f = 1 - O(c)) and the error of the rate
        assert abs(F - ce) <= 4 * e + 0.01, (f["q_per_A"], F, ce, e)
        worst = max(worst, abs(F - ce))
print("largest |F_s - Chudley-Elliott| = %.4f" % worst)
# at low Q the decay is exponential (beta = 1) with tau = 1/(D Q^2), D = Gamma a^2/6
k = v["kww"][0]
assert abs(k["beta"]["value"] - 1) < 0.05, k
rows = open(d + "/fs.csv").read().strip().split("\n")
assert rows[0].startswith("t_ps,F_Q0.3,stderr_Q0.3,chudley_elliott") and len(rows) == len(v["t_ps"]) + 1
PY

# --plot: the same analysis drawn (F_s with the KWW fits, G_s, g(r)), stdout unchanged.
"$HAVEN" vanhove "$tmp/ce.xyz" --species Li --drift none --q 0.3,0.6,1,1.5,2.1 --r-max 11 \
    --jump-length 3 --jump-rate "$rate" --jump-lattice sc --json --plot "$tmp/p" --plot-format svg \
    --report "$tmp/vh.html" >"$tmp/vh2.json" 2>"$tmp/err" || fail "vanhove --plot: $(cat "$tmp/err")"
cmp -s "$tmp/vh.json" "$tmp/vh2.json" || fail "--plot changed the JSON"
for label in "F_s(Q, t)" "t (ps)" "Q = 0.3 Å⁻¹" "KWW: τ =" "4πr² G_s(r, t) (Å⁻¹)" "g(r)"; do
    grep -qF "$label" "$tmp/p-vanhove.svg" || fail "vanhove figure lacks '$label'"
done
for text in "KWW fits A exp(−(t/τ)^β) of F_s(Q, t)" "Q = 0.3 Å⁻¹: τ" "Van Hove, Phys. Rev." "<svg"; do
    grep -qF "$text" "$tmp/vh.html" || fail "vanhove report lacks '$text'"
done

lgps=$SHARED/lgps_600K/XDATCAR
if [ -f "$lgps" ]; then
    "$HAVEN" vanhove "$lgps" --species Li --with S --timestep 2 --stride 10 --json >"$tmp/l.json" \
        2>"$tmp/err" || fail "lgps: $(cat "$tmp/err")"
    python3 -c '
import json, sys
v = json.load(open(sys.argv[1]))
g = v["distinct"][0]
b = max(range(len(g["g"])), key=lambda i: g["g"][i])
r = (b + 0.5) * g["dr_A"]
# Li-S bond in thiophosphates: 2.4-2.6 A
assert 2.3 < r < 2.7, r' "$tmp/l.json" || fail "LGPS Li-S RDF"
    "$HAVEN" vanhove "$lgps" --species Li --timestep 2 --stride 10 --r-max 6 >/dev/null 2>"$tmp/err"
    [ $? -eq 1 ] && grep -q "exceeds half the cell width" "$tmp/err" || fail "r_max too large"
fi
"$HAVEN" vanhove "$tmp/ce.xyz" --species Na >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q "no atoms of species 'Na'" "$tmp/err" || fail "empty species"
"$HAVEN" vanhove "$tmp/ce.xyz" --species Li --jump-length 3 >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "go together" "$tmp/err" || fail "jump length without rate"
"$HAVEN" vanhove "$tmp/ce.xyz" --species Li --q 0,1 >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "Q = 0"
echo "vanhove: ok"
