/* Green-Kubo integrals of noisy correlation functions: whole-run and block
 * correlations, and the flat-drift rule that decides where to read them. */
#include "transport/gkint.h"

#include "core/error.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NB_MAX 10
#define NB_MIN 4
#define L_MIN 64
/* The drift over an octave counts as flat when within Z_FLAT of its block
 * standard error. Reading the integral over the second flat octave, not the
 * first, keeps the truncation bias of an early (lucky) pass out of it: on an
 * exponential ACF the first octave gave 83% coverage of 95% intervals, the
 * second 98% (tests/transport/test_greenkubo.c). */
#define Z_FLAT 2.0

int gk_blocks_init(gk_blocks *b, size_t T, size_t nb, size_t n_lags)
{
    b->nb = nb;
    b->L = T / nb;
    b->n_block = n_lags < b->L ? n_lags : b->L;
    b->block = calloc(nb * b->n_block, sizeof *b->block);
    b->plan = haven_xcorr_plan_create(b->L);
    b->work = b->plan ? haven_xcorr_work_create(b->plan) : NULL;
    return b->block && b->work;
}

static int full_init(gk_corr *c, size_t T)
{
    memset(c, 0, sizeof *c);
    c->T = T;
    c->n_full = T / 2;
    c->full = calloc(c->n_full, sizeof *c->full);
    c->tmp = malloc(c->n_full * sizeof *c->tmp);
    c->seg = malloc(3 * T * sizeof *c->seg);
    c->plan_T = haven_xcorr_plan_create(T);
    c->work_T = c->plan_T ? haven_xcorr_work_create(c->plan_T) : NULL;
    return c->full && c->tmp && c->seg && c->work_T;
}

haven_status gk_corr_init_groups(gk_corr *c, size_t T, size_t nb)
{
    int ok = full_init(c, T);
    c->n_lv = 1;
    c->lv[0].nb = nb;
    c->lv[0].n_block = c->n_full;
    ok = ok && (c->lv[0].block = calloc(nb * c->n_full, sizeof(double))) != NULL;
    if (!ok) {
        gk_corr_clear(c);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory for the Green-Kubo correlations");
    }
    return HAVEN_OK;
}

void gk_corr_add_member(gk_corr *c, const double *x, double w, double w_group, size_t j)
{
    haven_xcorr_autocorr(c->work_T, x, c->tmp, c->n_full);
    double *b = c->lv[0].block + j * c->n_full;
    for (size_t m = 0; m < c->n_full; m++) {
        c->full[m] += w * c->tmp[m];
        b[m] += w_group * c->tmp[m];
    }
}

haven_status gk_corr_init(gk_corr *c, size_t T)
{
    memset(c, 0, sizeof *c);
    size_t nb = NB_MAX;
    while (nb > NB_MIN && T / nb < L_MIN)
        nb--;
    if (T / nb < L_MIN)
        return haven_fail(HAVEN_ERR_DATA,
                          "Green-Kubo needs at least %d frames with velocities (%zu given)",
                          NB_MIN * L_MIN, T);
    int ok = full_init(c, T) && gk_blocks_init(&c->lv[0], T, nb, T / nb / 2);
    c->n_lv = 1;
    if (ok && nb / 2 >= NB_MIN) {
        ok = gk_blocks_init(&c->lv[1], T, nb / 2, T / (nb / 2) / 2);
        c->n_lv = 2;
    }
    if (!ok) {
        gk_corr_clear(c);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory for the Green-Kubo correlations");
    }
    return HAVEN_OK;
}

void gk_blocks_clear(gk_blocks *b)
{
    free(b->block);
    haven_xcorr_work_free(b->work);
    haven_xcorr_plan_free(b->plan);
    memset(b, 0, sizeof *b);
}

void gk_corr_clear(gk_corr *c)
{
    free(c->full);
    free(c->tmp);
    free(c->seg);
    haven_xcorr_work_free(c->work_T);
    haven_xcorr_plan_free(c->plan_T);
    for (int l = 0; l < 2; l++)
        gk_blocks_clear(&c->lv[l]);
    memset(c, 0, sizeof *c);
}

void gk_blocks_add(gk_blocks *b, const double *x, size_t T, double w, double *seg, double *tmp)
{
    for (size_t j = 0; j < b->nb; j++) {
        for (size_t k = 0; k < 3; k++)
            memcpy(seg + k * b->L, x + k * T + j * b->L, b->L * sizeof *x);
        haven_xcorr_autocorr(b->work, seg, tmp, b->n_block);
        for (size_t m = 0; m < b->n_block; m++)
            b->block[j * b->n_block + m] += w * tmp[m];
    }
}

