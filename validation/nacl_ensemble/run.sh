#!/usr/bin/env bash
# Molten-NaCl ensemble for the calibration of haven's error bars (issues 9 and 10).
# Debian's LAMMPS (lmp), serial. One preparation (melt, NPT at 1200 K, 1 bar), then N runs that differ only
# in the velocity seed (5 ps NVT equilibration, 40 ps weakly coupled NVT production, frames every 10 fs with velocities).
#   ./run.sh [N=20] [OUT=out]      about 45 CPU-s per run and 3 min for the preparation on one core
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
N=${1:-20}
OUT=${2:-$here/out}
LMP=${LMP:-lmp}
mkdir -p "$OUT"
cd "$OUT"
cp "$here/in.nacl" .
[ -f nacl_1200K.data ] || "$LMP" -in in.nacl -var mode prep -log prep.log -screen none
for s in $(seq 1 "$N"); do
    [ -f "run_$s.dump" ] && [ -f "run_$s.done" ] && continue
    "$LMP" -in in.nacl -var mode run -var seed "$s" -log "log_$s.lammps" -screen none
    touch "run_$s.done"
done
