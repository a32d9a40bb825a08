/* ASE trajectories (.traj, the ULM container of ase.io.trajectory).
 *
 * Layout (ase/io/ulm.py): "- of Ulm", a 16-byte tag ("ASE-Trajectory"),
 * then little-endian int64 version, item count and the position of the
 * item-offset table. Each item (one frame) is its arrays' raw bytes
 * followed by an int64 length and a JSON object, in which an array is
 * {"ndarray": [shape, dtype, file offset]} under its name plus ".". Read:
 * "positions." (Angstrom), "cell" (a 3x3 list, or an array), "numbers."
 * (atomic numbers, in the first item and again only when they change).
 * Momenta, forces and calculator results are not read. The file states no
 * time: --timestep and --stride give it.
 *
 * Items are read in file order, each with the bytes since the previous
 * one, so a .traj.gz streams without seeking back. */
#include "io/binstream.h"
#include "io/cellmath.h"
#include "io/plugin.h"
#include "io/reader.h"

#include "core/error.h"
#include "haven/elements.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ULM_MAX_JSON (64u << 20)
/* Bytes of arrays read ahead of an item; a larger gap (a huge frame, or
 * the offset table between items) is crossed by seeking instead. */
#define ULM_MAX_REGION (64u << 20)

typedef struct {
    haven_binstream *bs;
    long long n_items;
    long long *offsets;
    unsigned long long region_start; /* file offset of region[0] */
    unsigned char *region;           /* bytes between the previous item and this one */
    size_t region_len, region_cap;
    unsigned char *data; /* one array */
    size_t data_cap;
} asetraj;

typedef struct {
    unsigned long long shape[3];
    int ndim;
    size_t size; /* bytes per element */
    char kind;   /* 'f' or 'i' */
    unsigned long long offset, count;
} ulm_array;

/* {"ndarray": [[d0, d1], "float64", offset]} */
static haven_status array_ref(const haven_binstream *bs, const cJSON *v, const char *name,
                              ulm_array *a)
{
    const cJSON *nd = cJSON_GetObjectItemCaseSensitive(v, "ndarray");
    const cJSON *shape = cJSON_GetArrayItem(nd, 0), *dtype = cJSON_GetArrayItem(nd, 1);
    const cJSON *off = cJSON_GetArrayItem(nd, 2);
    memset(a, 0, sizeof *a);
    a->count = 1;
    if (!cJSON_IsArray(shape) || !cJSON_IsString(dtype) || !cJSON_IsNumber(off) ||
        cJSON_GetArraySize(shape) > 3 || off->valuedouble < 0 || off->valuedouble > 9e18)
        return haven_bs_fail(bs, HAVEN_ERR_FORMAT, "'%s' is not an array reference", name);
    for (const cJSON *d = shape->child; d; d = d->next) {
        if (!cJSON_IsNumber(d) || d->valuedouble < 0 || d->valuedouble > 1e12)
            return haven_bs_fail(bs, HAVEN_ERR_FORMAT, "'%s' has a bad shape", name);
        a->shape[a->ndim++] = (unsigned long long)d->valuedouble;
        a->count *= a->shape[a->ndim - 1];
    }
    const char *t = dtype->valuestring;
    a->kind = !strcmp(t, "float64") || !strcmp(t, "float32") ? 'f'
              : !strcmp(t, "int64") || !strcmp(t, "int32")   ? 'i'
                                                             : 0;
    a->size = strstr(t, "64") ? 8 : 4;
    a->offset = (unsigned long long)off->valuedouble;
    if (!a->kind)
        return haven_bs_fail(bs, HAVEN_ERR_FORMAT, "'%s' has dtype %s (expected float or int)",
                             name, t);
    if (a->count > (1ull << 40))
        return haven_bs_fail(bs, HAVEN_ERR_FORMAT, "'%s' is too large", name);
    return HAVEN_OK;
}

