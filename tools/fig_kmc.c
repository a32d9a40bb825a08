/* The figures of `haven kmc` (tools/fig_kmc.h). Units as the table prints
 * them: D in cm²/s, sigma in mS/cm, energies in eV; error bars are the 95%
 * intervals of the estimates. */
#include "fig_kmc.h"
#include "fig_arrhenius.h"

#include "cli.h"
#include "units_cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { LINE = 64 };

/* A quantity over the points, in display units: value and its 95% interval. */
typedef struct {
    double *x, *v, *lo, *hi, *half;
} column;

static int column_alloc(column *c, size_t n)
{
    c->x = malloc(5 * (n ? n : 1) * sizeof *c->x);
    if (!c->x)
        return -1;
    c->v = c->x + n;
    c->lo = c->v + n;
    c->hi = c->lo + n;
    c->half = c->hi + n;
    return 0;
}

static void column_set(column *c, size_t i, double x, haven_estimate e, double scale)
{
    c->x[i] = x;
    c->v[i] = e.value * scale;
    c->lo[i] = e.lo * scale;
    c->hi[i] = e.hi * scale;
    c->half[i] = 0.5 * (e.hi - e.lo) * scale; /* the 95% half-width (symmetric: Student t) */
}

typedef haven_estimate (*pick_fn)(const haven_kmc_result *r, int k);

static haven_estimate pick_D(const haven_kmc_result *r, int k)
{
    return r->D[k];
}
static haven_estimate pick_sigma(const haven_kmc_result *r, int k)
{
    (void)k;
    return r->sigma;
}
static haven_estimate pick_D_sigma(const haven_kmc_result *r, int k)
{
    (void)k;
    return r->D_sigma;
}
static haven_estimate pick_f(const haven_kmc_result *r, int k)
{
    (void)k;
    return r->correlation;
}
static haven_estimate pick_f_cos(const haven_kmc_result *r, int k)
{
    (void)k;
    return r->correlation_cos;
}
static haven_estimate pick_haven(const haven_kmc_result *r, int k)
{
    (void)k;
    return r->haven_ratio;
}

/* An Arrhenius panel of y (species k, or sigma: T^1) over the temperatures,
 * error bars the 95% half-widths, with the fit when there is one. */
static fig_panel *arrhenius_panel(fig *f, const haven_kmc_sweep *s, const char *title,
                                  const char *ylabel, const char *series, pick_fn pick, int k,
                                  double scale, int power, const haven_arrhenius_result *fit,
                                  int color)
{
    column c;
    if (column_alloc(&c, s->n_points) != 0)
        return NULL;
    for (size_t i = 0; i < s->n_points; i++)
        column_set(&c, i, s->point[i].temperature, pick(&s->point[i], k), scale);
    /* The fit was of SI values: as a curve in display units, scale lnA. */
    haven_arrhenius_result shown;
    if (fit) {
        shown = *fit;
        shown.lnA.value += log(scale);
    }
    fig_arrhenius_data d = {.ylabel = ylabel,
                            .series = series,
                            .T = c.x,
                            .y = c.v,
                            .err = c.half,
                            .n = s->n_points,
                            .power = power,
                            .arrhenius = fit ? &shown : NULL,
                            .at_T = NAN,
                            .color = color};
    fig_panel *p = fig_arrhenius_panel(f, title, &d);
    free(c.x);
    return p;
}

/* y against T (linear axes), points with 95% bars. */
static void points_vs(fig_panel *p, const haven_kmc_sweep *s, const double *x, pick_fn pick,
                      const char *label, int color, int marker)
{
    column c;
    if (column_alloc(&c, s->n_points) != 0)
        return;
    for (size_t i = 0; i < s->n_points; i++)
        column_set(&c, i, x[i], pick(&s->point[i], 0), 1);
    fig_series *q = fig_points(p, label, c.x, c.v, c.lo, c.hi, s->n_points, color);
    if (q)
        q->marker = marker;
    free(c.x);
}

