/* Concerted jumps: close in time and space, against independent times. */
#include "haven/sites.h"

#include "core/error.h"
#include "structure/celllist.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Midpoint of a jump, fractional, from the two sites' positions. */
static void midpoint(const haven_sites_result *r, const haven_jump *j, double m[3])
{
    const double *a = r->site_frac[j->from], *b = r->site_frac[j->to];
    for (int k = 0; k < 3; k++) {
        double d = b[k] - a[k];
        m[k] = a[k] + 0.5 * (d - nearbyint(d));
    }
}

static size_t uf_root(size_t *parent, size_t x)
{
    while (parent[x] != x)
        x = parent[x] = parent[parent[x]];
    return x;
}

/* P(|i - j| <= w) for two independent uniform frames among M. */
static double coincidence(size_t M, size_t w)
{
    if (w >= M)
        return 1;
    double m = (double)M, ww = (double)w;
    return ((2 * ww + 1) * m - ww * (ww + 1)) / (m * m);
}

static void group_sizes(size_t *parent, size_t n, size_t groups[5])
{
    size_t *size = calloc(n, sizeof *size);
    if (!size)
        return;
    for (size_t i = 0; i < n; i++)
        size[uf_root(parent, i)]++;
    for (size_t i = 0; i < n; i++)
        if (size[i] >= 2)
            groups[size[i] >= 6 ? 4 : size[i] - 2]++;
    free(size);
}

haven_status haven_sites_concerted(const haven_sites_result *r, double window, double radius,
                                   haven_concerted *out)
{
    memset(out, 0, sizeof *out);
    if (!(window >= 0) || !(radius > 0))
        return haven_fail(HAVEN_ERR_ARG, "concerted jumps: window must be >= 0 and radius > 0");
    size_t n = r->n_jumps;
    out->window = window, out->radius = radius;
    out->window_frames = (size_t)floor(window / r->dt + 1e-9);
    double(*mid)[3] = malloc((n ? n : 1) * sizeof *mid);
    size_t *parent = malloc((n ? n : 1) * sizeof *parent);
    hs_celllist cl = {0};
    haven_status s = mid && parent ? HAVEN_OK : haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t i = 0; s == HAVEN_OK && i < n; i++)
        midpoint(r, &r->jump[i], mid[i]), parent[i] = i;
    if (s == HAVEN_OK)
        s = hs_celllist_build(&cl, (const double(*)[3])mid, n, r->cell, radius);
    for (size_t i = 0; s == HAVEN_OK && i < n; i++) {
        size_t bins[27];
        int nb = hs_celllist_neighbours(&cl, mid[i], bins);
        for (int b = 0; b < nb; b++)
            for (size_t p = cl.start[bins[b]]; p < cl.start[bins[b] + 1]; p++) {
                size_t j = cl.item[p];
                if (j <= i || r->jump[i].ion == r->jump[j].ion ||
                    hs_min_image_d2(mid[i], mid[j], r->cell) > radius * radius)
                    continue;
                out->close_pairs++;
                size_t fi = r->jump[i].frame, fj = r->jump[j].frame;
                if ((fi > fj ? fi - fj : fj - fi) <= out->window_frames) {
                    out->pairs++;
                    parent[uf_root(parent, i)] = uf_root(parent, j);
                }
            }
    }
    if (s == HAVEN_OK) {
        /* jumps are seen at frames 1 .. T-1 */
        out->expected = (double)out->close_pairs * coincidence(r->n_frames - 1, out->window_frames);
        out->z = out->expected > 0 ? ((double)out->pairs - out->expected) / sqrt(out->expected)
                                   : NAN;
        out->p_value = out->pairs == 0 ? 1
                                       : gsl_cdf_poisson_Q((unsigned)(out->pairs - 1), out->expected);
        group_sizes(parent, n, out->groups);
    }
    free(mid), free(parent);
    hs_celllist_clear(&cl);
    return s;
}

static double lattice_gas(double x)
{
    return x > 0 && x < 1 ? -(x * log(x) + (1 - x) * log(1 - x)) : 0;
}

void haven_sites_entropy(const haven_sites_result *r, haven_estimate *per_type)
{
    for (size_t t = 0; t < r->n_types; t++) {
        const haven_estimate *x = &r->occupancy[t];
        double v = HAVEN_KB * lattice_gas(x->value);
        /* ds/dx = -k ln(x/(1-x)) */
        double slope = x->value > 0 && x->value < 1 ? HAVEN_KB * fabs(log(x->value / (1 - x->value)))
                                                    : NAN;
        double a = HAVEN_KB * lattice_gas(fmin(fmax(x->lo, 0), 1)),
               b = HAVEN_KB * lattice_gas(fmin(fmax(x->hi, 0), 1));
        per_type[t].unit = "J/K";
        per_type[t].value = v;
        per_type[t].err = slope * x->err;
        /* s(x) peaks at x = 1/2: an interval containing it reaches k ln 2 */
        double hi = (x->lo <= 0.5 && x->hi >= 0.5) ? HAVEN_KB * log(2.0) : fmax(a, b);
        per_type[t].lo = fmin(a, b);
        per_type[t].hi = hi;
    }
}

double haven_mixing_entropy(const double *fractions, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        if (fractions[i] > 0)
            s -= fractions[i] * log(fractions[i]);
    return HAVEN_KB * s;
}
