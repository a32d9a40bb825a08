/* GROMACS XTC trajectories (lossy compressed coordinates, XDR big-endian).
 *
 * Per frame: magic 1995, atom count, step, time (ps), the box (3 vectors,
 * nm), then the coordinates: plain floats for up to 9 atoms, else the
 * precision (integers per nm; 1000 by default, i.e. 1e-3 nm) and the packed
 * integers, decoded by xtc_decode.c. XTC names no elements (--elements).
 * Velocities and forces are not in XTC.
 *
 * Magic 2023 (GROMACS 2023 and later, xdrf.h XTC_NEW_MAGIC): the same frame
 * with the packed byte count as a 64-bit XDR integer (high word first)
 * instead of a 32-bit one, so that systems above 298,261,617 atoms fit;
 * GROMACS writes it only for those, 1995 otherwise. Both are read, frame by
 * frame. */
#include "io/binstream.h"
#include "io/reader.h"
#include "io/xtc_decode.h"

#include "core/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define XTC_MAGIC 1995
#define XTC_MAGIC_2023 2023
#define NM 1e-9

typedef struct {
    haven_binstream *bs;
    float *xyz;          /* natoms x 3, nm */
    unsigned char *pack; /* packed bytes of one frame */
    size_t pack_cap;
} xtc;

/* Big-endian 32-bit integers. */
static haven_status ints(haven_binstream *bs, int32_t *v, int n, const char *what, int eof_ok)
{
    unsigned char b[40];
    haven_status s = eof_ok ? haven_bs_read_or_eof(bs, b, 4 * (size_t)n, what)
                            : haven_bs_read(bs, b, 4 * (size_t)n, what);
    for (int k = 0; s == HAVEN_OK && k < n; k++)
        v[k] = haven_get_i32(b + 4 * k, 1);
    return s;
}
static haven_status floats(haven_binstream *bs, float *v, size_t n, const char *what)
{
    unsigned char b[40];
    haven_status s = HAVEN_OK;
    for (size_t k = 0; s == HAVEN_OK && k < n; k++) {
        s = haven_bs_read(bs, b, 4, what);
        v[k] = (float)haven_get_f32(b, 1);
    }
    return s;
}

/* Magic (into *magic), atom count, step, time, box. HAVEN_EOF at a clean
 * end. */
static haven_status frame_header(xtc *x, int *magic, long *natoms, haven_frame *f)
{
    int32_t h[3];
    float time, box[9];
    haven_status s = ints(x->bs, h, 3, "frame header", 1);
    if (s != HAVEN_OK)
        return s;
    if (h[0] != XTC_MAGIC && h[0] != XTC_MAGIC_2023)
        return haven_bs_fail(x->bs, HAVEN_ERR_FORMAT,
                             "magic number %d (expected %d or %d: not an XTC file, or damaged)",
                             (int)h[0], XTC_MAGIC, XTC_MAGIC_2023);
    *magic = h[0];
    *natoms = h[1];
    if ((s = floats(x->bs, &time, 1, "time")) != HAVEN_OK ||
        (s = floats(x->bs, box, 9, "box")) != HAVEN_OK)
        return s;
    if (f) {
        f->step = h[2];
        f->time = time * HAVEN_PS;
        for (int i = 0; i < 9; i++)
            f->cell[i / 3][i % 3] = box[i] * NM;
    }
    return HAVEN_OK;
}

/* The packed byte count: 32 bits after magic 1995, 64 after 2023. */
static haven_status packed_bytes(xtc *x, int magic, uint64_t *nbytes)
{
    int32_t v[2];
    haven_status s = ints(x->bs, v, magic == XTC_MAGIC_2023 ? 2 : 1, "packed byte count", 0);
    if (s == HAVEN_OK)
        *nbytes = magic == XTC_MAGIC_2023 ? (uint64_t)(uint32_t)v[0] << 32 | (uint32_t)v[1]
                                          : (uint32_t)v[0];
    return s;
}

