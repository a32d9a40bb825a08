/* The plot plugin: draws a figure description (tools/figure.h) with PLplot
 * and its cairo driver (pngcairo, svgcairo, pdfcairo). Built as a module
 * loaded by the CLI only when a figure is asked for, so that PLplot,
 * cairo, pango and fontconfig are not loaded by commands that draw
 * nothing.
 *
 * PLplot keeps its state in globals and ends the process from plexit() on
 * a fatal error; the render is therefore serialised by a mutex and plexit
 * is turned into an error return by a longjmp from the exit handler. */
#include "figure.h"

#include <math.h>
#include <plplot.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))

/* Colour map 0 slots. */
enum { C_BG = 0, C_INK, C_GRID, C_SPAN, C_PALETTE, N_PALETTE = 8, C_SCRATCH = C_PALETTE + N_PALETTE,
       N_COLOURS };

/* Okabe & Ito's colour-blind safe palette, black last. */
static const int palette[N_PALETTE][3] = {
    {0, 114, 178}, {213, 94, 0}, {0, 158, 115}, {204, 121, 167},
    {230, 159, 0}, {86, 180, 233}, {120, 120, 120}, {0, 0, 0}};

/* Character height relative to PLplot's default (3.5 mm). */
#define TEXT_SCALE 0.8

static pthread_mutex_t render_lock = PTHREAD_MUTEX_INITIALIZER;
static jmp_buf *escape;        /* where plexit() returns to */
static char *err_msg;          /* the caller's buffer */
static size_t err_cap;

static void set_error(const char *fmt, ...)
{
    if (!err_msg || !err_cap || err_msg[0])
        return; /* keep the first */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err_msg, err_cap, fmt, ap);
    va_end(ap);
}

static int on_plexit(const char *msg)
{
    set_error("PLplot: %s", msg);
    longjmp(*escape, 1);
    return 1;
}

static void on_plabort(const char *msg)
{
    set_error("PLplot: %s", msg);
}

/* ---- coordinates ----------------------------------------------------------- */

typedef struct {
    int xlog, ylog;
    double xmin, xmax, ymin, ymax; /* window, transformed (log10 on log axes) */
} axes;

/* v mapped to the axis, or NAN when it cannot be drawn there. */
static double tr(double v, int logscale)
{
    if (!isfinite(v))
        return NAN;
    if (logscale)
        return v > 0 ? log10(v) : NAN;
    return v;
}

typedef struct {
    double lo, hi;
} range;

static void range_add(range *r, double v)
{
    if (!isfinite(v))
        return;
    if (v < r->lo)
        r->lo = v;
    if (v > r->hi)
        r->hi = v;
}

static void series_ranges(const fig_series *s, int xlog, int ylog, range *rx, range *ry)
{
    for (size_t i = 0; i < s->n; i++) {
        double x = s->x ? tr(s->x[i], xlog) : NAN;
        double y = s->y ? tr(s->y[i], ylog) : NAN;
        switch (s->kind) {
        case FIG_VSPAN:
        case FIG_VLINE:
            range_add(rx, x);
            break;
        case FIG_HLINE:
            range_add(ry, y);
            break;
        case FIG_BAND:
            if (isfinite(x)) {
                range_add(rx, x);
                range_add(ry, tr(s->lo[i], ylog));
                range_add(ry, tr(s->hi[i], ylog));
            }
            break;
        default:
            if (isfinite(x) && isfinite(y)) {
                range_add(rx, x);
                range_add(ry, y);
                if (s->lo)
                    range_add(ry, tr(s->lo[i], ylog));
                if (s->hi)
                    range_add(ry, tr(s->hi[i], ylog));
            }
        }
    }
}

