/* Internal: extended XYZ frames of a replica's ions (ASE conventions). */
#ifndef HAVEN_SRC_KMC_TRAJECTORY_H
#define HAVEN_SRC_KMC_TRAJECTORY_H

#include "kmc/engine.h"

#include <stdio.h>

/* One frame at time t (s) after the start of measuring: unwrapped
 * positions and the supercell in Angstrom, Time in fs. */
void kmc_write_frame(FILE *fp, const kmc_state *s, double t);

#endif
