/* Sampled noise of squared displacements from non-overlapping windows. */
#ifndef HAVEN_SRC_MSD_WINSTATS_H
#define HAVEN_SRC_MSD_WINSTATS_H

#include "haven/msd.h"
#include "msd/xcorr.h"

/* Per-probe accumulator slots: sum d2, sum d2^2, sum dx_k^2 (3), sum dx_k^4 (3). */
#define WINSTATS_SLOTS 8
/* Time blocks whose spread gives the data's own error of a slope: 4 leaves
 * 3 degrees of freedom per component (9 in all) with blocks a quarter of the
 * run, long enough for the fit window of most runs. */
#define WINSTATS_BLOCKS 4
/* Block MSDs of the diagonal components (xx, yy, zz) only. */
extern const haven_pairs winstats_diag3;

typedef struct {
    size_t T, n;      /* frames, probe lags */
    size_t *lag;      /* probe lags */
    size_t *woff;     /* offset of each probe's windows in the per-window sums */
    size_t n_windows; /* all windows of all probes */
} winstats_plan;

haven_status winstats_plan_init(winstats_plan *p, size_t T);
void winstats_plan_clear(winstats_plan *p);
/* Add one walker's path x (component-major, x[k * T + t]): acc has
 * WINSTATS_SLOTS per probe, wsum one double per window (the group's sums). */
void winstats_add_walker(const winstats_plan *p, const double *x, double *acc, double *wsum);
/* Turn the sums of n_walkers walkers into statistics (allocates out). */
haven_status winstats_finish(const winstats_plan *p, const double *acc, const double *wsum,
                             size_t n_walkers, haven_msd_stats *out);
/* Frames per block for a run of T frames (0 when blocks would be too short). */
size_t winstats_block_frames(size_t T);
/* Add the block MSDs of one walker (a == b) or pair of series into
 * acc[(b * 3 + k) * Tb + lag] (+=, weight w); work is a workspace of a plan
 * of Tb frames, buf 6 Tb doubles of scratch. */
void winstats_add_blocks(haven_xcorr_work *work, size_t T, const double *a, const double *b,
                         double w, double *buf, double *acc);
/* The same for many walkers: each block's correlation goes into sums[blk]
 * (haven_xcorr_sum over winstats_diag3, one per block, plan of
 * winstats_block_frames(T) frames); winstats_flush_blocks() then adds them
 * to acc, laid out as winstats_add_blocks() writes it. */
void winstats_add_blocks_sum(haven_xcorr_work *work, size_t T, const double *a, const double *b,
                             double w, double *buf, haven_xcorr_sum *const *sums);
void winstats_flush_blocks(haven_xcorr_work *work, size_t T, haven_xcorr_sum *const *sums,
                           double *acc);

#endif
