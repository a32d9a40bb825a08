/* haven sites: site occupancies, residence times, jumps and rates between
 * site types, back-jumps, D_jump and the correlation factor f = D* / D_jump. */
#include "haven/elements.h"
#include "units_cli.h"
#include "haven/sites.h"

#include "cli.h"
#include "fig_structure.h"
#include "structure_cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    st_common c;
    const char *ref;          /* reference structure, or NULL: density maxima */
    const char *site_species; /* element of the sites in the reference */
    haven_site_typing typing;
    haven_sites_options so;
    double spacing, smooth, min_sep, min_fraction; /* density sites */
    double symprec;
    haven_drift_mode drift;
    double charge; /* e, for sigma */
    double conc_window, conc_radius; /* s, m; window < 0: no concerted-jump analysis */
    const char *mixing; /* species list sharing the sites */
    int from_structure; /* FILE is a structure: the mixing of its occupancies */
    double temps[ST_MAX_FILES]; /* --temperatures, one per FILE */
    size_t n_temps;
    int no_msd;
} sites_opts;

static void usage(FILE *out)
{
    fprintf(out,
            "usage: haven sites FILE --species LI [--sites REF] [options]\n"
            "       haven sites FILE1 FILE2 FILE3... --species LI --temperatures T1,T2,T3...\n\n"
            "Assigns every ion to a site in every frame (on a site only inside a sphere of\n"
            "radius r; between spheres it belongs to the site it last sat on; a jump is\n"
            "counted when it settles on another site) and reports occupancies, lattice-gas\n"
            "site energies, residence times, jump counts, rates and lengths between site\n"
            "types, the back-jump fraction, D_jump = sum a^2 / (6 N t) and the correlation\n"
            "factor f = D*/D_jump (D* from the MSD, as haven diffusion); with a temperature\n"
            "the Einstein-Helfand sigma of the ions, H_R, and eq. 1: sigma from\n"
            "(f/H_R)(n q^2/kT) a^2 Gamma/6 with the counted jumps. Errors: jackknife\n"
            "over time blocks. Sites from REF (POSCAR/CONTCAR, CIF, or any trajectory\n"
            "file: first frame), typed by Wyckoff position (spglib), or from the maxima\n"
            "of the ions' own density.\n\n"
            "options:\n%s"
            "  --sites REF        reference structure (default: density maxima)\n"
            "  --site-species EL  element whose atoms in REF are the sites (default: --species)\n"
            "  --site-types T     wyckoff (default), label (CIF labels) or one\n"
            "  --symprec A        symmetry tolerance for the Wyckoff types (default 0.01 A\n"
            "                     for a reference, 0.3 A for density maxima)\n"
            "  --radius A         site sphere radius in A (default 0.4 x shortest site distance)\n"
            "  --blocks N         time blocks for the errors (default 10)\n"
            "  --drift REF        system (default) or none, for D* (KMC trajectories: none)\n"
            "  --charge Q         ion charge in e for sigma and eq. 1 (default 1)\n"
            "  --no-msd           skip D*, f = D*/D_jump, sigma and eq. 1\n"
            "  --concerted DT,R   concerted jumps: pairs within DT ps and R A, against\n"
            "                     independent times (Poisson significance)\n"
            "  --mixing LIST      species sharing the sites of REF (e.g. S,Cl): fraction of\n"
            "                     each per site type and the mixing entropy (needs --sites)\n"
            "  --from-structure   with --mixing: FILE is a structure (CIF with partial\n"
            "                     occupancies): the mixing of its sites, no trajectory\n"
            "  --temperatures L   with 3 or more FILEs (runs at different temperatures, K):\n"
            "                     the jump rate of each and its Arrhenius fit\n"
            "  --spacing A        density grid for density sites (default 0.2)\n"
            "  --smooth A         smoothing of that density (default 0.3)\n"
            "  --min-separation A density maxima closer than this are one site (default 1.0)\n"
            "  -h, --help         this text\n\n"
            "figure (--plot, --report): occupancy per site by type, residence-time\n"
            "distributions, the jump-rate matrix between site types, and the back-jump\n"
            "fraction, f and eq. 1 against 1, with 95%% intervals; with several runs, the\n"
            "jump rate against 1000/T with its Arrhenius fit.\n\n"
            "example: haven sites XDATCAR --species Li --sites POSCAR --temperature 600\n",
            st_common_help);
}

