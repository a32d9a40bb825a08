#include "msd/xcorr.h"

#include "haven/core.h"

#include <fftw3.h>
#include <stdlib.h>
#include <string.h>

const haven_pairs haven_pairs_sym6 = {6, {0, 1, 2, 0, 0, 1}, {0, 1, 2, 1, 2, 2}};
const haven_pairs haven_pairs_all9 = {9, {0, 0, 0, 1, 1, 1, 2, 2, 2}, {0, 1, 2, 0, 1, 2, 0, 1, 2}};

struct haven_xcorr_plan {
    size_t T, nfft, nc;
    fftw_plan fwd, inv;
};

struct haven_xcorr_work {
    const haven_xcorr_plan *plan;
    double *real;          /* nfft */
    fftw_complex *spec[6]; /* 3 for a, 3 for b, nc each */
    fftw_complex *prod;    /* nc */
    double *ca, *cb;       /* centred copies, 3 T each */
    double *prefix;        /* T + 1 */
};

/* Smallest n >= m of the form 2^a 3^b 5^c 7^d, where FFTW is fastest. */
static size_t good_size(size_t m)
{
    for (size_t n = m;; n++) {
        size_t r = n;
        for (size_t p = 2; p <= 7; p++)
            while (r % p == 0)
                r /= p;
        if (r == 1)
            return n;
    }
}

haven_xcorr_plan *haven_xcorr_plan_create(size_t T)
{
    haven_library_init(); /* the planner lock, for static-archive programs */
    haven_xcorr_plan *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->T = T;
    p->nfft = good_size(2 * T);
    p->nc = p->nfft / 2 + 1;
    double *r = fftw_malloc(p->nfft * sizeof *r);
    fftw_complex *c = fftw_malloc(p->nc * sizeof *c);
    if (r && c) {
        p->fwd = fftw_plan_dft_r2c_1d((int)p->nfft, r, c, FFTW_ESTIMATE);
        p->inv = fftw_plan_dft_c2r_1d((int)p->nfft, c, r, FFTW_ESTIMATE);
    }
    fftw_free(r);
    fftw_free(c);
    if (!p->fwd || !p->inv) {
        haven_xcorr_plan_free(p);
        return NULL;
    }
    return p;
}

void haven_xcorr_plan_free(haven_xcorr_plan *p)
{
    if (!p)
        return;
    if (p->fwd)
        fftw_destroy_plan(p->fwd);
    if (p->inv)
        fftw_destroy_plan(p->inv);
    free(p);
}

haven_xcorr_work *haven_xcorr_work_create(const haven_xcorr_plan *p)
{
    haven_xcorr_work *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->plan = p;
    int ok = (w->real = fftw_malloc(p->nfft * sizeof(double))) != NULL;
    for (int k = 0; k < 6; k++)
        ok = ok && (w->spec[k] = fftw_malloc(p->nc * sizeof(fftw_complex))) != NULL;
    ok = ok && (w->prod = fftw_malloc(p->nc * sizeof(fftw_complex))) != NULL;
    ok = ok && (w->ca = malloc(3 * p->T * sizeof(double))) != NULL;
    ok = ok && (w->cb = malloc(3 * p->T * sizeof(double))) != NULL;
    ok = ok && (w->prefix = malloc((p->T + 1) * sizeof(double))) != NULL;
    if (!ok) {
        haven_xcorr_work_free(w);
        return NULL;
    }
    return w;
}

void haven_xcorr_work_free(haven_xcorr_work *w)
{
    if (!w)
        return;
    fftw_free(w->real);
    for (int k = 0; k < 6; k++)
        fftw_free(w->spec[k]);
    fftw_free(w->prod);
    free(w->ca);
    free(w->cb);
    free(w->prefix);
    free(w);
}

static void centre(const double *x, double *y, size_t T)
{
    for (int k = 0; k < 3; k++) {
        const double *xs = x + (size_t)k * T;
        double *ys = y + (size_t)k * T, mean = 0;
        for (size_t t = 0; t < T; t++)
            mean += xs[t];
        mean /= (double)T;
        for (size_t t = 0; t < T; t++)
            ys[t] = xs[t] - mean;
    }
}

