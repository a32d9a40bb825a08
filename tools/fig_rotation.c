/* Figure and report of haven rotation: orientational autocorrelations with
 * their KWW fits, and the coupling of rotations to cation motion. */
#include "fig_structure.h"

#include "core/units.h"
#include "structure_cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static void correlation_panel(fig *f, const haven_rotation *r)
{
    fig_panel *p = fig_panel_add(f, "orientational autocorrelation of the bonds", "t (ps)",
                                 "C_l(t) = ⟨P_l(u(0)·u(t))⟩");
    double *t = malloc(4 * r->n_lags * sizeof *t);
    if (!p || !t) {
        free(t);
        return;
    }
    p->xlog = 1;
    p->legend = FIG_LEGEND_BOTTOM_LEFT; /* C_l starts at 1 and decays to the right */
    double *y = t + r->n_lags, *lo = y + r->n_lags, *hi = lo + r->n_lags;
    for (size_t k = 0; k < r->n_lags; k++)
        t[k] = (double)r->lag[k] * r->dt * HAVEN_PS_PER_S;
    for (int l = 0; l < 2; l++) {
        for (size_t k = 0; k < r->n_lags; k++) {
            y[k] = r->c[l][k];
            lo[k] = y[k] - r->c_err[l][k];
            hi[k] = y[k] + r->c_err[l][k];
        }
        char label[160];
        snprintf(label, sizeof label, "C_%d ± 1 s.e.%s", l + 1,
                 r->kww_ok[l] ? "" : " (not fitted: decays less than half)");
        fig_series *s = fig_points(p, label, t, y, lo, hi, r->n_lags, l);
        if (s)
            s->marker = l;
        if (!r->kww_ok[l])
            continue;
        const haven_fit_result *k = &r->kww[l];
        snprintf(label, sizeof label, "KWW: τ_%d = %.3g ps [%.3g, %.3g], β = %.2f", l + 1,
                 k->param[1].value * HAVEN_PS_PER_S, k->param[1].lo * HAVEN_PS_PER_S,
                 k->param[1].hi * HAVEN_PS_PER_S, k->param[2].value);
        fig_kww_curve(p, k, t[0] / HAVEN_PS_PER_S, t[r->n_lags - 1] / HAVEN_PS_PER_S, label, l);
    }
    free(t);
}

/* Pearson r and its 95% interval (Fisher z), and the 95% range of r for
 * independent motions from as many pairs. */
static void fisher_interval(double r, size_t n, double *lo, double *hi, double *null_half)
{
    double s = n > 3 ? 1.959963984540054 / sqrt((double)n - 3) : INFINITY;
    double z = atanh(fmax(fmin(r, 1 - 1e-15), -1 + 1e-15));
    *lo = tanh(z - s);
    *hi = tanh(z + s);
    *null_half = tanh(s);
}

static void coupling_panel(fig *f, const rotation_view *v)
{
    const haven_rotation *r = v->r;
    char title[160];
    snprintf(title, sizeof title, "rotation–%s coupling: z = %.3g, p = %.3g", v->cation,
             r->coupling_z, r->coupling_p);
    fig_panel *p = fig_panel_add(f, title, NULL, "Pearson r");
    if (!p)
        return;
    const char *name = "rotation angle vs cation displacement";
    fig_panel_categories(p, 0, &name, 1);
    p->legend = FIG_LEGEND_TOP_RIGHT;
    double lo, hi, half, x = 0, y = r->coupling_r;
    fisher_interval(r->coupling_r, r->coupling_pairs, &lo, &hi, &half);
    double m = fmax(fmax(fabs(lo), fabs(hi)), half);
    if (isfinite(m) && m > 0) /* room above for the legend */
        p->ymin = -1.2 * m, p->ymax = 2.0 * m;
    double bx[2] = {-0.5, 0.5}, blo[2] = {-half, -half}, bhi[2] = {half, half};
    fig_band(p, "independent motions: 95% range", bx, blo, bhi, 2, 6);
    fig_series *zero = fig_hline(p, NULL, 0.0, 7);
    if (zero)
        zero->dashed = 1;
    char label[128];
    snprintf(label, sizeof label, "r = %.3g [%.3g, %.3g], %zu pairs", y, lo, hi,
             r->coupling_pairs);
    fig_series *s = fig_points(p, label, &x, &y, &lo, &hi, 1, 1);
    if (s)
        s->marker = 1;
}

