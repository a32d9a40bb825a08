/* Internal: the per-frame steps of loading (load.c) that the frame-range
 * loader of the MPI build (load_range.c, src/mpi/) shares. */
#ifndef HAVEN_SRC_SERIES_LOAD_PARTS_H
#define HAVEN_SRC_SERIES_LOAD_PARTS_H

#include "haven/series.h"

typedef struct {
    double *weight; /* per atom: mass if in the drift reference, else 0 */
    double total;
    double com0[3]; /* reference centre of mass in frame 0 */
    int active;
} haven_drift_ref;

haven_status haven_drift_init(haven_drift_ref *d, const haven_traj *t, const haven_load_options *o);
/* Mass-weighted centre of the drift reference over path[0..n). */
void haven_drift_com(const haven_drift_ref *d, const double (*path)[3], size_t n, double com[3]);
/* Subtract the reference's motion since frame 0 (frame 0 sets com0). */
void haven_drift_apply(haven_drift_ref *d, double (*path)[3], size_t n, long frame);
/* Centre-of-mass velocity of the reference (0 without one). */
void haven_drift_velocity(const haven_drift_ref *d, const haven_frame *f, size_t n_atoms,
                          double vc[3]);
/* Kinetic temperature with the 3 centre-of-mass degrees of freedom removed. */
double haven_kinetic_temperature(const haven_traj *t, const haven_frame *f);
/* Per-group sums of the velocities less vc: row[g * 3 + k]. */
void haven_velocity_sums_row(const haven_load_options *o, const haven_frame *f, const double vc[3],
                             size_t n_atoms, double *row);

/* The start of every load: opt or the defaults (in *defaults), *store
 * NULL, *info cleared (temperatures NAN). Returns the options to use. */
const haven_load_options *haven_load_begin(const haven_load_options *opt,
                                           haven_load_options *defaults, haven_store **store,
                                           haven_load_info *info);

#endif
