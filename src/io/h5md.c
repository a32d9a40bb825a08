/* H5MD 1.1 trajectory reader (HDF5). One particle group is read frame by
 * frame through hyperslabs, so memory is O(n_atoms) whatever the file size.
 *
 * Read: /particles/<group>/position/{value,step,time}, image/value (->
 * HAVEN_COORD_IMAGES), velocity/value, box (dimension, boundary, edges as a
 * fixed dataset or a time-dependent element) and species. Units come from
 * the `unit` attribute of each value dataset; H5MD's customary defaults
 * (nm, ps, nm ps-1) apply when it is absent. See docs/formats-vasprun-h5md.md.
 *
 * HDF5's automatic error printing is replaced around every call by a
 * capture of its error stack into haven's message (io/h5safe.h): the
 * library never prints. Shapes, types and storage are checked before any
 * read, so a damaged file is an error, not a crash. HDF5 (serial) is not
 * thread-safe, so handles must not be used from several threads at once.
 *
 * Compiled twice: into haven_formats.so against the serial HDF5, and, in
 * MPI builds with Debian's parallel HDF5, with HAVEN_H5MD_MPIO into
 * haven_formats_mpio.so, where the reader also has the parallel ops
 * (reader.h, haven_reader_par; the end of this file): the file opened with
 * the MPI-IO driver on a communicator, each process's frames read by
 * collective transfers. */
#include "io/h5safe.h"
#include "io/plugin.h"
#include "io/reader.h"

#include "core/error.h"
#include "haven/elements.h"

#include <hdf5.h>
#ifdef HAVEN_H5MD_MPIO
#include <mpi.h>
#endif
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define H5MD_SERIES_BLOCK 1024
#define H5MD_MAX_NAME 256    /* bytes of a fixed-length unit or element name */
#define H5MD_MAX_NAMES 65536 /* entries of species_names */

/* A step or time series: a dataset [T], or a scalar fixed interval. A
 * dataset is read a block at a time: one tiny HDF5 read per frame costs
 * more than the frame's positions. */
typedef struct {
    hid_t ds;
    int fixed;
    double interval, offset, scale;
    hsize_t len, block_start, block_n;
    double block[H5MD_SERIES_BLOCK];
} h5md_series;

#define H5MD_BLOCK_BYTES (1u << 20)

/* Frames of a [T][...] dataset, read a block of consecutive frames per
 * H5Dread: one HDF5 call per frame costs more than a small frame's data.
 * A block holds at most H5MD_BLOCK_BYTES (or one frame), so memory stays
 * O(n_atoms) whatever the file size. */
typedef struct {
    hid_t ds, fs, ms, memtype;
    int rank;
    hsize_t start[4], count[4];
    hsize_t n_frames, block_start, block_n, cap;
    size_t frame_bytes;
    unsigned char *buf;
} h5md_slab;

#ifdef HAVEN_H5MD_MPIO
/* Collective reading of a range of frames: `rounds` collective reads per
 * frame dataset on every process, this one's first `mine` of `block`
 * frames from `first`, the rest with nothing selected. */
typedef struct {
    MPI_Comm comm;
    int on, mpio_driver;
    hsize_t first, end, block;
    long rounds, mine, done;
    long n_coll, n_indep, n_empty; /* reads HDF5 made collective, made independent, empty */
} h5md_par;
#endif

typedef struct {
    hid_t file, pos, image, vel, edges;
    hid_t dxpl;      /* H5P_DEFAULT, or collective transfers (HAVEN_H5MD_MPIO) */
    int edges_timed; /* edges has a leading [T] dimension */
    int edges_full;  /* edges are 3x3 vectors, not a diagonal */
    h5md_series step, time;
    h5md_slab pos_slab, image_slab, vel_slab, edges_slab; /* fs < 0 when unused */
    double pos_scale, vel_scale, box_scale;               /* file unit -> SI */
    double fixed_cell[3][3];
    hsize_t n_frames, next;
    char group[64];
    haven_h5_trap trap;
#ifdef HAVEN_H5MD_MPIO
    h5md_par par;
#endif
} h5md;

#define TRAP(t) (&((h5md *)(t)->impl)->trap)

/* ---- small HDF5 helpers ---------------------------------------------- */

/* Does every link along "a/b/c" exist below loc? */
static int path_exists(hid_t loc, const char *path)
{
    char buf[256];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof buf)
        return 0;
    memcpy(buf, path, n + 1);
    for (char *p = buf;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        htri_t e = H5Lexists(loc, buf, H5P_DEFAULT);
        *p = c;
        if (e <= 0)
            return 0;
        if (!c)
            return 1;
    }
}

static hid_t open_dataset(hid_t loc, const char *path)
{
    return path_exists(loc, path) ? H5Dopen2(loc, path, H5P_DEFAULT) : -1;
}

static int is_group(hid_t loc, const char *path)
{
    if (!path_exists(loc, path))
        return 0;
    hid_t o = H5Oopen(loc, path, H5P_DEFAULT);
    int g = o >= 0 && H5Iget_type(o) == H5I_GROUP;
    if (o >= 0)
        H5Oclose(o);
    return g;
}

static int dims_of(hid_t ds, hsize_t dims[4])
{
    hid_t sp = H5Dget_space(ds);
    int r = sp >= 0 ? H5Sget_simple_extent_ndims(sp) : -1;
    if (r >= 0 && r <= 4)
        H5Sget_simple_extent_dims(sp, dims, NULL);
    else
        r = -1;
    if (sp >= 0)
        H5Sclose(sp);
    return r;
}

/* Exactly n strings (fixed or variable length) from a dataset or
 * attribute; fixed-length ones of at most H5MD_MAX_NAME bytes. */
