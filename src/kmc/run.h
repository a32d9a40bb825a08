/* Internal: several KMC points (temperatures, or lattices) measured
 * together. */
#ifndef HAVEN_SRC_KMC_RUN_H
#define HAVEN_SRC_KMC_RUN_H

#include "haven/kmc.h"

/* Point i on lattice L[i] with parameters p[i] into res[i], as haven_kmc_run
 * would, but all in rounds: each round runs the span of every point still
 * measuring, then chooses each one's lengths and doubles the spans that
 * need it. With a partition the replicas of all the points are dealt round
 * the processes together (replica r of point i is number
 * n_replicas_0 + ... + n_replicas_(i-1) + r), so P processes are busy as
 * long as the points have P replicas between them; the results are bit for
 * bit those of haven_kmc_run point by point. Every point's replicas are in
 * memory at once. elapsed is the whole run's. */
haven_status kmc_run_points(const haven_kmc_lattice *const *L, const haven_kmc_params *p,
                            size_t n, haven_kmc_result *res);

#endif
