/* haven analyze / haven arrhenius: the transport summary of trajectories. */
#include "analyze.h"
#include "cli.h"
#include "pool.h"
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char analyze_help[] =
    "  --charges LIST     formal charges, e.g. Li=1,Cl=-1 (required; species not\n"
    "                     listed are neutral)\n"
    "  --temperature LIST temperature(s) in K, one per FILE, overriding the file\n"
    "                     (default: kinetic T from velocities, else the file)\n"
    "  --frame SPECIES    also report Onsager coefficients and transference numbers\n"
    "                     in the frame where SPECIES is at rest (default: barycentric)\n"
    "  --include-nondiffusive  keep species that do not diffuse (a vibrating framework)\n"
    "                     in sigma_NE, the ideal transference numbers and the Haven\n"
    "                     ratio (default: left out; their charge still counts in sigma)\n"
    "  --at T             extrapolation temperature in K (default 300)\n"
    "  --nu0 HZ           attempt frequency, with --jump, for the activation entropy\n"
    "  --jump A           jump distance in Angstrom\n"
    "  --corr-f F         correlation factor f for the entropy (default 1)\n";

static void usage(FILE *out, int arrhenius)
{
    if (arrhenius)
        fprintf(out, "usage: haven arrhenius FILE... --charges LIST [options]\n\n"
                     "Runs 'haven analyze' on trajectories at three or more temperatures and\n"
                     "prints the Arrhenius (and VFT) fits: E_a in eV with its error, the\n"
                     "prefactor, and sigma and D* extrapolated to --at (default 300 K) with\n"
                     "95%% intervals from the full parameter covariance.\n\n");
    else
        fprintf(out, "usage: haven analyze FILE... --charges LIST [options]\n\n"
                     "Transport summary per trajectory: D* per species; conductivity sigma\n"
                     "(Einstein-Helfand, and Green-Kubo when velocities are dense enough),\n"
                     "Nernst-Einstein sigma_NE, charge diffusivity D_sigma, Haven ratio,\n"
                     "transference numbers (ideal and correlated), Onsager coefficients\n"
                     "(self and distinct), the conductivity tensor and the dimensionality of\n"
                     "transport. With runs at 3+ temperatures: Arrhenius fits and 300 K\n"
                     "extrapolation. Units: sigma and e^2 L_ab mS/cm, D cm^2/s, E_a eV.\n\n");
    fprintf(out, "options:\n%s%s  -h, --help         this text\n\n", analyze_help, run_opts_help);
    fprintf(out,
            "example: haven %s licl_T900.dump.gz licl_T1000.dump.gz licl_T1100.dump.gz "
            "--charges Li=1,Cl=-1 --timestep 1\n",
            arrhenius ? "arrhenius" : "analyze");
}

static int parse_own(analyze_opts *o, int argc, char **argv, int *i)
{
    if (!strcmp(argv[*i], "--include-nondiffusive")) {
        o->include_nondiffusive = 1;
        return RUN_ARG_USED;
    }
    static const char *const names[] = {"--charges", "--temperature", "--frame",  "--at",
                                        "--nu0",     "--jump",        "--corr-f", NULL};
    for (int k = 0; names[k]; k++) {
        int missing;
        const char *v = cli_option_value(names[k], argc, argv, i, &missing);
        if (missing) {
            cli_error("%s needs a value", names[k]);
            return RUN_ARG_BAD;
        }
        if (!v)
            continue;
        double x = 0;
        if (k >= 3 && (cli_parse_double(v, &x) != 0 || !(x > 0))) {
            cli_error("%s: '%s' is not a positive number", names[k], v);
            return RUN_ARG_BAD;
        }
        switch (k) {
        case 0: o->charges = v; break;
        case 1: o->temperatures = v; break;
        case 2: o->frame = v; break;
        case 3: o->at_T = x; break;
        case 4: o->nu0 = x; break;
        case 5: o->jump = x * 1e-10; break;
        case 6: o->corr_f = x; break;
        }
        return RUN_ARG_USED;
    }
    return RUN_ARG_NO;
}

/* --temperature: one positive number per FILE. A bad entry used to be
 * skipped silently, leaving that run at the file's temperature. */
static int check_temperatures(const char *list, size_t n_files)
{
    size_t n = 0;
    for (const char *p = list; p; n++) {
        size_t len = strcspn(p, ",");
        char buf[32];
        double v;
        if (len >= sizeof buf)
            len = sizeof buf - 1;
        memcpy(buf, p, len);
        buf[len] = '\0';
        if (cli_parse_double(buf, &v) != 0 || !(v > 0)) {
            cli_error("--temperature: '%s' is not a temperature > 0 K", buf);
            return CLI_USAGE;
        }
        p = p[strcspn(p, ",")] ? p + strcspn(p, ",") + 1 : NULL;
    }
    if (n != n_files) {
        cli_error("--temperature: %zu value%s for %zu file%s (one per FILE, in order)", n,
                  n == 1 ? "" : "s", n_files, n_files == 1 ? "" : "s");
        return CLI_USAGE;
    }
    return CLI_OK;
}

