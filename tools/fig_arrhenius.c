/* The Arrhenius plot (tools/fig_arrhenius.h). */
#include "fig_arrhenius.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

enum { CURVE = 160 };

typedef int (*predict_fn)(const void *fit, double T, double *y, double *lo, double *hi);

static int arrhenius_at(const void *fit, double T, double *y, double *lo, double *hi)
{
    haven_estimate e;
    if (haven_arrhenius_predict(fit, T, &e) != HAVEN_OK)
        return -1;
    *y = e.value;
    *lo = e.lo;
    *hi = e.hi;
    return 0;
}

static int vft_at(const void *fit, double T, double *y, double *lo, double *hi)
{
    const haven_vft_result *v = fit;
    haven_estimate e;
    if (!(T > v->T0.value) || haven_vft_predict(fit, T, &e) != HAVEN_OK)
        return -1;
    *y = e.value;
    *lo = e.lo;
    *hi = e.hi;
    return 0;
}

/* The fitted curve over [t0, t1] with its 95% band, as y T^p. */
static void add_curve(fig_panel *p, const char *label, predict_fn at, const void *fit, double t0,
                      double t1, int power, int color, int dashed)
{
    double x[CURVE], y[CURVE], lo[CURVE], hi[CURVE];
    for (int k = 0; k < CURVE; k++) {
        /* even in 1/T, the plot's abscissa */
        double inv = 1 / t0 + (1 / t1 - 1 / t0) * k / (CURVE - 1.0), T = 1 / inv, f = pow(T, power);
        x[k] = 1000 * inv;
        if (at(fit, T, &y[k], &lo[k], &hi[k]) != 0) {
            y[k] = lo[k] = hi[k] = NAN;
            continue;
        }
        y[k] *= f;
        lo[k] *= f;
        hi[k] *= f;
    }
    fig_band(p, NULL, x, lo, hi, CURVE, color); /* shaded: 95% band (said in captions) */
    fig_series *s = fig_line(p, label, x, y, CURVE, color);
    if (s)
        s->dashed = dashed;
}

static void add_points(fig_panel *p, const fig_arrhenius_data *d)
{
    double *x = malloc(4 * d->n * sizeof *x);
    if (!x)
        return;
    double *y = x + d->n, *lo = y + d->n, *hi = lo + d->n;
    for (size_t i = 0; i < d->n; i++) {
        double f = pow(d->T[i], d->power);
        x[i] = 1000 / d->T[i];
        y[i] = d->y[i] * f;
        lo[i] = d->lo ? d->lo[i] * f : d->err ? (d->y[i] - d->err[i]) * f : NAN;
        hi[i] = d->hi ? d->hi[i] * f : d->err ? (d->y[i] + d->err[i]) * f : NAN;
    }
    int bars = d->err || (d->lo && d->hi);
    fig_points(p, d->series, x, y, bars ? lo : NULL, bars ? hi : NULL, d->n, d->color);
    free(x);
}

/* The extrapolated value at at_T with its interval, and the dashed curve from
 * the data to it. */
static void add_extrapolation(fig_panel *p, const fig_arrhenius_data *d, double tmin, double tmax)
{
    double y, lo, hi, f = pow(d->at_T, d->power);
    if (!isfinite(d->at_T) || !d->arrhenius || arrhenius_at(d->arrhenius, d->at_T, &y, &lo, &hi) != 0)
        return;
    if (d->at_T < tmin)
        add_curve(p, "extrapolation", arrhenius_at, d->arrhenius, d->at_T, tmin, d->power, 1, 1);
    else if (d->at_T > tmax)
        add_curve(p, "extrapolation", arrhenius_at, d->arrhenius, tmax, d->at_T, d->power, 1, 1);
    double x = 1000 / d->at_T, yy = y * f, l = lo * f, h = hi * f;
    char label[64];
    snprintf(label, sizeof label, "at %g K (95%% interval)", d->at_T);
    fig_series *s = fig_points(p, label, &x, &yy, &l, &h, 1, 1);
    if (s)
        s->marker = 1;
}

fig_panel *fig_arrhenius_panel_empty(fig *f, const char *title, const char *ylabel)
{
    fig_panel *p = fig_panel_add(f, title, "1000/T (K⁻¹)", ylabel);
    if (p)
        p->ylog = 1;
    return p;
}

void fig_arrhenius_add(fig_panel *p, const fig_arrhenius_data *d)
{
    double tmin = INFINITY, tmax = -INFINITY;
    for (size_t i = 0; i < d->n; i++) {
        tmin = fmin(tmin, d->T[i]);
        tmax = fmax(tmax, d->T[i]);
    }
    if (d->n && tmax > tmin) {
        if (d->arrhenius) {
            const haven_estimate *ea = &d->arrhenius->Ea;
            char label[128];
            if (d->fit_label)
                snprintf(label, sizeof label, "%s: Ea = %.3g ± %.2g eV", d->fit_label,
                         ea->value / HAVEN_EV, ea->err / HAVEN_EV);
            else
                snprintf(label, sizeof label, "Arrhenius, Ea = %.3g eV", ea->value / HAVEN_EV);
            add_curve(p, label, arrhenius_at, d->arrhenius, tmin, tmax, d->power,
                      d->fit_label ? d->color : 1, 0);
        }
        if (d->vft)
            add_curve(p, "VFT", vft_at, d->vft, tmin, tmax, d->power, 2, 0);
        add_extrapolation(p, d, tmin, tmax);
    }
    add_points(p, d);
}

fig_panel *fig_arrhenius_panel(fig *f, const char *title, const fig_arrhenius_data *d)
{
    fig_panel *p = fig_arrhenius_panel_empty(f, title, d->ylabel);
    if (p)
        fig_arrhenius_add(p, d);
    return p;
}
