#!/bin/bash
# haven fit bruce-vincent --current: t+ from a synthetic polarisation trace
# against the formula on the reported Iss and I0, the truth inside the Iss
# interval, --I0 overriding the first point, the scalar form unchanged, the
# figure by its features (bad traces: tests/cli/fit_bad_input.sh).
# usage: fit_bruce_vincent.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$1
PNGCHECK=$(dirname "$HAVEN")/tests/pngcheck
source "$(dirname "$0")/../support/browser_check.bash"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
PY=/usr/bin/python3
[ -x $PY ] || PY=python3

# I = 11 uA + 9 uA exp(-t/300 s), 2 s .. 4 h, Gaussian noise 0.1 uA (Box-Muller, fixed seed).
awk 'BEGIN {srand(5); print "# potentiostatic polarisation, t (s), I (A)";
     for (i = 0; i < 200; i++) {t = 2 + 14400 * i / 199; u = rand(); v = rand();
     n = sqrt(-2 * log(1 - u)) * cos(6.283185307179586 * v);
     printf "%g, %.10g\n", t, 1.1e-5 + 0.9e-5 * exp(-t / 300) + 1e-7 * n}}' > "$TMP/trace.dat"
args=(fit bruce-vincent --current "$TMP/trace.dat" --dV 0.01 --R0 210 --Rss 260)

"$HAVEN" "${args[@]}" --json > "$TMP/a.json" || bad "trace fit exited $?"
$PY - "$TMP/a.json" "$TMP/trace.dat" <<'EOF' || bad "trace results"
import json, sys
d = json.load(open(sys.argv[1]))["derived"]
first = [l for l in open(sys.argv[2]) if not l.startswith("#")][0]
I0, Iss, tp = d["I0"]["value"], d["Iss"]["value"], d["t_plus"]["value"]
assert d["I0_source"] == "first point" and I0 == float(first.split(",")[1]), d["I0"]
lo, hi = d["Iss"]["ci95"]
assert lo <= 1.1e-5 <= hi, ("Iss interval misses the truth", lo, hi)
want = Iss * (0.01 - I0 * 210) / (I0 * (0.01 - Iss * 260))
assert abs(tp / want - 1) < 1e-8, (tp, want)  # 10 printed digits
assert d["n_exponentials"] == 1 and d["I0"]["unit"] == "A"
print("trace: t+ = %.4f, Iss = %.4g A in [%.4g, %.4g]" % (tp, Iss, lo, hi))
EOF

# --I0 overrides the first point; t+ follows the formula with it.
"$HAVEN" "${args[@]}" --I0 2.5e-5:1e-7 --json > "$TMP/b.json" || bad "--I0 run exited $?"
$PY - "$TMP/b.json" <<'EOF' || bad "--I0 results"
import json, sys
d = json.load(open(sys.argv[1]))["derived"]
assert d["I0_source"] == "given" and d["I0"]["value"] == 2.5e-5 and d["I0"]["stderr"] == 1e-7
Iss = d["Iss"]["value"]
want = Iss * (0.01 - 2.5e-5 * 210) / (2.5e-5 * (0.01 - Iss * 260))
assert abs(d["t_plus"]["value"] / want - 1) < 1e-8
EOF

# The scalar form is unchanged.
out=$("$HAVEN" fit bruce-vincent --dV 0.01 --I0 2e-5 --Iss 1.1e-5 --R0 210 --Rss 260 --json) \
    || bad "scalar form exited $?"
echo "$out" | grep -q '"value": 0.4467' || bad "scalar form t+ changed: $out"

# Figures: PNG decodes at the expected size; SVG holds the labels and markers.
"$HAVEN" "${args[@]}" --plot "$TMP/p" > /dev/null 2>&1 || bad "--plot exited $?"
if [ -x "$PNGCHECK" ]; then
    "$PNGCHECK" "$TMP/p-fit.png" 2100 787 > /dev/null || bad "bruce-vincent PNG"
fi
"$HAVEN" "${args[@]}" --plot "$TMP/p" --plot-format svg > /dev/null 2>&1 || bad "--plot svg"
for label in "t (h)" "current I (µA)" "residuals" "95% band of the fit" "steady state Iss" \
    "I0 (first point)"; do
    grep -qF "$label" "$TMP/p-fit.svg" || bad "SVG lacks '$label'"
done
"$HAVEN" "${args[@]}" --json --plot "$TMP/q" > "$TMP/c.json" 2> /dev/null || bad "--json --plot"
cmp -s "$TMP/a.json" "$TMP/c.json" || bad "figures changed the JSON output"
# A milliampere trace is drawn in mA.
awk '{if ($0 ~ /^#/) print; else {split($0, f, ", "); printf "%s, %.10g\n", f[1], f[2] * 1000}}' \
    "$TMP/trace.dat" > "$TMP/ma.dat"
"$HAVEN" fit bruce-vincent --current "$TMP/ma.dat" --dV 10 --R0 0.21 --Rss 0.26 --plot "$TMP/m" \
    --plot-format svg > /dev/null 2>&1 || bad "mA trace exited $?"
grep -qF "current I (mA)" "$TMP/m-fit.svg" || bad "mA trace not drawn in mA"

# The report renders in a browser with the t+ table, the figure and the method.
"$HAVEN" "${args[@]}" --report "$TMP/r.html" > /dev/null 2>&1 || bad "--report exited $?"
if command -v chromium > /dev/null && [ -x "$PNGCHECK" ]; then
    browser_check "$TMP/r.html" "$TMP/shot.png" "$PNGCHECK" || bad "report did not render cleanly"
    for h in "Results" "Bruce–Vincent transference number" "I0 (first point)" "Methods" \
        "Polymer 28, 2324" "Provenance"; do
        grep -qF "$h" "$TMP/shot.png.dom" || bad "report lacks '$h'"
    done
    [ "$(grep -o "<svg" "$TMP/shot.png.dom" | wc -l)" -ge 1 ] || bad "report has no figure"
else
    bad "chromium or pngcheck missing (scripts/install-deps.sh installs chromium)"
fi

[ $fail -eq 0 ] && echo "fit_bruce_vincent: ok"
exit $fail
