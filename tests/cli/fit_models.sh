#!/bin/bash
# haven fit MODEL: each model recovers known parameters from synthetic data
# written here with awk (noise-free unless stated, so tolerances are the
# solver's and the 10-digit JSON printing's).
# usage: fit_models.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0

# First "value" after the key "$1" in JSON file $2.
json_value() { awk -v k="\"$1\":" '$1 == k {f = 1} f && $1 == "\"value\":" && $2 ~ /^[-0-9]/ {sub(",", "", $2); print $2; exit}' "$2"; }
# Evaluate an awk expression to 15 digits.
calc() { awk "BEGIN {printf \"%.15g\", $1}"; }

# check NAME GOT WANT RELTOL
check() {
    if awk -v g="$2" -v w="$3" -v t="$4" 'BEGIN {d = (g - w) / w; exit !(g != "" && d < t && -d < t)}'; then
        echo "ok   $1: $2 (want $3)"
    else
        echo "FAIL $1: got '$2', want $3 within $4"
        fail=1
    fi
}

run() { # run OUT args...: exit status must be 0
    local out=$1
    shift
    if ! "$HAVEN" "$@" > "$out"; then
        echo "FAIL: haven $* exited with $?"
        fail=1
    fi
}

# Arrhenius: sigma T = exp(10) exp(-0.35 eV / kB T), 2% errors.
awk 'BEGIN {kB = 8.617333262e-5; print "T,sigma,err";
     for (i = 0; i < 8; i++) {T = 300 + 30 * i; s = exp(10 - 0.35 / (kB * T)) / T; printf "%g,%.12g,%.12g\n", T, s, 0.02 * s}}' > "$TMP/sigma.csv"
run "$TMP/a.json" fit arrhenius "$TMP/sigma.csv" --json --at 298.15
check "arrhenius Ea" "$(json_value Ea_eV "$TMP/a.json")" 0.35 1e-8
check "arrhenius at 298.15 K" "$(json_value prediction "$TMP/a.json")" "$(calc "exp(10 - 0.35 / (8.617333262e-5 * 298.15)) / 298.15")" 1e-7
grep -q '"preferred_aic": "arrhenius"' "$TMP/a.json" || { echo "FAIL: AIC should prefer arrhenius"; fail=1; }

# VFT: sigma = exp(8) T^-1/2 exp(-0.08 eV / kB (T - 180)).
awk 'BEGIN {kB = 8.617333262e-5; print "T sigma err";
     for (i = 0; i < 12; i++) {T = 260 + 20 * i; s = exp(8 - 0.08 / (kB * (T - 180))) / sqrt(T); printf "%g %.12g %.12g\n", T, s, 0.01 * s}}' > "$TMP/vft.dat"
run "$TMP/v.json" fit vft "$TMP/vft.dat" --json
check "vft T0" "$(json_value T0 "$TMP/v.json")" 180 1e-5
check "vft B" "$(json_value B_eV "$TMP/v.json")" 0.08 1e-5
grep -q '"preferred_aic": "vft"' "$TMP/v.json" || { echo "FAIL: AIC should prefer vft"; fail=1; }

# PFG with the gradient in G/cm: 7Li, delta 2 ms, Delta 50 ms, D = 2e-10 m^2/s.
awk 'BEGIN {gam = 2 * 3.14159265358979 * 0.38863797 * 42.57638474e6;
     for (i = 0; i < 16; i++) {g = 300 * i / 15; b = (gam * g * 0.01 * 2e-3) ^ 2 * (0.05 - 0.002 / 3); printf "%g %.12g\n", g, exp(-2e-10 * b)}}' > "$TMP/pfg.dat"
run "$TMP/p.json" fit pfg "$TMP/pfg.dat" --nucleus 7Li --delta 2 --Delta 50 --gauss-cm --json
check "pfg D" "$(json_value D "$TMP/p.json")" 2e-10 1e-6
check "pfg D (cm^2/s)" "$(json_value D_cm2_per_s "$TMP/p.json")" 2e-6 1e-6