/* Array bytes: from the region read before the item, else by seeking. */
static haven_status array_bytes(asetraj *a, const ulm_array *r, const char *name)
{
    size_t n = (size_t)(r->count * r->size);
    unsigned long long size;
    if (n == 0)
        return HAVEN_OK; /* an empty array: nothing to copy */
    if (haven_bs_size(a->bs, &size) && (r->offset > size || n > size - r->offset))
        return haven_bs_fail(a->bs, HAVEN_ERR_FORMAT,
                             "'%s' (%zu bytes at %llu) lies beyond the end of the file", name, n,
                             r->offset);
    if (n > a->data_cap) {
        void *p = realloc(a->data, n);
        if (!p)
            return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
        a->data = p;
        a->data_cap = n;
    }
    if (r->offset >= a->region_start && r->offset + n <= a->region_start + a->region_len) {
        memcpy(a->data, a->region + (r->offset - a->region_start), n);
        return HAVEN_OK;
    }
    unsigned long long back = haven_bs_tell(a->bs);
    haven_status s = haven_bs_seek(a->bs, r->offset, name);
    if (s == HAVEN_OK)
        s = haven_bs_read(a->bs, a->data, n, name);
    return s == HAVEN_OK ? haven_bs_seek(a->bs, back, "next item") : s;
}

static double element(const ulm_array *r, const unsigned char *p, size_t i, int big)
{
    const unsigned char *e = p + i * r->size;
    if (r->kind == 'f')
        return r->size == 8 ? haven_get_f64(e, big) : haven_get_f32(e, big);
    return r->size == 8 ? (double)haven_get_i64(e, big) : haven_get_i32(e, big);
}

/* Read item i's region and JSON; *out is the parsed object. */
static haven_status read_item(asetraj *a, long long i, cJSON **out)
{
    *out = NULL;
    unsigned long long o = (unsigned long long)a->offsets[i], here = haven_bs_tell(a->bs);
    haven_status s = HAVEN_OK;
    a->region_len = 0;
    a->region_start = here;
    unsigned long long size;
    if (haven_bs_size(a->bs, &size) && o > size)
        return haven_bs_fail(a->bs, HAVEN_ERR_FORMAT,
                             "item at byte %llu lies beyond the end of the file (%llu bytes)", o,
                             size);
    if (o < here || o - here > ULM_MAX_REGION) {
        s = haven_bs_seek(a->bs, o, "item");
    } else if (o > here) {
        size_t n = (size_t)(o - here);
        if (n > a->region_cap) {
            void *p = realloc(a->region, n);
            if (!p)
                return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
            a->region = p;
            a->region_cap = n;
        }
        s = haven_bs_read(a->bs, a->region, n, "item arrays");
        a->region_len = n;
    }
    unsigned char len8[8];
    if (s == HAVEN_OK)
        s = haven_bs_read(a->bs, len8, 8, "item length");
    long long n = s == HAVEN_OK ? haven_get_i64(len8, 0) : 0;
    if (s == HAVEN_OK && (n <= 0 || n > ULM_MAX_JSON))
        return haven_bs_fail(a->bs, HAVEN_ERR_FORMAT, "item of %lld bytes (damaged file)", n);
    char *json = s == HAVEN_OK ? malloc((size_t)n + 1) : NULL;
    if (s == HAVEN_OK && !json)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    if (s == HAVEN_OK && (s = haven_bs_read(a->bs, json, (size_t)n, "item JSON")) == HAVEN_OK) {
        json[n] = '\0';
        *out = cJSON_ParseWithLength(json, (size_t)n);
        if (!cJSON_IsObject(*out))
            s = haven_bs_fail(a->bs, HAVEN_ERR_FORMAT, "item JSON does not parse");
    }
    free(json);
    return s;
}

/* "cell": a nested list, an inline {"__ndarray__": [shape, dtype, [values]]},
 * or an array reference "cell.". */
static haven_status item_cell(asetraj *a, const cJSON *item, int big, double cell[3][3])
{
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(item, "cell");
    const cJSON *nd = cJSON_GetObjectItemCaseSensitive(c, "__ndarray__");
    double v[9];
    int n = 0;
    if (nd)
        c = cJSON_GetArrayItem(nd, 2);
    for (const cJSON *row = cJSON_IsArray(c) ? c->child : NULL; row; row = row->next) {
        const cJSON *x = cJSON_IsArray(row) ? row->child : row;
        for (; x && n < 9 && cJSON_IsNumber(x); x = cJSON_IsArray(row) ? x->next : NULL)
            v[n++] = x->valuedouble;
    }
    const cJSON *ref = cJSON_GetObjectItemCaseSensitive(item, "cell.");
    if (!c && ref) {
        ulm_array r;
        haven_status s = array_ref(a->bs, ref, "cell.", &r);
        if (s == HAVEN_OK && r.count != 9)
            s = haven_bs_fail(a->bs, HAVEN_ERR_FORMAT, "cell has %llu values", r.count);
        if (s != HAVEN_OK || (s = array_bytes(a, &r, "cell")) != HAVEN_OK)
            return s;
        for (n = 0; n < 9; n++)
            v[n] = element(&r, a->data, (size_t)n, big);
    }
    if (n != 9)
        return haven_bs_fail(a->bs, HAVEN_ERR_FORMAT, "no 3x3 cell in the item");
    for (int i = 0; i < 9; i++)
        cell[i / 3][i % 3] = v[i];
    return HAVEN_OK;
}

