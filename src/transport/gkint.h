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

typedef struct {
    size_t T, nb, L; /* frames, blocks, frames per block */
    size_t n_full;   /* lags kept from the whole run (T / 2) */
    size_t n_block;  /* lags kept per block (L / 2) */
    double *full;    /* [n_full] */
    double *block;   /* [nb][n_block] */
    haven_xcorr_plan *plan_T, *plan_L;
    haven_xcorr_work *work_T, *work_L;
    double *tmp, *seg; /* scratch: n_full; 3 L */
} gk_corr;

#define GK_MIN_FRAMES 256 /* 4 blocks of 64 */

/* Blocks: 10, fewer (at least 4) when blocks would be under 64 frames.
 * Fails (HAVEN_ERR_DATA) when the run is shorter than 4 x 64 frames. */
haven_status gk_corr_init(gk_corr *c, size_t T);
void gk_corr_clear(gk_corr *c);
/* Adds w x the autocorrelation (summed over components) of the
 * component-major series x[k * T + t], whole run and per block. */
void gk_corr_add(gk_corr *c, const double *x, double w);

typedef struct {
    int ok;
    haven_estimate est; /* scale x integral */
    size_t start;       /* window [start, 2 start] in frames */
    size_t nb;          /* blocks behind the error */
} gk_reading;

/* The running integral scale * int_0^t C is read at the first lag m at which
 * its drift over [m, 2m] and over [2m, 4m] are each within 2 block standard
 * errors; the value is its mean over [2m, 4m], the error the standard error
 * of the same mean over the blocks. ok = 0 if no m with 4m < n_block does. */
gk_reading gk_read(const gk_corr *c, double dt, double scale);
/* out[k] = scale * int_0^{k dt} C over the whole run, k < n. */
void gk_running(const double *C, size_t n, double dt, double scale, double *out);

#endif
