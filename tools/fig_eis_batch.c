/* Figures and HTML report of `haven eis batch` (tools/fig_eis.h): sigma_bulk,
 * sigma_gb and sigma_total against 1000/T with their 95% intervals, each
 * with its Arrhenius line, 95% band and E_a; each spectrum with its fit. */
#include "fig_arrhenius.h"
#include "fig_eis.h"
#include "units_cli.h"

#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const LABELS[3] = {"σ bulk", "σ grain boundary", "σ total"};

/* "σT (mS/cm K)" for power 1, "σ (mS/cm)" for 0, "σT^p (...)" else. */
static void sigma_label(int power, char *buf, size_t cap)
{
    const char *u = cli_sigma_unit.label;
    if (power == 0)
        snprintf(buf, cap, "σ (%s)", u);
    else if (power == 1)
        snprintf(buf, cap, "σT (%s K)", u);
    else
        snprintf(buf, cap, "σT^%d (%s K^%d)", power, u, power);
}

/* One component's points (those with the arc and sigma > 0) and fit. */
static void add_component(fig_panel *p, const haven_eis_batch_result *r, int q, double *buf)
{
    double *T = buf, *y = T + r->n, *lo = y + r->n, *hi = lo + r->n, k = cli_sigma_unit.scale;
    size_t m = 0;
    for (size_t i = 0; i < r->n; i++) {
        const haven_eis_batch_spectrum *s = &r->spectra[i];
        if (!s->has_sigma[q] || !(s->sigma[q].value > 0))
            continue;
        T[m] = s->temperature_K;
        y[m] = s->sigma[q].value * k;
        lo[m] = s->sigma[q].lo * k;
        hi[m++] = s->sigma[q].hi * k;
    }
    if (m == 0)
        return;
    /* The fit is of ln(sigma T^p) in S/m: in the shown unit it moves by ln(scale). */
    haven_arrhenius_result fit = r->arrhenius[q];
    fit.lnA.value += log(k);
    /* with a fit, its legend entry names the points too */
    fig_arrhenius_data d = {.series = r->has_Ea[q] ? NULL : LABELS[q],
                            .T = T,
                            .y = y,
                            .n = m,
                            .power = r->arrhenius_power,
                            .arrhenius = r->has_Ea[q] ? &fit : NULL,
                            .at_T = NAN,
                            .color = q,
                            .lo = lo,
                            .hi = hi,
                            .fit_label = r->has_Ea[q] ? LABELS[q] : NULL};
    fig_arrhenius_add(p, &d);
}

fig *eis_batch_figure(const haven_eis_batch_result *r)
{
    char title[256], ylabel[64];
    snprintf(title, sizeof title,
             "Conductivities of %zu spectra fitted with %s: points with "
             "95%% intervals, Arrhenius fits with their 95%% bands (shaded)",
             r->n, r->circuit);
    sigma_label(r->arrhenius_power, ylabel, sizeof ylabel);
    fig *f = fig_create("arrhenius", title);
    double *buf = malloc(4 * r->n * sizeof *buf);
    fig_panel *p = f && buf ? fig_arrhenius_panel_empty(f, "conductivity", ylabel) : NULL;
    if (!p) {
        free(buf);
        fig_free(f);
        return NULL;
    }
    for (int q = 0; q < 3; q++)
        add_component(p, r, q, buf);
    free(buf);
    return f;
}

/* ---- report ------------------------------------------------------------------ */

static void spectra_table(cli_report *rep, const haven_eis_batch_result *r)
{
    static const char *const head[] = {"file", "T (K)", "χ²/dof", "arcs (resistor: kind)"};
    cli_report_table(rep, "Spectra", head, 4);
    for (size_t i = 0; i < r->n; i++) {
        const haven_eis_batch_spectrum *s = &r->spectra[i];
        char T[32], chi[32], arcs[512] = "none";
        snprintf(T, sizeof T, "%.2f", s->temperature_K);
        snprintf(chi, sizeof chi, "%.3g", s->chi2_reduced);
        size_t o = 0;
        for (size_t a = 0; a < s->n_arcs && o < sizeof arcs; a++)
            o += (size_t)snprintf(arcs + o, sizeof arcs - o, "%s%s: %s%s", a ? ", " : "",
                                  s->arc_resistor[a], haven_eis_arc_kind_name(s->arcs[a].kind),
                                  s->arcs[a].assigned ? " (assigned)" : "");
        const char *cells[] = {s->file, T, chi, arcs};
        cli_report_row(rep, cells, 4);
    }
    cli_report_table_end(rep);
}

static void sigma_table(cli_report *rep, const haven_eis_batch_result *r)
{
    double k = cli_sigma_unit.scale;
    cli_report_estimate_table(rep, "Conductivities (95% intervals from the fit covariance)");
    for (size_t i = 0; i < r->n; i++)
        for (int q = 0; q < 3; q++) {
            const haven_estimate *e = &r->spectra[i].sigma[q];
            if (!r->spectra[i].has_sigma[q])
                continue;
            char name[64];
            snprintf(name, sizeof name, "%s at %.2f K", LABELS[q], r->spectra[i].temperature_K);
            cli_report_estimate(rep, name, e->value * k, e->err * k, e->lo * k, e->hi * k,
                                cli_sigma_unit.name);
        }
    cli_report_table_end(rep);
}

