/* Internal: site energies (disorder) for one replica. */
#ifndef HAVEN_SRC_KMC_ENERGY_H
#define HAVEN_SRC_KMC_ENERGY_H

#include "haven/kmc.h"

#include <gsl/gsl_rng.h>

/* Fill energy[0..n) (J) as p->disorder asks, drawing from rng. */
void kmc_draw_energies(double *energy, size_t n, const haven_kmc_params *p, gsl_rng *rng);

/* Range [lo, hi] of site energies the occupation histogram covers, from
 * the parameters (Gaussian: +-4 width). Returns 0 when there is no
 * spread (ordered lattice), so no histogram is made. */
int kmc_energy_range(const haven_kmc_params *p, size_t n, double *lo, double *hi);

#endif