static int read_strings(hid_t obj, int is_attr, size_t n, char (*out)[HAVEN_SPECIES_NAME_MAX])
{
    haven_h5_shape sh;
    if (!haven_h5_shape_of(obj, is_attr, &sh) || sh.cls != H5T_STRING || sh.n != n)
        return 0;
    hid_t ft = is_attr ? H5Aget_type(obj) : H5Dget_type(obj);
    hid_t sp = is_attr ? H5Aget_space(obj) : H5Dget_space(obj);
    hid_t mt = H5Tcopy(H5T_C_S1);
    int ok = ft >= 0 && sp >= 0 && mt >= 0;
    if (ok && H5Tis_variable_str(ft) > 0) {
        char **v = calloc(n, sizeof *v);
        ok = v && H5Tset_size(mt, H5T_VARIABLE) >= 0 &&
             (is_attr ? H5Aread(obj, mt, v) : H5Dread(obj, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, v)) >=
                 0;
        for (size_t i = 0; ok && i < n; i++)
            snprintf(out[i], HAVEN_SPECIES_NAME_MAX, "%s", v[i] ? v[i] : "");
        if (ok)
            H5Dvlen_reclaim(mt, sp, H5P_DEFAULT, v);
        free(v);
    } else if (ok && sh.type_size <= H5MD_MAX_NAME) {
        size_t len = sh.type_size;
        char *buf = calloc(n, len + 1);
        ok = buf && H5Tset_size(mt, len + 1) >= 0 &&
             (is_attr ? H5Aread(obj, mt, buf)
                      : H5Dread(obj, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf)) >= 0;
        for (size_t i = 0; ok && i < n; i++)
            snprintf(out[i], HAVEN_SPECIES_NAME_MAX, "%s", buf + i * (len + 1));
        free(buf);
    } else {
        ok = 0;
    }
    for (size_t i = 0; ok && i < n; i++) /* trim trailing blanks of padded strings */
        for (size_t k = strlen(out[i]); k > 0 && out[i][k - 1] == ' '; k--)
            out[i][k - 1] = '\0';
    if (mt >= 0)
        H5Tclose(mt);
    if (ft >= 0)
        H5Tclose(ft);
    if (sp >= 0)
        H5Sclose(sp);
    return ok;
}

/* The string attribute `name` of obj, or "" when absent. */
static void string_attr(hid_t obj, const char *name, char out[HAVEN_SPECIES_NAME_MAX])
{
    out[0] = '\0';
    if (H5Aexists(obj, name) <= 0)
        return;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    if (a >= 0 && !read_strings(a, 1, 1, (char(*)[HAVEN_SPECIES_NAME_MAX])out))
        out[0] = '\0';
    if (a >= 0)
        H5Aclose(a);
}

static int slab_init(h5md_slab *s, hid_t ds, hid_t memtype, hsize_t n_frames)
{
    hsize_t dims[4];
    memset(s, 0, sizeof *s);
    s->ds = ds;
    s->fs = s->ms = -1;
    s->memtype = memtype;
    s->n_frames = n_frames;
    s->rank = dims_of(ds, dims);
    if (s->rank < 1 || n_frames < 1)
        return 0;
    s->frame_bytes = H5Tget_size(memtype);
    for (int k = 1; k < s->rank; k++) {
        if (dims[k] > 0 && s->frame_bytes > SIZE_MAX / dims[k])
            return 0; /* no frame this large fits in memory */
        s->count[k] = dims[k];
        s->frame_bytes *= dims[k];
    }
    s->cap = s->frame_bytes ? H5MD_BLOCK_BYTES / s->frame_bytes : 1;
    s->cap = s->cap < 1 ? 1 : s->cap > n_frames ? n_frames : s->cap;
    s->buf = malloc(s->cap * s->frame_bytes);
    s->fs = H5Dget_space(ds);
    return s->buf && s->fs >= 0;
}

/* Frames [i, i + n) (n <= cap) into the block, with transfer list dxpl. */
static int slab_load_n(h5md_slab *s, hsize_t i, hsize_t n, hid_t dxpl)
{
    s->block_n = 0;
    if (s->ms < 0 || n != s->count[0]) {
        if (s->ms >= 0)
            H5Sclose(s->ms);
        s->count[0] = n;
        s->ms = H5Screate_simple(s->rank, s->count, NULL);
    }
    s->start[0] = i;
    if (s->ms < 0 ||
        H5Sselect_hyperslab(s->fs, H5S_SELECT_SET, s->start, NULL, s->count, NULL) < 0 ||
        H5Dread(s->ds, s->memtype, s->ms, s->fs, dxpl, s->buf) < 0)
        return 0;
    s->block_start = i;
    s->block_n = n;
    return 1;
}

static int slab_load(h5md_slab *s, hsize_t i)
{
    return slab_load_n(s, i, s->n_frames - i < s->cap ? s->n_frames - i : s->cap, H5P_DEFAULT);
}

/* Frame i (< n_frames) into out. */
static int slab_read(h5md_slab *s, hsize_t i, void *out)
{
    if ((i < s->block_start || i >= s->block_start + s->block_n) && !slab_load(s, i))
        return 0;
    memcpy(out, s->buf + (i - s->block_start) * s->frame_bytes, s->frame_bytes);
    return 1;
}

static void slab_close(h5md_slab *s)
{
    if (s->ms >= 0)
        H5Sclose(s->ms);
    if (s->fs >= 0)
        H5Sclose(s->fs);
    free(s->buf);
    s->buf = NULL;
    s->fs = s->ms = -1;
}

static int read_frame_slab(hid_t ds, hsize_t i, hid_t memtype, void *buf)
{
    h5md_slab s;
    int ok = slab_init(&s, ds, memtype, i + 1) && slab_read(&s, i, buf);
    slab_close(&s);
    return ok;
}

/* ---- units ------------------------------------------------------------- */

static double length_unit(const char *u)
{
    static const struct {
        const char *name;
        double si;
    } units[] = {{"nm", 1e-9},        {"A", 1e-10},  {"Angstrom", 1e-10}, {"angstrom", 1e-10},
                 {"\xc3\x85", 1e-10}, {"pm", 1e-12}, {"m", 1.0},          {"um", 1e-6}};
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++)
        if (!strcmp(u, units[k].name))
            return units[k].si;
    return 0;
}

static double time_unit(const char *u)
{
    if (!strcmp(u, "ps"))
        return HAVEN_PS;
    if (!strcmp(u, "fs"))
        return HAVEN_FS;
    if (!strcmp(u, "ns"))
        return 1e-9;
    return strcmp(u, "s") ? 0 : 1.0;
}

