/* haven rotation: polyanion reorientation (C_1, C_2, KWW correlation times)
 * and its coupling to nearby cation motion (paddle-wheel). */
#include "haven/rotation.h"

#include "cli.h"
#include "fig_structure.h"
#include "haven/analysis.h"
#include "structure_cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    st_common c;
    const char *centre, *ligand, *cation;
    haven_rotation_options ro;
} rot_opts;

static void usage(FILE *out)
{
    fprintf(out,
            "usage: haven rotation FILE --centre P --ligand S --cutoff A [options]\n\n"
            "Rigid groups (each centre atom with the ligands within the cutoff in the\n"
            "first frame): orientational autocorrelations C_l(t) = <P_l(u(0).u(t))> of the\n"
            "centre-ligand bonds, l = 1, 2, each fitted with a KWW A exp(-(t/tau)^beta);\n"
            "for rotational diffusion tau_1 = 1/(2 D_r), tau_2 = 1/(6 D_r). With --cation\n"
            "and --window: the correlation (Pearson r, Fisher z) between each group's\n"
            "rotation angle and the displacement of the cations near it in the same\n"
            "window (paddle-wheel coupling).\n\n"
            "options:\n"
            "  --centre EL        centre species (e.g. P, S, B)\n"
            "  --ligand EL        ligand species (e.g. S, O, H)\n"
            "  --cutoff A         centre-ligand distance in A\n"
            "  --cation EL        cations for the coupling (e.g. Li)\n"
            "  --window PS        coupling window in ps\n"
            "  --near A           cations within this of a centre (default 5)\n"
            "  --lags N           log-spaced lags (default 24)\n"
            "  --origin-stride N  frames between time origins (default 1)\n"
            "  --types, --format, --timestep, --stride, --json, --csv DIR as elsewhere\n"
            "%s"
            "  -h, --help         this text\n\n"
            "example: haven rotation XDATCAR --centre P --ligand S --cutoff 2.5 --cation Li "
            "--window 1 --timestep 2 --stride 10\n",
            CLI_FIG_HELP);
}

static int parse_value(rot_opts *o, const char *a, const char *v)
{
    const char **name = !strcmp(a, "--centre")   ? &o->centre
                        : !strcmp(a, "--ligand") ? &o->ligand
                        : !strcmp(a, "--cation") ? &o->cation
                                                 : NULL;
    if (name)
        return *name = v, 0;
    if (!strcmp(a, "--cutoff"))
        return st_parse_length(a, v, &o->ro.cutoff);
    if (!strcmp(a, "--near"))
        return st_parse_length(a, v, &o->ro.near);
    if (!strcmp(a, "--window")) {
        if (cli_parse_double(v, &o->ro.window) != 0 || !(o->ro.window > 0))
            return cli_error("--window: '%s' is not a positive time in ps", v), -1;
        o->ro.window *= HAVEN_PS;
        return 0;
    }
    size_t *count = !strcmp(a, "--lags") ? &o->ro.n_lags
                    : !strcmp(a, "--origin-stride") ? &o->ro.origin_stride
                                                   : NULL;
    if (!count)
        return 1;
    long n;
    if (cli_parse_long(v, &n) != 0 || n < 1 || n > 100000)
        return cli_error("%s: '%s' is not a whole number from 1 to 100000", a, v), -1;
    *count = (size_t)n;
    return 0;
}

static int value(void *ctx, const char *a, const char *v)
{
    return parse_value(ctx, a, v);
}

static int parse(int argc, char **argv, rot_opts *o)
{
    memset(o, 0, sizeof *o);
    st_common_init(&o->c);
    haven_rotation_options_init(&o->ro);
    int rc = st_parse(argc, argv, "rotation", &o->c, usage, NULL, value, o);
    if (rc != CLI_OK)
        return rc;
    if (!o->centre || !o->ligand || !(o->ro.cutoff > 0))
        return cli_error("rotation: --centre, --ligand and --cutoff are required"), CLI_USAGE;
    if ((o->cation != NULL) != (o->ro.window > 0))
        return cli_error("rotation: --cation and --window go together"), CLI_USAGE;
    return CLI_OK;
}

