/* Internal: measured sums per unit (replica or block) and the transport
 * coefficients derived from them with jackknife error bars. */
#ifndef HAVEN_SRC_KMC_OBSERVE_H
#define HAVEN_SRC_KMC_OBSERVE_H

#include "haven/kmc.h"

#define K_MAX HAVEN_KMC_MAX_SPECIES

/* Everything an observable is a ratio of. Displacements in m, charges
 * in e. The tracer and collective squared displacements are summed at
 * three interval lengths l, 2l and 4l over the same time (index 0, 1, 2),
 * so the curvature of the MSD (a bias of D from intervals too short for
 * it to be linear) is measured alongside. */
typedef struct {
    double tr[3][K_MAX];                 /* sum over ions and intervals of |dr|^2 */
    double jumps[K_MAX];                 /* number of jumps */
    double jump_sq[K_MAX];               /* sum of |jump|^2 */
    double cos_sum[K_MAX], cos_n[K_MAX]; /* consecutive jumps of one ion */
    double mq2[3];                       /* sum of |sum q dr|^2 over windows (centred under a field) */
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
    /* Which of the three lengths D*, f (tracer) and D_sigma, sigma
     * (collective) are read at; the bias is that of this length. */
    int tracer_at, collective_at;
    /* Tracer read as the slope of MSD = s t + b over [l, 2l] (2 tr[2] -
     * tr[1]) instead of MSD(2l)/2l: the offset b removed (automatic mode). */
    int tracer_slope;
} kmc_system;

void kmc_sums_add(kmc_sums *acc, const kmc_sums *x);
/* Fill the estimates of res from n units of sums. */
void kmc_estimate_all(const kmc_sums *units, int n, const kmc_system *sys, haven_kmc_result *res);
/* Relative bias of the squared-displacement sum x[at] (lengths l, 2l, 4l
 * in x[0..2]) against its long-interval limit, with the approach to it
 * taken as a power law (see observe.c). */
double kmc_curvature_bias(const double x[3], int at);

#endif
