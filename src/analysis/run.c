/* One trajectory through the pipeline: load, MSD, diffusion fits. */
#include "analysis/job.h"

#include "core/error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int haven_species_selected(const char *list, const char *name)
{
    if (!list)
        return 1;
    size_t n = strlen(name);
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ",");
        if (len == n && !strncmp(p, name, n))
            return 1;
        p += len;
        if (*p == ',')
            p++;
    }
    return 0;
}

void haven_job_fit_options(const haven_analysis_options *o, haven_dfit_options *fo)
{
    haven_dfit_options_init(fo);
    fo->start = o->has_start ? o->start : NAN; /* NAN: automatic */
    fo->end = o->has_end ? o->end : NAN;
}

/* The drift reference of opt->drift for an open trajectory. drift_flags
 * must have room for haven_traj_n_species entries. */
static haven_status load_options(const haven_analysis_options *o, const haven_traj *t,
                                 haven_load_options *lo, int *drift_flags)
{
    haven_load_options_init(lo);
    lo->max_bytes = o->max_bytes;
    if (!o->drift || !strcmp(o->drift, "system"))
        return HAVEN_OK;
    if (!strcmp(o->drift, "none")) {
        lo->drift = HAVEN_DRIFT_NONE;
        return HAVEN_OK;
    }
    lo->drift = HAVEN_DRIFT_SPECIES;
    lo->drift_species = drift_flags;
    int any = 0;
    for (size_t k = 0; k < haven_traj_n_species(t); k++)
        any |= drift_flags[k] = haven_species_selected(o->drift, haven_traj_species_name(t, k));
    if (!any)
        return haven_fail(HAVEN_ERR_VALUE, "%s: --drift %s names no species present in the file",
                          haven_traj_path(t), o->drift);
    return HAVEN_OK;
}

