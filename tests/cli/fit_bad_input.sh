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

# --help succeeds on every model and shows an example.
for m in arrhenius vft pfg nernst-einstein bruce-vincent bpp exsy kww hopping; do
    if ! "$HAVEN" fit "$m" --help | grep -q "^example: haven fit $m"; then
        echo "FAIL: haven fit $m --help"
        fail=1
    fi
done
exit $fail
