# haven eis on the command line: exit codes, JSON keys, CSV output.
# args: HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
# (batch: missing values come with a reason; --assign overrides the arc kinds)
set -u
H=$1; SHARED=$3; fail=0
check() { if ! eval "$2"; then echo "FAIL: $1"; fail=1; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# synthetic spectrum written here: R0=10, R1=100, C1=1e-6 (apex 1.59 kHz)
awk 'BEGIN{for(i=0;i<40;i++){f=10^(i/39*6-1);w=2*3.141592653589793*f;t=w*1e-4;
  printf "%.10g,%.10g,%.10g\n",f,10+100/(1+t*t),-100*t/(1+t*t)}}' > "$tmp/rc.csv"
"$H" eis --help >/dev/null; check "help exits 0" "[ $? -eq 0 ]"
"$H" eis fit "$tmp/rc.csv" >/dev/null 2>&1; check "missing --circuit is usage (2)" "[ $? -eq 2 ]"
"$H" eis fit "$tmp/rc.csv" --circuit 'R0-p(R1' >/dev/null 2>&1; check "bad circuit is 2" "[ $? -eq 2 ]"
out=$("$H" eis fit "$tmp/rc.csv" --circuit 'R0-p(R1,C1)' --thickness 0.1 --area 1 --json --csv "$tmp/fit.csv")
check "fit exits 0" "[ $? -eq 0 ]"
# exact data: R1 = 100 ohm to 1e-6; sigma = 0.1 cm / (100 ohm * 1 cm^2) = 1e-3 S/cm when the arc is
# classified bulk? C1 = 1e-6 F at l/A = 0.1 cm^-1 -> 1e-7 F normalised: electrode, so no sigma_bulk.
check "R1 value" "echo '$out' | python3 -c 'import json,sys; d=json.load(sys.stdin); assert abs(d[\"parameters\"][\"R1\"][\"value\"]-100)<1e-4, d; assert \"chi2\" in d and \"lin_kk\" in d'"
check "csv written" "[ \$(wc -l < $tmp/fit.csv) -eq 41 ]"
# drt on the same R0 + R1||C1 spectrum: one peak at tau = R1 C1 = 1e-4 s (factor 1.5) with
# area R1 = 100 ohm (5%: exact data, the loss is the smoothing at GCV's lambda)
out=$("$H" eis drt "$tmp/rc.csv" --json --csv "$tmp/drt.csv")
check "drt exits 0" "[ $? -eq 0 ]"
check "drt peak" "echo '$out' | python3 -c 'import json,sys; d=json.load(sys.stdin)[\"drt\"]; p=d[\"peaks\"]; assert len(p)==1, p; assert abs(p[0][\"R\"][\"value\"]-100)<5, p; assert 1e-4/1.5<p[0][\"tau\"][\"value\"]<1.5e-4, p; assert len(d[\"tau_s\"])==len(d[\"gamma_ohm\"]) and d[\"lambda\"]>0'"
check "drt csv" "[ \$(head -1 $tmp/drt.csv) = tau_s,freq_Hz,gamma_ohm ]"
head -9 "$tmp/rc.csv" > "$tmp/short.csv"
"$H" eis drt "$tmp/short.csv" >/dev/null 2>&1; check "drt with 9 points exits 1" "[ $? -eq 1 ]"
"$H" eis drt "$tmp/rc.csv" --lambda-method foo >/dev/null 2>&1; check "bad lambda method is 2" "[ $? -eq 2 ]"
if [ -d "$SHARED/eis" ]; then
  "$H" eis info "$SHARED/eis/exampleDataBioLogic_MissingFreq.mpt" >/dev/null 2>"$tmp/err"
  check "damaged file exits 1" "[ $? -eq 1 ]"
  check "damaged file message" "grep -q 'freq' $tmp/err"
  "$H" eis info "$SHARED/eis/exampleDataGamryABORT.DTA" >/dev/null 2>"$tmp/err"
  check "aborted file warns" "grep -q 'aborted' $tmp/err"
fi
# batch: same bulk arc (C = 5 pF at l/A = 1 cm^-1) at three temperatures with R = R0 exp(Ea/kT),
# Ea = 0.3 eV; fitted E_a with arrhenius power 0 must be 0.3 eV within 1e-3 (exact data).
for T in 300 350 400; do
  awk -v T=$T 'BEGIN{R=1e5*exp(0.3/(8.617333262e-5*T))/exp(0.3/(8.617333262e-5*300));
    for(i=0;i<40;i++){f=10^(i/39*7);w=2*3.141592653589793*f;t=w*R*5e-12;
    printf "%.12g,%.12g,%.12g\n",f,5+R/(1+t*t),-R*t/(1+t*t)}}' > "$tmp/s$T.csv"
done
out=$("$H" eis batch "$tmp/s300.csv" "$tmp/s350.csv" "$tmp/s400.csv" --circuit 'R0-p(R1,C1)' \
      --temperatures 300,350,400 --thickness 1 --area 1 --arrhenius-power 0 --json)
check "batch exits 0" "[ $? -eq 0 ]"
check "batch Ea" "echo '$out' | python3 -c 'import json,sys; d=json.load(sys.stdin); e=d[\"activation_energy\"][\"sigma_bulk\"][\"value\"]; assert abs(e-0.3)<1e-3, e'"
# batch: one arc classified bulk; gb has no E_a and says why; --assign moves it
B="$tmp/s300.csv $tmp/s350.csv $tmp/s400.csv --circuit R0-p(R1,C1) --temperatures 300,350,400 --thickness 1 --area 1 --arrhenius-power 0"
out=$("$H" eis batch $B 2>/dev/null)
check "batch says why gb is missing" "echo '$out' | grep -q 'E_a(sigma_gb) not computed: no spectrum has an arc classified as grain_boundary'"
check "batch prints no nan" "! echo '$out' | grep -qi nan"
out=$("$H" eis batch $B --assign R1=gb --json 2>/dev/null)
check "assign gb" "echo '$out' | python3 -c 'import json,sys; d=json.load(sys.stdin); e=d[\"activation_energy\"][\"sigma_gb\"][\"value\"]; assert abs(e-0.3)<1e-3 and \"sigma_bulk\" in d[\"activation_energy_missing\"] and d[\"spectra\"][0][\"arcs\"][0][\"assigned\"], d'"
"$H" eis batch $B --assign R0=bulk >/dev/null 2>&1; check "assign of a non-arc is usage" "[ $? -eq 2 ]"

exit $fail
