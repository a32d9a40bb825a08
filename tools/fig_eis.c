/* Figures and reports of `haven eis fit|linkk|drt`: Nyquist (equal axes,
 * decades of frequency marked), Bode modulus and phase, fit residuals;
 * Lin-KK residuals with the threshold and mu(M); the DRT with its peaks,
 * the measured window and the choice of lambda (L-curve, GCV). */
#include "fig_eis.h"

#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CURVE = 300 };
#define DEG_PER_RAD 57.29577951308232

/* ---- units and labels --------------------------------------------------------- */

/* Ohm, kOhm or MOhm for impedances up to zmax. */
static double ohm_unit(double zmax, const char **name)
{
    if (zmax >= 2e6) {
        *name = "MΩ";
        return 1e6;
    }
    if (zmax >= 2e3) {
        *name = "kΩ";
        return 1e3;
    }
    if (zmax < 0.5) {
        *name = "mΩ";
        return 1e-3;
    }
    *name = "Ω";
    return 1;
}

static double z_max(const haven_eis_data *d)
{
    double m = 0;
    for (size_t i = 0; i < d->n; i++)
        m = fmax(m, hypot(d->zre[i], d->zim[i]));
    return m;
}

/* "10⁻³ Hz": the exponent in superscript digits. */
static void decade_label(int k, char *buf, size_t cap)
{
    static const char *const sup[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
    char digits[16];
    snprintf(digits, sizeof digits, "%d", abs(k));
    size_t o = (size_t)snprintf(buf, cap, "10%s", k < 0 ? "⁻" : "");
    for (const char *c = digits; *c && o + 4 < cap; c++)
        o += (size_t)snprintf(buf + o, cap - o, "%s", sup[*c - '0']);
    snprintf(buf + o, cap - o, " Hz");
}

/* ---- fit ------------------------------------------------------------------------ */

typedef struct {
    double f[CURVE], re[CURVE], im[CURVE];
    size_t n;
} curve;

static int model_curve(const haven_eis_circuit *c, const double *p, const haven_eis_data *d,
                       curve *m)
{
    double lo = log10(d->freq[0]), hi = log10(d->freq[d->n - 1]);
    m->n = CURVE;
    for (size_t k = 0; k < CURVE; k++)
        m->f[k] = pow(10.0, lo + (hi - lo) * (double)k / (CURVE - 1));
    return haven_eis_circuit_eval(c, p, m->f, CURVE, m->re, m->im, NULL) == HAVEN_OK ? 0 : -1;
}

static void nyquist_panel(fig *f, const haven_eis_data *d, const curve *m)
{
    const char *u;
    double s = ohm_unit(z_max(d), &u);
    char xl[32], yl[32];
    snprintf(xl, sizeof xl, "Z′ (%s)", u);
    snprintf(yl, sizeof yl, "−Z″ (%s)", u);
    fig_panel *p = fig_panel_add(f, "Nyquist", xl, yl);
    double *x = malloc(2 * (d->n > CURVE ? d->n : CURVE) * sizeof *x);
    if (!p || !x) {
        free(x);
        return;
    }
    p->equal = 1;
    double *y = x + (d->n > CURVE ? d->n : CURVE);
    for (size_t i = 0; i < d->n; i++) {
        x[i] = d->zre[i] / s;
        y[i] = -d->zim[i] / s;
    }
    fig_points(p, "data", x, y, NULL, NULL, d->n, 0);
    if (m) {
        for (size_t k = 0; k < m->n; k++) {
            x[k] = m->re[k] / s;
            y[k] = -m->im[k] / s;
        }
        fig_line(p, "fit", x, y, m->n, 1);
    }
    /* Each whole decade of frequency at the data point nearest to it. */
    for (int k = (int)ceil(log10(d->freq[0])); k <= (int)floor(log10(d->freq[d->n - 1])); k++) {
        size_t best = 0;
        for (size_t i = 1; i < d->n; i++)
            if (fabs(log10(d->freq[i]) - k) < fabs(log10(d->freq[best]) - k))
                best = i;
        char label[32];
        decade_label(k, label, sizeof label);
        fig_text(p, d->zre[best] / s, -d->zim[best] / s, label, 7);
    }
    free(x);
}

static void bode_panels(fig *f, const haven_eis_data *d, const curve *m)
{
    fig_panel *mod = fig_panel_add(f, "Bode: modulus", "f (Hz)", "|Z| (Ω)");
    fig_panel *ph = fig_panel_add(f, "Bode: phase", "f (Hz)", "−phase (°)");
    double *y = malloc(2 * (d->n > CURVE ? d->n : CURVE) * sizeof *y);
    if (!mod || !ph || !y) {
        free(y);
        return;
    }
    mod->xlog = mod->ylog = ph->xlog = 1;
    double *q = y + (d->n > CURVE ? d->n : CURVE);
    for (size_t i = 0; i < d->n; i++) {
        y[i] = hypot(d->zre[i], d->zim[i]);
        q[i] = -atan2(d->zim[i], d->zre[i]) * DEG_PER_RAD;
    }
    fig_points(mod, "data", d->freq, y, NULL, NULL, d->n, 0);
    fig_points(ph, "data", d->freq, q, NULL, NULL, d->n, 0);
    if (m) {
        for (size_t k = 0; k < m->n; k++) {
            y[k] = hypot(m->re[k], m->im[k]);
            q[k] = -atan2(m->im[k], m->re[k]) * DEG_PER_RAD;
        }
        fig_line(mod, "fit", m->f, y, m->n, 1);
        fig_line(ph, "fit", m->f, q, m->n, 1);
    }
    free(y);
}

/* (Z - Z_model) / |Z| in %, real and imaginary parts; rules at +-limit. */
static void residual_panel(fig *f, const char *title, const haven_eis_data *d, const double *re,
                           const double *im, int relative_given, double limit)
{
    fig_panel *p = fig_panel_add(f, title, "f (Hz)", "residual / |Z| (%)");
    double *a = malloc(2 * d->n * sizeof *a);
    if (!p || !a) {
        free(a);
        return;
    }
    p->xlog = 1;
    double *b = a + d->n;
    for (size_t i = 0; i < d->n; i++) {
        double z = hypot(d->zre[i], d->zim[i]);
        a[i] = 100 * (relative_given ? re[i] : (d->zre[i] - re[i]) / z);
        b[i] = 100 * (relative_given ? im[i] : (d->zim[i] - im[i]) / z);
    }
    fig_hline(p, NULL, 0.0, 7);
    if (limit > 0) {
        fig_hline(p, "threshold", 100 * limit, 6)->dashed = 1;
        fig_hline(p, NULL, -100 * limit, 6)->dashed = 1;
    }
    fig_points(p, "real part", d->freq, a, NULL, NULL, d->n, 0);
    fig_series *s = fig_points(p, "imaginary part", d->freq, b, NULL, NULL, d->n, 1);
    if (s)
        s->marker = 1;
    free(a);
}

fig *eis_fit_figure(const haven_eis_circuit *c, const haven_eis_data *d,
                    const haven_eis_fit_result *r, const char *file)
{
    char title[256];
    snprintf(title, sizeof title, "%s fitted with %s: Nyquist (equal axes, decades marked), Bode, "
                                  "residuals",
             file, haven_eis_circuit_text(c));
    fig *f = fig_create("nyquist", title);
    curve *m = malloc(sizeof *m);
    if (!f || !m || model_curve(c, r->value, d, m) != 0) {
        free(m);
        fig_free(f);
        return NULL;
    }
    nyquist_panel(f, d, m);
    bode_panels(f, d, m);
    residual_panel(f, "fit residuals", d, r->zre_fit, r->zim_fit, 0, 0);
    free(m);
    return f;
}

/* ---- Lin-KK ---------------------------------------------------------------------- */

fig *eis_linkk_figure(const haven_eis_data *d, const haven_eis_linkk_result *k, double threshold,
                      const char *file)
{
    char title[256];
    snprintf(title, sizeof title, "Lin-KK test of %s: M = %zu RC elements, %s", file, k->m,
             k->valid ? "consistent with Kramers–Kronig" : "NOT consistent with Kramers–Kronig");
    fig *f = fig_create("linkk", title);
    if (!f)
        return NULL;
    residual_panel(f, "Lin-KK residuals", d, k->res_re, k->res_im, 1, threshold);
    fig_panel *p = fig_panel_add(f, "choice of M", "M (RC elements)", "μ");
    double *x = malloc(k->max_m * sizeof *x);
    if (p && x && k->mu_m) {
        for (size_t i = 0; i < k->max_m; i++)
            x[i] = (double)(i + 1);
        fig_points(p, "μ(M)", x, k->mu_m, NULL, NULL, k->max_m, 0);
        fig_hline(p, "c", k->c, 6)->dashed = 1;
        fig_vline(p, "chosen M", (double)k->m, 1);
    }
    free(x);
    return f;
}

/* ---- DRT --------------------------------------------------------------------------- */

static size_t nearest_scan(const haven_eis_drt_result *r, double lambda)
{
    size_t best = 0;
    for (size_t k = 1; k < r->n_scan; k++)
        if (fabs(log(r->scan_lambda[k] / lambda)) < fabs(log(r->scan_lambda[best] / lambda)))
            best = k;
    return best;
}

static void gamma_panel(fig *f, const haven_eis_drt_result *r)
{
    fig_panel *p = fig_panel_add(f, "distribution of relaxation times", "τ (s)", "γ (Ω)");
    if (!p)
        return;
    p->xlog = 1;
    fig_vspan(p, "measured window", r->tau_window[0], r->tau_window[1], 6);
    fig_line(p, "γ(τ)", r->tau, r->gamma, r->n_tau, 0);
    for (size_t k = 0; k < r->n_peaks; k++) {
        const haven_eis_drt_peak *pk = &r->peaks[k];
        size_t j = 0;
        for (size_t i = 1; i < r->n_tau; i++)
            if (fabs(log(r->tau[i] / pk->tau_apex)) < fabs(log(r->tau[j] / pk->tau_apex)))
                j = i;
        double x = r->tau[j], y = r->gamma[j];
        fig_series *s = fig_points(p, NULL, &x, &y, NULL, NULL, 1, pk->extrapolated ? 3 : 1);
        if (s)
            s->marker = pk->extrapolated ? 2 : 0;
        char label[96];
        snprintf(label, sizeof label, " %zu: %.3g s, %.3g Ω%s", k + 1, pk->tau.value,
                 pk->r.value, pk->extrapolated ? " (extrapolated)" : "");
        fig_text(p, x, y, label, 7);
    }
}

/* "gcv 1e-3, lcurve 2e-2, ..." for every rule but "fixed". */
void eis_drt_lambdas_text(const haven_eis_drt_result *r, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = 0;
    for (int m = 0; m < HAVEN_EIS_DRT_N_METHODS && n < size; m++)
        if (m != HAVEN_EIS_DRT_FIXED)
            n += (size_t)snprintf(buf + n, size - n, "%s%s %.3g", n ? ", " : "",
                                  haven_eis_drt_method_name(m), r->lambda_by_method[m]);
}

/* The L-curve with every rule's choice marked, the cross-validation scores
 * (GCV, mGCV, rGCV) and -2 log marginal likelihood over lambda, each with
 * the rules' lambdas as vertical lines (solid: the one used). */
static void lambda_panels(fig *f, const haven_eis_drt_result *r)
{
    if (!r->n_scan)
        return;
    fig_panel *lc = fig_panel_add(f, "L-curve", "residual norm", "penalty norm");
    fig_panel *gc = fig_panel_add(f, "cross-validation scores", "λ", "score");
    fig_panel *ml = fig_panel_add(f, "marginal likelihood", "λ", "−2 log L + const");
    if (!lc || !gc || !ml)
        return;
    lc->xlog = lc->ylog = gc->xlog = gc->ylog = ml->xlog = 1;
    fig_line(lc, "ridge solves over λ", r->scan_rss, r->scan_eta, r->n_scan, 0);
    fig_line(gc, "GCV(λ)", r->scan_lambda, r->scan_gcv, r->n_scan, 0);
    fig_line(gc, "mGCV(λ)", r->scan_lambda, r->scan_mgcv, r->n_scan, 1);
    fig_line(gc, "rGCV(λ)", r->scan_lambda, r->scan_rgcv, r->n_scan, 2);
    fig_line(ml, "−2 log L(λ)", r->scan_lambda, r->scan_nlml, r->n_scan, 0);
    for (int i = 0, c = 0; i < HAVEN_EIS_DRT_N_METHODS; i++) {
        double l = r->lambda_by_method[i];
        if (i == HAVEN_EIS_DRT_FIXED || !(l > 0))
            continue;
        int used = (int)r->method == i;
        size_t k = nearest_scan(r, l);
        char label[64];
        snprintf(label, sizeof label, "%s: λ = %.2g%s", haven_eis_drt_method_name(i), l,
                 used ? " (used)" : "");
        c++; /* colours from 3: 0..2 are the score curves */
        fig_series *s = fig_points(lc, label, &r->scan_rss[k], &r->scan_eta[k], NULL, NULL, 1, c + 2);
        if (s)
            s->marker = (c - 1) % 4; /* four marker shapes */
        fig_panel *pp[2] = {gc, ml};
        for (int j = 0; j < 2; j++) {
            fig_series *v = fig_vline(pp[j], j ? NULL : label, l, c + 2);
            if (v)
                v->dashed = !used;
        }
    }
}

fig *eis_drt_figure(const haven_eis_data *d, const haven_eis_drt_result *r, const char *file)
{
    char title[256];
    snprintf(title, sizeof title, "DRT of %s (λ = %.3g): peaks numbered, the measured τ window "
                                  "shaded; the choice of λ",
             file, r->lambda);
    fig *f = fig_create("drt", title);
    if (!f)
        return NULL;
    gamma_panel(f, r);
    lambda_panels(f, r);
    residual_panel(f, "DRT residuals", d, r->zre_fit, r->zim_fit, 0, 0);
    return f;
}

/* ---- output ---------------------------------------------------------------------- */

int eis_figures_out(const cli_fig_opts *o, const char *command, const char *file, fig *f,
                    void (*report)(cli_report *r, const void *ctx), const void *ctx)
{
    if (!cli_fig_wanted(o)) {
        fig_free(f);
        return 0;
    }
    fig_set set = {0};
    if (fig_set_add(&set, f) != 0) {
        cli_error("out of memory");
        return -1;
    }
    char title[256];
    snprintf(title, sizeof title, "haven eis %s: %s", command, file);
    return cli_fig_outputs(o, title, &file, 1, &set, report, ctx);
}
