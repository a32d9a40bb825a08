/* Figures and report of `haven diffusion`, `analyze` and `arrhenius`, from
 * the library's result (haven/analysis.h). Displayed units: t in ps, MSD
 * in Å², D in cm²/s, sigma in mS/cm (or the units of --units). */
#include "fig_analysis.h"
#include "units_cli.h"
#include "core/units.h"

#include "cli.h"
#include "fig_arrhenius.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EV 1.602176634e-19

enum { MAX_POINTS = 400 };

/* ---- sampling of long curves ------------------------------------------------ */

/* Up to MAX_POINTS lags in 1..n-1: evenly spaced, or geometric (for log axes);
 * returns how many. */
static size_t pick_lags(size_t n, int geometric, size_t *idx)
{
    size_t m = 0;
    if (n < 2)
        return 0;
    if (!geometric || n <= MAX_POINTS) {
        size_t step = (n - 1 + MAX_POINTS - 1) / MAX_POINTS;
        for (size_t k = 1; k < n; k += step ? step : 1)
            idx[m++] = k;
        return m;
    }
    double r = pow((double)(n - 1), 1.0 / (MAX_POINTS - 1));
    double x = 1;
    for (int i = 0; i < MAX_POINTS; i++, x *= r) {
        size_t k = (size_t)llround(x);
        if (k >= n)
            k = n - 1;
        if (!m || k > idx[m - 1])
            idx[m++] = k;
    }
    return m;
}

static void run_label(const haven_analysis *a, size_t k, char *buf, size_t cap)
{
    const char *p = a->runs[k].path, *b = strrchr(p, '/');
    snprintf(buf, cap, "%s", b ? b + 1 : p);
}

/* ---- tracer MSD -------------------------------------------------------------- */

/* The fit MSD = 6 D t + b over its window (dashed) with the 95% band of D. */
static void add_fit_line(fig_panel *p, const haven_dfit_result *f, const char *label, int color)
{
    double ft[64], fy[64], lo[64], hi[64];
    for (int i = 0; i < 64; i++) {
        double tt = f->start + (f->end - f->start) * i / 63.0;
        ft[i] = tt * HAVEN_PS_PER_S;
        fy[i] = (6 * f->D.value * tt + f->intercept) * HAVEN_A2_PER_M2;
        lo[i] = (6 * f->D.lo * tt + f->intercept) * HAVEN_A2_PER_M2;
        hi[i] = (6 * f->D.hi * tt + f->intercept) * HAVEN_A2_PER_M2;
    }
    fig_band(p, NULL, ft, lo, hi, 64, color);
    fig_series *fl = fig_line(p, label, ft, fy, 64, color);
    if (fl)
        fl->dashed = 1;
}

/* One species' MSD, its fit over the window with the 95% band of D, and the
 * window shaded. */
static void add_species_msd(fig_panel *p, const haven_species_result *s, int color, int logscale)
{
    size_t idx[MAX_POINTS], n = pick_lags(s->msd.n_lags, logscale, idx);
    double t[MAX_POINTS], y[MAX_POINTS];
    for (size_t i = 0; i < n; i++) {
        t[i] = (double)idx[i] * s->msd.dt * HAVEN_PS_PER_S;
        y[i] = s->msd.msd[idx[i]] * HAVEN_A2_PER_M2;
    }
    char label[64];
    snprintf(label, sizeof label, "%s", s->name);
    fig_line(p, label, t, y, n, color);
    if (!s->fit_ok || !isfinite(s->fit.D.value))
        return;
    const haven_dfit_result *f = &s->fit;
    snprintf(label, sizeof label, "%s fit: D* = %.3g %s", s->name, f->D.value * cli_D_unit.scale,
             cli_D_unit.label);
    add_fit_line(p, f, label, color);
    fig_vspan(p, NULL, f->start * HAVEN_PS_PER_S, f->end * HAVEN_PS_PER_S, color);
}

