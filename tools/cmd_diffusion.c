/* haven diffusion: tracer diffusion coefficients from trajectories. */
#include "cli.h"
#include "fig_analysis.h"
#include "run_opts.h"
#include "pool.h"
#include "region_cli.h"
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(out,
            "usage: haven diffusion FILE... [options]\n\n"
            "Tracer diffusion coefficient D* of each species from the mean-squared\n"
            "displacement (all time origins, FFT), fitted by generalised least squares\n"
            "with the covariance between lags, with standard error and 95%% interval.\n"
            "Each FILE is analysed on its own. D is printed in cm^2/s, times in ps.\n\n"
            "options:\n%s%s  -h, --help         this text\n\n"
            "example: haven diffusion run.dump.gz --types 1=Li,2=Cl --timestep 1 --species Li\n",
            run_opts_help, region_cli_help);
}

static int parse(int argc, char **argv, run_opts *o, const char **region)
{
    run_opts_init(o);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return -1;
        }
        if (!strcmp(argv[i], "--region")) {
            if (i + 1 >= argc)
                return cli_error("--region needs a value"), CLI_USAGE;
            *region = argv[++i];
            continue;
        }
        int r = run_opts_parse(o, argc, argv, &i);
        if (r == RUN_ARG_BAD)
            return CLI_USAGE;
        if (r == RUN_ARG_USED)
            continue;
        if (argv[i][0] == '-' && argv[i][1] != '\0') {
            cli_error("diffusion: unknown option '%s' (see 'haven diffusion --help')", argv[i]);
            return CLI_USAGE;
        }
        if (o->n_files == RUN_MAX_FILES) {
            cli_error("diffusion: too many files (at most %d)", RUN_MAX_FILES);
            return CLI_USAGE;
        }
        o->files[o->n_files++] = argv[i];
    }
    if (o->n_files == 0) {
        usage(stderr);
        return CLI_USAGE;
    }
    return CLI_OK;
}

static void print_tables(const haven_analysis *a)
{
    for (size_t k = 0; k < a->n_runs; k++) {
        report_table_header(stdout, &a->runs[k]);
        report_table_diffusion(stdout, &a->runs[k]);
        if (k + 1 < a->n_runs)
            putchar('\n');
    }
    if (a->have_pool)
        pool_print_table(stdout, &a->pool);
}

/* CSV files and the document only once every file succeeded: no partial
 * output. */
static int write_outputs(const run_opts *o, const haven_analysis *a)
{
    cli_outset csv = {0};
    for (size_t k = 0; k < a->n_runs && o->csv_dir; k++)
        if (report_write_csv(o->csv_dir, &a->runs[k], &csv) != CLI_OK) {
            cli_outset_abort(&csv);
            return CLI_FAIL;
        }
    if (cli_outset_commit(&csv) != 0)
        return CLI_FAIL;
    if (analysis_outputs(&o->fig, "diffusion", o->files, o->n_files, a) != 0)
        return CLI_FAIL;
    for (size_t k = 0; k < a->n_runs; k++)
        report_fit_warnings(&a->runs[k]);
    if (a->have_pool)
        pool_warnings(&a->pool);
    if (o->json)
        return report_print_json(a);
    print_tables(a);
    return CLI_OK;
}

int cmd_diffusion(int argc, char **argv)
{
    run_opts o;
    const char *region = NULL;
    int rc = parse(argc, argv, &o, &region);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    if (region)
        return region_cli_run(&o, region, NULL, NULL, 0);
    run_opts_progress(&o);
    haven_analysis *a = NULL;
    rc = run_opts_job(&o, HAVEN_JOB_DIFFUSION, &a);
    if (rc == CLI_OK)
        rc = write_outputs(&o, a);
    haven_analysis_free(a);
    return rc;
}
