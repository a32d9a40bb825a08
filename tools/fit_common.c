#include "fit_common.h"

#include "cli.h"
#include "fit/columns.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *fit_option_value(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) {
        cli_error("%s: expected a value", argv[*i]);
        return NULL;
    }
    return argv[++*i];
}

int fit_calc_options(int argc, char **argv, const char *cmd, const char *help,
                     const char *const *keys, int n_keys, fit_calc_set_fn set, void *ctx, int *json,
                     int *seen)
{
    *json = 0;
    *seen = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(help, stdout);
            return -1;
        }
        if (!strcmp(argv[i], "--json")) {
            *json = 1;
            continue;
        }
        int k = 0;
        while (k < n_keys && strcmp(argv[i], keys[k]))
            k++;
        if (k == n_keys) {
            cli_error("fit %s: unknown option '%s'", cmd, argv[i]);
            return CLI_USAGE;
        }
        if (set(k, fit_option_value(argc, argv, &i), ctx) != 0)
            return CLI_USAGE;
        *seen |= 1 << k;
    }
    return CLI_OK;
}

int fit_common_option(int argc, char **argv, int *i, fit_cli *c)
{
    const char *a = argv[*i];
    if (!strcmp(a, "--json")) {
        c->json = 1;
        return 1;
    }
    if (!strcmp(a, "--csv")) {
        c->csv = fit_option_value(argc, argv, i);
        return c->csv ? 1 : -1;
    }
    int fr = cli_fig_option(argc, argv, i, &c->fig);
    if (fr != 0)
        return fr;
    if (a[0] == '-' && a[1] != '\0')
        return 0;
    if (c->data) {
        cli_error("unexpected extra argument '%s'", a);
        return -1;
    }
    c->data = a;
    return 1;
}

int fit_parse_value_err(const char *s, double *value, double *err)
{
    char buf[128];
    if (!s || strlen(s) >= sizeof buf)
        return -1;
    strcpy(buf, s);
    char *colon = strchr(buf, ':');
    *err = 0;
    if (colon) {
        *colon = '\0';
        if (cli_parse_double(colon + 1, err) != 0 || *err < 0)
            return -1;
    }
    return cli_parse_double(buf, value);
}

int fit_parse_number(const char *opt, const char *s, double *out)
{
    if (!s)
        return -1;
    if (cli_parse_double(s, out) != 0) {
        cli_error("%s: expected a number, got '%s'", opt, s);
        return -1;
    }
    return 0;
}

int fit_table_from_columns(const fit_columns *c, double x_scale, double y_scale, fit_table *t)
{
    memset(t, 0, sizeof *t);
    t->n = c->n_rows;
    t->x = malloc(3 * c->n_rows * sizeof *t->x);
    if (!t->x) {
        cli_error("out of memory");
        return CLI_FAIL;
    }
    t->y = t->x + t->n;
    fit_columns_get(c, 0, t->x);
    fit_columns_get(c, 1, t->y);
    if (c->n_cols == 3) {
        t->err = t->x + 2 * t->n;
        fit_columns_get(c, 2, t->err);
    }
    for (size_t i = 0; i < t->n; i++) {
        t->x[i] *= x_scale;
        t->y[i] *= y_scale;
        if (t->err)
            t->err[i] *= y_scale;
    }
    return CLI_OK;
}

int fit_table_load(const char *path, double x_scale, double y_scale, fit_table *t)
{
    memset(t, 0, sizeof *t);
    fit_columns c;
    if (fit_columns_read(path, 2, 3, &c) != HAVEN_OK)
        return cli_lib_error(NULL);
    int rc = fit_table_from_columns(&c, x_scale, y_scale, t);
    fit_columns_free(&c);
    return rc;
}

void fit_table_free(fit_table *t)
{
    free(t->x);
    memset(t, 0, sizeof *t);
}

void fit_print_quantity(FILE *out, const char *name, double v, double e, double lo, double hi,
                        const char *unit)
{
    fprintf(out, "  %-10s %13.6g  +- %-11.4g [%.6g, %.6g] %s\n", name, v, e, lo, hi, unit);
}

void fit_print_table(FILE *out, const haven_fit_result *r)
{
    fprintf(out, "  %-10s %13s  %-14s %s\n", "parameter", "value", "stderr", "95% interval, unit");
    for (size_t j = 0; j < r->n_params; j++)
        fit_print_quantity(out, r->name[j], r->param[j].value, r->param[j].err, r->param[j].lo,
                           r->param[j].hi, r->param[j].unit);
    fprintf(out, "  %s chi2 = %.6g, dof = %zu, AIC = %.4f, BIC = %.4f (%s, intervals use %s)\n",
            r->weighted ? "weighted" : "unweighted (RSS)", r->chi2, r->dof, r->aic, r->bic,
            r->weighted ? "given errors" : "residual variance",
            r->weighted ? "normal 1.96" : "Student t");
}

void fit_json_begin(json_writer *w, const char *model, const char *file, const haven_fit_result *r)
{
    json_init(w, stdout);
    json_begin_object(w, NULL);
    json_string(w, "model", model);
    if (file)
        json_string(w, "file", file);
    json_int(w, "n_points", (long long)r->n_points);
    json_bool(w, "weighted", r->weighted);
    json_begin_object(w, "parameters");
    for (size_t j = 0; j < r->n_params; j++)
        json_quantity(w, r->name[j], r->param[j].value, r->param[j].err, r->param[j].lo,
                      r->param[j].hi, r->param[j].unit);
    json_end_object(w);
}

