/* Internal: weighted nonlinear least squares shared by every model fit.
 *
 * A model gives f(x) and its gradient with respect to internal parameters
 * theta; each parameter has a transform so bounds hold without constrained
 * optimisation:  NONE p = theta,  LOWER p = bound + exp(theta),
 * UPPER p = bound - exp(theta). The solver (GSL multifit_nlinear, trust
 * region with Levenberg-Marquardt steps and geodesic acceleration off) works
 * on theta; results are mapped back to p with the delta method for the
 * covariance and by transforming the endpoints for the 95% intervals. */
#ifndef HAVEN_SRC_FIT_NLFIT_H
#define HAVEN_SRC_FIT_NLFIT_H

#include "haven/fit.h"

typedef enum { FIT_TF_NONE, FIT_TF_LOWER, FIT_TF_UPPER } fit_transform;

typedef struct {
    size_t n_params;
    const char *name[HAVEN_FIT_MAX_PARAMS];
    const char *unit[HAVEN_FIT_MAX_PARAMS];
    fit_transform tf[HAVEN_FIT_MAX_PARAMS];
    double bound[HAVEN_FIT_MAX_PARAMS];
    /* Reported value = scale * transformed parameter (0 means 1): lets the
     * solver work in well-scaled units (eV) while results are SI (J). */
    double scale[HAVEN_FIT_MAX_PARAMS];
    /* f(x; theta) and df/dtheta_j into grad[0..n_params). */
    void (*eval)(double x, const double *theta, const void *ctx, double *f, double *grad);
    const void *ctx;
} fit_model;

/* Map between public parameter p and internal theta for parameter j. */
double fit_to_internal(const fit_model *m, size_t j, double p);
double fit_to_public(const fit_model *m, size_t j, double theta);

/* Fit n points (sigma may be NULL: unweighted) from the start p0, given as
 * public parameters before scale (they must satisfy the bounds). */
haven_status fit_nonlinear(const fit_model *m, const double *x, const double *y,
                           const double *sigma, size_t n, const double *p0, haven_fit_result *out);

/* The two-sided 95% quantile: normal when errors are known, t(dof) otherwise. */
double fit_q95(int weighted, size_t dof);

/* AIC and BIC as documented in haven/arrhenius.h; k = model parameters. */
void fit_information(double chi2, size_t n, size_t k, int weighted, double *aic, double *bic);

/* Check arrays: finite, sigma > 0; positive_y requires y > 0. Names the
 * offending point (1-based) in the message. */
haven_status fit_check_data(const double *x, const double *y, const double *sigma, size_t n,
                            size_t min_n, int positive_x, int positive_y);

/* Outputs of a prediction made on ln y with standard deviation sd: the
 * value, its delta-method error and the exponentiated (asymmetric) interval
 * ln y +- q95 sd. Any pointer may be NULL. */
haven_estimate haven_lognormal_estimate(double lny, double sd, double q95);

#endif
