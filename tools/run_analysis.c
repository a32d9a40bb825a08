#include "run_analysis.h"

#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void load_progress(size_t frames, void *user)
{
    fprintf(stderr, "\rhaven: %s: %zu frames read", (const char *)user, frames);
}

static void msd_progress(size_t done, size_t n, void *user)
{
    fprintf(stderr, "\rhaven: %s: MSD %zu/%zu atoms   ", (const char *)user, done, n);
    if (done == n)
        fputc('\n', stderr);
}

static int setup_species(const run_opts *o, const haven_traj *t, int all, run_result *r, int *group)
{
    size_t K = haven_traj_n_species(t), n = 0;
    r->sp = calloc(K, sizeof *r->sp);
    int *map = malloc(K * sizeof *map);
    if (!r->sp || !map) {
        free(map);
        cli_error("out of memory");
        return CLI_FAIL;
    }
    for (size_t k = 0; k < K; k++) {
        const char *name = haven_traj_species_name(t, k);
        map[k] = -1;
        if (all || run_species_selected(o->species, name)) {
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
    if (n == 0) {
        cli_error("%s: none of the species '%s' is in the file", r->path, o->species);
        return CLI_FAIL;
    }
    return CLI_OK;
}

static void fit_species(const run_opts *o, run_species *s)
{
    haven_dfit_options fo;
    run_fit_options(o, &fo);
    const haven_msd *m = &s->msd;
    fo.stats = &m->stats; /* variances from the data, not from an ideal random walk */
    if (haven_diffusion_fit(m->msd, m->n_lags, m->dt, (double)s->n_atoms, 3, &fo, &s->fit) !=
        HAVEN_OK) {
        snprintf(s->fit_error, sizeof s->fit_error, "%s", haven_last_error());
        return;
    }
    double *comp = malloc(m->n_lags * sizeof *comp);
    fo.start = s->fit.start; /* the per-axis fits use the scalar fit's window */
    fo.end = s->fit.end;
    /* A per-axis fit may fail on its data (shown as such), not for lack of memory. */
    const char *nomem = comp ? NULL : "out of memory";
    for (int k = 0; !nomem && k < 3; k++) {
        fo.axis = k;
        for (size_t t = 0; t < m->n_lags; t++)
            comp[t] = m->tensor[t][k];
        if (haven_diffusion_fit(comp, m->n_lags, m->dt, (double)s->n_atoms, 1, &fo,
                                &s->fit_axis[k]) == HAVEN_ERR_NOMEM)
            nomem = haven_last_error();
    }
    free(comp);
    if (nomem)
        snprintf(s->fit_error, sizeof s->fit_error, "%s", nomem);
    else
        s->fit_ok = 1;
}

static int load_and_correlate(const run_opts *o, haven_traj **ts, size_t n_seg, int all,
                              int collective, run_result *r)
{
    haven_traj *t = ts[0];
    int show = o->progress || cli_progress_enabled;
    int *group = malloc(haven_traj_n_atoms(t) * sizeof *group);
    int *drift = calloc(haven_traj_n_species(t), sizeof *drift);
    haven_load_options lo;
    haven_store *store = NULL;
    int rc = (!group || !drift) ? (cli_error("out of memory"), CLI_FAIL) : CLI_OK;
    if (rc == CLI_OK)
        rc = setup_species(o, t, all, r, group);
    if (rc == CLI_OK && run_load_options(o, t, &lo, drift) != 0)
        rc = CLI_FAIL;
    if (rc == CLI_OK) {
        if (collective) {
            /* Species currents for Green-Kubo, when the file has velocities. */
            lo.vel_group = group;
            lo.n_vel_groups = r->n_species;
        }
        lo.progress = show ? load_progress : NULL;
        lo.progress_user = (void *)r->path;
        if (haven_load_segments(ts, n_seg, &lo, &store, &r->info) != HAVEN_OK)
            rc = cli_lib_error(NULL);
        if (show)
            fputc('\n', stderr);
    }
    if (rc == CLI_OK) {
        haven_msd_options mo;
        haven_msd_options_init(&mo);
        mo.method = o->direct ? HAVEN_MSD_DIRECT : HAVEN_MSD_FFT;
        mo.max_bytes = o->max_bytes ? o->max_bytes / 4 : 0;
        mo.collective = collective;
        mo.progress = show ? msd_progress : NULL;
        mo.progress_user = (void *)r->path;
        haven_msd *tr = calloc(r->n_species, sizeof *tr);
        if (!tr || haven_msd_compute(store, group, r->n_species, r->info.frame_interval, &mo, tr,
                                     collective ? &r->coll : NULL) != HAVEN_OK)
            rc = tr ? cli_lib_error(r->path) : (cli_error("out of memory"), CLI_FAIL);
        for (size_t g = 0; tr && g < r->n_species; g++) {
            r->sp[g].msd = tr[g];
            r->sp[g].n_atoms = tr[g].n_atoms;
        }
        r->have_collective = collective && rc == CLI_OK;
        free(tr);
    }
    haven_store_free(store);
    free(group);
    free(drift);
    return rc;
}

int run_analyse_segments(const run_opts *o, const char *const *paths, size_t n_seg, int all_species,
                         int collective, run_result *r)
{
    memset(r, 0, sizeof *r);
    r->path = paths[0];
    r->n_segments = n_seg;
    haven_traj **t = calloc(n_seg, sizeof *t);
    if (!t)
        return cli_error("out of memory"), CLI_FAIL;
    int rc = CLI_OK;
    for (size_t k = 0; k < n_seg && rc == CLI_OK; k++)
        if (haven_traj_open(paths[k], &o->traj, &t[k]) != HAVEN_OK)
            rc = cli_lib_error(NULL);
    if (rc == CLI_OK) {
        r->format = haven_format_name(haven_traj_format(t[0]));
        r->n_atoms = haven_traj_n_atoms(t[0]);
        rc = load_and_correlate(o, t, n_seg, all_species, collective, r);
    }
    for (size_t k = 0; k < n_seg; k++)
        haven_traj_free(t[k]);
    free(t);
    if (rc != CLI_OK)
        return rc;
    for (size_t g = 0; g < r->n_species; g++)
        fit_species(o, &r->sp[g]);
    return CLI_OK;
}

int run_analyse_file(const run_opts *o, const char *path, int all_species, int collective,
                     run_result *r)
{
    return run_analyse_segments(o, &path, 1, all_species, collective, r);
}

void run_result_free(run_result *r)
{
    for (size_t g = 0; r->sp && g < r->n_species; g++)
        haven_msd_clear(&r->sp[g].msd);
    free(r->sp);
    haven_msd_collective_clear(&r->coll);
    haven_load_info_clear(&r->info);
    memset(r, 0, sizeof *r);
}
