#!/usr/bin/env bash
# haven sites --mixing: anion site mixing over two site types. A CsCl-type
# reference (4 A cell, S at the corner 1a, Cl at the body centre 1b); the
# trajectory is its 3x3x3 supercell with 9 of the 27 corner sites held by Cl
# and 9 of the 27 centres by S, atoms vibrating 0.1 A. Exact: on 1a, x(S) =
# 2/3, x(Cl) = 1/3, mixing entropy -(2/3 ln 2/3 + 1/3 ln 1/3) = 0.6365 k_B
# per site; the same on 1b with the roles swapped. Also the per-type lattice
# gas entropy of a fully occupied site (0) in the ordinary table.
# usage: sites_mixing.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 not found: skipped"; exit 0; }
printf 'CsCl-type sites\n1.0\n4 0 0\n0 4 0\n0 0 4\nS Cl\n1 1\nDirect\n0 0 0\n0.5 0.5 0.5\n' \
    >"$tmp/ref.vasp"
python3 - "$tmp/t.xyz" <<'PY'
import random, sys
random.seed(4)
out = open(sys.argv[1], "w")
for f in range(40):
    atoms = []
    for i in range(27):
        c = (i // 9, (i // 3) % 3, i % 3)
        corner = "Cl" if i % 3 == 0 else "S"   # 9 Cl on corners
        centre = "S" if i % 3 == 1 else "Cl"   # 9 S on centres
        atoms.append((corner, [4.0 * c[k] for k in range(3)]))
        atoms.append((centre, [4.0 * c[k] + 2.0 for k in range(3)]))
    out.write("%d\nLattice=\"12 0 0 0 12 0 0 0 12\" Properties=species:S:1:pos:R:3 Time=%d\n"
              % (len(atoms), 10 * f))
    for s, x in atoms:
        out.write("%s %.5f %.5f %.5f\n" % (s, *[v + random.gauss(0, 0.1) for v in x]))
PY
"$HAVEN" sites "$tmp/t.xyz" --sites "$tmp/ref.vasp" --mixing S,Cl --json >"$tmp/m.json" \
    2>"$tmp/err" || fail "mixing: $(cat "$tmp/err")"
python3 - "$tmp/m.json" <<'PY' || fail "mixing fractions or entropy"
import json, math, sys
m = json.load(open(sys.argv[1]))
t = {x["name"]: x for x in m["types"]}
assert set(t) == {"1a", "1b"}, t.keys()
s_exact = -(2 / 3 * math.log(2 / 3) + 1 / 3 * math.log(1 / 3))
for name, xs in (("1a", 2 / 3), ("1b", 1 / 3)):
    f = t[name]["fraction"]
    assert abs(f["S"] - xs) < 1e-9 and abs(f["Cl"] - (1 - xs)) < 1e-9 and f["vacant"] < 1e-9, f
    assert abs(t[name]["mixing_entropy_kB_per_site"] - s_exact) < 1e-9
PY
"$HAVEN" sites "$tmp/t.xyz" --species S --sites "$tmp/ref.vasp" --site-species S,Cl --no-msd \
    --timestep 10 --json >"$tmp/s.json" 2>"$tmp/err" || fail "sites: $(cat "$tmp/err")"
python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
t = {x["name"]: x for x in r["types"]}
assert abs(t["1a"]["occupancy"]["value"] - 2 / 3) < 1e-9, t
assert r["jumps"] == 0' "$tmp/s.json" || fail "per-species occupancy"
# the same from a structure: a CIF with partial occupancies (S 0.75 + Cl 0.25 at
# the corner, Cl 0.5 + Br 0.5 at the centre): entropies 0.5623 and ln 2 k_B
cat >"$tmp/mixed.cif" <<'CIF'
data_mixed
_cell_length_a 4
_cell_length_b 4
_cell_length_c 4
_cell_angle_alpha 90
_cell_angle_beta 90
_cell_angle_gamma 90
loop_
_symmetry_equiv_pos_as_xyz
'x, y, z'
loop_
_atom_site_label
_atom_site_type_symbol
_atom_site_fract_x
_atom_site_fract_y
_atom_site_fract_z
_atom_site_occupancy
S1 S 0 0 0 0.75
Cl1 Cl 0 0 0 0.25
Cl2 Cl 0.5 0.5 0.5 0.5
Br2 Br 0.5 0.5 0.5 0.5
Li1 Li 0.5 0 0 1
CIF
"$HAVEN" sites "$tmp/mixed.cif" --mixing S,Cl,Br --from-structure --json >"$tmp/c.json" \
    2>"$tmp/err" || fail "structure mixing: $(cat "$tmp/err")"
python3 - "$tmp/c.json" <<'PY' || fail "structure mixing values"
import json, math, sys
m = json.load(open(sys.argv[1]))
assert m["from"] == "structure" and len(m["types"]) == 2, m
by = {round(t["fraction"]["S"], 6): t for t in m["types"]}
a, b = by[0.75], by[0.0]
assert a["sites"] == 1 and abs(a["fraction"]["Cl"] - 0.25) < 1e-9 and a["fraction"]["vacant"] < 1e-9
assert abs(a["mixing_entropy_kB_per_site"] + 0.75 * math.log(0.75) + 0.25 * math.log(0.25)) < 1e-9
assert abs(b["fraction"]["Br"] - 0.5) < 1e-9 and abs(b["mixing_entropy_kB_per_site"] - math.log(2)) < 1e-9
PY
"$HAVEN" sites "$tmp/mixed.cif" --from-structure >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "needs --mixing" "$tmp/err" || fail "from-structure without mixing"
"$HAVEN" sites "$tmp/t.xyz" --mixing S,Cl >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "needs --sites" "$tmp/err" || fail "mixing without sites"
echo "sites_mixing: ok"
