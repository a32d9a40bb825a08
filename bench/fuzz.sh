#!/usr/bin/env bash
# Long fuzzing campaigns over the libFuzzer targets of tests/fuzz.
#
# usage: bench/fuzz.sh [-t SECONDS] [-w WORKDIR] [-b BUILD] [-j JOBS] [-r] [TARGET...]
#   -t SECONDS  fuzzing time per target (default 300)
#   -w WORKDIR  corpora, crashes and logs, outside the repository
#               (default ${TMPDIR:-/tmp}/haven-fuzz): WORKDIR/corpus/T grows
#               from run to run, WORKDIR/crashes/T holds crash-*, oom-*, timeout-*
#   -b BUILD    the clang build with -DHAVEN_FUZZ=ON (default build-fuzz; made if missing)
#   -j JOBS     libFuzzer -fork jobs per target (default 1)
#   -r          report only: the table and crash sites of the last run in WORKDIR
#   TARGET      fuzz target names without fuzz_ (default: all)
# Runs each target in libFuzzer's fork mode, which keeps going after a crash
# (each crash is saved and fuzzing resumes), at nice 19. Prints per target:
# seconds fuzzed (wall and CPU), execs/s (fork mode's last status line: per
# wall second), final cov and ft, and the crashes found, one line
# per distinct crash site ("listed" when ../shared/data/fuzz-repro/README.md
# names that source line: a defect already known).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=300 work=${TMPDIR:-/tmp}/haven-fuzz build=build-fuzz jobs=1 report=0
while getopts t:w:b:j:r opt; do
  case $opt in
    t) secs=$OPTARG ;; w) work=$OPTARG ;; b) build=$OPTARG ;; j) jobs=$OPTARG ;; r) report=1 ;;
    *) sed -n '2,17p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
all="xdatcar vasprun extxyz lammps h5md eis circuit fit_columns kmc_structure kmc_energies kmc_checkpoint"
targets=${*:-$all}
known=../shared/data/fuzz-repro/README.md

if [ ! -x "$build/tests/fuzz/fuzz_circuit" ]; then
  cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DHAVEN_FUZZ=ON -DHAVEN_TESTS=OFF \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
  nice -n 19 cmake --build "$build" --target fuzz -j "${JOBS:-1}"
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export HDF5_USE_FILE_LOCKING=FALSE
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

# Where a crash input fails: the sanitizer's kind and the first frame in
# haven's sources (or the library it died in).
crash_site() {
  local out kind frame
  case $(basename "$2") in timeout-*) echo "timeout (> 10 s) at ?"; return ;; esac
  out=$(ASAN_OPTIONS=$ASAN_OPTIONS:fast_unwind_on_malloc=0 timeout 60 "$1" -rss_limit_mb=2048 "$2" 2>&1 || true)
  kind=$(echo "$out" | grep -m1 -oE 'SUMMARY: [A-Za-z]+: [A-Za-z0-9() -]+|ERROR: libFuzzer: [a-z -]+' |
         sed -E 's/SUMMARY: //; s/ERROR: //; s/[0-9]+ byte\(s\) leaked in [0-9]+ allocation\(s\)/leak/; s/ *\(?$//')
  # The innermost frame: haven's source line, or the library it is in.
  frame=$(echo "$out" | grep -E '^ +#[0-9]+ ' | grep -vE 'sanitizer|asan|ubsan|fuzzer::|in (malloc|calloc|realloc|free|__interceptor)' |
          grep -m1 -oE '(src|tools)/[a-z0-9_/]+\.c:[0-9]+|lib[a-z0-9_]+\.so' || true)
  # ... and where haven called into that library.
  case $frame in lib*) frame="$frame from $(echo "$out" | grep -E '^ +#[0-9]+ ' |
                              grep -m1 -oE 'src/[a-z0-9_/]+\.c:[0-9]+' || echo '?')" ;; esac
  echo "${kind:-no crash on rerun} at ${frame:-?}"
}

# 0 when the README of known defects names FILE:LINE (or a range FILE:A-B).
listed() {
  grep -oE "$1:[0-9]+(-[0-9]+)?" "$known" | cut -d: -f2 |
    awk -F- -v l="$2" '{ hi = $2 == "" ? $1 : $2; if (l >= $1 && l <= hi) f = 1 } END { exit !f }'
}

printf '%-15s %6s %6s %8s %6s %7s %s\n' target secs cpu_s exec/s cov ft crashes
for t in $targets; do
  bin=$build/tests/fuzz/fuzz_$t
  mkdir -p "$work/corpus/$t" "$work/crashes/$t" "$work/logs"
  log=$work/logs/$t.log
  if [ $report -eq 0 ]; then
    TIMEFORMAT='%U %S %R'
    { time nice -n 19 "$bin" -fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$work/crashes/$t/" "$work/corpus/$t" "tests/fuzz/corpus/$t" > "$log" 2>&1 || true; } \
      2> "$work/logs/$t.cpu"
  fi
  took=$(awk 'NF >= 3 {printf "%.0f", $3}' "$work/logs/$t.cpu" 2> /dev/null)
  cpu=$(awk '{printf "%.0f", $1 + $2}' "$work/logs/$t.cpu" 2> /dev/null)
  # fork mode's status lines: "#N: cov: C ft: F corp: K exec/s: E oom/timeout/crash: ..."
  last=$(grep -E '^#[0-9]+: cov: ' "$log" | tail -1)
  cov=$(echo "$last" | sed -nE 's/.* cov: ([0-9]+).*/\1/p')
  ft=$(echo "$last" | sed -nE 's/.* ft: ([0-9]+).*/\1/p')
  eps=$(echo "$last" | sed -nE 's/.* exec\/s:? ([0-9]+).*/\1/p')
  n=$(find "$work/crashes/$t" -type f ! -name 'slow-unit-*' | wc -l)
  printf '%-15s %6s %6s %8s %6s %7s %s\n' "$t" "${took:-?}" "${cpu:-?}" "${eps:-?}" "${cov:-?}" "${ft:-?}" "$n files"
  find "$work/crashes/$t" -type f ! -name 'slow-unit-*' | while read -r f; do
    site=$(crash_site "$bin" "$f")
    line=$(echo "$site" | grep -m1 -oE '[a-z0-9_]+\.c:[0-9]+' | head -1 || true)
    tag=-
    if [ -n "$line" ] && [ -f "$known" ] && listed "${line%%:*}" "${line##*:}"; then tag=listed; fi
    echo "$site|$tag|$(basename "$f")"
  done | sort -t'|' -k1,1 -u | awk -F'|' '{printf "    %-70s %-6s e.g. %s\n", $1, $2, $3}'
done
