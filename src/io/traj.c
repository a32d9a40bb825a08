/* The trajectory handle: format detection, dispatch to a reader, and the
 * per-atom metadata every reader shares. */
#include "io/reader.h"

#include "io/linereader.h"

#include "core/error.h"
#include "haven/elements.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <zlib.h>

/* No MD cell or path reaches 1e6 A (100 um): a coordinate beyond it (or
 * not finite after unit conversion) is a damaged file, reported here with
 * the file and frame rather than as a non-finite MSD far downstream. */
#define HAVEN_MAX_COORD_A 1e6

static const char *const format_names[] = {"auto", "xdatcar", "vasprun", "extxyz", "lammps",
                                           "h5md", "xyz",     "outcar",  "ase",    "xtc",
                                           "trr",  "dcd",     "npy",     "npz"};

const char *haven_format_name(haven_format f)
{
    return (f >= HAVEN_FMT_AUTO && f <= HAVEN_FMT_LAST) ? format_names[f] : "unknown";
}

haven_status haven_format_from_name(const char *name, haven_format *out)
{
    for (int f = HAVEN_FMT_XDATCAR; f <= HAVEN_FMT_LAST; f++)
        if (name && strcasecmp(name, format_names[f]) == 0) {
            *out = (haven_format)f;
            return HAVEN_OK;
        }
    if (name && !strcasecmp(name, "exyz"))
        return *out = HAVEN_FMT_EXTXYZ, HAVEN_OK;
    if (name && (!strcasecmp(name, "cp2k") || !strcasecmp(name, "traj")))
        return *out = !strcasecmp(name, "cp2k") ? HAVEN_FMT_XYZ : HAVEN_FMT_ASE_TRAJ, HAVEN_OK;
    if (name && (!strcasecmp(name, "dump") || !strcasecmp(name, "lammps-dump")))
        return *out = HAVEN_FMT_LAMMPS_DUMP, HAVEN_OK;
    return haven_fail(HAVEN_ERR_ARG,
                      "unknown format '%s' (expected xdatcar, vasprun, extxyz, lammps, h5md, "
                      "xyz, outcar, ase, xtc, trr, dcd, npy or npz)",
                      name ? name : "");
}

void haven_traj_options_init(haven_traj_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->format = HAVEN_FMT_AUTO;
}

/* First bytes of the (possibly gzip-compressed) file, NUL-terminated. */
static haven_status read_head(const char *path, char *buf, size_t cap, size_t *len)
{
    gzFile gz = gzopen(path, "rb");
    if (!gz)
        return haven_fail(HAVEN_ERR_IO, "%s: cannot open file", path);
    int n = gzread(gz, buf, (unsigned)(cap - 1));
    gzclose(gz);
    if (n < 0)
        return haven_fail(HAVEN_ERR_IO, "%s: cannot read file", path);
    buf[n] = '\0';
    *len = (size_t)n;
    if (n == 0)
        return haven_fail(HAVEN_ERR_FORMAT, "%s: file is empty (expected a trajectory)", path);
    return HAVEN_OK;
}

static haven_status detect(const char *path, const haven_reader_ops **ops)
{
    char head[8192];
    size_t len;
    haven_status s = read_head(path, head, sizeof head, &len);
    if (s != HAVEN_OK)
        return s;
    int best = 0;
    for (size_t i = 0; i < haven_n_readers; i++) {
        int score = haven_readers[i]->probe(head, len);
        if (score > best) {
            best = score;
            *ops = haven_readers[i];
        }
    }
    if (best == 0)
        return haven_fail(HAVEN_ERR_FORMAT,
                          "%s: unrecognised trajectory format (expected XDATCAR, vasprun.xml, "
                          "OUTCAR, (extended) XYZ, LAMMPS dump, H5MD, ASE .traj, XTC, TRR, DCD, "
                          ".npy or .npz; use --format to choose)",
                          path);
    return HAVEN_OK;
}

