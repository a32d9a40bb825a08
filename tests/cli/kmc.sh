#!/usr/bin/env bash
# haven kmc command line: help, exit codes, JSON schema, CSV and trajectory files.
set -u
HAVEN=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_rc() { # expected-rc args...
    local want=$1; shift
    "$HAVEN" kmc "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    [ "$rc" -eq "$want" ] || fail "haven kmc $* exited $rc, expected $want: $(cat "$tmp/err")"
}

expect_rc 0 --help
grep -q '^example: haven kmc' "$tmp/out" || fail "--help has no example line"
expect_rc 2 --bogus 1
expect_rc 2 --cells 0
expect_rc 2 --T 900:300:100
expect_rc 2 --disorder gauss:0.1
expect_rc 2 --species Li
expect_rc 2 --trajectory "$tmp/t.xyz"
expect_rc 2 --structure "$tmp/none"
expect_rc 1 --lattice hcp
expect_rc 1 --structure "$tmp/none" --cutoff 3
grep -q 'cannot open' "$tmp/err" || fail "missing structure file not named"
printf '0.1\n0.2\n' >"$tmp/e.txt"
expect_rc 1 --lattice sc --cells 3 --disorder "file:$tmp/e.txt"
grep -q '2 site energies for 27 sites' "$tmp/err" || fail "wrong site-energy count not reported"

# An interval far below the hop time scale is refused, not written.
expect_rc 1 --lattice sc --cells 3 --hops 10000 --replicas 1 --blocks 2 --trajectory "$tmp/t.xyz" --traj-dt 1
grep -q 'use a longer interval' "$tmp/err" || fail "huge trajectory not refused"
[ -e "$tmp/t.xyz" ] && fail "refused trajectory left a file"

# A small run: table, then JSON with the project's quantity convention.
expect_rc 0 --lattice sc --cells 4 --hops 20000 --replicas 2 --seed 3
grep -q 'Haven ratio' "$tmp/out" || fail "table lacks the Haven ratio"
expect_rc 0 --lattice square --cells 8 --hops 20000 --replicas 2 --T 300:500:100 \
    --disorder gaussian:0.05 --field 1e6 --json --csv "$tmp/occ.csv" \
    --trajectory "$tmp/t.xyz" --traj-dt 1e8
for key in '"runs"' '"D"' '"Li"' '"D_sigma"' '"correlation_factor"' '"haven_ratio"' \
    '"sigma"' '"sigma_field"' '"arrhenius"' '"ci95"' '"stderr"' '"unit": "cm^2/s"' '"unit": "mS/cm"'; do
    grep -q "$key" "$tmp/out" || fail "JSON lacks $key"
done
if command -v python3 >/dev/null; then
    python3 - "$tmp/out" <<'PY' || fail "JSON does not parse or has the wrong shape"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema_version"] == 1 and d["command"] == "kmc"
t = d["runs"]
assert [x["T"] for x in t] == [300, 400, 500]
for x in t:
    assert [s["name"] for s in x["species"]] == ["Li"]
    q = x["species"][0]["D"]
    assert x["species"][0]["jump_rate"]["unit"] == "1/s"
    assert x["haven_ratio"]["unit"] == "1" and x["correlation_factor"]["unit"] == "1"
    assert q["unit"] == "cm^2/s" and q["ci95"][0] <= q["value"] <= q["ci95"][1]
    assert x["D_sigma"]["unit"] == "cm^2/s" and x["D_tracer"]["unit"] == "cm^2/s"
    assert x["sigma"]["unit"] == "mS/cm" and x["sigma_field"]["unit"] == "mS/cm"
    # the drift is resolved at 500 K (at 300 K it is within its noise)
    assert x["T"] < 500 or x["sigma_field"]["value"] > 0
    assert x["equil_hops"] >= 2000 and x["measured_hops"] >= 20000 * 0.9
    # square lattice, a = 3 A, E_a = 0.3 eV: D* ~ nu0 exp(-Ea/kT) a^2 (1-c) f
    # is 1e-8..1e-4 cm^2/s over 300-500 K; m^2/s would be 1e4 smaller.
    assert 1e-10 < q["value"] < 1e-3, q
assert d["arrhenius"]["D"]["Li"]["Ea"]["unit"] == "eV"
assert d["arrhenius"]["Ea"]["unit"] == "eV" and d["arrhenius"]["prefactor"]["unit"] == "mS/cm K"
PY
fi
head -1 "$tmp/occ.csv" | grep -q '^T_K,E_eV,sites,occupancy$' || fail "CSV header"
[ "$(wc -l <"$tmp/occ.csv")" -eq 73 ] || fail "CSV should have 3 x 24 bins"
head -2 "$tmp/t.xyz" | tail -1 | grep -q 'Time=0 unwrapped=T' || fail "trajectory header"
ls "$tmp" | grep -q '\.tmp\.' && fail "temporary file left behind"
# Checkpoint: a run split in two gives the uninterrupted run's numbers.
run() { "$HAVEN" kmc --lattice fcc --cells 3 --hops 20000 --replicas 2 --json "$@" | grep -A1 '"haven_ratio"'; }
expect_rc 1 --lattice fcc --cells 3 --hops 20000 --replicas 2 --checkpoint "$tmp/ck" --max-blocks 3
grep -q 'resume from the checkpoint' "$tmp/err" || fail "incomplete run not reported"
[ "$(run --checkpoint "$tmp/ck")" = "$(run)" ] || fail "restart changed the numbers"
expect_rc 1 --lattice fcc --cells 3 --hops 20000 --replicas 2 --checkpoint "$tmp/ck" --T 310
grep -q 'other parameters' "$tmp/err" || fail "foreign checkpoint accepted"

# Progress: lines per stage with --progress (not a terminal), the same stdout.
HAVEN_PROGRESS_DELAY=0 "$HAVEN" kmc --lattice sc --cells 4 --hops 20000 --replicas 2 --T 400:500:100 \
    --json --progress >"$tmp/p.json" 2>"$tmp/p.err" || fail "--progress run"
grep -q 'haven: KMC measure at 400 K: .*grid steps' "$tmp/p.err" || fail "no progress: $(cat "$tmp/p.err")"
grep -q 'haven: KMC measure at 500 K: done in' "$tmp/p.err" || fail "no end of the 500 K stage"
HAVEN_PROGRESS_DELAY=0 "$HAVEN" kmc --lattice sc --cells 4 --hops 20000 --replicas 2 --T 400:500:100 \
    --json >"$tmp/np.json" 2>"$tmp/np.err" || fail "run without --progress"
grep -q 'KMC' "$tmp/np.err" && fail "progress shown without a terminal or --progress"
diff <(grep -v per_second "$tmp/p.json") <(grep -v per_second "$tmp/np.json") >/dev/null ||
    fail "--progress changed the numbers"

# Determinism: same seed, same output.
a=$("$HAVEN" kmc --lattice bcc --cells 3 --hops 5000 --replicas 2 --json | grep -A1 '"D_sigma"')
b=$("$HAVEN" kmc --lattice bcc --cells 3 --hops 5000 --replicas 2 --json | grep -A1 '"D_sigma"')
[ "$a" = "$b" ] || fail "same seed gave different results"
echo ok