/* d ln MSD / d ln t between t and 2t: 2 ballistic, 1 diffusive, below 1 caged. */
static void add_species_slope(fig_panel *p, const haven_species_result *s, int color)
{
    size_t n = s->msd.n_lags / 2, idx[MAX_POINTS], m = pick_lags(n, 1, idx);
    double t[MAX_POINTS], sl[MAX_POINTS];
    for (size_t i = 0; i < m; i++) {
        size_t k = idx[i];
        double a = s->msd.msd[k], b = s->msd.msd[2 * k];
        t[i] = (double)k * s->msd.dt * HAVEN_PS_PER_S;
        sl[i] = a > 0 && b > 0 ? log(b / a) / log(2.0) : NAN;
    }
    fig_line(p, s->name, t, sl, m, color);
    if (s->fit_ok && isfinite(s->fit.alpha2_peak_t)) {
        char label[64];
        snprintf(label, sizeof label, "%s: α₂ peak (cage escape)", s->name);
        fig_series *v = fig_vline(p, label, s->fit.alpha2_peak_t * HAVEN_PS_PER_S, color);
        if (v)
            v->dashed = 2;
    }
    if (s->fit_ok)
        fig_vspan(p, NULL, s->fit.start * HAVEN_PS_PER_S, s->fit.end * HAVEN_PS_PER_S, color);
}

static fig *msd_figure(const haven_analysis *a, size_t k)
{
    const haven_run_result *r = &a->runs[k];
    char name[48], title[256], file[128];
    run_label(a, k, file, sizeof file);
    snprintf(name, sizeof name, a->n_runs > 1 ? "msd-run%zu" : "msd", k + 1);
    snprintf(title, sizeof title, "Tracer MSD of %s: fit windows shaded, fits dashed with the 95%% "
                                  "band of D*",
             file);
    fig *f = fig_create(name, title);
    fig_panel *lin = f ? fig_panel_add(f, "MSD", "t (ps)", "MSD (Å²)") : NULL;
    fig_panel *lg = f ? fig_panel_add(f, "MSD, log–log", "t (ps)", "MSD (Å²)") : NULL;
    fig_panel *sl = f ? fig_panel_add(f, "local slope of the MSD", "t (ps)", "d ln MSD / d ln t")
                      : NULL;
    if (!lin || !lg || !sl) {
        fig_free(f);
        return NULL;
    }
    lg->xlog = lg->ylog = 1;
    sl->xlog = 1;
    fig_hline(sl, "diffusive (slope 1; 2 is ballistic)", 1.0, 7)->dashed = 1;
    for (size_t g = 0; g < r->n_species; g++) {
        add_species_msd(lin, &r->sp[g], (int)g, 0);
        add_species_msd(lg, &r->sp[g], (int)g, 1);
        add_species_slope(sl, &r->sp[g], (int)g);
    }
    lg->legend = FIG_LEGEND_NONE;
    return f;
}

/* ---- collective --------------------------------------------------------------- */

/* <|sum_i q_i dr_i|^2>(t) in e^2 Å^2 from the species' cross-displacements. */
static void add_charge_msd(fig_panel *p, const haven_run_result *r)
{
    const haven_msd_collective *c = &r->coll;
    size_t idx[MAX_POINTS], n = pick_lags(c->n_lags, 0, idx);
    double t[MAX_POINTS], y[MAX_POINTS];
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t a = 0; a < c->n_groups; a++)
            for (size_t b = a; b < c->n_groups; b++) {
                const double *m = c->corr[haven_pair_index(a, b, c->n_groups)][idx[i]];
                s += (a == b ? 1 : 2) * r->charge[a] * r->charge[b] * (m[0] + m[4] + m[8]);
            }
        t[i] = (double)idx[i] * c->dt * HAVEN_PS_PER_S;
        y[i] = s * HAVEN_A2_PER_M2;
    }
    fig_line(p, "charge displacement", t, y, n, 0);
    const haven_dfit_result *f = &r->bary.charge_fit;
    if (!isfinite(f->D.value))
        return;
    fig_vspan(p, "fit window", f->start * HAVEN_PS_PER_S, f->end * HAVEN_PS_PER_S, 6);
    char label[96];
    snprintf(label, sizeof label, "Einstein–Helfand fit: σ = %.3g %s",
             r->bary.sigma.value * cli_sigma_unit.scale, cli_sigma_unit.label);
    add_fit_line(p, f, label, 1);
}

