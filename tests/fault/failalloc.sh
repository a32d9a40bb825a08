#!/usr/bin/env bash
# Out-of-memory injection: each command below runs with its 1st, 2nd, 3rd,
# ... allocation from haven's own code failing (tests/fault/failalloc.c,
# LD_PRELOAD), until a run reaches its end without meeting the failure.
# Each run must end by itself (no signal, no sanitizer report: with the
# ASan build, LeakSanitizer checks every error path for leaks) with exit 1
# and a message on stderr, or succeed with the output of a run without
# failure (an allocation failure may be worked around, never change a result).
# usage: failalloc.sh HAVEN_BIN FAILALLOC_SO MAKE_FIXTURES_BIN SHARED_DATA_DIR [NAME...]
#   FAULT_STEP=K    try every K-th allocation only (default 1)
#   FAULT_VERBOSE=1 name the call (addr2line) of each failure that exits 0
#   FAULT_SHARD=I/N run only the sweeps whose index (from 0) is I modulo N, so
#                   CTest can run N shards of this ~3000-run test side by side;
#                   every sweep belongs to exactly one shard, whatever its name
set -u
H=$1 SHIM=$2 MKFIX=$3 SHARED=$4
shift 4
only=" $* "
step=${FAULT_STEP:-1}
shard=${FAULT_SHARD:-0/1}
shard_i=${shard%/*} shard_n=${shard#*/} sweep_index=-1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

export OMP_NUM_THREADS=1 # one allocation order
export ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=1:exitcode=86:handle_abort=1
# The shim's backtrace() loads libgcc_s once; glibc keeps that allocation.
echo "leak:dl_open_worker" > "$tmp/lsan.supp"
export LSAN_OPTIONS=exitcode=86:suppressions=$tmp/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=exitcode=87:print_stacktrace=1
export HDF5_USE_FILE_LOCKING=FALSE

# Inputs: the fixture system in every trajectory format, an R-RC spectrum,
# an Arrhenius table, a rock-salt POSCAR and site energies.
"$MKFIX" "$tmp" || exit 1
awk 'BEGIN{for(i=0;i<30;i++){f=10^(i/29*6-1);w=2*3.141592653589793*f;t=w*1e-4;
  printf "%.10g,%.10g,%.10g\n",f,10+100/(1+t*t),-100*t/(1+t*t)}}' > "$tmp/rc.csv"
awk 'BEGIN {kB = 8.617333262e-5; print "T,sigma,err";
  for (i = 0; i < 8; i++) {T = 300 + 30 * i; s = exp(10 - 0.35 / (kB * T)) / T; printf "%g,%.12g,%.12g\n", T, s, 0.02 * s}}' \
  > "$tmp/sigma.csv"
printf 'LiCl rock salt\n1.0\n4.242640687 0 0\n0 4.242640687 0\n0 0 4.242640687\nLi Cl\n4 4\nDirect\n0 0 0\n0 .5 .5\n.5 0 .5\n.5 .5 0\n.5 .5 .5\n.5 0 0\n0 .5 0\n0 0 .5\n' \
  > "$tmp/POSCAR"
awk 'BEGIN { for (i = 0; i < 27; i++) print 0.01 * (i % 5 - 2) }' > "$tmp/energies"
# The other fit models' data, as in tests/cli/fit_models.sh.
awk 'BEGIN {gam = 2 * 3.14159265358979 * 0.38863797 * 42.57638474e6;
  for (i = 0; i < 16; i++) {g = 300 * i / 15; b = (gam * g * 0.01 * 2e-3) ^ 2 * (0.05 - 0.002 / 3); printf "%g %.12g\n", g, exp(-2e-10 * b)}}' \
  > "$tmp/pfg.dat"
awk 'BEGIN {kB = 8.617333262e-5; w = 2 * 3.14159265358979 * 116.6e6;
  for (i = 0; i < 30; i++) {T = 220 + 10 * i; t = 1e-13 * exp(0.3 / (kB * T));
  R = 2e9 * (t / (1 + (w * t) ^ 2) + 4 * t / (1 + (2 * w * t) ^ 2)); printf "%g %.12g %.12g\n", T, 1e3 / R, 20 / R}}' \
  > "$tmp/t1.dat"
awk 'BEGIN {for (i = 1; i <= 12; i++) {tm = 2 * i; printf "%g %.12g\n", tm, 0.8 * (1 - exp(-50 * tm * 1e-3))}}' \
  > "$tmp/exsy.dat"
awk 'BEGIN {for (i = 0; i < 30; i++) {t = 0.5 * 1.2 ^ i; printf "%.12g %.12g\n", t, exp(-(t / 20) ^ 0.5)}}' > "$tmp/fqt.dat"

# Output with the run's speed taken out (kmc prints hops/s and its wall time).
normalise() { sed -E 's/[0-9.e+-]+ hops\/s//; /"(hops_per_second|elapsed[a-z_]*)":/d'; }
# The function of haven that made the failed allocation (from the shim's log).
where() {
  addr2line -f -s -e "$H" "$(printf '0x%x' "$(awk '$1 == "at" {print $2}' "$1")")" 2> /dev/null |
    head -1
}

