/* haven kmc: lattice kinetic Monte Carlo of ion hopping (libhaven kmc). */
#include "cli.h"
#include "json.h"

#include "haven/kmc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_T 1000
#define MAX_SIZES 16

typedef struct {
    const char *lattice, *structure, *site_label, *energy_file, *traj_path, *csv_path;
    int cells[3];
    int n_sizes, sizes[MAX_SIZES]; /* --cells N1,N2,...: finite-size sweep */
    double a, cutoff, occupancy, traj_dt;
    int json, n_T, species_given;
    double T[MAX_T];
    haven_kmc_params p;
    char disorder_text[64];
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
            "  --traj-dt FS         time between trajectory frames, fs (required with it)\n\n"
            "example: haven kmc --lattice fcc --cells 20 --occupancy 0.95 "
            "--disorder gaussian:0.05 --T 300:900:100 --seed 1 --json\n");
}

static int parse_cells(const char *s, kmc_options *o)
{
    int *cells = o->cells;
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
    haven_kmc_params *p = &o->p;
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
    haven_kmc_params *p = &o->p;
    double w;
    snprintf(o->disorder_text, sizeof o->disorder_text, "%s", s);
    if (!strcmp(s, "none")) {
        p->disorder = HAVEN_KMC_DISORDER_NONE;
        return 0;
    }
    if (!strncmp(s, "file:", 5) && s[5]) {
        p->disorder = HAVEN_KMC_DISORDER_TABLE;
        o->energy_file = s + 5;
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
    haven_kmc_params *p = &o->p;
    long n = 0;
    double x = 0;
    if (!strcmp(name, "lattice"))
        o->lattice = v;
    else if (!strcmp(name, "structure"))
        o->structure = v;
    else if (!strcmp(name, "site"))
        o->site_label = v;
    else if (!strcmp(name, "cutoff"))
        return cli_parse_double(v, &o->cutoff) == 0 && o->cutoff > 0 ? 0 : -1;
    else if (!strcmp(name, "cells"))
        return parse_cells(v, o);
    else if (!strcmp(name, "a"))
        return cli_parse_double(v, &o->a) == 0 && o->a > 0 ? 0 : -1;
    else if (!strcmp(name, "occupancy"))
        return cli_parse_double(v, &o->occupancy) == 0 && o->occupancy > 0 && o->occupancy <= 1
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
    haven_kmc_params_init(&o->p);
    o->lattice = "fcc";
    o->cells[0] = o->cells[1] = o->cells[2] = 8;
    o->a = 3.0;
    o->occupancy = 0.5;
    o->n_T = 1;
    o->T[0] = 300;
    o->p.seed = 1;
    strcpy(o->disorder_text, "none");
    int cells_given = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!strcmp(arg, "--help") || !strcmp(arg, "-h"))
            return -1;
        if (!strcmp(arg, "--json")) {
            o->json = 1;
            continue;
        }
        if (!strcmp(arg, "--progress"))
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
        cells_given |= !strcmp(name, "cells");
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
    if (o->structure && !cells_given)
        o->cells[0] = o->cells[1] = o->cells[2] = 1;
    return CLI_OK;
}

/* Species without a fraction share --occupancy equally. */
static void settle_species(kmc_options *o)
{
    haven_kmc_params *p = &o->p;
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
            p->species[k].fraction = fmax(0, o->occupancy - given) / unset;
    if (p->n_species == 1 && !o->species_given)
        p->species[0].fraction = o->occupancy;
}

static int build_lattice(const kmc_options *o, haven_kmc_lattice **L)
{
    haven_status st;
    if (o->structure) {
        if (!(o->cutoff > 0)) {
            cli_error("kmc: --structure needs --cutoff (Angstrom)");
            return CLI_USAGE;
        }
        st = haven_kmc_lattice_from_file(o->structure, o->site_label, o->cutoff * HAVEN_ANGSTROM,
                                         o->cells, L);
    } else {
        st = haven_kmc_lattice_builtin(o->lattice, o->cells, o->a * HAVEN_ANGSTROM, L);
    }
    return st == HAVEN_OK ? CLI_OK : cli_lib_error("kmc");
}

