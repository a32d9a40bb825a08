/* Figures of the structure commands: the shared KWW curve, and the van Hove
 * analysis (figure and report). */
#include "fig_structure.h"

#include "core/units.h"
#include "structure_cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define FOUR_PI 12.566370614359172

static double kww_at(const haven_fit_result *k, double t, double grad[3])
{
    double A = k->param[0].value, tau = k->param[1].value, beta = k->param[2].value;
    double x = pow(t / tau, beta), e = exp(-x);
    grad[0] = e;
    grad[1] = A * e * beta * x / tau;
    grad[2] = -A * e * x * log(t / tau);
    return A * e;
}

void fig_kww_curve(fig_panel *p, const haven_fit_result *k, double t0, double t1,
                   const char *label, int color)
{
    enum { N = 120 };
    double ct[N], cy[N], lo[N], hi[N];
    for (int i = 0; i < N; i++) {
        double t = t0 * pow(t1 / t0, i / (N - 1.0)), g[3], v = 0;
        cy[i] = kww_at(k, t, g);
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
                v += g[a] * k->cov[a][b] * g[b];
        double half = k->q95 * (v > 0 ? sqrt(v) : 0);
        ct[i] = t * HAVEN_PS_PER_S;
        lo[i] = cy[i] - half;
        hi[i] = cy[i] + half;
    }
    fig_band(p, NULL, ct, lo, hi, N, color);
    fig_series *l = fig_line(p, label, ct, cy, N, color);
    if (l)
        l->dashed = 1;
}

void report_kww_rows(cli_report *r, const char *what, const haven_fit_result *k)
{
    char name[128];
    snprintf(name, sizeof name, "%s: τ", what);
    st_report_estimate(r, name, k->param[1], HAVEN_PS_PER_S, "ps");
    snprintf(name, sizeof name, "%s: β", what);
    st_report_estimate(r, name, k->param[2], 1, "");
    double m, e, lo, hi;
    if (haven_kww_mean_tau(k, &m, &e, &lo, &hi) == HAVEN_OK) {
        snprintf(name, sizeof name, "%s: ⟨τ⟩ = (τ/β) Γ(1/β)", what);
        cli_report_estimate(r, name, m * HAVEN_PS_PER_S, e * HAVEN_PS_PER_S, lo * HAVEN_PS_PER_S,
                            hi * HAVEN_PS_PER_S, "ps");
    }
}

static void fs_panel(fig *f, const haven_vanhove_self *s)
{
    fig_panel *p = fig_panel_add(f, "self-intermediate scattering function", "t (ps)", "F_s(Q, t)");
    double *t = malloc(4 * s->n_lags * sizeof *t);
    if (!p || !t) {
        free(t);
        return;
    }
    p->xlog = 1;
    double *y = t + s->n_lags, *lo = y + s->n_lags, *hi = lo + s->n_lags;
    for (size_t l = 0; l < s->n_lags; l++)
        t[l] = (double)s->lag[l] * s->dt * HAVEN_PS_PER_S;
    for (size_t q = 0; q < s->n_q; q++) {
        for (size_t l = 0; l < s->n_lags; l++) {
            y[l] = s->fs[q * s->n_lags + l];
            lo[l] = y[l] - s->fs_err[q * s->n_lags + l];
            hi[l] = y[l] + s->fs_err[q * s->n_lags + l];
        }
        char label[96];
        snprintf(label, sizeof label, "Q = %.3g Å⁻¹", s->q[q] / HAVEN_A_PER_M);
        fig_series *pts = fig_points(p, label, t, y, lo, hi, s->n_lags, (int)q);
        if (pts)
            pts->marker = (int)q;
        if (!s->kww_ok[q])
            continue;
        const haven_fit_result *k = &s->kww[q];
        snprintf(label, sizeof label, "KWW: τ = %.3g ps, β = %.2f",
                 k->param[1].value * HAVEN_PS_PER_S, k->param[2].value);
        double t0 = (t[0] > 0 ? t[0] : t[1]) / HAVEN_PS_PER_S;
        fig_kww_curve(p, k, t0, t[s->n_lags - 1] / HAVEN_PS_PER_S, label, (int)q);
    }
    free(t);
}

