/* Reference sites on a trajectory's supercell, and the nearest-site search
 * (cell list over fractional bins at least one radius wide). */
#include "structure/sitemap.h"

#include "core/error.h"
#include "series/cell.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static double norm3(const double v[3])
{
    return sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
}

/* Many sites in a large cell: a cell list with bins of the mean spacing;
 * the nearest pair is closer than that (else NAN: use the full search). */
static double min_distance_cells(const haven_site_set *s)
{
    double vol = fabs(s->cell[0][0] * (s->cell[1][1] * s->cell[2][2] - s->cell[1][2] * s->cell[2][1]) -
                      s->cell[0][1] * (s->cell[1][0] * s->cell[2][2] - s->cell[1][2] * s->cell[2][0]) +
                      s->cell[0][2] * (s->cell[1][0] * s->cell[2][1] - s->cell[1][1] * s->cell[2][0]));
    double r = cbrt(vol / (double)s->n_sites), best = INFINITY;
    for (int k = 0; k < 3; k++)
        if (2 * r >= hs_perp_width(s->cell, k))
            return NAN;
    hs_celllist cl = {0};
    if (hs_celllist_build(&cl, (const double(*)[3])s->frac, s->n_sites, s->cell, r) != HAVEN_OK)
        return NAN;
    for (size_t i = 0; i < s->n_sites; i++) {
        size_t bins[27];
        int nb = hs_celllist_neighbours(&cl, s->frac[i], bins);
        for (int b = 0; b < nb; b++)
            for (size_t p = cl.start[bins[b]]; p < cl.start[bins[b] + 1]; p++)
                if (cl.item[p] != i)
                    best = fmin(best, hs_min_image_d2(s->frac[i], s->frac[cl.item[p]], s->cell));
    }
    hs_celllist_clear(&cl);
    return sqrt(best) < r ? sqrt(best) : NAN;
}

double hs_site_min_distance(const haven_site_set *s)
{
    if (s->n_sites > 200) {
        double d = min_distance_cells(s);
        if (isfinite(d))
            return d;
    }
    double best = INFINITY;
    for (size_t i = 0; i < s->n_sites; i++)
        for (size_t j = i; j < s->n_sites; j++)
            for (int x = -1; x <= 1; x++)
                for (int y = -1; y <= 1; y++)
                    for (int z = -1; z <= 1; z++) {
                        if (i == j && !x && !y && !z)
                            continue;
                        double d[3] = {s->frac[j][0] - s->frac[i][0] + x,
                                       s->frac[j][1] - s->frac[i][1] + y,
                                       s->frac[j][2] - s->frac[i][2] + z},
                               r[3];
                        haven_frac_to_cart(d, s->cell, r);
                        double n = norm3(r);
                        if (n < best)
                            best = n;
                    }
    return best;
}

static haven_status supercell(const haven_site_set *ref, const double cell[3][3], size_t mult[3],
                              const char *path)
{
    for (int k = 0; k < 3; k++) {
        double ratio = norm3(cell[k]) / norm3(ref->cell[k]), m = nearbyint(ratio);
        if (!(m >= 1) || fabs(ratio - m) > 0.05 * m || m > 1000)
            return haven_fail(HAVEN_ERR_DATA,
                              "%s: cell vector %d is %.4g A long, %.4g times the reference's "
                              "%.4g A: not an integer supercell of the reference structure",
                              path, k + 1, norm3(cell[k]) / HAVEN_ANGSTROM, ratio,
                              norm3(ref->cell[k]) / HAVEN_ANGSTROM);
        mult[k] = (size_t)m;
    }
    return HAVEN_OK;
}

haven_status hs_sitemap_build(hs_sitemap *m, const haven_site_set *ref, const double cell[3][3],
                              double radius, const char *path)
{
    memset(m, 0, sizeof *m);
    haven_status s = supercell(ref, cell, m->mult, path);
    if (s != HAVEN_OK)
        return s;
    size_t cells = m->mult[0] * m->mult[1] * m->mult[2];
    m->n = cells * ref->n_sites;
    m->frac = malloc(m->n * sizeof *m->frac);
    m->type = malloc(m->n * sizeof *m->type);
    if (!m->frac || !m->type)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory for %zu sites", m->n);
    for (size_t c = 0; c < cells; c++) {
        size_t idx[3] = {c / (m->mult[1] * m->mult[2]), (c / m->mult[2]) % m->mult[1],
                         c % m->mult[2]};
        for (size_t r = 0; r < ref->n_sites; r++) {
            size_t site = c * ref->n_sites + r;
            for (int k = 0; k < 3; k++)
                m->frac[site][k] = (ref->frac[r][k] - floor(ref->frac[r][k]) + (double)idx[k]) /
                                   (double)m->mult[k];
            m->type[site] = ref->type[r];
        }
    }
    return hs_celllist_build(&m->bins, (const double(*)[3])m->frac, m->n, cell, radius);
}

void hs_sitemap_clear(hs_sitemap *m)
{
    free(m->frac), free(m->type);
    hs_celllist_clear(&m->bins);
    memset(m, 0, sizeof *m);
}

long hs_sitemap_nearest(const hs_sitemap *m, const double fr[3], const double cell[3][3],
                        double radius, double *d2)
{
    size_t bins[27];
    int nb = hs_celllist_neighbours(&m->bins, fr, bins);
    long best = -1;
    double best_d2 = radius * radius;
    for (int i = 0; i < nb; i++)
        for (size_t p = m->bins.start[bins[i]]; p < m->bins.start[bins[i] + 1]; p++) {
            size_t s = m->bins.item[p];
            double dd = hs_min_image_d2(fr, m->frac[s], cell);
            if (dd <= best_d2)
                best_d2 = dd, best = (long)s;
        }
    *d2 = best_d2;
    return best;
}
