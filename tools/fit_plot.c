/* Figures and report of `haven fit MODEL` (data fits). */
#include "fit_common.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { CURVE_POINTS = 240 };

static double shown_x(const fit_model_cli *m, double x, const void *opts)
{
    double u = m->axes.x_unit > 0 ? m->axes.x_unit : 1;
    return (m->axes.x_of ? m->axes.x_of(x, opts) : x) / u;
}

/* Standard error of the fitted curve at x: gradient of predict() with
 * respect to the parameters (central differences) through their covariance. */
static double curve_se(const fit_model_cli *m, double x, const haven_fit_result *r, const void *opts)
{
    double g[HAVEN_FIT_MAX_PARAMS];
    haven_fit_result p = *r;
    for (size_t k = 0; k < r->n_params; k++) {
        double h = 1e-6 * fabs(r->param[k].value) + 1e-12 * (r->param[k].err > 0 ? r->param[k].err : 1);
        p.param[k].value = r->param[k].value + h;
        double up = m->predict(x, &p, opts);
        p.param[k].value = r->param[k].value - h;
        double dn = m->predict(x, &p, opts);
        p.param[k].value = r->param[k].value;
        g[k] = (up - dn) / (2 * h);
    }
    double v = 0;
    for (size_t a = 0; a < r->n_params; a++)
        for (size_t b = 0; b < r->n_params; b++)
            v += g[a] * r->cov[a][b] * g[b];
    return v > 0 ? sqrt(v) : 0;
}

/* Data x range; the curve is sampled evenly in x, or in ln x on a log axis
 * whose abscissa is x itself. */
static void sample_x(const fit_model_cli *m, const fit_table *t, double *xs)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < t->n; i++) {
        lo = fmin(lo, t->x[i]);
        hi = fmax(hi, t->x[i]);
    }
    int geometric = m->axes.xlog && !m->axes.x_of && lo > 0;
    for (int k = 0; k < CURVE_POINTS; k++) {
        double u = (double)k / (CURVE_POINTS - 1);
        xs[k] = geometric ? lo * pow(hi / lo, u) : lo + (hi - lo) * u;
    }
}

static void add_data(fig_panel *p, const fit_model_cli *m, const fit_table *t, const void *opts)
{
    double yu = m->axes.y_unit > 0 ? m->axes.y_unit : 1;
    double *x = malloc(4 * t->n * sizeof *x);
    if (!x)
        return;
    double *y = x + t->n, *lo = y + t->n, *hi = lo + t->n;
    for (size_t i = 0; i < t->n; i++) {
        x[i] = shown_x(m, t->x[i], opts);
        y[i] = t->y[i] / yu;
        lo[i] = t->err ? (t->y[i] - t->err[i]) / yu : NAN;
        hi[i] = t->err ? (t->y[i] + t->err[i]) / yu : NAN;
    }
    fig_points(p, t->err ? "data ± 1 s.e." : "data", x, y, t->err ? lo : NULL,
               t->err ? hi : NULL, t->n, 0);
    free(x);
}

static void add_curve(fig_panel *p, const fit_model_cli *m, const fit_table *t,
                      const haven_fit_result *r, const void *opts)
{
    double yu = m->axes.y_unit > 0 ? m->axes.y_unit : 1;
    double xs[CURVE_POINTS], sx[CURVE_POINTS], f[CURVE_POINTS], lo[CURVE_POINTS], hi[CURVE_POINTS];
    sample_x(m, t, xs);
    for (int k = 0; k < CURVE_POINTS; k++) {
        double v = m->predict(xs[k], r, opts), se = curve_se(m, xs[k], r, opts);
        sx[k] = shown_x(m, xs[k], opts);
        f[k] = v / yu;
        lo[k] = (v - r->q95 * se) / yu;
        hi[k] = (v + r->q95 * se) / yu;
    }
    fig_band(p, "95% band of the fit", sx, lo, hi, CURVE_POINTS, 1);
    fig_line(p, "fit", sx, f, CURVE_POINTS, 1);
}

