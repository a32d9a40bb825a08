/* Building figure descriptions (tools/figure.h): plain data, copied. */
#include "figure.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static double *dup_array(const double *a, size_t n)
{
    if (!a)
        return NULL;
    double *d = malloc((n ? n : 1) * sizeof *d);
    if (d && n)
        memcpy(d, a, n * sizeof *d);
    return d;
}

fig *fig_create(const char *name, const char *title)
{
    fig *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->name = strdup(name);
    f->title = dup_or_null(title);
    if (!f->name || (title && !f->title)) {
        fig_free(f);
        return NULL;
    }
    return f;
}

static void series_clear(fig_series *s)
{
    free(s->label);
    free(s->x);
    free(s->y);
    free(s->lo);
    free(s->hi);
    free(s->z);
    if (s->text)
        for (size_t i = 0; i < s->n; i++)
            free(s->text[i]);
    free(s->text);
}

void fig_free(fig *f)
{
    if (!f)
        return;
    for (size_t p = 0; p < f->n_panels; p++) {
        fig_panel *pa = &f->panels[p];
        for (size_t s = 0; s < pa->n_series; s++)
            series_clear(&pa->series[s]);
        free(pa->series);
        for (size_t k = 0; k < pa->n_xcat; k++)
            free(pa->xcat[k]);
        for (size_t k = 0; k < pa->n_ycat; k++)
            free(pa->ycat[k]);
        free(pa->xcat);
        free(pa->ycat);
        free(pa->title);
        free(pa->xlabel);
        free(pa->ylabel);
    }
    free(f->panels);
    free(f->name);
    free(f->title);
    free(f);
}

fig_panel *fig_panel_add(fig *f, const char *title, const char *xlabel, const char *ylabel)
{
    if (f->n_panels == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 4;
        fig_panel *p = realloc(f->panels, cap * sizeof *p);
        if (!p)
            return NULL;
        f->panels = p;
        f->cap = cap;
    }
    fig_panel *p = &f->panels[f->n_panels];
    memset(p, 0, sizeof *p);
    p->xmin = p->xmax = p->ymin = p->ymax = NAN;
    p->title = dup_or_null(title);
    p->xlabel = dup_or_null(xlabel);
    p->ylabel = dup_or_null(ylabel);
    if ((title && !p->title) || (xlabel && !p->xlabel) || (ylabel && !p->ylabel)) {
        free(p->title);
        free(p->xlabel);
        free(p->ylabel);
        return NULL;
    }
    f->n_panels++;
    return p;
}

/* A new series with copies of the arrays; NULL (nothing added) when out of memory. */
static fig_series *series_add(fig_panel *p, fig_kind kind, const char *label, size_t n,
                              const double *x, const double *y, const double *lo,
                              const double *hi, int color)
{
    if (p->n_series == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 8;
        fig_series *s = realloc(p->series, cap * sizeof *s);
        if (!s)
            return NULL;
        p->series = s;
        p->cap = cap;
    }
    fig_series s = {.kind = kind, .n = n, .color = color, .zmin = NAN, .zmax = NAN};
    s.label = dup_or_null(label);
    s.x = dup_array(x, n);
    s.y = dup_array(y, n);
    s.lo = dup_array(lo, n);
    s.hi = dup_array(hi, n);
    if ((label && !s.label) || (x && !s.x) || (y && !s.y) || (lo && !s.lo) || (hi && !s.hi)) {
        series_clear(&s);
        return NULL;
    }
    p->series[p->n_series] = s;
    return &p->series[p->n_series++];
}

fig_series *fig_line(fig_panel *p, const char *label, const double *x, const double *y, size_t n,
                     int color)
{
    return series_add(p, FIG_LINE, label, n, x, y, NULL, NULL, color);
}

fig_series *fig_points(fig_panel *p, const char *label, const double *x, const double *y,
                       const double *lo, const double *hi, size_t n, int color)
{
    return series_add(p, FIG_POINTS, label, n, x, y, lo, hi, color);
}

