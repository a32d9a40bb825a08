/* numpy .npz archives (numpy.savez / savez_compressed), read through
 * libzip, one frame at a time.
 *
 * Members (names as numpy gives them for keyword arguments):
 *   positions  float (frames, atoms, 3), Angstrom            required
 *   cell       float (3, 3) or (frames, 3, 3), rows = vectors, Angstrom
 *              (else --cell)
 *   symbols    text (atoms,), element symbols; or
 *   numbers    integer (atoms,), atomic numbers (ASE's name) (else --elements)
 * Other members are ignored. The archive holds no time: --timestep and
 * --stride give it. A gzip-compressed .npz is not read (zip compresses
 * already). */
#include "io/cellmath.h"
#include "io/npyhdr.h"
#include "io/plugin.h"
#include "io/reader.h"

#include "core/error.h"
#include "haven/elements.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

typedef struct {
    zip_file_t *zf;
    haven_npy_header h;
    char name[256]; /* "path: positions.npy" for messages */
    const char *member;
    long frame; /* named in messages when > 0 */
} member;

typedef struct {
    zip_t *za;
    member pos, cell;
    int cell_per_frame;
    double cell_A[3][3];
    unsigned char *buf;
} npz;

static haven_status member_read(void *src, void *buf, size_t n, const char *what)
{
    member *m = src;
    char where[32] = "";
    if (m->frame > 0)
        snprintf(where, sizeof where, " frame %ld:", m->frame);
    zip_int64_t got = zip_fread(m->zf, buf, n);
    if (got < 0)
        return haven_fail(HAVEN_ERR_IO, "%s:%s read error (%s)", m->name, where,
                          zip_error_strerror(zip_file_get_error(m->zf)));
    if ((size_t)got != n)
        return haven_fail(HAVEN_ERR_FORMAT,
                          "%s:%s unexpected end of the member (expected %s: %zu bytes, %lld "
                          "there; truncated archive?)",
                          m->name, where, what, n, (long long)got);
    return HAVEN_OK;
}

/* Open member `key`.npy and read its header; HAVEN_EOF if absent. */
static haven_status member_open(npz *z, const char *path, const char *key, member *m)
{
    char entry[32];
    snprintf(entry, sizeof entry, "%s.npy", key);
    if (m->zf)
        zip_fclose(m->zf);
    m->zf = NULL;
    m->member = key;
    m->frame = 0;
    snprintf(m->name, sizeof m->name, "%.200s: %s", path, entry);
    zip_int64_t idx = zip_name_locate(z->za, entry, 0);
    if (idx < 0)
        return HAVEN_EOF;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(z->za, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
        !(m->zf = zip_fopen_index(z->za, (zip_uint64_t)idx, 0)))
        return haven_fail(HAVEN_ERR_FORMAT, "%s: cannot open member (%s)", m->name,
                          zip_error_strerror(zip_get_error(z->za)));
    haven_status s = haven_npy_read_header(member_read, m, m->name, &m->h);
    /* The shape may promise no more data than the member holds (checked
     * before the shape sizes any buffer). */
    if (s == HAVEN_OK && m->h.count > st.size / m->h.size)
        s = haven_fail(HAVEN_ERR_FORMAT,
                       "%s: shape promises %llu elements, but the member holds %llu bytes", m->name,
                       m->h.count, (unsigned long long)st.size);
    return s;
}

/* A whole small member (at most 1e7 elements) into a new buffer. */
static haven_status member_slurp(member *m, unsigned char **out)
{
    *out = NULL;
    if (m->h.count > 10000000ull)
        return haven_fail(HAVEN_ERR_FORMAT, "%s: %llu elements (too many)", m->name, m->h.count);
    size_t n = (size_t)m->h.count * m->h.size;
    if (!(*out = malloc(n ? n : 1)))
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    return member_read(m, *out, n, "array data");
}

