#!/bin/bash
# Progress on stderr: with --progress (stderr not a terminal) a line per
# stage and a final "done"; nothing by default when stderr is not a
# terminal; nothing with --quiet, which also silences notes; and stdout is
# the same in every case. HAVEN_PROGRESS_DELAY=0 lifts the one-second delay.
# usage: progress.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$1 EX=$4
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
f="$EX/molten_licl/licl_T900.dump.gz"
args=(diffusion "$f" --timestep 1 --json)

export HAVEN_PROGRESS_DELAY=0
"$HAVEN" "${args[@]}" > "$TMP/plain.json" 2> "$TMP/plain.err" || bad "plain run"
grep -q "reading\|MSD of" "$TMP/plain.err" && bad "progress shown without a terminal or --progress"

"$HAVEN" "${args[@]}" --progress > "$TMP/p.json" 2> "$TMP/p.err" || bad "--progress run"
# (the reader reports every 256 frames: this short run shows the MSD stage only)
grep -q "haven: MSD of .*licl_T900.dump.gz: 100% (512 of 512 atoms)" "$TMP/p.err" || bad "no MSD progress: $(cat "$TMP/p.err")"
grep -q "haven: MSD of .*: done in" "$TMP/p.err" || bad "no end of the MSD stage"
cmp -s "$TMP/plain.json" "$TMP/p.json" || bad "--progress changed stdout"

"$HAVEN" "${args[@]}" --progress --quiet > "$TMP/q.json" 2> "$TMP/q.err" || bad "--quiet run"
[ -s "$TMP/q.err" ] && bad "--quiet printed: $(cat "$TMP/q.err")"
cmp -s "$TMP/plain.json" "$TMP/q.json" || bad "--quiet changed stdout"

# --quiet goes anywhere, also before the command.
"$HAVEN" --quiet "${args[@]}" > "$TMP/b.json" 2> "$TMP/b.err" || bad "--quiet before the command"
cmp -s "$TMP/plain.json" "$TMP/b.json" || bad "--quiet before the command changed stdout"

[ $fail -eq 0 ] && echo "progress: ok"
exit $fail