static int parse_value(sites_opts *o, const char *a, const char *v)
{
    if (!strcmp(a, "--sites"))
        return o->ref = v, 0;
    if (!strcmp(a, "--site-species"))
        return o->site_species = v, 0;
    if (!strcmp(a, "--site-types")) {
        if (!strcmp(v, "wyckoff") || !strcmp(v, "label") || !strcmp(v, "one")) {
            o->typing = v[0] == 'w' ? HAVEN_SITE_TYPES_WYCKOFF
                        : v[0] == 'l' ? HAVEN_SITE_TYPES_LABEL
                                      : HAVEN_SITE_TYPES_ONE;
            return 0;
        }
        return cli_error("--site-types: '%s' is not wyckoff, label or one", v), -1;
    }
    if (!strcmp(a, "--drift")) {
        if (strcmp(v, "system") && strcmp(v, "none"))
            return cli_error("--drift: '%s' is not system or none", v), -1;
        o->drift = v[0] == 'n' ? HAVEN_DRIFT_NONE : HAVEN_DRIFT_SYSTEM;
        return 0;
    }
    if (!strcmp(a, "--mixing"))
        return o->mixing = v, 0;
    if (!strcmp(a, "--temperatures")) {
        char buf[1024], *save;
        snprintf(buf, sizeof buf, "%s", v);
        o->n_temps = 0;
        for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
            if (o->n_temps == ST_MAX_FILES || cli_parse_double(tok, &o->temps[o->n_temps++]) != 0 ||
                !(o->temps[o->n_temps - 1] > 0))
                return cli_error("--temperatures: '%s' is not a list of temperatures in K", v), -1;
        return 0;
    }
    if (!strcmp(a, "--concerted")) {
        char *comma = strchr(v, ',');
        double w, r;
        if (!comma || sscanf(v, "%lf", &w) != 1 || cli_parse_double(comma + 1, &r) != 0 ||
            !(w >= 0) || !(r > 0))
            return cli_error("--concerted: '%s' is not DT_PS,R_A (e.g. 0.5,4)", v), -1;
        o->conc_window = w * HAVEN_PS, o->conc_radius = r * HAVEN_ANGSTROM;
        return 0;
    }
    if (!strcmp(a, "--charge")) {
        if (cli_parse_double(v, &o->charge) != 0 || o->charge == 0)
            return cli_error("--charge: '%s' is not a non-zero number", v), -1;
        return 0;
    }
    if (!strcmp(a, "--blocks")) {
        long n;
        if (cli_parse_long(v, &n) != 0 || n < 2 || n > 1000)
            return cli_error("--blocks: '%s' is not a whole number from 2 to 1000", v), -1;
        o->so.n_blocks = (size_t)n;
        return 0;
    }
    double *len = !strcmp(a, "--radius")           ? &o->so.radius
                  : !strcmp(a, "--spacing")        ? &o->spacing
                  : !strcmp(a, "--smooth")         ? &o->smooth
                  : !strcmp(a, "--min-separation") ? &o->min_sep
                  : !strcmp(a, "--symprec")        ? &o->symprec
                                                   : NULL;
    return len ? st_parse_length(a, v, len) : 1;
}

static int value(void *ctx, const char *a, const char *v)
{
    return parse_value(ctx, a, v);
}

static int flag(void *ctx, const char *a)
{
    sites_opts *o = ctx;
    if (!strcmp(a, "--from-structure"))
        return o->from_structure = 1;
    return !strcmp(a, "--no-msd") ? (o->no_msd = 1) : 0;
}

static int parse(int argc, char **argv, sites_opts *o)
{
    memset(o, 0, sizeof *o);
    st_common_init(&o->c);
    haven_sites_options_init(&o->so);
    o->spacing = 0.2 * HAVEN_ANGSTROM, o->smooth = 0.3 * HAVEN_ANGSTROM;
    o->min_sep = 1.0 * HAVEN_ANGSTROM, o->min_fraction = 0.05;
    o->charge = 1;
    o->conc_window = -1;
    o->c.max_files = ST_MAX_FILES;
    int rc = st_parse(argc, argv, "sites", &o->c, usage, flag, value, o);
    if (rc != CLI_OK)
        return rc;
    if (o->mixing && !o->c.species)
        o->c.species = o->mixing;
    if (o->from_structure && !o->mixing) {
        cli_error("sites: --from-structure needs --mixing LIST");
        return CLI_USAGE;
    }
    if (o->mixing && !o->ref && !o->from_structure) {
        cli_error("sites: --mixing needs --sites REF (the sites the species share)");
        return CLI_USAGE;
    }
    if (!o->c.species) {
        cli_error("sites: --species is required (the mobile ions)");
        return CLI_USAGE;
    }
    if (o->n_temps && o->n_temps != o->c.n_files) {
        cli_error("sites: --temperatures gives %zu values for %zu FILEs", o->n_temps,
                  o->c.n_files);
        return CLI_USAGE;
    }
    if (o->mixing && cli_fig_wanted(&o->c.fig)) {
        cli_error("sites: --plot and --report draw the site analysis of a trajectory or of "
                  "several runs, not --mixing");
        return CLI_USAGE;
    }
    if (o->c.n_files > 1 && o->c.n_files < 3) {
        cli_error("sites: several FILEs are runs at different temperatures for an Arrhenius "
                  "fit of the jump rate: give at least 3");
        return CLI_USAGE;
    }
    return CLI_OK;
}

