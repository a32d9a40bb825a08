/* haven fit arrhenius | vft: temperature dependence of sigma(T) or D(T). Both
 * models are fitted to the same data and weights so AIC/BIC can be compared;
 * the one named on the command line is reported in full. */
#include "cli.h"
#include "fig_arrhenius.h"
#include "fit_common.h"

#include "haven/arrhenius.h"

#include <math.h>
#include <string.h>

typedef struct {
    fit_cli c;
    int power;       /* Arrhenius: fit ln(y T^p) */
    double exponent; /* VFT: y = A T^m exp(...) */
    double at;       /* prediction temperature, K, or NAN */
    int vft_primary;
} temp_opts;

typedef struct {
    fit_table t;
    haven_arrhenius_result a;
    haven_vft_result v;
    int have_a, have_v;
    double tmin, tmax;
} temp_fit;

static void usage(FILE *out, const char *model)
{
    fprintf(out,
            "usage: haven fit %s DATA [options]\n\n"
            "DATA columns: T (K), value, [uncertainty of value]; value in any unit\n"
            "(S/cm, S/m, cm^2/s, ...): the fits work on ln(value), so A carries that unit.\n"
            "Fits ln(value T^p) = ln A - Ea/(kB T) (Arrhenius) and\n"
            "value = A T^m exp(-B/(kB (T - T0))) (VFT) and compares them by AIC/BIC.\n\n"
            "options:\n"
            "  --quantity sigma|D  sigma: p = 1, m = -1/2 (default); D: p = 0, m = 0\n"
            "  --power P           Arrhenius temperature power p (overrides --quantity)\n"
            "  --vft-exponent M    VFT prefactor exponent m (overrides --quantity)\n"
            "  --at T              predict the value at T (K) with a 95%% interval\n"
            "  --csv FILE          write the fitted curves (T, fits, 95%% bands)\n"
            CLI_FIG_HELP
            "  --json              print one JSON document\n\n"
            "example: haven fit %s sigma.csv --quantity sigma --at 298.15\n",
            model, model);
}

static int parse(int argc, char **argv, temp_opts *o)
{
    memset(o, 0, sizeof *o);
    o->power = 1;
    o->exponent = -0.5;
    o->at = NAN;
    o->vft_primary = !strcmp(argv[0], "vft");
    int power_set = 0, exp_set = 0;
    double p = 1, m = -0.5;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int r = fit_common_option(argc, argv, &i, &o->c);
        if (r < 0)
            return CLI_USAGE;
        if (r > 0)
            continue;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout, argv[0]);
            return -1;
        } else if (!strcmp(a, "--quantity")) {
            const char *q = fit_option_value(argc, argv, &i);
            if (!q || (strcmp(q, "sigma") && strcmp(q, "D"))) {
                cli_error("--quantity: expected 'sigma' or 'D'");
                return CLI_USAGE;
            }
            o->power = q[0] == 'D' ? 0 : 1;
            o->exponent = q[0] == 'D' ? 0.0 : -0.5;
        } else if (!strcmp(a, "--power")) {
            if (fit_parse_number(a, fit_option_value(argc, argv, &i), &p) != 0 || p != floor(p))
                return CLI_USAGE;
            power_set = 1;
        } else if (!strcmp(a, "--vft-exponent")) {
            if (fit_parse_number(a, fit_option_value(argc, argv, &i), &m) != 0)
                return CLI_USAGE;
            exp_set = 1;
        } else if (!strcmp(a, "--at")) {
            if (fit_parse_number(a, fit_option_value(argc, argv, &i), &o->at) != 0 ||
                !(o->at > 0)) {
                cli_error("--at: expected a temperature > 0 K");
                return CLI_USAGE;
            }
        } else {
            cli_error("fit %s: unknown option '%s'", argv[0], a);
            return CLI_USAGE;
        }
    }
    if (power_set)
        o->power = (int)p;
    if (exp_set)
        o->exponent = m;
    if (!o->c.data) {
        cli_error("fit %s: expected a DATA file", argv[0]);
        return CLI_USAGE;
    }
    return CLI_OK;
}