static int item_big_endian(const cJSON *item)
{
    return cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(item, "_little_endian"));
}

/* "numbers." of the first item: the atoms. Later items may repeat them;
 * they must not change. */
static haven_status item_numbers(haven_traj *t, asetraj *a, const cJSON *item, int first)
{
    const cJSON *ref = cJSON_GetObjectItemCaseSensitive(item, "numbers.");
    if (!ref)
        return first ? haven_bs_fail(a->bs, HAVEN_ERR_FORMAT, "first item has no 'numbers'")
                     : HAVEN_OK;
    ulm_array r;
    haven_status s = array_ref(a->bs, ref, "numbers.", &r);
    if (s == HAVEN_OK && (r.ndim != 1 || r.kind != 'i' || (!first && r.count != t->n_atoms)))
        s = haven_bs_fail(a->bs, HAVEN_ERR_FORMAT, "'numbers' is not one integer per atom");
    if (s != HAVEN_OK || (s = array_bytes(a, &r, "numbers")) != HAVEN_OK)
        return s;
    int big = item_big_endian(item);
    size_t n = (size_t)r.count;
    const char **sym = first ? calloc(n ? n : 1, sizeof *sym) : NULL;
    if (first && !sym)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t i = 0; s == HAVEN_OK && i < n; i++) {
        double z = element(&r, a->data, i, big);
        const char *e = z >= 1 && z <= 200 ? haven_element_symbol((int)z) : NULL;
        if (!e)
            s = haven_bs_fail(a->bs, HAVEN_ERR_FORMAT, "atom %zu: atomic number %g", i + 1, z);
        else if (first)
            sym[i] = e;
        else if (strcmp(e, t->species_names[t->atom_species[i]]) != 0)
            s = haven_bs_fail(a->bs, HAVEN_ERR_FORMAT, "atom %zu is %s, but %s in frame 1", i + 1,
                              e, t->species_names[t->atom_species[i]]);
    }
    if (s == HAVEN_OK && first)
        s = haven_traj_set_atoms(t, n, sym);
    free(sym);
    return s;
}

static haven_status item_positions(haven_traj *t, asetraj *a, const cJSON *item)
{
    const cJSON *ref = cJSON_GetObjectItemCaseSensitive(item, "positions.");
    ulm_array r;
    if (!ref)
        return haven_bs_fail(a->bs, HAVEN_ERR_FORMAT, "item has no 'positions'");
    haven_status s = array_ref(a->bs, ref, "positions.", &r);
    if (s == HAVEN_OK &&
        (r.ndim != 2 || r.shape[0] != t->n_atoms || r.shape[1] != 3 || r.kind != 'f'))
        s = haven_bs_fail(a->bs, HAVEN_ERR_FORMAT,
                          "'positions' is not a float array of shape (%zu, 3)", t->n_atoms);
    if (s != HAVEN_OK || (s = array_bytes(a, &r, "positions")) != HAVEN_OK)
        return s;
    int big = item_big_endian(item);
    for (size_t i = 0; i < t->n_atoms; i++)
        for (int k = 0; k < 3; k++)
            t->frame.pos[i][k] = element(&r, a->data, 3 * i + (size_t)k, big) * HAVEN_ANGSTROM;
    return HAVEN_OK;
}

static haven_status asetraj_read(haven_traj *t)
{
    asetraj *a = t->impl;
    if (t->frames_read >= a->n_items)
        return HAVEN_EOF;
    haven_bs_set_frame(a->bs, t->frames_read + 1);
    cJSON *item;
    double cell_A[3][3];
    haven_status s = read_item(a, t->frames_read, &item);
    if (s == HAVEN_OK)
        s = item_numbers(t, a, item, 0);
    if (s == HAVEN_OK)
        s = item_positions(t, a, item);
    if (s == HAVEN_OK)
        s = item_cell(a, item, item_big_endian(item), cell_A);
    cJSON_Delete(item);
    if (s == HAVEN_OK && !(fabs(haven_cell_det((const double(*)[3])cell_A)) > 0)) {
        if (!(fabs(haven_cell_det((const double(*)[3])t->opt.cell)) > 0))
            return haven_bs_fail(a->bs, HAVEN_ERR_FORMAT,
                                 "zero cell (not periodic); give the cell with --cell");
        memcpy(t->frame.cell, t->opt.cell, sizeof t->frame.cell);
    } else if (s == HAVEN_OK) {
        for (int i = 0; i < 9; i++)
            t->frame.cell[i / 3][i % 3] = cell_A[i / 3][i % 3] * HAVEN_ANGSTROM;
    }
    t->frame.coords = HAVEN_COORD_WRAPPED;
    return s;
}