/* Atomic number of the (first) selected species: not part of the framework. */
static int mobile_z(const haven_traj *t, const int *sel)
{
    for (size_t i = 0; i < haven_traj_n_atoms(t); i++)
        if (sel[i])
            return haven_element_z(
                haven_traj_species_name(t, (size_t)haven_traj_atom_species(t, i)));
    return 0;
}

/* Sites from the reference file, or from the density of the ions. */
static int get_sites(const sites_opts *o, haven_traj *t, const int *sel, haven_site_set *s)
{
    if (o->ref) {
        const char *el = o->site_species ? o->site_species : o->c.species;
        if (haven_sites_from_structure(o->ref, el, o->typing, o->symprec, s) != HAVEN_OK)
            return cli_lib_error(o->ref);
        return CLI_OK;
    }
    haven_density_options d;
    haven_density_options_init(&d);
    d.spacing = o->spacing, d.sigma = o->smooth, d.select = sel;
    haven_grid g;
    haven_density_info info;
    int rc = CLI_OK;
    if (haven_density_compute(t, &d, &g, &info) != HAVEN_OK ||
        haven_sites_from_grid(&g, mobile_z(t, sel), o->min_fraction, o->min_sep, o->symprec, s) != HAVEN_OK ||
        haven_traj_rewind(t) != HAVEN_OK)
        rc = cli_lib_error(o->c.file);
    haven_grid_clear(&g);
    return rc;
}

#define Q(e) (e).value, (e).err, (e).lo, (e).hi

typedef struct {
    int have_D;
    haven_sites_transport tr;
    haven_sites_eq1 eq1;
    int have_conc;
    haven_concerted conc;
    haven_estimate *entropy; /* per type, J/K per site */
} sites_extra;