# BPP at 116.6 MHz: C = 2e9 s^-2, tau0 = 1e-13 s, Ea = 0.3 eV, T1 in ms.
awk 'BEGIN {kB = 8.617333262e-5; w = 2 * 3.14159265358979 * 116.6e6;
     for (i = 0; i < 30; i++) {T = 220 + 10 * i; t = 1e-13 * exp(0.3 / (kB * T));
     R = 2e9 * (t / (1 + (w * t) ^ 2) + 4 * t / (1 + (2 * w * t) ^ 2)); printf "%g %.12g %.12g\n", T, 1e3 / R, 20 / R}}' > "$TMP/t1.dat"
run "$TMP/b.json" fit bpp "$TMP/t1.dat" --larmor 116.6 --ms --at 300 --json
check "bpp Ea" "$(json_value Ea1 "$TMP/b.json")" "$(calc "0.3 * 1.602176634e-19")" 1e-6
check "bpp rate(300 K)" "$(json_value rate "$TMP/b.json")" "$(calc "1 / (1e-13 * exp(0.3 / (8.617333262e-5 * 300)))")" 1e-5

# EXSY build-up, mixing time in ms: k = 50 1/s, a = 2.5 A, 3D: D = a^2 k / 6.
awk 'BEGIN {for (i = 1; i <= 12; i++) {tm = 2 * i; printf "%g %.12g\n", tm, 0.8 * (1 - exp(-50 * tm * 1e-3))}}' > "$TMP/exsy.dat"
run "$TMP/e.json" fit exsy "$TMP/exsy.dat" --time-unit ms --jump 2.5 --json
check "exsy k" "$(json_value k "$TMP/e.json")" 50 1e-7
check "exsy D" "$(json_value D "$TMP/e.json")" "$(calc "6.25e-20 * 50 / 6")" 1e-7

# KWW in ps: tau = 20 ps, beta = 0.5: <tau> = (tau/beta) Gamma(2) = 40 ps.
awk 'BEGIN {for (i = 0; i < 30; i++) {t = 0.5 * 1.2 ^ i; printf "%.12g %.12g\n", t, exp(-(t / 20) ^ 0.5)}}' > "$TMP/fqt.dat"
run "$TMP/k.json" fit kww "$TMP/fqt.dat" --time-unit ps --json
check "kww beta" "$(json_value beta "$TMP/k.json")" 0.5 1e-6
check "kww <tau>" "$(json_value mean_tau "$TMP/k.json")" 4e-11 1e-6

# Calculators against hand values.
run "$TMP/bv.json" fit bruce-vincent --dV 0.01 --I0 20e-6 --Iss 10e-6 --R0 100 --Rss 150 --json
check "bruce-vincent t+" "$(json_value t_plus "$TMP/bv.json")" "$(calc "8 / 17")" 1e-9
run "$TMP/ne.json" fit nernst-einstein --T 298.15 --ion Li,1e-10,1,1 --ion X,2e-10,1,-1 --sigma 0.5 --json
check "nernst-einstein sigma" "$(json_value sigma_NE "$TMP/ne.json")" "$(calc "96485.33212 ^ 2 * 1000 * 3e-10 / (8.314462618 * 298.15)")" 1e-8
run "$TMP/h.json" fit hopping --conc 1e22 --T 300 --a 3 --nu0 1e13 --dH 0.3 --json
check "hopping sigma" "$(json_value sigma "$TMP/h.json")" "$(calc "1e28 * 1.602176634e-19 ^ 2 / (1.380649e-23 * 300) * 9e-20 * 1e13 * exp(-0.3 * 1.602176634e-19 / (1.380649e-23 * 300)) / 6")" 1e-8

# --csv writes the curve atomically.
run "$TMP/out.txt" fit kww "$TMP/fqt.dat" --time-unit ps --csv "$TMP/curve.csv"
[ "$(wc -l < "$TMP/curve.csv")" -eq 31 ] || { echo "FAIL: kww --csv should have 31 lines"; fail=1; }
exit $fail
