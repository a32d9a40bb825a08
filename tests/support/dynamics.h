/* Synthetic trajectories that break the ideal random walk, with a known D:
 * caged Brownian particles, correlated lattice hops seen through thermal
 * vibration, and a vibrating framework (D = 0). For the tests of the
 * diffusion estimator and its error bars (tests/transport/test_dfit_real.c,
 * bench/dfit_real_coverage.c). */
#ifndef HAVEN_TESTS_DYNAMICS_H
#define HAVEN_TESTS_DYNAMICS_H

#include "haven/diffusion.h"
#include "haven/series.h"

#include <gsl/gsl_rng.h>

/* Overdamped Brownian particles in U = U0 sum_k cos(2 pi x_k / L): cages of
 * depth 2 U0 around the wells, then diffusion with the Lifson-Jackson
 * coefficient D0 / I0(U0/kT)^2 (exact for a periodic potential). */
typedef struct {
    size_t n, frames;
    double D0;         /* m^2/s, free diffusion */
    double barrier_kT; /* U0 / kT */
    double period;     /* L, m */
    double frame_dt;   /* s */
    int substeps;      /* integration steps per frame */
} dyn_cage;

haven_store *dyn_cage_store(gsl_rng *rng, const dyn_cage *p);
double dyn_cage_truth(const dyn_cage *p);

/* Simple-cubic lattice hops (Poisson, `rate` per frame, jump length a) where
 * each hop reverses the previous one with probability `back` (else any of
 * the 6 directions): correlation factor f = (1 - back)/(1 + back), so the MSD
 * slope falls from a^2 rate/6 per frame to f times that. Seen through an
 * Ornstein-Uhlenbeck vibration of rms `vib` per component, correlation time
 * `vib_frames`. The truth is the long-time slope of the vibration-free
 * positions, f a^2 Gamma / 6. */
typedef struct {
    size_t n, frames;
    double a;          /* m */
    double rate;       /* hops per frame */
    double back;       /* probability of the back-jump */
    double vib;        /* m */
    double vib_frames; /* frames */
    double frame_dt;   /* s */
    int rigid;         /* 1: no vibration */
} dyn_hop;

haven_store *dyn_hop_store(gsl_rng *rng, const dyn_hop *p);
double dyn_hop_truth(const dyn_hop *p);
/* The same atoms vibrating about fixed sites: D = 0. */
haven_store *dyn_framework_store(gsl_rng *rng, const dyn_hop *p);

/* Bound pairs: n/2 pair centres take Gaussian steps of per-component sd
 * `step` per frame; each atom sits at its centre +- half a bond (random
 * orientation, fixed) plus a vibration of rms `vib`. The two atoms of a pair
 * move together: D = step^2 / (2 frame_dt), with the walkers correlated in
 * pairs (the variance of the species' MSD is twice that of independent
 * atoms). */
typedef struct {
    size_t n, frames;
    double step, bond, vib; /* m */
    double frame_dt;        /* s */
} dyn_pairs;

haven_store *dyn_pairs_store(gsl_rng *rng, const dyn_pairs *p);
double dyn_pairs_truth(const dyn_pairs *p);

/* Sub-diffusive walkers: fractional Brownian motion with Hurst exponent H
 * < 1/2 (MSD ~ t^(2H) at every lag and for every time origin: ergodic, so
 * the time-averaged MSD shows it; a continuous-time random walk would not,
 * its time-averaged MSD is linear). Increments of sd `step` per frame,
 * generated from the Cholesky factor of their covariance. */
typedef struct {
    size_t n, frames;
    double hurst;
    double step;     /* m */
    double frame_dt; /* s */
} dyn_fbm;

haven_store *dyn_fbm_store(gsl_rng *rng, const dyn_fbm *p);

/* MSD with statistics and the default fit (automatic window, data noise),
 * as `haven diffusion` does. */
haven_status dyn_fit(haven_store *s, size_t n, double frame_dt, haven_dfit_result *r);

#endif
