/* One run of `haven analyze`: after D*, every collective quantity. */
#include "analysis/job.h"

#include "core/error.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The whole string a finite number. */
static int parse_number(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

haven_status haven_charge_lookup(const char *list, const char *name, double *q, int *found)
{
    *q = 0;
    *found = 0;
    for (const char *p = list; p && *p;) {
        size_t len = strcspn(p, ",");
        const char *eq = memchr(p, '=', len);
        char num[32];
        size_t nl = eq ? len - (size_t)(eq + 1 - p) : 0;
        if (!eq || eq == p || nl == 0 || nl >= sizeof num)
            return haven_fail(HAVEN_ERR_ARG, "--charges: '%s' is not a list like Li=1,Cl=-1", list);
        memcpy(num, eq + 1, nl);
        num[nl] = '\0';
        double v;
        if (parse_number(num, &v) != 0)
            return haven_fail(HAVEN_ERR_ARG, "--charges: '%s' is not a list like Li=1,Cl=-1", list);
        if ((size_t)(eq - p) == strlen(name) && !strncmp(p, name, (size_t)(eq - p))) {
            *q = v;
            *found = 1;
        }
        p += len;
        if (*p == ',')
            p++;
    }
    return HAVEN_OK;
}

static haven_status setup_charges(const haven_analysis_options *o, haven_run_result *r)
{
    size_t K = r->n_species;
    r->charge = calloc(K, sizeof *r->charge);
    r->count = calloc(K, sizeof *r->count);
    r->tracer = calloc(K, sizeof *r->tracer);
    if (!r->charge || !r->count || !r->tracer)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    if (!o->charges)
        return haven_fail(HAVEN_ERR_ARG, "analyze needs --charges, e.g. --charges Li=1,Cl=-1");
    double net = 0;
    for (size_t a = 0; a < K; a++) {
        haven_species_result *s = &r->sp[a];
        int found;
        haven_status st = haven_charge_lookup(o->charges, s->name, &r->charge[a], &found);
        if (st != HAVEN_OK)
            return st;
        if (!found)
            haven_warn("%s: %s has no charge in --charges: treated as neutral", r->path, s->name);
        if (!s->fit_ok)
            return haven_fail(HAVEN_ERR_DATA, "%s: %s: %s", r->path, s->name, s->fit_error);
        r->count[a] = (double)s->n_atoms;
        r->tracer[a] = s->fit;
        net += r->count[a] * r->charge[a];
    }
    if (fabs(net) > 1e-9)
        haven_warn("%s: the charges do not balance (net %+g e): sigma then depends on the frame "
                   "of reference",
                   r->path, net);
    return HAVEN_OK;
}

static haven_status choose_temperature(const haven_analysis_options *o, size_t index,
                                       haven_run_result *r)
{
    const haven_load_info *in = &r->info;
    double opt = o->temperature && index < o->n_temperature ? o->temperature[index] : NAN;
    if (o->temperature && !(opt > 0 && isfinite(opt)))
        return haven_fail(HAVEN_ERR_ARG, "--temperature: no temperature > 0 K for input %zu",
                          index + 1);
    if (isfinite(opt)) {
        r->T = opt;
        r->T_source = "option";
        if (in->temperature_source == 1 && fabs(opt - in->temperature) > 3 * in->temperature_std)
            haven_warn("%s: --temperature %g K differs from the kinetic temperature %.1f +- %.1f K",
                       r->path, opt, in->temperature, in->temperature_std);
    } else if (in->temperature_source != 0) {
        r->T = in->temperature;
        r->T_source = in->temperature_source == 1 ? "velocities" : "file";
    } else {
        return haven_fail(HAVEN_ERR_DATA,
                          "%s: the temperature is unknown (no velocities, the file states none): "
                          "give --temperature K",
                          r->path);
    }
    return HAVEN_OK;
}

static int frame_species(const haven_analysis_options *o, const haven_run_result *r)
{
    if (!o->frame)
        return -1;
    for (size_t a = 0; a < r->n_species; a++)
        if (!strcmp(r->sp[a].name, o->frame))
            return (int)a;
    return -2;
}

static haven_status conductivities(const haven_analysis_options *o, haven_run_result *r)
{
    haven_cond_input in = {.n_species = r->n_species,
                           .charge = r->charge,
                           .count = r->count,
                           .tracer = r->tracer,
                           .coll = &r->coll,
                           .volume = r->info.volume_mean,
                           .temperature = r->T,
                           .frame = -1,
                           .ne_all = o->include_nondiffusive};
    haven_job_fit_options(o, &in.fit);
    /* The charge-displacement MSD finds its own window (its noise comes from
     * the data and the linearity tests apply to it as to a tracer); every
     * other collective fit uses that window. Its candidates begin at the
     * latest cage escape (alpha_2 peak) of the species: the collective
     * currents decorrelate on the cage time. */
    for (size_t a = 0; a < r->n_species; a++)
        if (isfinite(r->tracer[a].alpha2_peak_t))
            in.fit.min_start = fmax(in.fit.min_start, r->tracer[a].alpha2_peak_t);
    haven_status st = haven_conductivity_compute(&in, &r->bary);
    if (st != HAVEN_OK)
        return haven_error_prefix("%s: ", r->path), st;
    r->frame_index = frame_species(o, r);
    if (r->frame_index == -2)
        return haven_fail(HAVEN_ERR_VALUE, "%s: --frame %s is not a species in the file", r->path,
                          o->frame);
    if (r->frame_index >= 0) {
        in.frame = r->frame_index;
        st = haven_conductivity_compute(&in, &r->framed);
        if (st != HAVEN_OK)
            return haven_error_prefix("%s: ", r->path), st;
    }
    return HAVEN_OK;
}

/* Green-Kubo and Einstein-Helfand/MSD are the same physics: say so when
 * they differ by more than HAVEN_Z_DISAGREE combined standard errors. */
static void warn_disagreement(const haven_run_result *r)
{
    double z = r->gk.ok ? haven_estimate_z(&r->gk.sigma, &r->bary.sigma) : NAN;
    if (fabs(z) > HAVEN_Z_DISAGREE)
        haven_warn("%s: sigma from Green-Kubo (%.4g) and Einstein-Helfand (%.4g mS/cm) differ by "
                   "%.1f combined standard errors",
                   r->path, r->gk.sigma.value * 10, r->bary.sigma.value * 10, z);
    for (size_t a = 0; r->gk.D && a < r->n_species; a++) {
        const haven_dfit_result *d = &r->tracer[a];
        haven_estimate msd = d->D;
        z = r->gk.D[a].ok ? haven_estimate_z(&r->gk.D[a].est, &msd) : NAN;
        if (fabs(z) > HAVEN_Z_DISAGREE)
            haven_warn("%s: %s: D* from the velocity autocorrelation (%.4g) and the MSD (%.4g "
                       "cm^2/s) differ by %.1f combined standard errors",
                       r->path, r->sp[a].name, r->gk.D[a].est.value * 1e4, msd.value * 1e4, z);
    }
}

static haven_status tensors_and_gk(const haven_analysis_options *o, haven_run_result *r)
{
    size_t K = r->n_species;
    r->dtensor = calloc(K, sizeof *r->dtensor);
    if (!r->dtensor)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    haven_dfit_options fo;
    haven_job_fit_options(o, &fo);
    haven_status st = HAVEN_OK;
    for (size_t a = 0; st == HAVEN_OK && a < K; a++) {
        const haven_msd *m = &r->sp[a].msd;
        /* Same window as the scalar D*, so that trace/3 equals it. */
        fo.start = r->tracer[a].start;
        fo.end = r->tracer[a].end;
        st = haven_tensor_fit((const double(*)[6])m->tensor, m->n_lags, m->dt, (double)m->n_atoms,
                              &fo, &r->dtensor[a]);
    }
    const haven_load_info *in = &r->info;
    if (st == HAVEN_OK && in->vel_sums) {
        st = haven_green_kubo_compute(in->vel_sums, in->n_frames, in->n_vel_groups, r->charge,
                                      in->frame_interval, in->volume_mean, r->T, &r->gk);
        if (st == HAVEN_OK && in->velocities && o->partition && o->partition->size > 1)
            snprintf(r->gk.self_note, sizeof r->gk.self_note,
                     "self-diffusion Green-Kubo is not computed over several processes (the "
                     "per-atom velocities are split between them)");
        else if (st == HAVEN_OK && in->velocities)
            st = haven_green_kubo_self(in->velocities, in->velocity_group, in->n_vel_groups,
                                       in->frame_interval, &r->gk);
        r->have_gk = st == HAVEN_OK;
        if (r->have_gk)
            warn_disagreement(r);
    }
    if (st != HAVEN_OK)
        haven_error_prefix("%s: ", r->path);
    return st;
}

haven_status haven_job_transport(const haven_analysis_options *o, size_t index, haven_run_result *r)
{
    haven_status st = setup_charges(o, r);
    if (st == HAVEN_OK)
        st = choose_temperature(o, index, r);
    if (st == HAVEN_OK)
        st = conductivities(o, r);
    if (st == HAVEN_OK)
        st = tensors_and_gk(o, r);
    return st;
}
