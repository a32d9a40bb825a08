/* Figures of the CLI: a plain description (panels of series, no drawing
 * library involved) built by the commands, and drawn by the plot plugin
 * (plugins/plot, PLplot with its cairo driver) only when --plot or
 * --report asks for it, so that a command without figures loads no
 * drawing library and costs what it did before.
 *
 * Text is UTF-8 (units such as "Å²" are written as such). Arrays given to
 * the fig_* builders are copied. Non-finite values are gaps: a line stops
 * and resumes after them, a point is left out. On a logarithmic axis,
 * values <= 0 are left out the same way. */
#ifndef HAVEN_TOOLS_FIGURE_H
#define HAVEN_TOOLS_FIGURE_H

#include <stddef.h>
#include <stdio.h>

typedef enum {
    FIG_LINE,   /* x, y joined */
    FIG_POINTS, /* x, y marked; with lo/hi: vertical error bars */
    FIG_BAND,   /* filled region between lo and hi along x (a 95% band) */
    FIG_VSPAN,  /* shaded x range x[0]..x[1] over the whole height (a fit window) */
    FIG_VLINE,  /* vertical lines at each x (a marked time, a threshold) */
    FIG_HLINE,  /* horizontal lines at each y */
    FIG_TEXT,   /* text[i] written at (x[i], y[i]) (frequency decades on a Nyquist plot) */
    FIG_IMAGE   /* a map: z[j * nx + i] in the cell centred on (x[i], y[j]) (evenly spaced,
                   nx and ny of them), coloured by a colour scale with a colour bar titled
                   by label; non-finite z (and z <= 0 on zlog) left blank. Drawn under
                   everything else; one per panel. */
} fig_kind;

/* Colour scales of FIG_IMAGE. */
enum { FIG_CMAP_VIRIDIS = 0, /* dark to light (densities, energies) */
       FIG_CMAP_LIGHT };     /* light to mid-dark, so that black text stays readable (tables) */

typedef struct {
    fig_kind kind;
    char *label;    /* legend entry; NULL: none */
    size_t n;
    double *x, *y;  /* y is NULL for VSPAN/VLINE, x NULL for HLINE */
    double *lo, *hi; /* POINTS: error bar ends; BAND: the region; else NULL */
    char **text;     /* FIG_TEXT only */
    int color;       /* 0.. palette index (colour-blind safe, cycles) */
    int dashed;      /* lines: 1 dashed, 2 dotted */
    int marker;      /* points: 0 circle, 1 square, 2 triangle, 3 cross */
    int centred;     /* FIG_TEXT: centred on (x, y) (default: left or right aligned) */
    /* FIG_IMAGE only */
    size_t nx, ny;
    double *z;
    double zmin, zmax; /* colour range; NAN: from the data */
    int zlog;          /* logarithmic colour scale */
    int cmap;          /* FIG_CMAP_* */
} fig_series;

/* AUTO: the corner with the fewest drawn points. */
enum { FIG_LEGEND_AUTO = 0, FIG_LEGEND_TOP_LEFT, FIG_LEGEND_TOP_RIGHT, FIG_LEGEND_BOTTOM_RIGHT,
       FIG_LEGEND_BOTTOM_LEFT, FIG_LEGEND_NONE };

typedef struct {
    char *title, *xlabel, *ylabel;
    int xlog, ylog;   /* logarithmic axes */
    int equal;        /* equal scales on both axes (Nyquist) */
    int legend;       /* FIG_LEGEND_* */
    double xmin, xmax, ymin, ymax; /* NAN: from the data */
    /* category axes: names written at x (y) = 0, 1, ..., n - 1 instead of
     * numbers (site types, transitions); set with fig_panel_categories */
    char **xcat, **ycat;
    size_t n_xcat, n_ycat;
    fig_series *series;
    size_t n_series, cap;
} fig_panel;

typedef struct {
    char *name;  /* short identifier (file name suffix, report anchor) */
    char *title; /* caption */
    fig_panel *panels;
    size_t n_panels, cap;
    int cols;    /* panels per row (default 1 for one panel, 2 otherwise) */
} fig;

typedef enum { FIG_PNG = 0, FIG_SVG, FIG_PDF } fig_format;

/* ---- building (tools/figure.c); all return NULL / -1 only when out of memory */
fig *fig_create(const char *name, const char *title);
void fig_free(fig *f);
fig_panel *fig_panel_add(fig *f, const char *title, const char *xlabel, const char *ylabel);
fig_series *fig_line(fig_panel *p, const char *label, const double *x, const double *y, size_t n,
                     int color);
fig_series *fig_points(fig_panel *p, const char *label, const double *x, const double *y,
                       const double *lo, const double *hi, size_t n, int color);
fig_series *fig_band(fig_panel *p, const char *label, const double *x, const double *lo,
                     const double *hi, size_t n, int color);
fig_series *fig_vspan(fig_panel *p, const char *label, double x0, double x1, int color);
fig_series *fig_vline(fig_panel *p, const char *label, double x, int color);
fig_series *fig_hline(fig_panel *p, const char *label, double y, int color);
fig_series *fig_text(fig_panel *p, double x, double y, const char *text, int color);
/* A map (FIG_IMAGE) of nx x ny values, z[j * nx + i] at (x[i], y[j]). */
fig_series *fig_image(fig_panel *p, const char *label, const double *x, size_t nx,
                      const double *y, size_t ny, const double *z);
/* Names along the x (axis 0) or y (axis 1) axis at 0..n-1; the axis then
 * spans -0.5 .. n - 0.5. -1 when out of memory. */
int fig_panel_categories(fig_panel *p, int axis, const char *const *names, size_t n);

/* A set of figures made by one command. */
typedef struct {
    fig **figs;
    size_t n, cap;
} fig_set;
int fig_set_add(fig_set *s, fig *f); /* takes f (freed on failure too) */
void fig_set_clear(fig_set *s);

/* ---- drawing (tools/figure_io.c) ------------------------------------------ */

/* "png", "svg", "pdf" -> format; -1 otherwise. */
int fig_format_parse(const char *s, fig_format *out);
const char *fig_format_ext(fig_format f);

/* Every figure of s to PREFIX-<name>.<ext>; the paths written are listed
 * on stderr unless quiet. */
int fig_set_write(const fig_set *s, const char *prefix, fig_format format, int quiet);

/* f drawn as SVG into a malloc'ed string (for the HTML report). */
char *fig_svg_string(const fig *f);

/* ---- the plugin's entry point --------------------------------------------- */

/* Bumped with any change of the structures above. */
#define FIG_PLUGIN_SYMBOL "haven_plot_render_v2"
typedef int (*fig_render_fn)(const fig *f, FILE *out, fig_format format, char *err, size_t cap);
/* SHA-256 (64 hex digits) and size of a file, for the report's provenance:
 * 0 or an errno value. In the plugin so that nettle loads only then. */
#define FIG_SHA256_SYMBOL "haven_plot_sha256_v1"
typedef int (*fig_sha256_fn)(const char *path, char *hex, long long *size);
/* Through the plugin; -1 with a message naming the file. */
int fig_sha256(const char *path, char hex[65], long long *size);

#endif