/* The window from the data, padded by 4%, unless the panel fixes a side. */
static void window_of(const fig_panel *p, double *x0, double *x1, double *y0, double *y1)
{
    range rx = {INFINITY, -INFINITY}, ry = {INFINITY, -INFINITY};
    for (size_t s = 0; s < p->n_series; s++)
        series_ranges(&p->series[s], p->xlog, p->ylog, &rx, &ry);
    range *rs[2] = {&rx, &ry};
    for (int k = 0; k < 2; k++) {
        range *r = rs[k];
        if (!(r->lo <= r->hi)) {
            r->lo = 0;
            r->hi = 1;
        } else if (r->hi - r->lo < 1e-12 * fmax(fabs(r->lo), 1e-300)) {
            double d = r->lo != 0 ? 0.1 * fabs(r->lo) : 1;
            r->lo -= d;
            r->hi += d;
        } else {
            double d = 0.04 * (r->hi - r->lo);
            r->lo -= d;
            r->hi += d;
        }
    }
    double fx0 = tr(p->xmin, p->xlog), fx1 = tr(p->xmax, p->xlog);
    double fy0 = tr(p->ymin, p->ylog), fy1 = tr(p->ymax, p->ylog);
    *x0 = isfinite(fx0) ? fx0 : rx.lo;
    *x1 = isfinite(fx1) ? fx1 : rx.hi;
    *y0 = isfinite(fy0) ? fy0 : ry.lo;
    *y1 = isfinite(fy1) ? fy1 : ry.hi;
}

/* Equal data units per millimetre on both axes: the shorter range grows
 * about its centre. */
static void equalise(axes *a)
{
    PLFLT xp, yp, vx0, vx1, vy0, vy1;
    PLINT xl, yl, xo, yo;
    plgpage(&xp, &yp, &xl, &yl, &xo, &yo);
    plgvpd(&vx0, &vx1, &vy0, &vy1);
    double wmm = (vx1 - vx0) * xl / xp, hmm = (vy1 - vy0) * yl / yp;
    double sx = (a->xmax - a->xmin) / wmm, sy = (a->ymax - a->ymin) / hmm;
    if (sx > sy) {
        double c = 0.5 * (a->ymin + a->ymax), h = 0.5 * sx * hmm;
        a->ymin = c - h;
        a->ymax = c + h;
    } else {
        double c = 0.5 * (a->xmin + a->xmax), h = 0.5 * sy * wmm;
        a->xmin = c - h;
        a->xmax = c + h;
    }
}

/* ---- drawing ----------------------------------------------------------------- */

static void use_colour(int c)
{
    plcol0(C_PALETTE + ((c % N_PALETTE) + N_PALETTE) % N_PALETTE);
}

static void use_translucent(int c, double alpha)
{
    const int *rgb = palette[((c % N_PALETTE) + N_PALETTE) % N_PALETTE];
    plscol0a(C_SCRATCH, rgb[0], rgb[1], rgb[2], alpha);
    plcol0(C_SCRATCH);
}

static void line_style(int dashed)
{
    pllsty(dashed == 1 ? 2 : dashed == 2 ? 8 : 1);
}

/* Lines through the finite points, broken at the gaps. */
static void draw_line(const fig_series *s, const axes *a, double *bx, double *by)
{
    size_t run = 0;
    for (size_t i = 0; i <= s->n; i++) {
        double x = i < s->n ? tr(s->x[i], a->xlog) : NAN;
        double y = i < s->n ? tr(s->y[i], a->ylog) : NAN;
        if (isfinite(x) && isfinite(y)) {
            bx[run] = x;
            by[run] = y;
            run++;
            continue;
        }
        if (run > 1)
            plline((PLINT)run, bx, by);
        run = 0;
    }
}

static const PLINT marker_code[] = {4, 6, 7, 5};
/* The same markers as text, for the legend. */
static const char *const marker_glyph[] = {"○", "□", "△", "×"};

static void draw_points(const fig_series *s, const axes *a)
{
    plssym(0, 0.9);
    for (size_t i = 0; i < s->n; i++) {
        PLFLT x = tr(s->x[i], a->xlog), y = tr(s->y[i], a->ylog);
        if (!isfinite(x) || !isfinite(y))
            continue;
        if (s->lo && s->hi) {
            PLFLT lo = tr(s->lo[i], a->ylog), hi = tr(s->hi[i], a->ylog);
            if (!isfinite(lo))
                lo = a->ymin;
            if (isfinite(hi))
                plerry(1, &x, &lo, &hi);
        }
        plpoin(1, &x, &y, marker_code[((s->marker % 4) + 4) % 4]);
    }
}