static fig *temperature_figure(const haven_kmc_sweep *s)
{
    const haven_kmc_params *p = &s->params;
    fig *f = fig_create("kmc", s->have_activation
                                   ? "KMC against temperature: points with 95% intervals, "
                                     "Arrhenius fits with their 95% bands"
                                   : "KMC against temperature: points with 95% intervals");
    if (!f)
        return NULL;
    char title[LINE], series[LINE], D_label[LINE], sT_label[LINE], Ds_label[LINE];
    snprintf(D_label, sizeof D_label, "D* (%s)", cli_D_unit.label);
    snprintf(sT_label, sizeof sT_label, "σT (%s K)", cli_sigma_unit.label);
    snprintf(Ds_label, sizeof Ds_label, "D_σ (%s)", cli_D_unit.label);
    for (size_t k = 0; k < p->n_species; k++) {
        const haven_arrhenius_result *fit = s->Ea_D_ok[k] ? &s->Ea_D[k] : NULL;
        snprintf(title, sizeof title, "tracer D*(%s)", p->species[k].name);
        snprintf(series, sizeof series, "D*(%s), 95%% interval", p->species[k].name);
        arrhenius_panel(f, s, title, D_label, series, pick_D, (int)k, cli_D_unit.scale, 0, fit,
                        (int)k);
    }
    arrhenius_panel(f, s, "conductivity", sT_label, "σT (Einstein), 95% interval", pick_sigma,
                    0, cli_sigma_unit.scale, 1, s->Ea_sigma_ok ? &s->Ea_sigma : NULL, 4);
    arrhenius_panel(f, s, "collective diffusion", Ds_label, "D_σ, 95% interval", pick_D_sigma,
                    0, cli_D_unit.scale, 0, NULL, 5);
    fig_panel *c = fig_panel_add(f, "correlation factor and Haven ratio", "T (K)", "f, H_R");
    double *T = malloc(s->n_points * sizeof *T);
    if (c && T) {
        for (size_t i = 0; i < s->n_points; i++)
            T[i] = s->point[i].temperature;
        points_vs(c, s, T, pick_f, "f (MSD)", 0, 0);
        points_vs(c, s, T, pick_f_cos, "f (consecutive jumps)", 1, 1);
        points_vs(c, s, T, pick_haven, "H_R = D*/D_σ", 2, 2);
    }
    free(T);
    return f;
}

/* The chemical potential (J) at which an ideal lattice gas on these bins
 * holds as many ions as were measured: sum sites f(E - mu) = sum sites occ,
 * by bisection (the count rises with mu). */
static double fermi_level(const haven_kmc_result *r, double kT)
{
    double want = 0, lo = r->bin_energy[0] - 50 * kT, hi = r->bin_energy[r->n_bins - 1] + 50 * kT;
    for (int b = 0; b < r->n_bins; b++)
        if (isfinite(r->bin_occupation[b]))
            want += r->bin_sites[b] * r->bin_occupation[b];
    for (int it = 0; it < 200; it++) {
        double mu = 0.5 * (lo + hi), n = 0;
        for (int b = 0; b < r->n_bins; b++)
            n += r->bin_sites[b] / (1 + exp((r->bin_energy[b] - mu) / kT));
        *(n < want ? &lo : &hi) = mu;
    }
    return 0.5 * (lo + hi);
}

static fig *occupation_figure(const haven_kmc_sweep *s)
{
    const haven_kmc_params *p = &s->params;
    int ideal = p->n_species == 1 && p->interaction == 0;
    fig *f = fig_create("occupation", ideal ? "Occupation against site energy: measured "
                                              "(points) and the Fermi function of an ideal "
                                              "lattice gas with the same number of ions (lines)"
                                            : "Occupation against site energy");
    fig_panel *q = f ? fig_panel_add(f, NULL, "site energy E (eV)", "occupancy") : NULL;
    if (!q)
        return f;
    q->ymin = 0;
    q->ymax = 1;
    for (size_t i = 0; i < s->n_points; i++) {
        const haven_kmc_result *r = &s->point[i];
        double E[HAVEN_KMC_ENERGY_BINS], occ[HAVEN_KMC_ENERGY_BINS], fermi[HAVEN_KMC_ENERGY_BINS];
        double kT = HAVEN_KB * r->temperature, mu = ideal ? fermi_level(r, kT) : 0;
        for (int b = 0; b < r->n_bins; b++) {
            E[b] = r->bin_energy[b] / HAVEN_EV;
            occ[b] = r->bin_sites[b] > 0 ? r->bin_occupation[b] : NAN;
            fermi[b] = 1 / (1 + exp((r->bin_energy[b] - mu) / kT));
        }
        char label[LINE];
        snprintf(label, sizeof label, "%g K", r->temperature);
        fig_points(q, label, E, occ, NULL, NULL, (size_t)r->n_bins, (int)i);
        if (ideal) {
            snprintf(label, sizeof label, "Fermi, %g K", r->temperature);
            fig_series *l = fig_line(q, label, E, fermi, (size_t)r->n_bins, (int)i);
            if (l)
                l->dashed = 1;
        }
    }
    return f;
}