static void print_table(const sites_opts *o, const haven_sites_result *r, const sites_extra *tp)
{
    const double A = HAVEN_ANGSTROM;
    size_t nt = r->n_types;
    printf("file: %s\nspecies: %s, %zu ions, %zu frames, dt %.4g ps, %.4g ps\n", o->c.file,
           o->c.species, r->n_ions, r->n_frames, r->dt / HAVEN_PS, r->duration / HAVEN_PS);
    printf("sites: %zu (%s, supercell %zux%zux%zu), radius %.3g A, ions on a site %.1f%% of the "
           "time, %zu blocks\n",
           r->n_sites, o->ref ? o->ref : "density maxima", r->supercell[0], r->supercell[1],
           r->supercell[2], r->radius / A, 100 * r->on_site_fraction, r->n_blocks);
    printf("\n  %-10s %6s %22s %22s %22s %20s\n", "type", "sites", "occupancy", "energy eV",
           "residence ps", "entropy k_B/site");
    for (size_t t = 0; t < nt; t++)
        printf("  %-10s %6zu %10.4g +- %-9.2g %10.4g +- %-9.2g %10.4g +- %-9.2g %8.4g +- %-8.2g\n",
               r->type_name[t], r->type_sites[t], r->occupancy[t].value, r->occupancy[t].err,
               r->energy[t].value / HAVEN_EV, r->energy[t].err / HAVEN_EV,
               r->residence[t].value / HAVEN_PS, r->residence[t].err / HAVEN_PS,
               tp->entropy[t].value / HAVEN_KB, tp->entropy[t].err / HAVEN_KB);
    printf("\n  %-10s %-10s %8s %24s %12s\n", "from", "to", "jumps", "rate 1/s", "length A");
    for (size_t a = 0; a < nt; a++)
        for (size_t b = 0; b < nt; b++)
            if (r->jumps[a * nt + b])
                printf("  %-10s %-10s %8zu %11.4g +- %-9.2g %12.4g\n", r->type_name[a],
                       r->type_name[b], r->jumps[a * nt + b], r->rate[a * nt + b].value,
                       r->rate[a * nt + b].err, r->distance[a * nt + b] / A);
    printf("\n  %zu jumps\n", r->n_jumps);
    st_print_quantity(stdout, "jump rate per ion", Q(r->jump_rate), "1/s");
    st_print_quantity(stdout, "back-jump fraction", Q(r->back_fraction), "");
    const double cm2 = cli_D_unit.scale; /* m^2/s -> the shown unit (--units) */
    st_print_quantity(stdout, "D_jump", r->D_jump.value * cm2, r->D_jump.err * cm2,
                      r->D_jump.lo * cm2, r->D_jump.hi * cm2, cli_D_unit.name);
    st_print_quantity(stdout, "f (jump vectors)", Q(r->f_jumps), "");
    if (tp->have_conc) {
        const haven_concerted *c = &tp->conc;
        printf("  concerted jumps (within %.4g ps = %zu frames and %.3g A): %zu pairs, %.4g "
               "expected at random (%zu close pairs), z = %.3g, p = %.3g; groups of 2/3/4/5/6+: "
               "%zu/%zu/%zu/%zu/%zu\n",
               c->window / HAVEN_PS, c->window_frames, c->radius / HAVEN_ANGSTROM, c->pairs,
               c->expected, c->close_pairs, c->z, c->p_value, c->groups[0], c->groups[1],
               c->groups[2], c->groups[3], c->groups[4]);
    }
    if (!tp->have_D)
        return;
    const haven_dfit_result *D = &tp->tr.tracer;
    st_print_quantity(stdout, "D* (MSD)", D->D.value * cm2, D->D.err * cm2, D->D.lo * cm2,
                      D->D.hi * cm2, cli_D_unit.name);
    st_print_quantity(stdout, "f = D*/D_jump", Q(tp->eq1.f), "");
    if (!tp->tr.have_sigma)
        return;
    const double mScm = cli_sigma_unit.scale; /* S/m -> the shown unit */
    const haven_estimate *S = &tp->tr.cond.sigma;
    st_print_quantity(stdout, "sigma (Einstein-Helfand)", S->value * mScm, S->err * mScm,
                      S->lo * mScm, S->hi * mScm, cli_sigma_unit.name);
    st_print_quantity(stdout, "Haven ratio", Q(tp->tr.cond.haven_ratio), "");
    st_print_quantity(stdout, "sigma eq. 1 (jumps)", tp->eq1.sigma1.value * mScm,
                      tp->eq1.sigma1.err * mScm, tp->eq1.sigma1.lo * mScm, tp->eq1.sigma1.hi * mScm,
                      cli_sigma_unit.name);
    st_print_quantity(stdout, "eq. 1 / Einstein-Helfand", Q(tp->eq1.ratio), "");
}

static void jq(json_writer *w, const char *key, haven_estimate e, double scale, const char *unit)
{
    json_quantity(w, key, e.value * scale, e.err * scale, e.lo * scale, e.hi * scale,
                  unit);
}