/* ---- output ---------------------------------------------------------- */

#define D_CM2 1e4     /* m^2/s -> cm^2/s */
#define SIGMA_MS 10.0 /* S/m -> mS/cm */

static void json_est(json_writer *w, const char *key, haven_estimate e, double scale,
                     const char *unit)
{
    json_quantity(w, key, e.value * scale, e.err * scale, e.lo * scale, e.hi * scale, unit);
}

static void json_result(json_writer *w, const kmc_options *o, const haven_kmc_result *r)
{
    const haven_kmc_params *p = &o->p;
    json_number(w, "T", r->temperature);
    json_begin_object(w, "D");
    for (size_t k = 0; k < p->n_species; k++)
        json_est(w, p->species[k].name, r->D[k], D_CM2, "cm^2/s");
    json_end_object(w);
    json_est(w, "D_tracer", r->D_tracer, D_CM2, "cm^2/s");
    json_est(w, "D_sigma", r->D_sigma, D_CM2, "cm^2/s");
    json_est(w, "correlation_factor", r->correlation, 1, "");
    json_est(w, "correlation_factor_cos", r->correlation_cos, 1, "");
    json_est(w, "haven_ratio", r->haven_ratio, 1, "");
    json_est(w, "block_bias", r->block_bias, 1, "");
    if (isfinite(r->window_bias.value))
        json_est(w, "window_bias", r->window_bias, 1, "");
    json_est(w, "sigma", r->sigma, SIGMA_MS, "mS/cm");
    if (isfinite(r->sigma_field.value))
        json_est(w, "sigma_field", r->sigma_field, SIGMA_MS, "mS/cm");
    json_begin_object(w, "jump_rate");
    for (size_t k = 0; k < p->n_species; k++)
        json_est(w, p->species[k].name, r->jump_rate[k], 1, "1/s");
    json_end_object(w);
    json_number(w, "jumps", r->jumps);
    json_number(w, "measured_hops", r->measured_hops);
    json_number(w, "equil_hops", r->equil_hops);
    json_int(w, "equil_unsettled", r->equil_unsettled);
    json_number(w, "block_time_s", r->block_time);
    json_number(w, "block_hops_per_ion", r->block_hops);
    json_number(w, "window_time_s", r->window_time);
    json_int(w, "blocks_settled", r->blocks_settled);
    json_int(w, "windows_settled", r->windows_settled);
    json_number(w, "hops_per_second", r->jumps / r->elapsed);
    json_int(w, "error_units", r->n_units);
    if (r->n_bins) {
        json_begin_array(w, "occupation");
        for (int b = 0; b < r->n_bins; b++) {
            json_begin_object(w, NULL);
            json_number(w, "E_eV", r->bin_energy[b] / HAVEN_EV);
            json_number(w, "sites", r->bin_sites[b]);
            json_number(w, "occupancy", r->bin_occupation[b]);
            json_end_object(w);
        }
        json_end_array(w);
    }
}

