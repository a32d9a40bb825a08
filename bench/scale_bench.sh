#!/usr/bin/env bash
# Issue 17 figures in one run, side by side with a baseline build (the
# commit before this work) and the MDAnalysis peer (bench/README.md,
# "Parsing, start-up and MPI"):
#   1. text readers, MB per CPU second (bench_read_throughput), baseline vs
#      new with 1 and 2 OpenMP threads: its three 100 MB files, then the
#      LAMMPS %g dump of section 2 (a BASE whose bench predates FILE arguments
#      ignores them: build BASE with this bench/read_throughput.c);
#   2. haven diffusion end to end vs MDAnalysis EinsteinMSD(fft=True) on the
#      same LAMMPS dump (1024 atoms x 2501 frames, xu yu zu);
#   3. start-up (bench/startup.sh);
#   4. MPI (a -DHAVEN_MPI=ON build): diffusion and kmc on 1 and 2 ranks,
#      CPU time and peak RSS per rank.
# Needs: BUILD and BASE configured with -DHAVEN_BENCH=ON; MPI_BUILD with
# -DHAVEN_MPI=ON; python3-mdanalysis and tidynamics on PYTHONPATH (Debian
# has no package: a checkout of github.com/pdebuyl-lab/tidynamics).
#
# MPI_BUILD "-" skips section 4. Readers: the least CPU time of 3 reads
# (bench_read_throughput); diffusion and MDAnalysis: 3 runs each.
#
# usage: bash bench/scale_bench.sh BUILD BASE MPI_BUILD DIR TIDYNAMICS_DIR
set -uo pipefail
BUILD=$(realpath "$1"); BASE=$(realpath "$2"); MPIB=$3; DIR=$4; TIDY=$5
[ "$MPIB" = - ] || MPIB=$(realpath "$MPIB")
HERE=$(cd "$(dirname "$0")" && pwd)
TF="wall %e s  user %U s  sys %S s  peak_rss %M KB"
mkdir -p "$DIR"
cd "$DIR"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

f=u_1024x2501.dump # LAMMPS's default format (%g), the issue's file
[ -s $f ] || "$BUILD/bench_gen_lammps_dump" 1024 2501 $f unwrapped

echo "== 1. text readers (MB per CPU second; 100 MB files from page cache, then $f)"
OMP_NUM_THREADS=1 "$BASE/bench_read_throughput" 100 "$DIR" "$DIR/$f" | sed 's/^/base    /'
for t in 1 2; do
    HAVEN_BENCH_KEEP=1 OMP_NUM_THREADS=$t "$BUILD/bench_read_throughput" 100 "$DIR" "$DIR/$f" |
        sed "s/^/new t=$t /"
done

echo "== 2. diffusion end to end vs MDAnalysis FFT"
ls -l $f | awk '{print "file", $5 / 1e6, "MB"}'
D=(diffusion --types 1=Li,2=Cl --timestep 1 $f --species Li)
for i in 1 2 3; do
    OMP_NUM_THREADS=1 /usr/bin/time -f "base  t=1: $TF" "$BASE/haven" "${D[@]}" >/dev/null
    OMP_NUM_THREADS=1 /usr/bin/time -f "new   t=1: $TF" "$BUILD/haven" "${D[@]}" >/dev/null
    OMP_NUM_THREADS=2 /usr/bin/time -f "new   t=2: $TF" "$BUILD/haven" "${D[@]}" >/dev/null
done
for i in 1 2 3; do
    PYTHONPATH=$TIDY /usr/bin/time -f "mdanalysis fft: $TF" /usr/bin/python3 -W ignore \
        "$HERE/mdanalysis_msd.py" $f --type 1 --fft | grep -E "total|D_OLS"
done

echo "== 3. start-up"
bash "$HERE/startup.sh" "$BUILD/haven" "$BASE/haven" 100

[ "$MPIB" = - ] && exit 0
echo "== 4. MPI (per rank: CPU time and peak RSS)"
w=w_2000x4000.dump
[ -s $w ] || "$BUILD/bench_gen_lammps_dump" 2000 4000 $w wrapped
ls -l $w | awk '{print "file", $5 / 1e6, "MB"}'
for p in 1 2; do
    OMP_NUM_THREADS=1 mpirun -np $p --oversubscribe /usr/bin/time -f "diffusion P=$p: $TF" \
        "$MPIB/haven" diffusion --types 1=Li,2=Cl --timestep 1 $w --json >mpi_d$p.json
done
K=(kmc --lattice fcc --cells 8 --hops 4e5 --replicas 4 --blocks 4 --json)
for p in 1 2; do
    OMP_NUM_THREADS=1 mpirun -np $p --oversubscribe /usr/bin/time -f "kmc P=$p: $TF" \
        "$MPIB/haven" "${K[@]}" >mpi_k$p.json
done
grep -v '"elapsed\|hops_per_second\|_seconds"' mpi_k1.json >k1 && grep -v '"elapsed\|hops_per_second\|_seconds"' mpi_k2.json >k2
cmp k1 k2 && echo "kmc JSON identical on 1 and 2 ranks (but for the timings)"
grep -m2 '"value"' mpi_d1.json | tr -d ' '; grep -m2 '"value"' mpi_d2.json | tr -d ' '
