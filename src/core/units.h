/* Display units shared by the library's JSON documents and the CLI's tables,
 * figures and reports: haven computes in SI and shows D in cm^2/s, sigma in
 * mS/cm, times in ps, lengths in Angstrom, energies in eV. One table, so that
 * a JSON value, its table row and its figure axis can never disagree. (The
 * CLI's --units picks another from tools/units_cli.c's list.) */
#ifndef HAVEN_CORE_UNITS_H
#define HAVEN_CORE_UNITS_H

#include "haven/core.h"

#define HAVEN_CM2_PER_M2 1e4     /* m^2/s -> cm^2/s (and m^2 -> cm^2) */
#define HAVEN_A2_PER_M2 1e20     /* m^2 -> Angstrom^2 */
#define HAVEN_A_PER_M 1e10       /* m -> Angstrom */
#define HAVEN_PS_PER_S 1e12      /* s -> ps */
#define HAVEN_MS_CM_PER_S_M 10.0 /* 1 S/m = 10 mS/cm */
#define HAVEN_S_CM_PER_S_M 0.01  /* 1 S/m = 0.01 S/cm */
/* Onsager coefficient L_ab (1/(J m s)) -> e^2 L_ab in mS/cm */
#define HAVEN_L_TO_MS_CM (HAVEN_E_CHARGE * HAVEN_E_CHARGE * HAVEN_MS_CM_PER_S_M)

#endif
