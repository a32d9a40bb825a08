# expect_fail for the regression tests of inputs that once crashed or hung:
# source it, set HAVEN and TMP, then
#   expect_fail STATUS PATTERN -- ARGS...
# runs `$HAVEN ARGS` under a time limit and a memory limit, and fails the
# test (fail=1, a FAIL line) unless it exits with STATUS by itself (not by a
# signal or the time limit), stderr matches the extended regular expression
# PATTERN (unless empty), and no sanitizer reported anything.

# 30 s: every case finishes in well under a second; the slack is for the
# sanitizer build on a loaded machine.
REPRO_TIMEOUT=${REPRO_TIMEOUT:-30}
# 2 GB of address space is far above any of these runs and far below the
# gigabytes the unbounded allocations took. AddressSanitizer reserves
# terabytes of address space, so under it single allocations are capped
# instead.
if grep -qa __asan_init "$HAVEN" 2> /dev/null; then
    export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}allocator_may_return_null=1:max_allocation_size_mb=2048"
    REPRO_ULIMIT=unlimited
else
    REPRO_ULIMIT=$((2 * 1024 * 1024))
fi
fail=${fail:-0}

expect_fail() {
    local want=$1 pat=$2 why=""
    shift 3
    (ulimit -v "$REPRO_ULIMIT" && exec timeout -s KILL "$REPRO_TIMEOUT" "$HAVEN" "$@") \
        > "$TMP/out" 2> "$TMP/err" < /dev/null
    local rc=$?
    if [ $rc -eq 137 ]; then
        why="killed after ${REPRO_TIMEOUT} s (hang?)"
    elif [ $rc -gt 128 ]; then
        why="killed by signal $((rc - 128))"
    elif [ $rc -ne "$want" ]; then
        why="status $rc, want $want"
    fi
    [ -z "$pat" ] || grep -qE -- "$pat" "$TMP/err" || why="$why; stderr lacks /$pat/"
    grep -qE "Sanitizer|runtime error" "$TMP/err" && why="$why; sanitizer report"
    if [ -n "$why" ]; then
        echo "FAIL: haven $*: $why; stderr: $(head -c 2000 "$TMP/err")"
        fail=1
    else
        echo "ok   haven $*"
    fi
}