/* The region between lo and hi, one polygon per run of finite points. */
static void draw_band(const fig_series *s, const axes *a, double *bx, double *by)
{
    size_t run = 0, start = 0;
    for (size_t i = 0; i <= s->n; i++) {
        int ok = 0;
        if (i < s->n) {
            double x = tr(s->x[i], a->xlog), hi = tr(s->hi[i], a->ylog);
            ok = isfinite(x) && isfinite(hi) && isfinite(s->lo[i]);
        }
        if (ok) {
            if (!run)
                start = i;
            run++;
            continue;
        }
        if (run > 1) {
            for (size_t k = 0; k < run; k++) {
                size_t j = start + k, r = start + run - 1 - k;
                double lo_r = tr(s->lo[r], a->ylog);
                bx[k] = tr(s->x[j], a->xlog);
                by[k] = tr(s->hi[j], a->ylog);
                bx[run + k] = tr(s->x[r], a->xlog);
                by[run + k] = isfinite(lo_r) ? lo_r : a->ymin;
            }
            plfill((PLINT)(2 * run), bx, by);
        }
        run = 0;
    }
}

static void draw_vspan(const fig_series *s, const axes *a)
{
    double x0 = tr(s->x[0], a->xlog), x1 = tr(s->x[1], a->xlog);
    if (!isfinite(x0))
        x0 = a->xmin;
    if (!isfinite(x1))
        x1 = a->xmax;
    PLFLT px[4] = {x0, x1, x1, x0}, py[4] = {a->ymin, a->ymin, a->ymax, a->ymax};
    plfill(4, px, py);
}

static void draw_rules(const fig_series *s, const axes *a)
{
    for (size_t i = 0; i < s->n; i++) {
        PLFLT px[2], py[2];
        if (s->kind == FIG_VLINE) {
            px[0] = px[1] = tr(s->x[i], a->xlog);
            py[0] = a->ymin;
            py[1] = a->ymax;
        } else {
            py[0] = py[1] = tr(s->y[i], a->ylog);
            px[0] = a->xmin;
            px[1] = a->xmax;
        }
        if (isfinite(px[0]) && isfinite(py[0]))
            plline(2, px, py);
    }
}

/* PLplot reads '#' as the start of an escape sequence. */
static char *escaped(const char *s, char *buf, size_t cap)
{
    size_t o = 0;
    for (; s && *s && o + 2 < cap; s++) {
        if (*s == '#')
            buf[o++] = '#';
        buf[o++] = *s;
    }
    buf[o] = 0;
    return buf;
}

static void draw_text(const fig_series *s, const axes *a)
{
    char buf[256];
    plschr(0, 0.75 * TEXT_SCALE);
    for (size_t i = 0; i < s->n; i++) {
        double x = tr(s->x[i], a->xlog), y = tr(s->y[i], a->ylog);
        /* centred on request; else right-aligned in the right quarter, so
         * that it stays inside */
        double just = s->centred ? 0.5 : (x - a->xmin) / (a->xmax - a->xmin) > 0.75 ? 1.0 : 0.0;
        if (isfinite(x) && isfinite(y))
            plptex(x, y, 1, 0, just, escaped(s->text[i], buf, sizeof buf));
    }
    plschr(0, TEXT_SCALE);
}

/* ---- maps (FIG_IMAGE) ------------------------------------------------------- */

/* Colour map 1: viridis (van der Walt and Smith, after matplotlib) or a
 * light orange-red scale for tables with text on the cells. */
static void set_cmap1(int which)
{
    static const PLFLT pos[5] = {0, 0.25, 0.5, 0.75, 1};
    static const PLFLT vir[3][5] = {{68, 59, 33, 94, 253}, {1, 82, 145, 201, 231},
                                    {84, 139, 140, 98, 37}};
    static const PLFLT light[3][5] = {{255, 254, 253, 246, 222}, {247, 227, 187, 130, 75},
                                      {236, 193, 132, 86, 52}};
    const PLFLT(*c)[5] = which == FIG_CMAP_LIGHT ? light : vir;
    PLFLT r[5], g[5], b[5];
    for (int k = 0; k < 5; k++)
        r[k] = c[0][k] / 255, g[k] = c[1][k] / 255, b[k] = c[2][k] / 255;
    plscmap1n(256);
    plscmap1l(1, 5, pos, r, g, b, NULL);
}

static double zval(const fig_series *s, size_t k)
{
    double z = s->z[k];
    return s->zlog ? (z > 0 ? log10(z) : NAN) : (isfinite(z) ? z : NAN);
}

