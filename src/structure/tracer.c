/* D*, sigma and the Haven ratio of the selected atoms, for f = D* / D_jump
 * and the eq.-1 check, through the same store, MSD, fits and conductivity
 * as haven diffusion and haven analyze. */
#include "haven/sites.h"

#include "core/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static haven_status conductivity(haven_sites_transport *tr, const haven_msd_collective *coll)
{
    double count = (double)tr->n_ions;
    haven_cond_input in;
    memset(&in, 0, sizeof in);
    in.n_species = 1;
    in.charge = &tr->charge;
    in.count = &count;
    in.tracer = &tr->tracer;
    in.coll = coll;
    in.volume = tr->volume;
    in.temperature = tr->temperature;
    in.frame = -1;
    in.ne_all = 1;
    haven_dfit_options_init(&in.fit);
    haven_status s = haven_conductivity_compute(&in, &tr->cond);
    tr->have_sigma = s == HAVEN_OK;
    return s;
}

static haven_status fit_all(haven_sites_transport *tr, haven_store *store, const int *group,
                            double dt)
{
    haven_msd msd;
    haven_msd_collective coll;
    memset(&msd, 0, sizeof msd);
    memset(&coll, 0, sizeof coll);
    haven_msd_options mo;
    haven_msd_options_init(&mo);
    mo.collective = tr->temperature > 0;
    haven_status s = haven_msd_compute(store, group, 1, dt, &mo, &msd, mo.collective ? &coll : NULL);
    if (s == HAVEN_OK) {
        haven_dfit_options fo;
        haven_dfit_options_init(&fo);
        fo.stats = &msd.stats; /* the data's own noise, as haven diffusion */
        s = haven_diffusion_fit(msd.msd, msd.n_lags, msd.dt, (double)tr->n_ions, 3, &fo,
                                &tr->tracer);
    }
    if (s == HAVEN_OK && mo.collective)
        s = conductivity(tr, &coll);
    haven_msd_clear(&msd);
    haven_msd_collective_clear(&coll);
    return s;
}

haven_status haven_sites_transport_compute(haven_traj *t, const int *select,
                                           haven_drift_mode drift, double charge,
                                           double temperature, haven_sites_transport *out)
{
    memset(out, 0, sizeof *out);
    out->charge = charge;
    out->temperature = temperature;
    haven_status s = haven_traj_rewind(t);
    if (s != HAVEN_OK)
        return s;
    haven_load_options lo;
    haven_load_options_init(&lo);
    lo.drift = drift;
    haven_store *store = NULL;
    haven_load_info info;
    memset(&info, 0, sizeof info);
    if ((s = haven_load(t, &lo, &store, &info)) != HAVEN_OK)
        return s;
    out->volume = info.volume_mean;
    size_t n = haven_traj_n_atoms(t);
    int *group = malloc(n * sizeof *group);
    if (!group)
        s = haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t i = 0; s == HAVEN_OK && i < n; i++)
        out->n_ions += (group[i] = select[i] ? 0 : -1) == 0;
    if (s == HAVEN_OK)
        s = fit_all(out, store, group, info.frame_interval);
    free(group);
    haven_store_free(store);
    haven_load_info_clear(&info);
    return s;
}

void haven_sites_transport_clear(haven_sites_transport *tr)
{
    if (tr && tr->have_sigma)
        haven_conductivity_clear(&tr->cond);
    if (tr)
        memset(tr, 0, sizeof *tr);
}

static void from_parts(haven_estimate *e, double v, double rel, const char *unit)
{
    *e = haven_estimate_make(v, fabs(v) * rel, 0, unit); /* normal quantile: combined errors */
}

static double rel2(double err, double v)
{
    return (err / v) * (err / v);
}

void haven_correlation_factor(double D, double D_err, const haven_estimate *D_jump,
                              haven_estimate *f)
{
    from_parts(f, D / D_jump->value, sqrt(rel2(D_err, D) + rel2(D_jump->err, D_jump->value)), "1");
}

void haven_sites_eq1_check(const haven_sites_transport *tr, const haven_sites_result *r,
                           haven_sites_eq1 *out)
{
    haven_correlation_factor(tr->tracer.D.value, tr->tracer.D.err, &r->D_jump, &out->f);
    out->sigma1 = haven_estimate_make(NAN, NAN, 0, "S/m");
    out->ratio = haven_estimate_make(NAN, NAN, 0, "1");
    if (!tr->have_sigma)
        return;
    const haven_estimate *H = &tr->cond.haven_ratio, *S = &tr->cond.sigma;
    double q = tr->charge * HAVEN_E_CHARGE, n = (double)tr->n_ions / tr->volume;
    double s1 = r->f_jumps.value / H->value * n * q * q / (HAVEN_KB * tr->temperature) *
                r->D_jump.value;
    double rel = rel2(r->f_jumps.err, r->f_jumps.value) + rel2(H->err, H->value) +
                 rel2(r->D_jump.err, r->D_jump.value);
    from_parts(&out->sigma1, s1, sqrt(rel), "S/m");
    from_parts(&out->ratio, s1 / S->value, sqrt(rel + rel2(S->err, S->value)), "1");
}
