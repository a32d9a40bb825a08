/* Arrhenius fit: weighted linear regression of ln(y T^p) on 1/(kB T). */
#include "haven/arrhenius.h"

#include "core/error.h"
#include "fit/nlfit.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_fit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Points from different runs or samples often scatter more than their own
 * errors say (each run's error misses run-to-run differences; a curved
 * ln(y) against 1/T). Every caller (analyze, eis batch, kmc, fit) gets the
 * same treatment here: when chi^2/dof > 1 the errors are multiplied by the
 * Birge ratio sqrt(chi^2/dof) and the interval uses Student's t with dof
 * degrees of freedom; chi^2 beyond its 99th percentile is flagged. */
/* The 95% intervals of Ea and ln A with the fit's quantile. */
static void set_intervals(haven_arrhenius_result *r)
{
    r->Ea = haven_estimate_make(r->Ea.value, r->Ea.err, 0, "J");
    r->lnA = haven_estimate_make(r->lnA.value, r->lnA.err, 0, "1");
    double q = r->q95;
    r->Ea.lo = r->Ea.value - q * r->Ea.err, r->Ea.hi = r->Ea.value + q * r->Ea.err;
    r->lnA.lo = r->lnA.value - q * r->lnA.err, r->lnA.hi = r->lnA.value + q * r->lnA.err;
}

static void birge_widen(haven_arrhenius_result *r)
{
    r->birge = 1;
    if (!r->weighted || r->dof == 0)
        return;
    double ratio = r->chi2 / (double)r->dof;
    r->misfit = r->chi2 > gsl_cdf_chisq_Qinv(0.01, (double)r->dof);
    if (ratio <= 1)
        return;
    r->birge = sqrt(ratio);
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
            r->cov[i][j] *= ratio;
    r->Ea.err *= r->birge;
    r->lnA.err *= r->birge;
    r->q95 = haven_quantile95((double)r->dof);
    set_intervals(r);
}

haven_status haven_arrhenius_fit(const double *T, const double *y, const double *sigma_y, size_t n,
                                 int temperature_power, haven_arrhenius_result *out)
{
    if (!out)
        return haven_fail(HAVEN_ERR_ARG, "arrhenius: NULL result");
    memset(out, 0, sizeof *out);
    haven_status st = fit_check_data(T, y, sigma_y, n, 3, 1, 1);
    if (st != HAVEN_OK)
        return st;
    double *x = malloc(3 * n * sizeof *x);
    if (!x)
        return haven_fail(HAVEN_ERR_NOMEM, "arrhenius: out of memory");
    double *z = x + n, *w = x + 2 * n;
    for (size_t i = 0; i < n; i++) {
        x[i] = 1.0 / (HAVEN_KB * T[i]);
        z[i] = log(y[i]) + temperature_power * log(T[i]);
        /* Uncertainty propagated to the logarithm: sigma_ln = sigma_y / y. */
        w[i] = sigma_y ? pow(y[i] / sigma_y[i], 2) : 1.0;
    }
    double c0, c1, c00, c01, c11, chi2;
    if (sigma_y)
        gsl_fit_wlinear(x, 1, w, 1, z, 1, n, &c0, &c1, &c00, &c01, &c11, &chi2);
    else /* covariance already scaled by RSS/(n-2) */
        gsl_fit_linear(x, 1, z, 1, n, &c0, &c1, &c00, &c01, &c11, &chi2);
    double tmin = T[0], tmax = T[0];
    for (size_t i = 1; i < n; i++) {
        tmin = fmin(tmin, T[i]);
        tmax = fmax(tmax, T[i]);
    }
    free(x);
    if (!(tmax > tmin) || !isfinite(c11))
        return haven_fail(HAVEN_ERR_DATA, "arrhenius: need at least two distinct temperatures");
    /* the slope of ln y against 1/(kB T) is -Ea */
    out->cov[0][0] = c00;
    out->cov[0][1] = out->cov[1][0] = -c01;
    out->cov[1][1] = c11;
    out->lnA.value = c0;
    out->lnA.err = sqrt(c00);
    out->Ea.value = -c1;
    out->Ea.err = sqrt(c11);
    out->chi2 = chi2;
    out->dof = n - 2;
    out->temperature_power = temperature_power;
    out->weighted = sigma_y != NULL;
    out->q95 = fit_q95(out->weighted, out->dof);
    set_intervals(out);
    fit_information(chi2, n, 2, out->weighted, &out->aic, &out->bic);
    birge_widen(out);
    return HAVEN_OK;
}

haven_status haven_arrhenius_predict(const haven_arrhenius_result *r, double T, haven_estimate *y)
{
    if (!r || !(T > 0) || !isfinite(T))
        return haven_fail(HAVEN_ERR_ARG, "arrhenius: prediction needs a result and T > 0");
    double g1 = -1.0 / (HAVEN_KB * T); /* d ln y / d Ea; d ln y / d lnA = 1 */
    double lny = r->lnA.value + g1 * r->Ea.value - r->temperature_power * log(T);
    double var = r->cov[0][0] + 2.0 * g1 * r->cov[0][1] + g1 * g1 * r->cov[1][1];
    *y = haven_lognormal_estimate(lny, sqrt(fmax(var, 0.0)), r->q95);
    return HAVEN_OK;
}