/* The colour range: the series' own, else the finite data's. Returns the
 * number of cells with a value. */
static size_t z_range(const fig_series *s, double *lo, double *hi)
{
    range r = {INFINITY, -INFINITY};
    size_t n = 0;
    for (size_t k = 0; k < s->nx * s->ny; k++) {
        n += isfinite(zval(s, k));
        range_add(&r, zval(s, k));
    }
    double flo = s->zlog ? (s->zmin > 0 ? log10(s->zmin) : NAN) : s->zmin;
    double fhi = s->zlog ? (s->zmax > 0 ? log10(s->zmax) : NAN) : s->zmax;
    *lo = isfinite(flo) ? flo : r.lo;
    *hi = isfinite(fhi) ? fhi : r.hi;
    if (!(*lo <= *hi))
        *lo = 0, *hi = 1;
    if (*hi - *lo < 1e-12 * fmax(fabs(*lo), 1e-300))
        *lo -= 0.5, *hi += 0.5;
    return n;
}

/* plimagefr puts datum [i][j] at the low corner of its cell, the cells
 * spanning xmin..xmax in nx - 1 steps: one blank column and row more make
 * the cells of the data centred on x[i], y[j]. Cells outside [lo, hi] are
 * not drawn: blanks go below. */
static int draw_image(const fig_series *s)
{
    size_t nx = s->nx, ny = s->ny, mx = nx + 1, my = ny + 1;
    if (!nx || !ny)
        return 0;
    double lo, hi;
    z_range(s, &lo, &hi);
    PLFLT *data = malloc(mx * my * sizeof *data);
    PLFLT **rows = malloc(mx * sizeof *rows);
    if (!data || !rows) {
        free(data), free(rows);
        set_error("out of memory");
        return -1;
    }
    double blank = lo - (hi - lo) - 1;
    for (size_t i = 0; i < mx; i++) {
        rows[i] = data + i * my;
        for (size_t j = 0; j < my; j++) {
            double z = i < nx && j < ny ? zval(s, j * nx + i) : NAN;
            rows[i][j] = isfinite(z) ? fmin(fmax(z, lo), hi) : blank;
        }
    }
    double hx = nx > 1 ? 0.5 * (s->x[nx - 1] - s->x[0]) / (double)(nx - 1) : 0.5;
    double hy = ny > 1 ? 0.5 * (s->y[ny - 1] - s->y[0]) / (double)(ny - 1) : 0.5;
    set_cmap1(s->cmap);
    plimagefr((PLFLT_MATRIX)rows, (PLINT)mx, (PLINT)my, s->x[0] - hx, s->x[nx - 1] + hx,
              s->y[0] - hy, s->y[ny - 1] + hy, lo, hi, lo, hi, NULL, NULL);
    free(rows), free(data);
    return 0;
}

/* The colour bar of a map, in a narrow viewport right of the panel's,
 * titled by the map's label: a ramp through the colour range with its own
 * axis (logarithmic labels on zlog); none for a map without values. Called
 * last: it changes the viewport. */
static void draw_colorbar(const fig_series *s, double vy0, double vy1)
{
    enum { STEPS = 128 };
    double lo, hi;
    if (!z_range(s, &lo, &hi) && !(isfinite(s->zmin) && isfinite(s->zmax)))
        return;
    PLFLT data[2][STEPS + 1], *rows[2] = {data[0], data[1]};
    for (int j = 0; j <= STEPS; j++)
        data[0][j] = data[1][j] = lo + (hi - lo) * (j + 0.5) / STEPS;
    plvpor(0.83, 0.86, vy0, vy1);
    plwind(0, 1, lo, hi);
    set_cmap1(s->cmap);
    /* STEPS + 1 rows: the last is the corner row of plimagefr, blank */
    data[0][STEPS] = data[1][STEPS] = lo - 1;
    plimagefr((PLFLT_MATRIX)rows, 2, STEPS + 1, 0, 2, lo, hi, lo, hi, lo, hi,
              NULL, NULL);
    char buf[256];
    plcol0(C_INK);
    plschr(0, 0.85 * TEXT_SCALE);
    plbox("bc", 0, 0, s->zlog ? "bcmstvl" : "bcmstv", 0, 0);
    plmtex("r", 5.2, 0.5, 0.5, escaped(s->label ? s->label : "", buf, sizeof buf));
    plschr(0, TEXT_SCALE);
}

