#!/usr/bin/env bash
# Regenerate the molten LiCl example data from in.licl with the Debian LAMMPS
# binary (lmp, 29 Sep 2021), serially on one core.
#
# Run time: about 4.5 CPU-minutes per temperature on one x86-64 core, 17.5 for
# all four (26 min wall-clock on a shared 2-core machine).
# Each temperature is an independent run:
#   ./generate.sh            all temperatures
#   ./generate.sh 1000       one temperature
#
# Outputs (in this folder):
#   licl_T<T>.dump.gz        100 ps NVT production, every 0.5 ps (500 steps)
#   msd_T<T>.txt             LAMMPS compute msd per species, every 0.1 ps
#   log_T<T>.lammps          the LAMMPS log (thermo: T, P, V, density, energies)
#   wrapped/licl_T1000_wrapped.dump.gz   first 10 ps at 1000 K, wrapped x y z ix iy iz
#   D_lammps_msd.txt         D_Li, D_Cl from a linear fit of msd_T<T>.txt
set -euo pipefail
cd "$(dirname "$0")"

LMP=${LMP:-lmp}
WRAPPED_T=1000
temps=("$@")
[ ${#temps[@]} -gt 0 ] || temps=(900 1000 1100 1200)

for T in "${temps[@]}"; do
    wrapped=0
    [ "$T" = "$WRAPPED_T" ] && wrapped=1
    start=$(date +%s)
    nice -n 10 "$LMP" -in in.licl -var T "$T" -var wrapped "$wrapped" \
        -log "log_T$T.lammps" -screen none
    echo "T = $T K: $(( $(date +%s) - start )) s"
done

./fit_msd.sh msd_T*.txt > D_lammps_msd.txt
cat D_lammps_msd.txt