static int flags(const rot_opts *o, haven_traj *t, const char *species, int **out)
{
    size_t n = haven_traj_n_atoms(t), any = 0;
    *out = calloc(n ? n : 1, sizeof **out);
    if (!*out)
        return cli_error("out of memory"), CLI_FAIL;
    for (size_t i = 0; i < n; i++)
        any += (*out)[i] = haven_species_selected(
            species, haven_traj_species_name(t, (size_t)haven_traj_atom_species(t, i)));
    if (!any)
        return cli_error("%s: no atoms of species '%s'", o->c.file, species), CLI_FAIL;
    return CLI_OK;
}

#define KWW_Q(k, i, s) (k)->param[i].value / (s), (k)->param[i].err / (s), (k)->param[i].lo / (s), (k)->param[i].hi / (s)

static void print_table(const rot_opts *o, const haven_rotation *r)
{
    printf("file: %s\ngroups: %zu %s with %zu-%zu %s within %.3g A (%zu bonds); lags %.4g to "
           "%.4g ps\n",
           o->c.file, r->n_groups, o->centre, r->min_ligands, r->max_ligands, o->ligand,
           o->ro.cutoff / HAVEN_ANGSTROM, r->n_bonds, r->lag[0] * r->dt / HAVEN_PS,
           r->lag[r->n_lags - 1] * r->dt / HAVEN_PS);
    for (int l = 0; l < 2; l++) {
        const haven_fit_result *k = &r->kww[l];
        printf("C_%d(t): %s\n", l + 1,
               r->kww_ok[l] ? "KWW fit"
                            : "not fitted: it decays to less than half within the run only "
                              "when tau is determined, and the fit must converge");
        if (!r->kww_ok[l])
            printf("  C_%d at the longest lag: %.4g\n", l + 1, r->c[l][r->n_lags - 1]);
        if (!r->kww_ok[l])
            continue;
        st_print_quantity(stdout, "tau", KWW_Q(k, 1, HAVEN_PS), "ps");
        st_print_quantity(stdout, "beta", KWW_Q(k, 2, 1.0), "");
        double m, e, lo, hi;
        if (haven_kww_mean_tau(k, &m, &e, &lo, &hi) == HAVEN_OK)
            st_print_quantity(stdout, "<tau>", m / HAVEN_PS, e / HAVEN_PS, lo / HAVEN_PS,
                              hi / HAVEN_PS, "ps");
    }
    if (o->cation)
        printf("coupling to %s within %.3g A over %.4g ps windows: r = %.4g, z = %.3g, p = %.3g "
               "(%zu pairs, %zu windows)\n",
               o->cation, (o->ro.near > 0 ? o->ro.near : 5e-10) / HAVEN_ANGSTROM,
               o->ro.window / HAVEN_PS, r->coupling_r, r->coupling_z, r->coupling_p,
               r->coupling_pairs, r->coupling_windows);
}

