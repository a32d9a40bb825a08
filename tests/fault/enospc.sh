#!/usr/bin/env bash
# Write failures on every output path: stdout on /dev/full for each command,
# table and --json; --csv through a symbolic link to /dev/full; --csv,
# --trajectory and --checkpoint files on a full
# filesystem (a 64 KiB tmpfs, filled; needs root to mount, else those cases
# are skipped) and, where the output is 8 KiB or more, on one with room for
# half of it (a partial write). Each command first runs as it is, which
# must succeed; with the write failing it must exit 1 with an error message
# (not only warnings) and leave no empty or partial file behind.
# usage: enospc.sh HAVEN_BIN MAKE_FIXTURES_BIN
set -u
H=$1 MKFIX=$2
tmp=$(mktemp -d)
full=$tmp/full
cleanup() { mountpoint -q "$full" && umount "$full"; rm -rf "$tmp"; }
trap cleanup EXIT
fail=0
export OMP_NUM_THREADS=1

"$MKFIX" "$tmp" || exit 1
spectrum() { # FILE N: an R-RC spectrum of N points
  awk -v n="$2" 'BEGIN{for(i=0;i<n;i++){f=10^(i/(n-1)*6-1);w=2*3.141592653589793*f;t=w*1e-4;
    printf "%.10g,%.10g,%.10g\n",f,10+100/(1+t*t),-100*t/(1+t*t)}}' > "$1"
}
spectrum "$tmp/rc.csv" 30
spectrum "$tmp/rc_big.csv" 400
awk 'BEGIN {kB = 8.617333262e-5; print "T,sigma,err";
  for (i = 0; i < 8; i++) {T = 300 + 30 * i; s = exp(10 - 0.35 / (kB * T)) / T; printf "%g,%.12g,%.12g\n", T, s, 0.02 * s}}' \
  > "$tmp/sigma.csv"

traj=(diffusion "$tmp/traj.dump" --timestep 2 --stride 10)
analyze=(analyze "$tmp/traj.dump" --charges Li=1,Cl=-1,La=-1 --timestep 2 --stride 10 --temperature 600)
kmc=(kmc --lattice sc --cells 4 --hops 2000 --replicas 2 --blocks 2 --windows 2)
circuit=(--circuit 'R0-p(R1,C1)' --starts 2)

# expect_write_error NAME: the last command ($rc, $tmp/err) failed as it should.
expect_write_error() {
  local msg
  msg=$(grep -v '^haven: warning' "$tmp/err" | head -1 | cut -c1-110)
  if [ "$rc" -ne 1 ] || [ -z "$msg" ]; then
    echo "FAIL $1: exit $rc (want 1 with an error message), stderr: ${msg:-(warnings only)}"
    fail=1
  else
    echo "ok   $1: exit 1: $msg"
  fi
}

# baseline NAME ARGS...: the command succeeds when nothing goes wrong.
baseline() {
  local name=$1
  shift
  "$H" "$@" > /dev/null 2> "$tmp/err"
  local rc0=$?
  if [ $rc0 -ne 0 ]; then
    echo "FAIL $name: exits $rc0 even with room to write: $(grep -v warning "$tmp/err" | head -2)"
    fail=1
    return 1
  fi
}

# 1. stdout on a full device.
stdout_case() {
  local name=$1
  shift
  baseline "$name" "$@" || return
  "$H" "$@" > /dev/full 2> "$tmp/err"
  rc=$?
  expect_write_error "stdout full: $name"
}
for json in "" --json; do
  stdout_case "diffusion $json" "${traj[@]}" $json
  stdout_case "analyze $json" "${analyze[@]}" $json
  stdout_case "eis info $json" eis info "$tmp/rc.csv" $json
  stdout_case "eis fit $json" eis fit "$tmp/rc.csv" "${circuit[@]}" $json
  stdout_case "eis linkk $json" eis linkk "$tmp/rc.csv" $json
  stdout_case "eis drt $json" eis drt "$tmp/rc.csv" $json
  stdout_case "fit arrhenius $json" fit arrhenius "$tmp/sigma.csv" $json
  stdout_case "fit vft $json" fit vft "$tmp/sigma.csv" $json
  stdout_case "kmc $json" "${kmc[@]}" $json