static void json_setup(json_writer *w, const kmc_options *o, const haven_kmc_lattice *L)
{
    const haven_kmc_params *p = &o->p;
    json_string(w, "command", "kmc");
    json_begin_object(w, "lattice");
    json_string(w, "name", o->structure ? o->structure : o->lattice);
    json_begin_array(w, "cells");
    for (int k = 0; k < 3; k++)
        json_int(w, NULL, o->cells[k]);
    json_end_array(w);
    json_int(w, "sites", (long long)haven_kmc_lattice_n_sites(L));
    json_int(w, "coordination", haven_kmc_lattice_coordination(L));
    json_int(w, "dimension", haven_kmc_lattice_dim(L));
    json_number(w, "volume_m3", haven_kmc_lattice_volume(L));
    json_end_object(w);
    json_begin_array(w, "species");
    for (size_t k = 0; k < p->n_species; k++) {
        json_begin_object(w, NULL);
        json_string(w, "name", p->species[k].name);
        json_number(w, "charge", p->species[k].charge);
        json_number(w, "fraction", p->species[k].fraction);
        json_end_object(w);
    }
    json_end_array(w);
    json_number(w, "nu0_Hz", p->nu0);
    json_number(w, "barrier_eV", p->barrier / HAVEN_EV);
    json_number(w, "interaction_eV", p->interaction / HAVEN_EV);
    json_string(w, "disorder", o->disorder_text);
    json_begin_array(w, "field_V_per_m");
    for (int k = 0; k < 3; k++)
        json_number(w, NULL, p->field[k]);
    json_end_array(w);
    json_int(w, "replicas", p->n_replicas);
    json_int(w, "hops", p->hops);
    json_int(w, "seed", (long long)p->seed);
}

/* Arrhenius fit over the sweep of D* of species k, or of sigma T (k < 0). */
static int fit_activation(const kmc_options *o, const haven_kmc_result *r, int k,
                          haven_arrhenius_result *a)
{
    haven_estimate y[MAX_T];
    for (int i = 0; i < o->n_T; i++)
        y[i] = k >= 0 ? r[i].D[k] : r[i].sigma;
    if (haven_kmc_activation(o->T, y, o->n_T, k >= 0 ? 0 : 1, a) != HAVEN_OK)
        return 0;
    char what[64];
    snprintf(what, sizeof what, "kmc: Arrhenius fit of %s",
             k >= 0 ? o->p.species[k].name : "sigma T");
    cli_arrhenius_warning(what, a);
    return 1;
}

/* E_a as an estimate in J, interval from the fit's own quantile. */
static haven_estimate activation_estimate(const haven_arrhenius_result *a)
{
    return (haven_estimate){a->Ea.value, a->Ea.err, a->Ea.value - a->q95 * a->Ea.err,
                                a->Ea.value + a->q95 * a->Ea.err, "J"};
}

static void json_activation(json_writer *w, const kmc_options *o, const haven_kmc_result *r)
{
    const haven_kmc_params *p = &o->p;
    haven_arrhenius_result a;
    json_begin_object(w, "activation_energy");
    json_begin_object(w, "D");
    for (size_t k = 0; k < p->n_species; k++)
        if (fit_activation(o, r, (int)k, &a))
            json_est(w, p->species[k].name, activation_estimate(&a), 1 / HAVEN_EV, "eV");
    json_end_object(w);
    /* sigma T is Arrhenius for hopping conduction. */
    if (fit_activation(o, r, -1, &a))
        json_est(w, "sigma_T", activation_estimate(&a), 1 / HAVEN_EV, "eV");
    json_end_object(w);
}

static void write_json(const kmc_options *o, const haven_kmc_lattice *L, const haven_kmc_result *r)
{
    json_writer w;
    json_init(&w, stdout);
    json_begin_object(&w, NULL);
    json_setup(&w, o, L);
    if (o->n_T == 1) {
        json_result(&w, o, &r[0]);
    } else {
        json_begin_array(&w, "temperatures");
        for (int i = 0; i < o->n_T; i++) {
            json_begin_object(&w, NULL);
            json_result(&w, o, &r[i]);
            json_end_object(&w);
        }
        json_end_array(&w);
        if (o->n_T >= 3)
            json_activation(&w, o, r);
    }
    json_end_object(&w);
    json_finish(&w);
}

static void print_est(const char *label, haven_estimate e, double scale, const char *unit)
{
    printf("  %-18s %12.5g +- %-10.3g [%.5g, %.5g] %s\n", label, e.value * scale, e.err * scale,
           e.lo * scale, e.hi * scale, unit);
}

