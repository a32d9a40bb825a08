/* Run parameters: defaults and validation with messages naming the field. */
#include "kmc/params.h"

#include "core/error.h"

#include <math.h>
#include <string.h>

void haven_kmc_params_init(haven_kmc_params *p)
{
    memset(p, 0, sizeof *p);
    p->n_species = 1;
    strcpy(p->species[0].name, "Li");
    p->species[0].charge = 1;
    p->species[0].fraction = 0.5;
    p->nu0 = 1e13;
    p->barrier = 0.3 * HAVEN_EV;
    p->temperature = 300;
    p->seed = 1;
    p->n_replicas = 8;
    p->hops = 1000000;
    p->equil_hops = 100000;
    p->n_blocks = 10;
    p->n_windows = 20;
}

haven_status kmc_params_check(const haven_kmc_params *p, size_t n_sites)
{
    if (p->n_species < 1 || p->n_species > HAVEN_KMC_MAX_SPECIES)
        return haven_fail(HAVEN_ERR_ARG, "number of species must be 1..%d, got %zu",
                          HAVEN_KMC_MAX_SPECIES, p->n_species);
    double total = 0;
    for (size_t k = 0; k < p->n_species; k++) {
        const haven_kmc_species *s = &p->species[k];
        if (!s->name[0] || !isfinite(s->charge) || !(s->fraction >= 0 && s->fraction <= 1))
            return haven_fail(HAVEN_ERR_ARG,
                              "species %zu needs a name, a finite charge and a fraction in "
                              "[0, 1]",
                              k + 1);
        total += s->fraction;
    }
    if (total > 1 + 1e-12)
        return haven_fail(HAVEN_ERR_ARG, "species fractions add up to %g > 1 (site exclusion)",
                          total);
    if (!(p->nu0 > 0) || !isfinite(p->nu0) || !isfinite(p->barrier) || !isfinite(p->interaction))
        return haven_fail(HAVEN_ERR_ARG, "nu0 must be > 0 and barrier, interaction finite");
    if (!(p->temperature > 0) || !isfinite(p->temperature))
        return haven_fail(HAVEN_ERR_ARG, "temperature must be > 0 K, got %g", p->temperature);
    if (!(p->disorder_width >= 0) || !isfinite(p->disorder_width))
        return haven_fail(HAVEN_ERR_ARG, "disorder width must be >= 0");
    if (p->disorder == HAVEN_KMC_DISORDER_TABLE && !p->site_energies)
        return haven_fail(HAVEN_ERR_ARG, "tabulated disorder needs %zu site energies", n_sites);
    for (int k = 0; k < 3; k++)
        if (!isfinite(p->field[k]))
            return haven_fail(HAVEN_ERR_ARG, "field components must be finite");
    if (p->n_replicas < 1 || p->hops < 1 || p->equil_hops < 0 || p->n_blocks < 1 ||
        p->n_windows < 1)
        return haven_fail(HAVEN_ERR_ARG, "need replicas >= 1, hops >= 1, equilibration >= 0 "
                                         "blocks >= 1 and windows >= 1");
    if (p->n_replicas == 1 && p->n_blocks < 2)
        return haven_fail(HAVEN_ERR_ARG, "one replica needs at least 2 blocks for error bars");
    int field = p->field[0] != 0 || p->field[1] != 0 || p->field[2] != 0;
    if (field && p->n_blocks * p->n_windows < 2)
        return haven_fail(HAVEN_ERR_ARG, "a field run needs at least 2 windows (the Einstein "
                                         "sigma is centred on the drift)");
    if (p->max_blocks < 0 || (p->max_blocks > 0 && !p->checkpoint))
        return haven_fail(HAVEN_ERR_ARG, "max_blocks needs a checkpoint and must be >= 0");
    if (p->trajectory && p->checkpoint)
        return haven_fail(HAVEN_ERR_ARG, "a checkpointed run cannot write a trajectory");
    if (p->trajectory && !(p->traj_interval > 0))
        return haven_fail(HAVEN_ERR_ARG, "trajectory interval must be > 0 s");
    return HAVEN_OK;
}