static haven_status asetraj_rewind(haven_traj *t)
{
    asetraj *a = t->impl;
    haven_bs_set_frame(a->bs, 0);
    return haven_bs_seek(a->bs, 48, "first item");
}

static void asetraj_close(haven_traj *t)
{
    asetraj *a = t->impl;
    if (a) {
        haven_bs_close(a->bs);
        free(a->offsets);
        free(a->region);
        free(a->data);
    }
    free(a);
    t->impl = NULL;
}

/* Header and the item-offset table. */
static haven_status read_header(asetraj *a)
{
    unsigned char h[48];
    haven_status s = haven_bs_read(a->bs, h, 48, "ULM header");
    if (s != HAVEN_OK)
        return s;
    if (memcmp(h, "- of Ulm", 8) != 0 || memcmp(h + 8, "ASE-Trajectory", 14) != 0)
        return haven_bs_fail(a->bs, HAVEN_ERR_FORMAT,
                             "not an ASE trajectory (expected '- of Ulm' and the tag "
                             "ASE-Trajectory)");
    long long version = haven_get_i64(h + 24, 0), pos0 = haven_get_i64(h + 40, 0);
    a->n_items = haven_get_i64(h + 32, 0);
    if (version != 3)
        return haven_bs_fail(a->bs, HAVEN_ERR_FORMAT, "ULM version %lld (expected 3)", version);
    /* 2^40 items (8 TB of offsets) bounds the count before 8 n can wrap. */
    if (a->n_items <= 0 || a->n_items > (1ll << 40) || pos0 < 48)
        return haven_bs_fail(a->bs, HAVEN_ERR_FORMAT,
                             "%lld items, offsets at %lld (expected 1 to 2^40 items, offsets after "
                             "the 48-byte header)",
                             a->n_items, pos0);
    if ((s = haven_bs_seek(a->bs, (unsigned long long)pos0, "item offsets")) != HAVEN_OK ||
        (s = haven_bs_check_left(a->bs, "the item offsets",
                                 8ull * (unsigned long long)a->n_items)) != HAVEN_OK)
        return s;
    unsigned char *raw = malloc(8 * (size_t)a->n_items);
    if (!raw || !(a->offsets = malloc(8 * (size_t)a->n_items))) {
        free(raw);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    s = haven_bs_read(a->bs, raw, 8 * (size_t)a->n_items, "item offsets");
    for (long long i = 0; s == HAVEN_OK && i < a->n_items; i++)
        if ((a->offsets[i] = haven_get_i64(raw + 8 * i, 0)) < 48)
            s = haven_bs_fail(a->bs, HAVEN_ERR_FORMAT, "item %lld at offset %lld (damaged)", i + 1,
                              a->offsets[i]);
    free(raw);
    return s;
}

static haven_status asetraj_open(haven_traj *t)
{
    asetraj *a = calloc(1, sizeof *a);
    if (!a)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    t->impl = a;
    cJSON *item = NULL;
    haven_status s = haven_bs_open(t->path, &a->bs);
    if (s == HAVEN_OK)
        s = read_header(a);
    if (s == HAVEN_OK)
        s = asetraj_rewind(t);
    if (s == HAVEN_OK)
        haven_bs_set_frame(a->bs, 1);
    if (s == HAVEN_OK)
        s = read_item(a, 0, &item);
    if (s == HAVEN_OK)
        s = item_numbers(t, a, item, 1);
    cJSON_Delete(item);
    if (s == HAVEN_OK)
        s = haven_traj_alloc_frame(t, 0, 0);
    return s == HAVEN_OK ? asetraj_rewind(t) : s;
}

const haven_reader_ops haven_reader_asetraj = {
    .name = "ase",
    .format = HAVEN_FMT_ASE_TRAJ,
    .probe = haven_probe_ase,
    .open = asetraj_open,
    .read = asetraj_read,
    .rewind = asetraj_rewind,
    .close = asetraj_close,
};
