/* The job of `haven kmc`: the lattice from the options, every temperature
 * (or every cell size at one temperature) through haven_kmc_run, and the
 * fits across them (E_a, finite-size extrapolation) with their warnings. */
#include "haven/kmc.h"

#include "analysis/job.h"
#include "core/error.h"
#include "kmc/params.h"
#include "kmc/run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SIZES 64

void haven_kmc_sweep_options_init(haven_kmc_sweep_options *o)
{
    memset(o, 0, sizeof *o); /* params zeroed too: their defaults, one species taking
                                 the occupancy */
}

/* Species without a fraction (< 0) share the occupancy equally; the one
 * default species takes all of it. */
static void settle_species(const haven_kmc_sweep_options *o, haven_kmc_params *p)
{
    double occupancy = o->occupancy > 0 ? o->occupancy : 0.5;
    if (o->params.n_species == 0) {
        p->species[0].fraction = occupancy;
        return;
    }
    size_t unset = 0;
    double given = 0;
    for (size_t k = 0; k < p->n_species; k++) {
        if (p->species[k].fraction < 0)
            unset++;
        else
            given += p->species[k].fraction;
    }
    for (size_t k = 0; k < p->n_species; k++)
        if (p->species[k].fraction < 0)
            p->species[k].fraction = fmax(0, occupancy - given) / unset;
}

static void describe_disorder(const haven_kmc_sweep_options *o, const haven_kmc_params *p,
                              char *out, size_t size)
{
    double w = p->disorder_width / HAVEN_EV;
    if (o->site_energy_file)
        snprintf(out, size, "file:%s", o->site_energy_file);
    else if (p->disorder == HAVEN_KMC_DISORDER_GAUSSIAN)
        snprintf(out, size, "gaussian:%g", w);
    else if (p->disorder == HAVEN_KMC_DISORDER_UNIFORM)
        snprintf(out, size, "uniform:%g", w);
    else if (p->disorder == HAVEN_KMC_DISORDER_TABLE)
        snprintf(out, size, "table");
    else
        snprintf(out, size, "none");
}

static haven_status build_lattice(const haven_kmc_sweep_options *o, const int cells[3],
                                  haven_kmc_lattice **L)
{
    if (o->structure) {
        if (!(o->cutoff > 0))
            return haven_fail(HAVEN_ERR_ARG, "a lattice from %s needs a neighbour cutoff > 0",
                              o->structure);
        return haven_kmc_lattice_from_file(o->structure, o->site, o->cutoff, cells, L);
    }
    double a = o->a > 0 ? o->a : 3 * HAVEN_ANGSTROM;
    return haven_kmc_lattice_builtin(o->lattice ? o->lattice : "fcc", cells, a, L);
}

static void note_lattice(const haven_kmc_lattice *L, const int cells[3], haven_kmc_sweep *s)
{
    memcpy(s->cells, cells, sizeof s->cells);
    s->sites = haven_kmc_lattice_n_sites(L);
    s->coordination = haven_kmc_lattice_coordination(L);
    s->dimension = haven_kmc_lattice_dim(L);
    s->volume = haven_kmc_lattice_volume(L);
}

static haven_status check_options(const haven_kmc_sweep_options *o)
{
    if (o->n_T > 0 && !o->T)
        return haven_fail(HAVEN_ERR_ARG, "kmc: %zu temperatures but no array", o->n_T);
    if (o->n_sizes == 1 || o->n_sizes > MAX_SIZES || (o->n_sizes && !o->sizes))
        return haven_fail(HAVEN_ERR_ARG, "kmc: a finite-size sweep needs 2..%d cell sizes",
                          MAX_SIZES);
    if (o->n_sizes &&
        (o->n_T > 1 || o->params.trajectory || o->params.trajectory_write || o->params.checkpoint ||
         o->site_energy_file || o->params.disorder == HAVEN_KMC_DISORDER_TABLE))
        return haven_fail(HAVEN_ERR_ARG, "kmc: a finite-size sweep takes one temperature, and no "
                                         "trajectory, checkpoint or per-site energies");
    for (size_t i = 0; i < o->n_sizes; i++)
        if (o->sizes[i] < 1)
            return haven_fail(HAVEN_ERR_ARG, "kmc: cell size %d must be >= 1", o->sizes[i]);
    return HAVEN_OK;
}