/* Fit both; the primary model must succeed, the other only feeds the comparison. */
static int fit_both(const temp_opts *o, temp_fit *f)
{
    memset(f, 0, sizeof *f);
    if (fit_table_load(o->c.data, 1.0, 1.0, &f->t) != CLI_OK)
        return CLI_FAIL;
    f->tmin = f->tmax = f->t.x[0];
    for (size_t i = 0; i < f->t.n; i++) {
        f->tmin = fmin(f->tmin, f->t.x[i]);
        f->tmax = fmax(f->tmax, f->t.x[i]);
    }
    /* Out of memory is an error even for the comparison model. */
    haven_status st = haven_arrhenius_fit(f->t.x, f->t.y, f->t.err, f->t.n, o->power, &f->a);
    f->have_a = st == HAVEN_OK;
    if (!f->have_a && (!o->vft_primary || st == HAVEN_ERR_NOMEM))
        return cli_lib_error(o->c.data);
    st = haven_vft_fit(f->t.x, f->t.y, f->t.err, f->t.n, o->exponent, &f->v);
    f->have_v = st == HAVEN_OK;
    if (!f->have_v) {
        if (o->vft_primary || st == HAVEN_ERR_NOMEM)
            return cli_lib_error(o->c.data);
        fprintf(stderr, "haven: warning: no VFT fit for comparison: %s\n", haven_last_error());
    }
    if (!f->have_a)
        fprintf(stderr, "haven: warning: no Arrhenius fit for comparison\n");
    return CLI_OK;
}

/* Prediction of the primary model at T. */
static int predict(const temp_opts *o, const temp_fit *f, double T, double *v, double *e,
                   double *lo, double *hi)
{
    haven_estimate y;
    haven_status st =
        o->vft_primary ? haven_vft_predict(&f->v, T, &y) : haven_arrhenius_predict(&f->a, T, &y);
    *v = y.value, *e = y.err, *lo = y.lo, *hi = y.hi;
    return st == HAVEN_OK ? 0 : -1;
}

/* The fitted parameters of the model reported in full, each with its
 * table label, JSON key, 95% interval and unit: one list for both
 * outputs. */
typedef struct {
    const char *label, *key, *unit;
    double v, e, lo, hi;
} param_row;

static param_row row(const char *label, const char *key, double v, double e, double q, double scale,
                     const char *unit)
{
    return (param_row){
        label, key, unit, v / scale, e / scale, (v - q * e) / scale, (v + q * e) / scale};
}

static int param_rows(const temp_opts *o, const temp_fit *f, param_row *r)
{
    if (o->vft_primary) {
        const haven_vft_result *v = &f->v;
        r[0] = row("B", "B", v->B.value, v->B.err, v->q95, 1, "J");
        r[1] = row("B", "B_eV", v->B.value, v->B.err, v->q95, HAVEN_EV, "eV");
        r[2] = (param_row){"T0", "T0", "K", v->T0.value, v->T0.err, v->T0.lo, v->T0.hi};
        r[3] = row("lnA", "lnA", v->lnA.value, v->lnA.err, v->q95, 1, "ln(unit of value * K^-m)");
        return 4;
    }
    const haven_arrhenius_result *a = &f->a;
    r[0] = row("Ea", "Ea", a->Ea.value, a->Ea.err, a->q95, 1, "J");
    r[1] = row("Ea", "Ea_eV", a->Ea.value, a->Ea.err, a->q95, HAVEN_EV, "eV");
    r[2] = row("lnA", "lnA", a->lnA.value, a->lnA.err, a->q95, 1, "ln(unit of value * K^p)");
    return 3;
}

static void print_table(const temp_opts *o, const temp_fit *f)
{
    printf("haven fit %s: %s (%zu points, %s)\n", o->vft_primary ? "vft" : "arrhenius", o->c.data,
           f->t.n, f->t.err ? "weighted by the given errors" : "unweighted");
    if (o->vft_primary)
        printf("  value = A T^%g exp(-B/(kB (T - T0)))\n", f->v.temperature_exponent);
    else
        printf("  ln(value T^%d) = ln A - Ea/(kB T)\n", f->a.temperature_power);
    param_row rows[4];
    int n = param_rows(o, f, rows);
    for (int i = 0; i < n; i++)
        fit_print_quantity(stdout, rows[i].label, rows[i].v, rows[i].e, rows[i].lo, rows[i].hi,
                           rows[i].unit);
    printf("  model comparison (same data and weights; lower is better):\n");
    if (f->have_a)
        printf("    arrhenius  chi2 = %-11.5g AIC = %-10.4f BIC = %.4f\n", f->a.chi2, f->a.aic,
               f->a.bic);
    if (f->have_v)
        printf("    vft        chi2 = %-11.5g AIC = %-10.4f BIC = %.4f\n", f->v.chi2, f->v.aic,
               f->v.bic);
    if (f->have_a && f->have_v)
        printf("    preferred: %s by AIC (dAIC = %.3g), %s by BIC (dBIC = %.3g)\n",
               f->a.aic <= f->v.aic ? "arrhenius" : "vft", fabs(f->a.aic - f->v.aic),
               f->a.bic <= f->v.bic ? "arrhenius" : "vft", fabs(f->a.bic - f->v.bic));
    double v, e, lo, hi;
    if (isfinite(o->at) && predict(o, f, o->at, &v, &e, &lo, &hi) == 0)
        printf("  at T = %g K: value = %.6g +- %.3g, 95%% interval [%.6g, %.6g]\n", o->at, v, e, lo,
               hi);
}