static void print_json(const sites_opts *o, const haven_sites_result *r, const sites_extra *tp)
{
    json_writer w;
    json_init(&w, stdout);
    json_begin_object(&w, NULL);
    json_string(&w, "command", "sites");
    json_string(&w, "haven_version", haven_version());
    json_string(&w, "file", o->c.file);
    json_string(&w, "species", o->c.species);
    json_string(&w, "sites_from", o->ref ? o->ref : "density");
    json_int(&w, "ions", (long long)r->n_ions);
    json_int(&w, "frames", (long long)r->n_frames);
    json_number(&w, "frame_interval_ps", r->dt / HAVEN_PS);
    json_int(&w, "sites", (long long)r->n_sites);
    json_number(&w, "radius_A", r->radius / HAVEN_ANGSTROM);
    json_number(&w, "on_site_fraction", r->on_site_fraction);
    json_int(&w, "blocks", (long long)r->n_blocks);
    json_begin_array(&w, "types");
    for (size_t t = 0; t < r->n_types; t++) {
        json_begin_object(&w, NULL);
        json_string(&w, "name", r->type_name[t]);
        json_int(&w, "sites", (long long)r->type_sites[t]);
        jq(&w, "occupancy", r->occupancy[t], 1, "");
        jq(&w, "energy", r->energy[t], 1 / HAVEN_EV, "eV");
        jq(&w, "residence", r->residence[t], 1 / HAVEN_PS, "ps");
        jq(&w, "entropy", tp->entropy[t], 1 / HAVEN_KB, "k_B per site");
        json_end_object(&w);
    }
    json_end_array(&w);
    json_begin_array(&w, "transitions");
    for (size_t a = 0; a < r->n_types; a++)
        for (size_t b = 0; b < r->n_types; b++) {
            size_t k = a * r->n_types + b;
            json_begin_object(&w, NULL);
            json_string(&w, "from", r->type_name[a]);
            json_string(&w, "to", r->type_name[b]);
            json_int(&w, "jumps", (long long)r->jumps[k]);
            jq(&w, "rate", r->rate[k], 1, "1/s");
            json_number(&w, "length_A", r->distance[k] / HAVEN_ANGSTROM);
            json_end_object(&w);
        }
    json_end_array(&w);
    json_int(&w, "jumps", (long long)r->n_jumps);
    jq(&w, "jump_rate", r->jump_rate, 1, "1/s");
    jq(&w, "back_jump_fraction", r->back_fraction, 1, "");
    jq(&w, "D_jump", r->D_jump, cli_D_unit.scale, cli_D_unit.name);
    jq(&w, "f_jumps", r->f_jumps, 1, "");
    if (tp->have_conc) {
        const haven_concerted *c = &tp->conc;
        json_begin_object(&w, "concerted");
        json_number(&w, "window_ps", c->window / HAVEN_PS);
        json_int(&w, "window_frames", (long long)c->window_frames);
        json_number(&w, "radius_A", c->radius / HAVEN_ANGSTROM);
        json_int(&w, "pairs", (long long)c->pairs);
        json_int(&w, "close_pairs", (long long)c->close_pairs);
        json_number(&w, "expected", c->expected);
        json_number(&w, "z", c->z);
        json_number(&w, "p_value", c->p_value);
        json_begin_array(&w, "groups");
        for (int k = 0; k < 5; k++)
            json_int(&w, NULL, (long long)c->groups[k]);
        json_end_array(&w);
        json_end_object(&w);
    }
    if (tp->have_D) {
        const haven_dfit_result *D = &tp->tr.tracer;
        jq(&w, "D", D->D, cli_D_unit.scale, cli_D_unit.name);
        jq(&w, "correlation_factor", tp->eq1.f, 1, "");
    }
    if (tp->have_D && tp->tr.have_sigma) {
        json_number(&w, "charge_e", tp->tr.charge);
        jq(&w, "sigma", tp->tr.cond.sigma, cli_sigma_unit.scale, cli_sigma_unit.name);
        jq(&w, "haven_ratio", tp->tr.cond.haven_ratio, 1, "");
        jq(&w, "sigma_eq1", tp->eq1.sigma1, cli_sigma_unit.scale, cli_sigma_unit.name);
        jq(&w, "eq1_ratio", tp->eq1.ratio, 1, "");
    }
    json_end_object(&w);
    json_finish(&w);
}

static int write_csv(const sites_opts *o, const haven_sites_result *r)
{
    if (!o->c.csv_dir)
        return CLI_OK;
    cli_outset set = {0};
    FILE *fp = st_csv_open(&set, o->c.csv_dir, "sites.csv");
    if (!fp)
        return cli_outset_abort(&set), CLI_FAIL;
    fprintf(fp, "site,type,frac_a,frac_b,frac_c,occupancy\n");
    for (size_t s = 0; s < r->n_sites; s++)
        fprintf(fp, "%zu,%s,%.8f,%.8f,%.8f,%.8g\n", s, r->type_name[r->site_type[s]],
                r->site_frac[s][0], r->site_frac[s][1], r->site_frac[s][2], r->site_occupancy[s]);
    if (!(fp = st_csv_open(&set, o->c.csv_dir, "jumps.csv")))
        return cli_outset_abort(&set), CLI_FAIL;
    fprintf(fp, "ion,frame,time_ps,from,to,from_type,to_type,dx_A,dy_A,dz_A\n");
    for (size_t j = 0; j < r->n_jumps; j++) {
        const haven_jump *J = &r->jump[j];
        fprintf(fp, "%zu,%zu,%.8g,%d,%d,%s,%s,%.6f,%.6f,%.6f\n", J->ion, J->frame,
                (double)J->frame * r->dt / HAVEN_PS, J->from, J->to,
                r->type_name[r->site_type[J->from]], r->type_name[r->site_type[J->to]],
                J->vec[0] / HAVEN_ANGSTROM, J->vec[1] / HAVEN_ANGSTROM,
                J->vec[2] / HAVEN_ANGSTROM);
    }
    return cli_outset_commit(&set) == 0 ? CLI_OK : CLI_FAIL;
}

static fig *make_figure(const void *ctx)
{
    return sites_figure(ctx);
}

static void fill_report(cli_report *r, const void *ctx)
{
    sites_report(r, ctx);
}

static int figures_out(const sites_opts *o, const haven_sites_result *r, const sites_extra *tp)
{
    sites_view v = {o->c.file, o->c.species, o->ref ? o->ref : "density maxima", r,
                    tp->entropy, tp->have_D ? &tp->tr : NULL, tp->have_D ? &tp->eq1 : NULL,
                    tp->have_conc ? &tp->conc : NULL};
    return st_fig_outputs(&o->c, "sites", make_figure, fill_report, &v);
}

