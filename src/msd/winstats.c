/* Sampled noise of squared displacements from non-overlapping windows.
 *
 * The random-walk covariance of the all-origin MSD assumes Gaussian,
 * independent walkers whose step variance the fitted slope sets. Real ions
 * are neither (cages, hops, correlated neighbours), so the variance of the
 * MSD at each lag is taken from the data: the spread of the squared
 * displacements over walkers and non-overlapping windows at a set of probe
 * lags (as kinisi does; McCluskey, Coles and Morgan, J. Chem. Theory Comput.
 * 2024), plus the spread over windows of the walkers' mean, which measures
 * how correlated the walkers are. Cost: sum over probes of T/n windows per
 * atom, about 7 T subtractions, small next to the FFT. */
#include "msd/winstats.h"

#include "core/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Probe lags grow by ~15% (every lag at first): dense enough to interpolate
 * the variance smoothly in log-log, ~60 probes for 10^4 frames. */
#define PROBE_GROWTH 1.15

const haven_pairs winstats_diag3 = {3, {0, 1, 2}, {0, 1, 2}};

size_t winstats_block_frames(size_t T)
{
    size_t Tb = T / WINSTATS_BLOCKS;
    return Tb >= 8 ? Tb : 0;
}

/* Block blk of a (and b) into buf: xa = buf[0..3 Tb), xb after it. */
static const double *block_copy(size_t T, size_t Tb, size_t blk, const double *a, const double *b,
                                double *buf)
{
    double *xa = buf, *xb = buf + 3 * Tb;
    for (int k = 0; k < 3; k++) {
        memcpy(xa + (size_t)k * Tb, a + (size_t)k * T + blk * Tb, Tb * sizeof *xa);
        if (b != a)
            memcpy(xb + (size_t)k * Tb, b + (size_t)k * T + blk * Tb, Tb * sizeof *xb);
    }
    return b == a ? xa : xb;
}

void winstats_add_blocks(haven_xcorr_work *work, size_t T, const double *a, const double *b,
                         double w, double *buf, double *acc)
{
    size_t Tb = winstats_block_frames(T);
    for (size_t blk = 0; blk < WINSTATS_BLOCKS; blk++) {
        const double *xb = block_copy(T, Tb, blk, a, b, buf);
        /* One pass writes [lag][3]; the block layout is [k][lag]. */
        double *out = acc + blk * 3 * Tb;
        double *tmp = buf + 6 * Tb; /* 3 Tb more scratch after xb */
        memset(tmp, 0, 3 * Tb * sizeof *tmp);
        haven_xcorr_fft(work, buf, xb, &winstats_diag3, 1.0, tmp, 3);
        for (size_t m = 0; m < Tb; m++)
            for (int k = 0; k < 3; k++)
                out[(size_t)k * Tb + m] += w * tmp[m * 3 + (size_t)k];
    }
}

void winstats_add_blocks_sum(haven_xcorr_work *work, size_t T, const double *a, const double *b,
                             double w, double *buf, haven_xcorr_sum *const *sums)
{
    size_t Tb = winstats_block_frames(T);
    for (size_t blk = 0; blk < WINSTATS_BLOCKS; blk++) {
        const double *xb = block_copy(T, Tb, blk, a, b, buf);
        haven_xcorr_sum_add(work, sums[blk], buf, xb, w);
    }
}

void winstats_flush_blocks(haven_xcorr_work *work, size_t T, haven_xcorr_sum *const *sums,
                           double *acc)
{
    size_t Tb = winstats_block_frames(T);
    for (size_t blk = 0; blk < WINSTATS_BLOCKS; blk++)
        haven_xcorr_sum_flush(work, sums[blk], acc + blk * 3 * Tb, 1, Tb);
}

haven_status winstats_plan_init(winstats_plan *p, size_t T)
{
    memset(p, 0, sizeof *p);
    p->T = T;
    size_t max_lag = (T - 1) / 2, cap = 16;
    p->lag = malloc(cap * sizeof *p->lag);
    p->woff = malloc(cap * sizeof *p->woff);
    if (!p->lag || !p->woff)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t n = 1; n <= max_lag;) {
        if (p->n == cap) {
            cap *= 2;
            size_t *l = realloc(p->lag, cap * sizeof *l);
            if (l)
                p->lag = l;
            size_t *w = l ? realloc(p->woff, cap * sizeof *w) : NULL;
            if (!w)
                return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
            p->woff = w;
        }
        p->lag[p->n] = n;
        p->woff[p->n] = p->n_windows;
        p->n_windows += (T - 1) / n;
        p->n++;
        size_t next = (size_t)floor((double)n * PROBE_GROWTH);
        n = next > n ? next : n + 1;
    }
    return HAVEN_OK;
}

void winstats_plan_clear(winstats_plan *p)
{
    free(p->lag);
    free(p->woff);
    memset(p, 0, sizeof *p);
}

void winstats_add_walker(const winstats_plan *p, const double *x, double *acc, double *wsum)
{
    size_t T = p->T;
    for (size_t j = 0; j < p->n; j++) {
        size_t n = p->lag[j], K = (T - 1) / n;
        double *a = acc + j * WINSTATS_SLOTS, *ws = wsum ? wsum + p->woff[j] : NULL;
        for (size_t k = 0; k < K; k++) {
            size_t t = k * n;
            double d2 = 0;
            for (int c = 0; c < 3; c++) {
                double d = x[c * T + t + n] - x[c * T + t], dd = d * d;
                d2 += dd;
                a[2 + c] += dd;
                a[5 + c] += dd * dd;
            }
            a[0] += d2;
            a[1] += d2 * d2;
            if (ws)
                ws[k] += d2;
        }
    }
}

