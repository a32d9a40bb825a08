#!/bin/bash
# One unit per quantity across commands, and the global --units: conductivity
# in mS/cm and D in cm^2/s by default in every command's JSON (eis fit, eis
# batch, analyze, fit hopping); with --units each value moves by the exact
# factor between the units (1 S/cm = 1000 mS/cm = 100 S/m, 1 cm^2/s = 1e-4
# m^2/s) and its "unit" says so; a bad unit is a usage error (exit 2).
# usage: units.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$1 SHARED=$3 EX=$4
source "$(dirname "$0")/../support/eis_series.bash"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
PY=/usr/bin/python3

# compare A B PATH UNIT_A UNIT_B FACTOR: the quantity at PATH (keys joined by
# '.') has value_B = value_A * FACTOR (relative 1e-9: the documents print 10
# significant digits) and the named units.
compare() {
    "$PY" - "$@" <<'PY' || bad "$3 in $2"
import json, sys
a, b, path, ua, ub, k = sys.argv[1:7]
def at(doc, path):
    for p in path.split("."):
        doc = doc[int(p)] if p.isdigit() else doc[p]
    return doc
x, y = at(json.load(open(a)), path), at(json.load(open(b)), path)
why = None
if (x["unit"], y["unit"]) != (ua, ub):
    why = "units %s, %s (expected %s, %s)" % (x["unit"], y["unit"], ua, ub)
else:
    for key in ("value", "stderr"):
        if abs(y[key] - x[key] * float(k)) > 1e-9 * abs(x[key] * float(k)):
            why = "%s %r vs %r x %s" % (key, y[key], x[key], k)
    for lo, hi in zip(x["ci95"], y["ci95"]):
        if abs(hi - lo * float(k)) > 1e-9 * abs(lo * float(k)):
            why = "ci95 %r vs %r x %s" % (hi, lo, k)
if why:
    sys.stderr.write(why + "\n")
    sys.exit(1)
PY
}

# eis fit: impedance.py's exampleData, two arcs named bulk and gb (skipped
# where ../shared/data is absent).
ex="$SHARED/eis/exampleData.csv"
if [ -f "$ex" ]; then
    fit=(eis fit "$ex" --circuit 'R0-p(R1,CPE1)-p(R2,CPE2)' --drop-inductive --thickness 0.1 --area 0.5
         --assign R1=bulk,R2=gb --json)
    "$HAVEN" "${fit[@]}" > "$TMP/f.json" 2>/dev/null || bad "eis fit"
    "$HAVEN" --units S/cm "${fit[@]}" > "$TMP/f_scm.json" 2>/dev/null || bad "eis fit --units S/cm"
    "$HAVEN" "${fit[@]}" --units=S/m > "$TMP/f_sm.json" 2>/dev/null || bad "eis fit --units=S/m (after)"
    compare "$TMP/f.json" "$TMP/f_scm.json" sigma_bulk mS/cm S/cm 1e-3
    compare "$TMP/f.json" "$TMP/f_sm.json" sigma_total mS/cm S/m 0.1
    # sigma_bulk = l / (R1 A) from the fitted R1, independent of the unit code: 0.1 cm / (R1 * 0.5 cm^2)
    "$PY" - "$TMP/f.json" <<'PY' || bad "eis fit sigma_bulk is not l/(R1 A) in mS/cm"
import json, sys
d = json.load(open(sys.argv[1]))
s = 1e3 * 0.1 / (d["parameters"]["R1"]["value"] * 0.5)
assert abs(d["sigma_bulk"]["value"] / s - 1) < 1e-9, (d["sigma_bulk"], s)
PY
else
    echo "no $ex: eis fit part skipped"
fi

# eis batch: three exact spectra, one arc (tests/support/eis_series.bash).
eis_rc_series "$TMP"
batch=(eis batch "$TMP/s300.csv" "$TMP/s350.csv" "$TMP/s400.csv" --circuit 'R0-p(R1,C1)'
       --temperatures 300,350,400 --thickness 1 --area 1 --arrhenius-power 0)
"$HAVEN" "${batch[@]}" --json > "$TMP/b.json" 2>/dev/null || bad "eis batch"
"$HAVEN" --units S/cm "${batch[@]}" --json > "$TMP/b_scm.json" 2>/dev/null || bad "eis batch --units S/cm"
compare "$TMP/b.json" "$TMP/b_scm.json" spectra.0.sigma_bulk mS/cm S/cm 1e-3
# R1(300 K) = 1e5 ohm at l/A = 1 cm^-1: sigma = 1e-5 S/cm = 1e-2 mS/cm (exact data, 1e-6)
"$PY" -c 'import json,sys; s=json.load(open(sys.argv[1]))["spectra"][0]["sigma_bulk"]["value"]; assert abs(s/1e-2-1)<1e-6, s' \
    "$TMP/b.json" || bad "eis batch sigma_bulk(300 K) is not 1e-2 mS/cm"
"$HAVEN" "${batch[@]}" > "$TMP/b.txt" 2>/dev/null
grep -q "conductivities in mS/cm" "$TMP/b.txt" || bad "eis batch table does not name mS/cm"

# analyze: sigma and D of a molten-LiCl run, S/m and m^2/s on request.
run=(analyze "$EX/molten_licl/licl_T900.dump.gz" --timestep 1 --charges Li=1,Cl=-1)
"$HAVEN" "${run[@]}" --json > "$TMP/a.json" 2>/dev/null || bad "analyze"
"$HAVEN" --units S/m,m2/s "${run[@]}" --json > "$TMP/a_si.json" 2>/dev/null || bad "analyze --units S/m,m2/s"
compare "$TMP/a.json" "$TMP/a_si.json" runs.0.sigma mS/cm S/m 0.1
compare "$TMP/a.json" "$TMP/a_si.json" runs.0.species.0.D cm^2/s m^2/s 1e-4
compare "$TMP/a.json" "$TMP/a_si.json" runs.0.D_sigma cm^2/s m^2/s 1e-4
"$HAVEN" --units S/m,m2/s "${run[@]}" 2> /dev/null | grep -q "sigma (Einstein-Helfand).*S/m" \
    || bad "analyze table not in S/m"

# fit hopping: sigma in S/m (SI parameters) and in the shown unit.
"$HAVEN" fit hopping --conc 1e22 --T 300 --a 3 --nu0 1e13 --dH 0.3 --json > "$TMP/h.json" || bad "fit hopping"
"$PY" - "$TMP/h.json" <<'PY' || bad "fit hopping: sigma_mS_per_cm is not 10 x sigma (S/m)"
import json, sys
p = json.load(open(sys.argv[1]))["parameters"]
assert p["sigma_mS_per_cm"]["unit"] == "mS/cm" and p["sigma"]["unit"] == "S/m", p
assert abs(p["sigma_mS_per_cm"]["value"] / (10 * p["sigma"]["value"]) - 1) < 1e-9, p
PY

# Bad units: usage errors naming the option.
for u in "furlong" "" "S/cm,"; do
    "$HAVEN" --units "$u" "${fit[@]}" > /dev/null 2> "$TMP/err"
    [ $? -eq 2 ] || bad "--units '$u' should exit 2"
    grep -q "^haven: --units" "$TMP/err" || bad "--units '$u': $(cat "$TMP/err")"
done
"$HAVEN" "${fit[@]}" --units > /dev/null 2>&1
[ $? -eq 2 ] || bad "--units without a value should exit 2"

[ $fail -eq 0 ] && echo "units: ok"
exit $fail
