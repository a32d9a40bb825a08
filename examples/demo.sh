#!/usr/bin/env bash
# The main job on the shipped example: haven analyze on the four molten-LiCl
# runs (900-1200 K). usage: examples/demo.sh path/to/haven
# The dumps carry the LAMMPS step number; --timestep 1 (fs) turns it into time.
set -euo pipefail
if [ $# -ne 1 ]; then
    echo "usage: $0 HAVEN_BINARY" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
dumps=("$here"/molten_licl/*.dump.gz)
if [ ! -e "${dumps[0]}" ]; then
    echo "demo.sh: no dumps found in $here/molten_licl (run molten_licl/generate.sh)" >&2
    exit 1
fi
exec "$1" analyze "${dumps[@]}" --timestep 1 --charges Li=1,Cl=-1
