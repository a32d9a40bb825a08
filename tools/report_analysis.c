/* The HTML report of the trajectory jobs (tools/fig_analysis.h). Units as
 * the tables print them: D in cm²/s, sigma in mS/cm (or --units), energies in eV. */
#include "fig_analysis.h"
#include "units_cli.h"
#include "core/units.h"

#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define EV 1.602176634e-19

static void est(cli_report *r, const char *name, const haven_estimate *e, double scale,
                const char *unit)
{
    cli_report_estimate(r, name, e->value * scale, e->err * scale, e->lo * scale, e->hi * scale,
                        unit);
}

static const char *base(const char *p)
{
    const char *b = strrchr(p, '/');
    return b ? b + 1 : p;
}

static void runs_table(cli_report *r, const haven_analysis *a)
{
    static const char *const head[] = {"run", "frames", "interval (ps)", "atoms", "T (K)",
                                       "volume (nm³)"};
    cli_report_table(r, "Runs", head, 6);
    for (size_t k = 0; k < a->n_runs; k++) {
        const haven_run_result *u = &a->runs[k];
        char c[5][48];
        snprintf(c[0], 48, "%zu", u->info.n_frames);
        snprintf(c[1], 48, "%.4g", u->info.frame_interval * HAVEN_PS_PER_S);
        snprintf(c[2], 48, "%zu", u->n_atoms);
        snprintf(c[3], 48, "%.5g", a->job == HAVEN_JOB_DIFFUSION ? u->info.temperature : u->T);
        snprintf(c[4], 48, "%.5g", u->info.volume_mean * 1e27);
        const char *cells[] = {base(u->path), c[0], c[1], c[2], c[3], c[4]};
        cli_report_row(r, cells, 6);
    }
    cli_report_table_end(r);
}

static void tracer_table(cli_report *r, const haven_analysis *a)
{
    cli_report_estimate_table(r, "Tracer diffusion coefficients D* (MSD, generalised least squares)");
    for (size_t k = 0; k < a->n_runs; k++)
        for (size_t g = 0; g < a->runs[k].n_species; g++) {
            const haven_species_result *s = &a->runs[k].sp[g];
            char name[160];
            snprintf(name, sizeof name, "D*(%s), %s", s->name, base(a->runs[k].path));
            const haven_dfit_result *f = &s->fit;
            cli_report_estimate(r, name, f->D.value * cli_D_unit.scale, f->D.err * cli_D_unit.scale,
                                f->D.lo * cli_D_unit.scale, f->D.hi * cli_D_unit.scale,
                                cli_D_unit.label);
        }
    cli_report_table_end(r);
}

static void conductivity_table(cli_report *r, const haven_run_result *u)
{
    char caption[256];
    snprintf(caption, sizeof caption, "Conductivity of %s at %.5g K (barycentric frame)",
             base(u->path), u->T);
    cli_report_estimate_table(r, caption);
    est(r, "σ (Einstein–Helfand)", &u->bary.sigma, cli_sigma_unit.scale, cli_sigma_unit.name);
    est(r, "σ_NE (Nernst–Einstein)", &u->bary.sigma_ne, cli_sigma_unit.scale, cli_sigma_unit.name);
    est(r, "Haven ratio H_R", &u->bary.haven_ratio, 1, "");
    est(r, "D_σ (charge diffusivity)", &u->bary.d_sigma, cli_D_unit.scale, cli_D_unit.label);
    if (u->have_gk && u->gk.ok)
        est(r, "σ (Green–Kubo)", &u->gk.sigma, cli_sigma_unit.scale, cli_sigma_unit.name);
    for (size_t g = 0; g < u->n_species && u->bary.t_ideal; g++) {
        char name[64];
        snprintf(name, sizeof name, "t_ideal(%s)", u->sp[g].name);
        est(r, name, &u->bary.t_ideal[g], 1, "");
        snprintf(name, sizeof name, "t_corr(%s)", u->sp[g].name);
        est(r, name, &u->bary.t_corr[g], 1, "");
    }
    cli_report_table_end(r);
}

