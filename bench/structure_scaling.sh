#!/usr/bin/env bash
# Scaling of haven sites (cell-list site search, frames streamed) with the
# number of atoms, against reading the same file (haven density, which only
# histograms), in the same run. Vibrating simple cubic lattices of L^3 Li
# (a = 3 A, 0.1 A rms), 40 frames, extended XYZ.
# usage: bench/structure_scaling.sh HAVEN_BIN [L...]   (default L = 20 40)
set -eu
HAVEN=$1
shift
sizes=${*:-20 40}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'sc\n1.0\n3 0 0\n0 3 0\n0 0 3\nLi\n1\nDirect\n0 0 0\n' >"$tmp/ref.vasp"
for L in $sizes; do
    /usr/bin/python3 - "$tmp/t$L.xyz" "$L" <<'PY'
import sys
import numpy as np
L = int(sys.argv[2]); n = L ** 3
rng = np.random.default_rng(1)
g = np.indices((L, L, L)).reshape(3, -1).T * 3.0
with open(sys.argv[1], "w") as out:
    for f in range(40):
        x = g + rng.normal(0, 0.1, g.shape)
        out.write("%d\nLattice=\"%g 0 0 0 %g 0 0 0 %g\" Properties=species:S:1:pos:R:3 Time=%d\n"
                  % (n, 3 * L, 3 * L, 3 * L, 10 * f))
        np.savetxt(out, x, fmt="Li %.4f %.4f %.4f")
PY
    n=$((L * L * L))
    for rep in 1 2 3; do
        /usr/bin/time -o "$tmp/td" -f "%e %M" "$HAVEN" density "$tmp/t$L.xyz" --species Li \
            --spacing 1 >/dev/null 2>&1
        /usr/bin/time -o "$tmp/ts" -f "%e %M" "$HAVEN" sites "$tmp/t$L.xyz" --species Li \
            --sites "$tmp/ref.vasp" --no-msd >/dev/null 2>&1
        d=$(cat "$tmp/td") s=$(cat "$tmp/ts")
        echo "atoms $n run $rep: density (read + bin) ${d% *} s ${d#* } KB; sites ${s% *} s ${s#* } KB"
    done
done