static int analyse(const sites_opts *o, haven_traj *t, const int *sel)
{
    haven_site_set sites = {0};
    haven_sites_result r;
    memset(&r, 0, sizeof r);
    sites_extra tp = {0};
    int rc = get_sites(o, t, sel, &sites);
    haven_sites_options so = o->so;
    so.temperature = st_temperature(&o->c, t);
    if (rc == CLI_OK && haven_sites_analyse(t, &sites, sel, &so, &r) != HAVEN_OK)
        rc = cli_lib_error(o->c.file);
    if (rc == CLI_OK && !(tp.entropy = calloc(r.n_types, sizeof *tp.entropy)))
        rc = (cli_error("out of memory"), CLI_FAIL);
    if (rc == CLI_OK)
        haven_sites_entropy(&r, tp.entropy);
    if (rc == CLI_OK && o->conc_window >= 0) {
        if (haven_sites_concerted(&r, o->conc_window, o->conc_radius, &tp.conc) != HAVEN_OK)
            rc = cli_lib_error(o->c.file);
        tp.have_conc = rc == CLI_OK;
    }
    if (rc == CLI_OK && r.n_jumps == 0)
        fprintf(stderr, "haven: warning: %s: no ion changed site: rates and f are undefined\n",
                o->c.file);
    if (rc == CLI_OK && !o->no_msd && r.n_jumps > 0) {
        double T = isfinite(so.temperature) ? so.temperature : 0;
        if (haven_sites_transport_compute(t, sel, o->drift, o->charge, T, &tp.tr) != HAVEN_OK)
            rc = cli_lib_error(o->c.file);
        else {
            tp.have_D = 1;
            haven_sites_eq1_check(&tp.tr, &r, &tp.eq1);
        }
    }
    if (rc == CLI_OK)
        rc = write_csv(o, &r);
    if (rc == CLI_OK)
        rc = figures_out(o, &r, &tp);
    if (rc == CLI_OK) {
        if (o->c.json)
            print_json(o, &r, &tp);
        else
            print_table(o, &r, &tp);
    }
    haven_sites_transport_clear(&tp.tr);
    free(tp.entropy);
    haven_sites_result_clear(&r);
    haven_site_set_clear(&sites);
    return rc;
}


static void print_mixing(const sites_opts *o, const haven_site_mixing *m)
{
    if (o->c.json) {
        json_writer w;
        json_init(&w, stdout);
        json_begin_object(&w, NULL);
        json_string(&w, "command", "sites --mixing");
        json_string(&w, "file", o->c.file);
        json_string(&w, "from", o->from_structure ? "structure" : "trajectory");
        json_begin_array(&w, "types");
        for (size_t t = 0; t < m->n_types; t++) {
            json_begin_object(&w, NULL);
            json_string(&w, "name", m->type_name[t]);
            json_int(&w, "sites", (long long)m->type_sites[t]);
            json_begin_object(&w, "fraction");
            for (size_t k = 0; k < m->n_species; k++)
                json_number(&w, m->species[k], m->fraction[t * m->n_species + k]);
            json_number(&w, "vacant", m->vacant[t]);
            json_end_object(&w);
            json_number(&w, "mixing_entropy_kB_per_site", m->entropy[t] / HAVEN_KB);
            json_end_object(&w);
        }
        json_end_array(&w);
        json_end_object(&w);
        json_finish(&w);
        return;
    }
    printf("file: %s (%s)\n\n  %-10s %6s", o->c.file,
           o->from_structure ? "occupancies of the structure" : "time-averaged occupancies",
           "type", "sites");
    for (size_t k = 0; k < m->n_species; k++)
        printf(" %10s", m->species[k]);
    printf(" %10s %22s\n", "vacant", "mixing entropy k_B");
    for (size_t t = 0; t < m->n_types; t++) {
        printf("  %-10s %6zu", m->type_name[t], m->type_sites[t]);
        for (size_t k = 0; k < m->n_species; k++)
            printf(" %10.4g", m->fraction[t * m->n_species + k]);
        printf(" %10.4g %22.4g\n", m->vacant[t], m->entropy[t] / HAVEN_KB);
    }
}