/* A directory opens and then fails to read ("read error"): say what it is. */
static haven_status check_not_directory(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return haven_fail(HAVEN_ERR_IO, "%s: is a directory, expected a trajectory file", path);
    return HAVEN_OK;
}

/* A trajectory of path with its options, no reader yet. */
static haven_status traj_new(const char *path, const haven_traj_options *opt, haven_traj **out)
{
    *out = NULL;
    if (!path)
        return haven_fail(HAVEN_ERR_ARG, "no trajectory path given");
    haven_traj *t = calloc(1, sizeof *t);
    if (!t)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    if (opt)
        t->opt = *opt;
    else
        haven_traj_options_init(&t->opt);
    t->path = strdup(path);
    t->types = t->opt.types ? strdup(t->opt.types) : NULL;
    t->opt.types = t->types;
    t->file_timestep = NAN;
    t->file_stride = -1;
    t->file_temperature = NAN;
    if (!t->path || (t->opt.types && !t->types)) {
        haven_traj_free(t);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    *out = t;
    return HAVEN_OK;
}

/* t opened by its reader, or freed. */
static haven_status traj_opened(haven_traj *t, haven_status s, haven_traj **out)
{
    if (s != HAVEN_OK) {
        haven_traj_free(t);
        return s;
    }
    *out = t;
    return HAVEN_OK;
}

haven_status haven_traj_open(const char *path, const haven_traj_options *opt, haven_traj **out)
{
    haven_traj *t;
    haven_status s = traj_new(path, opt, &t);
    if (s != HAVEN_OK)
        return s;
    *out = NULL;
    s = check_not_directory(path);
    if (s == HAVEN_OK && t->opt.format == HAVEN_FMT_AUTO) {
        s = detect(path, &t->ops);
    } else if (s == HAVEN_OK) {
        for (size_t i = 0; i < haven_n_readers; i++)
            if (haven_readers[i]->format == t->opt.format)
                t->ops = haven_readers[i];
        if (!t->ops)
            s = haven_fail(HAVEN_ERR_ARG, "%s: unsupported format", path);
    }
    if (s == HAVEN_OK)
        s = t->ops->open(t);
    return traj_opened(t, s, out);
}

haven_status haven_traj_open_par(const char *path, const haven_traj_options *opt,
                                 const haven_reader_ops *ops, const void *comm, haven_traj **out)
{
    haven_traj *t;
    haven_status s = traj_new(path, opt, &t);
    if (s != HAVEN_OK)
        return s;
    *out = NULL;
    t->ops = ops;
    return traj_opened(t, ops->par->open(t, comm), out);
}

void haven_traj_free(haven_traj *t)
{
    if (!t)
        return;
    if (t->ops && t->ops->close)
        t->ops->close(t);
    free(t->path);
    free(t->types);
    free(t->species_names);
    free(t->atom_species);
    free(t->atom_mass);
    free(t->frame.pos);
    free(t->frame.image);
    free(t->frame.vel);
    free(t);
}

/* Unwrapped coordinate k of atom i: the position plus its image shift. */
static double unwrapped_coord(const haven_frame *f, size_t i, int k)
{
    double x = f->pos[i][k];
    if (f->coords == HAVEN_COORD_IMAGES && f->image)
        for (int j = 0; j < 3; j++)
            x += f->image[i][j] * f->cell[j][k];
    return x;
}

/* See HAVEN_MAX_COORD_A. Frames are numbered from 1, as in unwrap.c. */
static haven_status check_frame(const haven_traj *t)
{
    const haven_frame *f = &t->frame;
    const double lim = HAVEN_MAX_COORD_A * HAVEN_ANGSTROM;
    long frame = t->frames_read + 1;
    for (int j = 0; j < 3; j++)
        for (int k = 0; k < 3; k++)
            if (!(fabs(f->cell[j][k]) <= lim))
                return haven_fail(HAVEN_ERR_VALUE,
                                  "%s: frame %ld: cell vector %d has component %g A (expected a "
                                  "finite value within 1e6 A)",
                                  t->path, frame, j + 1, f->cell[j][k] / HAVEN_ANGSTROM);
    for (size_t i = 0; i < f->n_atoms; i++)
        for (int k = 0; k < 3; k++) {
            double x = unwrapped_coord(f, i, k);
            if (!(fabs(x) <= lim))
                return haven_fail(HAVEN_ERR_VALUE,
                                  "%s: frame %ld: atom %zu has coordinate %c = %g A (expected a "
                                  "finite value within 1e6 A)",
                                  t->path, frame, i + 1, "xyz"[k], x / HAVEN_ANGSTROM);
            if (f->vel && !isfinite(f->vel[i][k]))
                return haven_fail(HAVEN_ERR_VALUE,
                                  "%s: frame %ld: atom %zu has a non-finite velocity", t->path,
                                  frame, i + 1);
        }
    return HAVEN_OK;
}

haven_status haven_traj_read(haven_traj *t, const haven_frame **frame)
{
    *frame = NULL;
    haven_status s = t->ops->read(t);
    if (s == HAVEN_OK)
        s = check_frame(t);
    if (s != HAVEN_OK)
        return s;
    t->frame.index = t->frames_read++;
    *frame = &t->frame;
    return HAVEN_OK;
}

haven_status haven_traj_rewind(haven_traj *t)
{
    haven_status s = t->ops->rewind(t);
    if (s == HAVEN_OK)
        t->frames_read = 0;
    return s;
}

const char *haven_traj_path(const haven_traj *t)
{
    return t->path;
}
haven_format haven_traj_format(const haven_traj *t)
{
    return t->ops->format;
}
size_t haven_traj_n_atoms(const haven_traj *t)
{
    return t->n_atoms;
}
size_t haven_traj_n_species(const haven_traj *t)
{
    return t->n_species;
}
const char *haven_traj_species_name(const haven_traj *t, size_t k)
{
    return k < t->n_species ? t->species_names[k] : NULL;
}
int haven_traj_atom_species(const haven_traj *t, size_t i)
{
    return t->atom_species[i];
}
double haven_traj_atom_mass(const haven_traj *t, size_t i)
{
    return t->atom_mass[i];
}
double haven_traj_file_timestep(const haven_traj *t)
{
    return t->file_timestep;
}
long haven_traj_file_stride(const haven_traj *t)
{
    return t->file_stride;
}
double haven_traj_file_temperature(const haven_traj *t)
{
    return t->file_temperature;
}

haven_status haven_traj_set_atoms(haven_traj *t, size_t n, const char *const *symbols)
{
    if (n == 0)
        return haven_fail(HAVEN_ERR_FORMAT, "%s: no atoms", t->path);
    free(t->species_names);
    free(t->atom_species);
    free(t->atom_mass);
    t->species_names = NULL;
    t->n_species = 0;
    t->atom_species = calloc(n, sizeof *t->atom_species);
    t->atom_mass = calloc(n, sizeof *t->atom_mass);
    if (!t->atom_species || !t->atom_mass)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    t->n_atoms = n;
    for (size_t i = 0; i < n; i++) {
        double m = haven_element_mass(symbols[i]);
        if (m <= 0)
            return haven_fail(HAVEN_ERR_FORMAT, "%s: atom %zu: unknown element '%s'", t->path,
                              i + 1, symbols[i]);
        t->atom_mass[i] = m;
        size_t k = 0;
        while (k < t->n_species && strcmp(t->species_names[k], symbols[i]) != 0)
            k++;
        if (k == t->n_species) {
            void *p = realloc(t->species_names, (k + 1) * sizeof *t->species_names);
            if (!p)
                return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
            t->species_names = p;
            snprintf(t->species_names[k], HAVEN_SPECIES_NAME_MAX, "%s", symbols[i]);
            t->n_species++;
        }
        t->atom_species[i] = (int)k;
    }
    return HAVEN_OK;
}

haven_status haven_traj_alloc_frame(haven_traj *t, int with_vel, int with_image)
{
    size_t n = t->n_atoms;
    haven_frame *f = &t->frame;
    free(f->pos);
    free(f->vel);
    free(f->image);
    memset(f, 0, sizeof *f);
    f->n_atoms = n;
    f->pos = calloc(n, sizeof *f->pos);
    f->vel = with_vel ? calloc(n, sizeof *f->vel) : NULL;
    f->image = with_image ? calloc(n, sizeof *f->image) : NULL;
    f->time = NAN;
    f->step = -1;
    if (!f->pos || (with_vel && !f->vel) || (with_image && !f->image))
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory for %zu atoms", n);
    return HAVEN_OK;
}

haven_status haven_traj_type_symbol(const haven_traj *t, long type, const char **symbol)
{
    static _Thread_local char sym[HAVEN_SPECIES_NAME_MAX];
    const char *p = t->types;
    while (p && *p) {
        char *end;
        long k = strtol(p, &end, 10);
        if (end != p && *end == '=') {
            const char *s = end + 1;
            size_t len = strcspn(s, ",");
            if (k == type && len > 0 && len < sizeof sym) {
                memcpy(sym, s, len);
                sym[len] = '\0';
                while (len > 0 && isspace((unsigned char)sym[len - 1]))
                    sym[--len] = '\0';
                *symbol = sym;
                return HAVEN_OK;
            }
            p = s + len;
        } else {
            return haven_fail(HAVEN_ERR_ARG, "bad --types entry near '%s' (expected 1=Li,2=Cl)", p);
        }
        if (*p == ',')
            p++;
    }
    return haven_fail(HAVEN_ERR_FORMAT,
                      "%s: atom type %ld has no element (give --types %ld=Element or an element "
                      "column)",
                      t->path, type, type);
}

/* The index grows by doubling: its size is known only at the end. */
static haven_status index_push(haven_frame_pos **pos, size_t *n, size_t *cap,
                               const haven_frame_pos *p)
{
    if (*n == *cap) {
        size_t c = *cap ? 2 * *cap : 1024;
        haven_frame_pos *q = realloc(*pos, c * sizeof *q);
        if (!q)
            return haven_fail(HAVEN_ERR_NOMEM, "out of memory for an index of %zu frames", c);
        *pos = q;
        *cap = c;
    }
    (*pos)[(*n)++] = *p;
    return HAVEN_OK;
}

static haven_status index_by_count(haven_traj *t, haven_frame_pos **pos, size_t *n)
{
    long count = t->ops->count(t);
    if (count <= 0)
        return HAVEN_OK;
    if (!(*pos = malloc((size_t)count * sizeof **pos)))
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory for an index of %ld frames", count);
    for (long k = 0; k < count; k++)
        (*pos)[k] = (haven_frame_pos){(unsigned long long)k, -1};
    *n = (size_t)count;
    return HAVEN_OK;
}

haven_status haven_traj_index(haven_traj *t, haven_frame_pos **pos, size_t *n)
{
    *pos = NULL;
    *n = 0;
    if (t->ops->count && t->ops->seek_frame) /* random access: the frame numbers */
        return index_by_count(t, pos, n);
    if (!t->ops->skip || !t->ops->linereader)
        return HAVEN_OK;
    struct haven_linereader *lr = t->ops->linereader(t);
    size_t cap = 0;
    haven_frame_pos p;
    haven_status s = haven_traj_rewind(t);
    while (s == HAVEN_OK) {
        if (!haven_lr_tell(lr, &p.offset, &p.lineno)) {
            s = HAVEN_NO_INDEX;
            break;
        }
        if ((s = t->ops->skip(t)) == HAVEN_OK)
            s = index_push(pos, n, &cap, &p);
    }
    if (s == HAVEN_EOF)
        s = haven_traj_rewind(t);
    if (s != HAVEN_OK) {
        free(*pos);
        *pos = NULL;
        *n = 0;
        if (s == HAVEN_NO_INDEX) /* not an error: the caller reads the whole file */
            s = haven_traj_rewind(t);
    }
    return s;
}

haven_status haven_traj_seek(haven_traj *t, const haven_frame_pos *p, long index)
{
    if (t->ops->seek_frame) {
        haven_status s = t->ops->seek_frame(t, index);
        if (s == HAVEN_OK)
            t->frames_read = index;
        return s;
    }
    if (!t->ops->linereader)
        return haven_fail(HAVEN_ERR_ARG, "%s: %s files cannot be read from a frame on", t->path,
                          t->ops->name);
    haven_status s = haven_lr_seek(t->ops->linereader(t), p->offset, p->lineno);
    if (s == HAVEN_OK)
        t->frames_read = index;
    return s;
}

/* Leave t's line reader at the first line at or after byte `begin`
 * (begin > 0) that starts a frame, its offset in *at, lines counted from
 * there; HAVEN_EOF when none starts before `end`. */
static haven_status find_frame_start(haven_traj *t, unsigned long long begin,
                                     unsigned long long end, unsigned long long *at)
{
    struct haven_linereader *lr = t->ops->linereader(t);
    char *line;
    size_t len;
    long lineno;
    /* From the byte before begin, past its line's end: the first line that
     * starts at or after begin. */
    haven_status s = haven_lr_seek(lr, begin - 1, 0);
    if (s == HAVEN_OK)
        s = haven_lr_next(lr, &line, &len);
    while (s == HAVEN_OK) {
        if (!haven_lr_tell(lr, at, &lineno))
            return HAVEN_NO_INDEX;
        if (*at >= end)
            return HAVEN_EOF;
        if ((s = haven_lr_next(lr, &line, &len)) == HAVEN_OK && t->ops->frame_start(t, line))
            return haven_lr_seek(lr, *at, 0);
    }
    return s;
}

haven_status haven_traj_index_part(haven_traj *t, unsigned long long begin, unsigned long long end,
                                   haven_frame_pos **pos, size_t *n, unsigned long long *first,
                                   unsigned long long *stop, long *lines)
{
    *pos = NULL;
    *n = 0;
    *first = *stop = end;
    *lines = 0;
    if (!t->ops->frame_start || !t->ops->linereader)
        return HAVEN_NO_INDEX;
    struct haven_linereader *lr = t->ops->linereader(t);
    /* The first part starts where the reader does after a rewind (past an
     * XDATCAR's header), its line numbers counted from the file's start. */
    long lineno;
    haven_status s = begin == 0 ? haven_traj_rewind(t) : find_frame_start(t, begin, end, first);
    if (s == HAVEN_OK && begin == 0 && !haven_lr_tell(lr, first, &lineno))
        s = HAVEN_NO_INDEX;
    size_t cap = 0;
    haven_frame_pos p;
    while (s == HAVEN_OK) {
        if (!haven_lr_tell(lr, &p.offset, &p.lineno)) {
            s = HAVEN_NO_INDEX;
            break;
        }
        *stop = p.offset;
        *lines = p.lineno;
        if (p.offset >= end) /* the next part's frame */
            break;
        if ((s = t->ops->skip(t)) == HAVEN_OK)
            s = index_push(pos, n, &cap, &p);
    }
    if (s == HAVEN_EOF)
        s = HAVEN_OK;
    if (s == HAVEN_OK)
        s = haven_traj_rewind(t);
    if (s != HAVEN_OK) {
        free(*pos);
        *pos = NULL;
        *n = 0;
    }
    return s;
}
