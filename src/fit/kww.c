/* Kohlrausch-Williams-Watts stretched exponential F(t) = A exp(-(t/tau)^beta)
 * and its mean relaxation time <tau> = (tau/beta) Gamma(1/beta). */
#include "haven/fit.h"

#include "core/error.h"
#include "fit/nlfit.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>
#include <math.h>
#include <stdlib.h>

/* theta = (A, ln tau, ln beta). */
static void kww_eval(double t, const double *th, const void *ctx, double *f, double *grad)
{
    (void)ctx;
    double tau = exp(th[1]), beta = exp(th[2]);
    double lr = t > 0 ? log(t / tau) : -INFINITY, u = t > 0 ? exp(beta * lr) : 0.0;
    double e = exp(-u);
    if (e == 0.0) { /* fully decayed: u * e would be inf * 0 */
        *f = grad[0] = grad[1] = grad[2] = 0.0;
        return;
    }
    *f = th[0] * e;
    grad[0] = e;
    grad[1] = th[0] * e * beta * u;
    grad[2] = t > 0 ? -th[0] * e * u * beta * lr : 0.0;
}

/* ln(-ln(F/A)) = beta ln t - beta ln tau on points with 0.02 < F/A < 0.98,
 * A from the earliest point. */
static haven_status kww_start(const double *t, const double *F, size_t n, double *p0)
{
    size_t i0 = 0;
    for (size_t i = 1; i < n; i++)
        if (t[i] < t[i0])
            i0 = i;
    double A = F[i0], *x = malloc(2 * n * sizeof *x);
    if (!x)
        return haven_fail(HAVEN_ERR_NOMEM, "kww: out of memory");
    double *y = x + n;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        double r = F[i] / A;
        if (t[i] > 0 && r > 0.02 && r < 0.98) {
            x[m] = log(t[i]);
            y[m++] = log(-log(r));
        }
    }
    double c0, c1, c00, c01, c11, ss;
    int ok =
        m >= 2 && gsl_fit_linear(x, 1, y, 1, m, &c0, &c1, &c00, &c01, &c11, &ss) == 0 && c1 > 0;
    free(x);
    if (!ok || !(A != 0))
        return haven_fail(HAVEN_ERR_DATA,
                          "kww: data do not decay from their first value; cannot start the fit");
    p0[0] = A;
    p0[1] = exp(-c0 / c1);
    p0[2] = c1;
    return HAVEN_OK;
}

haven_status haven_kww_fit(const double *t, const double *F, const double *sigma, size_t n,
                           haven_fit_result *out)
{
    if (!out)
        return haven_fail(HAVEN_ERR_ARG, "kww: NULL result");
    haven_status st = fit_check_data(t, F, sigma, n, 4, 0, 0);
    if (st != HAVEN_OK)
        return st;
    fit_model m = {.n_params = 3,
                   .name = {"A", "tau", "beta"},
                   .unit = {"", "s", ""},
                   .tf = {FIT_TF_NONE, FIT_TF_LOWER, FIT_TF_LOWER},
                   .eval = kww_eval};
    double p0[3];
    if ((st = kww_start(t, F, n, p0)) != HAVEN_OK)
        return st;
    if ((st = fit_nonlinear(&m, t, F, sigma, n, p0, out)) != HAVEN_OK)
        haven_error_prefix("kww: ");
    return st;
}

haven_status haven_kww_mean_tau(const haven_fit_result *r, double *mean, double *err, double *lo95,
                                double *hi95)
{
    if (!r || r->n_params != 3 || !(r->param[1].value > 0) || !(r->param[2].value > 0))
        return haven_fail(HAVEN_ERR_ARG, "kww: mean tau needs a KWW fit result");
    double tau = r->param[1].value, beta = r->param[2].value;
    if (beta < 1e-6) /* keeps 1/beta far from lngamma's overflow (GSL would abort) */
        return haven_fail(HAVEN_ERR_NUMERIC, "kww: beta = %g is too small for <tau>", beta);
    gsl_sf_result lg;
    if (gsl_sf_lngamma_e(1.0 / beta, &lg) != GSL_SUCCESS)
        return haven_fail(HAVEN_ERR_NUMERIC, "kww: Gamma(1/beta) failed for beta = %g", beta);
    double lnmean = log(tau / beta) + lg.val;
    /* d ln<tau>/d ln tau = 1, d ln<tau>/d ln beta = -1 - psi(1/beta)/beta;
     * covariance of the logs from that of (tau, beta). */
    double g[2] = {1.0, -1.0 - gsl_sf_psi(1.0 / beta) / beta};
    double c[2][2] = {{r->cov[1][1] / (tau * tau), r->cov[1][2] / (tau * beta)},
                      {r->cov[2][1] / (tau * beta), r->cov[2][2] / (beta * beta)}};
    double var = g[0] * g[0] * c[0][0] + 2 * g[0] * g[1] * c[0][1] + g[1] * g[1] * c[1][1];
    double sd = sqrt(fmax(var, 0.0)), v = exp(lnmean);
    if (mean)
        *mean = v;
    if (err)
        *err = v * sd;
    if (lo95)
        *lo95 = exp(lnmean - r->q95 * sd);
    if (hi95)
        *hi95 = exp(lnmean + r->q95 * sd);
    return HAVEN_OK;
}