static void print_json(const rot_opts *o, const haven_rotation *r)
{
    json_writer w;
    json_init(&w, stdout);
    json_begin_object(&w, NULL);
    json_string(&w, "command", "rotation");
    json_string(&w, "haven_version", haven_version());
    json_string(&w, "file", o->c.file);
    json_int(&w, "groups", (long long)r->n_groups);
    json_int(&w, "bonds", (long long)r->n_bonds);
    json_begin_array(&w, "t_ps");
    for (size_t k = 0; k < r->n_lags; k++)
        json_number(&w, NULL, r->lag[k] * r->dt / HAVEN_PS);
    json_end_array(&w);
    for (int l = 0; l < 2; l++) {
        json_begin_object(&w, l ? "C2" : "C1");
        json_begin_array(&w, "C");
        for (size_t k = 0; k < r->n_lags; k++)
            json_number(&w, NULL, r->c[l][k]);
        json_end_array(&w);
        json_bool(&w, "fit_ok", r->kww_ok[l]);
        if (r->kww_ok[l]) {
            const haven_fit_result *k = &r->kww[l];
            json_quantity(&w, "tau", KWW_Q(k, 1, HAVEN_PS), "ps");
            json_quantity(&w, "beta", KWW_Q(k, 2, 1.0), "");
            double m, e, lo, hi;
            if (haven_kww_mean_tau(k, &m, &e, &lo, &hi) == HAVEN_OK)
                json_quantity(&w, "mean_tau", m / HAVEN_PS, e / HAVEN_PS, lo / HAVEN_PS,
                              hi / HAVEN_PS, "ps");
        }
        json_end_object(&w);
    }
    if (o->cation) {
        json_begin_object(&w, "coupling");
        json_number(&w, "r", r->coupling_r);
        json_number(&w, "z", r->coupling_z);
        json_number(&w, "p_value", r->coupling_p);
        json_int(&w, "pairs", (long long)r->coupling_pairs);
        json_int(&w, "windows", (long long)r->coupling_windows);
        json_end_object(&w);
    }
    json_end_object(&w);
    json_finish(&w);
}

static int write_csv(const rot_opts *o, const haven_rotation *r)
{
    if (!o->c.csv_dir)
        return CLI_OK;
    cli_outset set = {0};
    FILE *fp = st_csv_open(&set, o->c.csv_dir, "rotation.csv");
    if (!fp)
        return cli_outset_abort(&set), CLI_FAIL;
    fprintf(fp, "t_ps,C1,C1_stderr,C2,C2_stderr\n");
    for (size_t k = 0; k < r->n_lags; k++)
        fprintf(fp, "%.8g,%.8g,%.4g,%.8g,%.4g\n", r->lag[k] * r->dt / HAVEN_PS, r->c[0][k],
                r->c_err[0][k], r->c[1][k], r->c_err[1][k]);
    return cli_outset_commit(&set) == 0 ? CLI_OK : CLI_FAIL;
}

static fig *make_figure(const void *ctx)
{
    return rotation_figure(ctx);
}

static void fill_report(cli_report *r, const void *ctx)
{
    rotation_report(r, ctx);
}

int cmd_rotation(int argc, char **argv)
{
    rot_opts o;
    int rc = parse(argc, argv, &o);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    haven_traj *t;
    if (haven_traj_open(o.c.file, &o.c.traj, &t) != HAVEN_OK)
        return cli_lib_error(o.c.file);
    int *c = NULL, *l = NULL, *k = NULL;
    rc = flags(&o, t, o.centre, &c);
    if (rc == CLI_OK)
        rc = flags(&o, t, o.ligand, &l);
    if (rc == CLI_OK && o.cation)
        rc = flags(&o, t, o.cation, &k);
    haven_rotation r;
    memset(&r, 0, sizeof r);
    if (rc == CLI_OK && haven_rotation_compute(t, c, l, k, &o.ro, &r) != HAVEN_OK)
        rc = cli_lib_error(o.c.file);
    if (rc == CLI_OK)
        rc = write_csv(&o, &r);
    rotation_view view = {o.c.file, o.centre, o.ligand, o.cation, &r, o.ro.cutoff, o.ro.window,
                          o.ro.near > 0 ? o.ro.near : 5 * HAVEN_ANGSTROM};
    if (rc == CLI_OK)
        rc = st_fig_outputs(&o.c, "rotation", make_figure, fill_report, &view);
    if (rc == CLI_OK) {
        if (o.c.json)
            print_json(&o, &r);
        else
            print_table(&o, &r);
    }
    haven_rotation_clear(&r);
    free(c), free(l), free(k);
    haven_traj_free(t);
    return rc;
}
