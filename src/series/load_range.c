/* A range of frames of a trajectory, for the frame-split MPI loader
 * (load_range.h): read, unwrapped within the range, with the per-frame
 * bookkeeping of load.c. */
#include "series/load_range.h"

#include "core/error.h"
#include "io/reader.h"
#include "series/cell.h"
#include "series/unwrap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static size_t n_blocks(const haven_range *r)
{
    return r->block ? ((size_t)(r->f1 - r->f0) + r->block - 1) / r->block : 0;
}

static void free_block(haven_range *r, size_t k)
{
    if (r->pos) {
        free(r->pos[k]);
        r->pos[k] = NULL;
    }
    if (r->vel) {
        free(r->vel[k]);
        r->vel[k] = NULL;
    }
}

void haven_range_clear(haven_range *r)
{
    for (size_t k = 0; k < n_blocks(r); k++)
        free_block(r, k);
    free(r->pos);
    free(r->vel);
    free(r->edge);
    free(r->vel_sums);
    memset(r, 0, sizeof *r);
}

/* Blocks of frames for pos or vel (calloc'd table, every block allocated). */
static double (**alloc_blocks(const haven_range *r))[3]
{
    size_t nb = n_blocks(r), frames = (size_t)(r->f1 - r->f0);
    double(**b)[3] = calloc(nb, sizeof *b);
    for (size_t k = 0; b && k < nb; k++) {
        size_t m = frames - k * r->block < r->block ? frames - k * r->block : r->block;
        if (!(b[k] = malloc(m * r->n_atoms * sizeof **b))) {
            while (k-- > 0)
                free(b[k]);
            free(b);
            return NULL;
        }
    }
    return b;
}

static haven_status range_alloc(haven_range *r, const haven_traj *t, const haven_load_options *o,
                                long f0, long f1, size_t block)
{
    memset(r, 0, sizeof *r);
    r->n_atoms = t->n_atoms;
    r->f0 = f0;
    r->f1 = f1;
    r->block = block > 0 ? block : 1;
    r->pos = alloc_blocks(r);
    r->edge = malloc(t->n_atoms * sizeof *r->edge);
    if (o->vel_group) {
        r->vel = alloc_blocks(r);
        r->vel_sums = malloc((size_t)(f1 - f0) * o->n_vel_groups * 3 * sizeof *r->vel_sums);
    }
    if (!r->pos || !r->edge || (o->vel_group && (!r->vel || !r->vel_sums)))
        return haven_fail(HAVEN_ERR_NOMEM, "%s: out of memory for frames %ld..%ld of %zu atoms",
                          t->path, f0 + 1, f1, t->n_atoms);
    return HAVEN_OK;
}

/* Velocities, temperature and volume of one frame of the range. */
static void frame_stats(const haven_traj *t, const haven_load_options *o, const haven_drift_ref *d,
                        const haven_frame *f, size_t k, haven_range *r)
{
    double inv[3][3], vol = fabs(haven_cell_inverse(f->cell, inv));
    r->vsum += vol;
    r->vsum2 += vol * vol;
    if (!f->vel)
        return;
    if (o->vel_group) {
        double vc[3];
        haven_drift_velocity(d, f, t->n_atoms, vc);
        haven_velocity_sums_row(o, f, vc, t->n_atoms, r->vel_sums + k * o->n_vel_groups * 3);
        double(*v)[3] = haven_range_frame(r, r->vel, r->f0 + (long)k);
        for (size_t i = 0; i < t->n_atoms; i++)
            for (int c = 0; c < 3; c++)
                v[i][c] = f->vel[i][c] - vc[c];
    }
    double temp = haven_kinetic_temperature(t, f);
    r->tsum += temp;
    r->tsum2 += temp * temp;
    r->nt++;
}

/* edge = path of the last frame less a fresh unwrapping of that frame. */
static haven_status range_edge(haven_traj *t, const haven_unwrapper *u, haven_range *r)
{
    haven_unwrapper fresh;
    haven_status s = haven_unwrapper_init(&fresh, t->n_atoms, u->max_jump);
    if (s == HAVEN_OK && (s = haven_unwrapper_step(&fresh, &t->frame, t->path)) == HAVEN_OK)
        for (size_t i = 0; i < t->n_atoms; i++)
            for (int k = 0; k < 3; k++)
                r->edge[i][k] = u->path[i][k] - fresh.path[i][k];
    haven_unwrapper_clear(&fresh);
    return s;
}

static haven_status read_frames(haven_traj *t, const haven_load_options *o,
                                const haven_drift_ref *d, haven_timebase *tb, haven_unwrapper *u,
                                haven_range *r)
{
    const haven_frame *f;
    haven_status s = HAVEN_OK;
    for (long g = r->f0 > 0 ? r->f0 - 1 : 0; s == HAVEN_OK && g < r->f1; g++) {
        if ((s = haven_traj_read(t, &f)) == HAVEN_EOF)
            return haven_fail(HAVEN_ERR_IO,
                              "%s: ends before frame %ld, which its index found "
                              "(changed while read?)",
                              t->path, g + 1);
        if (s != HAVEN_OK || (s = haven_timebase_observe(tb, f)) != HAVEN_OK ||
            (s = haven_unwrapper_step(u, f, t->path)) != HAVEN_OK || g < r->f0)
            continue;
        size_t k = (size_t)(g - r->f0);
        memcpy(haven_range_frame(r, r->pos, g), u->path, t->n_atoms * sizeof *u->path);
        frame_stats(t, o, d, f, k, r);
    }
    return s;
}

haven_status haven_range_load(haven_traj *t, const haven_load_options *o, const haven_drift_ref *d,
                              long f0, long f1, size_t block, haven_range *r)
{
    haven_unwrapper u;
    haven_status s = range_alloc(r, t, o, f0, f1, block);
    if (s == HAVEN_OK)
        s = haven_timebase_init(&r->tb, t);
    if (s != HAVEN_OK)
        return s;
    if ((s = haven_unwrapper_init(&u, t->n_atoms, o->max_jump_fraction)) != HAVEN_OK)
        return s;
    s = read_frames(t, o, d, &r->tb, &u, r);
    if (s == HAVEN_OK)
        s = range_edge(t, &u, r);
    r->n_large = u.n_large;
    haven_unwrapper_clear(&u);
    return s;
}

haven_status haven_range_interval(haven_range *r)
{
    return haven_timebase_finish(&r->tb, &r->interval);
}

void haven_range_shift(haven_range *r, const double (*shift)[3])
{
    size_t n = r->n_atoms;
    for (long f = r->f0; f < r->f1; f++) {
        double(*p)[3] = haven_range_frame(r, r->pos, f);
        for (size_t i = 0; i < n; i++)
            for (int k = 0; k < 3; k++)
                p[i][k] += shift[i][k];
    }
}

void haven_range_drift(haven_range *r, const haven_drift_ref *d, const double com0[3])
{
    if (!d->active)
        return;
    size_t n = r->n_atoms;
    for (long f = r->f0; f < r->f1; f++) {
        double(*p)[3] = haven_range_frame(r, r->pos, f), com[3];
        haven_drift_com(d, (const double(*)[3])p, n, com);
        for (size_t i = 0; i < n; i++)
            for (int k = 0; k < 3; k++)
                p[i][k] -= com[k] - com0[k];
    }
}
