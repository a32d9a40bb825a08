/* Internal: measured sums per unit (replica or block) and the transport
 * coefficients derived from them with jackknife error bars. */
#ifndef HAVEN_SRC_KMC_OBSERVE_H
#define HAVEN_SRC_KMC_OBSERVE_H

#include "haven/kmc.h"

#define K_MAX HAVEN_KMC_MAX_SPECIES

/* Everything an observable is a ratio of. Sums over blocks; displacements
 * in m, charges in e. */
typedef struct {
    double tr[K_MAX];                    /* sum over ions of |dr|^2 */
    double tr_half[K_MAX];               /* the same over the block's halves: |dr1|^2 + |dr2|^2 */
    double jumps[K_MAX];                 /* number of jumps */
    double jump_sq[K_MAX];               /* sum of |jump|^2 */
    double cos_sum[K_MAX], cos_n[K_MAX]; /* consecutive jumps of one ion */
    double mq2;                          /* |sum q dr|^2 (centred on the drift under a field) */
    /* Over pairs of consecutive windows (1, 2): |dM1 + dM2|^2 and
     * |dM1|^2 + |dM2|^2, centred likewise: the collective block bias. */
    double mq2_pair, mq2_pair_parts;
    double drift_q; /* sum q Fhat.dr */
    double time;    /* s */
} kmc_sums;

/* Constants the observables need besides the sums. */
typedef struct {
    size_t n_species;
    double count[K_MAX];  /* ions per species */
    double charge[K_MAX]; /* e */
    int dim;
    double volume; /* m^3 */
    double kT;     /* J */
    double field;  /* |F|, V/m */
} kmc_system;

void kmc_sums_add(kmc_sums *acc, const kmc_sums *x);
/* Fill the estimates of res from n units of sums. */
void kmc_estimate_all(const kmc_sums *units, int n, const kmc_system *sys, haven_kmc_result *res);

#endif
