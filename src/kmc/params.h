/* Internal: validation of haven_kmc_params. */
#ifndef HAVEN_SRC_KMC_PARAMS_H
#define HAVEN_SRC_KMC_PARAMS_H

#include "haven/kmc.h"

haven_status kmc_params_check(const haven_kmc_params *p, size_t n_sites);

#endif