static void forward(haven_xcorr_work *w, const double *x, fftw_complex *out)
{
    const haven_xcorr_plan *p = w->plan;
    memcpy(w->real, x, p->T * sizeof(double));
    memset(w->real + p->T, 0, (p->nfft - p->T) * sizeof(double));
    fftw_execute_dft_r2c(p->fwd, w->real, out);
}

/* sum_{t < T-m} [x(t+m) y(t+m) + x(t) y(t)] for every m, via prefix sums. */
static void self_terms(const double *x, const double *y, size_t T, double *prefix)
{
    prefix[0] = 0;
    for (size_t t = 0; t < T; t++)
        prefix[t + 1] = prefix[t] + x[t] * y[t];
}

void haven_xcorr_fft(haven_xcorr_work *w, const double *a, const double *b,
                     const haven_pairs *pairs, double weight, double *out, size_t stride)
{
    const haven_xcorr_plan *p = w->plan;
    size_t T = p->T;
    int same = (a == b);
    centre(a, w->ca, T);
    for (int k = 0; k < 3; k++)
        forward(w, w->ca + (size_t)k * T, w->spec[k]);
    const double *cb = w->ca;
    if (!same) {
        centre(b, w->cb, T);
        cb = w->cb;
        for (int k = 0; k < 3; k++)
            forward(w, cb + (size_t)k * T, w->spec[3 + k]);
    }
    double norm = 1.0 / (double)p->nfft;
    for (int q = 0; q < pairs->n; q++) {
        int al = pairs->alpha[q], be = pairs->beta[q];
        const fftw_complex *A = w->spec[al], *B = w->spec[same ? be : 3 + be];
        /* conj(A) B + conj(B) A = 2 Re(conj(A) B): the sum of both one-sided
         * cross-correlations, whose spectrum is real. */
        for (size_t j = 0; j < p->nc; j++) {
            w->prod[j][0] = 2.0 * (A[j][0] * B[j][0] + A[j][1] * B[j][1]);
            w->prod[j][1] = 0.0;
        }
        fftw_execute_dft_c2r(p->inv, w->prod, w->real);
        const double *xa = w->ca + (size_t)al * T, *xb = cb + (size_t)be * T;
        self_terms(xa, xb, T, w->prefix);
        const double *P = w->prefix;
        for (size_t m = 0; m < T; m++) {
            double s1 = (P[T] - P[m]) + P[T - m];
            double s2 = w->real[m] * norm;
            out[m * stride + (size_t)q] += weight * (s1 - s2) / (double)(T - m);
        }
    }
}

void haven_xcorr_autocorr(haven_xcorr_work *w, const double *x, double *out, size_t n_out)
{
    const haven_xcorr_plan *p = w->plan;
    size_t T = p->T;
    memset(out, 0, n_out * sizeof *out);
    for (int k = 0; k < 3; k++) {
        forward(w, x + (size_t)k * T, w->spec[0]);
        for (size_t j = 0; j < p->nc; j++) {
            w->prod[j][0] =
                w->spec[0][j][0] * w->spec[0][j][0] + w->spec[0][j][1] * w->spec[0][j][1];
            w->prod[j][1] = 0.0;
        }
        fftw_execute_dft_c2r(p->inv, w->prod, w->real);
        for (size_t m = 0; m < n_out; m++)
            out[m] += w->real[m] / (double)p->nfft / (double)(T - m);
    }
}

void haven_xcorr_direct(size_t T, const double *a, const double *b, const haven_pairs *pairs,
                        double weight, double *out, size_t stride)
{
    for (int q = 0; q < pairs->n; q++) {
        const double *xa = a + (size_t)pairs->alpha[q] * T, *xb = b + (size_t)pairs->beta[q] * T;
        for (size_t m = 0; m < T; m++) {
            double s = 0;
            for (size_t t = 0; t + m < T; t++)
                s += (xa[t + m] - xa[t]) * (xb[t + m] - xb[t]);
            out[m * stride + (size_t)q] += weight * s / (double)(T - m);
        }
    }
}
