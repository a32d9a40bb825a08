/* numpy .npy trajectories: one float32 or float64 array of shape
 * (frames, atoms, 3), C order, Cartesian positions in Angstrom. The array
 * holds no cell, no elements and no time: they come from the options
 * (--cell, --elements) and --timestep/--stride. Frames are read one at a
 * time, so the array may exceed memory; .npy.gz is read the same way. */
#include "io/binstream.h"
#include "io/cellmath.h"
#include "io/npyhdr.h"
#include "io/reader.h"

#include "core/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    haven_binstream *bs;
    haven_npy_header h;
    unsigned long long data_start;
    unsigned char *buf; /* one frame */
} npy;

static haven_status bs_read(void *src, void *buf, size_t n, const char *what)
{
    return haven_bs_read(src, buf, n, what);
}

static haven_status npy_open(haven_traj *t)
{
    npy *y = calloc(1, sizeof *y);
    if (!y)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    t->impl = y;
    haven_status s = haven_bs_open(t->path, &y->bs);
    if (s == HAVEN_OK)
        s = haven_npy_read_header(bs_read, y->bs, t->path, &y->h);
    if (s == HAVEN_OK)
        s = haven_npy_check_positions(&y->h, t->path);
    if (s == HAVEN_OK && y->h.shape[0] == 0)
        s = haven_fail(HAVEN_ERR_FORMAT, "%s: the array has no frames", t->path);
    size_t n = s == HAVEN_OK ? (size_t)y->h.shape[1] : 0, bytes = 3 * n * y->h.size;
    if (s == HAVEN_OK)
        s = haven_bs_check_left(y->bs, "the positions array",
                                y->h.shape[0] * (unsigned long long)bytes);
    if (s == HAVEN_OK && !(y->buf = malloc(bytes)))
        s = haven_fail(HAVEN_ERR_NOMEM, "%s: out of memory for %zu atoms", t->path, n);
    if (s == HAVEN_OK)
        s = haven_traj_atoms_from_option(t, n, "a .npy array");
    if (s == HAVEN_OK && !(haven_cell_det((const double(*)[3])t->opt.cell) != 0))
        s = haven_fail(HAVEN_ERR_ARG, "%s: a .npy array has no cell; give it with --cell a,b,c",
                       t->path);
    if (s == HAVEN_OK)
        s = haven_traj_alloc_frame(t, 0, 0);
    if (s == HAVEN_OK)
        y->data_start = haven_bs_tell(y->bs);
    return s;
}

static haven_status npy_read(haven_traj *t)
{
    npy *y = t->impl;
    if ((unsigned long long)t->frames_read >= y->h.shape[0])
        return HAVEN_EOF;
    haven_bs_set_frame(y->bs, t->frames_read + 1);
    haven_status s = haven_bs_read(y->bs, y->buf, 3 * t->n_atoms * y->h.size, "positions");
    if (s != HAVEN_OK)
        return s;
    haven_npy_frame_positions(&y->h, y->buf, &t->frame);
    memcpy(t->frame.cell, t->opt.cell, sizeof t->frame.cell);
    t->frame.coords = HAVEN_COORD_WRAPPED;
    return HAVEN_OK;
}

static haven_status npy_rewind(haven_traj *t)
{
    npy *y = t->impl;
    haven_bs_set_frame(y->bs, 0);
    return haven_bs_seek(y->bs, y->data_start, "first frame");
}

static void npy_close(haven_traj *t)
{
    npy *y = t->impl;
    if (y) {
        haven_bs_close(y->bs);
        free(y->buf);
    }
    free(y);
    t->impl = NULL;
}

static int npy_probe(const char *head, size_t len)
{
    return len >= 10 && memcmp(head, "\x93NUMPY", 6) == 0 ? 95 : 0;
}

const haven_reader_ops haven_reader_npy = {
    .name = "npy",
    .format = HAVEN_FMT_NPY,
    .probe = npy_probe,
    .open = npy_open,
    .read = npy_read,
    .rewind = npy_rewind,
    .close = npy_close,
};