static int z_ok(double z)
{
    return z >= 1 && z <= 200;
}

/* Elements from `symbols` or `numbers`, else from --elements. */
static haven_status read_atoms(haven_traj *t, npz *z, size_t n)
{
    member m = {0};
    const char *key = "symbols";
    haven_status s = member_open(z, t->path, key, &m);
    if (s == HAVEN_EOF)
        s = member_open(z, t->path, key = "numbers", &m);
    if (s == HAVEN_EOF)
        return haven_traj_atoms_from_option(t, n, "this .npz (no symbols or numbers array)");
    unsigned char *data = NULL;
    char(*sym)[HAVEN_SPECIES_NAME_MAX] = NULL;
    const char **ptr = NULL;
    int text = m.h.kind == 'U' || m.h.kind == 'S';
    if (s == HAVEN_OK && (m.h.ndim != 1 || m.h.shape[0] != n || text != (key[0] == 's')))
        s = haven_fail(HAVEN_ERR_FORMAT, "%s: expected %s of shape (%zu,) to match the positions",
                       m.name, text ? "text" : "integers", n);
    if (s == HAVEN_OK)
        s = member_slurp(&m, &data);
    if (s == HAVEN_OK && (!(sym = calloc(n, sizeof *sym)) || !(ptr = calloc(n, sizeof *ptr))))
        s = haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t i = 0; s == HAVEN_OK && i < n; i++) {
        const char *e = NULL;
        if (text)
            haven_npy_text(&m.h, data, i, sym[i], sizeof sym[i]);
        else if (!(z_ok(haven_npy_value(&m.h, data, i)) &&
                   (e = haven_element_symbol((int)haven_npy_value(&m.h, data, i)))))
            s = haven_fail(HAVEN_ERR_FORMAT, "%s: atom %zu: no element with atomic number %g",
                           m.name, i + 1, haven_npy_value(&m.h, data, i));
        if (e)
            snprintf(sym[i], sizeof sym[i], "%s", e);
        ptr[i] = sym[i];
    }
    if (s == HAVEN_OK)
        s = haven_traj_set_atoms(t, n, ptr);
    if (m.zf)
        zip_fclose(m.zf);
    free(data);
    free(sym);
    free(ptr);
    return s;
}

/* `cell`: (3, 3) read now, or (frames, 3, 3) streamed beside the positions. */
static haven_status open_cell(haven_traj *t, npz *z)
{
    haven_status s = member_open(z, t->path, "cell", &z->cell);
    if (s == HAVEN_EOF) {
        if (!(haven_cell_det((const double(*)[3])t->opt.cell) != 0))
            return haven_fail(HAVEN_ERR_ARG, "%s: no cell array in the archive; give --cell a,b,c",
                              t->path);
        for (int i = 0; i < 9; i++)
            z->cell_A[i / 3][i % 3] = t->opt.cell[i / 3][i % 3] / HAVEN_ANGSTROM;
        return HAVEN_OK;
    }
    const haven_npy_header *h = &z->cell.h;
    int whole = h->ndim == 2, per_frame = h->ndim == 3 && h->shape[0] == z->pos.h.shape[0];
    if (s == HAVEN_OK && (h->kind != 'f' || !(whole || per_frame) || h->shape[h->ndim - 1] != 3 ||
                          h->shape[h->ndim - 2] != 3))
        s = haven_fail(HAVEN_ERR_FORMAT,
                       "%s: expected floats of shape (3, 3) or (%llu, 3, 3) (one per frame)",
                       z->cell.name, z->pos.h.shape[0]);
    z->cell_per_frame = per_frame;
    if (s == HAVEN_OK && whole) {
        unsigned char raw[72];
        s = member_read(&z->cell, raw, 9 * h->size, "cell");
        for (int i = 0; i < 9; i++)
            z->cell_A[i / 3][i % 3] = haven_npy_value(h, raw, (size_t)i);
    }
    return s;
}