static void print_result(const kmc_options *o, const haven_kmc_result *r)
{
    const haven_kmc_params *p = &o->p;
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
        print_est(label, r->D[k], D_CM2, "cm^2/s");
    }
    print_est("D_sigma", r->D_sigma, D_CM2, "cm^2/s");
    print_est("f (MSD)", r->correlation, 1, "");
    print_est("f (cos)", r->correlation_cos, 1, "");
    print_est("Haven ratio", r->haven_ratio, 1, "");
    print_est("block bias of D*, f", r->block_bias, 1, "");
    if (isfinite(r->window_bias.value))
        print_est("window bias of D_sigma", r->window_bias, 1, "");
    print_est("sigma (Einstein)", r->sigma, SIGMA_MS, "mS/cm");
    if (isfinite(r->sigma_field.value))
        print_est("sigma (field)", r->sigma_field, SIGMA_MS, "mS/cm");
    for (size_t k = 0; k < p->n_species; k++) {
        snprintf(label, sizeof label, "jump rate %s", p->species[k].name);
        print_est(label, r->jump_rate[k], 1, "1/s");
    }
}

static void print_table(const kmc_options *o, const haven_kmc_lattice *L, const haven_kmc_result *r)
{
    const haven_kmc_params *p = &o->p;
    printf("haven kmc: %s %dx%dx%d, %zu sites, z = %d, a = %g A\n",
           o->structure ? o->structure : o->lattice, o->cells[0], o->cells[1], o->cells[2],
           haven_kmc_lattice_n_sites(L), haven_kmc_lattice_coordination(L), o->a);
    for (size_t k = 0; k < p->n_species; k++)
        printf("  species %-6s charge %+g, site fraction %.4g\n", p->species[k].name,
               p->species[k].charge, p->species[k].fraction);
    printf("  nu0 %.3g Hz, E_a %.4g eV, interaction %.4g eV, disorder %s, field (%g, %g, %g) V/m\n",
           p->nu0, p->barrier / HAVEN_EV, p->interaction / HAVEN_EV, o->disorder_text, p->field[0],
           p->field[1], p->field[2]);
    printf("  %d replicas x >= %ld hops, seed %lu; errors: standard error and 95%% interval\n",
           p->n_replicas, p->hops, p->seed);
    for (int i = 0; i < o->n_T; i++)
        print_result(o, &r[i]);
    if (o->n_T < 3)
        return;
    haven_arrhenius_result a;
    char label[64];
    printf("\nArrhenius fit over %d temperatures (ln(D*) and ln(sigma T) vs 1/T):\n", o->n_T);
    for (size_t k = 0; k < p->n_species; k++)
        if (fit_activation(o, r, (int)k, &a)) {
            snprintf(label, sizeof label, "E_a (D* %s)", p->species[k].name);
            print_est(label, activation_estimate(&a), 1 / HAVEN_EV, "eV");
        }
    if (fit_activation(o, r, -1, &a))
        print_est("E_a (sigma T)", activation_estimate(&a), 1 / HAVEN_EV, "eV");
}

static int write_csv(const kmc_options *o, const haven_kmc_result *r)
{
    cli_outfile f;
    if (cli_outfile_open(&f, o->csv_path) != 0)
        return CLI_FAIL;
    fprintf(f.fp, "T_K,E_eV,sites,occupancy\n");
    for (int i = 0; i < o->n_T; i++)
        for (int b = 0; b < r[i].n_bins; b++)
            fprintf(f.fp, "%g,%.6g,%.0f,%.6g\n", r[i].temperature, r[i].bin_energy[b] / HAVEN_EV,
                    r[i].bin_sites[b], r[i].bin_occupation[b]);
    return cli_outfile_commit(&f) == 0 ? CLI_OK : CLI_FAIL;
}

