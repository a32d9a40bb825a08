/* haven diffusion: tracer diffusion coefficients from trajectories. */
#include "cli.h"
#include "pool.h"
#include "report.h"
#include "run_analysis.h"

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
            "options:\n%s  -h, --help         this text\n\n"
            "example: haven diffusion run.dump.gz --types 1=Li,2=Cl --timestep 1 --species Li\n",
            run_opts_help);
}

static int parse(int argc, char **argv, run_opts *o)
{
    run_opts_init(o);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return -1;
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

static void json_run(json_writer *w, const run_result *r)
{
    report_json_run_header(w, r);
    json_begin_array(w, "species");
    for (size_t g = 0; g < r->n_species; g++) {
        json_begin_object(w, NULL);
        report_json_species(w, &r->sp[g]);
        json_end_object(w);
    }
    json_end_array(w);
}

/* D is what this command is for: a species whose fit failed fails the run. */
static int check_fits(const run_result *r)
{
    int rc = CLI_OK;
    for (size_t g = 0; g < r->n_species; g++)
        if (!r->sp[g].fit_ok) {
            cli_error("%s: %s: %s", r->path, r->sp[g].name, r->sp[g].fit_error);
            rc = CLI_FAIL;
        }
    return rc;
}

static void print_json(const run_opts *o, const run_result *res, const pool_result *pool)
{
    json_writer w;
    json_init(&w, stdout);
    json_begin_object(&w, NULL);
    json_string(&w, "haven_version", haven_version());
    if (o->n_files == 1) {
        json_run(&w, &res[0]);
    } else {
        json_begin_array(&w, "runs");
        for (size_t k = 0; k < o->n_files; k++) {
            json_begin_object(&w, NULL);
            json_run(&w, &res[k]);
            json_end_object(&w);
        }
        json_end_array(&w);
    }
    if (pool)
        pool_json(&w, pool);
    json_end_object(&w);
    json_finish(&w);
}

static void print_tables(const run_opts *o, const run_result *res)
{
    for (size_t k = 0; k < o->n_files; k++) {
        report_table_header(stdout, &res[k]);
        report_table_diffusion(stdout, &res[k]);
        if (k + 1 < o->n_files)
            putchar('\n');
    }
}

/* CSV files and the document only once every file succeeded: no partial
 * output. */
static int write_outputs(const run_opts *o, const run_result *res, const pool_result *pool)
{
    cli_outset csv = {0};
    for (size_t k = 0; k < o->n_files && o->csv_dir; k++)
        if (report_write_csv(o->csv_dir, &res[k], &csv) != CLI_OK) {
            cli_outset_abort(&csv);
            return CLI_FAIL;
        }
    if (cli_outset_commit(&csv) != 0)
        return CLI_FAIL;
    for (size_t k = 0; k < o->n_files; k++)
        report_fit_warnings(&res[k]);
    if (pool)
        pool_warnings(pool);
    if (o->json)
        print_json(o, res, pool);
    else {
        print_tables(o, res);
        if (pool)
            pool_print_table(stdout, pool);
    }
    return CLI_OK;
}

int cmd_diffusion(int argc, char **argv)
{
    run_opts o;
    int rc = parse(argc, argv, &o);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    if ((rc = run_opts_check_runs(&o)) != CLI_OK)
        return rc;
    run_result *res = calloc(o.n_files, sizeof *res);
    if (!res)
        return cli_error("out of memory"), CLI_FAIL;
    size_t done = 0;
    if (o.cont) { /* every file a segment of one run */
        rc = run_analyse_segments(&o, o.files, o.n_files, 0, 0, &res[0]);
        done = 1;
        o.n_files = 1;
        if (rc == CLI_OK)
            rc = check_fits(&res[0]);
    }
    for (; !o.cont && done < o.n_files && rc == CLI_OK; done++) {
        rc = run_analyse_file(&o, o.files[done], 0, 0, &res[done]);
        if (rc == CLI_OK)
            rc = check_fits(&res[done]);
    }
    pool_result pool = {0};
    if (rc == CLI_OK && o.pool) {
        const run_result **rp = calloc(o.n_files, sizeof *rp);
        for (size_t k = 0; rp && k < o.n_files; k++)
            rp[k] = &res[k];
        rc = rp ? pool_runs(&o, rp, o.n_files, &pool) : (cli_error("out of memory"), CLI_FAIL);
        free(rp);
    }
    if (rc == CLI_OK)
        rc = write_outputs(&o, res, o.pool ? &pool : NULL);
    pool_result_free(&pool);
    for (size_t k = 0; k < done; k++)
        run_result_free(&res[k]);
    free(res);
    return rc;
}