fig *rotation_figure(const rotation_view *v)
{
    char title[512];
    snprintf(title, sizeof title, "Reorientation of the %s–%s groups in %s: C_1 and C_2 with KWW "
             "fits (dashed, 95%% bands)%s",
             v->centre, v->ligand, v->file,
             v->cation ? "; correlation of each group's rotation with the displacement of the "
                         "cations near it, with its 95% interval, against the range for "
                         "independent motions"
                       : "");
    fig *f = fig_create("rotation", title);
    if (!f)
        return NULL;
    correlation_panel(f, v->r);
    if (v->cation)
        coupling_panel(f, v);
    return f;
}

void rotation_report(cli_report *rep, const rotation_view *v)
{
    const haven_rotation *r = v->r;
    cli_report_section(rep, "Results");
    cli_report_text(rep, "%s: %zu %s groups with %zu–%zu %s ligands within %.3g Å (%zu bonds); "
                         "lags %.4g to %.4g ps.",
                    v->file, r->n_groups, v->centre, r->min_ligands, r->max_ligands, v->ligand,
                    v->cutoff * HAVEN_A_PER_M, r->n_bonds,
                    (double)r->lag[0] * r->dt * HAVEN_PS_PER_S,
                    (double)r->lag[r->n_lags - 1] * r->dt * HAVEN_PS_PER_S);
    cli_report_estimate_table(rep, "KWW fits A exp(−(t/τ)^β) of the orientational "
                                   "autocorrelations");
    for (int l = 0; l < 2; l++) {
        char what[16];
        snprintf(what, sizeof what, "C_%d", l + 1);
        if (r->kww_ok[l])
            report_kww_rows(rep, what, &r->kww[l]);
        else
            cli_report_warning(rep, "C_%d was not fitted: it stays above half its first value "
                                    "(%.3g at the longest lag), so τ_%d exceeds what the run can "
                                    "determine.",
                               l + 1, r->c[l][r->n_lags - 1], l + 1);
    }
    cli_report_table_end(rep);
    if (v->cation) {
        double lo, hi, half;
        fisher_interval(r->coupling_r, r->coupling_pairs, &lo, &hi, &half);
        cli_report_text(rep, "Coupling to %s within %.3g Å over %.4g ps windows: Pearson r = "
                             "%.4g, 95%% interval [%.4g, %.4g] (Fisher z); independent motions "
                             "give |r| < %.3g in 95%% of runs; z = %.3g, p = %.3g (%zu pairs, "
                             "%zu windows).",
                        v->cation, v->near * HAVEN_A_PER_M, v->window * HAVEN_PS_PER_S,
                        r->coupling_r, lo, hi, half, r->coupling_z, r->coupling_p,
                        r->coupling_pairs, r->coupling_windows);
        cli_report_warning(rep, "The pairs of the coupling share groups and cations, so they are "
                                "not independent: its interval and p-value are indicative.");
    }
    cli_report_method(rep, "Orientational autocorrelation",
                      "C_l(t) = ⟨P_l(u(t0)·u(t0+t))⟩ over the centre–ligand bonds of rigid "
                      "groups and all time origins; for rotational diffusion C_l = "
                      "exp(−l(l+1)D_r t), so τ_1 = 1/(2D_r) and τ_2 = 1/(6D_r).",
                      "D. Kivelson and P. A. Madden, Annu. Rev. Phys. Chem. 31, 523 (1980).");
    if (v->cation)
        cli_report_method(rep, "Paddle-wheel coupling",
                          "Pearson correlation of each group's rotation angle with the "
                          "displacement of the cations near it in the same window; Fisher z "
                          "test against r = 0.",
                          "Z. Zhang and L. F. Nazar, Nat. Rev. Mater. 7, 389 (2022).");
}
