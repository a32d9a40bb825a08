#!/bin/bash
# --plot and --report on `haven fit`: figure files by their features, the
# HTML report opened in headless Chromium (renders, no console errors, the
# expected sections, figures and provenance), and the failure cases.
# usage: report_fit.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$1
PNGCHECK=$(dirname "$HAVEN")/tests/pngcheck
source "$(dirname "$0")/../support/browser_check.bash"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# PFG decay, 7Li, D = 2e-10 m^2/s, 1% errors, 2% scatter.
awk 'BEGIN {srand(3); gam = 2 * 3.14159265358979 * 0.38863797 * 42.57638474e6;
     for (i = 0; i < 16; i++) {g = 300 * i / 15; b = (gam * g * 0.01 * 2e-3) ^ 2 * (0.05 - 0.002 / 3);
     s = exp(-2e-10 * b); printf "%g %.12g %.6g\n", g, s * (1 + 0.02 * (rand() - 0.5)), 0.01 * s}}' > "$TMP/pfg.dat"
args=(fit pfg "$TMP/pfg.dat" --nucleus 7Li --delta 2 --Delta 50 --gauss-cm)

# Figures in each format.
"$HAVEN" "${args[@]}" --plot "$TMP/p" > /dev/null 2> "$TMP/err" || bad "--plot png exited $?"
"$PNGCHECK" "$TMP/p-fit.png" 2100 787 > /dev/null || bad "fit PNG"
grep -q "figure $TMP/p-fit.png" "$TMP/err" || bad "the written figure is not named on stderr"
"$HAVEN" "${args[@]}" --plot "$TMP/p" --plot-format svg > /dev/null 2>&1 || bad "--plot svg"
for label in "b (10⁹ s m⁻²)" "signal S" "residuals" "95% band of the fit" "data ± 1 s.e."; do
    grep -qF "$label" "$TMP/p-fit.svg" || bad "SVG lacks '$label'"
done
"$HAVEN" "${args[@]}" --plot "$TMP/p" --plot-format pdf > /dev/null 2>&1 || bad "--plot pdf"
head -c 5 "$TMP/p-fit.pdf" | grep -q "%PDF-" || bad "not a PDF"

# The same numbers on stdout with and without figures.
"$HAVEN" "${args[@]}" --json > "$TMP/a.json" || bad "plain run"
"$HAVEN" "${args[@]}" --json --plot "$TMP/q" --report "$TMP/r.html" > "$TMP/b.json" 2>/dev/null \
    || bad "--report exited $?"
cmp -s "$TMP/a.json" "$TMP/b.json" || bad "figures changed the JSON output"

# The report in a browser.
if command -v chromium > /dev/null; then
    browser_check "$TMP/r.html" "$TMP/shot.png" "$PNGCHECK" || bad "report did not render cleanly"
    for h in "Results" "Methods" "Provenance" "Input files" "No warnings"; do
        grep -q "$h" "$TMP/shot.png.dom" || bad "report lacks '$h'"
    done
    [ "$(grep -o "<svg" "$TMP/shot.png.dom" | wc -l)" -ge 1 ] || bad "report has no figure"
    sum=$(sha256sum "$TMP/pfg.dat" | cut -d' ' -f1)
    grep -q "$sum" "$TMP/shot.png.dom" || bad "report lacks the input's SHA-256"
    grep -q "\-\-nucleus 7Li" "$TMP/shot.png.dom" || bad "report lacks the command line"
    grep -q "http" "$TMP/r.html" && grep -Eq '(src|href)="http' "$TMP/r.html" && bad "report fetches from the network"
    # The check itself catches a page with a console error.
    printf '<!DOCTYPE html><html><body><h1>x</h1><script>undefined_fn();</script></body></html>' > "$TMP/bad.html"
    browser_check "$TMP/bad.html" "$TMP/bad.png" "$PNGCHECK" > /dev/null && bad "console error not detected"
else
    echo "FAIL: chromium is not installed (scripts/install-deps.sh installs it)"
    fail=1
fi

# Failures: a bad format is a usage error; an unwritable report leaves nothing.
"$HAVEN" "${args[@]}" --plot "$TMP/x" --plot-format gif > /dev/null 2> "$TMP/err"
[ $? -eq 2 ] || bad "--plot-format gif should be a usage error"
grep -q "png, svg or pdf" "$TMP/err" || bad "format error does not say what is expected"
"$HAVEN" "${args[@]}" --report "$TMP/no/such/dir/r.html" > /dev/null 2> "$TMP/err" && bad "unwritable report accepted"
grep -q "no/such/dir" "$TMP/err" || bad "unwritable report: error does not name the file"
ls "$TMP"/x-* > /dev/null 2>&1 && bad "figures written by a failed command"

[ $fail -eq 0 ] && echo "report_fit: ok"
exit $fail