void fit_json_end(json_writer *w, const haven_fit_result *r)
{
    json_number(w, "chi2", r->chi2);
    json_int(w, "dof", (long long)r->dof);
    json_number(w, "aic", r->aic);
    json_number(w, "bic", r->bic);
    json_number(w, "q95", r->q95);
    json_end_object(w);
    json_finish(w);
}

int fit_write_csv(const char *path, const char *header, size_t rows, size_t cols,
                  void (*row)(size_t i, double *vals, const void *ctx), const void *ctx)
{
    cli_outfile f;
    if (cli_outfile_open(&f, path) != 0)
        return CLI_FAIL;
    fprintf(f.fp, "%s\n", header);
    double vals[16];
    for (size_t i = 0; i < rows; i++) {
        row(i, vals, ctx);
        for (size_t c = 0; c < cols && c < 16; c++)
            fprintf(f.fp, "%s%.10g", c ? "," : "", vals[c]);
        fputc('\n', f.fp);
    }
    return cli_outfile_commit(&f) == 0 ? CLI_OK : CLI_FAIL;
}

static int parse_model(const fit_model_cli *m, int argc, char **argv, void *opts)
{
    fit_cli *c = opts;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(m->help, stdout);
            return -1;
        }
        int r = fit_common_option(argc, argv, &i, c);
        if (r == 0)
            r = m->option(argc, argv, &i, opts);
        if (r < 0)
            return CLI_USAGE;
        if (r == 0) {
            cli_error("fit %s: unknown option '%s' (see --help)", m->name, a);
            return CLI_USAGE;
        }
    }
    if (!c->data) {
        cli_error("fit %s: expected a DATA file", m->name);
        return CLI_USAGE;
    }
    return m->check ? m->check(opts) : CLI_OK;
}

typedef struct {
    const fit_model_cli *m;
    const fit_table *t;
    const haven_fit_result *r;
    const void *opts;
} curve_ctx;

static void curve_row(size_t i, double *vals, const void *vctx)
{
    const curve_ctx *c = vctx;
    vals[0] = c->t->x[i];
    vals[1] = c->t->y[i];
    vals[2] = c->m->predict(c->t->x[i], c->r, c->opts);
    vals[3] = vals[1] - vals[2];
}

/* --plot and --report of a data fit. */
typedef struct {
    const char *model, *file;
    const haven_fit_result *r;
} fit_report_ctx;

static void fill_fit_report(cli_report *rep, const void *vctx)
{
    const fit_report_ctx *x = vctx;
    fit_report_result(rep, x->model, x->file, x->r);
}

static int fit_figures_out(const fit_model_cli *m, const fit_cli *c, const fit_table *t,
                           const haven_fit_result *r, const void *opts)
{
    fig_set set = {0};
    if (fig_set_add(&set, fit_figure(m, t, r, opts)) != 0) {
        cli_error("out of memory");
        return CLI_FAIL;
    }
    char title[128];
    snprintf(title, sizeof title, "haven fit %s: %s", m->name, c->data);
    fit_report_ctx x = {m->name, c->data, r};
    return cli_fig_outputs(&c->fig, title, &c->data, 1, &set, fill_fit_report, &x) == 0
               ? CLI_OK
               : CLI_FAIL;
}

int fit_run_model(const fit_model_cli *m, int argc, char **argv, void *opts)
{
    fit_cli *c = opts;
    c->x_scale = c->y_scale = 1.0;
    int rc = parse_model(m, argc, argv, opts);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    fit_table t;
    if (fit_table_load(c->data, c->x_scale, c->y_scale, &t) != CLI_OK)
        return CLI_FAIL;
    haven_fit_result r;
    if (m->fit(&t, opts, &r) != HAVEN_OK) {
        rc = cli_lib_error(c->data);
    } else if (c->csv) {
        curve_ctx cc = {m, &t, &r, opts};
        rc = fit_write_csv(c->csv, "x_SI,y,fit,residual", t.n, 4, curve_row, &cc);
    }
    if (rc == CLI_OK && cli_fig_wanted(&c->fig))
        rc = fit_figures_out(m, c, &t, &r, opts);
    if (rc == CLI_OK && c->json) {
        json_writer w;
        fit_json_begin(&w, m->name, c->data, &r);
        if (m->derived_json) {
            json_begin_object(&w, "derived");
            m->derived_json(&w, &r, opts);
            json_end_object(&w);
        }
        fit_json_end(&w, &r);
    } else if (rc == CLI_OK) {
        printf("haven fit %s: %s (%zu points)\n", m->name, c->data, t.n);
        fit_print_table(stdout, &r);
        if (m->derived_table)
            m->derived_table(&r, opts);
    }
    fit_table_free(&t);
    return rc;
}

int fit_parse_time_unit(const char *opt, const char *s, double *seconds)
{
    static const struct {
        const char *name;
        double s;
    } units[] = {{"s", 1.0}, {"ms", 1e-3}, {"us", 1e-6}, {"ns", 1e-9}, {"ps", 1e-12}};
    for (size_t i = 0; s && i < sizeof units / sizeof units[0]; i++)
        if (!strcmp(s, units[i].name)) {
            *seconds = units[i].s;
            return 0;
        }
    cli_error("%s: expected one of s, ms, us, ns, ps", opt);
    return -1;
}