/* Run every temperature; the trajectory (if any) covers the first. */
static int run_all(kmc_options *o, const haven_kmc_lattice *L, haven_kmc_result *r)
{
    o->p.trajectory = o->traj_path;
    o->p.traj_interval = o->traj_dt * HAVEN_FS;
    const char *prefix = o->p.checkpoint;
    char ckpt[4096];
    for (int i = 0; i < o->n_T; i++) {
        o->p.temperature = o->T[i];
        o->p.partition = cli_partition(); /* under mpirun: replicas over the ranks */
        if (prefix && o->n_T > 1) { /* one set of files per temperature */
            snprintf(ckpt, sizeof ckpt, "%s.T%g", prefix, o->T[i]);
            o->p.checkpoint = ckpt;
        }
        if (haven_kmc_run(L, &o->p, &r[i]) != HAVEN_OK)
            return cli_lib_error("kmc");
        o->p.trajectory = NULL;
    }
    return CLI_OK;
}

/* ---- finite-size sweep (--cells N1,N2,...) ---------------------------- */

/* Extrapolated quantities: D* of each species, then f, f (cos), D_sigma. */
static haven_estimate size_quantity(const kmc_options *o, const haven_kmc_result *r, size_t q,
                                        const char **name, double *scale, const char **unit)
{
    size_t ns = o->p.n_species;
    static const char *const names[] = {"correlation_factor", "correlation_factor_cos",
                                        "D_sigma"};
    *name = q < ns ? o->p.species[q].name : names[q - ns];
    *scale = q < ns || q == ns + 2 ? D_CM2 : 1;
    *unit = *scale == 1 ? "" : "cm^2/s";
    return q < ns ? r->D[q] : q == ns ? r->correlation : q == ns + 1 ? r->correlation_cos : r->D_sigma;
}

/* Fit quantity q over the sizes; warn where the fitted shift a/N at a size
 * exceeds that size's statistical error. */
static int fit_size(const kmc_options *o, const double *sites, const haven_kmc_result *r, size_t q,
                    haven_kmc_size_fit *fit)
{
    haven_estimate y[MAX_SIZES];
    const char *name = "", *unit = "";
    double scale;
    for (int i = 0; i < o->n_sizes; i++)
        y[i] = size_quantity(o, &r[i], q, &name, &scale, &unit);
    if (haven_kmc_size_extrapolate(sites, y, (size_t)o->n_sizes, fit) != HAVEN_OK)
        return 0;
    for (int i = 0; i < o->n_sizes; i++) {
        double shift = fit->slope / sites[i];
        if (fabs(shift) > y[i].err && fabs(fit->slope) > 2 * fit->slope_err)
            fprintf(stderr,
                    "haven: warning: kmc: %s%s at cells %d (%.0f sites) is shifted by %+.2g%% by "
                    "the cell's size, beyond its statistical error %.2g%%; use the extrapolated "
                    "value or larger cells\n",
                    q < o->p.n_species ? "D* " : "", name, o->sizes[i], sites[i],
                    100 * shift / y[i].value, 100 * y[i].err / y[i].value);
    }
    return 1;
}

static void output_sizes(const kmc_options *o, const haven_kmc_lattice *L, const double *sites,
                         const haven_kmc_result *r)
{
    size_t nq = o->p.n_species + 3;
    haven_kmc_size_fit fit;
    const char *name, *unit;
    double scale;
    json_writer w;
    if (o->json) {
        json_init(&w, stdout);
        json_begin_object(&w, NULL);
        json_setup(&w, o, L);
        json_begin_array(&w, "sizes");
        for (int i = 0; i < o->n_sizes; i++) {
            json_begin_object(&w, NULL);
            json_int(&w, "cells", o->sizes[i]);
            json_number(&w, "sites", sites[i]);
            json_result(&w, o, &r[i]);
            json_end_object(&w);
        }
        json_end_array(&w);
        json_begin_object(&w, "finite_size");
    } else {
        printf("haven kmc: %s, finite-size sweep at T = %g K\n",
               o->structure ? o->structure : o->lattice, o->T[0]);
        for (int i = 0; i < o->n_sizes; i++) {
            printf("\ncells %d (%.0f sites):", o->sizes[i], sites[i]);
            print_result(o, &r[i]);
        }
        printf("\nfinite-size extrapolation, y = y_inf + a/sites over cells");
        for (int i = 0; i < o->n_sizes; i++)
            printf(" %d", o->sizes[i]);
        printf(":\n");
    }
    for (size_t q = 0; q < nq; q++) {
        size_quantity(o, &r[0], q, &name, &scale, &unit);
        if (!fit_size(o, sites, r, q, &fit))
            continue;
        char label[64];
        snprintf(label, sizeof label, "%s%s", q < o->p.n_species ? o->json ? "D_" : "D* " : "",
                 name);
        if (o->json)
            json_est(&w, label, fit.y_inf, scale, unit);
        else
            print_est(label, fit.y_inf, scale, unit);
    }
    if (o->json) {
        json_end_object(&w);
        json_end_object(&w);
        json_finish(&w);
    }
}

