/* haven fit bruce-vincent --current FILE: t+ from the polarisation current
 * trace (haven_bruce_vincent_trace), with the figure of the trace, the
 * fitted relaxation, its 95% band, Iss and I0 marked, and the residuals. */
#include "cli.h"
#include "fit_common.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    fit_cli c; /* c.data: the --current file */
    haven_bruce_vincent_trace_options o;
    int seen; /* bits: dV, R0, Rss */
    haven_bruce_vincent_trace_result res;
    double t0;
} bv_opts;

static int value_option(const char *opt, const char *v, double *value, double *err)
{
    if (!v)
        return -1;
    if (fit_parse_value_err(v, value, err) != 0) {
        cli_error("%s: expected VALUE or VALUE:ERROR, got '%s'", opt, v);
        return -1;
    }
    return 1;
}

/* --exp 1|2 fixes the number of exponentials. */
static int exp_option(const char *v, int *n_exp)
{
    if (v && (!strcmp(v, "1") || !strcmp(v, "2"))) {
        *n_exp = v[0] - '0';
        return 1;
    }
    cli_error("--exp: expected 1 or 2");
    return -1;
}

/* One option at argv[*i]: 1 consumed, 0 unknown, -1 usage error (reported). */
static int trace_option(int argc, char **argv, int *i, bv_opts *b)
{
    const char *a = argv[*i];
    haven_bruce_vincent_trace_options *o = &b->o;
    if (!strcmp(a, "--current"))
        return (b->c.data = fit_option_value(argc, argv, i)) ? 1 : -1;
    if (!strcmp(a, "--exp"))
        return exp_option(fit_option_value(argc, argv, i), &o->n_exp);
    static const char *const keys[4] = {"--dV", "--R0", "--Rss", "--I0"};
    double *vals[4][2] = {
        {&o->dV, &o->dV_err}, {&o->R0, &o->R0_err}, {&o->Rss, &o->Rss_err}, {&o->I0, &o->I0_err}};
    for (int k = 0; k < 4; k++)
        if (!strcmp(a, keys[k])) {
            b->seen |= 1 << k;
            return value_option(a, fit_option_value(argc, argv, i), vals[k][0], vals[k][1]);
        }
    if (a[0] != '-')
        return 0; /* no positional argument in this form */
    return fit_common_option(argc, argv, i, &b->c);
}

static int parse(int argc, char **argv, const char *help, bv_opts *b)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(help, stdout);
            return -1;
        }
        int r = trace_option(argc, argv, &i, b);
        if (r < 0)
            return CLI_USAGE;
        if (r == 0) {
            cli_error("fit bruce-vincent: unexpected argument '%s' (see --help)", argv[i]);
            return CLI_USAGE;
        }
    }
    if ((b->seen & 7) != 7) {
        cli_error("fit bruce-vincent --current: expected all of --dV --R0 --Rss");
        return CLI_USAGE;
    }
    if (b->seen & 8 && !(b->o.I0 > 0)) {
        cli_error("--I0: expected a current > 0 A");
        return CLI_USAGE;
    }
    return CLI_OK;
}

/* The trace, with the file line of each point for messages: times must
 * increase strictly (a merged or re-started record shows up here). */
static int load_trace(const char *path, fit_table *t)
{
    fit_columns c;
    if (fit_columns_read(path, 2, 3, &c) != HAVEN_OK)
        return cli_lib_error(NULL);
    int rc = CLI_OK;
    for (size_t i = 1; i < c.n_rows && rc == CLI_OK; i++) {
        double a = c.data[(i - 1) * c.n_cols], b = c.data[i * c.n_cols];
        if (!(b > a)) {
            cli_error("%s:%ld: expected times increasing, got t = %g s after t = %g s", path,
                      c.line[i], b, a);
            rc = CLI_FAIL;
        }
    }
    if (rc == CLI_OK)
        rc = fit_table_from_columns(&c, 1.0, 1.0, t);
    fit_columns_free(&c);
    return rc;
}

static double predict(double t, const haven_fit_result *r, const void *vo)
{
    const bv_opts *b = vo;
    return haven_chrono_current(r, b->t0, t);
}

/* mA when the trace reaches 1 mA, else µA; hours past two hours of record. */
static fit_plot_axes current_axes(const fit_table *t)
{
    double m = 0;
    for (size_t i = 0; i < t->n; i++)
        m = fmax(m, fabs(t->y[i]));
    int hours = t->x[t->n - 1] - t->x[0] > 7200;
    return (fit_plot_axes){hours ? "t (h)" : "t (s)",
                           m >= 1e-3 ? "current I (mA)" : "current I (µA)",
                           hours ? 3600 : 1,
                           m >= 1e-3 ? 1e-3 : 1e-6,
                           0,
                           0,
                           NULL};
}

static fig *trace_figure(const fit_model_cli *m, const fit_table *t, const bv_opts *b)
{
    fig *f = fit_figure(m, t, &b->res.fit, b);
    if (!f || f->n_panels == 0)
        return f;
    fig_panel *p = &f->panels[0];
    double yu = m->axes.y_unit, x0 = t->x[0] / m->axes.x_unit, y0 = b->res.I0.value / yu;
    fig_series *s = fig_hline(p, "steady state Iss", b->res.Iss.value / yu, 3);
    if (s)
        s->dashed = 1;
    s = fig_points(p, b->res.I0_source == HAVEN_BV_I0_GIVEN ? "I0 (given)" : "I0 (first point)",
                   &x0, &y0, NULL, NULL, 1, 2);
    if (s)
        s->marker = 1;
    return f;
}