static void draw_series(const fig_series *s, const axes *a, double *bx, double *by)
{
    switch (s->kind) {
    case FIG_LINE:
        use_colour(s->color);
        line_style(s->dashed);
        plwidth(2.0);
        draw_line(s, a, bx, by);
        plwidth(1.0);
        pllsty(1);
        break;
    case FIG_POINTS:
        use_colour(s->color);
        draw_points(s, a);
        break;
    case FIG_BAND:
        use_translucent(s->color, 0.25);
        draw_band(s, a, bx, by);
        break;
    case FIG_VSPAN:
        use_translucent(s->color, 0.12);
        draw_vspan(s, a);
        break;
    case FIG_VLINE:
    case FIG_HLINE:
        use_colour(s->color);
        line_style(s->dashed);
        draw_rules(s, a);
        pllsty(1);
        break;
    case FIG_TEXT:
        use_colour(s->color);
        draw_text(s, a);
        break;
    case FIG_IMAGE:
        draw_image(s);
        break;
    }
}

/* Maps and filled kinds go first so that lines and points stay visible on top. */
enum { N_LAYERS = 4 };
static int layer_of(fig_kind k)
{
    return k == FIG_IMAGE ? 0 : k == FIG_VSPAN ? 1 : k == FIG_BAND ? 2 : 3;
}

/* The corner (1..4 as FIG_LEGEND_*) whose quarter-width, third-height box
 * holds the fewest points and line vertices. */
static int emptiest_corner(const fig_panel *p, const axes *a)
{
    size_t count[4] = {0};
    for (size_t k = 0; k < p->n_series; k++) {
        const fig_series *s = &p->series[k];
        if (!s->x || !s->y)
            continue;
        for (size_t i = 0; i < s->n; i++) {
            double u = (tr(s->x[i], a->xlog) - a->xmin) / (a->xmax - a->xmin);
            double v = (tr(s->y[i], a->ylog) - a->ymin) / (a->ymax - a->ymin);
            if (!isfinite(u) || !isfinite(v))
                continue;
            int left = u < 0.45, right = u > 0.55, top = v > 0.62, bottom = v < 0.38;
            count[0] += left && top;
            count[1] += right && top;
            count[2] += right && bottom;
            count[3] += left && bottom;
        }
    }
    int best = 0;
    for (int c = 1; c < 4; c++)
        if (count[c] < count[best])
            best = c;
    return FIG_LEGEND_TOP_LEFT + best;
}

static void draw_legend(const fig_panel *p, const axes *a)
{
    enum { MAX = 16 };
    PLINT opt[MAX], tcol[MAX], bcol[MAX], bpat[MAX], lcol[MAX], lsty[MAX], scol[MAX], snum[MAX];
    PLFLT bscale[MAX], bwidth[MAX], lwidth[MAX], sscale[MAX];
    const char *text[MAX], *sym[MAX];
    char bufs[MAX][128];
    PLINT n = 0;
    for (size_t i = 0; i < p->n_series && n < MAX; i++) {
        const fig_series *s = &p->series[i];
        if (!s->label || s->kind == FIG_IMAGE) /* a map's label titles its colour bar */
            continue;
        PLINT c = C_PALETTE + ((s->color % N_PALETTE) + N_PALETTE) % N_PALETTE;
        opt[n] = s->kind == FIG_POINTS ? PL_LEGEND_SYMBOL
                 : (s->kind == FIG_BAND || s->kind == FIG_VSPAN) ? PL_LEGEND_COLOR_BOX
                                                                  : PL_LEGEND_LINE;
        text[n] = escaped(s->label, bufs[n], sizeof bufs[n]);
        tcol[n] = C_INK;
        bcol[n] = s->kind == FIG_VSPAN ? C_SPAN : c;
        bpat[n] = 0;
        bscale[n] = 0.6;
        bwidth[n] = 1;
        lcol[n] = c;
        lsty[n] = s->dashed == 1 ? 2 : s->dashed == 2 ? 8 : 1;
        lwidth[n] = 2;
        scol[n] = c;
        sscale[n] = 0.9;
        snum[n] = 1;
        sym[n] = marker_glyph[((s->marker % 4) + 4) % 4];
        n++;
    }
    if (!n)
        return;
    int corner = p->legend == FIG_LEGEND_AUTO ? emptiest_corner(p, a) : p->legend;
    static const PLINT where[] = {
        0, PL_POSITION_LEFT | PL_POSITION_TOP, PL_POSITION_RIGHT | PL_POSITION_TOP,
        PL_POSITION_RIGHT | PL_POSITION_BOTTOM, PL_POSITION_LEFT | PL_POSITION_BOTTOM};
    PLFLT w, h;
    plschr(0, 0.85 * TEXT_SCALE);
    pllegend(&w, &h, PL_LEGEND_BACKGROUND | PL_LEGEND_BOUNDING_BOX,
             where[corner] | PL_POSITION_INSIDE, 0.02, 0.02, 0.08, C_BG, C_GRID, 1, 0, 0, n,
             opt, 0.8, 0.7, 1.8, 0.0, tcol, text, bcol, bpat, bscale, bwidth, lcol, lsty, lwidth,
             scol, sscale, snum, sym);
    plschr(0, TEXT_SCALE);
}

