/* The HTML report of `haven kmc` (tools/fig_kmc.h): the setting, every
 * point's estimates with their 95% intervals, E_a or the finite-size
 * extrapolation, the warnings in words, and the methods with references.
 * Units as the table prints them. */
#include "fig_kmc.h"

#include "units_cli.h"

#include "core/units.h"

#include <math.h>
#include <stdio.h>

static void est(cli_report *r, const char *name, haven_estimate e, double scale, const char *unit)
{
    cli_report_estimate(r, name, e.value * scale, e.err * scale, e.lo * scale, e.hi * scale, unit);
}

static void setting(cli_report *r, const haven_kmc_sweep *s)
{
    const haven_kmc_params *p = &s->params;
    cli_report_section(r, "Setting");
    cli_report_text(r,
                    "Lattice %s, %d×%d×%d cells, %zu sites, coordination %d, jump distance %g Å; "
                    "attempt frequency %.3g Hz, barrier %.4g eV, nearest-neighbour energy %.4g eV, "
                    "site energies %s, field (%g, %g, %g) V/m; %d replicas of at least %ld hops, "
                    "seed %lu.",
                    s->lattice, s->cells[0], s->cells[1], s->cells[2], s->sites, s->coordination,
                    s->a * HAVEN_A_PER_M, p->nu0, p->barrier / HAVEN_EV, p->interaction / HAVEN_EV,
                    s->disorder, p->field[0], p->field[1], p->field[2], p->n_replicas, p->hops,
                    p->seed);
    for (size_t k = 0; k < p->n_species; k++)
        cli_report_text(r, "Species %s: charge %+g e, site fraction %.4g.", p->species[k].name,
                        p->species[k].charge, p->species[k].fraction);
}

static void point_table(cli_report *r, const haven_kmc_sweep *s, size_t i)
{
    const haven_kmc_params *p = &s->params;
    const haven_kmc_result *q = &s->point[i];
    char caption[128], name[64];
    if (s->size_sweep)
        snprintf(caption, sizeof caption, "Cells %d (%.0f sites), T = %g K", s->size_cells[i],
                 s->size_sites[i], q->temperature);
    else
        snprintf(caption, sizeof caption, "T = %g K (%d %s for the errors)", q->temperature,
                 q->n_units, p->n_replicas > 1 ? "replicas" : "blocks");
    cli_report_estimate_table(r, caption);
    for (size_t k = 0; k < p->n_species; k++) {
        snprintf(name, sizeof name, "D*(%s)", p->species[k].name);
        est(r, name, q->D[k], cli_D_unit.scale, cli_D_unit.label);
    }
    est(r, "D_σ", q->D_sigma, cli_D_unit.scale, cli_D_unit.label);
    est(r, "f (MSD)", q->correlation, 1, "");
    est(r, "f (consecutive jumps)", q->correlation_cos, 1, "");
    est(r, "Haven ratio", q->haven_ratio, 1, "");
    est(r, "σ (Einstein)", q->sigma, cli_sigma_unit.scale, cli_sigma_unit.label);
    if (isfinite(q->sigma_field.value))
        est(r, "σ (field)", q->sigma_field, cli_sigma_unit.scale, cli_sigma_unit.label);
    for (size_t k = 0; k < p->n_species; k++) {
        snprintf(name, sizeof name, "jump rate (%s)", p->species[k].name);
        est(r, name, q->jump_rate[k], 1, "1/s");
    }
    cli_report_table_end(r);
}

static void fits(cli_report *r, const haven_kmc_sweep *s)
{
    const haven_kmc_params *p = &s->params;
    char name[64];
    if (s->have_activation) {
        cli_report_estimate_table(r, "Activation energies (Arrhenius fits over the temperatures)");
        for (size_t k = 0; k < p->n_species; k++)
            if (s->Ea_D_ok[k]) {
                snprintf(name, sizeof name, "E_a of D*(%s)", p->species[k].name);
                est(r, name, s->Ea_D[k].Ea, 1 / HAVEN_EV, "eV");
            }
        if (s->Ea_sigma_ok)
            est(r, "E_a of σT", s->Ea_sigma.Ea, 1 / HAVEN_EV, "eV");
        cli_report_table_end(r);
    }
    if (!s->size_sweep)
        return;
    cli_report_estimate_table(r, "Infinite cell (y = y_inf + a/sites over the cell sizes)");
    for (size_t q = 0; q < s->n_size_fits; q++) {
        if (!s->size_fit_ok[q])
            continue;
        int d = q < p->n_species || q == p->n_species + 2;
        snprintf(name, sizeof name, "%s%s", q < p->n_species ? "D* " : "",
                 haven_kmc_sweep_size_name(s, q));
        est(r, name, s->size_fit[q].y_inf, d ? cli_D_unit.scale : 1, d ? cli_D_unit.label : "");
    }
    cli_report_table_end(r);
}

