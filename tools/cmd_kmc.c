/* haven kmc: lattice kinetic Monte Carlo of ion hopping (libhaven kmc). */
#include "cli.h"
#include "json.h"

#include "fig_kmc.h"
#include "progress.h"
#include "units_cli.h"

#include "haven/analysis.h" /* haven_free */
#include "haven/kmc.h"

#include "core/units.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_T 1000
#define MAX_SIZES 16

typedef struct {
    const char *traj_path, *csv_path;
    int n_sizes, sizes[MAX_SIZES]; /* --cells N1,N2,...: finite-size sweep */
    double a, cutoff, traj_dt;
    int json, n_T, species_given;
    double T[MAX_T];
    haven_kmc_sweep_options sw; /* what the library runs */
    cli_fig_opts fig;           /* --plot, --plot-format, --report */
} kmc_options;

static void usage(FILE *out)
{
    fprintf(out,
            "usage: haven kmc [options]\n\n"
            "Lattice kinetic Monte Carlo of ion hopping (rejection-free, residence time).\n"
            "Hop rate nu0 exp(-E_b/kT), E_b = E_a + max(0, dE) - q F.d/2.\n\n"
            "lattice:\n"
            "  --lattice NAME       sc, bcc, fcc, diamond, square, triangular, honeycomb (fcc)\n"
            "  --structure FILE     sites from a POSCAR or extended XYZ file instead\n"
            "  --site LABEL         only atoms with this symbol are sites (all)\n"
            "  --cutoff A           neighbour cutoff for --structure, Angstrom (required)\n"
            "  --cells N|AxBxC      unit cells per direction (8; 1 for --structure)\n"
            "  --cells N1,N2,...    finite-size sweep (one temperature): each size, then f, D*,\n"
            "                       D_sigma extrapolated as y_inf + a/sites\n"
            "  --a A                nearest-neighbour (jump) distance, Angstrom (3)\n"
            "ions and energies:\n"
            "  --occupancy X        fraction of sites occupied by one species Li+ (0.5)\n"
            "  --species N:Q[:X]    species name, charge (e), site fraction; repeatable\n"
            "  --nu0 HZ             attempt frequency (1e13)\n"
            "  --Ea EV              barrier between equal sites (0.3)\n"
            "  --interaction EV     nearest-neighbour pair energy, > 0 repulsive (0)\n"
            "  --disorder SPEC      none | gaussian:W | uniform:W (eV) | file:PATH (eV per site)\n"
            "  --field V/M          field along x, or Ex,Ey,Ez (0); keep eFa/kT << 1\n"
            "run:\n"
            "  --T T|T1:T2:STEP     temperature(s), K (300); E_a from 3 or more\n"
            "  --hops N             measured hops per replica, at least (1e6)\n"
            "  --max-hops N         most measured hops per replica when blocks grow (64 x hops)\n"
            "  --equil N            hops per replica before measuring (until stationary)\n"
            "  --replicas N         independent replicas, run in parallel (8)\n"
            "  --blocks N           blocks per replica for the tracer MSD (automatic)\n"
            "  --windows N          windows per block for the collective MSD (automatic)\n"
            "  --seed N             random seed; replica r uses seed + r (1)\n"
            "  --checkpoint PREFIX  save replica r to PREFIX.r after every block; rerunning\n"
            "                       the same command resumes (same numbers as one run)\n"
            "  --max-blocks N       with --checkpoint: stop after N new blocks (grid steps when\n"
            "                       automatic; exit 1 until the run is complete)\n"
            "output:\n"
            "  --json               one JSON document on stdout\n"
            "  --csv FILE           occupation vs site energy (with --disorder)\n"
            "  --trajectory FILE    extended XYZ of replica 0 at the first temperature\n"
            "  --traj-dt FS         time between trajectory frames, fs (required with "
            "it)\n" CLI_FIG_HELP "\n"
            "example: haven kmc --lattice fcc --cells 20 --occupancy 0.95 "
            "--disorder gaussian:0.05 --T 300:900:100 --seed 1 --json\n");
}