static void json_model_stats(json_writer *w, const char *key, double chi2, size_t dof, double aic,
                             double bic)
{
    json_begin_object(w, key);
    json_number(w, "chi2", chi2);
    json_int(w, "dof", (long long)dof);
    json_number(w, "aic", aic);
    json_number(w, "bic", bic);
    json_end_object(w);
}

static void json_parameters(json_writer *w, const temp_opts *o, const temp_fit *f)
{
    param_row rows[4];
    int n = param_rows(o, f, rows);
    json_begin_object(w, "parameters");
    for (int i = 0; i < n; i++)
        json_quantity(w, rows[i].key, rows[i].v, rows[i].e, rows[i].lo, rows[i].hi, rows[i].unit);
    json_end_object(w);
}

static void print_json(const temp_opts *o, const temp_fit *f)
{
    json_writer w;
    json_init(&w, stdout);
    json_begin_object(&w, NULL);
    json_string(&w, "model", o->vft_primary ? "vft" : "arrhenius");
    json_string(&w, "file", o->c.data);
    json_int(&w, "n_points", (long long)f->t.n);
    json_bool(&w, "weighted", f->t.err != NULL);
    if (o->vft_primary)
        json_number(&w, "temperature_exponent", f->v.temperature_exponent);
    else
        json_int(&w, "temperature_power", f->a.temperature_power);
    json_parameters(&w, o, f);
    int v = o->vft_primary;
    json_number(&w, "chi2", v ? f->v.chi2 : f->a.chi2);
    json_int(&w, "dof", (long long)(v ? f->v.dof : f->a.dof));
    json_number(&w, "aic", v ? f->v.aic : f->a.aic);
    json_number(&w, "bic", v ? f->v.bic : f->a.bic);
    json_begin_object(&w, "comparison");
    if (f->have_a)
        json_model_stats(&w, "arrhenius", f->a.chi2, f->a.dof, f->a.aic, f->a.bic);
    if (f->have_v)
        json_model_stats(&w, "vft", f->v.chi2, f->v.dof, f->v.aic, f->v.bic);
    if (f->have_a && f->have_v) {
        json_string(&w, "preferred_aic", f->a.aic <= f->v.aic ? "arrhenius" : "vft");
        json_string(&w, "preferred_bic", f->a.bic <= f->v.bic ? "arrhenius" : "vft");
    }
    json_end_object(&w);
    double val, e, lo, hi;
    if (isfinite(o->at) && predict(o, f, o->at, &val, &e, &lo, &hi) == 0) {
        json_begin_object(&w, "prediction");
        json_number(&w, "T", o->at);
        json_quantity(&w, "value", val, e, lo, hi, "unit of value");
        json_end_object(&w);
    }
    json_end_object(&w);
    json_finish(&w);
}

static void csv_row(size_t i, double *vals, const void *ctx)
{
    const temp_fit *f = ctx;
    double T = f->tmin + (f->tmax - f->tmin) * (double)i / 99.0;
    vals[0] = T;
    for (int k = 1; k < 7; k++)
        vals[k] = NAN;
    haven_estimate y;
    if (f->have_a && haven_arrhenius_predict(&f->a, T, &y) == HAVEN_OK)
        vals[1] = y.value, vals[2] = y.lo, vals[3] = y.hi;
    if (f->have_v && haven_vft_predict(&f->v, T, &y) == HAVEN_OK)
        vals[4] = y.value, vals[5] = y.lo, vals[6] = y.hi;
}

