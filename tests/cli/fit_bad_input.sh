#!/bin/bash
# haven fit: exit codes and messages for bad data files and bad options.
# usage: fit_bad_input.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0

# expect STATUS MESSAGE-FRAGMENT args...
expect() {
    local want=$1 msg=$2
    shift 2
    "$HAVEN" "$@" > /dev/null 2> "$TMP/err"
    local rc=$?
    if [ $rc -ne "$want" ] || ! grep -qF -- "$msg" "$TMP/err"; then
        echo "FAIL: haven $*: status $rc (want $want), stderr: $(cat "$TMP/err") (want '$msg')"
        fail=1
    else
        echo "ok   haven $*: $msg"
    fi
}

printf 'T,sigma\n300,1e-3\n330,x\n' > "$TMP/word.csv"
printf '300 1e-3\n330 2e-3 1e-5\n' > "$TMP/ragged.dat"
printf '# nothing here\n' > "$TMP/empty.dat"
printf '300 1e-3\n330 nan\n' > "$TMP/nan.dat"
printf '300 1e-3\n330 -2e-3\n360 3e-3\n' > "$TMP/negative.dat"
printf '300 1e-3\n330 2e-3\n' > "$TMP/short.dat"

expect 1 "word.csv:3: expected a finite number in column 2, got 'x'" fit arrhenius "$TMP/word.csv"
expect 1 "ragged.dat:2: expected 2 columns" fit arrhenius "$TMP/ragged.dat"
expect 1 "empty.dat: expected data rows" fit vft "$TMP/empty.dat"
expect 1 "nan.dat:2: expected a finite number" fit kww "$TMP/nan.dat"
expect 1 "point 2: expected y > 0" fit arrhenius "$TMP/negative.dat"
expect 1 "need at least 3" fit arrhenius "$TMP/short.dat"
expect 1 "cannot open" fit arrhenius "$TMP/missing.csv"
expect 2 "unknown model" fit nosuchmodel
expect 2 "expected a DATA file" fit arrhenius
expect 2 "unknown option '--bogus'" fit pfg "$TMP/word.csv" --bogus
expect 2 "expected --nucleus" fit pfg "$TMP/word.csv"
expect 2 "unknown nucleus '8Li'" fit pfg "$TMP/word.csv" --nucleus 8Li
expect 2 "--larmor" fit bpp "$TMP/word.csv"
expect 2 "--dim: expected 1, 2 or 3" fit exsy "$TMP/word.csv" --dim 4
expect 2 "--time-unit: expected" fit kww "$TMP/word.csv" --time-unit fortnight
expect 2 "expected all of" fit bruce-vincent --dV 0.01
expect 1 "expected dV > I0 R0" fit bruce-vincent --dV 0.01 --I0 1e-4 --Iss 5e-5 --R0 200 --Rss 10
expect 2 "--ion: expected" fit nernst-einstein --T 300 --ion Li,1e-10
expect 2 "--conc: expected a number" fit hopping --conc lots

# A short valid trace for the option errors of the --current form.
awk 'BEGIN {for (i = 0; i < 40; i++) printf "%g %.10g\n", i, 1.1e-5 + 0.9e-5 * exp(-i / 5)}' \
    > "$TMP/trace.dat"
args=(fit bruce-vincent --current "$TMP/trace.dat" --dV 0.01 --R0 210 --Rss 260)
# Bad traces: exit 1 and a message naming the file and line (or what is missing).
printf '# empty\n' > "$TMP/bv_empty.dat"
printf '0\n1\n2\n3\n' > "$TMP/onecol.dat"
printf '0 2e-5\n1 1.8e-5\n# comment\n1 1.7e-5\n3 1.6e-5\n4 1.5e-5\n' > "$TMP/bv_order.dat"
printf '0 2e-5\n1 1.8e-5\n2 nan\n3 1.6e-5\n4 1.5e-5\n' > "$TMP/bv_nan.dat"
bv=(fit bruce-vincent --dV 0.01 --R0 210 --Rss 260 --current)
expect 1 "bv_empty.dat: expected data rows" "${bv[@]}" "$TMP/bv_empty.dat"
expect 1 "onecol.dat:1: expected 2 to 3 columns, got 1" "${bv[@]}" "$TMP/onecol.dat"
expect 1 "bv_order.dat:4: expected times increasing" "${bv[@]}" "$TMP/bv_order.dat"
expect 1 "bv_nan.dat:3: expected a finite number in column 2" "${bv[@]}" "$TMP/bv_nan.dat"
expect 1 "no/such.dat" "${bv[@]}" "$TMP/no/such.dat"
expect 2 "expected all of --dV --R0 --Rss" fit bruce-vincent --current "$TMP/trace.dat" --dV 0.01
expect 2 "--exp: expected 1 or 2" "${args[@]}" --exp 3
expect 2 "--I0: expected a current > 0" "${args[@]}" --I0 0
expect 2 "unexpected argument" "${args[@]}" extra.dat
# dV below I0 R0: the formula's own condition, reported.
expect 1 "expected dV > I0 R0" fit bruce-vincent --current "$TMP/trace.dat" --dV 0.001 --R0 210 \
    --Rss 260


# --help succeeds on every model and shows an example.
for m in arrhenius vft pfg nernst-einstein bruce-vincent bpp exsy kww hopping; do
    if ! "$HAVEN" fit "$m" --help | grep -q "^example: haven fit $m"; then
        echo "FAIL: haven fit $m --help"
        fail=1
    fi
done
exit $fail
