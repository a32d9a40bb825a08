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

/* Width of the cell perpendicular to the plane of the other two vectors. */
static double perp_width(const double cell[3][3], int k)
{
    const double *a = cell[(k + 1) % 3], *b = cell[(k + 2) % 3];
    double c[3] = {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    double vol = fabs(c[0] * cell[k][0] + c[1] * cell[k][1] + c[2] * cell[k][2]);
    return vol / norm3(c);
}

static double min_image_d2(const double fa[3], const double fb[3], const double cell[3][3])
{
    double d[3], r[3];
    for (int k = 0; k < 3; k++)
        d[k] = fa[k] - fb[k] - nearbyint(fa[k] - fb[k]);
    haven_frac_to_cart(d, cell, r);
    return r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
}

double hs_site_min_distance(const haven_site_set *s)
{
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

static size_t bin_of(const hs_sitemap *m, const double fr[3])
{
    size_t b[3];
    for (int k = 0; k < 3; k++) {
        double x = fr[k] - floor(fr[k]);
        b[k] = (size_t)(x * (double)m->nb[k]);
        if (b[k] >= m->nb[k])
            b[k] = m->nb[k] - 1;
    }
    return (b[0] * m->nb[1] + b[1]) * m->nb[2] + b[2];
}

static haven_status build_bins(hs_sitemap *m, const double cell[3][3], double radius)
{
    size_t total = 1;
    for (int k = 0; k < 3; k++) {
        /* 20% slack for a cell that shrinks during the run */
        double nb = floor(perp_width(cell, k) / (1.2 * radius));
        m->nb[k] = nb < 1 ? 1 : nb > 256 ? 256 : (size_t)nb;
        total *= m->nb[k];
    }
    m->bin_start = calloc(total + 1, sizeof *m->bin_start);
    m->bin_site = malloc((m->n ? m->n : 1) * sizeof *m->bin_site);
    size_t *fill = calloc(total, sizeof *fill);
    if (!m->bin_start || !m->bin_site || !fill) {
        free(fill);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    for (size_t s = 0; s < m->n; s++)
        m->bin_start[bin_of(m, m->frac[s]) + 1]++;
    for (size_t b = 0; b < total; b++)
        m->bin_start[b + 1] += m->bin_start[b];
    for (size_t s = 0; s < m->n; s++) {
        size_t b = bin_of(m, m->frac[s]);
        m->bin_site[m->bin_start[b] + fill[b]++] = s;
    }
    free(fill);
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
    return build_bins(m, cell, radius);
}

void hs_sitemap_clear(hs_sitemap *m)
{
    free(m->frac), free(m->type), free(m->bin_start), free(m->bin_site);
    memset(m, 0, sizeof *m);
}

/* Bin offsets along one axis: -1, 0, 1, or every bin when there are fewer
 * than three (so none is visited twice). */
static int axis_bins(size_t nb, size_t home, size_t out[3])
{
    if (nb < 3) {
        for (size_t i = 0; i < nb; i++)
            out[i] = i;
        return (int)nb;
    }
    out[0] = (home + nb - 1) % nb, out[1] = home, out[2] = (home + 1) % nb;
    return 3;
}

long hs_sitemap_nearest(const hs_sitemap *m, const double fr[3], const double cell[3][3],
                        double radius, double *d2)
{
    size_t home = bin_of(m, fr), h[3] = {home / (m->nb[1] * m->nb[2]), (home / m->nb[2]) % m->nb[1],
                                         home % m->nb[2]};
    size_t bx[3], by[3], bz[3];
    int nx = axis_bins(m->nb[0], h[0], bx), ny = axis_bins(m->nb[1], h[1], by),
        nz = axis_bins(m->nb[2], h[2], bz);
    long best = -1;
    double best_d2 = radius * radius;
    for (int i = 0; i < nx; i++)
        for (int j = 0; j < ny; j++)
            for (int k = 0; k < nz; k++) {
                size_t b = (bx[i] * m->nb[1] + by[j]) * m->nb[2] + bz[k];
                for (size_t p = m->bin_start[b]; p < m->bin_start[b + 1]; p++) {
                    size_t s = m->bin_site[p];
                    double dd = min_image_d2(fr, m->frac[s], cell);
                    if (dd <= best_d2)
                        best_d2 = dd, best = (long)s;
                }
            }
    *d2 = best_d2;
    return best;
}
