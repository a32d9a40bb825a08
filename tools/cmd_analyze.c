/* haven analyze / haven arrhenius: the transport summary of trajectories. */
#include "analyze.h"
#include "cli.h"
#include "fig_analysis.h"
#include "run_opts.h"
#include "pool.h"
#include "region_cli.h"
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
    fprintf(out, "options:\n%s%s%s  -h, --help         this text\n\n", analyze_help, run_opts_help,
            arrhenius ? "" : region_cli_help);
    fprintf(out,
            "example: haven %s licl_T900.dump.gz licl_T1000.dump.gz licl_T1100.dump.gz "
            "--charges Li=1,Cl=-1 --timestep 1\n",
            arrhenius ? "arrhenius" : "analyze");
}

typedef struct {
    run_opts run;
    const char *temperatures;          /* "900,1000" (one per file) or NULL */
    double temperature[RUN_MAX_FILES]; /* K, parsed */
    int arrhenius_only;                /* `haven arrhenius`: print only the series fit */
    const char *region;                /* --region SPEC (haven analyze) */
} analyze_opts;

static int parse_own(analyze_opts *o, int argc, char **argv, int *i)
{
    haven_analysis_options *a = &o->run.a;
    if (!strcmp(argv[*i], "--include-nondiffusive")) {
        a->include_nondiffusive = 1;
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
        case 0: a->charges = v; break;
        case 1: o->temperatures = v; break;
        case 2: a->frame = v; break;
        case 3: a->at = x; break;
        case 4: a->nu0 = x; break;
        case 5: a->jump = x * 1e-10; break;
        case 6: a->corr_f = x; break;
        }
        return RUN_ARG_USED;
    }
    return RUN_ARG_NO;
}

/* --temperature: one positive number per FILE (the count is the library's
 * check). A bad entry used to be skipped silently, leaving that run at the
 * file's temperature. */
static int parse_temperatures(analyze_opts *o)
{
    size_t n = 0;
    for (const char *p = o->temperatures; p; n++) {
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
        if (n < RUN_MAX_FILES)
            o->temperature[n] = v;
        p = p[strcspn(p, ",")] ? p + strcspn(p, ",") + 1 : NULL;
    }
    o->run.a.temperature = o->temperature;
    o->run.a.n_temperature = n;
    return CLI_OK;
}

static int parse(int argc, char **argv, analyze_opts *o, int arrhenius)
{
    memset(o, 0, sizeof *o);
    run_opts_init(&o->run);
    o->arrhenius_only = arrhenius;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout, arrhenius);
            return -1;
        }
        if (!arrhenius && !strcmp(argv[i], "--region")) {
            if (i + 1 >= argc)
                return cli_error("--region needs a value"), CLI_USAGE;
            o->region = argv[++i];
            continue;
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
    if (o->run.n_files == 0 || !o->run.a.charges) {
        if (o->run.n_files && !o->run.a.charges)
            cli_error("%s needs --charges, e.g. --charges Li=1,Cl=-1", argv[0]);
        else
            usage(stderr, arrhenius);
        return CLI_USAGE;
    }
    return o->temperatures ? parse_temperatures(o) : CLI_OK;
}

static void print_tables(const analyze_opts *o, const haven_analysis *a)
{
    for (size_t k = 0; !o->arrhenius_only && k < a->n_runs; k++) {
        analyze_table_run(stdout, &a->runs[k]);
        putchar('\n');
    }
    if (a->have_series) {
        printf("temperatures:\n");
        analyze_table_temperatures(stdout, a);
        analyze_table_series(stdout, &a->series, &a->runs[0]);
    }
    if (a->have_pool)
        pool_print_table(stdout, &a->pool);
}

static int run(int argc, char **argv, int arrhenius)
{
    analyze_opts o;
    int rc = parse(argc, argv, &o, arrhenius);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    if (o.region) /* D* and the Nernst-Einstein sigma of the ions inside a region */
        return region_cli_run(&o.run, o.region, o.run.a.charges, o.run.a.temperature,
                              o.run.a.n_temperature);
    run_opts_progress(&o.run);
    haven_analysis *a = NULL;
    rc = run_opts_job(&o.run, arrhenius ? HAVEN_JOB_ARRHENIUS : HAVEN_JOB_ANALYZE, &a);
    cli_outset csv = {0}; /* committed only if the whole command succeeds */
    for (size_t k = 0; rc == CLI_OK && o.run.csv_dir && k < a->n_runs; k++)
        rc = report_write_csv(o.run.csv_dir, &a->runs[k], &csv);
    if (rc == CLI_OK && o.run.csv_dir && a->have_series) {
        char path[4096];
        snprintf(path, sizeof path, "%s/temperatures.csv", o.run.csv_dir);
        FILE *fp = cli_outset_open(&csv, path);
        if (!fp || analyze_csv_temperatures(fp, a) != 0)
            rc = fp ? (cli_error("out of memory"), CLI_FAIL) : CLI_FAIL;
    }
    if (rc == CLI_OK && cli_outset_commit(&csv) != 0)
        rc = CLI_FAIL;
    cli_outset_abort(&csv); /* nothing left after a commit */
    if (rc == CLI_OK && analysis_outputs(&o.run.fig, arrhenius ? "arrhenius" : "analyze",
                                         o.run.files, o.run.n_files, a) != 0)
        rc = CLI_FAIL;
    if (rc == CLI_OK) {
        for (size_t k = 0; k < a->n_runs; k++)
            report_fit_warnings(&a->runs[k]);
        if (a->have_pool)
            pool_warnings(&a->pool);
        if (o.run.json)
            rc = report_print_json(a);
        else
            print_tables(&o, a);
    }
    haven_analysis_free(a);
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
