#!/bin/bash
# --plot and --report on `haven eis fit|linkk|drt`: the figures by their
# features and words, stdout unchanged by them, the report in headless
# Chromium. Data: impedance.py's exampleData and the dummy cell Circuit1
# (../shared/data/eis).
# usage: report_eis.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$1 SHARED=$3
PNGCHECK=$(dirname "$HAVEN")/tests/pngcheck
source "$(dirname "$0")/../support/browser_check.bash"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
ex="$SHARED/eis/exampleData.csv" c1="$SHARED/eis/Circuit1_EIS_1.z"
[ -f "$ex" ] && [ -f "$c1" ] || { echo "no $ex or $c1: skipped"; exit 77; }
fit=(eis fit "$ex" --circuit 'R0-p(R1,CPE1)-p(R2,CPE2)' --drop-inductive)

"$HAVEN" "${fit[@]}" --json > "$TMP/a.json" 2>/dev/null || bad "eis fit"
"$HAVEN" "${fit[@]}" --json --plot "$TMP/f" --plot-format svg --report "$TMP/fit.html" \
    > "$TMP/b.json" 2>/dev/null || bad "eis fit --plot/--report"
cmp -s "$TMP/a.json" "$TMP/b.json" || bad "figures changed the JSON of eis fit"
for label in "Nyquist" "Z′ (mΩ)" "−Z″ (mΩ)" "Bode: modulus" "−phase (°)" "fit residuals" "Hz"; do
    grep -qF "$label" "$TMP/f-nyquist.svg" || bad "fit figure lacks '$label'"
done

"$HAVEN" eis linkk "$c1" --plot "$TMP/k" > /dev/null 2>&1 || bad "eis linkk --plot"
"$PNGCHECK" "$TMP/k-linkk.png" 2100 787 > /dev/null || bad "Lin-KK PNG"
"$HAVEN" eis linkk "$c1" --plot "$TMP/k" --plot-format svg > /dev/null 2>&1 || bad "eis linkk svg"
for label in "Lin-KK residuals" "choice of M" "threshold" "chosen M" "consistent with Kramers"; do
    grep -qF "$label" "$TMP/k-linkk.svg" || bad "Lin-KK figure lacks '$label'"
done

"$HAVEN" eis drt "$ex" --plot "$TMP/d" --plot-format svg --report "$TMP/drt.html" > /dev/null 2>&1 \
    || bad "eis drt --plot"
for label in "distribution of relaxation times" "τ (s)" "γ (Ω)" "measured window" "L-curve" \
             "GCV" "(used)" "extrapolated"; do
    grep -qF "$label" "$TMP/d-drt.svg" "$TMP/drt.html" || bad "DRT figure/report lacks '$label'"
done

if command -v chromium > /dev/null; then
    browser_check "$TMP/fit.html" "$TMP/fit.png" "$PNGCHECK" || bad "fit report did not render"
    for h in "Results" "Parameters of R0-p(R1,CPE1)-p(R2,CPE2)" "Lin-KK" "Methods" "Provenance"; do
        grep -q "$h" "$TMP/fit.png.dom" || bad "fit report lacks '$h'"
    done
    grep -q "$(sha256sum "$ex" | cut -d' ' -f1)" "$TMP/fit.png.dom" || bad "fit report lacks the SHA-256"
    browser_check "$TMP/drt.html" "$TMP/drt.png" "$PNGCHECK" || bad "DRT report did not render"
    grep -q "Peaks (increasing" "$TMP/drt.png.dom" || bad "DRT report lacks its peak table"
else
    bad "chromium is not installed (scripts/install-deps.sh installs it)"
fi
[ $fail -eq 0 ] && echo "report_eis: ok"
exit $fail
