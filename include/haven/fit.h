/* Model fits for transport experiments: PFG-NMR (Stejskal-Tanner), NMR
 * relaxometry (BPP), 2D EXSY build-up, stretched exponentials (KWW, QENS),
 * and closed-form calculators (Bruce-Vincent transference number,
 * Nernst-Einstein conductivity and Haven ratio, hopping conductivity).
 * Temperature-dependence fits (Arrhenius, VFT) are in haven/arrhenius.h.
 *
 * Every fit returns a haven_fit_result: parameter values in SI units, their
 * standard errors, 95% intervals and covariance. Weighting follows
 * haven/arrhenius.h: with per-point sigma the errors are taken as known
 * (chi2 = sum ((y - f)/sigma)^2, normal quantile 1.96); without, the fit is
 * unweighted, the covariance is scaled by RSS/dof and intervals use Student's
 * t(dof). AIC/BIC are defined as in haven/arrhenius.h. Parameters that must
 * be positive are fitted as logarithms; their intervals are exp(ln p +- q se)
 * (asymmetric) and their stderr is the delta-method p * se(ln p). */
#ifndef HAVEN_FIT_H
#define HAVEN_FIT_H

#include "haven/core.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HAVEN_FIT_MAX_PARAMS 8

typedef struct {
    size_t n_params;
    const char *name[HAVEN_FIT_MAX_PARAMS]; /* static strings */
    const char *unit[HAVEN_FIT_MAX_PARAMS]; /* SI unit of the value */
    double value[HAVEN_FIT_MAX_PARAMS];
    double err[HAVEN_FIT_MAX_PARAMS];
    double lo95[HAVEN_FIT_MAX_PARAMS], hi95[HAVEN_FIT_MAX_PARAMS];
    double cov[HAVEN_FIT_MAX_PARAMS][HAVEN_FIT_MAX_PARAMS];
    double chi2; /* weighted chi2, or RSS when unweighted */
    size_t n_points, dof;
    double aic, bic;
    int weighted;
    double q95; /* quantile used for the intervals */
} haven_fit_result;

/* Index of a parameter by name, or -1. */
HAVEN_API int haven_fit_param_index(const haven_fit_result *r, const char *name);

#ifdef __cplusplus
}
#endif
#endif