/* The Arrhenius plot with both fits, and the report. */
static fig *temperature_figure(const temp_opts *o, const temp_fit *f)
{
    char ylabel[64];
    int p = o->vft_primary ? 0 : o->power;
    if (p == 1)
        snprintf(ylabel, sizeof ylabel, "value × T (unit of value × K)");
    else if (p)
        snprintf(ylabel, sizeof ylabel, "value × T^%d (unit of value × K^%d)", p, p);
    else
        snprintf(ylabel, sizeof ylabel, "value");
    fig *out = fig_create("arrhenius", "Temperature dependence: data (± 1 s.e.), Arrhenius and "
                                       "VFT fits with their 95% bands (shaded)");
    fig_arrhenius_data d = {.ylabel = ylabel,
                            .series = "data",
                            .T = f->t.x,
                            .y = f->t.y,
                            .err = f->t.err,
                            .n = f->t.n,
                            .power = p,
                            .arrhenius = f->have_a ? &f->a : NULL,
                            .vft = f->have_v ? &f->v : NULL,
                            .at_T = o->at};
    if (out && !fig_arrhenius_panel(out, o->c.data, &d)) {
        fig_free(out);
        return NULL;
    }
    return out;
}

static void report_temperature(cli_report *r, const temp_opts *o, const temp_fit *f)
{
    param_row rows[4];
    int n = param_rows(o, f, rows);
    cli_report_section(r, "Results");
    cli_report_estimate_table(r, o->vft_primary ? "VFT parameters" : "Arrhenius parameters");
    for (int i = 0; i < n; i++)
        cli_report_estimate(r, rows[i].key, rows[i].v, rows[i].e, rows[i].lo, rows[i].hi,
                            rows[i].unit);
    double v, e, lo, hi;
    if (isfinite(o->at) && predict(o, f, o->at, &v, &e, &lo, &hi) == 0) {
        char name[48];
        snprintf(name, sizeof name, "value at %g K", o->at);
        cli_report_estimate(r, name, v, e, lo, hi, "unit of value");
    }
    cli_report_table_end(r);
    if (f->have_a && f->have_v)
        cli_report_text(r, "Model comparison on the same data and weights: Arrhenius AIC = %.4f, "
                           "VFT AIC = %.4f; preferred by AIC: %s.",
                        f->a.aic, f->v.aic, f->a.aic <= f->v.aic ? "Arrhenius" : "VFT");
    if (f->have_a && f->a.birge > 1)
        cli_report_warning(r, "The points scatter more than their errors (Birge ratio %.3g): the "
                              "Arrhenius errors were widened by it.",
                           f->a.birge);
    cli_report_method(r, "Arrhenius fit",
                      "Weighted linear least squares of ln(value T^p) on 1/T; errors widened by "
                      "the Birge ratio when the points scatter more than their errors; "
                      "predictions with the full covariance.",
                      "R. T. Birge, Phys. Rev. 40, 207 (1932).");
    cli_report_method(r, "VFT fit",
                      "value = A T^m exp(-B/(kB (T - T0))), nonlinear least squares (GSL), T0 "
                      "fitted as ln(Tmin - T0).",
                      "H. Vogel (1921); G. S. Fulcher, J. Am. Ceram. Soc. 8, 339 (1925); "
                      "G. Tammann, W. Hesse (1926).");
}

typedef struct {
    const temp_opts *o;
    const temp_fit *f;
} temp_report_ctx;

static void fill_temperature_report(cli_report *r, const void *vctx)
{
    const temp_report_ctx *x = vctx;
    report_temperature(r, x->o, x->f);
}

static int temperature_outputs(const temp_opts *o, const temp_fit *f)
{
    fig_set set = {0};
    if (fig_set_add(&set, temperature_figure(o, f)) != 0) {
        cli_error("out of memory");
        return CLI_FAIL;
    }
    char title[160];
    snprintf(title, sizeof title, "haven fit %s: %s", o->vft_primary ? "vft" : "arrhenius",
             o->c.data);
    temp_report_ctx x = {o, f};
    return cli_fig_outputs(&o->c.fig, title, &o->c.data, 1, &set, fill_temperature_report, &x) == 0
               ? CLI_OK
               : CLI_FAIL;
}

static int run(int argc, char **argv)
{
    temp_opts o;
    int rc = parse(argc, argv, &o);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    temp_fit f;
    rc = fit_both(&o, &f);
    if (rc == CLI_OK && o.c.csv)
        rc = fit_write_csv(o.c.csv,
                           "T_K,arrhenius,arrhenius_lo95,arrhenius_hi95,vft,vft_lo95,vft_hi95", 100,
                           7, csv_row, &f);
    if (rc == CLI_OK && cli_fig_wanted(&o.c.fig))
        rc = temperature_outputs(&o, &f);
    if (rc == CLI_OK) {
        if (o.c.json)
            print_json(&o, &f);
        else
            print_table(&o, &f);
    }
    fit_table_free(&f.t);
    return rc;
}

int fit_cmd_arrhenius(int argc, char **argv)
{
    return run(argc, argv);
}
int fit_cmd_vft(int argc, char **argv)
{
    return run(argc, argv);
}
