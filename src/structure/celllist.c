/* Cell list over fractional bins (see celllist.h). */
#include "structure/celllist.h"

#include "core/error.h"
#include "series/cell.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double hs_perp_width(const double cell[3][3], int k)
{
    const double *a = cell[(k + 1) % 3], *b = cell[(k + 2) % 3];
    double c[3] = {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    double vol = fabs(c[0] * cell[k][0] + c[1] * cell[k][1] + c[2] * cell[k][2]);
    return vol / sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
}

double hs_min_image_d2(const double fa[3], const double fb[3], const double cell[3][3])
{
    double d[3], r[3];
    for (int k = 0; k < 3; k++)
        d[k] = fa[k] - fb[k] - nearbyint(fa[k] - fb[k]);
    haven_frac_to_cart(d, cell, r);
    return r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
}

static size_t bin_of(const hs_celllist *c, const double fr[3], size_t b[3])
{
    for (int k = 0; k < 3; k++) {
        double x = fr[k] - floor(fr[k]);
        b[k] = (size_t)(x * (double)c->nb[k]);
        if (b[k] >= c->nb[k])
            b[k] = c->nb[k] - 1;
    }
    return (b[0] * c->nb[1] + b[1]) * c->nb[2] + b[2];
}

haven_status hs_celllist_build(hs_celllist *c, const double (*frac)[3], size_t n,
                               const double cell[3][3], double r)
{
    size_t total = 1;
    for (int k = 0; k < 3; k++) {
        double nb = floor(hs_perp_width(cell, k) / (1.2 * r));
        c->nb[k] = nb < 1 ? 1 : nb > 256 ? 256 : (size_t)nb;
        total *= c->nb[k];
    }
    if (total + 1 > c->cap_bins) {
        free(c->start);
        c->start = malloc((total + 1) * sizeof *c->start);
        c->cap_bins = c->start ? total + 1 : 0;
    }
    if (n > c->cap_items) {
        free(c->item);
        c->item = malloc(n * sizeof *c->item);
        c->cap_items = c->item ? n : 0;
    }
    if (!c->start || (n && !c->item))
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory for a cell list of %zu points", n);
    c->n = n;
    memset(c->start, 0, (total + 1) * sizeof *c->start);
    size_t b[3];
    for (size_t i = 0; i < n; i++)
        c->start[bin_of(c, frac[i], b) + 1]++;
    for (size_t k = 0; k < total; k++)
        c->start[k + 1] += c->start[k];
    for (size_t i = 0; i < n; i++) /* fill, then shift back */
        c->item[c->start[bin_of(c, frac[i], b)]++] = i;
    for (size_t k = total; k > 0; k--)
        c->start[k] = c->start[k - 1];
    c->start[0] = 0;
    return HAVEN_OK;
}

void hs_celllist_clear(hs_celllist *c)
{
    free(c->start), free(c->item);
    memset(c, 0, sizeof *c);
}

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

int hs_celllist_neighbours(const hs_celllist *c, const double fr[3], size_t out[27])
{
    size_t h[3], bx[3], by[3], bz[3];
    bin_of(c, fr, h);
    int nx = axis_bins(c->nb[0], h[0], bx), ny = axis_bins(c->nb[1], h[1], by),
        nz = axis_bins(c->nb[2], h[2], bz), m = 0;
    for (int i = 0; i < nx; i++)
        for (int j = 0; j < ny; j++)
            for (int k = 0; k < nz; k++)
                out[m++] = (bx[i] * c->nb[1] + by[j]) * c->nb[2] + bz[k];
    return m;
}