/* sigma's Green-Kubo running integral, its plateau, and the Einstein-Helfand value. */
static void add_green_kubo(fig_panel *p, const haven_run_result *r)
{
    const haven_green_kubo *g = &r->gk;
    size_t idx[MAX_POINTS], n = pick_lags(g->n_running, 1, idx);
    double t[MAX_POINTS], y[MAX_POINTS];
    for (size_t i = 0; i < n; i++) {
        t[i] = (double)idx[i] * r->info.frame_interval * HAVEN_PS_PER_S;
        y[i] = g->running[idx[i]] * cli_sigma_unit.scale;
    }
    fig_line(p, "Green–Kubo running integral", t, y, n, 0);
    if (g->ok)
        fig_vspan(p, "plateau window", g->plateau_start * HAVEN_PS_PER_S, g->plateau_end * HAVEN_PS_PER_S, 6);
    const haven_estimate *e = &r->bary.sigma;
    if (isfinite(e->value)) {
        fig_hline(p, "Einstein–Helfand σ and its 95% interval", e->value * cli_sigma_unit.scale, 1);
        fig_hline(p, NULL, e->lo * cli_sigma_unit.scale, 1)->dashed = 1;
        fig_hline(p, NULL, e->hi * cli_sigma_unit.scale, 1)->dashed = 1;
    }
}

/* Principal conductivities with their errors, and the scalar sigma. */
static void add_principal(fig_panel *p, const haven_run_result *r)
{
    const haven_tensor *t = &r->bary.tensor;
    double x[3] = {1, 2, 3}, y[3], lo[3], hi[3];
    for (int k = 0; k < 3; k++) {
        y[k] = t->principal[k] * cli_sigma_unit.scale;
        lo[k] = (t->principal[k] - 1.96 * t->principal_err[k]) * cli_sigma_unit.scale;
        hi[k] = (t->principal[k] + 1.96 * t->principal_err[k]) * cli_sigma_unit.scale;
    }
    char label[96];
    snprintf(label, sizeof label, "principal values (%dD conduction)", t->dimensionality);
    fig_points(p, label, x, y, lo, hi, 3, 0);
    if (isfinite(r->bary.sigma.value))
        fig_hline(p, "scalar σ", r->bary.sigma.value * cli_sigma_unit.scale, 1)->dashed = 1;
    p->xmin = 0.5;
    p->xmax = 3.5;
}

static fig *collective_figure(const haven_analysis *a, size_t k)
{
    const haven_run_result *r = &a->runs[k];
    char name[48], title[512], file[128];
    run_label(a, k, file, sizeof file);
    snprintf(name, sizeof name, a->n_runs > 1 ? "conductivity-run%zu" : "conductivity", k + 1);
    snprintf(title, sizeof title, "Conductivity of %s (barycentric frame): charge-displacement MSD "
                                  "with the GLS fit and the 95%% band of its slope (the curve is one "
                                  "realisation: its long-lag points are strongly correlated), "
                                  "Green–Kubo check, principal values (95%% intervals)",
             file);
    fig *f = fig_create(name, title);
    fig_panel *p = f ? fig_panel_add(f, "charge-displacement MSD", "t (ps)", "⟨|Σ qᵢ Δrᵢ|²⟩ (e² Å²)")
                     : NULL;
    if (!p) {
        fig_free(f);
        return NULL;
    }
    add_charge_msd(p, r);
    char sigma_axis[32];
    snprintf(sigma_axis, sizeof sigma_axis, "σ (%s)", cli_sigma_unit.label);
    if (r->have_gk && r->gk.n_running > 1) {
        fig_panel *g = fig_panel_add(f, "Green–Kubo", "t (ps)", sigma_axis);
        if (g) {
            g->xlog = 1;
            add_green_kubo(g, r);
        }
    }
    fig_panel *pr =
        fig_panel_add(f, "conductivity tensor", "principal axis (largest first)", sigma_axis);
    if (pr)
        add_principal(pr, r);
    return f;
}