/* Quantity q of the size sweep against 1/sites, the fitted line to 1/sites
 * = 0 and the extrapolated value with its 95% interval. */
static void size_panel(fig *f, const haven_kmc_sweep *s, size_t q)
{
    size_t ns = s->params.n_species, n = s->n_points;
    int d = q < ns || q == ns + 2;
    double scale = d ? cli_D_unit.scale : 1;
    char title[LINE], ylabel[LINE];
    static const char *const names[] = {"correlation factor f (MSD)", "f from consecutive jumps",
                                        "collective D_σ"};
    snprintf(title, sizeof title, "%s%s", q < ns ? "tracer D* of " : "",
             q < ns ? s->params.species[q].name : names[q - ns]);
    snprintf(ylabel, sizeof ylabel, "%s%s%s%s",
             q < ns        ? "D*"
             : q == ns + 2 ? "D_σ"
                           : "f",
             d ? " (" : "", d ? cli_D_unit.label : "", d ? ")" : "");
    fig_panel *p = fig_panel_add(f, title, "1/sites", ylabel);
    column c;
    if (!p || column_alloc(&c, n) != 0)
        return;
    double xmax = 0;
    for (size_t i = 0; i < n; i++) {
        const haven_kmc_result *r = &s->point[i];
        haven_estimate e = q < ns        ? r->D[q]
                           : q == ns     ? r->correlation
                           : q == ns + 1 ? r->correlation_cos
                                         : r->D_sigma;
        column_set(&c, i, 1 / s->size_sites[i], e, scale);
        xmax = fmax(xmax, c.x[i]);
    }
    fig_points(p, "cells, 95% interval", c.x, c.v, c.lo, c.hi, n, 0);
    free(c.x);
    if (!s->size_fit_ok[q])
        return;
    const haven_kmc_size_fit *fit = &s->size_fit[q];
    double x[2] = {0, xmax},
           y[2] = {fit->y_inf.value * scale, (fit->y_inf.value + fit->slope * xmax) * scale};
    fig_series *l = fig_line(p, "y_inf + a/sites", x, y, 2, 1);
    if (l)
        l->dashed = 1;
    double x0 = 0, v = fit->y_inf.value * scale, lo = fit->y_inf.lo * scale,
           hi = fit->y_inf.hi * scale;
    fig_series *e = fig_points(p, "infinite cell, 95% interval", &x0, &v, &lo, &hi, 1, 1);
    if (e)
        e->marker = 1;
}

static fig *size_figure(const haven_kmc_sweep *s)
{
    fig *f = fig_create("kmc-sizes", "Finite-size sweep: each cell size against 1/sites with 95% "
                                     "intervals, the weighted fit y_inf + a/sites and its value "
                                     "for an infinite cell");
    for (size_t q = 0; f && q < s->n_size_fits; q++)
        size_panel(f, s, q);
    return f;
}

int kmc_figures(const haven_kmc_sweep *s, fig_set *set)
{
    int with_bins = 0;
    for (size_t i = 0; i < s->n_points; i++)
        with_bins |= s->point[i].n_bins > 0;
    fig *f = s->size_sweep ? size_figure(s) : temperature_figure(s);
    if (!f || fig_set_add(set, f) != 0)
        return -1;
    if (with_bins && !s->size_sweep) {
        f = occupation_figure(s);
        if (!f || fig_set_add(set, f) != 0)
            return -1;
    }
    return 0;
}

int kmc_figures_out(const cli_fig_opts *o, const haven_kmc_sweep *s, const char *const *inputs,
                    size_t n_inputs)
{
    if (!cli_fig_wanted(o))
        return 0;
    fig_set set = {0};
    if (kmc_figures(s, &set) != 0) {
        fig_set_clear(&set);
        cli_error("out of memory");
        return -1;
    }
    char title[320];
    snprintf(title, sizeof title, "haven kmc: %s, %zu sites", s->lattice, s->sites);
    return cli_fig_outputs(o, title, inputs, n_inputs, &set, kmc_report_fill, s);
}
