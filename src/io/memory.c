/* A trajectory held in memory by the caller (haven_traj_from_arrays): the
 * same handle as a file's, so every analysis takes it unchanged. */
#include "io/reader.h"

#include "core/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    haven_traj_arrays in; /* the caller's arrays, not copied */
    size_t next;          /* frame read next */
} memory_impl;

static haven_status memory_read(haven_traj *t)
{
    memory_impl *m = t->impl;
    const haven_traj_arrays *in = &m->in;
    if (m->next >= in->n_frames)
        return HAVEN_EOF;
    size_t f = m->next++, n = in->n_atoms;
    haven_frame *fr = &t->frame;
    memcpy(fr->pos, in->pos + f * n * 3, n * sizeof *fr->pos);
    if (in->vel)
        memcpy(fr->vel, in->vel + f * n * 3, n * sizeof *fr->vel);
    const double *cell = in->cell + (in->cell_per_frame ? f * 9 : 0);
    for (int j = 0; j < 3; j++)
        for (int k = 0; k < 3; k++)
            fr->cell[j][k] = cell[j * 3 + k];
    fr->coords = in->coords;
    fr->time = (double)f * in->frame_interval;
    fr->step = -1;
    fr->index = (long)f;
    return HAVEN_OK;
}

static haven_status memory_rewind(haven_traj *t)
{
    ((memory_impl *)t->impl)->next = 0;
    return HAVEN_OK;
}

static void memory_close(haven_traj *t)
{
    free(t->impl);
    t->impl = NULL;
}

/* Not in the detection table: only haven_traj_from_arrays makes one. */
static const haven_reader_ops memory_ops = {.name = "arrays",
                                            .format = HAVEN_FMT_AUTO,
                                            .read = memory_read,
                                            .rewind = memory_rewind,
                                            .close = memory_close};

static haven_status check_arrays(const haven_traj_arrays *in)
{
    if (!in || !in->pos || !in->cell || !in->symbols)
        return haven_fail(HAVEN_ERR_ARG, "arrays: positions, cell and symbols are required");
    if (in->n_frames < 2 || in->n_atoms == 0)
        return haven_fail(HAVEN_ERR_DATA,
                          "arrays: %zu frames of %zu atoms (expected at least 2 "
                          "frames of 1 atom)",
                          in->n_frames, in->n_atoms);
    if (!(in->frame_interval > 0) || !isfinite(in->frame_interval))
        return haven_fail(HAVEN_ERR_ARG, "arrays: the time between frames must be > 0 s (got %g)",
                          in->frame_interval);
    if (in->coords != HAVEN_COORD_WRAPPED && in->coords != HAVEN_COORD_UNWRAPPED)
        return haven_fail(HAVEN_ERR_ARG, "arrays: positions are wrapped or unwrapped");
    return HAVEN_OK;
}

haven_status haven_traj_from_arrays(const haven_traj_arrays *in, haven_traj **out)
{
    *out = NULL;
    haven_status st = check_arrays(in);
    if (st != HAVEN_OK)
        return st;
    haven_traj *t = calloc(1, sizeof *t);
    memory_impl *m = calloc(1, sizeof *m);
    if (t) {
        haven_traj_options_init(&t->opt);
        t->ops = &memory_ops;
        t->impl = m;
        t->path = strdup(in->name ? in->name : "arrays");
        t->file_timestep = NAN;
        t->file_stride = -1;
        t->file_temperature = in->temperature > 0 ? in->temperature : NAN;
    }
    if (!t || !m || !t->path) {
        if (!t)
            free(m);
        haven_traj_free(t);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    m->in = *in;
    st = haven_traj_set_atoms(t, in->n_atoms, in->symbols);
    if (st == HAVEN_OK)
        st = haven_traj_alloc_frame(t, in->vel != NULL, 0);
    if (st != HAVEN_OK) {
        haven_traj_free(t);
        return st;
    }
    *out = t;
    return HAVEN_OK;
}
