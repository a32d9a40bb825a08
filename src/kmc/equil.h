/* Internal: equilibration detected from the run (MSER rule). */
#ifndef HAVEN_SRC_KMC_EQUIL_H
#define HAVEN_SRC_KMC_EQUIL_H

#include "kmc/engine.h"

/* MSER truncation point of x[0..n): the d minimising the variance of the
 * mean of x[d..n). */
int kmc_mser(const double *x, int n);
/* Hop in chunks of `chunk` until the energy per ion and the jump rate are
 * stationary (MSER truncation in the first half of each series), or until
 * about max_hops; *done: hops taken, *settled: 1 if stationary. A lattice
 * where no hop is possible stops it early (the caller finds that out). */
haven_status kmc_equilibrate(kmc_state *s, long chunk, long max_hops, double *done, int *settled);

#endif