# sweep NAME ARGS...: haven ARGS with allocation 1, 2, ... failing.
sweep() {
  local name=$1 n rc hit=0 ok0=0 ok1=0 log=$tmp/failalloc.log
  shift
  sweep_index=$((sweep_index + 1))
  [ $((sweep_index % shard_n)) -eq "$shard_i" ] || return 0
  [ "$only" = "  " ] || [[ $only == *" $name "* ]] || return 0
  rm -f "$log"
  FAILALLOC_LOG=$log LD_PRELOAD=$SHIM "$H" "$@" 2> "$tmp/err" | normalise > "$tmp/base.out"
  rc=${PIPESTATUS[0]}
  if [ $rc -ne 0 ]; then
    echo "FAIL $name: exits $rc without a failure injected: $(tail -3 "$tmp/err")"
    fail=1
    return
  fi
  local total
  total=$(awk '$1 == "count" {print $2}' "$log")
  if [ "${total:-0}" -eq 0 ]; then
    echo "skip: no allocation of haven's counted (a statically linked sanitizer runtime?)"
    exit 77
  fi
  for ((n = 1; ; n += step)); do
    rm -f "$log"
    FAILALLOC_N=$n FAILALLOC_LOG=$log LD_PRELOAD=$SHIM "$H" "$@" 2> "$tmp/err" | normalise > "$tmp/out"
    rc=${PIPESTATUS[0]}
    if grep -qE 'Sanitizer|runtime error' "$tmp/err" || [ $rc -ge 86 ]; then
      echo "FAIL $name: allocation $n failing: exit $rc"
      grep -E -A12 'ERROR|runtime error' "$tmp/err" | head -30
      fail=1
      return
    fi
    if ! grep -qx "fail $n" "$log" 2> /dev/null; then
      [ $rc -eq 0 ] && break
      echo "FAIL $name: exit $rc with no allocation failing (run $n): $(tail -2 "$tmp/err")"
      fail=1
      return
    fi
    hit=$((hit + 1))
    if [ $rc -eq 0 ] && ! cmp -s "$tmp/out" "$tmp/base.out"; then
      echo "FAIL $name: allocation $n (in $(where "$log")) failing: exit 0 with another result:"
      diff "$tmp/base.out" "$tmp/out" | head -6
      fail=1
      return
    elif [ $rc -eq 0 ]; then
      ok0=$((ok0 + 1))
      if [ -n "${FAULT_VERBOSE:-}" ]; then
        echo "  $name: allocation $n failing, exit 0: $(where "$log")"
      fi
    elif [ $rc -eq 1 ] && [ -s "$tmp/err" ]; then
      ok1=$((ok1 + 1))
    else
      echo "FAIL $name: allocation $n failing: exit $rc, stderr: $(head -c 300 "$tmp/err")"
      fail=1
      return
    fi
  done
  echo "ok   $name: $total allocations, $hit failed in turn: $ok1 exit 1 with a message, $ok0 exit 0"
}

# --json: the whole result is compared (per-axis fits, Lin-KK, ...).
sweep traj_xdatcar diffusion "$tmp/XDATCAR" --timestep 2 --stride 10 --json
sweep traj_vasprun diffusion "$tmp/vasprun.xml" --stride 1 --json
sweep traj_extxyz diffusion "$tmp/traj.xyz" --timestep 2 --stride 10 --json
sweep traj_lammps diffusion "$tmp/traj.dump" --timestep 2 --stride 10 --json
sweep traj_h5md diffusion "$tmp/traj.h5" --timestep 2 --stride 10 --json
# The formats of tests/data/traj (binary readers, libzip, cJSON, the CP2K cell file).
D=$(cd "$(dirname "$0")/../data/traj" && pwd)
sweep traj_dcd diffusion "$D/lj.dcd" --elements Li:24,Cl:* --timestep 100 --json
sweep traj_xtc diffusion "$D/lj.xtc" --elements Li:24,Cl:* --json
sweep traj_ase diffusion "$D/lj.traj" --timestep 100 --stride 1 --json
sweep traj_npz diffusion "$D/lj.npz" --timestep 100 --stride 1 --json
sweep traj_cp2k diffusion "$D/lj-pos-1.xyz.gz" --json
sweep eis_fit eis fit "$tmp/rc.csv" --circuit 'R0-p(R1,C1)' --starts 2 --json
sweep eis_drt eis drt "$tmp/rc.csv" --json
sweep eis_batch eis batch "$tmp/rc.csv" "$tmp/rc.csv" "$tmp/rc.csv" --circuit 'R0-p(R1,C1)' \
  --starts 2 --temperatures 300,350,400 --thickness 0.1 --area 1 --json
for f in exampleDataBioLogic.mpt exampleDataGamry.DTA exampleDataZPlot.z exampleDataVersaStudio.par; do
  [ -f "$SHARED/eis/$f" ] && sweep "eis_info_${f%%.*}" eis info "$SHARED/eis/$f"
done
sweep fit_arrhenius fit arrhenius "$tmp/sigma.csv" --json
sweep fit_vft fit vft "$tmp/sigma.csv" --json
sweep fit_pfg fit pfg "$tmp/pfg.dat" --nucleus 7Li --delta 2 --Delta 50 --gauss-cm --json
sweep fit_bpp fit bpp "$tmp/t1.dat" --larmor 116.6 --ms --at 300 --json
sweep fit_exsy fit exsy "$tmp/exsy.dat" --time-unit ms --jump 2.5 --json
sweep fit_kww fit kww "$tmp/fqt.dat" --time-unit ps --json
sweep analyze analyze "$tmp/traj.dump" --charges Li=1,Cl=-1,La=-1 --timestep 2 --stride 10 \
  --temperature 600 --json
sweep eis_linkk eis linkk "$tmp/rc.csv" --json
sweep kmc_structure kmc --structure "$tmp/POSCAR" --site Li --cutoff 3.3 --cells 3 --hops 2000 \
  --replicas 1 --blocks 2 --windows 2 --json
sweep kmc_energies kmc --lattice sc --cells 3 --disorder "file:$tmp/energies" --hops 2000 \
  --replicas 1 --blocks 2 --windows 2 --json
exit $fail
