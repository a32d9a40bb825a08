#!/usr/bin/env bash
# Start-up time of the CLI: `haven --version` and `haven eis fit` on a
# 40-point RC spectrum, per run (mean of N runs of a shell loop, minus the
# loop's own cost measured with /bin/true in the same run; wall and CPU
# time, the latter less sensitive to other load), with the shared
# libraries each binary loads (LD_DEBUG=files). Give a baseline binary
# (e.g. a build of the previous commit) to get ratios from the same run.
#
# usage: bash bench/startup.sh HAVEN [BASELINE_HAVEN] [N]
set -euo pipefail
H=$1
BASE=${2:-}
N=${3:-200}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk 'BEGIN{for(i=0;i<40;i++){f=10^(i/39*6-1);w=2*3.141592653589793*f;t=w*1e-4;
  printf "%.10g,%.10g,%.10g\n",f,10+100/(1+t*t),-100*t/(1+t*t)}}' >"$tmp/rc.csv"

per_run_us() { # command... -> microseconds per run
    local s e
    s=$(date +%s%N)
    for ((i = 0; i < N; i++)); do "$@" >/dev/null 2>&1 || true; done
    e=$(date +%s%N)
    echo $(((e - s) / N / 1000))
}
cpu_us() { # command... -> CPU microseconds (user + sys) per run: less load-dependent than wall
    /usr/bin/time -f "%U %S" env N="$N" bash -c \
        'for ((i = 0; i < N; i++)); do "$@" >/dev/null 2>&1 || true; done' _ "$@" 2>&1 >/dev/null |
        tail -1 | awk -v n="$N" '{printf "%d", ($1 + $2) * 1e6 / n}'
}
libs() { LD_DEBUG=files "$@" 2>&1 >/dev/null | grep -c 'calling init:' || true; }

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $N runs each"
loop=$(per_run_us /bin/true)
loop_cpu=$(cpu_us /bin/true)
echo "loop cost (/bin/true): $loop us wall, $loop_cpu us CPU"
printf "%-10s %-22s %10s %10s %8s\n" binary command "us/run" "CPU us" libs
declare -A T
for b in new base; do
    bin=$H
    [ $b = base ] && bin=$BASE
    [ -z "$bin" ] && continue
    for c in version eisfit; do
        if [ $c = version ]; then cmd=("$bin" --version); else
            cmd=("$bin" eis fit "$tmp/rc.csv" --circuit 'R0-p(R1,C1)'); fi
        us=$(($(per_run_us "${cmd[@]}") - loop))
        cpu=$(($(cpu_us "${cmd[@]}") - loop_cpu))
        T[$b$c]=$us
        printf "%-10s %-22s %10d %10d %8s\n" $b "${cmd[*]:1:2}" $us $cpu "$(libs "${cmd[@]}")"
    done
done
if [ -n "$BASE" ]; then
    for c in version eisfit; do
        awk -v a="${T[base$c]}" -v b="${T[new$c]}" -v c=$c \
            'BEGIN{printf "ratio base/new %-8s %.2fx\n", c, a / b}'
    done
fi
