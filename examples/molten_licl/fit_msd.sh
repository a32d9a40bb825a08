#!/usr/bin/env bash
# Self-diffusion coefficients from LAMMPS's own compute msd output
# (msd_T<T>.txt: step, MSD_Li, MSD_Cl in A^2, 1 fs steps): least-squares slope
# of MSD(t) over t = 20..100 ps (well past the ballistic and caging regime,
# < 1 ps), D = slope / 6, 1 A^2/ps = 1e-4 cm^2/s.  One time origin, so expect
# ~10 % noise: this is an independent check, not the reference analysis.
# Also prints the Nernst-Einstein conductivity
#   sigma_NE = e^2 / (V k_B T) * (N_Li D_Li + N_Cl D_Cl)
# with V the production volume from log_T<T>.lammps (256 ions of each kind).
set -euo pipefail
T0=${T0:-20}
T1=${T1:-100}
printf '# D from LAMMPS compute msd, linear fit over %s..%s ps, single time origin\n' "$T0" "$T1"
printf '# T(K)  V(A^3)  D_Li(cm^2/s)  D_Cl(cm^2/s)  sigma_NE(S/cm)\n'
for f in "$@"; do
    T=${f#msd_T}; T=${T%.txt}
    V=$(sed -n 's/^NPT mean volume (2nd half) = \([0-9.]*\) A^3.*/\1/p' "log_T$T.lammps")
    awk -v T="$T" -v V="$V" -v t0="$T0" -v t1="$T1" '
        /^#/ { next }
        { t = $1 * 0.001; if (t < t0 || t > t1) next
          n++; st += t; stt += t * t
          s1 += $2; st1 += t * $2; s2 += $3; st2 += t * $3 }
        END {
          den = n * stt - st * st
          d1 = (n * st1 - st * s1) / den / 6 * 1e-4   # cm^2/s
          d2 = (n * st2 - st * s2) / den / 6 * 1e-4
          e = 1.602176634e-19; kb = 1.380649e-23
          sig = e * e / (V * 1e-30 * kb * T) * 256 * (d1 + d2) * 1e-4 / 100   # S/cm
          printf "%5d  %8.1f  %.3e  %.3e  %.2f\n", T, V, d1, d2, sig }' "$f"
done | sort -n
