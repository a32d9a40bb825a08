/* Sites from the maxima of a density grid. */
#include "haven/sites.h"

#include "core/error.h"
#include "series/cell.h"
#include "structure/sitetypes.h"

#include <math.h>
#include <stdio.h>
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

/* Framework = the grid's atoms other than the mobile species. */
static size_t framework(const haven_grid *g, int mobile_z, double (*frac)[3], int *kind)
{
    size_t n = 0;
    for (size_t i = 0; i < g->n_atoms; i++)
        if (g->atom_z[i] != mobile_z) {
            memcpy(frac[n], g->atom_frac[i], sizeof frac[n]);
            kind[n++] = g->atom_z[i];
        }
    return n;
}

/* Append p unless a site within tol is already there. */
static int add_site(double (*site)[3], size_t *n, const double p[3], double tol,
                    const double cell[3][3])
{
    for (size_t j = 0; j < *n; j++)
        if (dist2(site[j], p, cell) < tol * tol)
            return 0;
    for (int k = 0; k < 3; k++)
        site[*n][k] = p[k] - floor(p[k]);
    (*n)++;
    return 1;
}

/* Every image of every kept maximum under the framework's operations (the
 * sites a short run has not visited yet are sites too), labelled
 * "orb<k>x<multiplicity>" by orbit. */
static size_t complete_orbits(const peak *p, size_t kept, const hs_symops *ops, double tol,
                              const double cell[3][3], double (*site)[3],
                              char (*label)[HAVEN_SITE_NAME])
{
    size_t n = 0, n_orbits = 0;
    for (size_t i = 0; i < kept; i++) {
        size_t first = n;
        for (size_t o = 0; o < ops->n; o++) {
            double x[3];
            for (int k = 0; k < 3; k++)
                x[k] = ops->trans[o][k] + ops->rot[o][k][0] * p[i].frac[0] +
                       ops->rot[o][k][1] * p[i].frac[1] + ops->rot[o][k][2] * p[i].frac[2];
            add_site(site, &n, x, tol, cell);
        }
        if (n == first)
            continue; /* an image of an earlier maximum */
        for (size_t j = first; j < n; j++)
            snprintf(label[j], HAVEN_SITE_NAME, "orb%zux%zu", n_orbits + 1, n - first);
        n_orbits++;
    }
    return n;
}

haven_status haven_sites_from_grid(const haven_grid *g, int mobile_z, double min_fraction,
                                   double min_separation, double symprec, haven_site_set *out)
{
    memset(out, 0, sizeof *out);
    peak *p = NULL;
    size_t n = 0;
    symprec = symprec > 0 ? symprec : 0.3 * HAVEN_ANGSTROM;
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
    hs_symops ops = {0};
    size_t room = g->n_atoms + kept * 192 + 1, n_fw = 0, n_sites = kept;
    double(*all)[3] = malloc(room * sizeof *all);
    int *kind = calloc(room, sizeof *kind), *is_site = calloc(room, sizeof *is_site);
    char(*label)[HAVEN_SITE_NAME] = calloc(room, sizeof *label);
    if (!all || !kind || !is_site || !label)
        s = haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    if (s == HAVEN_OK)
        n_fw = framework(g, mobile_z, all, kind);
    if (s == HAVEN_OK && n_fw > 0)
        s = hs_symmetry_ops(g->cell, n_fw, (const double(*)[3])all, kind, symprec, &ops);
    if (s == HAVEN_OK && n_fw > 0) {
        /* types: orbits under the framework's space group */
        n_sites = complete_orbits(p, kept, &ops, min_separation, g->cell, all, label);
    } else if (s == HAVEN_OK) {
        /* no framework: Wyckoff positions of the sites' own arrangement */
        for (size_t i = 0; i < kept; i++)
            memcpy(all[i], p[i].frac, sizeof all[i]);
        s = hs_wyckoff_labels(g->cell, kept, (const double(*)[3])all, kind, symprec, label);
    }
    for (size_t i = 0; i < n_sites; i++)
        is_site[i] = 1;
    if (s == HAVEN_OK)
        s = hs_site_set_build(out, g->cell, n_sites, (const double(*)[3])all, is_site,
                              (const char(*)[HAVEN_SITE_NAME])label);
    free(is_site), free(label);
    hs_symops_clear(&ops);
    free(p), free(all), free(kind);
    return s;
}
