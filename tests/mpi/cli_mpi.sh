# haven under mpirun -np 2 against haven alone, same inputs:
#  - kmc (replicas over the ranks; in a temperature or size sweep the
#    replicas of all the points together): the JSON is the same but for
#    the elapsed time, bit for bit;
#  - diffusion (frames read by ranges, atoms over the ranks): the same D to
#    1e-9 relative (the MSD sums are added in another order) and the same
#    text otherwise, on unwrapped and wrapped coordinates.
# args: HAVEN_BIN MPIEXEC...
set -u
H=$1; shift; MPI=("$@"); fail=0
check() { if ! eval "$2"; then echo "FAIL: $1"; fail=1; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

K=(kmc --lattice fcc --cells 4 --hops 20000 --replicas 5 --blocks 4 --seed 3 --json)
"$H" "${K[@]}" > "$tmp/kmc1.json"; check "kmc alone exits 0" "[ $? -eq 0 ]"
"${MPI[@]}" "$H" "${K[@]}" > "$tmp/kmc2.json"; check "kmc on 2 ranks exits 0" "[ $? -eq 0 ]"
strip() { grep -v '"elapsed\|"hops_per_second\|_seconds"' "$1"; }
check "kmc JSON identical but for the time" "diff <(strip $tmp/kmc1.json) <(strip $tmp/kmc2.json)"
check "kmc JSON not empty" "grep -q '\"D' $tmp/kmc1.json"
# Sweeps in the automatic mode (spans doubling per point as they need):
# three temperatures with three replicas each, dealt round the two ranks
# together; and three cell sizes.
for S in "--T 300:900:300 --disorder gaussian:0.05" "--cells 3,4,5"; do
    K=(kmc --lattice fcc --occupancy 0.9 --hops 20000 --replicas 3 --seed 11 $S --json)
    [ "${S#--T}" != "$S" ] && K+=(--cells 4)
    "$H" "${K[@]}" > "$tmp/s1.json" 2> /dev/null; check "kmc $S alone exits 0" "[ $? -eq 0 ]"
    "${MPI[@]}" "$H" "${K[@]}" > "$tmp/s2.json" 2> /dev/null
    check "kmc $S on 2 ranks exits 0" "[ $? -eq 0 ]"
    check "kmc $S: JSON identical but for the time" "diff <(strip $tmp/s1.json) <(strip $tmp/s2.json)"
    check "kmc $S: three points" \
        "python3 -c 'import json,sys; sys.exit(len(json.load(open(\"$tmp/s1.json\"))[\"runs\"]) != 3)'"
done

# 40 atoms (Li and Cl) random-walking for 400 frames, unwrapped, 0.1 ps apart.
awk 'BEGIN{srand(5); n=40; for(i=1;i<=n;i++){x[i]=rand()*20;y[i]=rand()*20;z[i]=rand()*20}
  for(f=0;f<400;f++){printf "ITEM: TIMESTEP\n%d\nITEM: NUMBER OF ATOMS\n%d\n",f*100,n;
    printf "ITEM: BOX BOUNDS pp pp pp\n0 20\n0 20\n0 20\nITEM: ATOMS id type xu yu zu\n";
    for(i=1;i<=n;i++){s=(i%2)?0.3:0.15; x[i]+=s*(rand()-0.5)*3.46; y[i]+=s*(rand()-0.5)*3.46;
      z[i]+=s*(rand()-0.5)*3.46; printf "%d %d %.6f %.6f %.6f\n",i,1+(i+1)%2,x[i],y[i],z[i]}}}' \
  > "$tmp/w.dump"
D=(diffusion "$tmp/w.dump" --types 1=Li,2=Cl --timestep 1 --json)
"$H" "${D[@]}" > "$tmp/d1.json"; check "diffusion alone exits 0" "[ $? -eq 0 ]"
"${MPI[@]}" "$H" "${D[@]}" > "$tmp/d2.json"; check "diffusion on 2 ranks exits 0" "[ $? -eq 0 ]"
# Every number of the two JSON documents, in order (numbers.bash).
source "$(dirname "$0")/numbers.bash"
check "diffusion: the same numbers on 2 ranks" "same_numbers $tmp/d1.json $tmp/d2.json"

# The same walk wrapped into the box (x y z): each rank reads its own frames
# and the image shifts are joined across the ranks (haven_mpi_load).
awk '/ITEM: ATOMS/{print "ITEM: ATOMS id type x y z"; rows=1; next} /ITEM:/{rows=0}
  rows{for(k=3;k<=5;k++){w=$k-20*int($k/20); if(w<0)w+=20; $k=sprintf("%.6f",w)}; print; next}
  {print}' \
  "$tmp/w.dump" > "$tmp/wrapped.dump"
D=(diffusion "$tmp/wrapped.dump" --types 1=Li,2=Cl --timestep 1 --json)
"$H" "${D[@]}" > "$tmp/r1.json"; check "wrapped diffusion alone exits 0" "[ $? -eq 0 ]"
"${MPI[@]}" "$H" "${D[@]}" > "$tmp/r2.json"; check "wrapped diffusion on 2 ranks exits 0" "[ $? -eq 0 ]"
check "wrapped diffusion: the same numbers on 2 ranks" "same_numbers $tmp/r1.json $tmp/r2.json"
check "wrapped diffusion: the numbers of the unwrapped file" "same_numbers $tmp/d1.json $tmp/r2.json"

A=(analyze "$tmp/w.dump" --types 1=Li,2=Cl --timestep 1 --charges Li=1,Cl=-1 --temperature 300 --json)
"$H" "${A[@]}" > "$tmp/a1.json"; check "analyze alone exits 0" "[ $? -eq 0 ]"
"${MPI[@]}" "$H" "${A[@]}" > "$tmp/a2.json"; check "analyze on 2 ranks exits 0" "[ $? -eq 0 ]"
check "analyze: the same numbers on 2 ranks" "same_numbers $tmp/a1.json $tmp/a2.json"

# A failure on every rank: exit status 1 and rank 0's message.
"${MPI[@]}" "$H" analyze "$tmp/w.dump" --types 1=Li,2=Cl --timestep 1 --charges Li=1,Cl=-1 \
    > /dev/null 2> "$tmp/err.txt"
check "failure under mpirun exits non-zero" "[ $? -ne 0 ]"
check "rank 0's message shown" "grep -q 'temperature is unknown' $tmp/err.txt"
exit $fail
