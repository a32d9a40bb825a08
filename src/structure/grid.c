/* Grids: allocation, release, and periodic Gaussian smoothing. */
#include "haven/structure.h"

#include "core/error.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void haven_grid_clear(haven_grid *g)
{
    if (!g)
        return;
    free(g->value);
    free(g->atom_frac);
    free(g->atom_z);
    memset(g, 0, sizeof *g);
}

haven_status haven_grid_alloc(haven_grid *g, const size_t n[3], const double cell[3][3])
{
    memset(g, 0, sizeof *g);
    size_t total = 1;
    for (int k = 0; k < 3; k++) {
        if (n[k] == 0 || n[k] > 4096 || total > SIZE_MAX / sizeof(double) / n[k])
            return haven_fail(HAVEN_ERR_ARG, "grid of %zu x %zu x %zu points is not possible",
                              n[0], n[1], n[2]);
        total *= n[k];
        g->n[k] = n[k];
    }
    memcpy(g->cell, cell, sizeof g->cell);
    g->value = calloc(total, sizeof *g->value);
    if (!g->value)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory for a grid of %zu points", total);
    return HAVEN_OK;
}

/* One periodic 1D convolution along axis `ax` with kernel w[-h..h]. */
static void convolve_axis(haven_grid *g, int ax, const double *w, long h, double *line)
{
    size_t n = g->n[ax];
    size_t stride = ax == 0 ? g->n[1] * g->n[2] : ax == 1 ? g->n[2] : 1;
    size_t total = g->n[0] * g->n[1] * g->n[2];
    for (size_t base = 0; base < total; base++) {
        if ((base / stride) % n != 0)
            continue; /* start of a line only */
        for (size_t i = 0; i < n; i++) {
            double acc = 0;
            for (long d = -h; d <= h; d++) {
                long j = ((long)i + d) % (long)n;
                if (j < 0)
                    j += (long)n;
                acc += w[d + h] * g->value[base + (size_t)j * stride];
            }
            line[i] = acc;
        }
        for (size_t i = 0; i < n; i++)
            g->value[base + i * stride] = line[i];
    }
}

haven_status haven_grid_smooth(haven_grid *g, double sigma)
{
    if (!(sigma >= 0) || !isfinite(sigma))
        return haven_fail(HAVEN_ERR_ARG, "smoothing width must be >= 0, got %g", sigma);
    if (sigma == 0)
        return HAVEN_OK;
    for (int ax = 0; ax < 3; ax++) {
        const double *a = g->cell[ax];
        double len = sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
        double s = sigma / (len / (double)g->n[ax]); /* in voxels */
        long h = (long)ceil(4 * s);
        if (h > (long)g->n[ax] / 2)
            h = (long)g->n[ax] / 2;
        double *w = malloc((size_t)(2 * h + 1) * sizeof *w);
        double *line = malloc(g->n[ax] * sizeof *line);
        if (!w || !line) {
            free(w);
            free(line);
            return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
        }
        double sum = 0;
        for (long d = -h; d <= h; d++)
            sum += w[d + h] = exp(-0.5 * (double)(d * d) / (s * s));
        for (long d = -h; d <= h; d++)
            w[d + h] /= sum;
        convolve_axis(g, ax, w, h, line);
        free(w);
        free(line);
    }
    return HAVEN_OK;
}