static size_t longest_series(const fig_panel *p)
{
    size_t m = 4;
    for (size_t s = 0; s < p->n_series; s++)
        if (p->series[s].n > m)
            m = p->series[s].n;
    return m;
}

/* A log axis spanning less than a decade gets no labels from PLplot (they
 * sit at decades): such an axis is drawn linear. */
static void fit_window(fig_panel *q, axes *a)
{
    window_of(q, &a->xmin, &a->xmax, &a->ymin, &a->ymax);
    int relin = 0;
    if (q->xlog && a->xmax - a->xmin < 1.0)
        q->xlog = 0, relin = 1;
    if (q->ylog && a->ymax - a->ymin < 1.0)
        q->ylog = 0, relin = 1;
    if (relin)
        window_of(q, &a->xmin, &a->xmax, &a->ymin, &a->ymax);
    a->xlog = q->xlog;
    a->ylog = q->ylog;
}

static const fig_series *image_of(const fig_panel *p)
{
    for (size_t s = 0; s < p->n_series; s++)
        if (p->series[s].kind == FIG_IMAGE)
            return &p->series[s];
    return NULL;
}

/* Names instead of numbers along a category axis (axis 0: x, 1: y). */
static void draw_categories(const fig_panel *p, const axes *a, int axis)
{
    size_t n = axis ? p->n_ycat : p->n_xcat;
    char *const *names = axis ? p->ycat : p->xcat;
    char buf[128];
    double lo = axis ? a->ymin : a->xmin, hi = axis ? a->ymax : a->xmax;
    plschr(0, (n > 6 ? 0.8 : 0.95) * TEXT_SCALE);
    for (size_t k = 0; k < n; k++) {
        double pos = ((double)k - lo) / (hi - lo);
        if (pos < 0 || pos > 1)
            continue;
        if (axis)
            plmtex("lv", 0.8, pos, 1.0, escaped(names[k], buf, sizeof buf));
        else
            plmtex("b", 1.6, pos, 0.5, escaped(names[k], buf, sizeof buf));
    }
    plschr(0, TEXT_SCALE);
}

