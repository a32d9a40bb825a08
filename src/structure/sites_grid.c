/* Sites from the maxima of a density grid. */
#include "haven/sites.h"

#include "core/error.h"
#include "series/cell.h"
#include "structure/sitetypes.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    double rho;
    double frac[3];
} peak;

static size_t wrap_index(long i, size_t n)
{
    long m = i % (long)n;
    return (size_t)(m < 0 ? m + (long)n : m);
}

static double at(const haven_grid *g, long i, long j, long k)
{
    return g->value[(wrap_index(i, g->n[0]) * g->n[1] + wrap_index(j, g->n[1])) * g->n[2] +
                    wrap_index(k, g->n[2])];
}

/* Strict local maximum over the 26 neighbours (ties broken by index, so a
 * flat top gives one peak). */
static int is_max(const haven_grid *g, long i, long j, long k)
{
    double v = at(g, i, j, k);
    for (long a = -1; a <= 1; a++)
        for (long b = -1; b <= 1; b++)
            for (long c = -1; c <= 1; c++) {
                if (!a && !b && !c)
                    continue;
                double w = at(g, i + a, j + b, k + c);
                if (w > v || (w == v && (a < 0 || (a == 0 && (b < 0 || (b == 0 && c < 0))))))
                    return 0;
            }
    return 1;
}

/* Density-weighted centroid of the 27 points about a maximum. */
static void centroid(const haven_grid *g, long i, long j, long k, double f[3])
{
    double w = 0, s[3] = {0, 0, 0};
    for (long a = -1; a <= 1; a++)
        for (long b = -1; b <= 1; b++)
            for (long c = -1; c <= 1; c++) {
                double v = at(g, i + a, j + b, k + c);
                w += v;
                s[0] += v * (double)(i + a) / (double)g->n[0];
                s[1] += v * (double)(j + b) / (double)g->n[1];
                s[2] += v * (double)(k + c) / (double)g->n[2];
            }
    for (int d = 0; d < 3; d++)
        f[d] = s[d] / w - floor(s[d] / w);
}

static int by_rho_desc(const void *x, const void *y)
{
    double a = ((const peak *)x)->rho, b = ((const peak *)y)->rho;
    return a < b ? 1 : a > b ? -1 : 0;
}

static double dist2(const double a[3], const double b[3], const double cell[3][3])
{
    double d[3], r[3];
    for (int k = 0; k < 3; k++)
        d[k] = a[k] - b[k] - nearbyint(a[k] - b[k]);
    haven_frac_to_cart(d, cell, r);
    return r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
}

static haven_status find_peaks(const haven_grid *g, double min_fraction, peak **out, size_t *n)
{
    size_t total = g->n[0] * g->n[1] * g->n[2], cap = 64;
    double rho_max = 0;
    for (size_t v = 0; v < total; v++)
        rho_max = fmax(rho_max, g->value[v]);
    if (!(rho_max > 0))
        return haven_fail(HAVEN_ERR_DATA, "the density is zero everywhere: no sites to find");
    peak *p = malloc(cap * sizeof *p);
    *n = 0;
    for (size_t v = 0; p && v < total; v++) {
        long i = (long)(v / (g->n[1] * g->n[2])), j = (long)((v / g->n[2]) % g->n[1]),
             k = (long)(v % g->n[2]);
        if (g->value[v] < min_fraction * rho_max || !is_max(g, i, j, k))
            continue;
        if (*n == cap) {
            peak *q = realloc(p, 2 * cap * sizeof *p);
            if (!q) {
                free(p);
                return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
            }
            p = q, cap *= 2;
        }
        p[*n].rho = g->value[v];
        centroid(g, i, j, k, p[(*n)++].frac);
    }
    if (!p || *n == 0) {
        free(p);
        return p ? haven_fail(HAVEN_ERR_DATA, "no density maximum above %g of the largest",
                              min_fraction)
                 : haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    *out = p;
    return HAVEN_OK;
}

haven_status haven_sites_from_grid(const haven_grid *g, double min_fraction,
                                   double min_separation, double symprec, haven_site_set *out)
{
    memset(out, 0, sizeof *out);
    peak *p = NULL;
    size_t n = 0;
    haven_status s = find_peaks(g, min_fraction > 0 ? min_fraction : 0.05, &p, &n);
    if (s != HAVEN_OK)
        return s;
    qsort(p, n, sizeof *p, by_rho_desc);
    /* keep a peak unless a denser one lies within min_separation */
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        int near = 0;
        for (size_t j = 0; j < kept && !near; j++)
            near = dist2(p[i].frac, p[j].frac, g->cell) < min_separation * min_separation;
        if (!near)
            p[kept++] = p[i];
    }
    double(*frac)[3] = malloc(kept * sizeof *frac);
    int *kind = calloc(kept, sizeof *kind), *is_site = malloc(kept * sizeof *is_site);
    char(*label)[HAVEN_SITE_NAME] = calloc(kept, sizeof *label);
    if (!frac || !kind || !is_site || !label)
        s = haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t i = 0; s == HAVEN_OK && i < kept; i++) {
        memcpy(frac[i], p[i].frac, sizeof frac[i]);
        is_site[i] = 1;
    }
    if (s == HAVEN_OK)
        s = hs_wyckoff_labels(g->cell, kept, (const double(*)[3])frac, kind,
                              symprec > 0 ? symprec : 0.1 * HAVEN_ANGSTROM, label);
    if (s == HAVEN_OK)
        s = hs_site_set_build(out, g->cell, kept, (const double(*)[3])frac, is_site,
                              (const char(*)[HAVEN_SITE_NAME])label);
    free(p), free(frac), free(kind), free(is_site), free(label);
    return s;
}