static int parse(int argc, char **argv, analyze_opts *o, int arrhenius)
{
    memset(o, 0, sizeof *o);
    run_opts_init(&o->run);
    o->at_T = 300;
    o->corr_f = 1;
    o->arrhenius_only = arrhenius;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout, arrhenius);
            return -1;
        }
        int r = run_opts_parse(&o->run, argc, argv, &i);
        if (r == RUN_ARG_NO)
            r = parse_own(o, argc, argv, &i);
        if (r == RUN_ARG_BAD)
            return CLI_USAGE;
        if (r == RUN_ARG_USED)
            continue;
        if (argv[i][0] == '-' && argv[i][1] != '\0') {
            cli_error("%s: unknown option '%s' (see 'haven %s --help')", argv[0], argv[i], argv[0]);
            return CLI_USAGE;
        }
        if (o->run.n_files == RUN_MAX_FILES)
            return cli_error("too many files (at most %d)", RUN_MAX_FILES), CLI_USAGE;
        o->run.files[o->run.n_files++] = argv[i];
    }
    if (o->run.n_files == 0 || !o->charges) {
        if (o->run.n_files && !o->charges)
            cli_error("%s needs --charges, e.g. --charges Li=1,Cl=-1", argv[0]);
        else
            usage(stderr, arrhenius);
        return CLI_USAGE;
    }
    if ((o->nu0 > 0) != (o->jump > 0))
        return cli_error("--nu0 and --jump go together"), CLI_USAGE;
    if (o->temperatures)
        return check_temperatures(o->temperatures, o->run.n_files);
    return CLI_OK;
}

static void print_json(const analyze_opts *o, analyze_run *runs, size_t n, const analyze_series *s,
                       const pool_result *pool)
{
    json_writer w;
    json_init(&w, stdout);
    json_begin_object(&w, NULL);
    json_string(&w, "haven_version", haven_version());
    if (n == 1 && !o->arrhenius_only) {
        analyze_json_run(&w, &runs[0]);
    } else {
        if (!o->arrhenius_only) {
            json_begin_array(&w, "runs");
            for (size_t k = 0; k < n; k++) {
                json_begin_object(&w, NULL);
                analyze_json_run(&w, &runs[k]);
                json_end_object(&w);
            }
            json_end_array(&w);
        }
        if (pool)
            pool_json(&w, pool);
        else
            analyze_json_series(&w, o, s);
    }
    json_end_object(&w);
    json_finish(&w);
}

static void print_tables(const analyze_opts *o, analyze_run *runs, size_t n,
                         const analyze_series *s)
{
    for (size_t k = 0; !o->arrhenius_only && k < n; k++) {
        analyze_table_run(stdout, &runs[k]);
        putchar('\n');
    }
    if ((n > 1 && !o->run.pool) || o->arrhenius_only)
        analyze_table_series(stdout, o, s);
}

/* --pool: D* of every species pooled from the runs' MSDs, sigma from the
 * runs' estimates. */
static int pool_analyze(const analyze_opts *o, const analyze_run *runs, size_t n, pool_result *pool)
{
    const run_result **rp = calloc(n, sizeof *rp);
    double *v = calloc(2 * n, sizeof *v);
    int rc = rp && v ? CLI_OK : (cli_error("out of memory"), CLI_FAIL);
    for (size_t k = 0; rc == CLI_OK && k < n; k++) {
        rp[k] = &runs[k].run;
        v[k] = runs[k].bary.sigma.value;
        v[n + k] = runs[k].bary.sigma.err;
    }
    if (rc == CLI_OK)
        rc = pool_runs(&o->run, rp, n, pool);
    if (rc == CLI_OK && haven_pool_estimates(v, v + n, n, &pool->sigma) != HAVEN_OK)
        rc = cli_lib_error("--pool: sigma");
    pool->have_sigma = rc == CLI_OK;
    free(rp);
    free(v);
    return rc;
}

static int run(int argc, char **argv, int arrhenius)
{
    analyze_opts o;
    int rc = parse(argc, argv, &o, arrhenius);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    if ((rc = run_opts_check_runs(&o.run)) != CLI_OK)
        return rc;
    size_t n = o.run.cont ? 1 : o.run.n_files, done = 0;
    analyze_run *runs = calloc(n, sizeof *runs);
    if (!runs)
        return cli_error("out of memory"), CLI_FAIL;
    cli_outset csv = {0}; /* committed only if the whole command succeeds */
    for (; done < n && rc == CLI_OK; done++) {
        rc = analyze_file(&o, o.run.files[done], done, &runs[done]);
        if (rc == CLI_OK && o.run.csv_dir)
            rc = report_write_csv(o.run.csv_dir, &runs[done].run, &csv);
    }
    analyze_series s;
    memset(&s, 0, sizeof s);
    pool_result pool = {0};
    if (rc == CLI_OK && o.run.pool)
        rc = pool_analyze(&o, runs, n, &pool);
    else if (rc == CLI_OK && (n > 1 || arrhenius))
        rc = analyze_fit_series(&o, runs, n, &s);
    if (rc == CLI_OK && arrhenius && !s.ok) {
        cli_error("%s", s.note);
        rc = CLI_FAIL;
    }
    if (rc == CLI_OK && cli_outset_commit(&csv) != 0)
        rc = CLI_FAIL;
    cli_outset_abort(&csv); /* nothing left after a commit */
    if (rc == CLI_OK) {
        for (size_t k = 0; k < n; k++)
            report_fit_warnings(&runs[k].run);
        if (o.run.pool)
            pool_warnings(&pool);
        if (o.run.json)
            print_json(&o, runs, n, &s, o.run.pool ? &pool : NULL);
        else {
            print_tables(&o, runs, n, &s);
            if (o.run.pool)
                pool_print_table(stdout, &pool);
        }
    }
    pool_result_free(&pool);
    analyze_series_free(&s);
    for (size_t k = 0; k < done; k++)
        analyze_run_free(&runs[k]);
    free(runs);
    return rc;
}

int cmd_analyze(int argc, char **argv)
{
    return run(argc, argv, 0);
}
int cmd_arrhenius(int argc, char **argv)
{
    return run(argc, argv, 1);
}