static void series_table(cli_report *r, const haven_analysis *a)
{
    const haven_series_result *s = &a->series;
    if (!s->ok) {
        cli_report_text(r, "No temperature series: %s", s->note);
        return;
    }
    cli_report_estimate_table(r, "Temperature dependence (Arrhenius, errors widened by the Birge "
                                 "ratio when the points scatter)");
    const haven_arrhenius_result *f = &s->sigma;
    est(r, "Ea of σT", &f->Ea, 1 / EV, "eV");
    char name[96];
    snprintf(name, sizeof name, "σ at %g K", s->at);
    est(r, name, &s->sigma_at, cli_sigma_unit.scale, cli_sigma_unit.name);
    for (size_t g = 0; g < s->n_species && g < a->runs[0].n_species; g++) {
        const haven_arrhenius_result *d = &s->D[g];
        if (!isfinite(d->Ea.value))
            continue;
        snprintf(name, sizeof name, "Ea of D*(%s)", a->runs[0].sp[g].name);
        est(r, name, &d->Ea, 1 / EV, "eV");
        snprintf(name, sizeof name, "D*(%s) at %g K", a->runs[0].sp[g].name, s->at);
        est(r, name, &s->D_at[g], cli_D_unit.scale, cli_D_unit.label);
    }
    double tmin = INFINITY, tmax = -INFINITY;
    for (size_t k = 0; k < a->n_runs; k++) {
        tmin = fmin(tmin, a->runs[k].T);
        tmax = fmax(tmax, a->runs[k].T);
    }
    if (s->at < 0.9 * tmin || s->at > 1.1 * tmax)
        cli_report_warning(r, "The values at %g K are extrapolated outside the simulated range "
                              "(%.4g–%.4g K): they hold only if the mechanism does not change in "
                              "between; their intervals are those of the fit alone.",
                           s->at, tmin, tmax);
    if (s->have_entropy)
        est(r, "activation entropy ΔS", &s->dS, 1 / 1.380649e-23, "k_B");
    cli_report_table_end(r);
    if (f->birge > 1)
        cli_report_warning(r, "The conductivities scatter about the Arrhenius line more than their "
                              "errors (Birge ratio %.3g): Ea's error was widened by it.",
                           f->birge);
}

static void pool_table(cli_report *r, const haven_analysis *a)
{
    const haven_pool_result *p = &a->pool;
    cli_report_estimate_table(r, "Independent runs pooled (errors widened when they disagree)");
    for (size_t g = 0; g < p->n_species; g++) {
        const haven_dfit_result *f = &p->fit[g].pooled;
        char name[64];
        snprintf(name, sizeof name, "D*(%s), pooled", p->name[g]);
        cli_report_estimate(r, name, f->D.value * cli_D_unit.scale, f->D.err * cli_D_unit.scale,
                            f->D.lo * cli_D_unit.scale, f->D.hi * cli_D_unit.scale,
                            cli_D_unit.label);
        if (!p->fit[g].agree)
            cli_report_warning(r, "The runs disagree on D*(%s) (p = %.2g): its pooled error was "
                                  "widened by the Birge ratio %.3g.",
                               p->name[g], p->fit[g].p_value, p->fit[g].birge);
    }
    if (p->have_sigma)
        est(r, "σ, pooled", &p->sigma.mean, cli_sigma_unit.scale, cli_sigma_unit.name);
    cli_report_table_end(r);
}

static void warnings(cli_report *r, const haven_analysis *a)
{
    for (size_t k = 0; k < a->n_runs; k++) {
        const haven_run_result *u = &a->runs[k];
        for (size_t g = 0; g < u->n_species; g++) {
            const haven_species_result *s = &u->sp[g];
            if (!s->fit_ok) {
                cli_report_warning(r, "%s, %s: no D*: %s", base(u->path), s->name, s->fit_error);
                continue;
            }
            if (s->fit.warnings) {
                char text[1024];
                haven_dfit_warning_text(&s->fit, text, sizeof text);
                cli_report_warning(r, "%s, %s: %s", base(u->path), s->name, text);
            }
            if (!s->fit.diffusive)
                cli_report_warning(r,
                                   "%s, %s: not diffusive within this run (D* below %.3g %s "
                                   "at 95%%); left out of σ_NE, t_ideal and H_R.",
                                   base(u->path), s->name, s->fit.D_upper95 * cli_D_unit.scale,
                                   cli_D_unit.label);
        }
        if (a->job != HAVEN_JOB_DIFFUSION && u->have_gk && !u->gk.ok && u->gk.note[0])
            cli_report_warning(r, "%s: Green–Kubo: %s", base(u->path), u->gk.note);
    }
}

