/* 2D EXSY mixing-time build-up: the exchange rate k from cross-peak growth,
 * and the Einstein-Smoluchowski diffusion coefficient of the jumps. */
#include "haven/fit.h"

#include "core/error.h"
#include "fit/nlfit.h"

#include <math.h>

/* theta = (A, ln k): I = A (1 - exp(-k tm)). */
static void buildup_eval(double tm, const double *th, const void *ctx, double *f, double *grad)
{
    (void)ctx;
    double k = exp(th[1]), e = exp(-k * tm);
    *f = th[0] * (1.0 - e);
    grad[0] = 1.0 - e;
    grad[1] = th[0] * tm * k * e;
}

/* theta = (ln k): ratio = tanh(k tm). */
static void two_site_eval(double tm, const double *th, const void *ctx, double *f, double *grad)
{
    (void)ctx;
    double k = exp(th[0]), r = tanh(k * tm);
    *f = r;
    grad[0] = tm * k * (1.0 - r * r);
}

/* Start: the plateau (largest |I|, slightly raised) and the time of half of it. */
static void exsy_start(const double *tm, const double *I, size_t n, haven_exsy_model model,
                       double *p0)
{
    double top = 0, tmax = 0;
    for (size_t i = 0; i < n; i++) {
        top = fabs(I[i]) > fabs(top) ? I[i] : top;
        tmax = fmax(tmax, tm[i]);
    }
    double plateau = model == HAVEN_EXSY_TWO_SITE ? 1.0 : 1.1 * top, thalf = tmax;
    for (size_t i = 0; i < n; i++)
        if (tm[i] > 0 && fabs(I[i]) >= 0.5 * fabs(plateau) && tm[i] < thalf)
            thalf = tm[i];
    double k = log(2.0) / (thalf > 0 ? thalf : 1.0);
    if (model == HAVEN_EXSY_TWO_SITE) {
        p0[0] = k;
    } else {
        p0[0] = plateau;
        p0[1] = k;
    }
}

haven_status haven_exsy_fit(const double *tm, const double *I, const double *sigma, size_t n,
                            haven_exsy_model model, haven_fit_result *out)
{
    if (!out || (model != HAVEN_EXSY_BUILDUP && model != HAVEN_EXSY_TWO_SITE))
        return haven_fail(HAVEN_ERR_ARG, "exsy: unknown model");
    haven_status st = fit_check_data(tm, I, sigma, n, 3, 0, 0);
    if (st != HAVEN_OK)
        return st;
    fit_model buildup = {.n_params = 2,
                         .name = {"A", "k"},
                         .unit = {"", "1/s"},
                         .tf = {FIT_TF_NONE, FIT_TF_LOWER},
                         .eval = buildup_eval};
    fit_model two_site = {
        .n_params = 1, .name = {"k"}, .unit = {"1/s"}, .tf = {FIT_TF_LOWER}, .eval = two_site_eval};
    const fit_model *m = model == HAVEN_EXSY_TWO_SITE ? &two_site : &buildup;
    double p0[2];
    exsy_start(tm, I, n, model, p0);
    if ((st = fit_nonlinear(m, tm, I, sigma, n, p0, out)) != HAVEN_OK)
        haven_error_prefix("exsy: ");
    return st;
}

double haven_einstein_smoluchowski(double a, double tau, int d)
{
    if (d < 1 || d > 3 || !(tau > 0))
        return NAN;
    return a * a / (2.0 * d * tau);
}