static haven_status stats_alloc(haven_msd_stats *s, size_t n, int series)
{
    memset(s, 0, sizeof *s);
    s->n = n;
    s->lag = malloc(n * sizeof *s->lag);
    s->windows = malloc(n * sizeof *s->windows);
    s->mean = malloc(n * sizeof *s->mean);
    s->var = malloc(n * sizeof *s->var);
    s->var_axis = malloc(n * sizeof *s->var_axis);
    if (!series) {
        s->mean4 = malloc(n * sizeof *s->mean4);
        s->var_group = malloc(n * sizeof *s->var_group);
    }
    if (!s->lag || !s->windows || !s->mean || !s->var || !s->var_axis ||
        (!series && (!s->mean4 || !s->var_group))) {
        haven_msd_stats_clear(s);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    return HAVEN_OK;
}

void haven_msd_stats_clear(haven_msd_stats *s)
{
    if (!s)
        return;
    free(s->lag);
    free(s->windows);
    free(s->mean);
    free(s->var);
    free(s->var_axis);
    free(s->mean4);
    free(s->var_group);
    free(s->block_msd);
    memset(s, 0, sizeof *s);
}

/* Unbiased variance from a sum and a sum of squares of m samples. */
static double sample_var(double s1, double s2, double m)
{
    if (m < 2)
        return NAN;
    double mean = s1 / m;
    return fmax(s2 / m - mean * mean, 0) * m / (m - 1);
}

haven_status winstats_finish(const winstats_plan *p, const double *acc, const double *wsum,
                             size_t n_walkers, haven_msd_stats *out)
{
    haven_status st = stats_alloc(out, p->n, 0);
    if (st != HAVEN_OK)
        return st;
    out->n_walkers = n_walkers;
    double N = (double)n_walkers;
    for (size_t j = 0; j < p->n; j++) {
        size_t K = (p->T - 1) / p->lag[j];
        const double *a = acc + j * WINSTATS_SLOTS;
        double m = N * (double)K;
        out->lag[j] = p->lag[j];
        out->windows[j] = (double)K;
        out->mean[j] = m > 0 ? a[0] / m : NAN;
        out->mean4[j] = m > 0 ? a[1] / m : NAN;
        out->var[j] = sample_var(a[0], a[1], m);
        for (int c = 0; c < 3; c++)
            out->var_axis[j][c] = sample_var(a[2 + c], a[5 + c], m);
        double s1 = 0, s2 = 0;
        for (size_t k = 0; wsum && N > 0 && k < K; k++) {
            double y = wsum[p->woff[j] + k] / N;
            s1 += y;
            s2 += y * y;
        }
        out->var_group[j] = wsum ? sample_var(s1, s2, (double)K) : NAN;
    }
    return HAVEN_OK;
}

static haven_status series_blocks(const double *a, const double *b, size_t T, haven_msd_stats *out)
{
    size_t Tb = winstats_block_frames(T);
    if (!Tb)
        return HAVEN_OK;
    haven_xcorr_plan *plan = haven_xcorr_plan_create(Tb);
    haven_xcorr_work *w = plan ? haven_xcorr_work_create(plan) : NULL;
    double *buf = malloc(9 * Tb * sizeof *buf);
    out->block_msd = calloc(WINSTATS_BLOCKS * 3 * Tb, sizeof *out->block_msd);
    haven_status st = HAVEN_OK;
    if (!w || !buf || !out->block_msd)
        st = haven_fail(HAVEN_ERR_NOMEM, "out of memory for block statistics");
    else {
        winstats_add_blocks(w, T, a, b, 1.0, buf, out->block_msd);
        out->n_blocks = WINSTATS_BLOCKS;
        out->block_frames = Tb;
        out->block_walkers = 1;
    }
    free(buf);
    haven_xcorr_work_free(w);
    haven_xcorr_plan_free(plan);
    return st;
}

haven_status haven_msd_stats_series(const double *a, const double *b, size_t T,
                                    haven_msd_stats *out)
{
    memset(out, 0, sizeof *out);
    if (T < 3)
        return haven_fail(HAVEN_ERR_DATA, "window statistics need at least 3 frames (have %zu)", T);
    winstats_plan p;
    haven_status st = winstats_plan_init(&p, T);
    if (st == HAVEN_OK)
        st = stats_alloc(out, p.n, 1);
    for (size_t j = 0; st == HAVEN_OK && j < p.n; j++) {
        size_t n = p.lag[j], K = (T - 1) / n;
        double s[3] = {0, 0, 0}, q[3] = {0, 0, 0};
        for (size_t k = 0; k < K; k++)
            for (int c = 0; c < 3; c++) {
                size_t t = c * T + k * n;
                double v = (a[t + n] - a[t]) * (b[t + n] - b[t]);
                s[c] += v;
                q[c] += v * v;
            }
        out->lag[j] = n;
        out->windows[j] = (double)K;
        out->mean[j] = (s[0] + s[1] + s[2]) / (double)K;
        out->var[j] = 0;
        for (int c = 0; c < 3; c++) {
            /* Components are independent samples of one walker: the variance of
             * their sum is the sum of theirs. */
            out->var_axis[j][c] = sample_var(s[c], q[c], (double)K);
            out->var[j] += out->var_axis[j][c];
        }
    }
    if (st == HAVEN_OK) {
        out->n_walkers = 1;
        out->pooled = 1;
        st = series_blocks(a, b, T, out);
    }
    winstats_plan_clear(&p);
    if (st != HAVEN_OK)
        haven_msd_stats_clear(out);
    return st;
}
