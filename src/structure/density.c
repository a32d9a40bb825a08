/* Probability density of selected atoms on a fractional grid, streamed
 * over the frames of a trajectory. */
#include "haven/elements.h"
#include "haven/structure.h"

#include "core/error.h"
#include "series/cell.h"
#include "structure/density_blocks.h"
#include "structure/stream.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void haven_density_options_init(haven_density_options *o)
{
    memset(o, 0, sizeof *o);
}

/* Grid dimensions from the first frame's cell and the spacing. */
static haven_status grid_for_frame(const hs_stream *s, double spacing, haven_grid *g)
{
    size_t n[3];
    for (int k = 0; k < 3; k++) {
        const double *a = s->f->cell[k];
        double len = sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
        double m = ceil(len / spacing - 1e-9);
        if (!(m >= 1) || m > 4096)
            return haven_fail(HAVEN_ERR_ARG,
                              "%s: grid spacing %g A gives %g points along a %g A cell vector "
                              "(expected 1 to 4096)",
                              haven_traj_path(s->t), spacing / HAVEN_ANGSTROM, m,
                              len / HAVEN_ANGSTROM);
        n[k] = (size_t)m;
    }
    return haven_grid_alloc(g, n, s->f->cell);
}

/* Frame 0's atoms, to draw with the field. */
static haven_status keep_atoms(const hs_stream *s, haven_grid *g)
{
    size_t n = haven_traj_n_atoms(s->t);
    g->atom_frac = malloc(n * sizeof *g->atom_frac);
    g->atom_z = malloc(n * sizeof *g->atom_z);
    if (!g->atom_frac || !g->atom_z)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        hs_stream_frac(s, i, g->atom_frac[i]);
        int z = haven_element_z(haven_traj_species_name(s->t, (size_t)haven_traj_atom_species(s->t, i)));
        g->atom_z[i] = z > 0 ? z : 0;
    }
    g->n_atoms = n;
    return HAVEN_OK;
}

/* Running sum of the continuous fractional positions of the atoms that
 * are not counted (the framework), for their mean positions. */
static void sum_framework(const hs_stream *s, const int *select, double (*sum)[3])
{
    size_t n = haven_traj_n_atoms(s->t);
    for (size_t i = 0; i < n; i++) {
        if (select && select[i])
            continue;
        double fr[3];
        haven_cart_to_frac(s->uw.path[i], s->inv, fr);
        for (int k = 0; k < 3; k++)
            sum[i][k] += fr[k];
    }
}

static void mean_framework(haven_grid *g, const int *select, double (*sum)[3], size_t frames)
{
    for (size_t i = 0; i < g->n_atoms; i++)
        if (!select || !select[i])
            for (int k = 0; k < 3; k++)
                g->atom_frac[i][k] = hs_wrap01(sum[i][k] / (double)frames);
}

static void bin_frame(const hs_stream *s, const int *select, haven_grid *g, double *cellsum,
                      double *block)
{
    size_t n = haven_traj_n_atoms(s->t);
    for (size_t i = 0; i < n; i++) {
        if (select && !select[i])
            continue;
        double fr[3];
        size_t idx[3];
        hs_stream_frac(s, i, fr);
        for (int k = 0; k < 3; k++) {
            /* point m stands for the voxel [m - 1/2, m + 1/2) / n */
            size_t m = (size_t)floor(fr[k] * (double)g->n[k] + 0.5);
            idx[k] = m >= g->n[k] ? 0 : m;
        }
        size_t v = (idx[0] * g->n[1] + idx[1]) * g->n[2] + idx[2];
        g->value[v] += 1.0;
        if (block)
            block[v] += 1.0;
    }
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++)
            cellsum[3 * a + b] += s->f->cell[a][b];
}

static haven_status finish(haven_grid *g, const double *cellsum, size_t frames)
{
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++)
            g->cell[a][b] = cellsum[3 * a + b] / (double)frames;
    double *c = &g->cell[0][0];
    double vol = fabs(c[0] * (c[4] * c[8] - c[5] * c[7]) - c[1] * (c[3] * c[8] - c[5] * c[6]) +
                      c[2] * (c[3] * c[7] - c[4] * c[6]));
    size_t total = g->n[0] * g->n[1] * g->n[2];
    double scale = (double)total / (vol * (double)frames);
    for (size_t i = 0; i < total; i++)
        g->value[i] *= scale;
    return HAVEN_OK;
}

static size_t count_selected(const haven_traj *t, const int *select)
{
    size_t n = haven_traj_n_atoms(t), c = 0;
    for (size_t i = 0; i < n; i++)
        c += !select || select[i];
    return c;
}

haven_status haven_density_compute(haven_traj *t, const haven_density_options *o,
                                   haven_grid *out, haven_density_info *info)
{
    memset(out, 0, sizeof *out);
    memset(info, 0, sizeof *info);
    double spacing = o && o->spacing > 0 ? o->spacing : 0.2 * HAVEN_ANGSTROM;
    const int *select = o ? o->select : NULL;
    if (o && (!isfinite(o->spacing) || o->spacing < 0))
        return haven_fail(HAVEN_ERR_ARG, "grid spacing must be > 0, got %g", o->spacing);
    info->n_selected = count_selected(t, select);
    if (info->n_selected == 0)
        return haven_fail(HAVEN_ERR_ARG, "%s: no atoms of the selected species",
                          haven_traj_path(t));
    hs_stream s;
    double cellsum[9] = {0};
    double(*fw)[3] = calloc(haven_traj_n_atoms(t), sizeof *fw);
    if (!fw)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    hs_blocks blk = {0};
    size_t want_blocks = o && o->n_blocks >= 2 ? o->n_blocks : 0;
    haven_status st = hs_stream_init(&s, t);
    while (st == HAVEN_OK && (st = hs_stream_next(&s)) == HAVEN_OK) {
        if (s.frames == 1 && ((st = grid_for_frame(&s, spacing, out)) != HAVEN_OK ||
                              (st = keep_atoms(&s, out)) != HAVEN_OK ||
                              (want_blocks && (st = hs_blocks_init(&blk, want_blocks,
                                                                   out->n[0] * out->n[1] *
                                                                       out->n[2])) != HAVEN_OK)))
            break;
        bin_frame(&s, select, out, cellsum, want_blocks ? hs_blocks_current(&blk) : NULL);
        if (want_blocks)
            hs_blocks_end_frame(&blk);
        sum_framework(&s, select, fw);
    }
    if (st == HAVEN_EOF && want_blocks)
        hs_blocks_finish(&blk, info);
    hs_blocks_clear(&blk);
    info->n_frames = (size_t)s.frames;
    if (st == HAVEN_EOF && s.frames == 0)
        st = haven_fail(HAVEN_ERR_DATA, "%s: no frames", haven_traj_path(t));
    if (st == HAVEN_EOF) {
        mean_framework(out, select, fw, info->n_frames);
        st = finish(out, cellsum, info->n_frames);
        if (hs_stream_interval(&s, &info->frame_interval) != HAVEN_OK)
            info->frame_interval = NAN;
    }
    hs_stream_clear(&s);
    free(fw);
    if (st == HAVEN_OK && o && o->sigma > 0)
        st = haven_grid_smooth(out, o->sigma);
    if (st != HAVEN_OK) {
        haven_grid_clear(out);
        haven_density_info_clear(info);
    }
    return st;
}

void haven_density_info_clear(haven_density_info *info)
{
    if (!info)
        return;
    free(info->block_frames), free(info->block_counts);
    info->block_frames = NULL, info->block_counts = NULL, info->n_blocks = 0;
}
