/* Run parameters: defaults and validation with messages naming the field. */
#include "kmc/params.h"
#include "kmc/lattice.h"

#include "core/error.h"

#include <math.h>
#include <string.h>

void haven_kmc_params_init(haven_kmc_params *p)
{
    haven_kmc_params zero;
    memset(&zero, 0, sizeof zero);
    kmc_params_resolve(&zero, p);
    p->equil_hops = 0; /* the public convention: until stationary */
}

void kmc_params_resolve(const haven_kmc_params *in, haven_kmc_params *p)
{
    *p = *in;
    if (p->n_species == 0) {
        p->n_species = 1;
        memset(&p->species[0], 0, sizeof p->species[0]);
        strcpy(p->species[0].name, "Li");
        p->species[0].charge = 1;
        p->species[0].fraction = 0.5;
    }
    if (p->nu0 == 0)
        p->nu0 = 1e13;
    if (p->barrier == 0 && !p->has_barrier)
        p->barrier = 0.3 * HAVEN_EV;
    if (p->temperature == 0)
        p->temperature = 300;
    if (p->n_replicas == 0)
        p->n_replicas = 8;
    if (p->hops == 0)
        p->hops = 1000000;
    /* Public: 0 until stationary, < 0 none; the engine: < 0 until
     * stationary, 0 none. */
    p->equil_hops = in->equil_hops == 0 ? -1 : in->equil_hops < 0 ? 0 : in->equil_hops;
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
    if (p->n_replicas < 1 || p->hops < 1 || p->n_blocks < 0 || p->n_windows < 0 ||
        p->max_hops < 0 || p->n_blocks > 100000 || p->n_windows > 100000)
        return haven_fail(HAVEN_ERR_ARG, "need replicas >= 1, hops >= 1, blocks and windows "
                                         "0 (automatic) .. 100000, max_hops >= 0");
    if (p->n_replicas == 1 && p->n_blocks == 1)
        return haven_fail(HAVEN_ERR_ARG, "one replica needs at least 2 blocks for error bars");
    int field = p->field[0] != 0 || p->field[1] != 0 || p->field[2] != 0;
    if (field && p->n_blocks == 1 && p->n_windows == 1)
        return haven_fail(HAVEN_ERR_ARG, "a field run needs at least 2 windows (the Einstein "
                                         "sigma is centred on the drift)");
    if (p->max_blocks < 0 || (p->max_blocks > 0 && !p->checkpoint))
        return haven_fail(HAVEN_ERR_ARG, "max_blocks needs a checkpoint and must be >= 0");
    int traj = p->trajectory || p->trajectory_write;
    if (traj && p->checkpoint)
        return haven_fail(HAVEN_ERR_ARG, "a checkpointed run cannot write a trajectory");
    if (traj && !(p->traj_interval > 0))
        return haven_fail(HAVEN_ERR_ARG, "trajectory interval must be > 0 s");
    return HAVEN_OK;
}

/* Largest |q F.d| over species and jumps, J. */
static double max_field_energy(const haven_kmc_lattice *L, const haven_kmc_params *p, size_t *sp)
{
    double most = 0;
    for (size_t k = 0; k < p->n_species; k++)
        for (int b = 0; b < L->n_basis; b++)
            for (int j = 0; j < L->z[b]; j++) {
                const double *d = L->jump[b * L->zmax + j], *F = p->field;
                double w = fabs(p->species[k].charge * HAVEN_E_CHARGE *
                                (F[0] * d[0] + F[1] * d[1] + F[2] * d[2]));
                if (!(w <= most)) { /* NaN too */
                    most = w;
                    *sp = k;
                }
            }
    return most;
}

haven_status kmc_rates_check(const haven_kmc_lattice *L, const haven_kmc_params *p)
{
    double kT = HAVEN_KB * p->temperature;
    size_t sp = 0;
    double x = max_field_energy(L, p, &sp) / kT;
    if (!(x <= KMC_MAX_FIELD_ENERGY))
        return haven_fail(HAVEN_ERR_ARG,
                          "field too strong for T = %g K: q e |F.d| / kT reaches %.3g for %s "
                          "(at most %g, so that exp(q e F.d / 2kT) stays finite; linear "
                          "response needs it << 1)",
                          p->temperature, x, p->species[sp].name, KMC_MAX_FIELD_ENERGY);
    /* In logarithms: the fastest rate nu0 exp(-E_a/kT) exp(x/2) on every
     * slot of every site. */
    double log_rate = log(p->nu0) - p->barrier / kT + 0.5 * x;
    double log_total = log_rate + log((double)L->n_sites * L->zmax);
    if (!(log_total <= log(KMC_MAX_TOTAL_RATE)))
        return haven_fail(HAVEN_ERR_ARG,
                          "hop rates out of range at T = %g K: nu0 exp(-E_a/kT) exp(q e F.d / "
                          "2kT) reaches 1e%.0f 1/s, and the sum over all hops must stay below "
                          "%g 1/s",
                          p->temperature, log_rate / log(10), KMC_MAX_TOTAL_RATE);
    if (!(log_rate >= -log(KMC_MAX_TOTAL_RATE)))
        return haven_fail(HAVEN_ERR_ARG,
                          "hop rates out of range at T = %g K: the fastest, nu0 exp(-E_a/kT) "
                          "exp(q e F.d / 2kT), is 1e%.0f 1/s (at least %g 1/s)",
                          p->temperature, log_rate / log(10), 1 / KMC_MAX_TOTAL_RATE);
    return HAVEN_OK;
}
