/* The KMC fuzz targets' short run: one replica, a few hundred hops, so
 * that a lattice, energies or checkpoint that reads is also simulated. */
#ifndef HAVEN_FUZZ_KMC_H
#define HAVEN_FUZZ_KMC_H

#include "haven/kmc.h"

static inline haven_kmc_params fuzz_kmc_params(void)
{
    haven_kmc_params p;
    haven_kmc_params_init(&p);
    p.seed = 1;
    p.n_replicas = 1;
    p.equil_hops = 50;
    p.hops = 400;
    p.n_blocks = 4;
    p.n_windows = 2;
    p.temperature = 600;
    return p;
}

#endif
