#!/bin/bash
# Bad inputs for the DCD, XTC, TRR, ASE, numpy, XYZ/CP2K and OUTCAR
# readers: truncated files, wrong sizes and counts, NaN, missing cell or
# elements. Each must exit 1 (2 for a malformed option) with a message
# naming the file and the frame (or line) and what was expected, within the
# time and memory limits of expect_fail, without a sanitizer report.
# usage: traj_formats_bad.sh HAVEN_BIN TESTS_DATA_DIR SHARED_DATA_DIR EXAMPLES_DIR
set -u
HAVEN=$(realpath "$1")
D=$(realpath "$2")/traj
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
. "$(dirname "$0")/../support/expect_fail.bash"
fail=0
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
cd "$TMP" || exit 1
EL="--elements Li:24,Cl:*"
FR="--timestep 100 --stride 1"
size() { stat -c %s "$1"; }

# Byte surgery with the standard library only: patch FILE OFFSET FORMAT VALUE.
patch() {
    "$PY" -c 'import struct, sys
p, off, fmt, v = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
b = bytearray(open(p, "rb").read())
v = float(v) if fmt[-1] in "fd" else int(v)
struct.pack_into(fmt, b, off if off >= 0 else len(b) + off, v)
open(p, "wb").write(b)' "$@"
}

# --- DCD: header 276 bytes (84+8, 84+8 title, 4+8 count); frames of 56 + 3 x 200 bytes.
head -c $(($(size "$D/lj.dcd") - 100)) "$D/lj.dcd" > cut.dcd
expect_fail 1 "cut\.dcd: frame 81: unexpected end of file .*expected Z coordinates" -- diffusion cut.dcd $EL $FR
head -c 200 "$D/lj.dcd" > head.dcd
expect_fail 1 "head\.dcd: header: title lines .* beyond the end of the file" -- diffusion head.dcd $EL $FR
cp "$D/lj.dcd" recsize.dcd && patch recsize.dcd $((276 + 656 + 56)) '<i' 196
expect_fail 1 "recsize\.dcd: frame 2: X coordinates: record of 196 bytes \(expected 192" -- diffusion recsize.dcd $EL $FR
cp "$D/lj.dcd" nan.dcd && patch nan.dcd $((276 + 656 * 4 + 56 + 4 + 4 * 7)) '<f' nan
expect_fail 1 "nan\.dcd: frame 5: atom 8 has coordinate x = nan" -- diffusion nan.dcd $EL $FR
expect_fail 1 "lj\.dcd: a DCD file names no elements; .*--elements" -- diffusion "$D/lj.dcd" $FR
expect_fail 1 "lj\.dcd: --elements 'Li:24,Cl:23' gives 47 atoms, but the file has 48" -- diffusion "$D/lj.dcd" --elements Li:24,Cl:23 $FR
expect_fail 1 "unknown element 'Xx'" -- diffusion "$D/lj.dcd" --elements Li:24,Xx:* $FR

# --- XTC: frames of varying size (header 92 bytes: magic, atoms, step, time,
# box, atoms, precision, min, max, size index, byte count); cut inside the
# last frame, break frame 2's magic, damage frame 1's counts.
head -c $(($(size "$D/lj.xtc") - 50)) "$D/lj.xtc" > cut.xtc
expect_fail 1 "cut\.xtc: frame 81: unexpected end of file .*packed coordinates" -- diffusion cut.xtc $EL
first=$("$PY" -c 'import struct; b = open("'"$D/lj.xtc"'", "rb").read(); print(92 + (struct.unpack(">i", b[88:92])[0] + 3) // 4 * 4)')
cp "$D/lj.xtc" magic.xtc && patch magic.xtc "$first" '>i' 1996
expect_fail 1 "magic\.xtc: frame 2: magic number 1996 \(expected 1995" -- diffusion magic.xtc $EL
cp "$D/lj.xtc" bytes.xtc && patch bytes.xtc 88 '>i' 100000000
expect_fail 1 "bytes\.xtc: frame 1: 100000000 packed bytes for 48 atoms" -- diffusion bytes.xtc $EL
cp "$D/lj.xtc" idx.xtc && patch idx.xtc 84 '>i' 99
expect_fail 1 "idx\.xtc: frame 1: damaged packed coordinates: small-difference size index" -- diffusion idx.xtc $EL

