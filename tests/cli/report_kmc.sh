#!/bin/bash
# --plot and --report on `haven kmc`: the figures by their features (PNG
# size and ink, SVG axis labels), the same stdout with and without them, the
# HTML report opened in headless Chromium (renders, no console errors, the
# expected sections, figures and provenance), a finite-size sweep's figure,
# and the failure cases.
# usage: report_kmc.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$1
PNGCHECK=$(dirname "$HAVEN")/tests/pngcheck
source "$(dirname "$0")/../support/browser_check.bash"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
# Three temperatures (Arrhenius fits) with site disorder (occupation figure).
args=(kmc --lattice sc --cells 4 --occupancy 0.6 --disorder gaussian:0.05 --T 400:600:100
      --hops 20000 --replicas 3 --seed 2)

"$HAVEN" "${args[@]}" --plot "$TMP/p" > /dev/null 2> "$TMP/err" || bad "--plot png exited $?"
"$PNGCHECK" "$TMP/p-kmc.png" 2100 1575 > /dev/null || bad "kmc PNG (4 panels)"
"$PNGCHECK" "$TMP/p-occupation.png" 1050 787 > /dev/null || bad "occupation PNG"
grep -q "figure $TMP/p-kmc.png" "$TMP/err" || bad "the written figure is not named on stderr"
"$HAVEN" "${args[@]}" --plot "$TMP/p" --plot-format svg > /dev/null 2>&1 || bad "--plot svg"
for label in "1000/T (K⁻¹)" "D* (cm²/s)" "σT (mS/cm K)" "D_σ (cm²/s)" "f, H_R" "T (K)" \
    "Arrhenius, Ea = " "D*(Li), 95% interval" "H_R = D*/D_σ"; do
    grep -qF "$label" "$TMP/p-kmc.svg" || bad "SVG lacks '$label'"
done
for label in "site energy E (eV)" "occupancy" "Fermi, 400 K" "600 K"; do
    grep -qF "$label" "$TMP/p-occupation.svg" || bad "occupation SVG lacks '$label'"
done

# The same numbers on stdout with and without figures (but for the speed).
"$HAVEN" "${args[@]}" --json 2>/dev/null | grep -v per_second > "$TMP/a.json" || bad "plain run"
"$HAVEN" "${args[@]}" --json --plot "$TMP/q" --report "$TMP/r.html" 2>/dev/null |
    grep -v per_second > "$TMP/b.json" || bad "--report run"
cmp -s "$TMP/a.json" "$TMP/b.json" || bad "figures changed the JSON output"

if command -v chromium > /dev/null; then
    browser_check "$TMP/r.html" "$TMP/shot.png" "$PNGCHECK" || bad "report did not render cleanly"
    for h in "Setting" "Results" "T = 500 K" "Activation energies" "E_a of σT" "Methods" \
        "Bortz" "Provenance" "--disorder gaussian:0.05"; do
        grep -qF -- "$h" "$TMP/shot.png.dom" || bad "report lacks '$h'"
    done
    [ "$(grep -o "<svg" "$TMP/shot.png.dom" | wc -l)" -ge 2 ] || bad "report lacks its two figures"
    grep -Eq '(src|href)="http' "$TMP/r.html" && bad "report fetches from the network"
else
    echo "FAIL: chromium is not installed (scripts/install-deps.sh installs it)"
    fail=1
fi

# A finite-size sweep: quantities against 1/sites with the extrapolation.
# (seed 1: f from consecutive jumps at 27 and 64 sites is shifted beyond its
# error, which the report must say as the terminal does)
"$HAVEN" kmc --lattice sc --cells 3,4,5 --T 500 --hops 20000 --replicas 3 --plot "$TMP/s" \
    --plot-format svg --report "$TMP/s.html" > /dev/null 2> "$TMP/s.err" || bad "size sweep --plot"
grep -q "at cells 3 (27 sites) is shifted" "$TMP/s.err" || bad "no size-shift warning on stderr"
grep -q "Cells 3 (27 sites): correlation_factor_cos is shifted" "$TMP/s.html" ||
    bad "the report lacks the size-shift warning"
for label in "1/sites" "y_inf + a/sites" "infinite cell, 95% interval" "tracer D* of Li" \
    "collective D_σ"; do
    grep -qF "$label" "$TMP/s-kmc-sizes.svg" || bad "size SVG lacks '$label'"
done

# Failures: a bad format is a usage error; an unwritable report fails and names it.
"$HAVEN" "${args[@]}" --plot "$TMP/x" --plot-format gif > /dev/null 2> "$TMP/err"
[ $? -eq 2 ] || bad "--plot-format gif should be a usage error"
"$HAVEN" "${args[@]}" --report "$TMP/no/such/dir/r.html" > /dev/null 2> "$TMP/err" &&
    bad "unwritable report accepted"
grep -q "no/such/dir" "$TMP/err" || bad "unwritable report: error does not name the file"

[ $fail -eq 0 ] && echo "report_kmc: ok"
exit $fail