static int draw_panel(const fig_panel *given)
{
    char b1[256], b2[256], b3[256];
    fig_panel q = *given; /* its axes may turn linear */
    const fig_panel *p = &q;
    const fig_series *image = image_of(p);
    pladv(0);
    /* room above for PLplot's (x10^n); right of a map for its colour bar */
    plvpor(p->n_ycat ? 0.2 : 0.15, image ? 0.8 : 0.96, 0.16, 0.87);
    axes a;
    fit_window(&q, &a);
    if (p->equal)
        equalise(&a);
    plwind(a.xmin, a.xmax, a.ymin, a.ymax);
    size_t m = longest_series(p);
    double *bx = malloc(2 * m * sizeof *bx), *by = malloc(2 * m * sizeof *by);
    if (!bx || !by) {
        free(bx);
        free(by);
        set_error("out of memory");
        return -1;
    }
    const char *xgrid = p->n_xcat ? "" : p->xlog ? "gl" : "g";
    const char *ygrid = p->n_ycat ? "" : p->ylog ? "gl" : "g";
    plcol0(C_GRID);
    if (!image)
        plbox(xgrid, 0, 0, ygrid, 0, 0);
    for (int layer = 0; layer < N_LAYERS; layer++)
        for (size_t s = 0; s < p->n_series; s++)
            if (layer_of(p->series[s].kind) == layer)
                draw_series(&p->series[s], &a, bx, by);
    free(bx);
    free(by);
    plcol0(C_INK);
    plbox(p->n_xcat ? "bc" : p->xlog ? "bcnstl" : "bcnst", 0, 0,
          p->n_ycat ? "bc" : p->ylog ? "bcnstvl" : "bcnstv", 0, 0);
    if (p->n_xcat)
        draw_categories(p, &a, 0);
    if (p->n_ycat)
        draw_categories(p, &a, 1);
    pllab(escaped(p->xlabel, b1, sizeof b1), escaped(p->ylabel, b2, sizeof b2),
          escaped(p->title, b3, sizeof b3));
    if (p->legend != FIG_LEGEND_NONE)
        draw_legend(p, &a);
    if (image)
        draw_colorbar(image, 0.16, 0.87);
    return 0;
}

static void set_colours(void)
{
    plscmap0n(N_COLOURS);
    plscol0(C_BG, 255, 255, 255);
    plscol0(C_INK, 0, 0, 0);
    plscol0(C_GRID, 225, 225, 225);
    plscol0(C_SPAN, 150, 150, 150);
    for (int i = 0; i < N_PALETTE; i++)
        plscol0(C_PALETTE + i, palette[i][0], palette[i][1], palette[i][2]);
}

static const char *device_of(fig_format f)
{
    return f == FIG_SVG ? "svgcairo" : f == FIG_PDF ? "pdfcairo" : "pngcairo";
}

/* Page: 7 x 5.25 inch per panel; raster at 150 dpi, vector in points. */
static void set_page(fig_format format, int cols, int rows)
{
    double dpi = format == FIG_PNG ? 150 : 72;
    plspage(dpi, dpi, (PLINT)(7.0 * dpi * cols), (PLINT)(5.25 * dpi * rows), 0, 0);
}

/* The drawing, with plexit() turned into a return through setjmp: nothing
 * it reads is changed after the setjmp but `started` (volatile). */
static int draw_all(const fig *f, FILE *out, fig_format format, int cols, int rows)
{
    volatile int started = 0;
    jmp_buf here;
    escape = &here;
    if (setjmp(here)) {
        if (started) {
            jmp_buf again;
            escape = &again;
            if (!setjmp(again))
                plend();
        } else {
            fclose(out);
        }
        return -1;
    }
    plsexit(on_plexit);
    plsabort(on_plabort);
    plsdev(device_of(format));
    plsfile(out);
    set_page(format, cols, rows);
    plssub(cols, rows);
    set_colours();
    plinit();
    started = 1;
    plschr(0, TEXT_SCALE);
    int rc = 0;
    for (size_t p = 0; p < f->n_panels && rc == 0; p++)
        rc = draw_panel(&f->panels[p]);
    plend();
    return rc || (err_msg && err_msg[0]) ? -1 : 0;
}

static int render_locked(const fig *f, FILE *out, fig_format format)
{
    size_t n = f->n_panels ? f->n_panels : 1;
    size_t cols = f->cols > 0 ? (size_t)f->cols : (n > 1 ? 2 : 1);
    if (cols > n)
        cols = n;
    size_t rows = (n + cols - 1) / cols;
    return draw_all(f, out, format, (int)cols, (int)rows);
}

/* Draws f into out, which is closed in every case. */
EXPORT int haven_plot_render_v2(const fig *f, FILE *out, fig_format format, char *err, size_t cap)
{
    if (cap)
        err[0] = 0;
    if (!f || !out || (format != FIG_PNG && format != FIG_SVG && format != FIG_PDF)) {
        if (out)
            fclose(out);
        if (cap)
            snprintf(err, cap, "invalid figure or format");
        return -1;
    }
    pthread_mutex_lock(&render_lock);
    err_msg = err;
    err_cap = cap;
    int rc = render_locked(f, out, format);
    err_msg = NULL;
    err_cap = 0;
    escape = NULL;
    pthread_mutex_unlock(&render_lock);
    return rc;
}