/* "nm ps-1", "nm/ps", "A fs-1" -> m/s; 0 when not understood. */
static double velocity_unit(const char *u)
{
    char len[16] = "", tim[16] = "";
    /* The "/" form first: "%[^-]" would also swallow "/ps". */
    if (sscanf(u, "%15[^ /]/%15s", len, tim) != 2 && sscanf(u, "%15[^ /] %15[^-]-1", len, tim) != 2)
        return 0;
    double l = length_unit(len), s = time_unit(tim);
    return (l > 0 && s > 0) ? l / s : 0;
}

static haven_status unit_scale(const haven_traj *t, hid_t ds, const char *what, const char *dflt,
                               double (*conv)(const char *), double *scale)
{
    char u[HAVEN_SPECIES_NAME_MAX];
    string_attr(ds, "unit", u);
    *scale = conv(u[0] ? u : dflt);
    if (*scale <= 0)
        return haven_fail(HAVEN_ERR_FORMAT, "%s: %s has unit '%s' (expected e.g. %s)", t->path,
                          what, u, dflt);
    return HAVEN_OK;
}

/* ---- header -------------------------------------------------------------- */

/* "/particles/<group>/<rel>" for messages. */
static const char *where(const h5md *h, const char *rel, char buf[160])
{
    snprintf(buf, 160, "/particles/%s/%s", h->group, rel);
    return buf;
}

/* a * b, saturating: both come from a file. */
static hsize_t mul_sat(hsize_t a, hsize_t b)
{
    return b == 0 || a <= (hsize_t)-1 / b ? a * b : (hsize_t)-1;
}

static haven_status check_h5md_root(haven_traj *t, h5md *h)
{
    if (!is_group(h->file, "h5md"))
        return haven_fail(HAVEN_ERR_FORMAT, "%s: HDF5 file without an /h5md group (not H5MD)",
                          t->path);
    int ver[2] = {0, 0}, found = 0;
    hid_t g = H5Gopen2(h->file, "h5md", H5P_DEFAULT);
    if (g < 0)
        return haven_h5_fail(&h->trap, HAVEN_ERR_FORMAT, "%s: cannot open /h5md", t->path);
    haven_status s = haven_h5_attr_numbers(&h->trap, t->path, g, "/h5md", "version", H5T_NATIVE_INT,
                                           2, ver, &found);
    H5Gclose(g);
    if (s == HAVEN_OK && (!found || ver[0] != 1))
        s = haven_fail(HAVEN_ERR_FORMAT, "%s: /h5md version is %d.%d, expected 1.x", t->path,
                       ver[0], ver[1]);
    return s;
}

/* The particle group: the first under /particles (a warning if several). */
static haven_status pick_group(haven_traj *t, h5md *h)
{
    if (!is_group(h->file, "particles"))
        return haven_fail(HAVEN_ERR_FORMAT, "%s: no /particles group", t->path);
    hid_t p = H5Gopen2(h->file, "particles", H5P_DEFAULT);
    if (p < 0)
        return haven_h5_fail(&h->trap, HAVEN_ERR_FORMAT, "%s: cannot open /particles", t->path);
    H5G_info_t info;
    int ok = H5Gget_info(p, &info) >= 0 && info.nlinks > 0;
    ssize_t len = ok ? H5Lget_name_by_idx(p, ".", H5_INDEX_NAME, H5_ITER_INC, 0, h->group,
                                          sizeof h->group, H5P_DEFAULT)
                     : -1;
    if (ok && info.nlinks > 1)
        haven_warn("%s: %llu particle groups; reading /particles/%s", t->path,
                   (unsigned long long)info.nlinks, h->group);
    H5Gclose(p);
    if (len <= 0 || (size_t)len >= sizeof h->group)
        return haven_h5_fail(&h->trap, HAVEN_ERR_FORMAT, "%s: /particles has no particle group",
                             t->path);
    return HAVEN_OK;
}

/* The string-array attribute `species_names` of ds, or NULL (*n = 0). */
static haven_status species_names_attr(haven_traj *t, hid_t ds, size_t *n,
                                       char (**names)[HAVEN_SPECIES_NAME_MAX])
{
    *n = 0;
    *names = NULL;
    htri_t e = H5Aexists(ds, "species_names");
    if (e == 0)
        return HAVEN_OK;
    hid_t a = e > 0 ? H5Aopen(ds, "species_names", H5P_DEFAULT) : -1;
    haven_h5_shape sh;
    if (a < 0 || !haven_h5_shape_of(a, 1, &sh)) {
        if (a >= 0)
            H5Aclose(a);
        return haven_h5_fail(TRAP(t), HAVEN_ERR_FORMAT, "%s: cannot read species_names", t->path);
    }
    int ok = sh.cls == H5T_STRING && sh.n > 0 && sh.n <= H5MD_MAX_NAMES;
    if (ok) {
        *n = (size_t)sh.n;
        *names = calloc(*n, sizeof **names);
        ok = *names && read_strings(a, 1, *n, *names);
    }
    H5Aclose(a);
    if (!ok)
        return haven_h5_fail(TRAP(t), HAVEN_ERR_FORMAT,
                             "%s: species_names holds %llu value(s), expected 1 to %d strings",
                             t->path, (unsigned long long)sh.n, H5MD_MAX_NAMES);
    return HAVEN_OK;
}

/* Integer species -> symbols: through the `species_names` attribute
 * (0-based), else the caller's type map (--types 1=Li,2=Cl, as for LAMMPS
 * types), else as atomic numbers. */
static haven_status species_from_ints(haven_traj *t, hid_t ds, int rank, size_t n,
                                      char (*sym)[HAVEN_SPECIES_NAME_MAX])
{
    int *val = calloc(n, sizeof *val);
    size_t n_names;
    char(*names)[HAVEN_SPECIES_NAME_MAX];
    haven_status s = species_names_attr(t, ds, &n_names, &names);
    if (s == HAVEN_OK && !val)
        s = haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    if (s == HAVEN_OK &&
        !(rank == 1 ? H5Dread(ds, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, val) >= 0
                    : read_frame_slab(ds, 0, H5T_NATIVE_INT, val)))
        s = haven_h5_fail(TRAP(t), HAVEN_ERR_FORMAT, "%s: cannot read species", t->path);
    for (size_t i = 0; s == HAVEN_OK && i < n; i++) {
        const char *e = NULL;
        if (names)
            e = val[i] >= 0 && (size_t)val[i] < n_names ? names[val[i]] : NULL;
        else if (t->types)
            s = haven_traj_type_symbol(t, val[i], &e);
        else
            e = haven_element_symbol(val[i]);
        if (s == HAVEN_OK && !e)
            s = haven_fail(HAVEN_ERR_FORMAT, "%s: atom %zu: species %d has no element name%s",
                           t->path, i + 1, val[i],
                           names ? " in species_names" : " (read as atomic number; give --types)");
        if (s == HAVEN_OK)
            snprintf(sym[i], sizeof sym[i], "%s", e);
    }
    free(names);
    free(val);
    return s;
}

