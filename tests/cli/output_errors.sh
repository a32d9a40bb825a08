#!/bin/bash
# Output that cannot be written fails the command with a message (exit 1):
# standard output on a full disk (/dev/full), a --csv file on one. Output
# files replace a regular file atomically (a symlink's target, the link
# kept), are written in place into devices and FIFOs (never replaced by a
# regular file), leave no temporary file when a signal ends the run, and
# the --csv files of diffusion appear all or not at all.
# usage: output_errors.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$(realpath "$1")
EX=$4
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
. "$(dirname "$0")/../support/expect_fail.bash"
check() { # what command...
    local what=$1
    shift
    if "$@"; then echo "ok   $what"; else echo "FAIL: $what"; fail=1; fi
}
no_temps() { ! ls -A "$@" | grep -q '\.tmp\.'; }

K="kmc --lattice sc --cells 4 --hops 2000 --replicas 1 --blocks 2"
printf 'T,sigma\n300,1e-4\n350,5e-4\n400,2e-3\n450,6e-3\n' > "$TMP/arr.csv"
awk 'BEGIN{for(i=0;i<40;i++){f=10^(i/39*6-1);w=2*3.141592653589793*f;t=w*1e-4;
  printf "%.10g,%.10g,%.10g\n",f,10+100/(1+t*t),-100*t/(1+t*t)}}' > "$TMP/rc.csv"
T900=$EX/molten_licl/licl_T900.dump.gz
DIFF="diffusion $T900 --timestep 1 --types 1=Li,2=Cl"

# Standard output on a full disk: tables, --json, help and version.
for cmd in "$K" "$K --json" "fit arrhenius $TMP/arr.csv --json" "fit arrhenius $TMP/arr.csv" \
    "eis info $TMP/rc.csv" "$DIFF --json" "--help" "--version" "kmc --help"; do
    "$HAVEN" $cmd > /dev/full 2> "$TMP/err"
    rc=$?
    check "haven $cmd > /dev/full: exit 1 ($rc)" [ $rc -eq 1 ]
    check "haven $cmd > /dev/full: message" grep -q "error writing standard output" "$TMP/err"
done
# The same onto a writable file is fine, and leaves no temporary file.
"$HAVEN" $K --csv "$TMP/occ.csv" --disorder gaussian:0.05 --json > "$TMP/ok.json"
check "a normal run exits 0" [ $? -eq 0 ]
check "its JSON is whole" python3 -c "import json; json.load(open('$TMP/ok.json'))"

# --csv through a symlink: the target gets the data, the link stays.
echo old > "$TMP/target.csv"
ln -s "$TMP/target.csv" "$TMP/link.csv"
expect_fail 0 "" -- eis fit "$TMP/rc.csv" --circuit 'R0-p(R1,C1)' --csv "$TMP/link.csv"
check "symlink kept" [ -L "$TMP/link.csv" ]
check "target rewritten" grep -q '^freq_Hz' "$TMP/target.csv"
check "no temporary file" no_temps "$TMP"
# A link to a device is written through: /dev/full fails, /dev/null is fine.
ln -s /dev/full "$TMP/full"
ln -s /dev/null "$TMP/null"
expect_fail 1 "error writing .*/full: No space left on device" -- \
    eis fit "$TMP/rc.csv" --circuit 'R0-p(R1,C1)' --csv "$TMP/full"
expect_fail 0 "" -- $K --disorder gaussian:0.05 --csv "$TMP/null" --trajectory "$TMP/null" \
    --traj-dt 1e6
check "links to devices kept" test -L "$TMP/full" -a -L "$TMP/null" -a -c /dev/null
# A FIFO named directly: written into, still a FIFO.
mkfifo "$TMP/fifo"
cat "$TMP/fifo" > "$TMP/fifo.out" &
reader=$!
expect_fail 0 "" -- fit arrhenius "$TMP/arr.csv" --csv "$TMP/fifo"
wait $reader
check "FIFO kept" [ -p "$TMP/fifo" ]
check "FIFO read the CSV" grep -q '^T' "$TMP/fifo.out"
# A device node named directly (needs root to make one here; skipped
# otherwise).
if mknod "$TMP/nulldev" c 1 3 2> /dev/null; then
    expect_fail 0 "" -- fit arrhenius "$TMP/arr.csv" --csv "$TMP/nulldev"
    check "device node kept" [ -c "$TMP/nulldev" ]
fi
check "no temporary file" no_temps "$TMP"

# diffusion --csv: all files or none. A later species' file that cannot be
# written (a directory in the way, a full disk) leaves no earlier one.
mkdir -p "$TMP/csv1/licl_T900.dump.gz_Cl_msd.csv"
expect_fail 1 "Cl_msd.csv: it is a directory" -- $DIFF --csv "$TMP/csv1"
check "no Li file after the failure" [ ! -e "$TMP/csv1/licl_T900.dump.gz_Li_msd.csv" ]
check "no temporary file" no_temps "$TMP/csv1"
mkdir "$TMP/csv2"
ln -s /dev/full "$TMP/csv2/licl_T900.dump.gz_Cl_msd.csv"
expect_fail 1 "error writing .*Cl_msd.csv: No space left on device" -- $DIFF --csv "$TMP/csv2"
check "no Li file after a full disk" [ ! -e "$TMP/csv2/licl_T900.dump.gz_Li_msd.csv" ]
check "no temporary file" no_temps "$TMP/csv2"
expect_fail 0 "" -- $DIFF --csv "$TMP/csv3"
check "both files" test -s "$TMP/csv3/licl_T900.dump.gz_Li_msd.csv" -a \
    -s "$TMP/csv3/licl_T900.dump.gz_Cl_msd.csv"

# SIGTERM while kmc writes its trajectory: the temporary file goes, and
# the process still dies of the signal.
mkdir "$TMP/sig"
"$HAVEN" kmc --hops 1e9 --replicas 1 --blocks 2 --cells 8 --trajectory "$TMP/sig/t.xyz" \
    --traj-dt 1e9 > /dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do
    ls "$TMP/sig" | grep -q '\.tmp\.' && break
    sleep 0.1
done
check "trajectory temporary file exists while running" test -e "$TMP/sig/t.xyz.tmp.$pid"
kill -TERM $pid
wait $pid
rc=$?
check "killed by SIGTERM ($rc)" [ $rc -eq 143 ]
check "temporary file removed on SIGTERM" [ -z "$(ls -A "$TMP/sig")" ]
exit $fail
