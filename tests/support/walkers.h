/* Synthetic Gaussian random walkers written straight into a store. */
#ifndef HAVEN_TESTS_WALKERS_H
#define HAVEN_TESTS_WALKERS_H

#include "haven/series.h"

#include <gsl/gsl_rng.h>

/* n walkers, T frames, per-component step standard deviation `step` (m),
 * walkers of group 1 take steps scaled by `ratio`. Returns a store (budget
 * max_bytes, 0 = default) or NULL. */
haven_store *walkers_store(gsl_rng *rng, size_t n, size_t T, double step, double ratio,
                           size_t max_bytes);

#endif
