/* Noise model of an MSD curve and the GLS fits made with it (internal). */
#ifndef HAVEN_SRC_TRANSPORT_DNOISE_H
#define HAVEN_SRC_TRANSPORT_DNOISE_H

#include "haven/diffusion.h"

typedef struct {
    size_t T;       /* frames of the run */
    double dt;      /* s per lag step */
    double walkers; /* independent walkers averaged */
    int dims;       /* components summed in the MSD */
    haven_noise_model model;
    const haven_msd_stats *st; /* NULL for the random-walk model */
    int axis;                  /* dims 1: the component */
    double walker_corr;        /* of the last fit (dgls_fit sets it) */
} dnoise;

typedef struct {
    double slope, slope_err, intercept, intercept_err; /* line fit */
    double chi2_red;                                   /* of the line fit, absolute scale */
    double hinge_z; /* change of slope at the window's geometric middle / its error */
    double ols_z;   /* (OLS - GLS slope) / sd of the difference */
    double white;   /* share of the variance at the last lag that is white (vibrations) */
} dgls;

haven_status dnoise_init(dnoise *nz, size_t T, double dt, double walkers, int dims,
                         const haven_msd_stats *st, int axis);
/* Fit y = a + b t on the given lags (t = lag dt) with the covariance of the
 * model; s4 > 0 sets the random-walk scale, from_residuals takes the scale
 * from the residuals; rw_weights: estimate with the random-walk weights and
 * take only the errors (and the tests) from the data's covariance. */
haven_status dgls_fit(dnoise *nz, const size_t *lags, const double *t, const double *y, size_t n,
                      double s4, int from_residuals, int rw_weights, dgls *out);
/* Straight-line OLS y = a + b x with the textbook (uncorrelated) error of b
 * (b_err may be NULL): the comparison D_OLS, the Hausman test, log-log slopes. */
void dnoise_ols(const double *x, const double *y, size_t n, double *a, double *b, double *b_err);

#endif