/* Species (one per atom, or [T][n] of which frame 0 is read) checked
 * against the positions' atom count and the data stored. */
static haven_status check_species(haven_traj *t, h5md *h, hid_t ds, size_t n, haven_h5_shape *sh)
{
    char buf[160];
    if (!haven_h5_shape_of(ds, 0, sh))
        return haven_h5_fail(&h->trap, HAVEN_ERR_FORMAT, "%s: cannot read species", t->path);
    hsize_t count = sh->rank >= 1 ? sh->dims[sh->rank - 1] : 0;
    if (sh->rank < 1 || sh->rank > 2 || count != n)
        return haven_fail(HAVEN_ERR_FORMAT,
                          "%s: species has %llu entries, positions have %zu atoms", t->path,
                          (unsigned long long)count, n);
    if (sh->cls != H5T_INTEGER && (sh->cls != H5T_STRING || sh->rank != 1))
        return haven_fail(HAVEN_ERR_FORMAT, "%s: species must be integers or element names",
                          t->path);
    return haven_h5_check_storage(&h->trap, t->path, h->file, ds, where(h, "species", buf),
                                  mul_sat(n, sh->type_size));
}

/* Species as element symbols: a string dataset, or integers (see above). */
static haven_status read_species(haven_traj *t, h5md *h, hid_t ds, size_t n)
{
    haven_h5_shape sh;
    haven_status s = check_species(t, h, ds, n, &sh);
    if (s != HAVEN_OK)
        return s;
    char(*sym)[HAVEN_SPECIES_NAME_MAX] = calloc(n, sizeof *sym);
    const char **ptr = calloc(n, sizeof *ptr);
    if (!sym || !ptr)
        s = haven_fail(HAVEN_ERR_NOMEM, "out of memory for %zu atoms", n);
    else if (sh.cls == H5T_INTEGER)
        s = species_from_ints(t, ds, sh.rank, n, sym);
    else if (!read_strings(ds, 0, n, sym))
        s = haven_h5_fail(&h->trap, HAVEN_ERR_FORMAT,
                          "%s: cannot read species as element names (expected strings of at "
                          "most %d bytes)",
                          t->path, H5MD_MAX_NAME);
    for (size_t i = 0; s == HAVEN_OK && i < n; i++)
        ptr[i] = sym[i];
    if (s == HAVEN_OK)
        s = haven_traj_set_atoms(t, n, ptr);
    free(sym);
    free(ptr);
    return s;
}

/* A fixed series: the interval (scalar dataset) and its `offset`. */
static haven_status read_fixed_series(haven_traj *t, h5md *h, const char *name, h5md_series *out)
{
    char buf[160];
    int found;
    if (H5Dread(out->ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &out->interval) < 0)
        return haven_h5_fail(&h->trap, HAVEN_ERR_FORMAT, "%s: cannot read %s", t->path,
                             where(h, name, buf));
    haven_status s = haven_h5_attr_numbers(&h->trap, t->path, out->ds, where(h, name, buf),
                                           "offset", H5T_NATIVE_DOUBLE, 1, &out->offset, &found);
    if (s == HAVEN_OK && !(isfinite(out->interval) && isfinite(out->offset)))
        s = haven_fail(HAVEN_ERR_VALUE, "%s: %s: interval %g or offset %g is not finite", t->path,
                       where(h, name, buf), out->interval, out->offset);
    return s;
}

/* position/step or position/time: one number per frame, or a scalar
 * interval (with an `offset` attribute); optional. */
static haven_status open_series(haven_traj *t, h5md *h, hid_t g, const char *name, h5md_series *out,
                                const char *dflt_unit)
{
    char buf[160];
    haven_h5_shape sh;
    out->ds = open_dataset(g, name);
    out->scale = 1.0;
    if (out->ds < 0)
        return HAVEN_OK; /* step/time are optional */
    if (!haven_h5_shape_of(out->ds, 0, &sh))
        return haven_h5_fail(&h->trap, HAVEN_ERR_FORMAT, "%s: cannot read %s", t->path,
                             where(h, name, buf));
    if (!haven_h5_is_number(&sh) || sh.rank > 1 || (sh.rank == 1 && sh.dims[0] < h->n_frames))
        return haven_fail(HAVEN_ERR_FORMAT,
                          "%s: %s holds %llu %s value(s) of rank %d, expected a number per "
                          "frame (%llu) or one interval",
                          t->path, where(h, name, buf), (unsigned long long)sh.n,
                          haven_h5_is_number(&sh) ? "numeric" : "non-numeric", sh.rank,
                          (unsigned long long)h->n_frames);
    haven_status s = haven_h5_check_storage(&h->trap, t->path, h->file, out->ds,
                                            where(h, name, buf), sh.n > 0 ? sh.type_size : 0);
    out->fixed = sh.rank == 0;
    out->len = sh.rank == 1 ? sh.dims[0] : 0;
    out->block_n = 0;
    if (s == HAVEN_OK && dflt_unit)
        s = unit_scale(t, out->ds, "position/time", dflt_unit, time_unit, &out->scale);
    return s == HAVEN_OK && out->fixed ? read_fixed_series(t, h, name, out) : s;
}

/* A [T][n][3] value dataset checked against the position's shape (n = 0:
 * the positions themselves, any atom count) and its storage. */
