/* Time blocks of density counts, and the jackknife of the percolation
 * barriers over them (see density_blocks.h, haven/structure.h). */
#include "structure/density_blocks.h"

#include "core/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

haven_status hs_blocks_init(hs_blocks *b, size_t B, size_t nvox)
{
    memset(b, 0, sizeof *b);
    b->B = B, b->nvox = nvox, b->len = 1;
    b->acc = calloc(2 * B * nvox, sizeof *b->acc);
    b->frames = calloc(2 * B, sizeof *b->frames);
    if (!b->acc || !b->frames)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory for %zu density blocks", 2 * B);
    return HAVEN_OK;
}

double *hs_blocks_current(hs_blocks *b)
{
    return b->acc + b->used * b->nvox;
}

/* Merge neighbours: 2B full blocks -> B, block length doubles. */
static void merge(hs_blocks *b)
{
    for (size_t k = 0; k < b->B; k++) {
        double *dst = b->acc + k * b->nvox, *x = b->acc + 2 * k * b->nvox, *y = x + b->nvox;
        for (size_t v = 0; v < b->nvox; v++)
            dst[v] = x[v] + y[v];
        b->frames[k] = b->frames[2 * k] + b->frames[2 * k + 1];
    }
    memset(b->acc + b->B * b->nvox, 0, b->B * b->nvox * sizeof *b->acc);
    memset(b->frames + b->B, 0, b->B * sizeof *b->frames);
    b->used = b->B;
    b->len *= 2;
}

void hs_blocks_end_frame(hs_blocks *b)
{
    if (++b->frames[b->used] < b->len)
        return;
    if (++b->used == 2 * b->B)
        merge(b);
}

void hs_blocks_finish(hs_blocks *b, haven_density_info *info)
{
    size_t n = b->used;
    if (b->frames[n] > 0) { /* a partial block: on its own if at least half a block */
        if (n > 0 && 2 * b->frames[n] < b->len) {
            double *dst = b->acc + (n - 1) * b->nvox, *x = b->acc + n * b->nvox;
            for (size_t v = 0; v < b->nvox; v++)
                dst[v] += x[v];
            b->frames[n - 1] += b->frames[n];
        } else {
            n++;
        }
    }
    info->n_blocks = n;
    info->block_frames = b->frames;
    info->block_counts = b->acc;
    b->frames = NULL, b->acc = NULL;
}

void hs_blocks_clear(hs_blocks *b)
{
    free(b->acc), free(b->frames);
    memset(b, 0, sizeof *b);
}

/* The density without block `skip`: counts of the others per frame and
 * voxel volume of the mean cell (as haven_density_compute). */
static void leave_out(const haven_grid *g, const haven_density_info *in, size_t skip, double *out)
{
    size_t nvox = g->n[0] * g->n[1] * g->n[2], frames = 0;
    memset(out, 0, nvox * sizeof *out);
    for (size_t k = 0; k < in->n_blocks; k++) {
        if (k == skip)
            continue;
        frames += in->block_frames[k];
        const double *c = in->block_counts + k * nvox;
        for (size_t v = 0; v < nvox; v++)
            out[v] += c[v];
    }
    const double *c = &g->cell[0][0];
    double vol = fabs(c[0] * (c[4] * c[8] - c[5] * c[7]) - c[1] * (c[3] * c[8] - c[5] * c[6]) +
                      c[2] * (c[3] * c[7] - c[4] * c[6]));
    double scale = (double)nvox / (vol * (double)frames);
    for (size_t v = 0; v < nvox; v++)
        out[v] *= scale;
}

haven_status haven_percolation_jackknife(const haven_grid *g, const haven_density_info *info,
                                         double sigma, double temperature,
                                         const haven_percolation *full, haven_estimate barrier[3])
{
    size_t B = info->n_blocks;
    for (int d = 0; d < 3; d++)
        barrier[d] = haven_estimate_make(full->barrier[d], NAN, 0, "J");
    if (B < 2 || !info->block_counts)
        return haven_fail(HAVEN_ERR_ARG, "percolation errors need density blocks (n_blocks >= 2)");
    haven_grid loo;
    haven_status st = haven_grid_alloc(&loo, g->n, g->cell);
    double *x = malloc(3 * B * sizeof *x);
    if (st == HAVEN_OK && !x)
        st = haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t b = 0; st == HAVEN_OK && b < B; b++) {
        haven_percolation p;
        leave_out(g, info, b, loo.value);
        if ((st = haven_grid_smooth(&loo, sigma)) == HAVEN_OK &&
            (st = haven_grid_percolation(&loo, temperature, &p)) == HAVEN_OK)
            for (int d = 0; d < 3; d++)
                x[3 * b + d] = p.barrier[d];
    }
    for (int d = 0; st == HAVEN_OK && d < 3; d++) {
        double mean = 0, ss = 0;
        for (size_t b = 0; b < B; b++)
            mean += x[3 * b + d] / (double)B;
        for (size_t b = 0; b < B; b++)
            ss += (x[3 * b + d] - mean) * (x[3 * b + d] - mean);
        double err = sqrt((double)(B - 1) / (double)B * ss);
        if (isfinite(err) && isfinite(full->barrier[d]))
            barrier[d] = haven_estimate_make(full->barrier[d], err, (double)(B - 1), "J");
    }
    free(x);
    haven_grid_clear(&loo);
    return st;
}