/* Residuals in units of the point's error (weighted fits), else in y units. */
static void add_residuals(fig *f, const fit_model_cli *m, const fit_table *t,
                          const haven_fit_result *r, const void *opts)
{
    char ylabel[96];
    double yu = m->axes.y_unit > 0 ? m->axes.y_unit : 1;
    if (t->err)
        snprintf(ylabel, sizeof ylabel, "(data − fit) / s.e.");
    else
        snprintf(ylabel, sizeof ylabel, "data − fit");
    fig_panel *p = fig_panel_add(f, "residuals", m->axes.xlabel, ylabel);
    double *x = malloc(2 * t->n * sizeof *x);
    if (!p || !x) {
        free(x);
        return;
    }
    p->xlog = m->axes.xlog;
    p->legend = FIG_LEGEND_NONE;
    double *res = x + t->n;
    for (size_t i = 0; i < t->n; i++) {
        x[i] = shown_x(m, t->x[i], opts);
        double d = t->y[i] - m->predict(t->x[i], r, opts);
        res[i] = t->err ? (t->err[i] > 0 ? d / t->err[i] : NAN) : d / yu;
    }
    fig_hline(p, NULL, 0.0, 7);
    if (t->err) {
        fig_hline(p, NULL, 2.0, 6)->dashed = 1;
        fig_hline(p, NULL, -2.0, 6)->dashed = 1;
    }
    fig_points(p, NULL, x, res, NULL, NULL, t->n, 0);
    free(x);
}

fig *fit_figure(const fit_model_cli *m, const fit_table *t, const haven_fit_result *r,
                const void *opts)
{
    char title[128];
    snprintf(title, sizeof title, "haven fit %s: data and fitted model", m->name);
    fig *f = fig_create("fit", title);
    fig_panel *p = f ? fig_panel_add(f, m->name, m->axes.xlabel, m->axes.ylabel) : NULL;
    if (!p) {
        fig_free(f);
        return NULL;
    }
    p->xlog = m->axes.xlog;
    p->ylog = m->axes.ylog;
    add_curve(p, m, t, r, opts);
    add_data(p, m, t, opts);
    add_residuals(f, m, t, r, opts);
    return f;
}

void fit_report_result(cli_report *rep, const char *model, const char *file,
                       const haven_fit_result *r)
{
    char caption[256];
    snprintf(caption, sizeof caption, "Parameters of the %s fit to %s", model, file);
    cli_report_section(rep, "Results");
    cli_report_estimate_table(rep, caption);
    for (size_t j = 0; j < r->n_params; j++)
        cli_report_estimate(rep, r->name[j], r->param[j].value, r->param[j].err, r->param[j].lo,
                            r->param[j].hi, r->param[j].unit);
    cli_report_table_end(rep);
    cli_report_text(rep, "%zu points, %s: chi² = %.4g with %zu degrees of freedom, AIC = %.4f, "
                         "BIC = %.4f.",
                    r->n_points, r->weighted ? "weighted by the given errors" : "unweighted",
                    r->chi2, r->dof, r->aic, r->bic);
    if (r->weighted && r->dof > 0) {
        double red = r->chi2 / (double)r->dof;
        if (red > 1 + 3 * sqrt(2.0 / (double)r->dof))
            cli_report_warning(rep, "The points scatter more than their errors say "
                                    "(chi²/dof = %.3g): the errors given with the data may be "
                                    "too small, or the model misses a feature of the data.",
                               red);
    }
    cli_report_method(rep, "Nonlinear least squares",
                      r->weighted
                          ? "Levenberg–Marquardt (GSL multifit_nlinear) weighted by the given "
                            "errors, taken as known; 95% intervals with the normal quantile 1.96."
                          : "Levenberg–Marquardt (GSL multifit_nlinear), unweighted; covariance "
                            "scaled by the residual variance, 95% intervals with Student's t.",
                      "Positive parameters are fitted as logarithms, their intervals are "
                      "asymmetric; curve band by the delta method.");
}
