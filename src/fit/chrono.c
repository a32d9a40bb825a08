/* Chronoamperometry: the relaxing current of a potentiostatic polarisation
 * as a constant plus one or two exponentials, and the Bruce-Vincent
 * transference number from it. */
#include "haven/fit.h"

#include "core/error.h"
#include "fit/nlfit.h"

#include <gsl/gsl_fit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* theta = (Iss, A1, ln tau1, [A2, ln tau2]); ctx points at t0. The number
 * of exponentials is read from the gradient length the model was built with,
 * so the two models share one function. */
typedef struct {
    double t0;
    size_t n_exp;
} chrono_ctx;

static void chrono_eval(double t, const double *th, const void *vctx, double *f, double *grad)
{
    const chrono_ctx *c = vctx;
    double s = t - c->t0;
    *f = th[0];
    grad[0] = 1.0;
    for (size_t k = 0; k < c->n_exp; k++) {
        double A = th[1 + 2 * k], tau = exp(th[2 + 2 * k]), e = exp(-s / tau);
        *f += A * e;
        grad[1 + 2 * k] = e;
        grad[2 + 2 * k] = A * e * s / tau;
    }
}

double haven_chrono_current(const haven_fit_result *r, double t0, double t)
{
    double I = r->param[0].value;
    for (size_t j = 1; j + 1 < r->n_params; j += 2)
        I += r->param[j].value * exp(-(t - t0) / r->param[j + 1].value);
    return I;
}

/* Start of the 1-exponential fit: Iss from the last tenth of the trace, A
 * from the first point, tau from ln((I - Iss)/A) against t on the points
 * between 5% and 95% of the decay (a fifth of the span if too few). */
static haven_status start_one(const double *t, const double *I, size_t n, double *p0)
{
    size_t tail = n / 10 > 0 ? n / 10 : 1;
    double iss = 0, span = t[n - 1] - t[0];
    for (size_t i = n - tail; i < n; i++)
        iss += I[i] / (double)tail;
    double A = I[0] - iss;
    if (!(fabs(A) > 1e-12 * (fabs(I[0]) + fabs(iss)))) /* flat to rounding */
        return haven_fail(HAVEN_ERR_DATA,
                          "chrono: the current does not relax from its first value; cannot "
                          "start the fit");
    double *x = malloc(2 * n * sizeof *x), c0, c1, c00, c01, c11, ss;
    if (!x)
        return haven_fail(HAVEN_ERR_NOMEM, "chrono: out of memory");
    double *y = x + n;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        double r = (I[i] - iss) / A;
        if (r > 0.05 && r < 0.95) {
            x[m] = t[i] - t[0];
            y[m++] = log(r);
        }
    }
    int ok = m >= 2 && gsl_fit_linear(x, 1, y, 1, m, &c0, &c1, &c00, &c01, &c11, &ss) == 0 &&
             c1 < 0 && -1.0 / c1 < 10 * span;
    free(x);
    p0[0] = iss;
    p0[1] = A;
    p0[2] = ok ? -1.0 / c1 : span / 5;
    return HAVEN_OK;
}

static fit_model chrono_model(const chrono_ctx *c)
{
    fit_model m = {.n_params = 1 + 2 * c->n_exp,
                   .name = {"Iss", "A1", "tau1", "A2", "tau2"},
                   .unit = {"A", "A", "s", "A", "s"},
                   .tf = {FIT_TF_NONE, FIT_TF_NONE, FIT_TF_LOWER, FIT_TF_NONE, FIT_TF_LOWER},
                   .eval = chrono_eval,
                   .ctx = c};
    return m;
}

/* Exchange components 1 and 2 (parameters 1,2 and 3,4) so that tau1 < tau2. */
static void order_components(haven_fit_result *r)
{
    if (r->n_params != 5 || r->param[2].value <= r->param[4].value)
        return;
    size_t perm[5] = {0, 3, 4, 1, 2};
    haven_fit_result o = *r;
    for (size_t a = 0; a < 5; a++) {
        r->param[a] = o.param[perm[a]];
        for (size_t b = 0; b < 5; b++)
            r->cov[a][b] = o.cov[perm[a]][perm[b]];
    }
}

/* The 2-exponential fit from the 1-exponential one: the amplitude shared
 * between a faster and a slower decay, two spreads of the time constants
 * tried, the lower chi2 kept. */
static haven_status fit_two(const double *t, const double *I, const double *sigma, size_t n,
                            const haven_fit_result *one, haven_fit_result *out)
{
    chrono_ctx c = {t[0], 2};
    fit_model m = chrono_model(&c);
    static const double spread[2][2] = {{1.0 / 3, 3.0}, {1.0 / 10, 1.5}};
    double A = one->param[1].value, tau = one->param[2].value;
    haven_status best = HAVEN_ERR_NUMERIC;
    for (int s = 0; s < 2; s++) {
        double p0[5] = {one->param[0].value, A / 2, tau * spread[s][0], A / 2, tau * spread[s][1]};
        haven_fit_result r;
        if (fit_nonlinear(&m, t, I, sigma, n, p0, &r) != HAVEN_OK)
            continue;
        if (best != HAVEN_OK || r.chi2 < out->chi2)
            *out = r;
        best = HAVEN_OK;
    }
    if (best != HAVEN_OK)
        return haven_fail(HAVEN_ERR_NUMERIC,
                          "chrono: the 2-exponential fit failed from every start");
    order_components(out);
    return HAVEN_OK;
}