done

# 2. A --csv path that is a symbolic link to /dev/full: the write fails, and
# the link must still be a link afterwards (not replaced by a regular file).
for c in "eis fit" "kmc"; do
  ln -sf /dev/full "$tmp/link.csv"
  if [ "$c" = kmc ]; then
    "$H" "${kmc[@]}" --disorder gaussian:0.05 --csv "$tmp/link.csv" > /dev/null 2> "$tmp/err"
  else
    "$H" eis fit "$tmp/rc.csv" "${circuit[@]}" --csv "$tmp/link.csv" > /dev/null 2> "$tmp/err"
  fi
  rc=$?
  expect_write_error "$c --csv LINK_TO_DEV_FULL"
  if [ ! -L "$tmp/link.csv" ]; then
    echo "FAIL $c --csv LINK_TO_DEV_FULL: the link was replaced by a regular file"
    fail=1
  fi
  rm -f "$tmp/link.csv"
done

# 3. Files on a full filesystem.
mkdir -p "$full"
if ! mount -t tmpfs -o size=64k tmpfs "$full" 2> /dev/null; then
  echo "skip: cannot mount a tmpfs (not root?): file outputs not tested"
  exit $fail
fi
fill() { # leave $1 bytes free
  rm -rf "${full:?}"/*
  dd if=/dev/zero of="$full/fill" bs=4096 count=$(((65536 - $1) / 4096)) 2> /dev/null
}
# No empty file and no file cut off mid-line among the outputs (DIR/OUT*).
no_partial_file() {
  local f bad=0
  while IFS= read -r f; do
    if [ ! -s "$f" ] || [ "$(tail -c 1 "$f" | od -An -c | tr -d ' ')" != '\n' ]; then
      echo "     left behind: ${f#"$1"/} ($(stat -c %s "$f") bytes)"
      bad=1
    fi
  done < <(find "$1" -path "$1/$2*" -type f 2> /dev/null)
  return $bad
}
# file_case NAME OUT ARGS...: ARGS write to @OUT@ (replaced by DIR/OUT).
file_case() {
  local name=$1 out=$2 size left a
  shift 2
  mkdir -p "$tmp/base"
  baseline "$name" "${@//@OUT@/$tmp/base/$out}" || return
  size=$(du -sb "$tmp/base/$out"* | awk '{s += $1} END {print s + 0}')
  local half=$((size / 2 / 4096 * 4096)) partial=
  [ $half -ge 4096 ] && [ $half -le 32768 ] && partial=$half
  for left in 0 $partial; do
    fill "$left"
    "$H" "${@//@OUT@/$full/$out}" > /dev/null 2> "$tmp/err"
    rc=$?
    expect_write_error "$name ($left of $size bytes free)"
    if ! no_partial_file "$full" "$out"; then
      echo "FAIL $name ($left bytes free): empty or partial output left"
      fail=1
    fi
  done
}
file_case "diffusion --csv DIR" msd "${traj[@]}" --csv @OUT@
file_case "analyze --csv DIR" an "${analyze[@]}" --csv @OUT@
file_case "eis fit --csv" fit.csv eis fit "$tmp/rc_big.csv" "${circuit[@]}" --csv @OUT@
file_case "eis linkk --csv" kk.csv eis linkk "$tmp/rc_big.csv" --csv @OUT@
file_case "eis drt --csv" drt.csv eis drt "$tmp/rc_big.csv" --csv @OUT@
file_case "kmc --csv" occ.csv "${kmc[@]}" --disorder gaussian:0.05 --csv @OUT@
file_case "kmc --trajectory" traj.xyz "${kmc[@]}" --trajectory @OUT@ --traj-dt 2e7
file_case "kmc --checkpoint" ck "${kmc[@]}" --checkpoint @OUT@
exit $fail
