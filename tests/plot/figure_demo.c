/* figure_demo PREFIX FORMAT: draws figures that stress the figure layer
 * (log axes with values <= 0, gaps, error bars, bands, spans, text, a
 * single point, an empty panel, equal axes, maps with blank cells and
 * colour bars, category axes) through the plot plugin, as
 * PREFIX-<name>.FORMAT. Checked by tests/plot/figures.sh. */
#include "figure.h"

#include <math.h>
#include <stdio.h>

enum { N = 200 };

static fig *msd_like(void)
{
    double t[N], y[N], lo[N], hi[N];
    for (int i = 0; i < N; i++) {
        t[i] = i * 1e-13;                       /* t = 0 is dropped on the log axis */
        y[i] = 6 * 1e-9 * t[i] * 1e20 + 0.3;    /* Å² */
        lo[i] = y[i] * 0.9 - (i == 5 ? 1e3 : 0); /* one band edge below 0 */
        hi[i] = y[i] * 1.1;
    }
    y[50] = NAN; /* a gap */
    fig *f = fig_create("msd", "Mean-squared displacement of Li⁺ (test)");
    fig_panel *p = fig_panel_add(f, "Li⁺: MSD, log–log", "t (ps)", "MSD (Å²)");
    p->xlog = p->ylog = 1;
    fig_vspan(p, "fit window", 2e-12, 1.5e-11, 6);
    fig_band(p, "95% band", t, lo, hi, N, 0);
    fig_line(p, "MSD", t, y, N, 0);
    fig_line(p, "fit", t, y, N, 1)->dashed = 1;
    fig_vline(p, "ballistic end #1", 3e-13, 7)->dashed = 2;
    fig_panel *q = fig_panel_add(f, "local slope", "t (ps)", "d ln MSD / d ln t");
    q->xlog = 1;
    q->legend = FIG_LEGEND_BOTTOM_RIGHT;
    fig_hline(q, "diffusive (1)", 1.0, 7)->dashed = 1;
    double e[N];
    for (int i = 0; i < N; i++)
        e[i] = 0.05;
    double s[N], slo[N], shi[N];
    for (int i = 0; i < N; i++) {
        s[i] = 2 - tanh(i / 20.0);
        slo[i] = s[i] - e[i];
        shi[i] = s[i] + e[i];
    }
    fig_points(q, "slope", t, s, slo, shi, N, 2)->marker = 1;
    return f;
}

static fig *nyquist_like(void)
{
    enum { M = 60 };
    double re[M], im[M];
    fig *f = fig_create("nyquist", "Nyquist (test)");
    fig_panel *p = fig_panel_add(f, "R0-p(R1,C1)", "Z′ (Ω)", "−Z″ (Ω)");
    p->equal = 1;
    for (int i = 0; i < M; i++) {
        double w = 6.283185307179586 * pow(10, 6 - i * 8.0 / M), r = 100, c = 1e-6;
        double d = 1 + pow(w * r * c, 2);
        re[i] = 10 + r / d;
        im[i] = w * r * r * c / d;
    }
    fig_points(p, "data", re, im, NULL, NULL, M, 0);
    fig_line(p, "fit", re, im, M, 1);
    fig_text(p, re[30], im[30], "10⁰ Hz", 7);
    fig_panel *one = fig_panel_add(f, "one point", "x", "y");
    double x1 = 1, y1 = 1;
    fig_points(one, "only", &x1, &y1, NULL, NULL, 1, 3);
    fig_panel_add(f, "empty", "x", "y");
    return f;
}

/* A map with a hole (blank cells) under a path, and a table of values on
 * named categories. */
static fig *map_like(void)
{
    enum { NX = 40, NY = 30 };
    double x[NX], y[NY], z[NX * NY];
    for (int i = 0; i < NX; i++)
        x[i] = 0.25 * i;
    for (int j = 0; j < NY; j++)
        y[j] = 0.25 * j;
    for (int j = 0; j < NY; j++)
        for (int i = 0; i < NX; i++) {
            double r2 = pow(x[i] - 5, 2) + pow(y[j] - 3.5, 2);
            z[j * NX + i] = r2 < 0.5 ? NAN : 0.4 * r2;
        }
    fig *f = fig_create("map", "Map (test)");
    fig_panel *p = fig_panel_add(f, "free energy", "a (Å)", "b (Å)");
    fig_image(p, "ΔF (eV)", x, NX, y, NY, z);
    double px[2] = {1, 9}, py[2] = {1, 6};
    fig_line(p, "path", px, py, 2, 7);
    fig_panel *q = fig_panel_add(f, "rates", "to", "from");
    const char *names[3] = {"24g", "48h", "4a"};
    double c[3] = {0, 1, 2}, r[9] = {0, 2e9, 1e7, 3e9, 5e10, NAN, 4e6, 0, 1e8};
    fig_series *m = fig_image(q, "rate (1/s)", c, 3, c, 3, r);
    m->zlog = 1, m->cmap = FIG_CMAP_LIGHT;
    fig_panel_categories(q, 0, names, 3);
    fig_panel_categories(q, 1, names, 3);
    fig_text(q, 1, 0, "2.0e9 ± 1e8", 7)->centred = 1;
    return f;
}

int main(int argc, char **argv)
{
    fig_format format;
    if (argc != 3 || fig_format_parse(argv[2], &format) != 0) {
        fprintf(stderr, "usage: figure_demo PREFIX png|svg|pdf\n");
        return 2;
    }
    fig_set set = {0};
    fig_set_add(&set, msd_like());
    fig_set_add(&set, nyquist_like());
    fig_set_add(&set, map_like());
    int rc = fig_set_write(&set, argv[1], format, 0);
    fig_set_clear(&set);
    return rc ? 1 : 0;
}
