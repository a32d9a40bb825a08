#!/bin/bash
# haven diffusion --json and --csv on a generated LAMMPS dump: the document
# parses and has the documented fields and units, D matches the random walk
# it was made from, the CSV curves have a header and one row per frame;
# --version and --help succeed and show an example.
# usage: diffusion_json.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$(realpath "$1")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
. "$(dirname "$0")/../support/traj_gen.bash"
fail=0
cd "$TMP" || exit 1
check() { # check DESCRIPTION COMMAND...: report and remember failures
    local what=$1
    shift
    if "$@"; then echo "ok   $what"; else echo "FAIL: $what" && fail=1; fi
}

# 64 atoms (32 Li, 32 Cl), 400 frames 100 steps apart. Uniform steps in
# [-0.5, 0.5] A per component: variance 1/12 A^2 per 0.1 ps frame, so
# D = (1/12) / (2 x 0.1) A^2/ps = 4.1667e-5 cm^2/s for both species.
gen_lammps run.dump 64 400 7 0.5
OPTS=(--types 1=Li,2=Cl --timestep 1 --drift none)

"$HAVEN" diffusion run.dump "${OPTS[@]}" --json --csv curves > run.json 2> run.err
check "--json exits 0" test $? -eq 0
check "--json output parses" python3 -c 'import json,sys; json.load(sys.stdin)' < run.json

# Fields, units and values. D within 4 standard errors of the walk's value
# (a fixed seed; 4 sigma keeps a correct estimator from failing by chance
# with probability 6e-5); the 95% interval is value +- t stderr, t >= 1.96.
check "JSON fields and D" python3 - run.json << 'EOF'
import json, math, sys
doc = json.load(open(sys.argv[1]))
assert doc["schema_version"] == 1 and len(doc["runs"]) == 1
doc = doc["runs"][0]
assert doc["file"] == "run.dump" and doc["format"] == "lammps", doc["file"]
assert doc["n_atoms"] == 64 and doc["n_frames"] == 400, (doc["n_atoms"], doc["n_frames"])
assert abs(doc["frame_interval_ps"] - 0.1) < 1e-12, doc["frame_interval_ps"]
t = doc["temperature"]
assert t["unit"] == "K" and t["source"] == "none" and t["value"] is None, t
names = sorted(s["name"] for s in doc["species"])
assert names == ["Cl", "Li"], names
for s in doc["species"]:
    D = s["D"]
    assert s["n_atoms"] == 32, s["n_atoms"]
    assert D["unit"] == "cm^2/s", D["unit"]
    v, e, (lo, hi) = D["value"], D["stderr"], D["ci95"]
    assert e > 0 and abs(v - 4.1667e-5) < 4 * e, (s["name"], v, e)
    # symmetric, at least +-1.96 stderr (Student's t when the error comes from time blocks)
    assert abs((lo + hi) / 2 - v) < 1e-3 * e and hi - v >= 1.96 * e * (1 - 1e-3), D
    for axis in "xyz":
        assert s["D_axes"][axis]["unit"] == "cm^2/s"
    # a random walk is linear from the first lag: the automatic window starts
    # at its earliest allowed start, an eighth of its end, and ends at half the run
    assert abs(s["fit"]["start_ps"] - 19.9 / 8) < 0.11 and abs(s["fit"]["end_ps"] - 19.95) < 0.11, s["fit"]
    assert s["diffusive"] is True and s["determined"] is True, s
print("D:", [(s["name"], s["D"]["value"], s["D"]["stderr"]) for s in doc["species"]])
EOF

# CSV: one file per species, a header and one row per frame (lags 0..399).
# Lag 1: <|dr|^2> = 3/12 A^2 per frame; 32 x 399 samples of relative spread
# 0.52 give 0.5% scatter, so 3% is a 6-sigma bound.
for sp in Li Cl; do
    f=curves/run.dump_${sp}_msd.csv
    check "$f exists" test -f "$f"
    check "$f header" grep -q '^time_ps,msd_A2,msd_x_A2,msd_y_A2,msd_z_A2,n_observations$' "$f"
    check "$f has 400 rows" test "$(tail -n +2 "$f" | wc -l)" -eq 400
    check "$f lag 1" awk -F, 'NR == 3 { ok = ($1 == 0.1 && $2 > 0.2425 && $2 < 0.2575) } END { exit !ok }' "$f"
done
check "no temporary files left" test "$(ls curves | wc -l)" -eq 2

# Several files: "runs", one entry per file, in order.
cp run.dump second.dump
"$HAVEN" diffusion run.dump second.dump "${OPTS[@]}" --json > runs.json 2> /dev/null
check "two files exit 0" test $? -eq 0
check "two files give runs[]" python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
assert [r["file"] for r in doc["runs"]] == ["run.dump", "second.dump"]
assert "species" not in doc' runs.json

# The human table has a header line and one row per species.
"$HAVEN" diffusion run.dump "${OPTS[@]}" > table.txt 2> /dev/null
check "table" grep -q '^run.dump: lammps, 64 atoms, 400 frames 0.1 ps apart' table.txt
check "table rows" test "$(grep -cE '^(Li|Cl) +32 ' table.txt)" -eq 2

# --version and --help succeed and show an example.
check "--version" bash -c '"$1" --version | grep -qE "^haven [0-9]+\.[0-9]+"' _ "$HAVEN"
check "--help" bash -c '"$1" --help | grep -q "^example: haven "' _ "$HAVEN"
check "diffusion --help" bash -c '"$1" diffusion --help | grep -q "^example: haven diffusion "' _ "$HAVEN"
check "diffusion --help lists options" bash -c '"$1" diffusion --help | grep -q -- "--max-memory"' _ "$HAVEN"
# The same document on every run with two threads (the MSD's walkers are
# summed in parallel above 2e5 walker-frames): 256 atoms x 1000 frames.
gen_lammps big.dump 256 1000 11 0.5
for i in 1 2 3; do
    OMP_NUM_THREADS=2 "$HAVEN" diffusion big.dump "${OPTS[@]}" --json 2> /dev/null |
        grep -v '"elapsed\|_seconds"' > big$i.json
done
check "2 threads: the same JSON on every run" cmp -s big1.json big2.json
check "2 threads: the same JSON on every run (3)" cmp -s big1.json big3.json
check "2 threads: the JSON is not empty" grep -q '"D"' big1.json

exit $fail