fig_series *fig_band(fig_panel *p, const char *label, const double *x, const double *lo,
                     const double *hi, size_t n, int color)
{
    return series_add(p, FIG_BAND, label, n, x, NULL, lo, hi, color);
}

fig_series *fig_vspan(fig_panel *p, const char *label, double x0, double x1, int color)
{
    double x[2] = {x0, x1};
    return series_add(p, FIG_VSPAN, label, 2, x, NULL, NULL, NULL, color);
}

fig_series *fig_vline(fig_panel *p, const char *label, double x, int color)
{
    return series_add(p, FIG_VLINE, label, 1, &x, NULL, NULL, NULL, color);
}

fig_series *fig_hline(fig_panel *p, const char *label, double y, int color)
{
    return series_add(p, FIG_HLINE, label, 1, NULL, &y, NULL, NULL, color);
}

fig_series *fig_text(fig_panel *p, double x, double y, const char *text, int color)
{
    fig_series *s = series_add(p, FIG_TEXT, NULL, 1, &x, &y, NULL, NULL, color);
    if (!s)
        return NULL;
    s->text = calloc(1, sizeof *s->text);
    if (!s->text || !(s->text[0] = strdup(text))) {
        series_clear(s);
        p->n_series--;
        return NULL;
    }
    return s;
}

fig_series *fig_image(fig_panel *p, const char *label, const double *x, size_t nx,
                      const double *y, size_t ny, const double *z)
{
    fig_series *s = series_add(p, FIG_IMAGE, label, 0, NULL, NULL, NULL, NULL, 0);
    if (!s)
        return NULL;
    s->nx = nx, s->ny = ny;
    s->x = dup_array(x, nx);
    s->y = dup_array(y, ny);
    s->z = dup_array(z, nx * ny);
    if (!s->x || !s->y || !s->z) {
        series_clear(s);
        p->n_series--;
        return NULL;
    }
    /* the axes span the cells exactly, unless the panel fixes them */
    double hx = nx > 1 ? 0.5 * (x[nx - 1] - x[0]) / (double)(nx - 1) : 0.5;
    double hy = ny > 1 ? 0.5 * (y[ny - 1] - y[0]) / (double)(ny - 1) : 0.5;
    if (nx && isnan(p->xmin) && isnan(p->xmax))
        p->xmin = x[0] - hx, p->xmax = x[nx - 1] + hx;
    if (ny && isnan(p->ymin) && isnan(p->ymax))
        p->ymin = y[0] - hy, p->ymax = y[ny - 1] + hy;
    return s;
}

int fig_panel_categories(fig_panel *p, int axis, const char *const *names, size_t n)
{
    char **c = calloc(n ? n : 1, sizeof *c);
    if (!c)
        return -1;
    for (size_t k = 0; k < n; k++)
        if (!(c[k] = strdup(names[k]))) {
            while (k--)
                free(c[k]);
            free(c);
            return -1;
        }
    char ***slot = axis ? &p->ycat : &p->xcat;
    size_t *count = axis ? &p->n_ycat : &p->n_xcat;
    for (size_t k = 0; k < *count; k++)
        free((*slot)[k]);
    free(*slot);
    *slot = c;
    *count = n;
    if (axis)
        p->ymin = -0.5, p->ymax = (double)n - 0.5;
    else
        p->xmin = -0.5, p->xmax = (double)n - 0.5;
    return 0;
}

int fig_set_add(fig_set *s, fig *f)
{
    if (!f)
        return -1;
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 8;
        fig **p = realloc(s->figs, cap * sizeof *p);
        if (!p) {
            fig_free(f);
            return -1;
        }
        s->figs = p;
        s->cap = cap;
    }
    s->figs[s->n++] = f;
    return 0;
}

void fig_set_clear(fig_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        fig_free(s->figs[i]);
    free(s->figs);
    memset(s, 0, sizeof *s);
}
