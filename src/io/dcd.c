/* DCD trajectories (CHARMM, NAMD, LAMMPS `dump dcd`): Fortran unformatted
 * records of either byte order.
 *
 * Header: "CORD" and 20 control integers (ISTART, NSAVC, the fixed-atom
 * count, the unit-cell and 4D flags, the CHARMM version), title lines, the
 * atom count. Each frame: an optional unit-cell record of six doubles
 * (A, gamma, B, beta, alpha, C; the angles as cosines from LAMMPS and NAMD
 * >= 2.5, in degrees from CHARMM: values all within [-1, 1] are taken as
 * cosines), then X, Y and Z as float32 records, Angstrom. DCD names no
 * elements (--elements) and has no time unit that all writers share, so
 * frames carry steps (ISTART + k NSAVC) and the time step is given by the
 * user. Files with fixed atoms (NAMNF > 0) are refused. */
#include "io/binstream.h"
#include "io/cellmath.h"
#include "io/reader.h"

#include "core/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    haven_binstream *bs;
    int big;       /* byte order of the file */
    int unit_cell; /* frames carry a unit-cell record */
    int four_dim;  /* frames carry a fourth coordinate record (skipped) */
    long istart, nsavc;
    unsigned long long data_start; /* first frame */
    unsigned char *buf;            /* one coordinate record */
} dcd;

static haven_status marker(dcd *d, uint32_t want, const char *what, int eof_ok)
{
    unsigned char b[4];
    haven_status s =
        eof_ok ? haven_bs_read_or_eof(d->bs, b, 4, what) : haven_bs_read(d->bs, b, 4, what);
    if (s != HAVEN_OK)
        return s;
    uint32_t got = haven_get_u32(b, d->big);
    if (want != UINT32_MAX && got != want)
        return haven_bs_fail(d->bs, HAVEN_ERR_FORMAT,
                             "%s: record of %u bytes (expected %u; damaged file or not a DCD)",
                             what, got, want);
    return HAVEN_OK;
}

/* One Fortran record of exactly n bytes into buf. */
static haven_status record(dcd *d, void *buf, uint32_t n, const char *what)
{
    haven_status s = marker(d, n, what, 0);
    if (s == HAVEN_OK)
        s = haven_bs_read(d->bs, buf, n, what);
    return s == HAVEN_OK ? marker(d, n, what, 0) : s;
}

static haven_status read_control(dcd *d)
{
    unsigned char b[84];
    haven_status s = haven_bs_read(d->bs, b, 4, "record marker");
    if (s != HAVEN_OK)
        return s;
    d->big = haven_get_u32(b, 0) != 84;
    if (haven_get_u32(b, d->big) != 84)
        return haven_bs_fail(d->bs, HAVEN_ERR_FORMAT,
                             "first record is not the 84-byte CORD header (not a DCD file, or "
                             "one with 8-byte record markers, which is not supported)");
    if ((s = haven_bs_read(d->bs, b, 84, "CORD header")) != HAVEN_OK ||
        (s = marker(d, 84, "CORD header", 0)) != HAVEN_OK)
        return s;
    if (memcmp(b, "CORD", 4) != 0)
        return haven_bs_fail(d->bs, HAVEN_ERR_FORMAT, "header lacks CORD (not a DCD file)");
    int32_t ic[20];
    for (int k = 0; k < 20; k++)
        ic[k] = haven_get_i32(b + 4 + 4 * k, d->big);
    int charmm = ic[19] != 0;
    d->istart = ic[1];
    d->nsavc = ic[2];
    d->unit_cell = charmm && ic[10] != 0;
    d->four_dim = charmm && ic[11] != 0;
    if (ic[8] != 0)
        return haven_bs_fail(d->bs, HAVEN_ERR_FORMAT,
                             "%d fixed atoms (NAMNF): DCD files with fixed atoms are not "
                             "supported",
                             (int)ic[8]);
    return HAVEN_OK;
}

/* Title record (skipped) and the atom count. */
static haven_status read_atoms(dcd *d, long *n)
{
    unsigned char b[4];
    haven_status s = haven_bs_read(d->bs, b, 4, "title record");
    uint32_t len = s == HAVEN_OK ? haven_get_u32(b, d->big) : 0;
    if (s == HAVEN_OK && (len < 4 || (len - 4) % 80 != 0))
        return haven_bs_fail(d->bs, HAVEN_ERR_FORMAT,
                             "title record of %u bytes (expected 4 + 80 per title line)", len);
    if (s != HAVEN_OK || (s = haven_bs_skip(d->bs, len, "title lines")) != HAVEN_OK ||
        (s = marker(d, len, "title record", 0)) != HAVEN_OK ||
        (s = record(d, b, 4, "atom count")) != HAVEN_OK)
        return s;
    *n = haven_get_i32(b, d->big);
    if (*n <= 0)
        return haven_bs_fail(d->bs, HAVEN_ERR_FORMAT, "atom count %ld (expected > 0)", *n);
    return HAVEN_OK;
}

