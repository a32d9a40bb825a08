/* Internal: validation of haven_kmc_params. */
#ifndef HAVEN_SRC_KMC_PARAMS_H
#define HAVEN_SRC_KMC_PARAMS_H

#include "haven/kmc.h"

/* The caller's parameters with the defaults of zero fields filled in, in
 * the engine's convention for equil_hops (< 0: until stationary, >= 0:
 * exactly that many). Every function below and the engine take these. */
void kmc_params_resolve(const haven_kmc_params *in, haven_kmc_params *out);

haven_status kmc_params_check(const haven_kmc_params *p, size_t n_sites);

/* Largest |q e F.d| / kT allowed: the field factor exp(q e F.d / 2kT)
 * and its inverse stay far inside the doubles' range. */
#define KMC_MAX_FIELD_ENERGY 700.0
/* Largest total hop rate, 1/s: a sum of rates that overflows makes every
 * time step zero, and the run never reaches its end. */
#define KMC_MAX_TOTAL_RATE 1e300

/* The rates the parameters give on this lattice are finite and nonzero:
 * the field term is at most KMC_MAX_FIELD_ENERGY, and the sum of the
 * fastest rate over every slot at most KMC_MAX_TOTAL_RATE. */
haven_status kmc_rates_check(const haven_kmc_lattice *L, const haven_kmc_params *p);

#endif
