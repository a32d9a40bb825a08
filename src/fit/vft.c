/* Vogel-Fulcher-Tammann fit on ln y: ln y - m ln T = ln A - b / (T - T0),
 * b = B/kB in K (well scaled for the solver), T0 = Tmin - exp(theta) so it
 * stays below every measured temperature. The start comes from a scan over
 * T0 where the remaining two parameters are linear. */
#include "haven/arrhenius.h"

#include "core/error.h"
#include "fit/nlfit.h"

#include <gsl/gsl_fit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define VFT_SCAN 80

static void vft_eval(double T, const double *th, const void *ctx, double *f, double *grad)
{
    const double *tmin = ctx;
    double gap = exp(th[2]), T0 = *tmin - gap, d = T - T0;
    *f = th[0] - th[1] / d;
    grad[0] = 1.0;
    grad[1] = -1.0 / d;
    grad[2] = th[1] * gap / (d * d);
}

/* Best (lnA, b, T0) on a log-spaced grid of Tmin - T0 from 1 K to 2 Tmin. */
static void vft_start(const double *T, const double *z, const double *w, size_t n, double tmin,
                      double *xbuf, double p0[3])
{
    double best = INFINITY;
    for (int j = 0; j < VFT_SCAN; j++) {
        double gap = exp(log(2.0 * tmin) * j / (VFT_SCAN - 1.0)), T0 = tmin - gap;
        for (size_t i = 0; i < n; i++)
            xbuf[i] = -1.0 / (T[i] - T0);
        double c0, c1, c00, c01, c11, chi2;
        gsl_fit_wlinear(xbuf, 1, w, 1, z, 1, n, &c0, &c1, &c00, &c01, &c11, &chi2);
        if (chi2 < best && isfinite(c0) && isfinite(c1)) {
            best = chi2;
            p0[0] = c0;
            p0[1] = c1;
            p0[2] = T0;
        }
    }
}

static void vft_copy(const haven_fit_result *f, double m, haven_vft_result *out)
{
    double q = f->q95;
    out->lnA = haven_estimate_make(f->param[0].value, f->param[0].err, 0, "1");
    out->lnA.lo = f->param[0].value - q * f->param[0].err,
    out->lnA.hi = f->param[0].value + q * f->param[0].err;
    double B = f->param[1].value * HAVEN_KB, B_err = f->param[1].err * HAVEN_KB;
    out->B = (haven_estimate){B, B_err, B - q * B_err, B + q * B_err, "J"};
    out->T0 =
        (haven_estimate){f->param[2].value, f->param[2].err, f->param[2].lo, f->param[2].hi, "K"};
    const double scale[3] = {1.0, HAVEN_KB, 1.0};
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            out->cov[i][j] = f->cov[i][j] * scale[i] * scale[j];
    out->chi2 = f->chi2;
    out->dof = f->dof;
    out->aic = f->aic;
    out->bic = f->bic;
    out->weighted = f->weighted;
    out->q95 = f->q95;
    out->temperature_exponent = m;
}

haven_status haven_vft_fit(const double *T, const double *y, const double *sigma_y, size_t n,
                           double temperature_exponent, haven_vft_result *out)
{
    if (!out)
        return haven_fail(HAVEN_ERR_ARG, "vft: NULL result");
    memset(out, 0, sizeof *out);
    haven_status st = fit_check_data(T, y, sigma_y, n, 4, 1, 1);
    if (st != HAVEN_OK)
        return st;
    if (!isfinite(temperature_exponent))
        return haven_fail(HAVEN_ERR_ARG, "vft: temperature exponent must be finite");
    double *buf = malloc(4 * n * sizeof *buf);
    if (!buf)
        return haven_fail(HAVEN_ERR_NOMEM, "vft: out of memory");
    double *z = buf, *sz = buf + n, *w = buf + 2 * n, *xb = buf + 3 * n;
    double tmin = T[0];
    for (size_t i = 0; i < n; i++) {
        tmin = fmin(tmin, T[i]);
        z[i] = log(y[i]) - temperature_exponent * log(T[i]);
        sz[i] = sigma_y ? sigma_y[i] / y[i] : 1.0;
        w[i] = 1.0 / (sz[i] * sz[i]);
    }
    fit_model m = {.n_params = 3,
                   .name = {"lnA", "b", "T0"},
                   .unit = {"", "K", "K"},
                   .tf = {FIT_TF_NONE, FIT_TF_NONE, FIT_TF_UPPER},
                   .bound = {0, 0, tmin},
                   .eval = vft_eval,
                   .ctx = &tmin};
    double p0[3] = {0, 0, 0};
    vft_start(T, z, w, n, tmin, xb, p0);
    haven_fit_result f;
    st = fit_nonlinear(&m, T, z, sigma_y ? sz : NULL, n, p0, &f);
    free(buf);
    if (st != HAVEN_OK) {
        haven_error_prefix("vft: ");
        return st;
    }
    vft_copy(&f, temperature_exponent, out);
    return HAVEN_OK;
}

haven_status haven_vft_predict(const haven_vft_result *r, double T, haven_estimate *y)
{
    if (!r || !isfinite(T) || !(T > r->T0.value) || !(T > 0))
        return haven_fail(HAVEN_ERR_ARG, "vft: prediction needs T > max(T0, 0), got %g K", T);
    double d = T - r->T0.value;
    double g[3] = {1.0, -1.0 / (HAVEN_KB * d), -r->B.value / (HAVEN_KB * d * d)};
    double lny = r->lnA.value + r->temperature_exponent * log(T) + g[1] * r->B.value, var = 0;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            var += g[i] * r->cov[i][j] * g[j];
    *y = haven_lognormal_estimate(lny, sqrt(fmax(var, 0.0)), r->q95);
    return HAVEN_OK;
}