static haven_status dcd_open(haven_traj *t)
{
    dcd *d = calloc(1, sizeof *d);
    if (!d)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    t->impl = d;
    long n = 0;
    haven_status s = haven_bs_open(t->path, &d->bs);
    if (s == HAVEN_OK && (s = read_control(d)) == HAVEN_OK)
        s = read_atoms(d, &n);
    /* A frame is three records of 4 n bytes and their markers. */
    if (s == HAVEN_OK)
        s = haven_bs_check_left(d->bs, "the first frame", 3ull * (4ull * (unsigned long)n + 8));
    if (s == HAVEN_OK && !(d->buf = malloc(4 * (size_t)n)))
        s = haven_fail(HAVEN_ERR_NOMEM, "%s: out of memory for %ld atoms", t->path, n);
    if (s == HAVEN_OK)
        s = haven_traj_atoms_from_option(t, (size_t)n, "a DCD file");
    if (s == HAVEN_OK)
        s = haven_traj_alloc_frame(t, 0, 0);
    if (s == HAVEN_OK && !d->unit_cell && !(haven_cell_det((const double(*)[3])t->opt.cell) != 0))
        s = haven_fail(HAVEN_ERR_ARG,
                       "%s: this DCD file has no unit-cell records; give the cell (--cell "
                       "a,b,c)",
                       t->path);
    d->data_start = d->bs ? haven_bs_tell(d->bs) : 0;
    if (s == HAVEN_OK && d->nsavc > 0)
        t->file_stride = d->nsavc;
    return s;
}

/* A, gamma, B, beta, alpha, C -> lattice vectors (m). */
static haven_status unit_cell(dcd *d, double cell[3][3])
{
    unsigned char b[48];
    haven_status s = marker(d, 48, "unit-cell record", 1);
    if (s != HAVEN_OK)
        return s; /* HAVEN_EOF: clean end between frames */
    if ((s = haven_bs_read(d->bs, b, 48, "unit cell")) != HAVEN_OK ||
        (s = marker(d, 48, "unit-cell record", 0)) != HAVEN_OK)
        return s;
    double v[6];
    for (int k = 0; k < 6; k++)
        v[k] = haven_get_f64(b + 8 * k, d->big);
    double len[3] = {v[0] * HAVEN_ANGSTROM, v[2] * HAVEN_ANGSTROM, v[5] * HAVEN_ANGSTROM};
    double ang[3] = {v[4], v[3], v[1]}; /* alpha, beta, gamma */
    int cosines = fabs(ang[0]) <= 1 && fabs(ang[1]) <= 1 && fabs(ang[2]) <= 1;
    for (int k = 0; cosines && k < 3; k++)
        ang[k] = acos(ang[k]) * 180.0 / acos(-1.0);
    s = haven_cell_from_parameters(len, ang, cell);
    if (s != HAVEN_OK)
        haven_error_prefix("%s: frame %ld: unit cell: ", haven_bs_path(d->bs),
                           haven_bs_frame(d->bs));
    return s;
}

/* One coordinate record (float32, Angstrom) into component k. */
static haven_status coordinates(dcd *d, haven_frame *f, int k, int eof_ok)
{
    static const char *const what[3] = {"X coordinates", "Y coordinates", "Z coordinates"};
    uint32_t n = (uint32_t)(4 * f->n_atoms);
    haven_status s = marker(d, n, what[k], eof_ok);
    if (s == HAVEN_OK)
        s = haven_bs_read(d->bs, d->buf, n, what[k]);
    if (s == HAVEN_OK)
        s = marker(d, n, what[k], 0);
    for (size_t i = 0; s == HAVEN_OK && i < f->n_atoms; i++)
        f->pos[i][k] = haven_get_f32(d->buf + 4 * i, d->big) * HAVEN_ANGSTROM;
    return s;
}

static haven_status dcd_read(haven_traj *t)
{
    dcd *d = t->impl;
    haven_frame *f = &t->frame;
    haven_bs_set_frame(d->bs, t->frames_read + 1);
    haven_status s = HAVEN_OK;
    if (d->unit_cell)
        s = unit_cell(d, f->cell);
    else
        memcpy(f->cell, t->opt.cell, sizeof f->cell);
    for (int k = 0; k < 3 && s == HAVEN_OK; k++)
        s = coordinates(d, f, k, k == 0 && !d->unit_cell);
    if (s == HAVEN_OK && d->four_dim) {
        uint32_t n = (uint32_t)(4 * f->n_atoms);
        if ((s = marker(d, n, "4th coordinate", 0)) == HAVEN_OK &&
            (s = haven_bs_skip(d->bs, n, "4th coordinate")) == HAVEN_OK)
            s = marker(d, n, "4th coordinate", 0);
    }
    f->coords = HAVEN_COORD_WRAPPED;
    f->time = NAN;
    f->step = d->nsavc > 0 ? d->istart + t->frames_read * d->nsavc : -1;
    return s;
}

static haven_status dcd_rewind(haven_traj *t)
{
    dcd *d = t->impl;
    haven_bs_set_frame(d->bs, 0);
    return haven_bs_seek(d->bs, d->data_start, "first frame");
}

static void dcd_close(haven_traj *t)
{
    dcd *d = t->impl;
    if (d) {
        haven_bs_close(d->bs);
        free(d->buf);
    }
    free(d);
    t->impl = NULL;
}

/* An 84-byte first record (either byte order) holding "CORD". */
static int dcd_probe(const char *head, size_t len)
{
    const unsigned char *h = (const unsigned char *)head;
    if (len < 8 || memcmp(head + 4, "CORD", 4) != 0)
        return 0;
    return haven_get_u32(h, 0) == 84 || haven_get_u32(h, 1) == 84 ? 95 : 0;
}

const haven_reader_ops haven_reader_dcd = {
    .name = "dcd",
    .format = HAVEN_FMT_DCD,
    .probe = dcd_probe,
    .open = dcd_open,
    .read = dcd_read,
    .rewind = dcd_rewind,
    .close = dcd_close,
};
