#!/usr/bin/env bash
# Install haven's build and test dependencies from Debian when missing.
set -euo pipefail
pkgs=(build-essential cmake pkg-config libfftw3-dev libgsl-dev zlib1g-dev libxml2-dev
      libhdf5-dev libcmocka-dev libsymspg-dev libcif-dev libzip-dev libcjson-dev)
# CI also builds with clang (make test-clang); its runtime libraries give
# clang the sanitizers and libFuzzer.
pkgs+=(clang libclang-rt-14-dev)
# The Python package (python/) and its tests: Debian's numpy, pytest,
# setuptools and pip (offline install), and the optional inputs the tests
# exercise (ASE Atoms, MDAnalysis Universe).
pkgs+=(python3-numpy python3-pytest python3-setuptools python3-pip python3-venv python3-ase
       python3-mdanalysis)
# make test-mpi: the optional MPI build (-DHAVEN_MPI=ON) and mpirun.
pkgs+=(libopenmpi-dev openmpi-bin)
# H5MD through parallel HDF5 in that build (haven_formats_mpio.so). It points
# the hdf5.pc alternative at the MPI build; the default build asks for
# hdf5-serial by name, so it stays free of MPI.
pkgs+=(libhdf5-openmpi-dev)
# make test-mpich: MPICH too (its alternatives rank below Open MPI's, so
# mpicc and mpirun stay Open MPI's).
pkgs+=(libmpich-dev mpich)
# Figures: PLplot with its cairo driver (a plugin loaded only when drawing),
# a font for its text, libpng for the image checks of the tests.
pkgs+=(libplplot-dev plplot-driver-cairo fonts-dejavu-core libpng-dev)
# Reports: SHA-256 of the inputs (nettle); checked in headless Chromium.
pkgs+=(nettle-dev chromium)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The CLI tests parse JSON with python3 (standard library only).
command -v python3 > /dev/null 2>&1 || missing+=(python3)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing: ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