/* Occupancy of each type by one species of the list. */
static int species_occupancy(const sites_opts *o, haven_traj *t, const haven_site_set *sites,
                             const char *name, double *occ)
{
    st_common c = o->c;
    c.species = name;
    int *sel;
    size_t n;
    haven_traj *t2;
    if (st_open(&c, &t2, &sel, &n) != CLI_OK)
        return CLI_FAIL;
    haven_traj_free(t2);
    haven_sites_result r;
    int rc = CLI_OK;
    if (haven_traj_rewind(t) != HAVEN_OK || haven_sites_analyse(t, sites, sel, &o->so, &r) != HAVEN_OK)
        rc = cli_lib_error(o->c.file);
    for (size_t k = 0; rc == CLI_OK && k < r.n_types; k++)
        occ[k] = r.occupancy[k].value;
    if (rc == CLI_OK)
        haven_sites_result_clear(&r);
    free(sel);
    return rc;
}

/* The mixing of a trajectory: per site type of REF the time-averaged share
 * of sites each species of the list holds. */
static int trajectory_mixing(const sites_opts *o, haven_traj *t, haven_site_mixing *m)
{
    haven_site_set sites = {0};
    if (haven_sites_from_structure(o->ref, o->site_species ? o->site_species : o->mixing,
                                   o->typing, o->symprec, &sites) != HAVEN_OK)
        return cli_lib_error(o->ref);
    char list[256], *save;
    snprintf(list, sizeof list, "%s", o->mixing);
    size_t nt = sites.n_types, ns = 0;
    m->n_types = nt;
    m->type_name = calloc(nt, sizeof *m->type_name);
    m->type_sites = calloc(nt, sizeof *m->type_sites);
    m->species = calloc(64, sizeof *m->species);
    m->fraction = calloc(64 * nt, sizeof *m->fraction);
    m->vacant = calloc(nt, sizeof *m->vacant);
    m->entropy = calloc(nt, sizeof *m->entropy);
    int rc = m->type_name && m->type_sites && m->species && m->fraction && m->vacant && m->entropy
                 ? CLI_OK
                 : (cli_error("out of memory"), CLI_FAIL);
    double *occ = calloc(nt, sizeof *occ);
    for (char *tok = strtok_r(list, ",", &save); rc == CLI_OK && tok && ns < 64;
         tok = strtok_r(NULL, ",", &save), ns++) {
        snprintf(m->species[ns], 8, "%s", tok);
        rc = occ ? species_occupancy(o, t, &sites, tok, occ) : CLI_FAIL;
        for (size_t ty = 0; rc == CLI_OK && ty < nt; ty++)
            m->fraction[ty * 64 + ns] = occ[ty];
    }
    /* compact the rows to n_species columns */
    m->n_species = ns;
    for (size_t ty = 0; rc == CLI_OK && ty < nt; ty++) {
        double x[65], sum = 0;
        for (size_t k = 0; k < ns; k++)
            sum += x[k] = m->fraction[ty * ns + k] = m->fraction[ty * 64 + k];
        m->vacant[ty] = x[ns] = sum < 1 ? 1 - sum : 0;
        m->entropy[ty] = haven_mixing_entropy(x, ns + 1);
        memcpy(m->type_name[ty], sites.type_name[ty], HAVEN_SITE_NAME);
    }
    for (size_t s = 0; rc == CLI_OK && s < sites.n_sites; s++)
        m->type_sites[sites.type[s]]++;
    free(occ);
    haven_site_set_clear(&sites);
    return rc;
}

static int mixing_mode(const sites_opts *o, haven_traj *t)
{
    haven_site_mixing m;
    memset(&m, 0, sizeof m);
    int rc = trajectory_mixing(o, t, &m);
    if (rc == CLI_OK)
        print_mixing(o, &m);
    haven_site_mixing_clear(&m);
    return rc;
}

static int structure_mixing_mode(const sites_opts *o)
{
    haven_site_mixing m;
    if (haven_structure_mixing(o->c.file, o->mixing, o->symprec, &m) != HAVEN_OK)
        return cli_lib_error("sites --from-structure");
    print_mixing(o, &m);
    haven_site_mixing_clear(&m);
    return CLI_OK;
}

/* Jump rate of one run (sites from REF, or each run's own density). */
static int run_rate(const sites_opts *o, size_t k, double *T, haven_estimate *rate, size_t *jumps)
{
    sites_opts one = *o;
    one.c.file = o->c.files[k];
    haven_traj *t;
    int *sel;
    size_t n_sel;
    int rc = st_open(&one.c, &t, &sel, &n_sel);
    if (rc != CLI_OK)
        return rc;
    *T = o->n_temps ? o->temps[k] : st_temperature(&one.c, t);
    haven_site_set sites = {0};
    haven_sites_result r;
    memset(&r, 0, sizeof r);
    if (!(*T > 0))
        rc = (cli_error("%s: no temperature: give --temperatures", one.c.file), CLI_FAIL);
    if (rc == CLI_OK)
        rc = get_sites(&one, t, sel, &sites);
    if (rc == CLI_OK && haven_sites_analyse(t, &sites, sel, &one.so, &r) != HAVEN_OK)
        rc = cli_lib_error(one.c.file);
    if (rc == CLI_OK)
        *rate = r.jump_rate, *jumps = r.n_jumps;
    haven_sites_result_clear(&r);
    haven_site_set_clear(&sites);
    free(sel);
    haven_traj_free(t);
    return rc;
}