/* Every size at the one temperature; results per size. */
static int run_sizes(kmc_options *o)
{
    if (o->n_T != 1 || o->traj_path || o->p.checkpoint || o->energy_file || o->csv_path) {
        cli_error("kmc: a --cells sweep takes one temperature, and no --trajectory, "
                  "--checkpoint, --csv or file energies");
        return CLI_USAGE;
    }
    haven_kmc_result r[MAX_SIZES];
    double sites[MAX_SIZES];
    haven_kmc_lattice *L = NULL;
    o->p.temperature = o->T[0];
    int rc = CLI_OK;
    for (int i = 0; rc == CLI_OK && i < o->n_sizes; i++) {
        haven_kmc_lattice_free(L);
        L = NULL;
        o->cells[0] = o->cells[1] = o->cells[2] = o->sizes[i];
        if ((rc = build_lattice(o, &L)) != CLI_OK)
            break;
        sites[i] = (double)haven_kmc_lattice_n_sites(L);
        if (haven_kmc_run(L, &o->p, &r[i]) != HAVEN_OK)
            rc = cli_lib_error("kmc");
        r[i].temperature = o->T[0];
    }
    if (rc == CLI_OK)
        output_sizes(o, L, sites, r);
    haven_kmc_lattice_free(L);
    return rc;
}

int cmd_kmc(int argc, char **argv)
{
    kmc_options o;
    int rc = parse_args(argc, argv, &o);
    if (rc == -1) {
        usage(stdout);
        return CLI_OK;
    }
    if (rc != CLI_OK)
        return rc;
    if (o.traj_path && !(o.traj_dt > 0)) {
        cli_error("kmc: --trajectory needs --traj-dt (fs between frames)");
        return CLI_USAGE;
    }
    if (o.n_T == 2)
        fprintf(stderr, "haven: warning: kmc: E_a needs at least 3 temperatures; not fitted\n");
    settle_species(&o);
    if (o.n_sizes > 1)
        return run_sizes(&o);
    haven_kmc_lattice *L = NULL;
    if ((rc = build_lattice(&o, &L)) != CLI_OK)
        return rc;
    double *energies = NULL;
    haven_kmc_result *r = calloc(o.n_T, sizeof *r);
    if (!r) {
        cli_error("out of memory");
        rc = CLI_FAIL;
    } else if (o.energy_file &&
               haven_kmc_read_site_energies(o.energy_file, haven_kmc_lattice_n_sites(L),
                                            &energies) != HAVEN_OK) {
        rc = cli_lib_error("kmc");
    }
    o.p.site_energies = energies;
    if (rc == CLI_OK)
        rc = run_all(&o, L, r);
    if (rc == CLI_OK && o.csv_path)
        rc = write_csv(&o, r);
    if (rc == CLI_OK && o.json)
        write_json(&o, L, r);
    else if (rc == CLI_OK)
        print_table(&o, L, r);
    free(r);
    free(energies);
    haven_kmc_lattice_free(L);
    return rc;
}