static int parse_cells(const char *s, kmc_options *o)
{
    int *cells = o->sw.cells;
    o->n_sizes = 0;
    if (strchr(s, ',')) { /* a sweep of cubic supercells */
        for (const char *q = s; q; q = strchr(q, ',') ? strchr(q, ',') + 1 : NULL) {
            char *end;
            long n = strtol(q, &end, 10);
            if (n < 1 || n > 10000 || (*end && *end != ',') || o->n_sizes == MAX_SIZES)
                return -1;
            o->sizes[o->n_sizes++] = (int)n;
        }
        cells[0] = cells[1] = cells[2] = o->sizes[0];
        return 0;
    }
    int n = sscanf(s, "%dx%dx%d", &cells[0], &cells[1], &cells[2]);
    if (n == 1)
        cells[1] = cells[2] = cells[0];
    else if (n != 3)
        return -1;
    return cells[0] >= 1 && cells[1] >= 1 && cells[2] >= 1 ? 0 : -1;
}

static int parse_temperatures(const char *s, kmc_options *o)
{
    double t1, t2, step;
    char tail;
    if (sscanf(s, "%lf:%lf:%lf%c", &t1, &t2, &step, &tail) == 3) {
        if (!(t1 > 0) || !(t2 >= t1) || !(step > 0) || (t2 - t1) / step >= MAX_T)
            return -1;
        o->n_T = 0;
        for (double t = t1; t <= t2 + 1e-9 * step; t += step)
            o->T[o->n_T++] = t;
        return 0;
    }
    o->n_T = 1;
    return cli_parse_double(s, &o->T[0]) == 0 && o->T[0] > 0 ? 0 : -1;
}

static int parse_species(const char *s, kmc_options *o)
{
    haven_kmc_params *p = &o->sw.params;
    if (!o->species_given)
        p->n_species = 0;
    if (p->n_species == HAVEN_KMC_MAX_SPECIES)
        return -1;
    haven_kmc_species *sp = &p->species[p->n_species];
    char name[HAVEN_KMC_NAME_MAX + 1];
    double q, x = -1;
    int n = sscanf(s, "%16[^:]:%lf:%lf", name, &q, &x);
    if (n < 2 || strlen(name) >= HAVEN_KMC_NAME_MAX || !isfinite(q) ||
        (n == 3 && !(x >= 0 && x <= 1)))
        return -1;
    strcpy(sp->name, name);
    sp->charge = q;
    sp->fraction = x; /* < 0: share of --occupancy, set later */
    p->n_species++;
    o->species_given = 1;
    return 0;
}

static int parse_disorder(const char *s, kmc_options *o)
{
    haven_kmc_params *p = &o->sw.params;
    double w;
    o->sw.site_energy_file = NULL;
    if (!strcmp(s, "none")) {
        p->disorder = HAVEN_KMC_DISORDER_NONE;
        return 0;
    }
    if (!strncmp(s, "file:", 5) && s[5]) {
        p->disorder = HAVEN_KMC_DISORDER_NONE; /* the library sets the table */
        o->sw.site_energy_file = s + 5;
        return 0;
    }
    const char *colon = strchr(s, ':');
    if (!colon || cli_parse_double(colon + 1, &w) != 0 || !(w >= 0))
        return -1;
    if (!strncmp(s, "gaussian:", 9))
        p->disorder = HAVEN_KMC_DISORDER_GAUSSIAN;
    else if (!strncmp(s, "uniform:", 8))
        p->disorder = HAVEN_KMC_DISORDER_UNIFORM;
    else
        return -1;
    p->disorder_width = w * HAVEN_EV;
    return 0;
}

static int parse_field(const char *s, double F[3])
{
    char tail;
    int n = sscanf(s, "%lf,%lf,%lf%c", &F[0], &F[1], &F[2], &tail);
    if (n == 3)
        return isfinite(F[0]) && isfinite(F[1]) && isfinite(F[2]) ? 0 : -1;
    F[1] = F[2] = 0;
    return cli_parse_double(s, &F[0]);
}

static int parse_count(const char *s, long lo, long *out)
{
    double v;
    if (cli_parse_double(s, &v) != 0 || v < lo || v > 1e15 || v != floor(v))
        return -1;
    *out = (long)v;
    return 0;
}