static haven_status open_value(haven_traj *t, h5md *h, hid_t g, const char *path, hsize_t n_frames,
                               size_t n, hid_t *out)
{
    char buf[160];
    haven_h5_shape sh;
    *out = open_dataset(g, path);
    if (*out < 0)
        return HAVEN_OK;
    if (!haven_h5_shape_of(*out, 0, &sh))
        return haven_h5_fail(&h->trap, HAVEN_ERR_FORMAT, "%s: cannot read %s", t->path,
                             where(h, path, buf));
    if (!haven_h5_is_number(&sh))
        return haven_fail(HAVEN_ERR_FORMAT,
                          "%s: %s is not numeric (expected integers or floats of at most 8 "
                          "bytes, found %zu-byte values)",
                          t->path, where(h, path, buf), sh.type_size);
    if (sh.rank != 3 || sh.dims[2] != 3 || sh.dims[1] == 0 || sh.dims[0] < n_frames ||
        (n && sh.dims[1] != n))
        return haven_fail(HAVEN_ERR_FORMAT,
                          "%s: %s has shape [%llu][%llu][%llu], expected [frames][%zu][3]", t->path,
                          path, (unsigned long long)sh.dims[0], (unsigned long long)sh.dims[1],
                          (unsigned long long)sh.dims[2], n);
    /* The positions' shape gives the atom count, so their data must back a
     * frame; images and velocities never written read as zeros (fill). */
    hsize_t frame = n == 0 && sh.dims[0] > 0 ? mul_sat(sh.dims[1], 3 * sh.type_size) : 0;
    return haven_h5_check_storage(&h->trap, t->path, h->file, *out, where(h, path, buf), frame);
}

/* box/dimension (one integer, 3) and box/boundary (three strings, all
 * "periodic"). */
static haven_status check_box_attrs(haven_traj *t, h5md *h, hid_t box)
{
    char bnd[3][HAVEN_SPECIES_NAME_MAX], buf[160];
    int dim = 0, found = 0, periodic = 0;
    haven_status s = haven_h5_attr_numbers(&h->trap, t->path, box, where(h, "box", buf),
                                           "dimension", H5T_NATIVE_INT, 1, &dim, &found);
    if (s == HAVEN_OK && H5Aexists(box, "boundary") > 0) {
        hid_t a = H5Aopen(box, "boundary", H5P_DEFAULT);
        if (a >= 0 && read_strings(a, 1, 3, bnd))
            for (int k = 0; k < 3; k++)
                periodic += !strcmp(bnd[k], "periodic");
        if (a >= 0)
            H5Aclose(a);
    }
    if (s == HAVEN_OK && (dim != 3 || periodic != 3))
        s = haven_fail(HAVEN_ERR_FORMAT,
                       "%s: /particles/%s/box not 3-dimensional periodic (dimension %d, %d "
                       "periodic boundaries)",
                       t->path, h->group, dim, periodic);
    return s;
}

/* box/edges: [3] or [3][3], fixed or one per frame (edges/value). */
static haven_status open_edges(haven_traj *t, h5md *h, hid_t g)
{
    char buf[160];
    haven_h5_shape sh;
    h->edges_timed = is_group(g, "box/edges");
    const char *rel = h->edges_timed ? "box/edges/value" : "box/edges";
    h->edges = open_dataset(g, rel);
    int ok = h->edges >= 0 && haven_h5_shape_of(h->edges, 0, &sh) && haven_h5_is_number(&sh);
    int r = ok ? sh.rank - h->edges_timed : -1, d = h->edges_timed;
    int shape_ok =
        (r == 1 && sh.dims[d] == 3) || (r == 2 && sh.dims[d] == 3 && sh.dims[d + 1] == 3);
    if (!shape_ok || (h->edges_timed && sh.dims[0] < h->n_frames))
        return haven_fail(HAVEN_ERR_FORMAT,
                          "%s: /particles/%s/box/edges missing or not [3], [3][3] or one per "
                          "frame (expected the cell)",
                          t->path, h->group);
    h->edges_full = r == 2;
    hsize_t frame = (h->edges_full ? 9 : 3) * sh.type_size;
    haven_status s = haven_h5_check_storage(&h->trap, t->path, h->file, h->edges,
                                            where(h, rel, buf), sh.n > 0 ? frame : 0);
    if (s == HAVEN_OK)
        s = unit_scale(t, h->edges, "box/edges", "nm", length_unit, &h->box_scale);
    if (s != HAVEN_OK || h->edges_timed)
        return s;
    double e[9];
    if (H5Dread(h->edges, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, e) < 0)
        return haven_h5_fail(&h->trap, HAVEN_ERR_FORMAT, "%s: cannot read box/edges", t->path);
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++)
            h->fixed_cell[a][b] = (h->edges_full ? e[3 * a + b] : (a == b) * e[a]) * h->box_scale;
    return HAVEN_OK;
}

static haven_status open_box(haven_traj *t, h5md *h, hid_t g)
{
    if (!is_group(g, "box"))
        return haven_fail(HAVEN_ERR_FORMAT,
                          "%s: /particles/%s/box missing (expected the cell: dimension 3, "
                          "periodic boundaries, edges)",
                          t->path, h->group);
    hid_t box = H5Gopen2(g, "box", H5P_DEFAULT);
    if (box < 0)
        return haven_h5_fail(&h->trap, HAVEN_ERR_FORMAT, "%s: cannot open /particles/%s/box",
                             t->path, h->group);
    haven_status s = check_box_attrs(t, h, box);
    H5Gclose(box);
    return s == HAVEN_OK ? open_edges(t, h, g) : s;
}

/* Positions (whose shape gives the atom count and frames), species, image
 * flags and velocities of the particle group g. */
