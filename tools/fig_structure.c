/* Figures of the structure commands: the van Hove analysis. Displayed
 * units: t in ps, r in Å, Q in 1/Å. */
#include "fig_structure.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define PS 1e12
#define ANG 1e10
#define FOUR_PI 12.566370614359172

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
        t[l] = (double)s->lag[l] * s->dt * PS;
    for (size_t q = 0; q < s->n_q; q++) {
        for (size_t l = 0; l < s->n_lags; l++) {
            y[l] = s->fs[q * s->n_lags + l];
            lo[l] = y[l] - s->fs_err[q * s->n_lags + l];
            hi[l] = y[l] + s->fs_err[q * s->n_lags + l];
        }
        char label[96];
        snprintf(label, sizeof label, "Q = %.3g Å⁻¹", s->q[q] / ANG);
        fig_series *pts = fig_points(p, label, t, y, lo, hi, s->n_lags, (int)q);
        if (pts)
            pts->marker = (int)q;
        if (!s->kww_ok[q])
            continue;
        const haven_fit_result *k = &s->kww[q];
        double A = k->param[0].value, tau = k->param[1].value, beta = k->param[2].value;
        enum { N = 120 };
        double ct[N], cy[N];
        double t0 = t[0] > 0 ? t[0] : t[1], t1 = t[s->n_lags - 1];
        for (int i = 0; i < N; i++) {
            ct[i] = t0 * pow(t1 / t0, i / (N - 1.0));
            cy[i] = A * exp(-pow(ct[i] / PS / tau, beta));
        }
        snprintf(label, sizeof label, "KWW: τ = %.3g ps, β = %.2f", tau * PS, beta);
        fig_series *l = fig_line(p, label, ct, cy, N, (int)q);
        if (l)
            l->dashed = 1;
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
            r[b] = rr * ANG;
            y[b] = FOUR_PI * rr * rr * s->gs[l * s->n_bins + b] / ANG;
        }
        char label[64];
        snprintf(label, sizeof label, "t = %.3g ps", (double)s->lag[l] * s->dt * PS);
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
        r[b] = (b + 0.5) * d->dr * ANG;
        g[b] = d->gd[l0 * d->n_bins + b];
        n[b] = d->coordination[l0 * d->n_bins + b];
    }
    fig_line(p, "g(r)", r, g, d->n_bins, 0);
    fig_line(p, "coordination number", r, n, d->n_bins, 1)->dashed = 1;
    free(r);
}

fig *vanhove_figure(const haven_vanhove_self *s, const haven_vanhove_distinct *d, const char *file)
{
    char title[256];
    snprintf(title, sizeof title, "van Hove analysis of %s: F_s(Q,t) ± 1 s.e. with KWW fits "
                                  "(dashed), G_s(r,t), g(r)",
             file);
    fig *f = fig_create("vanhove", title);
    if (!f)
        return NULL;
    fs_panel(f, s);
    gs_panel(f, s);
    rdf_panel(f, d);
    return f;
}
