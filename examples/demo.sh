#!/usr/bin/env bash
# Run haven's main analysis on the shipped molten LiCl example.
#   usage: examples/demo.sh path/to/haven
# The dumps carry the LAMMPS step number; --timestep 1 (fs) turns it into time.
# Exits non-zero (with the binary's own status) if haven fails.
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 HAVEN_BINARY" >&2
    exit 2
fi
haven=$1
here=$(cd "$(dirname "$0")" && pwd)
dumps=("$here"/molten_licl/*.dump.gz)
if [ ! -e "${dumps[0]}" ]; then
    echo "demo.sh: no dumps found in $here/molten_licl (run molten_licl/generate.sh)" >&2
    exit 1
fi

if "$haven" analyze --help > /dev/null 2>&1; then
    "$haven" analyze "${dumps[@]}" --timestep 1 --charges Li=1,Cl=-1
else
    echo "demo.sh: '$haven analyze' not available, falling back to 'diffusion'" >&2
    "$haven" diffusion "${dumps[@]}" --timestep 1
fi
