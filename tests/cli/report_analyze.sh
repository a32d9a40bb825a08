#!/bin/bash
# --plot and --report on the trajectory jobs, on the shipped molten-LiCl runs:
# the figures of each run and of the temperature series (by their features
# and words), stdout unchanged by them, and the report rendered in headless
# Chromium with the same numbers as the JSON.
# usage: report_analyze.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$1 EX=$4
PNGCHECK=$(dirname "$HAVEN")/tests/pngcheck
source "$(dirname "$0")/../support/browser_check.bash"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
runs=("$EX"/molten_licl/licl_T*.dump.gz)
args=(analyze "${runs[@]}" --timestep 1 --charges Li=1,Cl=-1)

"$HAVEN" "${args[@]}" --json > "$TMP/plain.json" 2>/dev/null || bad "plain analyze"
"$HAVEN" "${args[@]}" --json --plot "$TMP/f" --plot-format svg --report "$TMP/r.html" \
    > "$TMP/fig.json" 2> "$TMP/err" || bad "analyze with --plot/--report exited $?"
cmp -s "$TMP/plain.json" "$TMP/fig.json" || bad "figures changed the JSON"

for k in 1 2 3 4; do
    for f in msd conductivity; do
        [ -s "$TMP/f-$f-run$k.svg" ] || bad "no $f figure for run $k"
    done
done
[ -s "$TMP/f-arrhenius.svg" ] || bad "no Arrhenius figure"
for label in "t (ps)" "MSD (Å²)" "d ln MSD / d ln t" "Li fit: D* =" "Cl fit: D* ="; do
    grep -qF "$label" "$TMP/f-msd-run1.svg" || bad "MSD figure lacks '$label'"
done
for label in "⟨|Σ qᵢ Δrᵢ|²⟩ (e² Å²)" "Einstein–Helfand fit" "principal values"; do
    grep -qF "$label" "$TMP/f-conductivity-run1.svg" || bad "conductivity figure lacks '$label'"
done
for label in "1000/T (K⁻¹)" "σT (mS/cm K)" "D*(Li)" "at 300 K (95% interval)"; do
    grep -qF "$label" "$TMP/f-arrhenius.svg" || bad "Arrhenius figure lacks '$label'"
done

# `haven arrhenius`: the points of the series as a table and as CSV, sorted by T.
mkdir "$TMP/csv"
"$HAVEN" arrhenius "${runs[@]}" --timestep 1 --charges Li=1,Cl=-1 --csv "$TMP/csv" > "$TMP/arr.txt" 2>/dev/null \
    || bad "arrhenius --csv"
grep -A5 "^temperatures:" "$TMP/arr.txt" | awk 'NR > 2 {print $1}' > "$TMP/Ts"
[ "$(wc -l < "$TMP/Ts")" -eq 4 ] && sort -n -c "$TMP/Ts" 2>/dev/null || bad "per-temperature table: $(cat "$TMP/Ts")"
[ "$(wc -l < "$TMP/csv/temperatures.csv")" -eq 5 ] || bad "temperatures.csv should hold 4 rows"
head -1 "$TMP/csv/temperatures.csv" | grep -q "^T_K,sigma_mS_per_cm,.*D_Li_cm2_per_s" || bad "temperatures.csv header"
grep -q "mS/cm K" "$TMP/arr.txt" || bad "prefactor not in mS/cm K"

# One run of `diffusion`: one MSD figure, named without a run number, as PNG.
"$HAVEN" diffusion "${runs[0]}" --timestep 1 --plot "$TMP/d" > /dev/null 2>&1 || bad "diffusion --plot"
"$PNGCHECK" "$TMP/d-msd.png" 2100 1575 > /dev/null || bad "diffusion MSD PNG"
ls "$TMP"/d-conductivity* > /dev/null 2>&1 && bad "diffusion drew a conductivity figure"

if command -v chromium > /dev/null; then
    browser_check "$TMP/r.html" "$TMP/shot.png" "$PNGCHECK" || bad "report did not render cleanly"
    dom="$TMP/shot.png.dom"
    for h in "Tracer diffusion coefficients" "Conductivity of licl_T1000.dump.gz" \
             "Temperature dependence" "Methods" "Provenance" "Warnings" "extrapolated"; do
        grep -q "$h" "$dom" || bad "report lacks '$h'"
    done
    [ "$(grep -o "<svg" "$dom" | wc -l)" -eq 9 ] || bad "report should hold 9 figures"
    for f in "${runs[@]}"; do
        grep -q "$(sha256sum "$f" | cut -d' ' -f1)" "$dom" || bad "report lacks the SHA-256 of $f"
    done
    # The same numbers as the JSON: D*(Li) of the first run, in cm^2/s to 4 digits.
    d=$(awk '/"D": [{]/ {f = 1} f && /"value"/ {gsub(/[",]/, "", $2); print $2; exit}' "$TMP/plain.json")
    want=$(awk -v d="$d" 'BEGIN {printf "%.4g", d}')
    grep -q ">$want<" "$dom" || bad "report's D* differs from the JSON's ($want)"
else
    bad "chromium is not installed (scripts/install-deps.sh installs it)"
fi
[ $fail -eq 0 ] && echo "report_analyze: ok"
exit $fail
