/* Internal: one process's share of a trajectory that several processes
 * read side by side, each a range of frames (the MPI loader, src/mpi/).
 *
 * The range [f0, f1) is read from frame f0 - 1 on (f0 for the first range):
 * that frame is unwrapped as a first frame would be, so the paths here are
 * continuous within the range and differ from the whole run's by a constant
 * per atom: the sum of the `edge` of every earlier range (an exclusive scan
 * over the processes). Drift is removed once that shift is added
 * (haven_range_drift). Everything else a load produces - volume, kinetic
 * temperature, velocity sums - is per frame and complete here. */
#ifndef HAVEN_SRC_SERIES_LOAD_RANGE_H
#define HAVEN_SRC_SERIES_LOAD_RANGE_H

#include "series/load_parts.h"
#include "series/timebase.h"

typedef struct {
    size_t n_atoms;
    long f0, f1;                     /* global frames held */
    size_t block;                    /* frames per allocation of pos and vel */
    double (**pos)[3];               /* blocks of frames [k * block .. ) of the range, m */
    double (**vel)[3];               /* the same, m/s less the reference's velocity; NULL without */
    double (*edge)[3];               /* path of the last frame less that of a fresh start there */
    double *vel_sums;                /* [(f - f0) * G + g][3] with vel_group; NULL without */
    double vsum, vsum2, tsum, tsum2; /* volume (m^3) and temperature (K) sums */
    size_t nt;                       /* frames with velocities */
    size_t n_large;                  /* large frame-to-frame jumps */
    haven_timebase tb;               /* the range's frame spacing, checked frame by frame */
    double interval;                 /* s, from its first two frames (haven_range_interval) */
} haven_range;

/* Frame f (global index) of blocks b (r->pos or r->vel): n_atoms rows. The
 * frames are kept in blocks so that a consumer can free them as it goes
 * (the MPI exchange frees each block once sent: memory stays flat). */
static inline double (*haven_range_frame(const haven_range *r, double (**b)[3], long f))[3]
{
    size_t k = (size_t)(f - r->f0);
    return b[k / r->block] + (k % r->block) * r->n_atoms;
}

/* Read frames [f0, f1) of t (positioned at frame f0 - 1, or f0 when 0) into
 * r, `block` frames per allocation; d from haven_drift_init (only its
 * velocity part is used here). */
haven_status haven_range_load(haven_traj *t, const haven_load_options *o, const haven_drift_ref *d,
                              long f0, long f1, size_t block, haven_range *r);

void haven_range_clear(haven_range *r);
/* The range's frame interval, or the error one process gives at the end of
 * its load (too few frames, no time stated): after every range's frames
 * are read, so that a damaged frame is reported first, as one process does. */
haven_status haven_range_interval(haven_range *r);
/* Add the per-atom shift to every frame, then remove the reference's
 * drift relative to com0 (the reference's centre in frame 0 of the run). */
void haven_range_shift(haven_range *r, const double (*shift)[3]);
void haven_range_drift(haven_range *r, const haven_drift_ref *d, const double com0[3]);

/* Hand n_frames frames ([frame][atom][3], malloc'd; the store's atoms) to
 * an empty store: kept as its buffer when they fit its budget, else appended
 * (spilled) and freed. Either way the store owns them; then finish. */
haven_status haven_store_adopt(haven_store *s, double *frames, size_t n_frames);

/* The next frame's n_atoms x 3 doubles in the store, for the caller to
 * fill before the store is used again (haven_store_append without a copy
 * of the whole frame: the loader writes the kept atoms only). */
haven_status haven_store_next(haven_store *s, double **slot);

#endif
