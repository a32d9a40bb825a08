#!/bin/bash
# Numeric options out of their meaningful range (negative, zero, NaN, inf,
# or a count that does not match) are usage errors (exit 2) with a message
# naming the option, never silently ignored or clamped.
# usage: option_values.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$(realpath "$1")
EX=$4
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
. "$(dirname "$0")/../support/expect_fail.bash"

T900=$EX/molten_licl/licl_T900.dump.gz
T1000=$EX/molten_licl/licl_T1000.dump.gz
A="analyze $T900 --charges Li=1,Cl=-1 --timestep 1"
# --temperature -5 or nan used to leave the run at the file's temperature.
for v in -5 nan 0 inf 900K ""; do
    expect_fail 2 "--temperature: '$v' is not a temperature > 0 K" -- $A --temperature "$v"
done
expect_fail 2 "--temperature: 2 values for 1 file" -- $A --temperature 900,1000
expect_fail 2 "--temperature: 1 value for 2 files" -- $A "$T1000" --temperature 900
expect_fail 2 "--temperature: '-1000' is not" -- $A "$T1000" --temperature 900,-1000

# diffusion: sizes beyond size_t (undefined conversion).
for v in inf 1e30G nan; do
    expect_fail 2 "--max-memory: '$v' is not a size" -- diffusion "$T900" --timestep 1 --max-memory $v
done

# fit calculators: positive where only positive means something.
HOP="fit hopping --conc 1e22 --T 300 --a 3 --nu0 1e13 --dH 0.3"
expect_fail 2 "--dH: expected an enthalpy >= 0 eV" -- $HOP --dH -0.3
expect_fail 2 "--z: expected a charge number other than 0" -- $HOP --z 0
expect_fail 2 "--T: expected a number > 0" -- $HOP --T -300
expect_fail 2 "--nu0: expected a number > 0" -- $HOP --nu0 0
expect_fail 2 "--dS: expected a number, got 'nan'" -- $HOP --dS nan
expect_fail 2 "--ion: expected NAME,D,c,z\\[,Derr\\] .* Derr >= 0" -- \
    fit nernst-einstein --T 298 --ion Li,1.2e-10,1.0,1,-1e-12

# kmc: a negative barrier, a site fraction beyond 1.
expect_fail 2 "invalid value '-0.1' for --Ea" -- kmc --Ea -0.1
expect_fail 2 "invalid value 'Li:1:inf' for --species" -- kmc --species Li:1:inf

# eis fit: starting and fixed values outside a parameter's domain.
awk 'BEGIN{for(i=0;i<40;i++){f=10^(i/39*6-1);w=2*3.141592653589793*f;t=w*1e-4;
  printf "%.10g,%.10g,%.10g\n",f,10+100/(1+t*t),-100*t/(1+t*t)}}' > "$TMP/rc.csv"
E="eis fit $TMP/rc.csv --circuit R0-p(R1,CPE1)"
expect_fail 2 "parameter R1 = -5: must be > 0" -- $E --initial R1=-5
expect_fail 2 "parameter R1 = 0: must be > 0" -- $E --fixed R1=0
expect_fail 2 "parameter CPE1_1 = 1.5: must be in \\[0, 1\\]" -- $E --fixed CPE1_1=1.5
expect_fail 2 "bad assignment 'R1=nan'" -- $E --initial R1=nan
exit $fail