/* One option with its value; -1: bad value, -2: unknown option. */
static int apply_option(kmc_options *o, const char *name, const char *v)
{
    haven_kmc_params *p = &o->sw.params;
    long n = 0;
    double x = 0;
    if (!strcmp(name, "lattice"))
        o->sw.lattice = v;
    else if (!strcmp(name, "structure"))
        o->sw.structure = v;
    else if (!strcmp(name, "site"))
        o->sw.site = v;
    else if (!strcmp(name, "cutoff"))
        return cli_parse_double(v, &o->cutoff) == 0 && o->cutoff > 0 ? 0 : -1;
    else if (!strcmp(name, "cells"))
        return parse_cells(v, o);
    else if (!strcmp(name, "a"))
        return cli_parse_double(v, &o->a) == 0 && o->a > 0 ? 0 : -1;
    else if (!strcmp(name, "occupancy"))
        return cli_parse_double(v, &o->sw.occupancy) == 0 && o->sw.occupancy > 0 &&
                       o->sw.occupancy <= 1
                   ? 0
                   : -1;
    else if (!strcmp(name, "species"))
        return parse_species(v, o);
    else if (!strcmp(name, "nu0"))
        return cli_parse_double(v, &p->nu0) == 0 && p->nu0 > 0 ? 0 : -1;
    else if (!strcmp(name, "Ea") || !strcmp(name, "interaction")) {
        /* A barrier below 0 means nothing; a pair energy may attract. */
        if (cli_parse_double(v, &x) != 0 || (name[0] == 'E' && x < 0))
            return -1;
        *(name[0] == 'E' ? &p->barrier : &p->interaction) = x * HAVEN_EV;
        p->has_barrier |= name[0] == 'E';
    } else if (!strcmp(name, "disorder"))
        return parse_disorder(v, o);
    else if (!strcmp(name, "field"))
        return parse_field(v, p->field);
    else if (!strcmp(name, "T"))
        return parse_temperatures(v, o);
    else if (!strcmp(name, "traj-dt"))
        return cli_parse_double(v, &o->traj_dt) == 0 && o->traj_dt > 0 ? 0 : -1;
    else if (!strcmp(name, "trajectory"))
        o->traj_path = v;
    else if (!strcmp(name, "csv"))
        o->csv_path = v;
    else if (!strcmp(name, "checkpoint"))
        p->checkpoint = v;
    else if (!strcmp(name, "max-blocks")) {
        if (parse_count(v, 1, &n) != 0 || n > 100000)
            return -1;
        p->max_blocks = (int)n;
    } else if (!strcmp(name, "max-hops")) {
        return parse_count(v, 1, &p->max_hops);
    } else if (!strcmp(name, "hops") || !strcmp(name, "equil")) {
        if (parse_count(v, name[0] == 'h' ? 1 : 0, &n) != 0)
            return -1;
        if (name[0] == 'h')
            p->hops = n;
        else
            p->equil_hops = n > 0 ? n : HAVEN_KMC_EQUIL_NONE;
    } else if (!strcmp(name, "replicas") || !strcmp(name, "blocks") || !strcmp(name, "windows")) {
        if (parse_count(v, 1, &n) != 0 || n > 100000)
            return -1;
        *(name[0] == 'r' ? &p->n_replicas : name[0] == 'b' ? &p->n_blocks : &p->n_windows) = (int)n;
    } else if (!strcmp(name, "seed")) {
        if (parse_count(v, 0, &n) != 0)
            return -1;
        p->seed = (unsigned long)n;
    } else
        return -2;
    return 0;
}

/* Returns CLI_OK, CLI_USAGE, or -1 for --help (exit 0). */
static int parse_args(int argc, char **argv, kmc_options *o)
{
    memset(o, 0, sizeof *o);
    haven_kmc_sweep_options_init(&o->sw);
    o->a = 3.0;
    o->n_T = 1;
    o->T[0] = 300;
    o->sw.params.seed = 1; /* the CLI's default seed */
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!strcmp(arg, "--help") || !strcmp(arg, "-h"))
            return -1;
        if (!strcmp(arg, "--json")) {
            o->json = 1;
            continue;
        }
        int fr = cli_fig_option(argc, argv, &i, &o->fig);
        if (fr < 0)
            return CLI_USAGE;
        if (fr > 0)
            continue;
        if (strncmp(arg, "--", 2) != 0) {
            cli_error("kmc: unexpected argument '%s' (see 'haven kmc --help')", arg);
            return CLI_USAGE;
        }
        char name[32];
        const char *eq = strchr(arg, '='), *value;
        size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
        if (len >= sizeof name) {
            cli_error("kmc: unknown option '%s'", arg);
            return CLI_USAGE;
        }
        memcpy(name, arg + 2, len);
        name[len] = '\0';
        if (eq) {
            value = eq + 1;
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            cli_error("kmc: option --%s needs a value", name);
            return CLI_USAGE;
        }
        int rc = apply_option(o, name, value);
        if (rc == -2) {
            cli_error("kmc: unknown option '--%s' (see 'haven kmc --help')", name);
            return CLI_USAGE;
        }
        if (rc != 0) {
            cli_error("kmc: invalid value '%s' for --%s", value, name);
            return CLI_USAGE;
        }
    }
    return CLI_OK;
}