static void methods(cli_report *r, const haven_analysis *a)
{
    cli_report_method(r, "Mean-squared displacement",
                      "All time origins, by FFT (Wiener–Khinchin), per species and tensor component; "
                      "unwrapped positions, the drift of the whole system removed.",
                      "G. R. Kneller, V. Keiner, M. Kneller, M. Schiller, Comput. Phys. Commun. 91, "
                      "191 (1995).");
    cli_report_method(r, "D* and its error",
                      "Generalised least squares on the MSD over a window where it is linear "
                      "(after the ballistic regime and the cage escape seen in the non-Gaussian "
                      "parameter, no change of slope, GLS and OLS agreeing), with the covariance "
                      "between lags measured from the data and checked against independent time "
                      "blocks; 95% intervals with Student's t on the blocks' degrees of freedom.",
                      "A. R. Bullerjahn, S. von Bülow, G. Hummer, J. Chem. Phys. 153, 024116 "
                      "(2020); A. R. McCluskey et al., J. Chem. Phys. 162, 074115 (2025) "
                      "(kinisi).");
    if (a->job != HAVEN_JOB_DIFFUSION) {
        cli_report_method(r, "Conductivity",
                          "Einstein–Helfand: the MSD of the charge displacement Σ qᵢ Δrᵢ in the "
                          "barycentric frame, fitted as D* is; Onsager coefficients L_ab from the "
                          "species' cross-displacements; Nernst–Einstein σ from D*; Haven ratio "
                          "σ_NE/σ.",
                          "E. Helfand, Phys. Rev. 119, 1 (1960); A. Fong et al., Macromolecules "
                          "54, 2575 (2021).");
        cli_report_method(r, "Green–Kubo",
                          "Running integral of the charge-current autocorrelation, read on a "
                          "plateau found by comparing the drift of the integral with its spread "
                          "over time blocks (where the trajectory has velocities).",
                          "M. S. Green, J. Chem. Phys. 22, 398 (1954); R. Kubo, J. Phys. Soc. Jpn. "
                          "12, 570 (1957).");
    }
    if (a->have_series)
        cli_report_method(r, "Arrhenius fits",
                          "Weighted least squares of ln(σT) and ln D* on 1/T, errors widened by "
                          "the Birge ratio when the points scatter more than their errors.",
                          "R. T. Birge, Phys. Rev. 40, 207 (1932).");
}

void analysis_report(cli_report *r, const haven_analysis *a)
{
    cli_report_section(r, "Results");
    runs_table(r, a);
    tracer_table(r, a);
    if (a->job != HAVEN_JOB_DIFFUSION)
        for (size_t k = 0; k < a->n_runs; k++)
            conductivity_table(r, &a->runs[k]);
    if (a->have_pool)
        pool_table(r, a);
    if (a->have_series)
        series_table(r, a);
    warnings(r, a);
    methods(r, a);
}

static void fill_analysis_report(cli_report *r, const void *a)
{
    analysis_report(r, a);
}

int analysis_outputs(const cli_fig_opts *o, const char *command, const char *const *paths,
                     size_t n_paths, const haven_analysis *a)
{
    if (!cli_fig_wanted(o))
        return 0;
    fig_set set = {0};
    if (analysis_figures(a, &set) != 0) {
        cli_error("out of memory");
        fig_set_clear(&set);
        return -1;
    }
    char title[160];
    snprintf(title, sizeof title, "haven %s: %zu run%s", command, a->n_runs,
             a->n_runs == 1 ? "" : "s");
    return cli_fig_outputs(o, title, paths, n_paths, &set, fill_analysis_report, a);
}
