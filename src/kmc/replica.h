/* Internal: what one replica accumulates, and where its measurement
 * stands (so that a checkpoint can resume it). */
#ifndef HAVEN_SRC_KMC_REPLICA_H
#define HAVEN_SRC_KMC_REPLICA_H

#include "kmc/engine.h"
#include "kmc/observe.h"

typedef struct {
    kmc_sums *blocks; /* n_blocks */
    double (*dm)[3];  /* per window change of sum q r */
    double bin_sites[HAVEN_KMC_ENERGY_BINS], bin_occ[HAVEN_KMC_ENERGY_BINS];
    double bin_samples[HAVEN_KMC_ENERGY_BINS];
} replica_out;

typedef struct {
    double t0, tau; /* start of measuring and block duration, s */
    long frame;     /* next trajectory frame */
    int next_block; /* blocks done */
} kmc_progress;

/* Save replica state after a block (atomically: PATH.tmp, then rename). */
haven_status kmc_checkpoint_write(const char *path, const kmc_state *s, const kmc_progress *pr,
                                  const replica_out *o);
/* Restore into s, which kmc_state_init set up with the same lattice,
 * parameters and seed; a file from other parameters is an error. */
haven_status kmc_checkpoint_read(const char *path, kmc_state *s, kmc_progress *pr, replica_out *o);

#endif