static haven_status npz_open(haven_traj *t)
{
    npz *z = calloc(1, sizeof *z);
    if (!z)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    t->impl = z;
    int err = 0;
    if (!(z->za = zip_open(t->path, ZIP_RDONLY, &err))) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, err);
        haven_status s = haven_fail(HAVEN_ERR_FORMAT, "%s: not a readable .npz (zip) archive (%s)",
                                    t->path, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return s;
    }
    haven_status s = member_open(z, t->path, "positions", &z->pos);
    if (s == HAVEN_EOF)
        s = haven_fail(HAVEN_ERR_FORMAT,
                       "%s: no 'positions' array (save it as numpy.savez(file, positions=..., "
                       "cell=..., symbols=...))",
                       t->path);
    if (s == HAVEN_OK)
        s = haven_npy_check_positions(&z->pos.h, z->pos.name);
    size_t n = s == HAVEN_OK ? (size_t)z->pos.h.shape[1] : 0;
    if (s == HAVEN_OK && !(z->buf = malloc(3 * n * z->pos.h.size)))
        s = haven_fail(HAVEN_ERR_NOMEM, "%s: out of memory for %zu atoms", t->path, n);
    if (s == HAVEN_OK)
        s = read_atoms(t, z, n);
    if (s == HAVEN_OK)
        s = open_cell(t, z);
    return s == HAVEN_OK ? haven_traj_alloc_frame(t, 0, 0) : s;
}

static haven_status npz_read(haven_traj *t)
{
    npz *z = t->impl;
    haven_frame *f = &t->frame;
    long frame = t->frames_read + 1;
    if ((unsigned long long)t->frames_read >= z->pos.h.shape[0])
        return HAVEN_EOF;
    z->pos.frame = z->cell.frame = frame;
    haven_status s = member_read(&z->pos, z->buf, 3 * f->n_atoms * z->pos.h.size, "positions");
    if (s == HAVEN_OK && z->cell_per_frame) {
        unsigned char raw[72];
        s = member_read(&z->cell, raw, 9 * z->cell.h.size, "cell");
        for (int i = 0; s == HAVEN_OK && i < 9; i++)
            z->cell_A[i / 3][i % 3] = haven_npy_value(&z->cell.h, raw, (size_t)i);
    }
    if (s == HAVEN_OK && !(fabs(haven_cell_det((const double(*)[3])z->cell_A)) > 0))
        s = haven_fail(HAVEN_ERR_VALUE, "%s: frame %ld: degenerate or non-finite cell",
                       z->cell.name, frame);
    if (s != HAVEN_OK)
        return s;
    haven_npy_frame_positions(&z->pos.h, z->buf, f);
    for (int i = 0; i < 9; i++)
        f->cell[i / 3][i % 3] = z->cell_A[i / 3][i % 3] * HAVEN_ANGSTROM;
    f->coords = HAVEN_COORD_WRAPPED;
    return HAVEN_OK;
}

static haven_status npz_rewind(haven_traj *t)
{
    npz *z = t->impl;
    haven_status s = member_open(z, t->path, "positions", &z->pos);
    if (s == HAVEN_OK && z->cell_per_frame)
        s = member_open(z, t->path, "cell", &z->cell);
    return s;
}

static void npz_close(haven_traj *t)
{
    npz *z = t->impl;
    if (z) {
        if (z->pos.zf)
            zip_fclose(z->pos.zf);
        if (z->cell.zf)
            zip_fclose(z->cell.zf);
        if (z->za)
            zip_discard(z->za);
        free(z->buf);
    }
    free(z);
    t->impl = NULL;
}

const haven_reader_ops haven_reader_npz = {
    .name = "npz",
    .format = HAVEN_FMT_NPZ,
    .probe = haven_probe_npz,
    .open = npz_open,
    .read = npz_read,
    .rewind = npz_rewind,
    .close = npz_close,
};
