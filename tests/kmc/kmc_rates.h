/* The rate of a carrier's hop computed independently of the engine's
 * tables, from kmc_hop_rate (energies, interactions, field factors). */
#ifndef HAVEN_TESTS_KMC_RATES_H
#define HAVEN_TESTS_KMC_RATES_H

#include "kmc/engine.h"

/* Rate of the hop of carrier c through slot k, or 0 when impossible. */
static inline double kmc_test_pair_rate(const kmc_state *s, size_t c, int k)
{
    const haven_kmc_lattice *L = s->L;
    size_t x = (size_t)s->car_site[c];
    if (k >= L->z[x % L->n_basis])
        return 0;
    size_t y = (size_t)L->nbr[x * L->zmax + k];
    if (s->vacancy_carriers)
        return s->occ[y] >= 0 ? kmc_hop_rate(s, s->species[s->occ[y]], y, L->rev[x * L->zmax + k])
                              : 0;
    return s->occ[y] < 0 ? kmc_hop_rate(s, s->species[s->occ[x]], x, k) : 0;
}

#endif
