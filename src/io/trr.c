/* GROMACS TRR trajectories (full precision, XDR big-endian).
 *
 * Per frame: magic 1993, the version string "GMX_trn_file", the sizes of
 * the blocks that follow (box, virial, pressure, x, v, f), the atom count,
 * step, time (ps) and lambda, in single or double precision (told by the
 * block sizes); then the blocks. Positions (nm) and the box are read, and
 * velocities (nm/ps) when the file's first frame has them (mdrun with
 * nstvout, for the kinetic temperature and the Green-Kubo currents); a
 * later frame with positions but no velocities reads with vel NULL.
 * Frames that hold no positions (velocity- or force-only output) are
 * skipped; forces are skipped. TRR names no elements (--elements). */
#include "io/binstream.h"
#include "io/reader.h"

#include "core/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TRR_MAGIC 1993
#define NM 1e-9
#define NM_PER_PS (NM / HAVEN_PS) /* m/s */

enum { IR, E, BOX, VIR, PRES, TOP, SYM, X, V, F, NATOMS, STEP, NRE, N_INTS };

typedef struct {
    haven_binstream *bs;
    unsigned char *buf; /* one positions or velocities block */
    double (*vel)[3];   /* velocity storage (the frame's vel points here or is NULL) */
} trr;

typedef struct {
    int32_t v[N_INTS];
    size_t real; /* 4 or 8 */
    double time_ps;
} trr_header;

static double real_at(const unsigned char *p, size_t real)
{
    return real == 8 ? haven_get_f64(p, 1) : haven_get_f32(p, 1);
}

/* Precision from the first block that has a known element count. */
static haven_status precision(haven_binstream *bs, trr_header *h)
{
    long long n = h->v[NATOMS];
    long long sz = h->v[BOX] ? h->v[BOX] / 9
                   : h->v[X] ? h->v[X] / (3 * n)
                   : h->v[V] ? h->v[V] / (3 * n)
                   : h->v[F] ? h->v[F] / (3 * n)
                             : 4;
    for (int k = IR; k <= F; k++)
        if (h->v[k] < 0)
            return haven_bs_fail(bs, HAVEN_ERR_FORMAT, "negative block size %d", (int)h->v[k]);
    if ((sz != 4 && sz != 8) || (h->v[X] && h->v[X] != 3 * n * sz) ||
        (h->v[V] && h->v[V] != 3 * n * sz) || (h->v[F] && h->v[F] != 3 * n * sz) ||
        (h->v[BOX] && h->v[BOX] != 9 * sz))
        return haven_bs_fail(bs, HAVEN_ERR_FORMAT,
                             "block sizes do not match %lld atoms in single or double "
                             "precision (damaged header)",
                             n);
    h->real = (size_t)sz;
    return HAVEN_OK;
}

/* Magic, version string, sizes, time. HAVEN_EOF at a clean end. */
static haven_status frame_header(trr *r, trr_header *h)
{
    unsigned char b[4 * N_INTS + 16];
    haven_status s = haven_bs_read_or_eof(r->bs, b, 24, "frame header");
    if (s != HAVEN_OK)
        return s;
    if (haven_get_i32(b, 1) != TRR_MAGIC || haven_get_i32(b + 4, 1) != 13 ||
        haven_get_i32(b + 8, 1) != 12 || memcmp(b + 12, "GMX_trn_file", 12) != 0)
        return haven_bs_fail(r->bs, HAVEN_ERR_FORMAT,
                             "no TRR frame header (magic %d; expected 1993 and GMX_trn_file)",
                             (int)haven_get_i32(b, 1));
    if ((s = haven_bs_read(r->bs, b, 4 * N_INTS, "frame header")) != HAVEN_OK)
        return s;
    for (int k = 0; k < N_INTS; k++)
        h->v[k] = haven_get_i32(b + 4 * k, 1);
    if (h->v[NATOMS] <= 0)
        return haven_bs_fail(r->bs, HAVEN_ERR_FORMAT, "atom count %d (expected > 0)",
                             (int)h->v[NATOMS]);
    if ((s = precision(r->bs, h)) != HAVEN_OK ||
        (s = haven_bs_read(r->bs, b, 2 * h->real, "time and lambda")) != HAVEN_OK)
        return s;
    h->time_ps = real_at(b, h->real);
    /* Blocks GROMACS no longer writes would sit here. */
    return haven_bs_skip(r->bs, (unsigned long long)h->v[IR] + h->v[E] + h->v[TOP] + h->v[SYM],
                         "old header blocks");
}

/* n atoms' vectors of a positions or velocities block into v, times unit. */
static haven_status vectors(trr *r, const trr_header *h, int block, const char *what, double unit,
                            double (*v)[3], size_t n)
{
    haven_status s = haven_bs_read(r->bs, r->buf, (size_t)h->v[block], what);
    for (size_t i = 0; s == HAVEN_OK && i < n; i++)
        for (int k = 0; k < 3; k++)
            v[i][k] = real_at(r->buf + (3 * i + (size_t)k) * h->real, h->real) * unit;
    return s;
}