/* ---- temperature series -------------------------------------------------------- */

static fig *series_figure(const haven_analysis *a)
{
    const haven_series_result *s = &a->series;
    size_t n = a->n_runs;
    fig *f = fig_create("arrhenius", "Arrhenius plots: points ± 1 s.e., fits with their 95% bands "
                                     "(shaded), extrapolation dashed");
    double *T = malloc(3 * n * sizeof *T);
    if (!f || !T) {
        free(T);
        fig_free(f);
        return NULL;
    }
    double *y = T + n, *e = y + n;
    for (size_t k = 0; k < n; k++) {
        T[k] = a->runs[k].T;
        y[k] = a->runs[k].bary.sigma.value * cli_sigma_unit.scale;
        e[k] = a->runs[k].bary.sigma.err * cli_sigma_unit.scale;
    }
    /* The fit is of ln(sigma T) in S/m: in the shown unit it moves by a constant. */
    haven_arrhenius_result fit = s->sigma;
    fit.lnA.value += log(cli_sigma_unit.scale);
    char sigma_axis[40], d_axis[40];
    snprintf(sigma_axis, sizeof sigma_axis, "σT (%s K)", cli_sigma_unit.label);
    snprintf(d_axis, sizeof d_axis, "D* (%s)", cli_D_unit.label);
    fig_arrhenius_data d = {.ylabel = sigma_axis,
                            .series = "σ (Einstein–Helfand)",
                            .T = T,
                            .y = y,
                            .err = e,
                            .n = n,
                            .power = 1,
                            .arrhenius = &fit,
                            .at_T = s->at};
    fig_arrhenius_panel(f, "conductivity", &d);
    for (size_t g = 0; g < s->n_species && g < a->runs[0].n_species; g++) {
        for (size_t k = 0; k < n; k++) {
            y[k] = a->runs[k].sp[g].fit.D.value * cli_D_unit.scale;
            e[k] = a->runs[k].sp[g].fit.D.err * cli_D_unit.scale;
        }
        haven_arrhenius_result df = s->D[g];
        df.lnA.value += log(cli_D_unit.scale);
        char title[64];
        snprintf(title, sizeof title, "D*(%s)", a->runs[0].sp[g].name);
        fig_arrhenius_data dd = {.ylabel = d_axis,
                                 .series = "D* (MSD)",
                                 .T = T,
                                 .y = y,
                                 .err = e,
                                 .n = n,
                                 .arrhenius = isfinite(df.Ea.value) ? &df : NULL,
                                 .at_T = s->at,
                                 .color = (int)g + 2};
        fig_arrhenius_panel(f, title, &dd);
    }
    free(T);
    return f;
}

int analysis_figures(const haven_analysis *a, fig_set *set)
{
    for (size_t k = 0; k < a->n_runs; k++) {
        if (fig_set_add(set, msd_figure(a, k)) != 0)
            return -1;
        if (a->runs[k].have_collective && a->job != HAVEN_JOB_DIFFUSION &&
            fig_set_add(set, collective_figure(a, k)) != 0)
            return -1;
    }
    if (a->have_series && a->series.ok && fig_set_add(set, series_figure(a)) != 0)
        return -1;
    return 0;
}
