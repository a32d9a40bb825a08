/* One trajectory of `haven analyze`: D*, then every collective quantity. */
#include "analyze.h"

#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Charge of `name` from "Li=1,Cl=-1"; 0 (neutral) if absent. -1 on a bad list. */
static int lookup_charge(const char *list, const char *name, double *q, int *found)
{
    *q = 0;
    *found = 0;
    for (const char *p = list; p && *p;) {
        size_t len = strcspn(p, ",");
        const char *eq = memchr(p, '=', len);
        if (!eq || eq == p)
            return -1;
        char num[32];
        size_t nl = len - (size_t)(eq + 1 - p);
        if (nl == 0 || nl >= sizeof num)
            return -1;
        memcpy(num, eq + 1, nl);
        num[nl] = '\0';
        double v;
        if (cli_parse_double(num, &v) != 0)
            return -1;
        if ((size_t)(eq - p) == strlen(name) && !strncmp(p, name, (size_t)(eq - p))) {
            *q = v;
            *found = 1;
        }
        p += len;
        if (*p == ',')
            p++;
    }
    return 0;
}

static int setup_charges(const analyze_opts *o, analyze_run *r)
{
    size_t K = r->run.n_species;
    r->charge = calloc(K, sizeof *r->charge);
    r->count = calloc(K, sizeof *r->count);
    r->tracer = calloc(K, sizeof *r->tracer);
    if (!r->charge || !r->count || !r->tracer)
        return cli_error("out of memory"), CLI_FAIL;
    double net = 0;
    for (size_t a = 0; a < K; a++) {
        run_species *s = &r->run.sp[a];
        int found;
        if (lookup_charge(o->charges, s->name, &r->charge[a], &found) != 0) {
            cli_error("--charges: '%s' is not a list like Li=1,Cl=-1", o->charges);
            return CLI_USAGE;
        }
        if (!found)
            fprintf(stderr,
                    "haven: warning: %s: %s has no charge in --charges: treated as "
                    "neutral\n",
                    r->run.path, s->name);
        if (!s->fit_ok) {
            cli_error("%s: %s: %s", r->run.path, s->name, s->fit_error);
            return CLI_FAIL;
        }
        r->count[a] = (double)s->n_atoms;
        r->tracer[a] = s->fit;
        net += r->count[a] * r->charge[a];
    }
    if (fabs(net) > 1e-9)
        fprintf(stderr,
                "haven: warning: %s: the charges do not balance (net %+g e): sigma "
                "then depends on the frame of reference\n",
                r->run.path, net);
    return CLI_OK;
}

/* The k-th entry of a comma list of temperatures, or NAN. */
static double list_temperature(const char *list, size_t k)
{
    for (const char *p = list; p && *p; k--) {
        size_t len = strcspn(p, ",");
        if (k == 0) {
            char buf[32];
            double v;
            if (len == 0 || len >= sizeof buf)
                return NAN;
            memcpy(buf, p, len);
            buf[len] = '\0';
            return cli_parse_double(buf, &v) == 0 && v > 0 ? v : NAN;
        }
        p += len;
        if (*p == ',')
            p++;
    }
    return NAN;
}

static int choose_temperature(const analyze_opts *o, size_t index, analyze_run *r)
{
    const haven_load_info *in = &r->run.info;
    double opt = list_temperature(o->temperatures, index);
    if (isfinite(opt)) {
        r->T = opt;
        r->T_source = "option";
        if (in->temperature_source == 1 && fabs(opt - in->temperature) > 3 * in->temperature_std)
            fprintf(stderr,
                    "haven: warning: %s: --temperature %g K differs from the kinetic "
                    "temperature %.1f +- %.1f K\n",
                    r->run.path, opt, in->temperature, in->temperature_std);
    } else if (in->temperature_source != 0) {
        r->T = in->temperature;
        r->T_source = in->temperature_source == 1 ? "velocities" : "file";
    } else {
        cli_error("%s: the temperature is unknown (no velocities, the file states none): "
                  "give --temperature K",
                  r->run.path);
        return CLI_FAIL;
    }
    return CLI_OK;
}

static int frame_species(const analyze_opts *o, const analyze_run *r)
{
    if (!o->frame)
        return -1;
    for (size_t a = 0; a < r->run.n_species; a++)
        if (!strcmp(r->run.sp[a].name, o->frame))
            return (int)a;
    return -2;
}