/* Options the library cannot check against each other: usage errors. */
static int check_options(kmc_options *o)
{
    haven_kmc_sweep_options *sw = &o->sw;
    if (o->traj_path && !(o->traj_dt > 0)) {
        cli_error("kmc: --trajectory needs --traj-dt (fs between frames)");
        return CLI_USAGE;
    }
    if (sw->structure && !(o->cutoff > 0)) {
        cli_error("kmc: --structure needs --cutoff (Angstrom)");
        return CLI_USAGE;
    }
    if (o->n_sizes > 1 && (o->n_T != 1 || o->traj_path || sw->params.checkpoint ||
                           sw->site_energy_file || o->csv_path)) {
        cli_error("kmc: a --cells sweep takes one temperature, and no --trajectory, "
                  "--checkpoint, --csv or file energies");
        return CLI_USAGE;
    }
    sw->a = o->a * HAVEN_ANGSTROM;
    sw->cutoff = o->cutoff * HAVEN_ANGSTROM;
    sw->T = o->T;
    sw->n_T = (size_t)o->n_T;
    if (o->n_sizes > 1) {
        sw->sizes = o->sizes;
        sw->n_sizes = (size_t)o->n_sizes;
    }
    sw->params.traj_interval = o->traj_dt * HAVEN_FS;
    sw->params.partition = cli_partition(); /* under mpirun: replicas over the ranks */
    return CLI_OK;
}

/* ---- output ---------------------------------------------------------- */

static void print_est(const char *label, haven_estimate e, double scale, const char *unit)
{
    printf("  %-18s %12.5g +- %-10.3g [%.5g, %.5g] %s\n", label, e.value * scale, e.err * scale,
           e.lo * scale, e.hi * scale, unit);
}

static void print_result(const haven_kmc_params *p, const haven_kmc_result *r)
{
    char label[64];
    printf("\nT = %g K   (%d %s for the errors, %.4g hops, %.3g hops/s)\n", r->temperature,
           r->n_units, p->n_replicas > 1 ? "replicas" : "blocks", r->jumps, r->jumps / r->elapsed);
    printf("  equilibration %.3g hops%s; measured %.3g hops per replica; blocks %.3g s (%.3g "
           "hops per ion)%s, windows %.3g s%s\n",
           r->equil_hops, r->equil_unsettled ? " (not stationary)" : "", r->measured_hops,
           r->block_time, r->block_hops, r->blocks_settled ? "" : " (MSD not linear)",
           r->window_time, r->windows_settled ? "" : " (MSD not linear)");
    for (size_t k = 0; k < p->n_species; k++) {
        snprintf(label, sizeof label, "D* %s", p->species[k].name);
        print_est(label, r->D[k], cli_D_unit.scale, cli_D_unit.name);
    }
    print_est("D_sigma", r->D_sigma, cli_D_unit.scale, cli_D_unit.name);
    print_est("f (MSD)", r->correlation, 1, "");
    print_est("f (cos)", r->correlation_cos, 1, "");
    print_est("Haven ratio", r->haven_ratio, 1, "");
    print_est("block bias of D*, f", r->block_bias, 1, "");
    if (isfinite(r->window_bias.value))
        print_est("window bias of D_sigma", r->window_bias, 1, "");
    print_est("sigma (Einstein)", r->sigma, cli_sigma_unit.scale, cli_sigma_unit.name);
    if (isfinite(r->sigma_field.value))
        print_est("sigma (field)", r->sigma_field, cli_sigma_unit.scale, cli_sigma_unit.name);
    for (size_t k = 0; k < p->n_species; k++) {
        snprintf(label, sizeof label, "jump rate %s", p->species[k].name);
        print_est(label, r->jump_rate[k], 1, "1/s");
    }
}