/* The box, positions and velocities of a frame that has positions; skips
 * the rest. */
static haven_status frame_data(trr *r, const trr_header *h, haven_frame *f)
{
    unsigned char b[72];
    haven_status s = HAVEN_OK;
    if (h->v[BOX] && (s = haven_bs_read(r->bs, b, 9 * h->real, "box")) == HAVEN_OK)
        for (int i = 0; i < 9; i++)
            f->cell[i / 3][i % 3] = real_at(b + i * h->real, h->real) * NM;
    if (s == HAVEN_OK)
        s = haven_bs_skip(r->bs, (unsigned long long)h->v[VIR] + h->v[PRES], "virial, pressure");
    if (s == HAVEN_OK && h->v[X])
        s = vectors(r, h, X, "positions", NM, f->pos, f->n_atoms);
    f->vel = h->v[X] && h->v[V] ? r->vel : NULL;
    if (s == HAVEN_OK && f->vel)
        s = vectors(r, h, V, "velocities", NM_PER_PS, f->vel, f->n_atoms);
    else if (s == HAVEN_OK)
        s = haven_bs_skip(r->bs, (unsigned long long)h->v[V], "velocities");
    if (s == HAVEN_OK)
        s = haven_bs_skip(r->bs, (unsigned long long)h->v[F], "forces");
    return s;
}

static haven_status trr_read(haven_traj *t)
{
    trr *r = t->impl;
    haven_frame *f = &t->frame;
    trr_header h;
    haven_status s;
    haven_bs_set_frame(r->bs, t->frames_read + 1);
    do {
        if ((s = frame_header(r, &h)) != HAVEN_OK)
            return s;
        if ((size_t)h.v[NATOMS] != t->n_atoms)
            return haven_bs_fail(r->bs, HAVEN_ERR_FORMAT, "%d atoms (first frame: %zu)",
                                 (int)h.v[NATOMS], t->n_atoms);
        if (h.v[X] && !h.v[BOX])
            return haven_bs_fail(r->bs, HAVEN_ERR_FORMAT, "positions without a box");
        s = frame_data(r, &h, f);
    } while (s == HAVEN_OK && !h.v[X]);
    f->step = h.v[STEP];
    f->time = h.time_ps * HAVEN_PS;
    f->coords = HAVEN_COORD_WRAPPED;
    return s;
}

static haven_status trr_rewind(haven_traj *t)
{
    trr *r = t->impl;
    return haven_bs_rewind(r->bs);
}

static void trr_close(haven_traj *t)
{
    trr *r = t->impl;
    if (r) {
        haven_bs_close(r->bs);
        free(r->buf);
        t->frame.vel = r->vel; /* freed once, with the frame */
    }
    free(r);
    t->impl = NULL;
}

static haven_status trr_open(haven_traj *t)
{
    trr *r = calloc(1, sizeof *r);
    if (!r)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    t->impl = r;
    trr_header h;
    haven_status s = haven_bs_open(t->path, &r->bs);
    if (s == HAVEN_OK && (s = frame_header(r, &h)) == HAVEN_EOF)
        s = haven_fail(HAVEN_ERR_FORMAT, "%s: empty file (no frames)", t->path);
    size_t n = s == HAVEN_OK ? (size_t)h.v[NATOMS] : 0;
    /* The blocks of frame 1, and at least one positions block (12 bytes an
     * atom) somewhere: checked before the count sizes the buffer. */
    if (s == HAVEN_OK)
        s = haven_bs_check_left(r->bs, "the first frame",
                                (unsigned long long)h.v[BOX] + h.v[X] + h.v[V] + h.v[F]);
    if (s == HAVEN_OK)
        s = haven_bs_check_left(r->bs, "positions of all atoms", 12ull * n);
    if (s == HAVEN_OK && !(r->buf = malloc(3 * n * h.real * 2)))
        s = haven_fail(HAVEN_ERR_NOMEM, "%s: out of memory for %zu atoms", t->path, n);
    if (s == HAVEN_OK)
        s = haven_traj_atoms_from_option(t, n, "a TRR file");
    if (s == HAVEN_OK)
        s = haven_traj_alloc_frame(t, h.v[V] > 0, 0);
    r->vel = t->frame.vel;
    return s == HAVEN_OK ? haven_bs_rewind(r->bs) : s;
}

static int trr_probe(const char *head, size_t len)
{
    return len >= 24 && haven_get_u32((const unsigned char *)head, 1) == TRR_MAGIC &&
                   memcmp(head + 12, "GMX_trn_file", 12) == 0
               ? 95
               : 0;
}

const haven_reader_ops haven_reader_trr = {
    .name = "trr",
    .format = HAVEN_FMT_TRR,
    .probe = trr_probe,
    .open = trr_open,
    .read = trr_read,
    .rewind = trr_rewind,
    .close = trr_close,
};
