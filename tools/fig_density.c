/* Figure and report of haven density: free-energy maps of the density and
 * its percolation curve. */
#include "fig_structure.h"

#include "core/units.h"
#include "structure_cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

enum { CURVE_LEVELS = 160 };

static const char *const axis_name[3] = {"a", "b", "c"};

static double length_A(const double v[3])
{
    return sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]) * HAVEN_A_PER_M;
}

/* Free energies are shown in eV with a temperature, else in units of kT. */
static double energy_unit(const density_view *v)
{
    return isfinite(v->temperature) && v->temperature > 0 ? HAVEN_KB * v->temperature / HAVEN_EV
                                                            : 1.0;
}

/* Top of the colour and level range: 1/1000 of rho_max (6.9 kT), or more
 * when a percolation barrier lies higher. */
static double energy_top(const density_view *v)
{
    double top = log(1000.0) * energy_unit(v);
    double to_shown = energy_unit(v) != 1.0 ? 1 / HAVEN_EV : 0;
    for (int d = 0; d < 3; d++) {
        double b = to_shown ? v->barrier[d].value * to_shown
                            : -log(v->p->level[d] / v->p->rho_max);
        if (isfinite(b))
            top = fmax(top, 1.25 * b);
    }
    return top;
}

/* The lowest free energy along lattice direction `along` (the densest
 * voxel of each line), on the grid of the two other directions. */
static void map_panel(fig *f, const density_view *v, int along, const char *zlabel)
{
    const haven_grid *g = v->g;
    int u = along == 0 ? 1 : 0, w = along == 2 ? 1 : 2;
    size_t nu = g->n[u], nw = g->n[w], stride[3] = {g->n[1] * g->n[2], g->n[2], 1};
    double *x = malloc((nu + nw + nu * nw) * sizeof *x);
    char title[96], xl[64], yl[64];
    snprintf(title, sizeof title, "lowest free energy along %s", axis_name[along]);
    snprintf(xl, sizeof xl, "along %s (Å)", axis_name[u]);
    snprintf(yl, sizeof yl, "along %s (Å)", axis_name[w]);
    fig_panel *p = fig_panel_add(f, title, xl, yl);
    if (!p || !x) {
        free(x);
        return;
    }
    double *y = x + nu, *z = y + nw;
    for (size_t i = 0; i < nu; i++)
        x[i] = (double)i / (double)nu * length_A(g->cell[u]);
    for (size_t j = 0; j < nw; j++)
        y[j] = (double)j / (double)nw * length_A(g->cell[w]);
    double eu = energy_unit(v);
    for (size_t j = 0; j < nw; j++)
        for (size_t i = 0; i < nu; i++) {
            double best = 0;
            for (size_t k = 0; k < g->n[along]; k++)
                best = fmax(best, g->value[i * stride[u] + j * stride[w] + k * stride[along]]);
            z[j * nu + i] = best > 0 ? -eu * log(best / v->p->rho_max) : NAN;
        }
    fig_series *m = fig_image(p, zlabel, x, nu, y, nw, z);
    if (m)
        m->zmin = 0, m->zmax = energy_top(v);
    free(x);
}

/* Enclosed and wrapping fractions of the cell against the level, shown as
 * a free energy; the thresholds of haven_grid_percolation marked, with
 * their intervals when the jackknife ran. */
static void curve_panel(fig *f, const density_view *v, const char *xlabel)
{
    fig_panel *p = fig_panel_add(f, "percolation of the isosurface network", xlabel,
                                 "fraction of the cell");
    double e[CURVE_LEVELS], level[CURVE_LEVELS], out[4 * CURVE_LEVELS];
    double eu = energy_unit(v), top = energy_top(v);
    for (int k = 0; k < CURVE_LEVELS; k++) {
        e[k] = top * k / (CURVE_LEVELS - 1.0);
        level[k] = v->p->rho_max * exp(-e[k] / eu);
    }
    if (!p || haven_grid_percolation_curve(v->g, level, CURVE_LEVELS, out) != HAVEN_OK)
        return;
    p->ylog = 1;
    p->legend = FIG_LEGEND_BOTTOM_RIGHT;
    static const char *const names[4] = {"enclosed (ρ ≥ level)", "connected in ≥ 1 direction",
                                         "connected in ≥ 2 directions",
                                         "connected in 3 directions"};
    /* solid, dashed, dotted: where the curves coincide all stay visible */
    for (int d = 0; d < 4; d++) {
        fig_series *l = fig_line(p, names[d], e, out + d * CURVE_LEVELS, CURVE_LEVELS, d ? d - 1 : 7);
        if (l && d > 1)
            l->dashed = d - 1;
    }
    for (int d = 0; d < 3; d++) {
        double b = eu != 1.0 ? v->barrier[d].value / HAVEN_EV : -log(v->p->level[d] / v->p->rho_max);
        if (!isfinite(b))
            continue;
        char label[128];
        if (eu != 1.0 && isfinite(v->barrier[d].lo) && isfinite(v->barrier[d].hi))
            snprintf(label, sizeof label, "%dD threshold %.3g eV [%.3g, %.3g]", d + 1, b,
                     v->barrier[d].lo / HAVEN_EV, v->barrier[d].hi / HAVEN_EV);
        else
            snprintf(label, sizeof label, "%dD threshold %.3g %s", d + 1, b,
                     eu != 1.0 ? "eV" : "kT");
        fig_series *l = fig_vline(p, label, b, d);
        if (l)
            l->dashed = 1;
    }
}

