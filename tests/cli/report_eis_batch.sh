#!/bin/bash
# --plot and --report on `haven eis batch`: the Arrhenius figure of
# sigma_bulk, sigma_gb and sigma_total by its features and words (the E_a of
# each in its legend, recovered from exact spectra), stdout unchanged by
# them, each spectrum's fit drawn, and the report in headless Chromium with the conductivity and
# activation-energy tables, the missing E_a said in words, the methods and
# the provenance.
# usage: report_eis_batch.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$1
PNGCHECK=$(dirname "$HAVEN")/tests/pngcheck
source "$(dirname "$0")/../support/browser_check.bash"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# Exact spectra R0 + R_b||C_b + R_gb||C_gb, R = R(300 K) exp(Ea/k (1/T - 1/300)) with
# Ea = 0.3 eV (bulk, C = 5 pF) and 0.5 eV (grain boundary, C = 2 nF) at l/A = 1 cm^-1.
for T in 300 350 400 450; do
    awk -v T=$T 'BEGIN{k=8.617333262e-5; R=1e5*exp(0.3/k*(1/T-1/300)); G=3e5*exp(0.5/k*(1/T-1/300));
      for(i=0;i<60;i++){f=10^(i/59*9-2); w=2*3.141592653589793*f; t=w*R*5e-12; u=w*G*2e-9;
      printf "%.12g,%.12g,%.12g\n", f, 5+R/(1+t*t)+G/(1+u*u), -R*t/(1+t*t)-G*u/(1+u*u)}}' \
        > "$TMP/s$T.csv"
done
files=("$TMP"/s300.csv "$TMP"/s350.csv "$TMP"/s400.csv "$TMP"/s450.csv)
batch=(eis batch "${files[@]}" --circuit 'R0-p(R1,C1)-p(R2,C2)' --temperatures 300,350,400,450
       --thickness 1 --area 1 --arrhenius-power 0)

"$HAVEN" "${batch[@]}" --json > "$TMP/a.json" 2>/dev/null || bad "eis batch"
"$HAVEN" "${batch[@]}" --json --plot "$TMP/b" --plot-format svg > "$TMP/b.json" 2>/dev/null \
    || bad "eis batch --plot"
cmp -s "$TMP/a.json" "$TMP/b.json" || bad "figures changed the JSON of eis batch"
svg="$TMP/b-arrhenius.svg"
# Exact data: E_a to the three digits of the legend (0.3 and 0.5 eV).
for label in "conductivity" "1000/T (K⁻¹)" "σ (mS/cm)" "σ bulk: Ea = 0.3 ±" \
             "σ grain boundary: Ea = 0.5 ±" "σ total: Ea = " "95% intervals"; do
    grep -qF "$label" "$svg" || bad "batch figure lacks '$label'"
done
# Each spectrum's fit, numbered in file order.
for k in 1 2 3 4; do
    for label in "Nyquist" "Bode: modulus" "fit residuals" "fitted with R0-p(R1,C1)-p(R2,C2)"; do
        grep -qF "$label" "$TMP/b-nyquist-$k.svg" || bad "spectrum $k figure lacks '$label'"
    done
done
grep -qF "s400.csv (400.00 K)" "$TMP/b-nyquist-3.svg" || bad "spectrum 3 is not s400.csv at 400 K"
"$HAVEN" "${batch[@]}" --plot "$TMP/b" > /dev/null 2>&1 || bad "eis batch --plot png"
"$PNGCHECK" "$TMP/b-arrhenius.png" > /dev/null || bad "batch PNG"
# --units moves the axis and the JSON together.
"$HAVEN" --units S/cm "${batch[@]}" --plot "$TMP/c" --plot-format svg > /dev/null 2>&1 \
    || bad "eis batch --units S/cm --plot"
grep -qF "σ (S/cm)" "$TMP/c-arrhenius.svg" || bad "--units S/cm did not reach the figure axis"

# One arc only: sigma_gb has no E_a, which the report says in words.
"$HAVEN" eis batch "${files[@]:0:3}" --circuit 'R0-p(R1,C1)-p(R2,C2)' --temperatures 300,350,400 \
    --thickness 1 --area 1 --assign R1=bulk,R2=electrode --report "$TMP/batch.html" \
    > /dev/null 2>&1 || bad "eis batch --report"
if command -v chromium > /dev/null; then
    browser_check "$TMP/batch.html" "$TMP/batch.png" "$PNGCHECK" || bad "batch report did not render"
    for h in "Results" "Spectra" "Conductivities" "Activation energies" "Ea of σ bulk" \
             "No activation energy for σ grain boundary" "Arrhenius fit" "Irvine" "Methods" \
             "Provenance" "mS/cm" "s350.csv (350.00 K) fitted with"; do
        grep -qF "$h" "$TMP/batch.png.dom" || bad "batch report lacks '$h'"
    done
    for f in "${files[@]:0:3}"; do
        grep -q "$(sha256sum "$f" | cut -d' ' -f1)" "$TMP/batch.png.dom" \
            || bad "batch report lacks the SHA-256 of $f"
    done
    grep -q "<svg" "$TMP/batch.png.dom" || bad "batch report has no inline figure"
else
    bad "chromium is not installed (scripts/install-deps.sh installs it)"
fi
[ $fail -eq 0 ] && echo "report_eis_batch: ok"
exit $fail
