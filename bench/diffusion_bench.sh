#!/usr/bin/env bash
# Reproduces the figures of bench/README.md (diffusion section): generates
# the dumps in $DIR (default /tmp/hb, ~1.1 GB), then times `haven diffusion`,
# the phase-timed pipeline and the MDAnalysis peer with /usr/bin/time.
# Needs a build with -DHAVEN_BENCH=ON in $BUILD (default build-bench) and,
# for the peer, Debian's python3-mdanalysis. Never run as a test.
#
# usage: bash bench/diffusion_bench.sh [BUILD] [DIR] [--big-peer]
#   --big-peer also runs MDAnalysis on 1000 x 10000 (about 10 CPU minutes)
set -euo pipefail
BUILD=${1:-build-bench}
DIR=${2:-/tmp/hb}
BIG_PEER=${3:-}
HERE=$(cd "$(dirname "$0")" && pwd)
H=$(realpath "$BUILD")/haven
GEN=$(realpath "$BUILD")/bench_gen_lammps_dump
PHASES=$(realpath "$BUILD")/bench_diffusion_phases
TIME_FMT="wall %e s  user %U s  sys %S s  peak_rss %M KB  rc %x"
mkdir -p "$DIR"
cd "$DIR"

gen() { # N T wrapped|unwrapped -> file name
    local f=${3:0:1}_$1x$2.dump
    [ -s "$f" ] || "$GEN" "$1" "$2" "$f" "$3"
    echo "$f"
}
timed() { # label command...
    local label=$1
    shift
    /usr/bin/time -f "$label: $TIME_FMT" "$@"
}
D=("$H" diffusion --types 1=Li,2=Cl --timestep 1)

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== 2. peer comparison (xu yu zu, type 1 = Li)"
small=$(gen 1000 2000 unwrapped)
big=$(gen 1000 10000 unwrapped)
for i in 1 2 3; do
    timed "haven $small" "${D[@]}" "$small" --species Li >/dev/null
    timed "mdanalysis $small" /usr/bin/python3 -W ignore "$HERE/mdanalysis_msd.py" "$small"
done
timed "haven $big" "${D[@]}" "$big" --species Li >/dev/null
if [ "$BIG_PEER" = --big-peer ]; then
    timed "mdanalysis $big" /usr/bin/python3 -W ignore "$HERE/mdanalysis_msd.py" "$big"
fi

echo "== 3. scaling (wrapped x y z, both species)"
for nt in "500 4000" "1000 4000" "500 8000"; do
    f=$(gen ${nt% *} ${nt#* } wrapped)
    timed "haven $f" "${D[@]}" "$f" >/dev/null
    timed "phases $f" "$PHASES" "$f"
done

echo "== 4. out of core (positions 240 MB, cap 64 MiB)"
f=$(gen 1000 10000 wrapped)
timed "in-memory" "${D[@]}" "$f" --json >ooc_inmem.json
timed "max-memory 64M" "${D[@]}" "$f" --json --max-memory 64M >ooc_64M.json
cmp ooc_inmem.json ooc_64M.json && echo "JSON identical"
(
    ulimit -v 400000
    timed "ulimit -v 400MB, 64M" "${D[@]}" "$f" --json --max-memory 64M >ooc_ulimit.json
    cmp ooc_ulimit.json ooc_inmem.json && echo "JSON identical under ulimit"
    timed "ulimit -v 400MB, default budget" "${D[@]}" "$f" >/dev/null || true
)
timed "phases 64M" "$PHASES" "$f" 64