static void print_setting(const haven_kmc_sweep *s)
{
    const haven_kmc_params *p = &s->params;
    for (size_t k = 0; k < p->n_species; k++)
        printf("  species %-6s charge %+g, site fraction %.4g\n", p->species[k].name,
               p->species[k].charge, p->species[k].fraction);
    printf("  nu0 %.3g Hz, E_a %.4g eV, interaction %.4g eV, disorder %s, field (%g, %g, %g) V/m\n",
           p->nu0, p->barrier / HAVEN_EV, p->interaction / HAVEN_EV, s->disorder, p->field[0],
           p->field[1], p->field[2]);
    printf("  %d replicas x >= %ld hops, seed %lu; errors: standard error and 95%% interval\n",
           p->n_replicas, p->hops, p->seed);
}

static void print_activation(const haven_kmc_sweep *s)
{
    const haven_kmc_params *p = &s->params;
    char label[64];
    printf("\nArrhenius fit over %zu temperatures (ln(D*) and ln(sigma T) vs 1/T):\n", s->n_points);
    for (size_t k = 0; k < p->n_species; k++)
        if (s->Ea_D_ok[k]) {
            snprintf(label, sizeof label, "E_a (D* %s)", p->species[k].name);
            print_est(label, s->Ea_D[k].Ea, 1 / HAVEN_EV, "eV");
        }
    if (s->Ea_sigma_ok)
        print_est("E_a (sigma T)", s->Ea_sigma.Ea, 1 / HAVEN_EV, "eV");
}

static void print_sizes(const haven_kmc_sweep *s)
{
    const haven_kmc_params *p = &s->params;
    printf("haven kmc: %s, finite-size sweep at T = %g K\n", s->lattice, p->temperature);
    print_setting(s);
    for (size_t i = 0; i < s->n_points; i++) {
        printf("\ncells %d (%.0f sites):", s->size_cells[i], s->size_sites[i]);
        print_result(p, &s->point[i]);
    }
    printf("\nfinite-size extrapolation, y = y_inf + a/sites over cells");
    for (size_t i = 0; i < s->n_points; i++)
        printf(" %d", s->size_cells[i]);
    printf(":\n");
    for (size_t q = 0; q < s->n_size_fits; q++) {
        if (!s->size_fit_ok[q])
            continue;
        int d = q < p->n_species || q == p->n_species + 2;
        char label[64];
        snprintf(label, sizeof label, "%s%s", q < p->n_species ? "D* " : "",
                 haven_kmc_sweep_size_name(s, q));
        print_est(label, s->size_fit[q].y_inf, d ? cli_D_unit.scale : 1, d ? cli_D_unit.name : "");
    }
}

static void print_table(const haven_kmc_sweep *s)
{
    if (s->size_sweep) {
        print_sizes(s);
        return;
    }
    printf("haven kmc: %s %dx%dx%d, %zu sites, z = %d, a = %g A\n", s->lattice, s->cells[0],
           s->cells[1], s->cells[2], s->sites, s->coordination, s->a / HAVEN_ANGSTROM);
    print_setting(s);
    for (size_t i = 0; i < s->n_points; i++)
        print_result(&s->params, &s->point[i]);
    if (s->have_activation)
        print_activation(s);
}

static int write_json(const haven_kmc_sweep *s)
{
    char *doc = NULL;
    haven_units u = cli_units();
    if (haven_kmc_sweep_json_units(s, &u, &doc) != HAVEN_OK)
        return cli_lib_error("kmc");
    fputs(doc, stdout);
    haven_free(doc);
    return CLI_OK;
}

static int write_csv(const char *path, const haven_kmc_sweep *s)
{
    cli_outfile f;
    if (cli_outfile_open(&f, path) != 0)
        return CLI_FAIL;
    fprintf(f.fp, "T_K,E_eV,sites,occupancy\n");
    for (size_t i = 0; i < s->n_points; i++) {
        const haven_kmc_result *r = &s->point[i];
        for (int b = 0; b < r->n_bins; b++)
            fprintf(f.fp, "%g,%.6g,%.0f,%.6g\n", r->temperature, r->bin_energy[b] / HAVEN_EV,
                    r->bin_sites[b], r->bin_occupation[b]);
    }
    return cli_outfile_commit(&f) == 0 ? CLI_OK : CLI_FAIL;
}

