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

/* Centred copies of a (and b) and their spectra: w->spec[0..2] for a,
 * [3..5] for b unless b == a. Returns the centred b. */
static const double *spectra(haven_xcorr_work *w, const double *a, const double *b)
{
    size_t T = w->plan->T;
    centre(a, w->ca, T);
    for (int k = 0; k < 3; k++)
        forward(w, w->ca + (size_t)k * T, w->spec[k]);
    if (a == b)
        return w->ca;
    centre(b, w->cb, T);
    for (int k = 0; k < 3; k++)
        forward(w, w->cb + (size_t)k * T, w->spec[3 + k]);
    return w->cb;
}

/* sum_t [da(t,m) db(t,m)] at lag m from the self terms' prefix sums P and
 * the cross term c (the inverse transform at m, normalised). */
static inline double lag_sum(const double *P, size_t T, size_t m, double c)
{
    return ((P[T] - P[m]) + P[T - m]) - c;
}

/* conj(A) B + conj(B) A = 2 Re(conj(A) B) of pair q: the spectrum of the
 * sum of both one-sided cross-correlations, which is real. */
static inline double pair_spectrum(const haven_xcorr_work *w, const haven_pairs *pairs, int same,
                                   int q, size_t j)
{
    const fftw_complex *A = w->spec[pairs->alpha[q]];
    const fftw_complex *B = w->spec[same ? pairs->beta[q] : 3 + pairs->beta[q]];
    return 2.0 * (A[j][0] * B[j][0] + A[j][1] * B[j][1]);
}

void haven_xcorr_fft(haven_xcorr_work *w, const double *a, const double *b,
                     const haven_pairs *pairs, double weight, double *out, size_t stride)
{
    const haven_xcorr_plan *p = w->plan;
    size_t T = p->T;
    int same = (a == b);
    const double *cb = spectra(w, a, b);
    double norm = 1.0 / (double)p->nfft;
    for (int q = 0; q < pairs->n; q++) {
        for (size_t j = 0; j < p->nc; j++) {
            w->prod[j][0] = pair_spectrum(w, pairs, same, q, j);
            w->prod[j][1] = 0.0;
        }
        fftw_execute_dft_c2r(p->inv, w->prod, w->real);
        const double *xa = w->ca + (size_t)pairs->alpha[q] * T,
                     *xb = cb + (size_t)pairs->beta[q] * T;
        self_terms(xa, xb, T, w->prefix);
        const double *P = w->prefix;
        for (size_t m = 0; m < T; m++)
            out[m * stride + (size_t)q] +=
                weight * lag_sum(P, T, m, w->real[m] * norm) / (double)(T - m);
    }
}

struct haven_xcorr_sum {
    const haven_xcorr_plan *plan;
    const haven_pairs *pairs;
    double *spec;   /* [pair][nc] summed real spectra */
    double *prefix; /* [pair][T + 1] summed self-term prefix sums */
};

haven_xcorr_sum *haven_xcorr_sum_create(const haven_xcorr_plan *p, const haven_pairs *pairs)
{
    haven_xcorr_sum *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->plan = p;
    s->pairs = pairs;
    s->spec = calloc((size_t)pairs->n * p->nc, sizeof *s->spec);
    s->prefix = calloc((size_t)pairs->n * (p->T + 1), sizeof *s->prefix);
    if (!s->spec || !s->prefix) {
        haven_xcorr_sum_free(s);
        return NULL;
    }
    return s;
}

void haven_xcorr_sum_free(haven_xcorr_sum *s)
{
    if (!s)
        return;
    free(s->spec);
    free(s->prefix);
    free(s);
}

void haven_xcorr_sum_add(haven_xcorr_work *w, haven_xcorr_sum *s, const double *a, const double *b,
                         double weight)
{
    const haven_xcorr_plan *p = w->plan;
    size_t T = p->T;
    int same = (a == b);
    const double *cb = spectra(w, a, b);
    for (int q = 0; q < s->pairs->n; q++) {
        double *S = s->spec + (size_t)q * p->nc, *P = s->prefix + (size_t)q * (T + 1);
        for (size_t j = 0; j < p->nc; j++)
            S[j] += weight * pair_spectrum(w, s->pairs, same, q, j);
        const double *xa = w->ca + (size_t)s->pairs->alpha[q] * T;
        const double *xb = cb + (size_t)s->pairs->beta[q] * T;
        double run = 0;
        for (size_t t = 0; t < T; t++) { /* self_terms(), added in place */
            run += xa[t] * xb[t];
            P[t + 1] += weight * run;
        }
    }
}

void haven_xcorr_sum_flush(haven_xcorr_work *w, haven_xcorr_sum *s, double *out, size_t m_stride,
                           size_t q_stride)
{
    const haven_xcorr_plan *p = w->plan;
    size_t T = p->T;
    double norm = 1.0 / (double)p->nfft;
    for (int q = 0; q < s->pairs->n; q++) {
        double *S = s->spec + (size_t)q * p->nc, *P = s->prefix + (size_t)q * (T + 1);
        for (size_t j = 0; j < p->nc; j++) {
            w->prod[j][0] = S[j];
            w->prod[j][1] = 0.0;
        }
        fftw_execute_dft_c2r(p->inv, w->prod, w->real);
        for (size_t m = 0; m < T; m++)
            out[m * m_stride + (size_t)q * q_stride] +=
                lag_sum(P, T, m, w->real[m] * norm) / (double)(T - m);
        memset(S, 0, p->nc * sizeof *S);
        memset(P, 0, (T + 1) * sizeof *P);
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