static haven_status setup_species(const haven_analysis_options *o, const haven_traj *t, int all,
                                  haven_run_result *r, int *group)
{
    size_t K = haven_traj_n_species(t), n = 0;
    r->sp = calloc(K, sizeof *r->sp);
    int *map = malloc(K * sizeof *map);
    if (!r->sp || !map) {
        free(map);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    for (size_t k = 0; k < K; k++) {
        const char *name = haven_traj_species_name(t, k);
        map[k] = -1;
        if (all || haven_species_selected(o->species, name)) {
            map[k] = (int)n;
            snprintf(r->sp[n].name, sizeof r->sp[n].name, "%s", name);
            r->sp[n].index = (int)k;
            n++;
        }
    }
    r->n_species = n;
    for (size_t i = 0; i < haven_traj_n_atoms(t); i++) {
        group[i] = map[haven_traj_atom_species(t, i)];
        if (group[i] >= 0)
            r->sp[group[i]].mass = haven_traj_atom_mass(t, i);
    }
    free(map);
    if (n == 0)
        return haven_fail(HAVEN_ERR_VALUE, "%s: none of the species '%s' is in the file", r->path,
                          o->species);
    return HAVEN_OK;
}

/* D* of one species, then per axis on the same window. A failed fit is
 * recorded in the species (the job decides whether it fails the run). */
static haven_status fit_species(const haven_analysis_options *o, haven_species_result *s)
{
    haven_dfit_options fo;
    haven_job_fit_options(o, &fo);
    const haven_msd *m = &s->msd;
    fo.stats = &m->stats; /* variances from the data, not from an ideal random walk */
    haven_status st =
        haven_diffusion_fit(m->msd, m->n_lags, m->dt, (double)s->n_atoms, 3, &fo, &s->fit);
    if (st != HAVEN_OK) {
        snprintf(s->fit_error, sizeof s->fit_error, "%s", haven_last_error());
        return st == HAVEN_ERR_NOMEM ? st : HAVEN_OK;
    }
    double *comp = malloc(m->n_lags * sizeof *comp);
    if (!comp)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    fo.start = s->fit.start; /* the per-axis fits use the scalar fit's window */
    fo.end = s->fit.end;
    /* A per-axis fit may fail on its data (shown as such), not for lack of memory. */
    for (int k = 0; st == HAVEN_OK && k < 3; k++) {
        fo.axis = k;
        for (size_t t = 0; t < m->n_lags; t++)
            comp[t] = m->tensor[t][k];
        if (haven_diffusion_fit(comp, m->n_lags, m->dt, (double)s->n_atoms, 1, &fo,
                                &s->fit_axis[k]) == HAVEN_ERR_NOMEM)
            st = HAVEN_ERR_NOMEM;
    }
    free(comp);
    s->fit_ok = st == HAVEN_OK;
    return st;
}

typedef struct {
    const haven_analysis_options *o;
    const char *path;
} progress_ctx;

static void load_progress(size_t frames, void *user)
{
    const progress_ctx *c = user;
    c->o->progress("load", c->path, frames, 0, c->o->progress_user);
}

static void msd_progress(size_t done, size_t n, void *user)
{
    const progress_ctx *c = user;
    c->o->progress("msd", c->path, done, n, c->o->progress_user);
}

/* group: of the atoms in the store (with a partition, this process's). */
static haven_status correlate(const haven_analysis_options *o, haven_store *store, const int *group,
                              int collective, progress_ctx *pc, haven_run_result *r)
{
    haven_msd_options mo;
    haven_msd_options_init(&mo);
    mo.partition = o->partition;
    mo.method = o->direct ? HAVEN_MSD_DIRECT : HAVEN_MSD_FFT;
    mo.max_bytes = o->max_bytes ? o->max_bytes / 4 : 0;
    mo.collective = collective;
    mo.progress = o->progress ? msd_progress : NULL;
    mo.progress_user = pc;
    haven_msd *tr = calloc(r->n_species, sizeof *tr);
    if (!tr)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    haven_status st = haven_msd_compute(store, group, r->n_species, r->info.frame_interval, &mo, tr,
                                        collective ? &r->coll : NULL);
    if (st != HAVEN_OK)
        haven_error_prefix("%s: ", r->path);
    for (size_t g = 0; g < r->n_species; g++) {
        r->sp[g].msd = tr[g];
        r->sp[g].n_atoms = tr[g].n_atoms;
    }
    r->have_collective = collective && st == HAVEN_OK;
    free(tr);
    return st;
}

/* Load with the atoms of no species analysed left out of the store; group
 * is then compacted to the stored atoms (their order kept, so each sum
 * adds the same atoms in the same order). */
static haven_status load_kept(haven_traj *const *ts, size_t n_seg, haven_load_options *lo,
                              int *group, size_t n_atoms, haven_store **store, haven_run_result *r)
{
    lo->keep = group;
    haven_status st = haven_load_segments(ts, n_seg, lo, store, &r->info);
    lo->keep = NULL;
    size_t n = 0;
    for (size_t i = 0; st == HAVEN_OK && i < n_atoms; i++)
        if (group[i] >= 0)
            group[n++] = group[i];
    return st;
}

static haven_status load_and_correlate(const haven_analysis_options *o, haven_traj *const *ts,
                                       size_t n_seg, int all, int collective, haven_run_result *r)
{
    const haven_traj *t = ts[0];
    int *group = malloc(haven_traj_n_atoms(t) * sizeof *group);
    int *drift = calloc(haven_traj_n_species(t), sizeof *drift);
    haven_load_options lo;
    haven_store *store = NULL;
    progress_ctx pc = {o, r->path};
    haven_status st = (!group || !drift) ? haven_fail(HAVEN_ERR_NOMEM, "out of memory") : HAVEN_OK;
    if (st == HAVEN_OK)
        st = setup_species(o, t, all, r, group);
    if (st == HAVEN_OK)
        st = load_options(o, t, &lo, drift);
    if (st == HAVEN_OK) {
        if (collective) {
            /* Species currents for Green-Kubo, when the file has velocities. */
            lo.vel_group = group;
            lo.n_vel_groups = r->n_species;
        }
        lo.progress = o->progress ? load_progress : NULL;
        lo.progress_user = &pc;
        const haven_partition *p = o->partition;
        if (p && p->size > 1) /* this process keeps its atoms only */
            haven_partition_atoms(p, haven_traj_n_atoms(t), &lo.atom_begin, &lo.atom_end);
        if (p && p->size > 1 && p->load && n_seg == 1) /* and reads its share of the file */
            st = p->load(ts[0], &lo, &store, &r->info, p->user);
        else if (p && p->size > 1)
            st = haven_load_segments(ts, n_seg, &lo, &store, &r->info);
        else /* one process: only the atoms of the species analysed are stored */
            st = load_kept(ts, n_seg, &lo, group, haven_traj_n_atoms(t), &store, r);
    }
    if (st == HAVEN_OK)
        st = correlate(o, store, group + lo.atom_begin, collective, &pc, r);
    haven_store_free(store);
    free(group);
    free(drift);
    return st;
}

haven_status haven_job_run(const haven_analysis_options *o, haven_traj *const *t, size_t n_seg,
                           int all_species, int collective, haven_run_result *r)
{
    memset(r, 0, sizeof *r);
    r->frame_index = -1;
    r->n_segments = n_seg;
    r->path = strdup(haven_traj_path(t[0]));
    if (!r->path)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    haven_format f = haven_traj_format(t[0]);
    r->format = f == HAVEN_FMT_AUTO ? "arrays" : haven_format_name(f); /* in memory */
    r->n_atoms = haven_traj_n_atoms(t[0]);
    haven_status st = load_and_correlate(o, t, n_seg, all_species, collective, r);
    for (size_t g = 0; st == HAVEN_OK && g < r->n_species; g++)
        st = fit_species(o, &r->sp[g]);
    return st;
}

void haven_job_run_clear(haven_run_result *r)
{
    for (size_t g = 0; r->sp && g < r->n_species; g++)
        haven_msd_clear(&r->sp[g].msd);
    free(r->sp);
    free(r->path);
    haven_msd_collective_clear(&r->coll);
    haven_load_info_clear(&r->info);
    free(r->charge);
    free(r->count);
    free(r->tracer);
    free(r->dtensor);
    haven_conductivity_clear(&r->bary);
    haven_conductivity_clear(&r->framed);
    haven_green_kubo_clear(&r->gk);
    memset(r, 0, sizeof *r);
}
