# haven eis: preprocessing, Lin-KK options, bounds, arc assignment, saved
# models and predict, and batch's reasons for missing values.
# args: HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
H=$1; SHARED=$3; fail=0
check() { if ! eval "$2"; then echo "FAIL: $1"; fail=1; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
PY=/usr/bin/python3; [ -x $PY ] || PY=python3
# R0 = 10, R1 = 100, C1 = 1e-6 and a series L = 1e-6 H (inductive above ~50 kHz), 0.1 Hz..1 MHz
awk 'BEGIN{for(i=0;i<50;i++){f=10^(i/49*7-1);w=2*3.141592653589793*f;t=w*1e-4;
  printf "%.12g,%.12g,%.12g\n",f,10+100/(1+t*t),-100*t/(1+t*t)+w*1e-6}}' > "$tmp/rcl.csv"
n_ind=$(awk -F, '$3>0' "$tmp/rcl.csv" | wc -l)

# --fmin/--fmax keep exactly the points inside (counted here with awk)
n_in=$(awk -F, '$1>=1 && $1<=1e5' "$tmp/rcl.csv" | wc -l)
out=$("$H" eis info "$tmp/rcl.csv" --fmin 1 --fmax 1e5 --json 2>"$tmp/err")
check "crop keeps $n_in points" "echo '$out' | $PY -c 'import json,sys; d=json.load(sys.stdin); assert d[\"n_points\"]==$n_in, d'"
check "crop note" "grep -q 'points kept' $tmp/err"
"$H" eis info "$tmp/rcl.csv" --fmin 1e5 --fmax 1 >/dev/null 2>&1; check "empty window is usage (2)" "[ $? -eq 2 ]"
"$H" eis info "$tmp/rcl.csv" --fmin 1e9 >/dev/null 2>&1; check "nothing left exits 1" "[ $? -eq 1 ]"
# --drop-inductive removes the Z'' > 0 points; without it the fit warns about them
out=$("$H" eis info "$tmp/rcl.csv" --drop-inductive --json 2>/dev/null)
check "drop-inductive" "echo '$out' | $PY -c 'import json,sys; d=json.load(sys.stdin); assert d[\"n_points\"]==50-$n_ind and $n_ind>0, d'"
"$H" eis fit "$tmp/rcl.csv" --circuit 'R0-p(R1,C1)' >/dev/null 2>"$tmp/err"
check "inductive warning" "grep -q 'inductive' $tmp/err"
"$H" eis fit "$tmp/rcl.csv" --circuit 'R0-p(R1,C1)-L2' >/dev/null 2>"$tmp/err"
check "no warning with L" "! grep -q 'inductive' $tmp/err"

# Lin-KK: the exact spectrum is valid; --max-m caps M; --c out of range is usage
out=$("$H" eis linkk "$tmp/rcl.csv" --json)
check "linkk valid" "echo '$out' | $PY -c 'import json,sys; k=json.load(sys.stdin)[\"lin_kk\"]; assert k[\"valid\"] and k[\"rule\"]==\"last\" and len(k[\"mu_by_M\"])>=k[\"M\"], k'"
out=$("$H" eis linkk "$tmp/rcl.csv" --max-m 6 --c 0.5 --kk-rule first --json)
check "linkk options" "echo '$out' | $PY -c 'import json,sys; k=json.load(sys.stdin)[\"lin_kk\"]; assert k[\"M\"]<=6 and len(k[\"mu_by_M\"])==6 and k[\"c\"]==0.5 and k[\"rule\"]==\"first\", k'"
"$H" eis linkk "$tmp/rcl.csv" --c 1.2 >/dev/null 2>&1; check "--c 1.2 is usage" "[ $? -eq 2 ]"
if [ -f "$SHARED/eis/Circuit1_EIS_1.z" ]; then
  for f in "$SHARED"/eis/Circuit*_EIS_*.z; do
    out=$("$H" eis linkk "$f" --json 2>/dev/null)
    check "dummy cell $(basename $f) valid" "echo '$out' | $PY -c 'import json,sys; assert json.load(sys.stdin)[\"lin_kk\"][\"valid\"]'"
  done
fi

# bounds: R1 held in [150, 300] ends at the bound; a bad entry is usage
out=$("$H" eis fit "$tmp/rcl.csv" --circuit 'R0-p(R1,C1)-L2' --bounds R1=150:300 --json)
check "bounded R1" "echo '$out' | $PY -c 'import json,sys; d=json.load(sys.stdin); v=d[\"parameters\"][\"R1\"][\"value\"]; assert 150*(1-1e-9)<=v<151 and d[\"at_bound\"]==[\"R1\"], d'"
"$H" eis fit "$tmp/rcl.csv" --circuit 'R0-p(R1,C1)' --bounds R7=1:2 >/dev/null 2>&1; check "bad bound is usage" "[ $? -eq 2 ]"