static void fit_warning(cli_report *r, const char *what, const haven_arrhenius_result *a)
{
    if (a->birge > 1)
        cli_report_warning(r,
                           "The points of the Arrhenius fit of %s scatter more than their errors "
                           "(Birge ratio %.2f): the errors of E_a were widened by that factor%s.",
                           what, a->birge, a->misfit ? "; the law may not hold" : "");
}

static void warnings(cli_report *r, const haven_kmc_sweep *s)
{
    const haven_kmc_params *p = &s->params;
    for (size_t i = 0; i < s->n_points; i++) {
        const haven_kmc_result *q = &s->point[i];
        if (!q->blocks_settled)
            cli_report_warning(r,
                               "T = %g K: no block length gave a linear tracer MSD within the "
                               "hop limit: D* and f may keep a bias of %+.2g%% (± %.2g%%).",
                               q->temperature, 100 * q->block_bias.value, 100 * q->block_bias.err);
        if (!q->windows_settled)
            cli_report_warning(r,
                               "T = %g K: no window length gave a linear collective MSD within "
                               "the hop limit: D_σ and σ may be biased.",
                               q->temperature);
        if (q->equil_unsettled)
            cli_report_warning(r,
                               "T = %g K: %d replica(s) were not stationary after %.3g hops of "
                               "equilibration.",
                               q->temperature, q->equil_unsettled, q->equil_hops);
    }
    for (size_t k = 0; s->have_activation && k < p->n_species; k++)
        if (s->Ea_D_ok[k])
            fit_warning(r, p->species[k].name, &s->Ea_D[k]);
    if (s->have_activation && s->Ea_sigma_ok)
        fit_warning(r, "σT", &s->Ea_sigma);
    for (size_t i = 0; s->size_sweep && i < s->n_points; i++)
        for (size_t q = 0; q < s->n_size_fits; q++)
            if (s->size_shifted[i] >> q & 1u)
                cli_report_warning(r,
                                   "Cells %d (%.0f sites): %s%s is shifted by the cell's size "
                                   "beyond its statistical error; use the infinite-cell value "
                                   "or larger cells.",
                                   s->size_cells[i], s->size_sites[i],
                                   q < p->n_species ? "D* of " : "",
                                   haven_kmc_sweep_size_name(s, q));
}

static void methods(cli_report *r, const haven_kmc_sweep *s)
{
    cli_report_method(r, "Kinetic Monte Carlo",
                      "Rejection-free residence-time algorithm on a periodic lattice with site "
                      "exclusion; hop rate ν₀ exp(−E_b/kT), E_b = E_a + max(0, ΔE) − qF·d/2, which "
                      "keeps detailed balance.",
                      "A. B. Bortz, M. H. Kalos, J. L. Lebowitz, J. Comput. Phys. 17, 10 (1975).");
    cli_report_method(r, "Errors",
                      "Independent replicas (or blocks of one): jackknife standard errors and "
                      "Student-t 95% intervals; block and window lengths chosen where the MSD is "
                      "linear (docs/kmc.md).",
                      "B. Efron, C. Stein, Ann. Stat. 9, 586 (1981).");
    if (s->have_activation)
        cli_report_method(r, "Activation energy",
                          "Weighted least squares of ln D* and ln(σT) against 1/kT; errors widened "
                          "by the Birge ratio when the points scatter more than their errors.",
                          "R. T. Birge, Phys. Rev. 40, 207 (1932).");
    if (s->size_sweep)
        cli_report_method(r, "Finite size",
                          "Weighted straight line y = y_inf + a/N over the cell sizes (N sites), "
                          "errors widened by the Birge ratio.",
                          "docs/kmc.md, section Finite size.");
}

void kmc_report_fill(cli_report *r, const void *ctx)
{
    const haven_kmc_sweep *s = ctx;
    setting(r, s);
    cli_report_section(r, "Results");
    for (size_t i = 0; i < s->n_points; i++)
        point_table(r, s, i);
    fits(r, s);
    warnings(r, s);
    methods(r, s);
}