static haven_status open_atoms(haven_traj *t, h5md *h, hid_t g)
{
    char buf[160];
    haven_status s = open_value(t, h, g, "position/value", 0, 0, &h->pos);
    hsize_t dims[4] = {0};
    if (s == HAVEN_OK && h->pos < 0)
        s = haven_fail(HAVEN_ERR_FORMAT, "%s: no %s", t->path, where(h, "position/value", buf));
    if (s == HAVEN_OK) {
        dims_of(h->pos, dims);
        h->n_frames = dims[0];
        hid_t sp =
            is_group(g, "species") ? open_dataset(g, "species/value") : open_dataset(g, "species");
        s = sp >= 0 ? read_species(t, h, sp, (size_t)dims[1])
                    : haven_fail(HAVEN_ERR_FORMAT, "%s: no %s (element of each atom)", t->path,
                                 where(h, "species", buf));
        if (sp >= 0)
            H5Dclose(sp);
    }
    if (s == HAVEN_OK)
        s = open_value(t, h, g, "image/value", h->n_frames, t->n_atoms, &h->image);
    if (s == HAVEN_OK)
        s = open_value(t, h, g, "velocity/value", h->n_frames, t->n_atoms, &h->vel);
    if (s == HAVEN_OK)
        s = unit_scale(t, h->pos, "position/value", "nm", length_unit, &h->pos_scale);
    if (s == HAVEN_OK && h->vel >= 0)
        s = unit_scale(t, h->vel, "velocity/value", "nm ps-1", velocity_unit, &h->vel_scale);
    return s;
}

static haven_status open_particles(haven_traj *t, h5md *h)
{
    haven_status s = pick_group(t, h);
    if (s != HAVEN_OK)
        return s;
    char path[96];
    snprintf(path, sizeof path, "particles/%s", h->group);
    hid_t g = H5Gopen2(h->file, path, H5P_DEFAULT);
    if (g < 0)
        return haven_h5_fail(&h->trap, HAVEN_ERR_FORMAT, "%s: cannot open /%s", t->path, path);
    s = open_atoms(t, h, g);
    if (s == HAVEN_OK)
        s = open_box(t, h, g);
    if (s == HAVEN_OK)
        s = open_series(t, h, g, "position/step", &h->step, NULL);
    if (s == HAVEN_OK)
        s = open_series(t, h, g, "position/time", &h->time, "ps");
    H5Gclose(g);
    return s;
}

static haven_status open_impl(haven_traj *t, h5md *h, hid_t fapl)
{
    h->file = H5Fopen(t->path, H5F_ACC_RDONLY, fapl);
    if (h->file < 0)
        return haven_h5_fail(&h->trap, HAVEN_ERR_FORMAT,
                             "%s: cannot open as HDF5 (not HDF5, or truncated)", t->path);
    haven_status s = check_h5md_root(t, h);
    if (s == HAVEN_OK)
        s = open_particles(t, h);
    hid_t timed[4] = {h->pos, h->image, h->vel, h->edges_timed ? h->edges : -1};
    hid_t memtype[4] = {H5T_NATIVE_DOUBLE, H5T_NATIVE_INT, H5T_NATIVE_DOUBLE, H5T_NATIVE_DOUBLE};
    h5md_slab *slab[4] = {&h->pos_slab, &h->image_slab, &h->vel_slab, &h->edges_slab};
    for (int k = 0; k < 4 && s == HAVEN_OK; k++)
        if (timed[k] >= 0 && h->n_frames > 0 &&
            !slab_init(slab[k], timed[k], memtype[k], h->n_frames))
            s = haven_h5_fail(&h->trap, HAVEN_ERR_FORMAT,
                              "%s: cannot select frames of /particles/%s", t->path, h->group);
    if (s == HAVEN_OK)
        s = haven_traj_alloc_frame(t, h->vel >= 0, h->image >= 0);
    if (s == HAVEN_OK)
        t->frame.coords = h->image >= 0 ? HAVEN_COORD_IMAGES : HAVEN_COORD_WRAPPED;
    return s;
}

/* ---- frames ------------------------------------------------------------ */

/* Entries [start, start+n) of a 1-D dataset. */
static int read_range(hid_t ds, hsize_t start, hsize_t n, double *out)
{
    hid_t fs = H5Dget_space(ds);
    hid_t ms = H5Screate_simple(1, &n, NULL);
    int ok = fs >= 0 && ms >= 0 &&
             H5Sselect_hyperslab(fs, H5S_SELECT_SET, &start, NULL, &n, NULL) >= 0 &&
             H5Dread(ds, H5T_NATIVE_DOUBLE, ms, fs, H5P_DEFAULT, out) >= 0;
    if (ms >= 0)
        H5Sclose(ms);
    if (fs >= 0)
        H5Sclose(fs);
    return ok;
}

static double series_at(h5md_series *s, hsize_t i, int *ok)
{
    if (s->ds < 0)
        return NAN;
    if (s->fixed)
        return (s->offset + (double)i * s->interval) * s->scale;
    if (i >= s->len) {
        *ok = 0;
        return NAN;
    }
    if (i < s->block_start || i >= s->block_start + s->block_n) {
        s->block_start = i;
        s->block_n = s->len - i < H5MD_SERIES_BLOCK ? s->len - i : H5MD_SERIES_BLOCK;
        if (!read_range(s->ds, i, s->block_n, s->block)) {
            s->block_n = 0;
            *ok = 0;
            return NAN;
        }
    }
    return s->block[i - s->block_start] * s->scale;
}

static haven_status scale_checked(haven_traj *t, double (*v)[3], size_t n, double scale,
                                  const char *what)
{
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < 3; k++) {
            if (!isfinite(v[i][k]))
                return haven_fail(HAVEN_ERR_VALUE, "%s: frame %ld, atom %zu: %s is not finite",
                                  t->path, t->frames_read, i + 1, what);
            v[i][k] *= scale;
        }
    return HAVEN_OK;
}

#ifdef HAVEN_H5MD_MPIO
/* ---- collective rounds (haven_formats_mpio.so) --------------------------- */

/* The frame datasets, in the order every process reads them. */
static int par_slabs(h5md *h, h5md_slab *out[4])
{
    int n = 0;
    out[n++] = &h->pos_slab;
    if (h->image >= 0)
        out[n++] = &h->image_slab;
    if (h->vel >= 0)
        out[n++] = &h->vel_slab;
    if (h->edges_timed)
        out[n++] = &h->edges_slab;
    return n;
}

/* Collective rounds of up to this many bytes of the largest frame dataset:
 * each round is a collective call with its set-up and its two-phase
 * exchange inside MPI-IO, so fewer and larger ones (bench/mpi_split.sh). */
#define H5MD_PAR_BLOCK_BYTES (16u << 20)

/* Room in the block for n frames. */
static int slab_grow(h5md_slab *s, hsize_t n)
{
    if (n <= s->cap || s->fs < 0)
        return 1;
    void *b = realloc(s->buf, n * s->frame_bytes);
    if (!b)
        return 0;
    s->buf = b;
    s->cap = n;
    return 1;
}