fig *density_figure(const density_view *v)
{
    int have_T = energy_unit(v) != 1.0;
    char title[512];
    snprintf(title, sizeof title, "Density of %s in %s as a free energy −kT ln(ρ/ρ_max)%s: its "
             "lowest value along each lattice direction (blank: never visited), and the "
             "percolation of the network ρ ≥ level%s",
             v->species, v->file, have_T ? "" : " in units of kT (no temperature)",
             v->n_blocks ? " (thresholds with their 95% jackknife intervals)" : "");
    fig *f = fig_create("density", title);
    if (!f)
        return NULL;
    const char *zlabel = have_T ? "−kT ln(ρ/ρ_max) (eV)" : "−ln(ρ/ρ_max) (kT)";
    for (int along = 2; along >= 0; along--)
        map_panel(f, v, along, zlabel);
    curve_panel(f, v, have_T ? "level as −kT ln(level/ρ_max) (eV)" : "level as −ln(level/ρ_max) (kT)");
    return f;
}

void density_report(cli_report *r, const density_view *v)
{
    const haven_grid *g = v->g;
    cli_report_section(r, "Results");
    cli_report_text(r, "%s: %s over %zu frames on a %zu × %zu × %zu grid; ρ_max = %.4g Å⁻³; "
                       "%.3g%% of the voxels visited; the visited volume connects in %d "
                       "direction(s).",
                    v->file, v->species, v->n_frames, g->n[0], g->n[1], g->n[2],
                    v->p->rho_max / (HAVEN_A_PER_M * HAVEN_A_PER_M * HAVEN_A_PER_M),
                    100 * v->p->visited_fraction, v->p->dimensionality);
    if (isfinite(v->temperature) && v->temperature > 0) {
        char caption[160];
        snprintf(caption, sizeof caption, "Percolation barriers −kT ln(level/ρ_max) at %g K",
                 v->temperature);
        cli_report_estimate_table(r, caption);
        for (int d = 0; d < 3; d++) {
            char name[64];
            snprintf(name, sizeof name, "network connected in %d direction%s", d + 1,
                     d ? "s" : "");
            st_report_estimate(r, name, v->barrier[d], 1 / HAVEN_EV, "eV");
        }
        cli_report_table_end(r);
    } else {
        cli_report_warning(r, "No temperature (from the file or --temperature): the barriers "
                              "are not computed; the figure shows −ln(ρ/ρ_max) in units of kT.");
    }
    if (!v->n_blocks)
        cli_report_warning(r, "No sampling errors: the barriers are single estimates (give "
                              "--blocks N for jackknife intervals over time blocks).");
    for (int d = v->p->dimensionality; d < 3; d++)
        cli_report_warning(r, "The visited volume does not connect in %d directions within the "
                              "run: no %dD barrier.", d + 1, d + 1);
    cli_report_method(r, "Probability density",
                      "Histogram of the ions' fractional coordinates on a grid of the mean cell, "
                      "as a number density (its integral is the number of ions), optionally "
                      "smoothed by a periodic Gaussian.",
                      "As in pymatgen-analysis-diffusion's probability density.");
    cli_report_method(r, "Percolation",
                      "Voxels added in order of falling density, joined to their face "
                      "neighbours by a union-find that keeps periodic images; the rank of a "
                      "cluster's wrapping translations is its dimensionality. Barrier "
                      "−kT ln(level/ρ_max) at the highest level of each dimensionality; "
                      "errors by the jackknife over time blocks.",
                      "M. E. J. Newman and R. M. Ziff, Phys. Rev. E 64, 016706 (2001).");
}