static int conductivities(const analyze_opts *o, analyze_run *r)
{
    haven_cond_input in = {.n_species = r->run.n_species,
                           .charge = r->charge,
                           .count = r->count,
                           .tracer = r->tracer,
                           .coll = &r->run.coll,
                           .volume = r->run.info.volume_mean,
                           .temperature = r->T,
                           .frame = -1,
                           .ne_all = o->include_nondiffusive};
    run_fit_options(&o->run, &in.fit);
    /* The charge-displacement MSD finds its own window (its noise comes from
     * the data and the linearity tests apply to it as to a tracer); every
     * other collective fit uses that window. Its candidates begin at the
     * latest cage escape (alpha_2 peak) of the species: the collective
     * currents decorrelate on the cage time. */
    for (size_t a = 0; a < r->run.n_species; a++)
        if (isfinite(r->tracer[a].alpha2_peak_t))
            in.fit.min_start = fmax(in.fit.min_start, r->tracer[a].alpha2_peak_t);
    if (haven_conductivity_compute(&in, &r->bary) != HAVEN_OK)
        return cli_lib_error(r->run.path);
    r->frame_index = frame_species(o, r);
    if (r->frame_index == -2) {
        cli_error("%s: --frame %s is not a species in the file", r->run.path, o->frame);
        return CLI_FAIL;
    }
    if (r->frame_index >= 0) {
        in.frame = r->frame_index;
        if (haven_conductivity_compute(&in, &r->framed) != HAVEN_OK)
            return cli_lib_error(r->run.path);
    }
    return CLI_OK;
}

/* D* from the MSD as an estimate (same vocabulary as the Green-Kubo D*). */
haven_estimate analyze_msd_D(const analyze_run *r, size_t a)
{
    const haven_dfit_result *d = &r->tracer[a];
    return (haven_estimate){d->D, d->D_err, d->D_lo, d->D_hi};
}

/* Green-Kubo and Einstein-Helfand/MSD are the same physics: say so when
 * they differ by more than HAVEN_Z_DISAGREE combined standard errors. */
static void warn_disagreement(const analyze_run *r)
{
    double z = r->gk.ok ? haven_estimate_z(&r->gk.sigma, &r->bary.sigma) : NAN;
    if (fabs(z) > HAVEN_Z_DISAGREE)
        fprintf(stderr,
                "haven: warning: %s: sigma from Green-Kubo (%.4g) and Einstein-Helfand (%.4g "
                "mS/cm) differ by %.1f combined standard errors\n",
                r->run.path, r->gk.sigma.value * 10, r->bary.sigma.value * 10, z);
    for (size_t a = 0; r->gk.D && a < r->run.n_species; a++) {
        haven_estimate msd = analyze_msd_D(r, a);
        z = r->gk.D[a].ok ? haven_estimate_z(&r->gk.D[a].est, &msd) : NAN;
        if (fabs(z) > HAVEN_Z_DISAGREE)
            fprintf(stderr,
                    "haven: warning: %s: %s: D* from the velocity autocorrelation (%.4g) and "
                    "the MSD (%.4g cm^2/s) differ by %.1f combined standard errors\n",
                    r->run.path, r->run.sp[a].name, r->gk.D[a].est.value * 1e4, msd.value * 1e4, z);
    }
}

static int tensors_and_gk(const analyze_opts *o, analyze_run *r)
{
    size_t K = r->run.n_species;
    r->dtensor = calloc(K, sizeof *r->dtensor);
    if (!r->dtensor)
        return cli_error("out of memory"), CLI_FAIL;
    haven_dfit_options fo;
    run_fit_options(&o->run, &fo);
    for (size_t a = 0; a < K; a++) {
        const haven_msd *m = &r->run.sp[a].msd;
        /* Same window as the scalar D*, so that trace/3 equals it. */
        fo.start = r->tracer[a].start;
        fo.end = r->tracer[a].end;
        if (haven_tensor_fit((const double(*)[6])m->tensor, m->n_lags, m->dt, (double)m->n_atoms,
                             &fo, &r->dtensor[a]) != HAVEN_OK)
            return cli_lib_error(r->run.path);
    }
    const haven_load_info *in = &r->run.info;
    if (in->vel_sums) {
        if (haven_green_kubo_compute(in->vel_sums, in->n_frames, in->n_vel_groups, r->charge,
                                     in->frame_interval, in->volume_mean, r->T, &r->gk) != HAVEN_OK)
            return cli_lib_error(r->run.path);
        if (in->velocities &&
            haven_green_kubo_self(in->velocities, in->velocity_group, in->n_vel_groups,
                                  in->frame_interval, &r->gk) != HAVEN_OK)
            return cli_lib_error(r->run.path);
        r->have_gk = 1;
        warn_disagreement(r);
    }
    return CLI_OK;
}

int analyze_file(const analyze_opts *o, const char *path, size_t index, analyze_run *r)
{
    memset(r, 0, sizeof *r);
    int rc = o->run.cont /* every file a segment of this one run */
                 ? run_analyse_segments(&o->run, o->run.files, o->run.n_files, 1, 1, &r->run)
                 : run_analyse_file(&o->run, path, 1, 1, &r->run);
    if (rc == CLI_OK)
        rc = setup_charges(o, r);
    if (rc == CLI_OK)
        rc = choose_temperature(o, index, r);
    if (rc == CLI_OK)
        rc = conductivities(o, r);
    if (rc == CLI_OK)
        rc = tensors_and_gk(o, r);
    return rc;
}

void analyze_run_free(analyze_run *r)
{
    run_result_free(&r->run);
    free(r->charge);
    free(r->count);
    free(r->tracer);
    free(r->dtensor);
    haven_conductivity_clear(&r->bary);
    haven_conductivity_clear(&r->framed);
    haven_green_kubo_clear(&r->gk);
    memset(r, 0, sizeof *r);
}
