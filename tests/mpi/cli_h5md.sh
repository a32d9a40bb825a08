# haven diffusion on an H5MD file under mpirun -np 2 against haven alone:
#  - the same D*, fits and MSD curves (--csv) within rounding (numbers.bash);
#  - how the ranks read it ($HAVEN_MPI_STATS, one line per rank): EXPECT,
#    "MPI-IO (mpio) driver" with collective reads where the build has
#    parallel HDF5, else "serial library";
#  - a truncated file: exit status 1 and HDF5's "truncated" reason on rank
#    0, in well under the timeout (no rank left waiting).
# args: HAVEN_BIN WRITER EXPECT MPIEXEC...
set -u
H=$1; W=$2; EXPECT=$3; shift 3; MPI=("$@"); fail=0
check() { if ! eval "$2"; then echo "FAIL: $1"; fail=1; fi; }
source "$(dirname "$0")/numbers.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

# 40 atoms (Li, Cl, La) x 400 frames, wrapped with image flags: 200 frames a rank.
"$W" walk.h5 40 400; check "H5MD written" "[ -s walk.h5 ]"
D=(diffusion walk.h5 --json)
"$H" "${D[@]}" --csv c1 > d1.json 2> /dev/null; check "diffusion alone exits 0" "[ $? -eq 0 ]"
HAVEN_MPI_STATS="$tmp/stats.txt" "${MPI[@]}" "$H" "${D[@]}" --csv c2 > d2.json 2> /dev/null
check "diffusion on 2 ranks exits 0" "[ $? -eq 0 ]"
check "diffusion: the same numbers on 2 ranks" "same_numbers d1.json d2.json"
# MSD curves printed with 8 digits: a last digit may flip (5e-8 relative).
for f in c1/*_msd.csv; do
    check "$(basename "$f"): the same MSD on 2 ranks" "same_numbers $f c2/$(basename "$f") 2e-7"
done
check "three MSD curves" "[ $(ls c2/*_msd.csv | wc -l) -eq 3 ]"
check "every rank read its frames: $EXPECT" \
    "[ \$(grep -c 'HDF5: $EXPECT' stats.txt) -eq 2 ]"
if [[ $EXPECT == *mpio* ]]; then
    check "collective reads on every rank" \
        "[ \$(grep -c ': [1-9][0-9]* reads collective, 0 independent' stats.txt) -eq 2 ]"
fi

# Truncated: HDF5 refuses the file on every rank (its end before the stored end).
head -c 350000 walk.h5 > trunc.h5
timeout 120 "${MPI[@]}" "$H" diffusion trunc.h5 > /dev/null 2> err.txt
rc=$?
check "truncated file: exit status 1 (got $rc)" "[ $rc -eq 1 ]"
check "truncated file: HDF5's reason shown" "grep -q 'trunc.h5: cannot open as HDF5.*truncated' err.txt"
exit $fail
