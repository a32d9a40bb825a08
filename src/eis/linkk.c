/* Lin-KK validation (Schoenleber, Klotz and Ivers-Tiffee, Electrochim. Acta
 * 131 (2014) 20): the spectrum is fitted, linearly, by a series resistance,
 * M RC elements with time constants fixed log-spaced over [1/w_max, 1/w_min],
 * a series inductance and a series capacitance (as 1/C). Each model is
 * Kramers-Kronig consistent, so a spectrum it cannot follow is not. M grows
 * from 1 until mu = 1 - sum|R_k<0| / sum R_k>=0 drops below c (over-fitting
 * starts); residuals relative to |Z| are then judged against a threshold. */
#include "eis/circuit.h"

#include "core/error.h"

#include <gsl/gsl_multifit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Column j of the design matrix at angular frequency w (complex). */
static double complex basis(size_t j, size_t m, double w, double tau_min, double tau_max)
{
    if (j == 0)
        return 1.0; /* R_ohm */
    if (j <= m) {
        double tau = m > 1 ? tau_min * pow(tau_max / tau_min, (double)(j - 1) / (double)(m - 1))
                           : sqrt(tau_min * tau_max);
        return 1.0 / (1.0 + I * w * tau);
    }
    if (j == m + 1)
        return I * w;     /* L */
    return 1.0 / (I * w); /* 1/C */
}

/* Weighted linear fit with M elements; x receives the coefficients. */
static haven_status fit_m(const haven_eis_data *d, size_t m, gsl_vector **x_out)
{
    size_t n = d->n, p = m + 3;
    gsl_matrix *A = gsl_matrix_alloc(2 * n, p);
    gsl_vector *b = gsl_vector_alloc(2 * n), *x = gsl_vector_alloc(p);
    gsl_matrix *cov = gsl_matrix_alloc(p, p);
    gsl_multifit_linear_workspace *ws = gsl_multifit_linear_alloc(2 * n, p);
    haven_status st = HAVEN_OK;
    if (!A || !b || !x || !cov || !ws) {
        st = haven_fail(HAVEN_ERR_NOMEM, "lin-kk: out of memory");
        goto done;
    }
    double tmin = 1.0 / (2 * EIS_PI * d->freq[n - 1]), tmax = 1.0 / (2 * EIS_PI * d->freq[0]);
    for (size_t i = 0; i < n; i++) {
        double w = 2 * EIS_PI * d->freq[i], s = 1.0 / hypot(d->zre[i], d->zim[i]);
        for (size_t j = 0; j < p; j++) {
            double complex a = basis(j, m, w, tmin, tmax);
            gsl_matrix_set(A, i, j, s * creal(a));
            gsl_matrix_set(A, n + i, j, s * cimag(a));
        }
        gsl_vector_set(b, i, s * d->zre[i]);
        gsl_vector_set(b, n + i, s * d->zim[i]);
    }
    double chi2;
    size_t rank;
    gsl_multifit_linear_tsvd(A, b, 1e-12, x, cov, &chi2, &rank, ws);
done:
    gsl_matrix_free(A);
    gsl_vector_free(b);
    gsl_matrix_free(cov);
    if (ws)
        gsl_multifit_linear_free(ws);
    if (st) {
        gsl_vector_free(x);
        return st;
    }
    *x_out = x;
    return HAVEN_OK;
}

static double mu_of(const gsl_vector *x, size_t m)
{
    double neg = 0, pos = 0;
    for (size_t k = 1; k <= m; k++) {
        double r = gsl_vector_get(x, k);
        if (r < 0)
            neg += -r;
        else
            pos += r;
    }
    return pos > 0 ? 1.0 - neg / pos : -INFINITY;
}

void haven_eis_linkk_result_free(haven_eis_linkk_result *r)
{
    if (!r)
        return;
    free(r->res_re);
    free(r->res_im);
    free(r->zre_fit);
    free(r->zim_fit);
    memset(r, 0, sizeof *r);
}

static void residuals(const haven_eis_data *d, const gsl_vector *x, size_t m,
                      haven_eis_linkk_result *r)
{
    size_t n = d->n;
    double tmin = 1.0 / (2 * EIS_PI * d->freq[n - 1]), tmax = 1.0 / (2 * EIS_PI * d->freq[0]);
    double sr = 0, si = 0;
    for (size_t i = 0; i < n; i++) {
        double w = 2 * EIS_PI * d->freq[i];
        double complex z = 0;
        for (size_t j = 0; j < m + 3; j++)
            z += gsl_vector_get(x, j) * basis(j, m, w, tmin, tmax);
        double mod = hypot(d->zre[i], d->zim[i]);
        r->zre_fit[i] = creal(z);
        r->zim_fit[i] = cimag(z);
        r->res_re[i] = (d->zre[i] - creal(z)) / mod;
        r->res_im[i] = (d->zim[i] - cimag(z)) / mod;
        sr += r->res_re[i] * r->res_re[i];
        si += r->res_im[i] * r->res_im[i];
    }
    r->rms_re = sqrt(sr / (double)n);
    r->rms_im = sqrt(si / (double)n);
}

haven_status haven_eis_linkk(const haven_eis_data *d, const haven_eis_linkk_options *opt,
                             haven_eis_linkk_result *out)
{
    if (!d || !out)
        return haven_fail(HAVEN_ERR_ARG, "haven_eis_linkk: NULL argument");
    memset(out, 0, sizeof *out);
    double c = opt && opt->c > 0 ? opt->c : 0.85;
    double thr = opt && opt->threshold > 0 ? opt->threshold : 0.005;
    size_t max_m = opt && opt->max_m ? opt->max_m : 50;
    if (d->n < 4)
        return haven_fail(HAVEN_ERR_DATA, "lin-kk: %zu points; at least 4 are needed", d->n);
    /* 2n real equations for m + 3 unknowns; keep a margin for the residuals. */
    if (max_m + 3 > d->n)
        max_m = d->n > 3 ? d->n - 3 : 1;
    gsl_vector *x = NULL;
    size_t m = 1;
    for (; m <= max_m; m++) {
        gsl_vector_free(x);
        x = NULL;
        haven_status st = fit_m(d, m, &x);
        if (st)
            return st;
        out->mu = mu_of(x, m);
        if (out->mu <= c)
            break;
    }
    if (m > max_m)
        m = max_m;
    out->n = d->n;
    out->m = m;
    out->res_re = malloc(d->n * sizeof *out->res_re);
    out->res_im = malloc(d->n * sizeof *out->res_im);
    out->zre_fit = malloc(d->n * sizeof *out->zre_fit);
    out->zim_fit = malloc(d->n * sizeof *out->zim_fit);
    if (!out->res_re || !out->res_im || !out->zre_fit || !out->zim_fit) {
        gsl_vector_free(x);
        haven_eis_linkk_result_free(out);
        return haven_fail(HAVEN_ERR_NOMEM, "lin-kk: out of memory");
    }
    residuals(d, x, m, out);
    gsl_vector_free(x);
    out->valid = out->rms_re < thr && out->rms_im < thr;
    return HAVEN_OK;
}
