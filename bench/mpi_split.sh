#!/usr/bin/env bash
# Frame-split MPI reading (haven_mpi_load) against every rank reading the
# whole file (HAVEN_MPI_READ=whole, the code before) and against the index
# built by rank 0 alone (HAVEN_MPI_INDEX=rank0), in one run: `haven
# diffusion` on 1, 2 and 4 ranks; per rank wall and CPU time and peak
# RSS (/usr/bin/time inside mpirun), the loader's own timings and bytes
# sent ($HAVEN_MPI_STATS), and the JSON numbers against the 1-rank run.
# MPIEXEC may name another launcher (e.g. mpirun.mpich with MPICH builds).
#
# An H5MD file (FILE.h5) instead: P = 1 and 2 through parallel HDF5 (the
# MPI-IO module, collective reads; build with libhdf5-openmpi-dev), against
# the serial HDF5's split read (HAVEN_MPI_H5=serial) and every rank reading
# the whole file, three times each (CPU: take the least).
#
# usage: bash bench/mpi_split.sh MPI_BUILD FILE.dump|FILE.h5 DIR
# FILE: a LAMMPS dump with types 1, 2 (bench_gen_lammps_dump N T FILE wrapped),
# or H5MD (MPI_BUILD/tests/mpi/mpi_write_h5md FILE N T).
set -uo pipefail
MPIB=$(realpath "$1"); F=$(realpath "$2"); DIR=$3
MPI=${MPIEXEC:-mpirun}
TF="wall %e s  user %U s  sys %S s  peak_rss %M KB"
mkdir -p "$DIR" && cd "$DIR" || exit 1
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1
over=$("$MPI" --version 2>&1 | grep -q "Open MPI" && echo --oversubscribe)
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); file $(stat -c %s "$F") bytes"
cat "$F" > /dev/null # page cache
D=(diffusion --types 1=Li,2=Cl --timestep 1 "$F" --json)
[[ $F == *.h5 ]] && D=(diffusion "$F" --json)
run() { # label P [env...]
    local label=$1 p=$2; shift 2
    rm -f stats.txt
    env "$@" HAVEN_MPI_STATS="$DIR/stats.txt" "$MPI" -np "$p" $over /usr/bin/time \
        -f "$label P=$p: $TF" "$MPIB/haven" "${D[@]}" > "d_${label}_$p.json"
    sed "s/^/  $label P=$p /" stats.txt 2>/dev/null
}
if [[ $F == *.h5 ]]; then
    for i in 1 2 3; do
        run split 1
        run split 2
        run h5serial 2 HAVEN_MPI_H5=serial
        run whole 2 HAVEN_MPI_READ=whole
    done
    others="d_split_2.json d_h5serial_2.json d_whole_2.json"
else
    for i in 1 2; do
        run split 1
        run split 2
        run index0 2 HAVEN_MPI_INDEX=rank0
        run whole 2 HAVEN_MPI_READ=whole
    done
    run split 4
    others="d_split_2.json d_index0_2.json d_whole_2.json d_split_4.json"
fi
nums() { grep -o -- '-\?[0-9][0-9.]*e\?[-+]\?[0-9]*' "$1"; }
for f in $others; do
    paste <(nums d_split_1.json) <(nums $f) | awk -v f=$f '{d=$1-$2; if (d<0) d=-d;
        a=$1<0?-$1:$1; r=a>0?d/a:d; if (r>m) m=r} END{printf "%s: %d numbers, largest relative '\
'difference to P=1: %.3g\n", f, NR, m}'
done
grep -m2 '"value"' d_split_1.json d_split_2.json | tr -d ' '