static fig *make_runs_figure(const void *ctx)
{
    return sites_runs_figure(ctx);
}

static void fill_runs_report(cli_report *r, const void *ctx)
{
    sites_runs_report(r, ctx);
}

/* Several runs: the jump rate per ion of each, and Gamma = A exp(-Ea/kT). */
static int arrhenius_mode(const sites_opts *o)
{
    size_t n = o->c.n_files, jumps[ST_MAX_FILES];
    double T[ST_MAX_FILES], y[ST_MAX_FILES], e[ST_MAX_FILES];
    haven_estimate rate[ST_MAX_FILES];
    for (size_t k = 0; k < n; k++) {
        int rc = run_rate(o, k, &T[k], &rate[k], &jumps[k]);
        if (rc != CLI_OK)
            return rc;
        y[k] = rate[k].value, e[k] = rate[k].err;
        if (!(y[k] > 0) || !(e[k] > 0))
            return cli_error("%s: no jumps with an error to fit", o->c.files[k]), CLI_FAIL;
    }
    haven_arrhenius_result ar;
    if (haven_arrhenius_fit(T, y, e, n, 0, &ar) != HAVEN_OK)
        return cli_lib_error("sites: Arrhenius fit of the jump rate");
    double ea = ar.Ea.value / HAVEN_EV, ee = ar.Ea.err / HAVEN_EV;
    double elo = ar.Ea.lo / HAVEN_EV, ehi = ar.Ea.hi / HAVEN_EV;
    double A = exp(ar.lnA.value), Alo = exp(ar.lnA.lo), Ahi = exp(ar.lnA.hi);
    sites_runs_view view = {o->c.files, n, T, rate, jumps, &ar};
    if (st_fig_outputs(&o->c, "sites", make_runs_figure, fill_runs_report, &view) != CLI_OK)
        return CLI_FAIL;
    if (o->c.json) {
        json_writer w;
        json_init(&w, stdout);
        json_begin_object(&w, NULL);
        json_string(&w, "command", "sites");
        json_string(&w, "haven_version", haven_version());
        json_begin_array(&w, "runs");
        for (size_t k = 0; k < n; k++) {
            json_begin_object(&w, NULL);
            json_string(&w, "file", o->c.files[k]);
            json_number(&w, "T", T[k]);
            json_int(&w, "jumps", (long long)jumps[k]);
            jq(&w, "jump_rate", rate[k], 1, "1/s");
            json_end_object(&w);
        }
        json_end_array(&w);
        json_begin_object(&w, "arrhenius");
        json_quantity(&w, "Ea", ea, ee, elo, ehi, "eV");
        json_quantity(&w, "prefactor", A, A * ar.lnA.err, Alo, Ahi, "1/s");
        json_number(&w, "birge", ar.birge);
        json_end_object(&w);
        json_end_object(&w);
        json_finish(&w);
        return CLI_OK;
    }
    printf("  %-40s %8s %8s %24s\n", "file", "T K", "jumps", "jump rate 1/s");
    for (size_t k = 0; k < n; k++)
        printf("  %-40s %8.1f %8zu %11.4g +- %-9.2g\n", o->c.files[k], T[k], jumps[k],
               rate[k].value, rate[k].err);
    st_print_quantity(stdout, "Ea (jump rate)", ea, ee, elo, ehi, "eV");
    st_print_quantity(stdout, "prefactor", A, A * ar.lnA.err, Alo, Ahi, "1/s");
    cli_arrhenius_warning("jump rate", &ar);
    return CLI_OK;
}

int cmd_sites(int argc, char **argv)
{
    sites_opts o;
    int rc = parse(argc, argv, &o);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    if (o.c.n_files > 1)
        return arrhenius_mode(&o);
    if (o.from_structure)
        return structure_mixing_mode(&o);
    haven_traj *t;
    int *sel;
    size_t n_sel;
    if ((rc = st_open(&o.c, &t, &sel, &n_sel)) != CLI_OK)
        return rc;
    rc = o.mixing ? mixing_mode(&o, t) : analyse(&o, t, sel);
    free(sel);
    haven_traj_free(t);
    return rc;
}