/* Progress (tools/progress.c): one bar per stage of each point, a point
 * being a temperature or a cell size. */
typedef struct {
    const kmc_options *o;
    cli_progress bar;
    char stage[16];
    int open, measuring; /* measuring: the replicas' equilibrations no longer shown */
    size_t point;
} kmc_progress_state;

static void progress_close(kmc_progress_state *ps)
{
    if (ps->open)
        cli_progress_end(&ps->bar);
    ps->open = 0;
}

static void show_progress(const char *stage, size_t done, size_t total, void *user)
{
    kmc_progress_state *ps = user;
    if (!strcmp(stage, "point") || !strcmp(stage, "span")) {
        progress_close(ps); /* the next stage starts a new bar */
        ps->point += !strcmp(stage, "point");
        ps->measuring = 0;
        return;
    }
    /* Replicas equilibrate and measure at once on their threads: once one
     * measures, the bar follows the measuring. */
    if (!strcmp(stage, "equilibrate") && ps->measuring)
        return;
    ps->measuring |= !strcmp(stage, "measure");
    if (!ps->open || strcmp(ps->stage, stage) != 0) {
        progress_close(ps);
        char what[96];
        const kmc_options *o = ps->o;
        if (o->n_sizes > 1)
            snprintf(what, sizeof what, "KMC %s, cells %d", stage,
                     o->sizes[ps->point < (size_t)o->n_sizes ? ps->point : 0]);
        else
            snprintf(what, sizeof what, "KMC %s at %g K", stage,
                     o->T[ps->point < (size_t)o->n_T ? ps->point : 0]);
        int eq = !strcmp(stage, "equilibrate");
        cli_progress_begin(&ps->bar, what, (double)total, eq ? "replicas" : "grid steps");
        snprintf(ps->stage, sizeof ps->stage, "%s", stage);
        ps->open = 1;
    }
    cli_progress_update(&ps->bar, (double)done);
}

/* The trajectory through cli_outfile: replaced atomically, and its
 * temporary file removed if a signal ends the run. */
static int write_frame(const char *text, size_t len, void *user)
{
    cli_outfile *f = user;
    return fwrite(text, 1, len, f->fp) == len ? 0 : -1;
}

static int run_sweep(kmc_options *o, haven_kmc_sweep **s)
{
    cli_outfile traj = {0};
    if (o->traj_path) {
        if (cli_outfile_open(&traj, o->traj_path) != 0)
            return CLI_FAIL;
        o->sw.params.trajectory_write = write_frame;
        o->sw.params.trajectory_user = &traj;
    }
    kmc_progress_state ps = {.o = o};
    if (cli_progress_mode != CLI_PROGRESS_OFF) {
        o->sw.params.progress = show_progress;
        o->sw.params.progress_user = &ps;
    }
    haven_status st = haven_kmc_sweep_run(&o->sw, s);
    progress_close(&ps);
    if (st != HAVEN_OK) {
        cli_outfile_abort(&traj);
        return cli_lib_error("kmc");
    }
    return o->traj_path && cli_outfile_commit(&traj) != 0 ? CLI_FAIL : CLI_OK;
}

int cmd_kmc(int argc, char **argv)
{
    kmc_options o;
    int rc = parse_args(argc, argv, &o);
    if (rc == -1) {
        usage(stdout);
        return CLI_OK;
    }
    if (rc != CLI_OK || (rc = check_options(&o)) != CLI_OK)
        return rc;
    haven_kmc_sweep *s = NULL;
    if ((rc = run_sweep(&o, &s)) != CLI_OK) {
        haven_kmc_sweep_free(s);
        return rc;
    }
    if (o.csv_path)
        rc = write_csv(o.csv_path, s);
    if (rc == CLI_OK)
        rc = o.json ? write_json(s) : (print_table(s), CLI_OK);
    const char *inputs[2];
    size_t n_inputs = 0;
    if (o.sw.structure)
        inputs[n_inputs++] = o.sw.structure;
    if (o.sw.site_energy_file)
        inputs[n_inputs++] = o.sw.site_energy_file;
    if (rc == CLI_OK && kmc_figures_out(&o.fig, s, inputs, n_inputs) != 0)
        rc = CLI_FAIL;
    haven_kmc_sweep_free(s);
    return rc;
}