static void progress_point(const haven_kmc_params *p, size_t done, size_t total)
{
    if (p->progress)
        p->progress("point", done, total, p->progress_user);
}

/* Points run together: over several processes, so that the replicas of all
 * the points share them (the same results, bit for bit). */
static int together(const haven_kmc_params *p, size_t n_points)
{
    return p->partition && p->partition->size > 1 && n_points > 1;
}

/* Every point: one after another (progress after each), or together. */
static haven_status run_all(const haven_kmc_params *p, const haven_kmc_lattice *const *L,
                            const haven_kmc_params *q, haven_kmc_sweep *s)
{
    if (together(p, s->n_points)) {
        haven_status st = kmc_run_points(L, q, s->n_points, s->point);
        progress_point(p, s->n_points, s->n_points);
        return st;
    }
    haven_status st = HAVEN_OK;
    for (size_t i = 0; st == HAVEN_OK && i < s->n_points; i++) {
        st = haven_kmc_run(L[i], &q[i], &s->point[i]);
        progress_point(p, i + 1, s->n_points);
    }
    return st;
}

/* Every temperature on the one lattice; a checkpoint prefix gets one set of
 * files per temperature, a trajectory comes from the first. */
static haven_status run_temperatures(const haven_kmc_sweep_options *o, haven_kmc_params *p,
                                     haven_kmc_sweep *s)
{
    int cells[3];
    for (int k = 0; k < 3; k++)
        cells[k] = o->cells[k] > 0 ? o->cells[k] : o->structure ? 1 : 8;
    size_t n = s->n_points;
    haven_kmc_lattice *L = NULL;
    double *energies = NULL;
    const haven_kmc_lattice **Ls = calloc(n, sizeof *Ls);
    haven_kmc_params *q = calloc(n, sizeof *q);
    char(*ckpt)[4096] = calloc(n, sizeof *ckpt);
    haven_status st = Ls && q && ckpt ? build_lattice(o, cells, &L)
                                      : haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    if (st == HAVEN_OK && o->site_energy_file) {
        st = haven_kmc_read_site_energies(o->site_energy_file, haven_kmc_lattice_n_sites(L),
                                          &energies);
        p->disorder = HAVEN_KMC_DISORDER_TABLE;
        p->site_energies = energies;
    }
    for (size_t i = 0; st == HAVEN_OK && i < n; i++) {
        Ls[i] = L;
        q[i] = *p;
        q[i].temperature = o->n_T ? o->T[i] : p->temperature;
        if (p->checkpoint && n > 1) {
            snprintf(ckpt[i], sizeof *ckpt, "%s.T%g", p->checkpoint, q[i].temperature);
            q[i].checkpoint = ckpt[i];
        }
        if (i > 0) { /* the first temperature only */
            q[i].trajectory = NULL;
            q[i].trajectory_write = NULL;
        }
    }
    if (st == HAVEN_OK) {
        note_lattice(L, cells, s);
        st = run_all(p, Ls, q, s);
    }
    p->site_energies = NULL;
    free(energies);
    free(Ls);
    free(q);
    free(ckpt);
    haven_kmc_lattice_free(L);
    return st;
}

/* The lattice of size i of a finite-size sweep, noted in the sweep. */
static haven_status size_lattice(const haven_kmc_sweep_options *o, size_t i, haven_kmc_sweep *s,
                                 haven_kmc_lattice **L)
{
    int cells[3] = {o->sizes[i], o->sizes[i], o->sizes[i]};
    haven_status st = build_lattice(o, cells, L);
    if (st == HAVEN_OK) {
        note_lattice(*L, cells, s);
        s->size_cells[i] = o->sizes[i];
        s->size_sites[i] = (double)s->sites;
    }
    return st;
}

