#!/bin/bash
# The figure layer end to end: figure_demo draws stress-case figures through
# the plot plugin in every format; the files are checked by their features
# (decodes, size, not blank; SVG carries its labels; PDF is complete), and a
# missing plugin is a clear error that writes nothing.
set -u
demo=$1 pngcheck=$2 plugin_dir=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

HAVEN_PLUGIN_DIR=$plugin_dir "$demo" "$tmp/a" png || fail "png render"
"$pngcheck" "$tmp/a-msd.png" 2100 787 || fail "msd png"
"$pngcheck" "$tmp/a-nyquist.png" 2100 1575 || fail "nyquist png (3 panels in 2 columns)"
# a map: its area drawn in a colour scale (the same area of the MSD figure,
# lines on white, has a handful of colours), and its colour bar
"$pngcheck" "$tmp/a-map.png" 2100 787 300 150 700 600 90 || fail "map png: no colour scale"
"$pngcheck" "$tmp/a-map.png" 2100 787 875 150 900 600 90 || fail "map png: no colour bar"
"$pngcheck" "$tmp/a-msd.png" 2100 787 300 150 700 600 90 && fail "pngcheck: region check cannot fail"

HAVEN_PLUGIN_DIR=$plugin_dir "$demo" "$tmp/a" svg || fail "svg render"
for label in "t (ps)" "MSD (Å²)" "d ln MSD / d ln t" "fit window" "95% band" "−Z″ (Ω)" \
             "ballistic end #1" "ΔF (eV)" "x categories: 24g, 48h, 4a" "y categories: 24g"; do
    grep -qF "$label" "$tmp/a-msd.svg" "$tmp/a-nyquist.svg" "$tmp/a-map.svg" ||
        fail "SVG lacks the label '$label'"
done
grep -q "<path" "$tmp/a-msd.svg" || fail "SVG has no drawing"
head -c 200 "$tmp/a-msd.svg" | grep -q "<svg\|<?xml" || fail "not an SVG"

HAVEN_PLUGIN_DIR=$plugin_dir "$demo" "$tmp/a" pdf || fail "pdf render"
head -c 5 "$tmp/a-msd.pdf" | grep -q "%PDF-" || fail "not a PDF"
tail -c 8 "$tmp/a-msd.pdf" | grep -q "%%EOF" || fail "PDF incomplete"

# No plugin: an error naming it, and no file. (A copy of the program outside
# the build tree: programs inside it also look in the build folder.)
cp "$demo" "$tmp/demo"
out=$(HAVEN_PLUGIN_DIR=$tmp/none "$tmp/demo" "$tmp/b" png 2>&1) && fail "missing plugin accepted"
echo "$out" | grep -q "haven-plot.so" || fail "error does not name the plugin: $out"
ls "$tmp"/b-* >/dev/null 2>&1 && fail "a file was written without the plugin"
echo "figures: ok"
