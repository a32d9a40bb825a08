/* Internal: extended XYZ frames of a replica's ions (ASE conventions). */
#ifndef HAVEN_SRC_KMC_TRAJECTORY_H
#define HAVEN_SRC_KMC_TRAJECTORY_H

#include "kmc/engine.h"

#include <stdio.h>

/* Where frames go: a file, or the caller's sink (haven_kmc_write_fn). */
typedef struct {
    FILE *fp;
    haven_kmc_write_fn write;
    void *user;
} kmc_traj;

/* One frame at time t (s) after the start of measuring: unwrapped
 * positions and the supercell in Angstrom, Time in fs. */
haven_status kmc_traj_frame(const kmc_traj *traj, const kmc_state *s, double t);

#endif
