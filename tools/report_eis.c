/* HTML report contents of `haven eis fit|linkk|drt` (tools/fig_eis.h). */
#include "fig_eis.h"
#include "units_cli.h"

#include <math.h>
#include <stdio.h>

static void linkk_verdict(cli_report *r, const haven_eis_linkk_result *k)
{
    cli_report_text(r, "Lin-KK: M = %zu RC elements (μ = %.3g, c = %.2g), RMS residuals %.3g%% "
                       "(real) and %.3g%% (imaginary) of |Z|: %s.",
                    k->m, k->mu, k->c, 100 * k->rms_re, 100 * k->rms_im,
                    k->valid ? "the spectrum is consistent with Kramers–Kronig"
                             : "the spectrum is NOT consistent with Kramers–Kronig");
    if (!k->valid)
        cli_report_warning(r, "Lin-KK: residuals of %.3g%% / %.3g%% exceed the threshold: drift, "
                              "non-linearity or a non-stationary cell during the sweep; "
                              "fitted parameters may not describe one state of the cell.",
                           100 * k->rms_re, 100 * k->rms_im);
    cli_report_method(r, "Lin-KK", "A series of RC elements with fixed time constants fitted by "
                                   "linear least squares; M taken where μ stays below c "
                                   "(over-fitting onset).",
                      "M. Schönleber, D. Klotz, E. Ivers-Tiffée, Electrochim. Acta 131, 20 (2014); "
                      "B. A. Boukamp, J. Electrochem. Soc. 142, 1885 (1995).");
}

void eis_report_fit(cli_report *r, const void *ctx)
{
    const eis_fit_report *e = ctx;
    const haven_eis_fit_result *f = e->fit;
    char caption[256];
    snprintf(caption, sizeof caption, "Parameters of %s", haven_eis_circuit_text(e->c));
    cli_report_section(r, "Results");
    cli_report_estimate_table(r, caption);
    for (size_t k = 0; k < f->n_params; k++) {
        const char *name = haven_eis_circuit_param_name(e->c, k);
        const haven_estimate *q = &f->param[k];
        cli_report_estimate(r, name, q->value, q->err, q->lo, q->hi, q->unit);
        if (f->at_bound && f->at_bound[k])
            cli_report_warning(r, "%s sits at a bound given with --bounds: its error and interval "
                                  "say nothing.",
                               name);
    }
    static const char *const kinds[3] = {"σ bulk", "σ grain boundary", "σ total"};
    for (int i = 0; e->sigma && i < 3; i++)
        if (e->sigma[i].valid)
            cli_report_estimate(r, kinds[i], e->sigma[i].value, e->sigma[i].stderr_, e->sigma[i].lo,
                                e->sigma[i].hi, cli_sigma_unit.name);
    cli_report_table_end(r);
    cli_report_text(r, "%zu points, χ²/dof = %.3g; %zu of %zu starts reached the best χ².",
                    f->n_points, f->chi2_reduced, f->n_agree, f->n_starts);
    if (f->n_agree < 2 && f->n_starts > 1)
        cli_report_warning(r, "Only one start reached the best fit: the minimum may not be "
                              "unique; try --starts with more starts or better --initial values.");
    if (e->kk)
        linkk_verdict(r, e->kk);
    cli_report_method(r, "Complex nonlinear least squares",
                      "Levenberg–Marquardt on the real and imaginary parts with the chosen "
                      "weights, from several starts; errors from the covariance at the minimum, "
                      "intervals in the transformed (log/logit) space.",
                      "J. R. Macdonald, Electrochim. Acta 35, 1483 (1990).");
}

void eis_report_linkk(cli_report *r, const void *ctx)
{
    cli_report_section(r, "Results");
    linkk_verdict(r, ctx);
}

void eis_report_drt(cli_report *r, const void *ctx)
{
    const haven_eis_drt_result *d = ctx;
    char by[256];
    eis_drt_lambdas_text(d, by, sizeof by);
    cli_report_section(r, "Results");
    cli_report_text(r, "λ = %.3g by %s (%s); R∞ = %.4g Ω, R_pol = %.4g Ω; RMS residual %.3g.",
                    d->lambda, haven_eis_drt_method_name(d->method), by, d->r_inf.value, d->r_pol,
                    d->residual_rms);
    cli_report_estimate_table(r, "Peaks (increasing τ)");
    for (size_t k = 0; k < d->n_peaks; k++) {
        const haven_eis_drt_peak *p = &d->peaks[k];
        char name[64];
        snprintf(name, sizeof name, "τ of peak %zu%s", k + 1, p->extrapolated ? " (extrapolated)" : "");
        cli_report_estimate(r, name, p->tau.value, p->tau.err, p->tau.lo, p->tau.hi, "s");
        snprintf(name, sizeof name, "R of peak %zu", k + 1);
        cli_report_estimate(r, name, p->r.value, p->r.err, p->r.lo, p->r.hi, "Ω");
        if (p->extrapolated)
            cli_report_warning(r, "Peak %zu (τ = %.3g s) lies outside the measured window "
                                  "[%.3g, %.3g] s: it stands for a trend beyond the data, not a "
                                  "resolved arc.",
                               k + 1, p->tau.value, d->tau_window[0], d->tau_window[1]);
    }
    cli_report_table_end(r);
    cli_report_method(r, "Distribution of relaxation times",
                      "γ(τ) on a log grid by non-negative least squares with a Tikhonov penalty "
                      "on its second derivative; λ by the L-curve corner, GCV or re-im "
                      "cross-validation, all reported.",
                      "T. H. Wan, M. Saccoccio, C. Chen, F. Ciucci, Electrochim. Acta 184, 483 "
                      "(2015); M. Saccoccio et al., Electrochim. Acta 147, 470 (2014).");
}