/* The packed coordinates of natoms atoms into x->xyz. */
static haven_status coordinates(xtc *x, int magic, int natoms)
{
    int32_t n;
    haven_status s = ints(x->bs, &n, 1, "atom count", 0);
    if (s == HAVEN_OK && n != natoms)
        return haven_bs_fail(x->bs, HAVEN_ERR_FORMAT, "coordinate count %d (expected %d)", (int)n,
                             natoms);
    if (s != HAVEN_OK || natoms <= 9)
        return s == HAVEN_OK ? floats(x->bs, x->xyz, 3 * (size_t)natoms, "coordinates") : s;
    haven_xtc_params p = {.natoms = natoms};
    int32_t v[7];
    uint64_t count = 0;
    if ((s = floats(x->bs, &p.precision, 1, "precision")) != HAVEN_OK ||
        (s = ints(x->bs, v, 7, "coordinate ranges", 0)) != HAVEN_OK ||
        (s = packed_bytes(x, magic, &count)) != HAVEN_OK)
        return s;
    memcpy(p.minint, v, sizeof p.minint);
    memcpy(p.maxint, v + 3, sizeof p.maxint);
    p.smallidx = v[6];
    /* No atom takes more than three 32-bit integers and a run header. */
    if (count > 16 * (uint64_t)natoms + 64)
        return haven_bs_fail(x->bs, HAVEN_ERR_FORMAT, "%llu packed bytes for %d atoms (damaged)",
                             (unsigned long long)count, natoms);
    size_t nbytes = (size_t)count, padded = (nbytes + 3) & ~(size_t)3;
    if (padded > x->pack_cap) {
        void *q = realloc(x->pack, padded);
        if (!q)
            return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
        x->pack = q;
        x->pack_cap = padded;
    }
    char why[128];
    if ((s = haven_bs_read(x->bs, x->pack, padded, "packed coordinates")) == HAVEN_OK &&
        haven_xtc_decode(&p, x->pack, nbytes, x->xyz, why, sizeof why) != 0)
        s = haven_bs_fail(x->bs, HAVEN_ERR_FORMAT, "damaged packed coordinates: %s", why);
    return s;
}

static haven_status xtc_read(haven_traj *t)
{
    xtc *x = t->impl;
    haven_frame *f = &t->frame;
    long natoms;
    int magic;
    haven_bs_set_frame(x->bs, t->frames_read + 1);
    haven_status s = frame_header(x, &magic, &natoms, f);
    if (s == HAVEN_OK && (size_t)natoms != t->n_atoms)
        s = haven_bs_fail(x->bs, HAVEN_ERR_FORMAT, "%ld atoms (first frame: %zu)", natoms,
                          t->n_atoms);
    if (s == HAVEN_OK)
        s = coordinates(x, magic, (int)natoms);
    for (size_t i = 0; s == HAVEN_OK && i < t->n_atoms; i++)
        for (int k = 0; k < 3; k++)
            f->pos[i][k] = x->xyz[3 * i + (size_t)k] * NM;
    f->coords = HAVEN_COORD_WRAPPED;
    return s;
}

static haven_status xtc_rewind(haven_traj *t)
{
    xtc *x = t->impl;
    return haven_bs_rewind(x->bs);
}

static void xtc_close(haven_traj *t)
{
    xtc *x = t->impl;
    if (x) {
        haven_bs_close(x->bs);
        free(x->xyz);
        free(x->pack);
    }
    free(x);
    t->impl = NULL;
}

static haven_status xtc_open(haven_traj *t)
{
    xtc *x = calloc(1, sizeof *x);
    if (!x)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    t->impl = x;
    long natoms = 0;
    int magic;
    haven_status s = haven_bs_open(t->path, &x->bs);
    if (s == HAVEN_OK && (s = frame_header(x, &magic, &natoms, NULL)) == HAVEN_EOF)
        s = haven_fail(HAVEN_ERR_FORMAT, "%s: empty file (no frames)", t->path);
    /* Packing takes at least one bit per atom (a run flag), so a count the
     * rest of the file cannot hold at 1/8 byte an atom is damage. */
    if (s == HAVEN_OK && natoms <= 0)
        s = haven_bs_fail(x->bs, HAVEN_ERR_FORMAT, "atom count %ld (expected > 0)", natoms);
    if (s == HAVEN_OK)
        s = haven_bs_check_left(x->bs, "the coordinates", (unsigned long long)natoms / 8);
    if (s == HAVEN_OK && !(x->xyz = malloc(3 * sizeof *x->xyz * (size_t)natoms)))
        s = haven_fail(HAVEN_ERR_NOMEM, "%s: out of memory for %ld atoms", t->path, natoms);
    if (s == HAVEN_OK)
        s = haven_traj_atoms_from_option(t, (size_t)natoms, "an XTC file");
    if (s == HAVEN_OK)
        s = haven_traj_alloc_frame(t, 0, 0);
    return s == HAVEN_OK ? haven_bs_rewind(x->bs) : s;
}

static int xtc_probe(const char *head, size_t len)
{
    const unsigned char *h = (const unsigned char *)head;
    uint32_t magic = len >= 8 ? haven_get_u32(h, 1) : 0;
    return (magic == XTC_MAGIC || magic == XTC_MAGIC_2023) && haven_get_i32(h + 4, 1) > 0 ? 90 : 0;
}

const haven_reader_ops haven_reader_xtc = {
    .name = "xtc",
    .format = HAVEN_FMT_XTC,
    .probe = xtc_probe,
    .open = xtc_open,
    .read = xtc_read,
    .rewind = xtc_rewind,
    .close = xtc_close,
};
