#include "run_opts.h"

#include "cli.h"
#include "progress.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char run_opts_help[] =
    "  --species LIST     species to analyse, e.g. Li,Na (default: all)\n"
    "  --types MAP        LAMMPS type -> element, e.g. 1=Li,2=Cl\n"
    "  --format F         xdatcar | vasprun | outcar | extxyz | xyz | lammps | h5md |\n"
    "                     ase | xtc | trr | dcd | npy | npz (default: detect)\n"
    "  --cell CELL        cell for files that state none (plain XYZ, .npy, DCD\n"
    "                     without unit cell): a,b,c[,alpha,beta,gamma] in A and\n"
    "                     degrees, or the 9 components ax,ay,az,bx,...,cz in A\n"
    "  --elements LIST    elements in file order for files that name none (DCD,\n"
    "                     XTC, TRR, .npy), e.g. Li:32,Cl:32 (symbol:count)\n"
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
    "  --quiet            no progress and no notes on stderr\n"
    CLI_FIG_HELP
    "  --pool             the FILEs are independent runs of one state point: also\n"
    "                     give one pooled estimate and test whether the runs agree\n"
    "  --continue         the FILEs are consecutive segments of one run (restarts),\n"
    "                     in order: analysed as one trajectory\n";

void run_opts_init(run_opts *o)
{
    memset(o, 0, sizeof *o);
    haven_analysis_options_init(&o->a);
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

/* A time in ps into s, marking it given. */
static int parse_time_opt(const char *opt, const char *v, double *out, int *given, int positive)
{
    double ps;
    int r = parse_number_opt(opt, v, &ps, positive);
    *out = ps * 1e-12;
    *given = 1;
    return r;
}

int run_opts_parse(run_opts *o, int argc, char **argv, int *i)
{
    const char *a = argv[*i], *v;
    int missing;
    if (!strcmp(a, "--json"))
        return o->json = 1, RUN_ARG_USED;
    if (!strcmp(a, "--progress"))
        return o->progress = 1, RUN_ARG_USED;
    int fr = cli_fig_option(argc, argv, i, &o->fig);
    if (fr != 0)
        return fr > 0 ? RUN_ARG_USED : RUN_ARG_BAD;
    if (!strcmp(a, "--pool"))
        return o->a.pool = 1, RUN_ARG_USED;
    if (!strcmp(a, "--continue"))
        return o->a.cont = 1, RUN_ARG_USED;
    static const char *const valued[] = {
        "--species", "--types",      "--format", "--timestep", "--stride", "--start",    "--end",
        "--drift",   "--max-memory", "--method", "--csv",      "--cell",   "--elements", NULL};
    for (int k = 0; valued[k]; k++) {
        v = cli_option_value(valued[k], argc, argv, i, &missing);
        if (missing) {
            cli_error("%s needs a value", valued[k]);
            return RUN_ARG_BAD;
        }
        if (!v)
            continue;
        switch (k) {
        case 0: o->a.species = v; return RUN_ARG_USED;
        case 1: o->a.traj.types = v; return RUN_ARG_USED;
        case 2:
            if (haven_format_from_name(v, &o->a.traj.format) != HAVEN_OK)
                return cli_lib_error("--format"), RUN_ARG_BAD;
            return RUN_ARG_USED;
        case 3: return parse_number_opt("--timestep", v, &o->a.traj.timestep_fs, 1);
        case 4:
            if (cli_parse_long(v, &o->a.traj.stride) != 0 || o->a.traj.stride < 1)
                return bad("--stride", v, "a positive whole number");
            return RUN_ARG_USED;
        case 5: return parse_time_opt("--start", v, &o->a.start, &o->a.has_start, 0);
        case 6: return parse_time_opt("--end", v, &o->a.end, &o->a.has_end, 1);
        case 7: o->a.drift = v; return RUN_ARG_USED;
        case 8:
            if (cli_parse_bytes(v, &o->a.max_bytes) != 0)
                return bad("--max-memory", v, "a size such as 256M or 2G");
            return RUN_ARG_USED;
        case 9:
            if (strcmp(v, "fft") && strcmp(v, "direct"))
                return bad("--method", v, "fft or direct");
            o->a.direct = !strcmp(v, "direct");
            return RUN_ARG_USED;
        case 10: o->csv_dir = v; return RUN_ARG_USED;
        case 11:
            if (haven_cell_from_text(v, o->a.traj.cell) != HAVEN_OK)
                return cli_lib_error("--cell"), RUN_ARG_BAD;
            return RUN_ARG_USED;
        case 12: o->a.traj.elements = v; return RUN_ARG_USED;
        }
    }
    return RUN_ARG_NO;
}

/* The job's stages, each its own progress (tools/progress.c). */
typedef struct {
    cli_progress bar;
    char stage[16];
    int open;
} job_progress;

static void show_progress(const char *stage, const char *path, size_t done, size_t total,
                          void *user)
{
    job_progress *jp = user;
    if (!jp->open || strcmp(jp->stage, stage) != 0) {
        if (jp->open)
            cli_progress_end(&jp->bar);
        char what[96];
        int load = !strcmp(stage, "load");
        snprintf(what, sizeof what, load ? "reading %s" : "MSD of %s", path);
        cli_progress_begin(&jp->bar, what, load ? 0 : (double)total, load ? "frames" : "atoms");
        snprintf(jp->stage, sizeof jp->stage, "%s", stage);
        jp->open = 1;
    }
    cli_progress_update(&jp->bar, (double)done);
}

static job_progress progress_state; /* the CLI runs one job at a time */

void run_opts_progress(run_opts *o)
{
    memset(&progress_state, 0, sizeof progress_state);
    o->a.progress = show_progress;
    o->a.progress_user = &progress_state;
}

int run_opts_job(const run_opts *o, haven_job job, haven_analysis **out)
{
    haven_analysis_options a = o->a;
    a.partition = cli_partition(); /* under mpirun: the atoms over the ranks */
    *out = NULL;
    if (haven_analysis_check(job, o->n_files, &o->a) != HAVEN_OK) {
        cli_error("%s", haven_last_error());
        return CLI_USAGE;
    }
    haven_status st = haven_analysis_run_files(job, o->files, o->n_files, &a, out);
    if (progress_state.open)
        cli_progress_end(&progress_state.bar);
    progress_state.open = 0;
    if (st != HAVEN_OK)
        return cli_lib_error(NULL);
    return CLI_OK;
}