static void fill_report(cli_report *rep, const void *vctx)
{
    const bv_opts *b = vctx;
    const haven_bruce_vincent_trace_result *r = &b->res;
    fit_report_result(rep, "chronoamperometry", b->c.data, &r->fit);
    cli_report_estimate_table(rep, "Bruce–Vincent transference number");
    cli_report_estimate(rep, "Iss", r->Iss.value, r->Iss.err, r->Iss.lo, r->Iss.hi, "A");
    cli_report_estimate(rep, r->I0_source == HAVEN_BV_I0_GIVEN ? "I0 (given)" : "I0 (first point)",
                        r->I0.value, r->I0.err, r->I0.lo, r->I0.hi, "A");
    cli_report_estimate(rep, "t+", r->t_plus.value, r->t_plus.err, r->t_plus.lo, r->t_plus.hi, "");
    cli_report_table_end(rep);
    cli_report_text(rep, "dV = %g V, R0 = %g Ω, Rss = %g Ω; %d exponential(s) in the fit.", b->o.dV,
                    b->o.R0, b->o.Rss, (int)(r->fit.n_params - 1) / 2);
    cli_report_method(rep, "Bruce–Vincent",
                      "t+ = Iss (dV − I0 R0) / (I0 (dV − Iss Rss)), first-order error "
                      "propagation with Iss and I0 independent.",
                      "J. Evans, C. A. Vincent, P. G. Bruce, Polymer 28, 2324 (1987)");
}

static void print_json(const bv_opts *b)
{
    const haven_bruce_vincent_trace_result *r = &b->res;
    json_writer w;
    fit_json_begin(&w, "bruce-vincent", b->c.data, &r->fit);
    json_begin_object(&w, "derived");
    json_int(&w, "n_exponentials", (long long)(r->fit.n_params - 1) / 2);
    json_number(&w, "aic_1exp", r->aic1);
    json_number(&w, "aic_2exp", r->aic2);
    json_quantity(&w, "I0", r->I0.value, r->I0.err, r->I0.lo, r->I0.hi, "A");
    json_string(&w, "I0_source", r->I0_source == HAVEN_BV_I0_GIVEN ? "given" : "first point");
    json_quantity(&w, "Iss", r->Iss.value, r->Iss.err, r->Iss.lo, r->Iss.hi, "A");
    json_quantity(&w, "t_plus", r->t_plus.value, r->t_plus.err, r->t_plus.lo, r->t_plus.hi, "");
    json_end_object(&w);
    fit_json_end(&w, &r->fit);
}

static void print_table(const bv_opts *b, size_t n)
{
    const haven_bruce_vincent_trace_result *r = &b->res;
    printf("haven fit bruce-vincent: %s (%zu points), dV = %g V, R0 = %g ohm, Rss = %g ohm\n",
           b->c.data, n, b->o.dV, b->o.R0, b->o.Rss);
    fit_print_table(stdout, &r->fit);
    fit_print_quantity(stdout, "I0", r->I0.value, r->I0.err, r->I0.lo, r->I0.hi,
                       r->I0_source == HAVEN_BV_I0_GIVEN ? "A (given)" : "A (first point)");
    fit_print_quantity(stdout, "t+", r->t_plus.value, r->t_plus.err, r->t_plus.lo, r->t_plus.hi,
                       "(first-order errors)");
}

static void curve_row(size_t i, double *vals, const void *vctx)
{
    const void *const *c = vctx;
    const fit_table *t = c[0];
    const bv_opts *b = c[1];
    vals[0] = t->x[i];
    vals[1] = t->y[i];
    vals[2] = haven_chrono_current(&b->res.fit, b->t0, t->x[i]);
    vals[3] = vals[1] - vals[2];
}

static int outputs(const fit_model_cli *m, const fit_table *t, const bv_opts *b)
{
    const void *cc[2] = {t, b};
    if (b->c.csv &&
        fit_write_csv(b->c.csv, "t_s,I_A,fit_A,residual_A", t->n, 4, curve_row, cc) != CLI_OK)
        return CLI_FAIL;
    if (cli_fig_wanted(&b->c.fig)) {
        fig_set set = {0};
        if (fig_set_add(&set, trace_figure(m, t, b)) != 0) {
            cli_error("out of memory");
            return CLI_FAIL;
        }
        char title[128];
        snprintf(title, sizeof title, "haven fit bruce-vincent: %s", b->c.data);
        if (cli_fig_outputs(&b->c.fig, title, &b->c.data, 1, &set, fill_report, b) != 0)
            return CLI_FAIL;
    }
    if (b->c.json)
        print_json(b);
    else
        print_table(b, t->n);
    return CLI_OK;
}

int fit_bruce_vincent_trace(int argc, char **argv, const char *help)
{
    bv_opts b;
    memset(&b, 0, sizeof b);
    int rc = parse(argc, argv, help, &b);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    fit_table t;
    if (load_trace(b.c.data, &t) != CLI_OK)
        return CLI_FAIL;
    b.t0 = t.x[0];
    if (haven_bruce_vincent_trace(t.x, t.y, t.err, t.n, &b.o, &b.res) != HAVEN_OK)
        rc = cli_lib_error(b.c.data);
    else {
        fit_model_cli m = {.name = "bruce-vincent", .predict = predict, .axes = current_axes(&t)};
        rc = outputs(&m, &t, &b);
    }
    fit_table_free(&t);
    return rc;
}
