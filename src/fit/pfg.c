/* PFG-NMR Stejskal-Tanner fits: S(b) = sum_k A_k exp(-D_k b) with
 * b = gamma^2 g^2 delta^2 (Delta - delta/3). Amplitudes and diffusion
 * coefficients are fitted as logarithms (both positive). */
#include "haven/fit.h"

#include "core/error.h"
#include "fit/nlfit.h"

#include <gsl/gsl_fit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

double haven_pfg_bvalue(const haven_pfg_options *o, double g)
{
    double gd = o->gamma * g * o->delta;
    return gd * gd * (o->Delta - o->delta / 3.0);
}

/* theta = (ln A1, ln D1[, ln A2, ln D2]); n_components in ctx. */
static void pfg_eval(double b, const double *th, const void *ctx, double *f, double *grad)
{
    int nc = *(const int *)ctx;
    *f = 0;
    for (int k = 0; k < nc; k++) {
        double A = exp(th[2 * k]), D = exp(th[2 * k + 1]), e = A * exp(-D * b);
        *f += e;
        grad[2 * k] = e;
        grad[2 * k + 1] = -e * D * b;
    }
}

/* Straight line through ln S against b over points [lo, hi) with S > 0
 * (at most 64 of them: this is only a start value). */
static int log_line(const double *b, const double *S, size_t lo, size_t hi, double *A, double *D)
{
    double x[64], y[64];
    size_t m = 0;
    for (size_t i = lo; i < hi && m < 64; i++)
        if (S[i] > 0) {
            x[m] = b[i];
            y[m++] = log(S[i]);
        }
    double c0, c1, c00, c01, c11, ss;
    if (m < 2 || gsl_fit_linear(x, 1, y, 1, m, &c0, &c1, &c00, &c01, &c11, &ss) != 0 || !(c1 < 0) ||
        !isfinite(c0))
        return -1;
    *A = exp(c0);
    *D = -c1;
    return 0;
}

/* Start values: one line for mono; slow component from the last third of
 * the points, fast one from what remains at the first third. */
static haven_status pfg_start(const double *b, const double *S, size_t n, int nc, double *p0)
{
    double A, D;
    if (nc == 1) {
        if (log_line(b, S, 0, n, &A, &D) != 0)
            return haven_fail(HAVEN_ERR_DATA,
                              "pfg: signal does not decay with b; cannot start the fit");
        p0[0] = A;
        p0[1] = D;
        return HAVEN_OK;
    }
    size_t third = n / 3 > 2 ? n / 3 : 2;
    double *res = malloc(n * sizeof *res);
    if (!res)
        return haven_fail(HAVEN_ERR_NOMEM, "pfg: out of memory");
    haven_status st = HAVEN_OK;
    if (log_line(b, S, n - third, n, &A, &D) != 0 && log_line(b, S, 0, n, &A, &D) != 0)
        st = haven_fail(HAVEN_ERR_DATA, "pfg: signal does not decay with b; cannot start the fit");
    p0[2] = A;
    p0[3] = D;
    for (size_t i = 0; i < n; i++)
        res[i] = S[i] - A * exp(-D * b[i]);
    if (st == HAVEN_OK && (log_line(b, res, 0, third, &p0[0], &p0[1]) != 0 || !(p0[1] > D))) {
        p0[0] = 0.5 * A;
        p0[1] = 10.0 * D;
    }
    free(res);
    return st;
}

/* Put the faster component first (swap parameter pairs in place). */
static void order_components(haven_fit_result *r)
{
    if (r->n_params != 4 || r->param[1].value >= r->param[3].value)
        return;
    const size_t perm[4] = {2, 3, 0, 1};
    haven_fit_result t = *r;
    for (size_t i = 0; i < 4; i++) {
        r->param[i] = t.param[perm[i]];
        for (size_t j = 0; j < 4; j++)
            r->cov[i][j] = t.cov[perm[i]][perm[j]];
    }
}

haven_status haven_pfg_fit(const double *g, const double *S, const double *sigma, size_t n,
                           const haven_pfg_options *o, haven_fit_result *out)
{
    if (!o || !out || !(o->gamma > 0) || !(o->delta > 0) || !(o->Delta > o->delta / 3.0) ||
        (o->n_components != 1 && o->n_components != 2))
        return haven_fail(HAVEN_ERR_ARG,
                          "pfg: need gamma > 0, delta > 0, Delta > delta/3 and 1 or 2 components");
    haven_status st = fit_check_data(g, S, sigma, n, 2 * (size_t)o->n_components + 1, 0, 0);
    if (st != HAVEN_OK)
        return st;
    double *b = malloc(n * sizeof *b);
    if (!b)
        return haven_fail(HAVEN_ERR_NOMEM, "pfg: out of memory");
    for (size_t i = 0; i < n; i++)
        b[i] = haven_pfg_bvalue(o, g[i]);
    int nc = o->n_components;
    fit_model m = {.n_params = 2 * (size_t)nc, .eval = pfg_eval, .ctx = &nc};
    static const char *const names[2][4] = {{"S0", "D"}, {"A1", "D1", "A2", "D2"}};
    for (size_t j = 0; j < m.n_params; j++) {
        m.name[j] = names[nc - 1][j];
        m.unit[j] = j % 2 ? "m^2/s" : "";
        m.tf[j] = FIT_TF_LOWER;
    }
    double p0[4];
    st = pfg_start(b, S, n, nc, p0);
    if (st == HAVEN_OK && (st = fit_nonlinear(&m, b, S, sigma, n, p0, out)) != HAVEN_OK)
        haven_error_prefix("pfg: ");
    free(b);
    if (st != HAVEN_OK)
        return st;
    order_components(out);
    return HAVEN_OK;
}