/* This process's part of a collective read in which it wants nothing. */
static int slab_empty(h5md_slab *s, hid_t dxpl)
{
    hsize_t one[4];
    memcpy(one, s->count, sizeof one);
    one[0] = 1;
    hid_t ms = H5Screate_simple(s->rank, one, NULL);
    int ok = ms >= 0 && H5Sselect_none(ms) >= 0 && H5Sselect_none(s->fs) >= 0 &&
             H5Dread(s->ds, s->memtype, ms, s->fs, dxpl, s->buf) >= 0;
    if (ms >= 0)
        H5Sclose(ms);
    return ok;
}

/* One collective read of each frame dataset: frames [a, a + n), or nothing
 * (n 0). Counts how HDF5 made each read (it may turn a collective request
 * into independent reads, e.g. when the types need a conversion). */
static int par_round(h5md *h, hsize_t a, hsize_t n)
{
    h5md_slab *sl[4];
    int k = par_slabs(h, sl), ok = 1;
    for (int j = 0; j < k; j++) {
        if (n == 0) {
            ok = slab_empty(sl[j], h->dxpl) && ok;
            h->par.n_empty++;
            continue;
        }
        H5D_mpio_actual_io_mode_t mode;
        int r = slab_load_n(sl[j], a, n, h->dxpl);
        if (r && H5Pget_mpio_actual_io_mode(h->dxpl, &mode) >= 0)
            *(mode == H5D_MPIO_NO_COLLECTIVE ? &h->par.n_indep : &h->par.n_coll) += 1;
        ok = r && ok;
    }
    return ok;
}

/* Frame i's block in every frame dataset: inside the declared range, by
 * this process's collective rounds up to the one holding i, each made
 * once and in order (a frame of an earlier round read again, or one
 * outside the range: independent reads by slab_read). */
static int par_frame(h5md *h, hsize_t i)
{
    h5md_par *p = &h->par;
    if (!p->on || i < p->first || i >= p->end)
        return 1;
    long k = (long)((i - p->first) / p->block);
    int ok = 1;
    for (; p->done <= k && p->done < p->mine; p->done++) {
        hsize_t a = p->first + (hsize_t)p->done * p->block;
        ok = par_round(h, a, p->end - a < p->block ? p->end - a : p->block) && ok;
    }
    return ok;
}

/* The rounds the others make and this process has not: empty. */
static int par_drain(h5md *h)
{
    h5md_par *p = &h->par;
    int ok = 1;
    for (; p->on && p->done < p->rounds; p->done++)
        ok = par_round(h, 0, 0) && ok;
    p->on = 0;
    return ok;
}
#endif

static haven_status read_impl(haven_traj *t, h5md *h)
{
    if (h->next >= h->n_frames)
        return HAVEN_EOF;
    haven_frame *f = &t->frame;
    hsize_t i = h->next;
#ifdef HAVEN_H5MD_MPIO
    int ok = par_frame(h, i) && slab_read(&h->pos_slab, i, f->pos);
#else
    int ok = slab_read(&h->pos_slab, i, f->pos);
#endif
    if (ok && f->image)
        ok = slab_read(&h->image_slab, i, f->image);
    if (ok && f->vel)
        ok = slab_read(&h->vel_slab, i, f->vel);
    double e[9];
    if (ok && h->edges_timed)
        ok = slab_read(&h->edges_slab, i, e);
    double step = series_at(&h->step, i, &ok);
    f->time = series_at(&h->time, i, &ok);
    if (!ok)
        return haven_h5_fail(&h->trap, HAVEN_ERR_IO, "%s: frame %llu: HDF5 read failed", t->path,
                             (unsigned long long)i);
    f->step = isfinite(step) ? (long)llround(step) : -1;
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++)
            f->cell[a][b] = !h->edges_timed
                                ? h->fixed_cell[a][b]
                                : (h->edges_full ? e[3 * a + b] : (a == b) * e[a]) * h->box_scale;
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++)
            if (!isfinite(f->cell[a][b]))
                return haven_fail(HAVEN_ERR_VALUE, "%s: frame %llu: box edges not finite", t->path,
                                  (unsigned long long)i);
    haven_status s = scale_checked(t, f->pos, t->n_atoms, h->pos_scale, "position");
    if (s == HAVEN_OK && f->vel)
        s = scale_checked(t, f->vel, t->n_atoms, h->vel_scale, "velocity");
    if (s == HAVEN_OK)
        h->next++;
    return s;
}

/* ---- reader ops -------------------------------------------------------- */

/* t's reader state, nothing open yet. */
static h5md *h5md_new(haven_traj *t)
{
    h5md *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->file = h->pos = h->image = h->vel = h->edges = h->step.ds = h->time.ds = -1;
    h->pos_slab.fs = h->pos_slab.ms = h->image_slab.fs = h->image_slab.ms = -1;
    h->vel_slab.fs = h->vel_slab.ms = h->edges_slab.fs = h->edges_slab.ms = -1;
    h->dxpl = H5P_DEFAULT;
    t->impl = h;
    return h;
}

static haven_status h5md_open(haven_traj *t)
{
    h5md *h = h5md_new(t);
    if (!h)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    haven_h5_trap_begin(&h->trap);
    haven_status s = open_impl(t, h, H5P_DEFAULT);
    haven_h5_trap_end(&h->trap);
    return s;
}

static haven_status h5md_read(haven_traj *t)
{
    h5md *h = t->impl;
    haven_h5_trap_begin(&h->trap);
    haven_status s = read_impl(t, h);
    haven_h5_trap_end(&h->trap);
    return s;
}

static long h5md_count(haven_traj *t)
{
    hsize_t n = ((h5md *)t->impl)->n_frames;
    return n <= LONG_MAX ? (long)n : -1;
}

/* Frame `index` next: each slab reads a block of frames from there. */
static haven_status h5md_seek_frame(haven_traj *t, long index)
{
    h5md *h = t->impl;
    if (index < 0 || (hsize_t)index > h->n_frames)
        return haven_fail(HAVEN_ERR_ARG, "%s: no frame %ld (the file has %llu)", t->path,
                          index + 1, (unsigned long long)h->n_frames);
    h->next = (hsize_t)index;
    return HAVEN_OK;
}