# save a model, predict at the data's own frequencies: the prediction is the fit's curve
"$H" eis fit "$tmp/rcl.csv" --circuit 'R0-p(R1,C1)-L2' --save-model "$tmp/m.json" --csv "$tmp/fit.csv" >/dev/null
check "model saved" "$PY -c 'import json; d=json.load(open(\"$tmp/m.json\")); assert d[\"circuit\"]==\"R0-p(R1,C1)-L2\" and len(d[\"parameters\"])==4'"
"$H" eis predict "$tmp/rcl.csv" --model "$tmp/m.json" --csv "$tmp/pred.csv" >/dev/null
check "predict = fit curve" "$PY -c '
import csv
a=list(csv.DictReader(open(\"$tmp/fit.csv\"))); b=list(csv.DictReader(open(\"$tmp/pred.csv\")))
assert len(a)==len(b)==50
for x,y in zip(a,b):
    for k,l in ((\"zre_fit_ohm\",\"zre_ohm\"),(\"zim_fit_ohm\",\"zim_ohm\")):
        assert abs(float(x[k])-float(y[l]))<=1e-9*abs(float(x[k]))+1e-12, (x,y)'"
# predict from --circuit/--initial at listed frequencies: R0 + R1 at 1 mHz within 1e-5 (w tau = 6e-7)
out=$("$H" eis predict --circuit 'R0-p(R1,C1)' --initial R0=10,R1=100,C1=1e-6 --freq 1e-3,1e3 --json)
check "predict values" "echo '$out' | $PY -c 'import json,sys; d=json.load(sys.stdin); assert abs(d[\"zre_ohm\"][0]-110)<1e-5 and len(d[\"freq_Hz\"])==2, d'"
"$H" eis predict --circuit 'R0-p(R1,C1)' --initial R0=10 --freq 1 >/dev/null 2>&1; check "missing value is usage" "[ $? -eq 2 ]"
"$H" eis predict --model "$tmp/m.json" --freq-range 1:10:5 >/dev/null; check "freq-range" "[ $? -eq 0 ]"
echo '{"circuit": "R0", "parameters": [' > "$tmp/bad.json"
"$H" eis predict --model "$tmp/bad.json" --freq 1 >/dev/null 2>"$tmp/err"; check "bad model exits 1" "[ $? -eq 1 ]"
check "bad model message" "grep -q 'byte' $tmp/err"

# drt: all lambdas reported; exampleData's long-tau peak is flagged extrapolated
if [ -f "$SHARED/eis/exampleData.csv" ]; then
  out=$("$H" eis drt "$SHARED/eis/exampleData.csv" --json 2>/dev/null)
  check "drt extrapolated flag" "echo '$out' | $PY -c '
import json,sys; d=json.load(sys.stdin)[\"drt\"]; lo,hi=d[\"tau_window_s\"]
assert set(d[\"lambda_by_method\"])=={\"gcv\",\"mgcv\",\"rgcv\",\"lcurve\",\"reim\",\"ml\"} and d[\"lambda_method\"]==\"lcurve\"
assert sum(not p[\"extrapolated\"] for p in d[\"peaks\"])>=2
for p in d[\"peaks\"]: assert p[\"extrapolated\"]==(not lo<=p[\"tau\"][\"value\"]<=hi), p'"
  # --lambda takes a rule name as well as a number; the rule used is named
  out=$("$H" eis drt "$SHARED/eis/exampleData.csv" --lambda rgcv --json 2>/dev/null)
  check "drt --lambda rgcv" "echo '$out' | $PY -c '
import json,sys; d=json.load(sys.stdin)[\"drt\"]
assert d[\"lambda_method\"]==\"rgcv\" and d[\"lambda\"]==d[\"lambda_by_method\"][\"rgcv\"], d[\"lambda\"]'"
  "$H" eis drt "$SHARED/eis/exampleData.csv" --lambda lc 2>/dev/null | grep -q '^# lambda [0-9.e+-]* (lcurve; by rule: gcv'
  check "drt --lambda lc table line" "[ $? -eq 0 ]"
  "$H" eis drt "$SHARED/eis/exampleData.csv" --lambda fixed >/dev/null 2>&1
  check "drt --lambda fixed is usage" "[ $? -eq 2 ]"
fi
exit $fail
