#include "run_opts.h"

#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char run_opts_help[] =
    "  --species LIST     species to analyse, e.g. Li,Na (default: all)\n"
    "  --types MAP        LAMMPS type -> element, e.g. 1=Li,2=Cl\n"
    "  --format F         xdatcar | vasprun | extxyz | lammps | h5md (default: detect)\n"
    "  --timestep FS      MD integration step in fs\n"
    "  --stride N         MD steps between saved frames\n"
    "  --start PS         fit window start in ps (default: the earliest start, from\n"
    "                     the end of the ballistic regime and the alpha_2 peak on,\n"
    "                     from which the MSD stays linear; see docs/diffusion.md)\n"
    "  --end PS           fit window end in ps (default: 50% of the run)\n"
    "  --drift REF        remove centre-of-mass drift of: system (default), none,\n"
    "                     or a species list, e.g. Ge,P,S (a framework)\n"
    "  --max-memory SIZE  memory for held positions, e.g. 256M; beyond it a scratch\n"
    "                     file in $TMPDIR is used (default: half the RAM)\n"
    "  --method M         fft (default) or direct (O(T^2), for verification)\n"
    "  --json             print one JSON document instead of tables\n"
    "  --csv DIR          write MSD curves as CSV files into DIR\n"
    "  --progress         show progress on stderr even when it is not a terminal\n"
    "  --pool             the FILEs are independent runs of one state point: also\n"
    "                     give one pooled estimate and test whether the runs agree\n"
    "  --continue         the FILEs are consecutive segments of one run (restarts),\n"
    "                     in order: analysed as one trajectory\n";

void run_opts_init(run_opts *o)
{
    memset(o, 0, sizeof *o);
    haven_traj_options_init(&o->traj);
    o->drift = "system";
    o->start_ps = o->end_ps = NAN;
}

const char *cli_option_value(const char *name, int argc, char **argv, int *i, int *missing)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    *missing = 0;
    if (strncmp(a, name, n) != 0)
        return NULL;
    if (a[n] == '=')
        return a + n + 1;
    if (a[n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = 1;
        return NULL;
    }
    return argv[++*i];
}

static int bad(const char *opt, const char *value, const char *expected)
{
    cli_error("%s: '%s' is not %s", opt, value, expected);
    return RUN_ARG_BAD;
}

/* positive: 1 requires > 0, 0 requires >= 0. */
static int parse_number_opt(const char *opt, const char *v, double *out, int positive)
{
    if (cli_parse_double(v, out) != 0 || *out < 0 || (positive && !(*out > 0)))
        return bad(opt, v, positive ? "a positive number" : "a number >= 0");
    return RUN_ARG_USED;
}

int run_opts_parse(run_opts *o, int argc, char **argv, int *i)
{
    const char *a = argv[*i], *v;
    int missing;
    if (!strcmp(a, "--json"))
        return o->json = 1, RUN_ARG_USED;
    if (!strcmp(a, "--progress"))
        return o->progress = 1, RUN_ARG_USED;
    if (!strcmp(a, "--pool"))
        return o->pool = 1, RUN_ARG_USED;
    if (!strcmp(a, "--continue"))
        return o->cont = 1, RUN_ARG_USED;
    static const char *const valued[] = {"--species",    "--types",  "--format", "--timestep",
                                         "--stride",     "--start",  "--end",    "--drift",
                                         "--max-memory", "--method", "--csv",    NULL};
    for (int k = 0; valued[k]; k++) {
        v = cli_option_value(valued[k], argc, argv, i, &missing);
        if (missing) {
            cli_error("%s needs a value", valued[k]);
            return RUN_ARG_BAD;
        }
        if (!v)
            continue;
        switch (k) {
        case 0: o->species = v; return RUN_ARG_USED;
        case 1: o->traj.types = v; return RUN_ARG_USED;
        case 2:
            if (haven_format_from_name(v, &o->traj.format) != HAVEN_OK)
                return cli_lib_error("--format"), RUN_ARG_BAD;
            return RUN_ARG_USED;
        case 3: return parse_number_opt("--timestep", v, &o->traj.timestep_fs, 1);
        case 4:
            if (cli_parse_long(v, &o->traj.stride) != 0 || o->traj.stride < 1)
                return bad("--stride", v, "a positive whole number");
            return RUN_ARG_USED;
        case 5: return parse_number_opt("--start", v, &o->start_ps, 0);
        case 6: return parse_number_opt("--end", v, &o->end_ps, 1);
        case 7: o->drift = v; return RUN_ARG_USED;
        case 8:
            if (cli_parse_bytes(v, &o->max_bytes) != 0)
                return bad("--max-memory", v, "a size such as 256M or 2G");
            return RUN_ARG_USED;
        case 9:
            if (strcmp(v, "fft") && strcmp(v, "direct"))
                return bad("--method", v, "fft or direct");
            o->direct = !strcmp(v, "direct");
            return RUN_ARG_USED;
        case 10: o->csv_dir = v; return RUN_ARG_USED;
        }
    }
    return RUN_ARG_NO;
}

int run_species_selected(const char *list, const char *name)
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

int run_load_options(const run_opts *o, const haven_traj *t, haven_load_options *lo,
                     int *drift_flags)
{
    haven_load_options_init(lo);
    lo->max_bytes = o->max_bytes;
    if (!strcmp(o->drift, "system"))
        return 0;
    if (!strcmp(o->drift, "none")) {
        lo->drift = HAVEN_DRIFT_NONE;
        return 0;
    }
    lo->drift = HAVEN_DRIFT_SPECIES;
    lo->drift_species = drift_flags;
    int any = 0;
    for (size_t k = 0; k < haven_traj_n_species(t); k++)
        any |= drift_flags[k] = run_species_selected(o->drift, haven_traj_species_name(t, k));
    if (!any) {
        cli_error("%s: --drift %s names no species present in the file", haven_traj_path(t),
                  o->drift);
        return -1;
    }
    return 0;
}

void run_fit_options(const run_opts *o, haven_dfit_options *fo)
{
    haven_dfit_options_init(fo);
    fo->start = o->start_ps * 1e-12; /* NAN stays NAN: automatic */
    fo->end = o->end_ps * 1e-12;
}

int run_opts_check_runs(const run_opts *o)
{
    if (o->cont && o->pool) {
        cli_error("--continue and --pool exclude each other (segments of one run, or "
                  "independent runs)");
        return CLI_USAGE;
    }
    if (o->pool && o->n_files < 2) {
        cli_error("--pool needs at least two files (independent runs of one state point)");
        return CLI_USAGE;
    }
    return CLI_OK;
}
