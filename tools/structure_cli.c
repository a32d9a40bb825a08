/* Shared options and output of the structure subcommands. */
#include "structure_cli.h"

#include "cli.h"
#include "haven/analysis.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char st_common_help[] =
    "  --species LIST     species to analyse, e.g. Li (default: all)\n"
    "  --types MAP        LAMMPS type -> element, e.g. 1=Li,2=Cl\n"
    "  --format F         xdatcar | vasprun | extxyz | lammps | h5md (default: detect)\n"
    "  --timestep FS      MD integration step in fs\n"
    "  --stride N         MD steps between saved frames\n"
    "  --temperature K    temperature (default: from the file)\n"
    "  --json             print one JSON document instead of tables\n"
    "  --csv DIR          write curves and tables as CSV files into DIR\n" CLI_FIG_HELP;

void st_common_init(st_common *c)
{
    memset(c, 0, sizeof *c);
    haven_traj_options_init(&c->traj);
    c->max_files = 1;
    c->temperature = NAN;
}

const char *st_value(int argc, char **argv, int *i)
{
    const char *opt = argv[*i];
    if (*i + 1 >= argc) {
        cli_error("%s needs a value", opt);
        return NULL;
    }
    return argv[++*i];
}

int st_parse_length(const char *opt, const char *v, double *m)
{
    double x;
    if (!v)
        return -1;
    if (cli_parse_double(v, &x) != 0 || !(x > 0)) {
        cli_error("%s: '%s' is not a positive length in Angstrom", opt, v);
        return -1;
    }
    *m = x * HAVEN_ANGSTROM;
    return 0;
}

int st_common_option(st_common *c, int argc, char **argv, int *i)
{
    const char *a = argv[*i], *v;
    if (!strcmp(a, "--json"))
        return c->json = 1;
    int f = cli_fig_option(argc, argv, i, &c->fig);
    if (f != 0)
        return f;
    static const char *const keys[] = {"--species", "--types",       "--format", "--timestep",
                                       "--stride",  "--temperature", "--csv",    NULL};
    int k = 0;
    while (keys[k] && strcmp(a, keys[k]))
        k++;
    if (!keys[k])
        return 0;
    if (!(v = st_value(argc, argv, i)))
        return -1;
    double x;
    switch (k) {
    case 0: c->species = v; return 1;
    case 1: c->traj.types = v; return 1;
    case 2:
        if (haven_format_from_name(v, &c->traj.format) != HAVEN_OK)
            return cli_lib_error("--format"), -1;
        return 1;
    case 3:
    case 5:
        if (cli_parse_double(v, &x) != 0 || !(x > 0)) {
            cli_error("%s: '%s' is not a positive number", a, v);
            return -1;
        }
        if (k == 3)
            c->traj.timestep_fs = x;
        else
            c->temperature = x;
        return 1;
    case 4:
        if (cli_parse_long(v, &c->traj.stride) != 0 || c->traj.stride < 1) {
            cli_error("--stride: '%s' is not a positive whole number", v);
            return -1;
        }
        return 1;
    default: c->csv_dir = v; return 1;
    }
}

static int st_positional(const char *cmd, st_common *c, const char *a)
{
    size_t max = c->max_files > 1 ? c->max_files : 1;
    if (c->n_files == max) {
        if (max == 1)
            cli_error("%s: one FILE at a time ('%s' and '%s')", cmd, c->file, a);
        else
            cli_error("%s: at most %zu FILEs", cmd, max);
        return CLI_USAGE;
    }
    c->files[c->n_files++] = a;
    c->file = c->files[0];
    return CLI_OK;
}

int st_parse(int argc, char **argv, const char *cmd, st_common *c, void (*usage)(FILE *),
             st_flag_fn flag, st_value_fn value, void *ctx)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help"))
            return usage(stdout), -1;
        int r = st_common_option(c, argc, argv, &i);
        if (r < 0)
            return CLI_USAGE;
        if (r > 0 || (flag && flag(ctx, a)))
            continue;
        if (!(a[0] == '-' && a[1])) {
            if (st_positional(cmd, c, a) != CLI_OK)
                return CLI_USAGE;
            continue;
        }
        if (i + 1 >= argc) {
            cli_error("%s: '%s' is not an option or needs a value (see 'haven %s --help')", cmd,
                      a, cmd);
            return CLI_USAGE;
        }
        int p = value ? value(ctx, a, argv[i + 1]) : 1;
        if (p == 1)
            cli_error("%s: unknown option '%s' (see 'haven %s --help')", cmd, a, cmd);
        if (p != 0)
            return CLI_USAGE;
        i++;
    }
    if (!c->file) {
        usage(stderr);
        return CLI_USAGE;
    }
    return CLI_OK;
}

int st_open(const st_common *c, haven_traj **t, int **sel, size_t *n_sel)
{
    *sel = NULL;
    if (haven_traj_open(c->file, &c->traj, t) != HAVEN_OK)
        return cli_lib_error(c->file);
    size_t n = haven_traj_n_atoms(*t);
    *sel = calloc(n ? n : 1, sizeof **sel);
    if (!*sel) {
        haven_traj_free(*t);
        return cli_error("out of memory"), CLI_FAIL;
    }
    *n_sel = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = haven_traj_species_name(*t, (size_t)haven_traj_atom_species(*t, i));
        *n_sel += (*sel)[i] = haven_species_selected(c->species, name);
    }
    if (*n_sel == 0) {
        char have[256] = "";
        for (size_t k = 0; k < haven_traj_n_species(*t); k++) {
            size_t len = strlen(have);
            snprintf(have + len, sizeof have - len, "%s%s", k ? "," : "",
                     haven_traj_species_name(*t, k));
        }
        cli_error("%s: no atoms of species '%s' (the file has %s)", c->file,
                  c->species ? c->species : "", have[0] ? have : "no atoms");
        free(*sel);
        haven_traj_free(*t);
        *sel = NULL;
        return CLI_FAIL;
    }
    return CLI_OK;
}

double st_temperature(const st_common *c, const haven_traj *t)
{
    return isfinite(c->temperature) ? c->temperature : haven_traj_file_temperature(t);
}

void st_print_quantity(FILE *out, const char *name, double v, double e, double lo, double hi,
                       const char *unit)
{
    fprintf(out, "  %-24s %12.5g +- %-10.3g [%.5g, %.5g] %s\n", name, v, e, lo, hi, unit);
}

FILE *st_csv_open(cli_outset *outset, const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    if (!path)
        return cli_error("out of memory"), NULL;
    snprintf(path, n, "%s/%s", dir, name);
    FILE *fp = cli_outset_open(outset, path);
    free(path);
    return fp;
}

int st_fig_outputs(const st_common *c, const char *cmd, st_figure_fn make, cli_report_fill_fn fill,
                   const void *ctx)
{
    if (!cli_fig_wanted(&c->fig))
        return CLI_OK;
    fig_set set = {0};
    if (fig_set_add(&set, make(ctx)) != 0)
        return cli_error("out of memory"), CLI_FAIL;
    char title[512];
    snprintf(title, sizeof title, "haven %s: %s", cmd, c->file);
    return cli_fig_outputs(&c->fig, title, c->files, c->n_files, &set, fill, ctx) == 0 ? CLI_OK
                                                                                     : CLI_FAIL;
}

void st_report_estimate(cli_report *r, const char *name, haven_estimate e, double scale,
                        const char *unit)
{
    cli_report_estimate(r, name, e.value * scale, e.err * scale, e.lo * scale, e.hi * scale, unit);
}