static haven_status h5md_rewind(haven_traj *t)
{
    ((h5md *)t->impl)->next = 0;
    return HAVEN_OK;
}

static void h5md_close(haven_traj *t)
{
    h5md *h = t->impl;
    if (!h)
        return;
    haven_h5_trap_begin(&h->trap);
#ifdef HAVEN_H5MD_MPIO
    par_drain(h); /* closing is collective: no process may still wait in a read */
#endif
    slab_close(&h->pos_slab);
    slab_close(&h->image_slab);
    slab_close(&h->vel_slab);
    slab_close(&h->edges_slab);
    hid_t ds[] = {h->pos, h->image, h->vel, h->edges, h->step.ds, h->time.ds};
    for (size_t k = 0; k < sizeof ds / sizeof ds[0]; k++)
        if (ds[k] >= 0)
            H5Dclose(ds[k]);
    if (h->file >= 0)
        H5Fclose(h->file);
    if (h->dxpl != H5P_DEFAULT && h->dxpl >= 0)
        H5Pclose(h->dxpl);
    haven_h5_trap_end(&h->trap);
    free(h);
    t->impl = NULL;
}

#ifdef HAVEN_H5MD_MPIO
/* ---- parallel ops (reader.h, haven_reader_par) --------------------------- */

static haven_status h5md_par_open(haven_traj *t, const void *comm)
{
    h5md *h = h5md_new(t);
    if (!h)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    h->par.comm = *(const MPI_Comm *)comm;
    haven_h5_trap_begin(&h->trap);
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    h->dxpl = H5Pcreate(H5P_DATASET_XFER);
    haven_status s = HAVEN_OK;
    if (fapl < 0 || h->dxpl < 0 || H5Pset_fapl_mpio(fapl, h->par.comm, MPI_INFO_NULL) < 0 ||
        H5Pset_dxpl_mpio(h->dxpl, H5FD_MPIO_COLLECTIVE) < 0)
        s = haven_h5_fail(&h->trap, HAVEN_ERR_IO, "%s: cannot set up HDF5's MPI-IO driver",
                          t->path);
    if (s == HAVEN_OK)
        s = open_impl(t, h, fapl);
    if (s == HAVEN_OK) { /* the driver actually in use, for describe */
        hid_t ap = H5Fget_access_plist(h->file);
        h->par.mpio_driver = ap >= 0 && H5Pget_driver(ap) == H5FD_MPIO;
        if (ap >= 0)
            H5Pclose(ap);
    }
    if (fapl >= 0)
        H5Pclose(fapl);
    haven_h5_trap_end(&h->trap);
    return s;
}

/* The rounds: this process's count from its range, the most of any
 * process agreed on (the only communication besides HDF5's). */
static haven_status h5md_par_range(haven_traj *t, long first, long end, long block)
{
    h5md *h = t->impl;
    h5md_par *p = &h->par;
    haven_h5_trap_begin(&h->trap);
    par_drain(h);
    haven_h5_trap_end(&h->trap);
    haven_status s = HAVEN_OK;
    if (first < 0 || end < first || (hsize_t)end > h->n_frames) {
        s = haven_fail(HAVEN_ERR_ARG, "%s: no frames %ld..%ld (the file has %llu)", t->path,
                       first + 1, end, (unsigned long long)h->n_frames);
        first = end = 0; /* no rounds of its own, but in the count */
    }
    h5md_slab *sl[4];
    int k = par_slabs(h, sl);
    hsize_t b = block > 0                      ? (hsize_t)block
                : h->pos_slab.frame_bytes == 0 ? 1
                                               : H5MD_PAR_BLOCK_BYTES / h->pos_slab.frame_bytes;
    b = b < 1 ? 1 : b > h->n_frames ? h->n_frames : b;
    for (int j = 0; j < k; j++)
        if (!slab_grow(sl[j], b))
            b = sl[j]->cap > 0 && sl[j]->cap < b ? sl[j]->cap : b; /* no room: smaller rounds */
    p->first = (hsize_t)first;
    p->end = (hsize_t)end;
    p->block = b > 0 ? b : 1;
    p->mine = (long)((p->end - p->first + p->block - 1) / p->block);
    p->done = 0;
    if (MPI_Allreduce(&p->mine, &p->rounds, 1, MPI_LONG, MPI_MAX, p->comm) != MPI_SUCCESS)
        return haven_fail(HAVEN_ERR_IO, "%s: MPI_Allreduce failed", t->path);
    p->on = 1;
    h->next = p->first;
    return s;
}

static haven_status h5md_par_range_end(haven_traj *t)
{
    h5md *h = t->impl;
    haven_h5_trap_begin(&h->trap);
    haven_status s = par_drain(h) ? HAVEN_OK
                                  : haven_h5_fail(&h->trap, HAVEN_ERR_IO,
                                                  "%s: HDF5 collective read failed", t->path);
    haven_h5_trap_end(&h->trap);
    return s;
}

static void h5md_par_describe(haven_traj *t, char *buf, size_t cap)
{
    const h5md_par *p = &((h5md *)t->impl)->par;
    snprintf(buf, cap,
             "%s driver, %ld rounds of <= %llu frames (%ld with frames here): %ld reads "
             "collective, %ld independent, %ld empty",
             p->mpio_driver ? "MPI-IO (mpio)" : "not the MPI-IO", p->rounds,
             (unsigned long long)p->block, p->mine, p->n_coll, p->n_indep, p->n_empty);
}

static const haven_reader_par h5md_par_ops = {
    .open = h5md_par_open,
    .range = h5md_par_range,
    .range_end = h5md_par_range_end,
    .describe = h5md_par_describe,
};
#endif

const haven_reader_ops haven_reader_h5md = {
    .name = "h5md",
    .format = HAVEN_FMT_H5MD,
    .probe = haven_probe_h5md,
    .open = h5md_open,
    .read = h5md_read,
    .rewind = h5md_rewind,
    .count = h5md_count,
    .seek_frame = h5md_seek_frame,
    .close = h5md_close,
#ifdef HAVEN_H5MD_MPIO
    .par = &h5md_par_ops,
#endif
};