# --- TRR: 696 bytes a frame (header 120 + box 36 + x 576 ... as written by gmx 2022).
head -c $(($(size "$D/lj.trr") - 10)) "$D/lj.trr" > cut.trr
expect_fail 1 "cut\.trr: frame 81: unexpected end of file .*positions" -- diffusion cut.trr $EL
cp "$D/lj.trr" natoms.trr && patch natoms.trr 64 '>i' 47
expect_fail 1 "natoms\.trr: header: block sizes do not match 47 atoms" -- diffusion natoms.trr $EL

# --- ASE .traj: cut the last item; a damaged item offset.
head -c $(($(size "$D/lj.traj") - 40)) "$D/lj.traj" > cut.traj
expect_fail 1 "cut\.traj: (header|frame [0-9]+): .*(end of the file|unexpected end of file)" -- diffusion cut.traj $FR
cp "$D/lj.traj" off.traj && patch off.traj 32 '<q' 0
expect_fail 1 "off\.traj: header: 0 items" -- diffusion off.traj $FR

# --- numpy: a short array; NaN in frame 3; a 2-D array; npz without positions.
head -c $(($(size "$D/lj.npy") - 1000)) "$D/lj.npy" > short.npy
expect_fail 1 "short\.npy: header: the positions array needs 93312 bytes, but only 92312" -- diffusion short.npy $EL --cell 13.2,13.2,9.9 $FR
cp "$D/lj.npy" nan.npy && patch nan.npy $((128 + 2 * 48 * 24 + 5 * 24 + 8)) '<d' nan
expect_fail 1 "nan\.npy: frame 3: atom 6 has coordinate y = nan" -- diffusion nan.npy $EL --cell 13.2,13.2,9.9 $FR
expect_fail 1 "lj\.npy: a \.npy array has no cell; give it with --cell" -- diffusion "$D/lj.npy" $EL $FR
"$PY" -c 'import zipfile; z = zipfile.ZipFile("nopos.npz", "w"); z.writestr("x.npy", open("'"$D/lj.npy"'", "rb").read()); z.close()'
expect_fail 1 "nopos\.npz: no 'positions' array" -- diffusion nopos.npz $FR --format npz
"$PY" -c 'open("flat.npy", "wb").write(b"\x93NUMPY\x01\x00" + (118).to_bytes(2, "little") + b"{'"'"'descr'"'"': '"'"'<f8'"'"', '"'"'fortran_order'"'"': False, '"'"'shape'"'"': (4, 3), }".ljust(117) + b"\n" + bytes(96))'
expect_fail 1 "flat\.npy: positions must be a float array of shape \(frames, atoms, 3\)" -- diffusion flat.npy $EL --cell 5,5,5 $FR

# --- XYZ and CP2K: no cell; a cell file that starts late; a bad --cell.
expect_fail 1 "lj\.xyz\.gz: plain XYZ has no cell.*--cell" -- diffusion "$D/lj.xyz.gz" $FR
mkdir -p cp2k && zcat "$D/lj-pos-1.xyz.gz" > cp2k/run-pos-1.xyz && tail -n 3 "$D/lj-1.cell" > cp2k/run-1.cell
expect_fail 1 "run-1\.cell: no cell for MD step 0" -- diffusion cp2k/run-pos-1.xyz
expect_fail 2 "--cell: cell '1,2': 2 numbers" -- diffusion "$D/lj.xyz.gz" --cell 1,2 $FR
expect_fail 2 "cell angles 90 90 200|angles within" -- diffusion "$D/lj.xyz.gz" --cell 5,5,5,90,90,200 $FR

# --- OUTCAR: cut inside a POSITION block; more ions than 'ions per type'.
zcat "$D/lj.OUTCAR.gz" | head -n 300 > cut.OUTCAR
expect_fail 1 "cut\.OUTCAR:301: unexpected end of file \(expected an ion row" -- diffusion cut.OUTCAR
zcat "$D/lj.OUTCAR.gz" | sed 's/ions per type =              24  24/ions per type =              24  23/' > count.OUTCAR
expect_fail 1 "count\.OUTCAR:[0-9]+: expected dashes after 47 ion rows" -- diffusion count.OUTCAR

exit $fail
