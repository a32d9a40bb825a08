#!/bin/bash
# --continue (segments of one run) and --pool (independent runs of one state
# point) on generated LAMMPS random walks of known D = 4.1667e-5 cm^2/s
# (uniform steps in [-0.5, 0.5] A per component every 0.1 ps):
# - a run cut in two, the boundary frame written in both files as a restart
#   does, gives exactly the D of the whole run;
# - three runs pooled: the pooled D holds the truth within 4 stderr, its error
#   is smaller than a single run's, the runs agree;
# - runs of different D (step 0.5 vs 0.8 A) are flagged as disagreeing.
# usage: pool_continue.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$(realpath "$1")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
. "$(dirname "$0")/../support/traj_gen.bash"
cd "$TMP" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
OPTS=(--types 1=Li,2=Cl --timestep 1 --drift none --json)

gen_lammps whole.dump 64 400 7 0.5
per=$((9 + 64))
head -n $((per * 201)) whole.dump > seg1.dump  # frames 0..200
tail -n +$((per * 200 + 1)) whole.dump > seg2.dump  # frames 200..399
"$HAVEN" diffusion whole.dump "${OPTS[@]}" > whole.json 2>/dev/null || fail "whole run"
"$HAVEN" diffusion seg1.dump seg2.dump --continue "${OPTS[@]}" > cont.json 2>/dev/null ||
    fail "--continue"
python3 - whole.json cont.json <<'PY' || fail "--continue differs from the whole run"
import json, sys
w, c = (json.load(open(f))["runs"][0] for f in sys.argv[1:3])
assert c["n_frames"] == 400, c["n_frames"]
for a, b in zip(w["species"], c["species"]):
    assert abs(a["D"]["value"] / b["D"]["value"] - 1) < 1e-9, (a["D"], b["D"])
print("--continue: same D as the whole run")
PY

gen_lammps r1.dump 64 400 11 0.5
gen_lammps r2.dump 64 400 12 0.5
gen_lammps r3.dump 64 400 13 0.5
"$HAVEN" diffusion r1.dump r2.dump r3.dump --pool "${OPTS[@]}" > pool.json 2>/dev/null ||
    fail "--pool"
python3 - pool.json <<'PY' || fail "--pool"
import json, sys
d = json.load(open(sys.argv[1]))
p = d["pooled"]
assert p["n_runs"] == 3
for s in p["species"]:
    D = s["D"]
    assert abs(D["value"] - 4.1667e-5) < 4 * D["stderr"], D
    single = [r["stderr"] for r in s["per_run"]]
    assert D["stderr"] < min(single), (D["stderr"], single)
    assert s["runs_agree"] and s["dof"] == 2, s
print("--pool: pooled D holds the truth, runs agree")
PY

gen_lammps fast.dump 64 400 14 0.8
"$HAVEN" diffusion r1.dump fast.dump --pool "${OPTS[@]}" > bad.json 2> bad.err || fail "--pool (2)"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert not any(s["runs_agree"] for s in d["pooled"]["species"])' bad.json ||
    fail "runs of different D not flagged"
grep -q "the runs disagree" bad.err || fail "no warning for disagreeing runs"
"$HAVEN" diffusion r1.dump --pool "${OPTS[@]}" > /dev/null 2>&1
[ $? -eq 2 ] || fail "--pool with one file: expected a usage error"
echo "pool/continue: all checks passed"