/* Every size at the one temperature: one lattice at a time, or, run
 * together, all of them at once. */
static haven_status run_sizes(const haven_kmc_sweep_options *o, haven_kmc_params *p,
                              haven_kmc_sweep *s)
{
    size_t n = s->n_points;
    p->temperature = o->n_T ? o->T[0] : p->temperature;
    s->size_sweep = 1;
    haven_status st = HAVEN_OK;
    if (!together(p, n)) {
        for (size_t i = 0; st == HAVEN_OK && i < n; i++) {
            haven_kmc_lattice *L = NULL;
            st = size_lattice(o, i, s, &L);
            if (st == HAVEN_OK)
                st = haven_kmc_run(L, p, &s->point[i]);
            haven_kmc_lattice_free(L);
            progress_point(p, i + 1, n);
        }
        return st;
    }
    haven_kmc_lattice **Ls = calloc(n, sizeof *Ls);
    haven_kmc_params *q = malloc(n * sizeof *q);
    if (!Ls || !q)
        st = haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t i = 0; st == HAVEN_OK && i < n; i++) {
        st = size_lattice(o, i, s, &Ls[i]);
        q[i] = *p;
    }
    if (st == HAVEN_OK)
        st = run_all(p, (const haven_kmc_lattice *const *)Ls, q, s);
    for (size_t i = 0; Ls && i < n; i++)
        haven_kmc_lattice_free(Ls[i]);
    free(Ls);
    free(q);
    return st;
}

/* E_a over >= 3 temperatures: D* of each species, and sigma T (Arrhenius
 * for hopping conduction). */
static void fit_activation(haven_kmc_sweep *s)
{
    const haven_kmc_params *p = &s->params;
    size_t n = s->n_points;
    if (s->size_sweep || n < 3) {
        if (!s->size_sweep && n == 2)
            haven_warn("kmc: E_a needs at least 3 temperatures; not fitted");
        return;
    }
    double *T = malloc(n * sizeof *T);
    haven_estimate *y = malloc(n * sizeof *y);
    if (!T || !y) {
        free(T);
        free(y);
        return;
    }
    s->have_activation = 1;
    for (size_t i = 0; i < n; i++)
        T[i] = s->point[i].temperature;
    char what[64];
    for (int k = 0; k <= (int)p->n_species; k++) {
        if (k == (int)p->n_species)
            k = -1; /* sigma T last */
        for (size_t i = 0; i < n; i++)
            y[i] = k >= 0 ? s->point[i].D[k] : s->point[i].sigma;
        haven_arrhenius_result *a = k >= 0 ? &s->Ea_D[k] : &s->Ea_sigma;
        int ok = haven_kmc_activation(T, y, n, k >= 0 ? 0 : 1, a) == HAVEN_OK;
        *(k >= 0 ? &s->Ea_D_ok[k] : &s->Ea_sigma_ok) = ok;
        snprintf(what, sizeof what, "kmc: Arrhenius fit of %s",
                 k >= 0 ? p->species[k].name : "sigma T");
        if (ok)
            haven_job_arrhenius_warning(what, a);
        if (k < 0)
            break;
    }
    free(T);
    free(y);
}

const char *haven_kmc_sweep_size_name(const haven_kmc_sweep *s, size_t q)
{
    static const char *const names[] = {"correlation_factor", "correlation_factor_cos", "D_sigma"};
    size_t ns = s->params.n_species;
    return q < ns ? s->params.species[q].name : q < ns + 3 ? names[q - ns] : NULL;
}

/* Size-fit quantity q of a point: D* of each species, then f, f (cos),
 * D_sigma. */
static haven_estimate size_quantity(const haven_kmc_sweep *s, const haven_kmc_result *r, size_t q)
{
    size_t ns = s->params.n_species;
    return q < ns        ? r->D[q]
           : q == ns     ? r->correlation
           : q == ns + 1 ? r->correlation_cos
                         : r->D_sigma;
}

/* y_inf + a/N of every quantity; a warning where the fitted shift a/N at a
 * size exceeds that size's statistical error. */