static haven_status check_trace(const double *t, const double *I, const double *sigma, size_t n,
                                size_t min_n)
{
    haven_status st = fit_check_data(t, I, sigma, n, min_n, 0, 0);
    if (st != HAVEN_OK)
        return st;
    for (size_t i = 1; i < n; i++)
        if (!(t[i] > t[i - 1]))
            return haven_fail(HAVEN_ERR_VALUE,
                              "chrono: point %zu: expected increasing times, got t = %g s after "
                              "t = %g s",
                              i + 1, t[i], t[i - 1]);
    return HAVEN_OK;
}

haven_status haven_chrono_fit(const double *t, const double *I, const double *sigma, size_t n,
                              int n_exp, haven_fit_result *out, double *aic1, double *aic2)
{
    if (!out || n_exp < 0 || n_exp > 2)
        return haven_fail(HAVEN_ERR_ARG, "chrono: NULL result or n_exp not 0, 1 or 2");
    if (aic1)
        *aic1 = NAN;
    if (aic2)
        *aic2 = NAN;
    haven_status st = check_trace(t, I, sigma, n, n_exp == 2 ? 6 : 4);
    double p0[3];
    if (st == HAVEN_OK)
        st = start_one(t, I, n, p0);
    if (st != HAVEN_OK)
        return st;
    chrono_ctx c = {t[0], 1};
    fit_model m = chrono_model(&c);
    haven_fit_result one, two;
    if ((st = fit_nonlinear(&m, t, I, sigma, n, p0, &one)) != HAVEN_OK) {
        haven_error_prefix("chrono: ");
        return st;
    }
    if (aic1)
        *aic1 = one.aic;
    *out = one;
    if (n_exp == 1 || n < 6)
        return HAVEN_OK;
    st = fit_two(t, I, sigma, n, &one, &two);
    if (st != HAVEN_OK)
        return n_exp == 2 ? st : HAVEN_OK; /* automatic choice: the 1-exponential fit stands */
    if (aic2)
        *aic2 = two.aic;
    if (n_exp == 2 || two.aic < one.aic)
        *out = two;
    return HAVEN_OK;
}

haven_status haven_bruce_vincent_trace(const double *t, const double *I, const double *sigma,
                                       size_t n, const haven_bruce_vincent_trace_options *o,
                                       haven_bruce_vincent_trace_result *out)
{
    if (!o || !out)
        return haven_fail(HAVEN_ERR_ARG, "bruce-vincent: NULL argument");
    memset(out, 0, sizeof *out);
    if (!(o->I0 >= 0) || !(o->I0_err >= 0))
        return haven_fail(HAVEN_ERR_VALUE, "bruce-vincent: expected I0 >= 0 (0: first point)");
    haven_fit_result *r = &out->fit;
    haven_status st = haven_chrono_fit(t, I, sigma, n, o->n_exp, r, &out->aic1, &out->aic2);
    if (st != HAVEN_OK)
        return st;
    out->Iss = r->param[0];
    out->I0_source = o->I0 > 0 ? HAVEN_BV_I0_GIVEN : HAVEN_BV_I0_FIRST_POINT;
    double dof = r->weighted ? 0.0 : (double)r->dof;
    if (o->I0 > 0)
        out->I0 = haven_estimate_make(o->I0, o->I0_err, 0.0, "A");
    else /* one point's scatter: its given error, or the residual standard deviation */
        out->I0 =
            haven_estimate_make(I[0], sigma ? sigma[0] : sqrt(r->chi2 / (double)r->dof), dof, "A");
    if (out->I0.value < 0 && out->Iss.value < 0)
        return haven_fail(HAVEN_ERR_VALUE,
                          "bruce-vincent: the current is negative (I0 = %g A, Iss = %g A); give "
                          "the trace as the magnitude of the polarisation current",
                          out->I0.value, out->Iss.value);
    haven_bruce_vincent_input in = {.dV = o->dV,
                                    .I0 = out->I0.value,
                                    .Iss = out->Iss.value,
                                    .R0 = o->R0,
                                    .Rss = o->Rss,
                                    .dV_err = o->dV_err,
                                    .I0_err = out->I0.err,
                                    .Iss_err = out->Iss.err,
                                    .R0_err = o->R0_err,
                                    .Rss_err = o->Rss_err};
    double tp, tp_err;
    if ((st = haven_bruce_vincent(&in, &tp, &tp_err)) != HAVEN_OK)
        return st;
    out->t_plus = haven_estimate_make(tp, tp_err, dof, "1");
    return HAVEN_OK;
}