static void activation_table(cli_report *rep, const haven_eis_batch_result *r)
{
    char caption[128];
    snprintf(caption, sizeof caption, "Activation energies (fit of ln(σT^%d) against 1/T)",
             r->arrhenius_power);
    cli_report_estimate_table(rep, caption);
    for (int q = 0; q < 3; q++) {
        const haven_estimate *e = &r->Ea[q];
        char name[64];
        snprintf(name, sizeof name, "Ea of %s", LABELS[q]);
        if (r->has_Ea[q])
            cli_report_estimate(rep, name, e->value / HAVEN_EV, e->err / HAVEN_EV, e->lo / HAVEN_EV,
                                e->hi / HAVEN_EV, "eV");
    }
    cli_report_table_end(rep);
    for (int q = 0; q < 3; q++) {
        const haven_arrhenius_result *a = &r->arrhenius[q];
        if (!r->has_Ea[q])
            cli_report_warning(rep, "No activation energy for %s: %s.", LABELS[q], r->why_no_Ea[q]);
        else if (a->birge > 1)
            cli_report_warning(rep,
                               "%s: the points scatter more than their errors (Birge ratio "
                               "%.3g%s): the error of Ea was widened by that factor.",
                               LABELS[q], a->birge,
                               a->misfit ? ", beyond the 99th percentile of χ²: the Arrhenius "
                                           "law may not hold over this range"
                                         : "");
    }
}

void eis_report_batch(cli_report *rep, const void *ctx)
{
    const haven_eis_batch_result *r = ctx;
    cli_report_section(rep, "Results");
    cli_report_text(rep,
                    "%zu spectra fitted with %s; conductivity σ = l/(R A) from the arcs' "
                    "resistances, in %s.",
                    r->n, r->circuit, cli_sigma_unit.name);
    spectra_table(rep, r);
    sigma_table(rep, r);
    activation_table(rep, r);
    cli_report_method(rep, "Complex nonlinear least squares",
                      "Each spectrum fitted by Levenberg–Marquardt on the real and imaginary parts "
                      "from several starts and from the previous temperature's parameters; errors "
                      "from the covariance at the minimum.",
                      "J. R. Macdonald, Electrochim. Acta 35, 1483 (1990).");
    cli_report_method(rep, "Arc assignment",
                      "Arcs named bulk or grain boundary by their capacitance normalised to a "
                      "cell constant of 1 cm⁻¹, unless assigned with --assign.",
                      "J. T. S. Irvine, D. C. Sinclair, A. R. West, Adv. Mater. 2, 132 (1990).");
    cli_report_method(rep, "Arrhenius fit",
                      "Weighted least squares of ln(σT^p) against 1/T, errors widened by the "
                      "Birge ratio when the points scatter more than their errors.",
                      "R. T. Birge, Phys. Rev. 40, 207 (1932).");
}

/* ---- each spectrum's fit ------------------------------------------------------- */

/* The file as the batch read it (its notes on dropped points were given then). */
static int read_again(const eis_cli_opts *o, const char *path, haven_eis_data *d)
{
    if (haven_eis_read(path, o->format, o->sign, d) != HAVEN_OK)
        return -1;
    const haven_eis_prep_options *p = &o->prep;
    haven_eis_prep_report rep;
    if ((p->fmin > 0 || p->fmax > 0 || p->drop_inductive || p->kk_exclude) &&
        haven_eis_preprocess(d, p, &rep) != HAVEN_OK) {
        haven_eis_data_free(d);
        return -1;
    }
    return 0;
}

static fig *spectrum_figure(const eis_cli_opts *o, const haven_eis_circuit *c,
                            const haven_eis_batch_spectrum *s, size_t k)
{
    haven_eis_data d;
    if (read_again(o, s->file, &d) != 0) {
        cli_lib_error(s->file);
        return NULL;
    }
    double *z = malloc(2 * d.n * sizeof *z);
    fig *f = NULL;
    if (z && haven_eis_circuit_eval(c, s->value, d.freq, d.n, z, z + d.n, NULL) == HAVEN_OK) {
        haven_eis_fit_result view = {.n_params = s->n_params,
                                     .n_points = d.n,
                                     .value = s->value,
                                     .zre_fit = z,
                                     .zim_fit = z + d.n};
        char label[320], name[32];
        snprintf(label, sizeof label, "%s (%.2f K)", s->file, s->temperature_K);
        snprintf(name, sizeof name, "nyquist-%zu", k + 1);
        f = eis_fit_figure(c, &d, &view, label);
        char *n = f ? strdup(name) : NULL;
        if (n) {
            free(f->name);
            f->name = n;
        } else {
            fig_free(f);
            f = NULL;
        }
    }
    if (!f)
        cli_error("out of memory drawing the fit of %s", s->file);
    free(z);
    haven_eis_data_free(&d);
    return f;
}

int eis_batch_figures(const eis_cli_opts *o, const haven_eis_batch_result *r, fig_set *set)
{
    if (fig_set_add(set, eis_batch_figure(r)) != 0) {
        cli_error("out of memory");
        return -1;
    }
    haven_eis_circuit *c = NULL;
    if (haven_eis_circuit_parse(r->circuit, &c) != HAVEN_OK) {
        cli_lib_error("eis batch");
        return -1;
    }
    int rc = 0;
    for (size_t k = 0; rc == 0 && k < r->n; k++) {
        fig *f = spectrum_figure(o, c, &r->spectra[k], k);
        rc = f && fig_set_add(set, f) == 0 ? 0 : -1;
    }
    haven_eis_circuit_free(c);
    return rc;
}