static void fit_sizes(haven_kmc_sweep *s)
{
    if (!s->size_sweep)
        return;
    size_t ns = s->params.n_species, n = s->n_points;
    haven_estimate y[MAX_SIZES];
    s->n_size_fits = ns + 3;
    for (size_t q = 0; q < s->n_size_fits; q++) {
        for (size_t i = 0; i < n; i++)
            y[i] = size_quantity(s, &s->point[i], q);
        haven_kmc_size_fit *fit = &s->size_fit[q];
        s->size_fit_ok[q] = haven_kmc_size_extrapolate(s->size_sites, y, n, fit) == HAVEN_OK;
        for (size_t i = 0; s->size_fit_ok[q] && i < n; i++) {
            double shift = fit->slope / s->size_sites[i];
            if (!(fabs(shift) > y[i].err && fabs(fit->slope) > 2 * fit->slope_err))
                continue;
            s->size_shifted[i] |= 1u << q;
            haven_warn("kmc: %s%s at cells %d (%.0f sites) is shifted by %+.2g%% by the "
                       "cell's size, beyond its statistical error %.2g%%; use the "
                       "extrapolated value or larger cells",
                       q < ns ? "D* " : "", haven_kmc_sweep_size_name(s, q), s->size_cells[i],
                       s->size_sites[i], 100 * shift / y[i].value, 100 * y[i].err / y[i].value);
        }
    }
}

static haven_status setup(const haven_kmc_sweep_options *o, haven_kmc_sweep **out,
                          haven_kmc_params *p)
{
    haven_kmc_sweep *s = calloc(1, sizeof *s);
    size_t n = o->n_sizes ? o->n_sizes : o->n_T ? o->n_T : 1;
    if (s)
        s->point = calloc(n, sizeof *s->point);
    if (!s || !s->point) {
        haven_kmc_sweep_free(s);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    s->n_points = n;
    *p = o->params;
    if (p->n_species == 0) { /* the default species, written out */
        haven_kmc_params d;
        haven_kmc_params_init(&d);
        p->n_species = 1;
        p->species[0] = d.species[0];
    }
    settle_species(o, p);
    snprintf(s->lattice, sizeof s->lattice, "%s",
             o->structure ? o->structure
             : o->lattice ? o->lattice
                          : "fcc");
    describe_disorder(o, p, s->disorder, sizeof s->disorder);
    s->a = o->a > 0 ? o->a : 3 * HAVEN_ANGSTROM;
    *out = s;
    return HAVEN_OK;
}

haven_status haven_kmc_sweep_run(const haven_kmc_sweep_options *o, haven_kmc_sweep **out)
{
    *out = NULL;
    haven_status st = o ? check_options(o) : haven_fail(HAVEN_ERR_ARG, "kmc: no options");
    haven_kmc_sweep *s = NULL;
    haven_kmc_params p;
    if (st == HAVEN_OK)
        st = setup(o, &s, &p);
    if (st == HAVEN_OK)
        st = o->n_sizes ? run_sizes(o, &p, s) : run_temperatures(o, &p, s);
    if (st != HAVEN_OK) {
        haven_kmc_sweep_free(s);
        return st;
    }
    /* The parameters as run (defaults filled in, the public convention for
     * equil_hops), without the caller's pointers. */
    kmc_params_resolve(&p, &s->params);
    s->params.equil_hops = p.equil_hops;
    s->params.temperature = s->point[0].temperature;
    s->params.site_energies = NULL;
    s->params.trajectory = s->params.checkpoint = NULL;
    s->params.trajectory_write = NULL;
    s->params.trajectory_user = NULL;
    s->params.partition = NULL;
    s->params.progress = NULL;
    s->params.progress_user = NULL;
    fit_activation(s);
    fit_sizes(s);
    *out = s;
    return HAVEN_OK;
}

void haven_kmc_sweep_free(haven_kmc_sweep *s)
{
    if (!s)
        return;
    free(s->point);
    free(s);
}
