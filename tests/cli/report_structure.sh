#!/bin/bash
# --plot and --report on the structure commands (density, sites, rotation,
# vanhove): the figures by their features (size, not blank; the density
# maps filled with a colour scale), each report opened in headless Chromium
# (renders, no console errors, its sections, a figure, the same numbers as
# the JSON, the input's SHA-256).
# usage: report_structure.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$1
SHARED=$3
PNGCHECK=$(dirname "$HAVEN")/tests/pngcheck
source "$(dirname "$0")/../support/browser_check.bash"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
command -v python3 > /dev/null || { echo "python3 not found: skipped"; exit 0; }
command -v chromium > /dev/null || { echo "FAIL: chromium is not installed (scripts/install-deps.sh)"; exit 1; }

# The rendered report holds its sections, a figure, the input's SHA-256 and
# each of the given texts.
report_ok() {
    local html=$1 input=$2 name=$3
    shift 3
    browser_check "$html" "$TMP/$name.png" "$PNGCHECK" || { bad "$name report did not render"; return; }
    local dom=$TMP/$name.png.dom
    for h in "Results" "Methods" "Provenance" "Input files" "$@"; do
        grep -qF "$h" "$dom" || bad "$name report lacks '$h'"
    done
    grep -q "<svg" "$dom" || bad "$name report has no figure"
    grep -q "$(sha256sum "$input" | cut -d' ' -f1)" "$dom" || bad "$name report lacks the SHA-256"
}

# sites: a KMC trajectory on two site types (as tests/cli/sites_kmc.sh)
printf 'two site types\n1.0\n4 0 0\n0 4 0\n0 0 4\nLi\n4\nDirect\n0 0 0\n.5 0 0\n0 .5 0\n0 0 .5\n' \
    > "$TMP/perov.vasp"
for c in 1 2 3 4 5 6 7 8; do echo "0 0.05 0.05 0.05"; done > "$TMP/E.txt"
"$HAVEN" kmc --structure "$TMP/perov.vasp" --cutoff 2.1 --cells 2 --occupancy 0.3125 \
    --disorder "file:$TMP/E.txt" --hops 3000 --replicas 1 --seed 5 --T 300 \
    --trajectory "$TMP/t.xyz" --traj-dt 1e5 > /dev/null 2>&1 || bad "kmc"
sargs=(sites "$TMP/t.xyz" --species Li --sites "$TMP/perov.vasp" --temperature 300 --drift none)
# one thread: the MSD's OpenMP reduction order moves last digits between runs
export OMP_NUM_THREADS=1
"$HAVEN" "${sargs[@]}" --json > "$TMP/s.json" 2>/dev/null || bad "sites"
"$HAVEN" "${sargs[@]}" --plot "$TMP/p" --report "$TMP/s.html" > "$TMP/s.txt" 2>/dev/null ||
    bad "sites --plot"
"$HAVEN" "${sargs[@]}" > "$TMP/s0.txt" 2>/dev/null
cmp -s "$TMP/s.txt" "$TMP/s0.txt" || bad "sites: --plot changed the table"
"$PNGCHECK" "$TMP/p-sites.png" 2100 1575 > /dev/null || bad "sites PNG"
jr=$(python3 -c 'import json,sys; j=json.load(open(sys.argv[1]))["jump_rate"]; print("%.4g" % j["value"])' \
    "$TMP/s.json")
report_ok "$TMP/s.html" "$TMP/t.xyz" sites "jump rate per ion" "$jr" "de Klerk"

# rotation: rigid groups that do not turn (C_l stays 1: not fitted, warned)
python3 - "$TMP/rot.xyz" <<'PY'
import sys
out = open(sys.argv[1], "w")
for f in range(200):
    out.write("6\nLattice=\"10 0 0 0 10 0 0 0 10\" Properties=species:S:1:pos:R:3 Time=%d\n" % (10 * f))
    out.write("P 5 5 5\nS 6.2 6.2 6.2\nS 6.2 3.8 3.8\nS 3.8 6.2 3.8\nS 3.8 3.8 6.2\n")
    out.write("Li %.4f 1 1\n" % (1 + 0.001 * f))
PY
"$HAVEN" rotation "$TMP/rot.xyz" --centre P --ligand S --cutoff 2.5 --plot "$TMP/p" \
    --report "$TMP/r.html" > /dev/null 2>&1 || bad "rotation --plot"
"$PNGCHECK" "$TMP/p-rotation.png" 1050 787 > /dev/null || bad "rotation PNG"
report_ok "$TMP/r.html" "$TMP/rot.xyz" rotation "C_1 was not fitted" "Kivelson"

lgps=$SHARED/lgps_600K/XDATCAR
if [ -f "$lgps" ]; then
    dargs=(density "$lgps" --species Li --spacing 0.4 --smooth 0.4 --temperature 600)
    "$HAVEN" "${dargs[@]}" --json > "$TMP/d.json" 2>/dev/null || bad "density"
    "$HAVEN" "${dargs[@]}" --json --plot "$TMP/p" --report "$TMP/d.html" > "$TMP/d2.json" \
        2>/dev/null || bad "density --plot"
    cmp -s "$TMP/d.json" "$TMP/d2.json" || bad "density: --plot changed the JSON"
    # the first map's area (LGPS is visited almost everywhere) and its colour bar
    "$PNGCHECK" "$TMP/p-density.png" 2100 1575 300 150 700 600 90 > /dev/null ||
        bad "density map not drawn in a colour scale"
    "$PNGCHECK" "$TMP/p-density.png" 2100 1575 875 150 900 600 90 > /dev/null ||
        bad "density map has no colour bar"
    b=$(python3 -c 'import json,sys; print("%.4g" % json.load(open(sys.argv[1]))["percolation"][2]["barrier"]["value"])' \
        "$TMP/d.json")
    report_ok "$TMP/d.html" "$lgps" density "network connected in 3 directions" "$b" \
        "No sampling errors"
    "$HAVEN" vanhove "$lgps" --species Li --timestep 2 --stride 10 --q 1,2 --plot "$TMP/p" \
        --plot-format pdf --report "$TMP/v.html" > /dev/null 2>&1 || bad "vanhove --plot"
    head -c 5 "$TMP/p-vanhove.pdf" | grep -q "%PDF-" || bad "vanhove PDF"
    report_ok "$TMP/v.html" "$lgps" vanhove "F_s at Q = 1 Å⁻¹ was not fitted" "Van Hove"
else
    echo "shared LGPS data absent: density and vanhove reports skipped"
fi
[ $fail -eq 0 ] && echo "report_structure: ok"
exit $fail
