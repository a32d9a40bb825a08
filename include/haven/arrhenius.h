/* Temperature dependence of transport coefficients: Arrhenius and
 * Vogel-Fulcher-Tammann (VFT) fits with parameter covariances, and
 * information criteria (AIC/BIC) to say which model the data support.
 *
 * Both fits work on ln(y): each point is weighted by its uncertainty
 * propagated to the logarithm, sigma_ln = sigma_y / y. With sigma_y == NULL
 * the fit is unweighted and the residual variance estimates the errors
 * (intervals then use Student's t with dof = n - k; with given sigma_y the
 * errors are taken as known and intervals use the normal quantile 1.96).
 *
 * Information criteria, same definitions for both models so they can be
 * compared on the same data and weights (lower is better):
 *   weighted:   AIC = chi2 + 2 k,               BIC = chi2 + k ln n
 *   unweighted: AIC = n ln(RSS/n) + 2 (k + 1),  BIC = n ln(RSS/n) + (k + 1) ln n
 * where k is the number of model parameters (2 Arrhenius, 3 VFT) and the +1
 * counts the estimated variance. These are -2 ln L + penalty up to a constant
 * that is the same for both models on the same data. All SI: T in K, energies
 * in J.
 *
 * Thread safety: every function is reentrant (no shared state): calls may
 * run concurrently; results are plain structs owned by the caller. */
#ifndef HAVEN_ARRHENIUS_H
#define HAVEN_ARRHENIUS_H

#include "haven/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ln(y T^p) = ln A - Ea / (kB T). */
typedef struct {
    haven_estimate Ea;   /* J, with its 95% interval Ea +- q95 err */
    haven_estimate lnA;  /* ln of the prefactor in units of y * K^p (unit "1") */
    double cov[2][2];    /* covariance of (lnA, Ea) */
    double chi2;         /* weighted: sum of squared normalised residuals; unweighted: RSS */
    size_t dof;          /* n - 2 */
    double aic, bic;
    int temperature_power; /* p: 0 for D, 1 for sigma*T */
    int weighted;          /* 1 if sigma_y was given */
    double q95;            /* two-sided 95% quantile: 1.96 (weighted, consistent scatter) or
                              t_{0.975}(dof) (unweighted, or widened) */
    double birge;          /* weighted: the errors and cov were multiplied by
                              max(1, sqrt(chi2 / dof)) (the Birge ratio): 1 when the points scatter
                              as their errors say */
    int misfit;            /* weighted: chi2 beyond its 99th percentile (the points scatter more
                              than their errors: errors widened, the model may be wrong) */
} haven_arrhenius_result;

/* Fit n >= 3 points (T > 0, y > 0, sigma_y > 0 when given). */
HAVEN_API haven_status haven_arrhenius_fit(const double *T, const double *y, const double *sigma_y,
                                           size_t n, int temperature_power,
                                           haven_arrhenius_result *out);

/* y(T) with its standard error and 95% interval from the full covariance
 * (delta method on ln y; the interval exp(ln y +- q95 sd) is asymmetric),
 * in y's units (unit NULL: the caller's). */
HAVEN_API haven_status haven_arrhenius_predict(const haven_arrhenius_result *r, double T,
                                               haven_estimate *y);

/* y = A T^m exp(-B / (kB (T - T0))); m = -1/2 for conductivity, 0 for D.
 * T0 is kept below the lowest measured temperature (it may come out
 * negative, which means the data show no VFT curvature). */
typedef struct {
    haven_estimate lnA;      /* ln of A in units of y * K^-m (unit "1") */
    haven_estimate B;        /* J */
    haven_estimate T0;       /* K; interval asymmetric (fitted as ln(Tmin - T0)) */
    double cov[3][3];        /* covariance of (lnA, B, T0) */
    double chi2;
    size_t dof; /* n - 3 */
    double aic, bic;
    double temperature_exponent; /* m */
    int weighted;
    double q95;
} haven_vft_result;

/* Fit n >= 4 points; same weighting rules as haven_arrhenius_fit. */
HAVEN_API haven_status haven_vft_fit(const double *T, const double *y, const double *sigma_y,
                                     size_t n, double temperature_exponent, haven_vft_result *out);

/* y(T) with its standard error (delta method, full covariance) and 95% interval. */
HAVEN_API haven_status haven_vft_predict(const haven_vft_result *r, double T, haven_estimate *y);

#ifdef __cplusplus
}
#endif
#endif
