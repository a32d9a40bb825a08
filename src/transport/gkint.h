/* Reading a Green-Kubo integral off a noisy correlation function.
 *
 * A gk_corr holds one correlation function twice: over the whole run (the
 * estimate) and within each of nb consecutive blocks of the run (the noise).
 * gk_read finds where the running integral has stopped drifting and reads
 * it there; see greenkubo.c and docs/greenkubo.md for the rule. */
#ifndef HAVEN_SRC_TRANSPORT_GKINT_H
#define HAVEN_SRC_TRANSPORT_GKINT_H

#include "haven/transport.h"
#include "msd/xcorr.h"

#include <stddef.h>

/* nb partial estimates of the correlation, n_block lags each: within each
 * of nb blocks of L frames (lags < L / 2), or over the whole run for each of
 * nb groups of atoms (L = 0, lags < T / 2). */
typedef struct {
    size_t nb, L, n_block;
    double *block; /* [nb][n_block] */
    haven_xcorr_plan *plan;
    haven_xcorr_work *work;
} gk_blocks;

typedef struct {
    size_t T;        /* frames */
    size_t n_full;   /* lags kept from the whole run (T / 2) */
    double *full;    /* [n_full] */
    gk_blocks lv[2]; /* 10 blocks (fewer, >= 4, for short runs); then half as many, if >= 4;
                        or one level of atom groups */
    size_t n_lv;
    haven_xcorr_plan *plan_T;
    haven_xcorr_work *work_T;
    double *tmp, *seg; /* scratch: n_full; 3 T */
} gk_corr;

#define GK_MIN_FRAMES 256 /* 4 blocks of 64 */

/* nb blocks of T / nb frames, lags < min(n_lags, T / nb); 0 when out of memory. */
int gk_blocks_init(gk_blocks *b, size_t T, size_t nb, size_t n_lags);
void gk_blocks_clear(gk_blocks *b);
/* Adds w x the within-block autocorrelations of x (component-major, T
 * frames); seg: scratch of 3 L, tmp: of n_block. */
void gk_blocks_add(gk_blocks *b, const double *x, size_t T, double w, double *seg, double *tmp);
/* Standard error over the blocks of the running integral's mean over
 * [start, 2 start] (frames); NAN when 2 start is beyond the blocks' lags. */
double gk_window_error(const gk_blocks *b, double dt, double scale, size_t start);

/* Fails (HAVEN_ERR_DATA) when the run is shorter than GK_MIN_FRAMES. */
haven_status gk_corr_init(gk_corr *c, size_t T);
void gk_corr_clear(gk_corr *c);
/* The same with nb groups of atoms in place of blocks of time (nb >= 2). */
haven_status gk_corr_init_groups(gk_corr *c, size_t T, size_t nb);
/* Adds w x the autocorrelation (summed over components) of the
 * component-major series x[k * T + t], whole run and per block. */
void gk_corr_add(gk_corr *c, const double *x, double w);
/* Adds w x the autocorrelation of x to the whole run and w_group x it to
 * group j (w_group = w x atoms / atoms in j makes each group a mean). */
void gk_corr_add_member(gk_corr *c, const double *x, double w, double w_group, size_t j);

typedef struct {
    int ok;
    haven_estimate est; /* scale x integral */
    size_t start;       /* window [start, 2 start] in frames */
    size_t nb;          /* blocks behind the error */
} gk_reading;

/* The running integral scale * int_0^t C is read at the first lag m at which
 * its drift over [m, 2m] and over [2m, 4m] are each within 2 block standard
 * errors; the value is its mean over [2m, 4m], the error the standard error
 * of the same mean over the blocks. With 10 blocks first (4m < L / 2), then,
 * if none qualifies, with 5 blocks twice as long. ok = 0 if none does. */
gk_reading gk_read(const gk_corr *c, double dt, double scale);
/* The longest lag m the rule can test, in frames. */
size_t gk_max_lag(const gk_corr *c);
/* out[k] = scale * int_0^{k dt} C over the whole run, k < n. */
void gk_running(const double *C, size_t n, double dt, double scale, double *out);

#endif