/* 4 pi r^2 G_s(r, t) (per Å) at the first, middle and last lag. */
static void gs_panel(fig *f, const haven_vanhove_self *s)
{
    fig_panel *p = fig_panel_add(f, "self van Hove function", "r (Å)", "4πr² G_s(r, t) (Å⁻¹)");
    double *r = malloc(2 * s->n_bins * sizeof *r);
    if (!p || !r || !s->n_lags) {
        free(r);
        return;
    }
    double *y = r + s->n_bins;
    size_t pick[3] = {0, s->n_lags / 2, s->n_lags - 1};
    for (int k = 0; k < 3; k++) {
        if (k && pick[k] == pick[k - 1])
            continue;
        size_t l = pick[k];
        for (size_t b = 0; b < s->n_bins; b++) {
            double rr = (b + 0.5) * s->dr;
            r[b] = rr * HAVEN_A_PER_M;
            y[b] = FOUR_PI * rr * rr * s->gs[l * s->n_bins + b] / HAVEN_A_PER_M;
        }
        char label[64];
        snprintf(label, sizeof label, "t = %.3g ps", (double)s->lag[l] * s->dt * HAVEN_PS_PER_S);
        fig_line(p, label, r, y, s->n_bins, k);
    }
    free(r);
}

static void rdf_panel(fig *f, const haven_vanhove_distinct *d)
{
    size_t l0 = d->n_lags;
    for (size_t l = 0; l < d->n_lags; l++)
        if (d->lag[l] == 0)
            l0 = l;
    if (l0 == d->n_lags)
        return;
    fig_panel *p = fig_panel_add(f, "radial distribution function", "r (Å)", "g(r)");
    double *r = malloc(3 * d->n_bins * sizeof *r);
    if (!p || !r) {
        free(r);
        return;
    }
    double *g = r + d->n_bins, *n = g + d->n_bins;
    for (size_t b = 0; b < d->n_bins; b++) {
        r[b] = (b + 0.5) * d->dr * HAVEN_A_PER_M;
        g[b] = d->gd[l0 * d->n_bins + b];
        n[b] = d->coordination[l0 * d->n_bins + b];
    }
    fig_line(p, "g(r)", r, g, d->n_bins, 0);
    fig_series *c = fig_line(p, "coordination number", r, n, d->n_bins, 1);
    if (c)
        c->dashed = 1;
    free(r);
}

fig *vanhove_figure(const haven_vanhove_self *s, const haven_vanhove_distinct *d, const char *file)
{
    char title[256];
    snprintf(title, sizeof title, "van Hove analysis of %s: F_s(Q,t) ± 1 s.e. with KWW fits "
                                  "(dashed, 95%% bands), G_s(r,t), g(r)",
             file);
    fig *f = fig_create("vanhove", title);
    if (!f)
        return NULL;
    fs_panel(f, s);
    gs_panel(f, s);
    rdf_panel(f, d);
    return f;
}

void vanhove_report(cli_report *r, const haven_vanhove_self *s, const char *file,
                    const char *species)
{
    cli_report_section(r, "Results");
    cli_report_text(r, "%s: %zu atoms of %s, %zu lags from %.4g to %.4g ps.", file, s->n_atoms,
                    species, s->n_lags, (double)s->lag[0] * s->dt * HAVEN_PS_PER_S,
                    (double)s->lag[s->n_lags - 1] * s->dt * HAVEN_PS_PER_S);
    cli_report_estimate_table(r, "KWW fits A exp(−(t/τ)^β) of F_s(Q, t)");
    for (size_t q = 0; q < s->n_q; q++) {
        char what[64];
        snprintf(what, sizeof what, "Q = %.3g Å⁻¹", s->q[q] / HAVEN_A_PER_M);
        if (s->kww_ok[q])
            report_kww_rows(r, what, &s->kww[q]);
        else
            cli_report_warning(r, "F_s at %s was not fitted: it does not decay to half its "
                                  "first value within the run, or the fit did not converge.",
                               what);
    }
    cli_report_table_end(r);
    cli_report_method(r, "Self-intermediate scattering function",
                      "F_s(Q,t) = ⟨sin(Q|Δr|)/(Q|Δr|)⟩, the powder average over all atoms and "
                      "time origins at log-spaced lags; standard error over atoms (each atom's "
                      "origin average one sample); KWW fit weighted by those errors.",
                      "L. Van Hove, Phys. Rev. 95, 249 (1954); G. Williams and D. C. Watts, "
                      "Trans. Faraday Soc. 66, 80 (1970).");
}