void gk_corr_add(gk_corr *c, const double *x, double w)
{
    haven_xcorr_autocorr(c->work_T, x, c->tmp, c->n_full);
    for (size_t m = 0; m < c->n_full; m++)
        c->full[m] += w * c->tmp[m];
    for (size_t l = 0; l < c->n_lv; l++)
        gk_blocks_add(&c->lv[l], x, c->T, w, c->seg, c->tmp);
}

size_t gk_max_lag(const gk_corr *c)
{
    return (c->lv[c->n_lv - 1].n_block - 1) / 4;
}

void gk_running(const double *C, size_t n, double dt, double scale, double *out)
{
    double s = 0;
    out[0] = 0;
    for (size_t k = 1; k < n; k++) {
        s += 0.5 * (C[k - 1] + C[k]) * dt;
        out[k] = s * scale;
    }
}

static double window_mean(const double *run, size_t m)
{
    double s = 0;
    for (size_t k = m; k <= 2 * m; k++)
        s += run[k];
    return s / (double)(m + 1);
}

/* Standard error of the mean of v[0..n). */
static double std_error(const double *v, size_t n)
{
    double s = 0, s2 = 0;
    for (size_t i = 0; i < n; i++)
        s += v[i];
    double mean = s / (double)n;
    for (size_t i = 0; i < n; i++)
        s2 += (v[i] - mean) * (v[i] - mean);
    return sqrt(s2 / (double)(n - 1) / (double)n);
}

/* Is the whole-run integral's drift over [a, b] within Z_FLAT block errors? */
static int flat(const double *run, const double *brun, size_t nb, size_t nl, size_t a, size_t b,
                double *d)
{
    for (size_t j = 0; j < nb; j++)
        d[j] = brun[j * nl + b] - brun[j * nl + a];
    return fabs(run[b] - run[a]) <= Z_FLAT * std_error(d, nb);
}

/* The rule on one set of blocks. */
static gk_reading read_blocks(const double *full, const gk_blocks *b, double dt, double scale)
{
    gk_reading r = {0};
    size_t nb = b->nb, nl = b->n_block;
    double *run = malloc(nl * sizeof *run), *brun = malloc(nb * nl * sizeof *brun);
    double *d = malloc(nb * sizeof *d);
    r.nb = nb;
    if (!run || !brun || !d)
        goto done;
    gk_running(full, nl, dt, scale, run);
    for (size_t j = 0; j < nb; j++)
        gk_running(b->block + j * nl, nl, dt, scale, brun + j * nl);
    for (size_t m = 2; 4 * m < nl; m++) {
        if (!flat(run, brun, nb, nl, m, 2 * m, d) || !flat(run, brun, nb, nl, 2 * m, 4 * m, d))
            continue;
        for (size_t j = 0; j < nb; j++)
            d[j] = window_mean(brun + j * nl, 2 * m);
        double t95 = haven_quantile95((double)(nb - 1));
        r.ok = 1;
        r.start = 2 * m;
        r.est.value = window_mean(run, 2 * m);
        r.est.err = std_error(d, nb);
        r.est.lo = r.est.value - t95 * r.est.err;
        r.est.hi = r.est.value + t95 * r.est.err;
        break;
    }
done:
    free(run);
    free(brun);
    free(d);
    return r;
}

gk_reading gk_read(const gk_corr *c, double dt, double scale)
{
    gk_reading r = {0};
    for (size_t l = 0; l < c->n_lv && !r.ok; l++)
        r = read_blocks(c->full, &c->lv[l], dt, scale);
    return r;
}

double gk_window_error(const gk_blocks *b, double dt, double scale, size_t start)
{
    size_t nl = b->n_block;
    if (b->nb < 2 || 2 * start >= nl)
        return NAN;
    double *run = malloc(nl * sizeof *run), *d = malloc(b->nb * sizeof *d), se = NAN;
    if (run && d) {
        for (size_t j = 0; j < b->nb; j++) {
            gk_running(b->block + j * nl, nl, dt, scale, run);
            d[j] = window_mean(run, start);
        }
        se = std_error(d, b->nb);
    }
    free(run);
    free(d);
    return se;
}
