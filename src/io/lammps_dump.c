/* LAMMPS text dump (`dump custom` / `dump atom`-like headers).
 *
 * Per frame: ITEM: TIMESTEP, ITEM: NUMBER OF ATOMS, ITEM: BOX BOUNDS
 * (orthogonal or triclinic "xy xz yz"), ITEM: ATOMS <columns>, rows in any
 * order (sorted by id when there is an id column). Optional ITEM: TIME and
 * ITEM: UNITS (dump_modify time/units yes). Units are `metal` (A, ps, A/ps)
 * unless ITEM: UNITS says `real` (A, fs, A/fs). Coordinates: xu yu zu or
 * xsu ysu zsu -> unwrapped; x y z or xs ys zs with ix iy iz -> images;
 * without image flags -> wrapped. */
#include "io/cellmath.h"
#include "io/columns.h"
#include "io/grow.h"
#include "io/parse.h"
#include "io/reader.h"
#include "io/rows.h"

#include "core/error.h"
#include "haven/elements.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Numeric slots of the columns the reader uses. */
enum { SL_ID = 0, SL_TYPE = 1, SL_POS = 2, SL_IMG = 5, SL_VEL = 8 };
/* Coordinate families, in order of preference. */
enum { FAM_NONE = -1, FAM_XU, FAM_XSU, FAM_X, FAM_XS, N_FAM };
static const char *const fam_suffix[N_FAM] = {"u", "su", "", "s"};
/* Bytes of the shortest atom row: three coordinate columns, "0 0 0\n". */
#define DUMP_MIN_ROW 6

typedef struct {
    int family, has_id, has_type, has_element, has_image, has_vel;
} dump_layout;

typedef struct {
    haven_linereader *lr;
    haven_columns cols;
    dump_layout lay, first_lay;
    double cell_A[3][3], origin_A[3];
    double time_unit, vel_unit; /* s per time unit, m/s per velocity unit */
    long n_rows;
    long *ids;     /* sorted ids of frame 1 (with an id column) */
    int ids_dense; /* ids are exactly 1..N */
    long *types;   /* per atom type in frame 1 (with a type column) */
    unsigned char *seen;
    size_t *row_atom; /* the fast path's atom index of each row */
    haven_traj *t;    /* for the row function */
    char mark[32];    /* frame 1's first line (when short): how every frame starts */
} lammps;

static int item_is(const char *line, const char *name)
{
    size_t n = strlen(name);
    return !strncmp(line, name, n) && (line[n] == '\0' || haven_is_space(line[n]));
}

/* Column role of one ATOMS header word: sets slot and layout bits. */
static int column_slot(const char *w, size_t n, dump_layout *lay, int fam_col[N_FAM][3])
{
    if (n == 2 && !strncmp(w, "id", 2))
        return lay->has_id = 1, SL_ID;
    if (n == 4 && !strncmp(w, "type", 4))
        return lay->has_type = 1, SL_TYPE;
    if (n == 7 && !strncmp(w, "element", 7))
        return lay->has_element = 1, HAVEN_COL_TEXT;
    if (n == 2 && (w[0] == 'i' || w[0] == 'v') && w[1] >= 'x' && w[1] <= 'z') {
        if (w[0] == 'i')
            lay->has_image |= 1 << (w[1] - 'x');
        else
            lay->has_vel |= 1 << (w[1] - 'x');
        return (w[0] == 'i' ? SL_IMG : SL_VEL) + (w[1] - 'x');
    }
    if (n >= 1 && w[0] >= 'x' && w[0] <= 'z')
        for (int f = 0; f < N_FAM; f++)
            if (n - 1 == strlen(fam_suffix[f]) && !strncmp(w + 1, fam_suffix[f], n - 1))
                fam_col[f][w[0] - 'x'] = -2; /* marked; resolved by the caller */
    return HAVEN_COL_SKIP;
}

/* "ITEM: ATOMS id type x y z ..." -> column slots and layout. */
static haven_status parse_atoms_header(lammps *x, const char *line)
{
    int fam_col[N_FAM][3];
    memset(fam_col, -1, sizeof fam_col);
    memset(&x->lay, 0, sizeof x->lay);
    haven_columns_init(&x->cols, 0);
    haven_columns_batched(&x->cols); /* (batch_range) */
    int col = 0;
    for (const char *p = haven_skip_space(line + strlen("ITEM: ATOMS")); *p;
         p = haven_skip_space(p), col++) {
        const char *e = haven_token_end(p);
        if (col == HAVEN_MAX_COLUMNS)
            return haven_lr_fail(x->lr, HAVEN_ERR_FORMAT, "more than %d columns",
                                 HAVEN_MAX_COLUMNS);
        int slot = column_slot(p, (size_t)(e - p), &x->lay, fam_col);
        for (int f = 0; f < N_FAM; f++)
            for (int k = 0; k < 3; k++)
                if (fam_col[f][k] == -2)
                    fam_col[f][k] = col;
        if (slot != HAVEN_COL_SKIP)
            haven_columns_set(&x->cols, col, slot);
        p = e;
    }
    x->cols.n_columns = col;
    x->lay.family = FAM_NONE;
    for (int f = N_FAM - 1; f >= 0; f--)
        if (fam_col[f][0] >= 0 && fam_col[f][1] >= 0 && fam_col[f][2] >= 0)
            x->lay.family = f;
    if (x->lay.family == FAM_NONE)
        return haven_lr_fail(x->lr, HAVEN_ERR_FORMAT,
                             "no coordinate columns (expected x y z, xu yu zu, xs ys zs or "
                             "xsu ysu zsu)");
    for (int k = 0; k < 3; k++)
        haven_columns_set(&x->cols, fam_col[x->lay.family][k], SL_POS + k);
    x->lay.has_image = x->lay.has_image == 7 && x->lay.family >= FAM_X;
    x->lay.has_vel = x->lay.has_vel == 7;
    return HAVEN_OK;
}

/* The three BOX BOUNDS lines -> lattice rows and origin (Angstrom), per the
 * LAMMPS triclinic convention: bounds enclose the tilted box. */
static haven_status parse_box(lammps *x, const char *item)
{
    int tri = strstr(item, "xy") != NULL;
    double b[3][3] = {{0}};
    if (strstr(item, "abc"))
        return haven_lr_fail(x->lr, HAVEN_ERR_FORMAT,
                             "general triclinic boxes (BOX BOUNDS abc origin) are not supported");
    for (int i = 0; i < 3; i++) {
        char *line;
        haven_status s = haven_lr_expect(x->lr, &line, "box bounds");
        const char *p = line;
        if (s == HAVEN_OK)
            s = haven_lr_doubles(x->lr, &p, b[i], tri ? 3 : 2);
        if (s != HAVEN_OK)
            return s;
    }
    double xy = b[0][2], xz = b[1][2], yz = b[2][2];
    double xlo = b[0][0] - fmin(fmin(0, xy), fmin(xz, xy + xz));
    double xhi = b[0][1] - fmax(fmax(0, xy), fmax(xz, xy + xz));
    double ylo = b[1][0] - fmin(0, yz), yhi = b[1][1] - fmax(0, yz);
    double c[3][3] = {{xhi - xlo, 0, 0}, {xy, yhi - ylo, 0}, {xz, yz, b[2][1] - b[2][0]}};
    memcpy(x->cell_A, c, sizeof c);
    x->origin_A[0] = xlo;
    x->origin_A[1] = ylo;
    x->origin_A[2] = b[2][0];
    return HAVEN_OK;
}

/* The value line after an ITEM (TIMESTEP, TIME, NUMBER OF ATOMS, UNITS). */
static haven_status item_value(lammps *x, const char *what, double *v, long *l)
{
    char *line;
    haven_status s = haven_lr_expect(x->lr, &line, what);
    const char *p = line;
    if (s == HAVEN_OK)
        s = v ? haven_lr_doubles(x->lr, &p, v, 1) : haven_lr_long(x->lr, &p, l);
    return s;
}

static haven_status parse_units(lammps *x)
{
    char *line;
    haven_status s = haven_lr_expect(x->lr, &line, "units style");
    if (s != HAVEN_OK)
        return s; /* line is not set at the end of the file */
    const char *u = haven_skip_space(line);
    if (item_is(u, "metal"))
        x->time_unit = HAVEN_PS, x->vel_unit = HAVEN_ANGSTROM / HAVEN_PS;
    else if (item_is(u, "real"))
        x->time_unit = HAVEN_FS, x->vel_unit = HAVEN_ANGSTROM / HAVEN_FS;
    else
        return haven_lr_fail(x->lr, HAVEN_ERR_FORMAT, "units '%.20s' not supported (metal or real)",
                             u);
    return HAVEN_OK;
}

/* ITEM: NUMBER OF ATOMS: positive, the first frame's in later frames, and
 * within what the rest of the file can hold before it sizes anything. */
static haven_status read_count(const haven_traj *t, lammps *x)
{
    haven_status s = item_value(x, "number of atoms", NULL, &x->n_rows);
    if (s == HAVEN_OK && x->n_rows <= 0)
        s = haven_lr_fail(x->lr, HAVEN_ERR_FORMAT, "number of atoms must be positive, found %ld",
                          x->n_rows);
    else if (s == HAVEN_OK && t->n_atoms > 0 && (size_t)x->n_rows != t->n_atoms)
        s = haven_lr_fail(x->lr, HAVEN_ERR_FORMAT,
                          "inconsistent atom count: %ld (first frame: %zu)", x->n_rows, t->n_atoms);
    else if (s == HAVEN_OK && t->n_atoms == 0)
        s = haven_lr_check_count(x->lr, "number of atoms", (unsigned long long)x->n_rows,
                                 DUMP_MIN_ROW);
    return s;
}

/* One header item (its value lines follow). *atoms is set at ITEM: ATOMS. */
static haven_status read_item(haven_traj *t, lammps *x, const char *line, int *have, int *atoms)
{
    double v;
    haven_status s = HAVEN_OK;
    if (item_is(line, "ITEM: TIMESTEP")) {
        s = item_value(x, "timestep", NULL, &t->frame.step);
    } else if (item_is(line, "ITEM: TIME")) {
        if ((s = item_value(x, "time", &v, NULL)) == HAVEN_OK)
            t->frame.time = v * x->time_unit;
    } else if (item_is(line, "ITEM: UNITS")) {
        s = parse_units(x);
    } else if (item_is(line, "ITEM: NUMBER OF ATOMS")) {
        s = read_count(t, x);
        *have |= 1;
    } else if (item_is(line, "ITEM: BOX BOUNDS")) {
        s = parse_box(x, line);
        *have |= 2;
    } else if (item_is(line, "ITEM: ATOMS")) {
        *atoms = 1;
    } else {
        s = haven_lr_fail(x->lr, HAVEN_ERR_FORMAT, "expected an 'ITEM:' header line, found '%.40s'",
                          line);
    }
    return s;
}

/* Header items of one frame, up to and including ITEM: ATOMS. Returns
 * HAVEN_EOF when the file ends before a new frame starts. */
static haven_status read_items(haven_traj *t, lammps *x)
{
    int started = 0, have = 0, atoms = 0;
    char *line;
    size_t len;
    t->frame.time = NAN;
    t->frame.step = -1;
    while (!atoms) {
        haven_status s = haven_lr_next(x->lr, &line, &len);
        if (s == HAVEN_EOF && !started)
            return HAVEN_EOF;
        if (s == HAVEN_EOF)
            return haven_lr_expect(x->lr, &line, "ITEM: ATOMS (truncated frame?)");
        if (s != HAVEN_OK)
            return s;
        if (!started && haven_line_blank(line))
            continue;
        if (!started && !x->mark[0] && strlen(line) < sizeof x->mark)
            snprintf(x->mark, sizeof x->mark, "%s", line);
        started = 1;
        if ((s = read_item(t, x, line, &have, &atoms)) != HAVEN_OK)
            return s;
    }
    if (have != 3)
        return haven_lr_fail(x->lr, HAVEN_ERR_FORMAT, "ITEM: ATOMS before %s",
                             have & 1 ? "ITEM: BOX BOUNDS (missing cell)"
                                      : "ITEM: NUMBER OF ATOMS");
    return parse_atoms_header(x, line);
}

/* Row of atom `id` in haven's order (frame 1 sorted by id). */
static haven_status atom_index(const haven_traj *t, const lammps *x, long id, size_t *idx)
{
    if (x->ids_dense && id >= 1 && (size_t)id <= t->n_atoms) {
        *idx = (size_t)id - 1;
        return HAVEN_OK;
    }
    size_t lo = 0, hi = x->ids_dense ? 0 : t->n_atoms;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x->ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < t->n_atoms && !x->ids_dense && x->ids[lo] == id) {
        *idx = lo;
        return HAVEN_OK;
    }
    return haven_lr_fail(x->lr, HAVEN_ERR_FORMAT, "atom id %ld is not in the first frame", id);
}

static inline haven_status store_row(haven_traj *t, const lammps *x, size_t i, const double *v)
{
    haven_frame *f = &t->frame;
    if (x->lay.family == FAM_XS || x->lay.family == FAM_XSU) {
        haven_frac_to_cart(x->cell_A, v + SL_POS, 1.0, f->pos[i]);
        for (int k = 0; k < 3; k++)
            f->pos[i][k] = (f->pos[i][k] + x->origin_A[k]) * HAVEN_ANGSTROM;
    } else {
        for (int k = 0; k < 3; k++)
            f->pos[i][k] = v[SL_POS + k] * HAVEN_ANGSTROM;
    }
    for (int k = 0; k < 3 && x->lay.has_vel; k++)
        f->vel[i][k] = v[SL_VEL + k] * x->vel_unit;
    for (int k = 0; k < 3 && x->lay.has_image; k++) {
        long img;
        haven_status s = haven_columns_integer(x->lr, v[SL_IMG + k], "image flag", &img);
        if (s == HAVEN_OK && (img < INT_MIN || img > INT_MAX))
            s = haven_lr_fail(x->lr, HAVEN_ERR_VALUE, "image flag %ld out of range", img);
        if (s != HAVEN_OK)
            return s;
        f->image[i][k] = (int)img;
    }
    return HAVEN_OK;
}

/* Type / element of a row must match frame 1. */
static inline haven_status check_species(const haven_traj *t, const lammps *x, size_t i,
                                         const double *v, const char *el, size_t el_len)
{
    if (x->lay.has_type && v[SL_TYPE] != (double)x->types[i])
        return haven_lr_fail(x->lr, HAVEN_ERR_FORMAT, "atom %zu has type %g, but %ld in frame 1",
                             i + 1, v[SL_TYPE], x->types[i]);
    if (x->lay.has_element) {
        char sym[HAVEN_SPECIES_NAME_MAX];
        haven_label_to_symbol(el, el_len, sym, sizeof sym);
        if (strcmp(sym, t->species_names[t->atom_species[i]]))
            return haven_lr_fail(x->lr, HAVEN_ERR_FORMAT, "atom %zu is %s, but %s in frame 1",
                                 i + 1, sym, t->species_names[t->atom_species[i]]);
    }
    return HAVEN_OK;
}

/* The checks and stores of read_rows() for the values v of row r of a
 * block (rows.h), with duplicates found afterwards from row_atom: 0 where
 * the row needs the line-by-line path. */
static inline int take_row(lammps *x, const double *v, const char *el, size_t el_len, size_t r)
{
    const haven_traj *t = x->t;
    size_t i = r;
    if (x->lay.has_id) {
        /* ids are integral doubles below 2^53 (haven_columns_integer's
         * test: within the range, truncation keeps exactly the integers) */
        if (!(fabs(v[SL_ID]) < 9e15) || (double)(long)v[SL_ID] != v[SL_ID])
            return 0;
        long id = (long)v[SL_ID];
        if (x->ids_dense && id >= 1 && (size_t)id <= t->n_atoms)
            i = (size_t)id - 1;
        else if (atom_index(t, x, id, &i) != HAVEN_OK)
            return 0;
    }
    x->row_atom[r] = i;
    return check_species(t, x, i, v, el, el_len) == HAVEN_OK &&
           store_row(x->t, x, i, v) == HAVEN_OK;
}

/* Rows a range parses before it takes them. */
#define BATCH 16

/* Rows of a block (rows.h), BATCH at a time: all parsed first, then all
 * taken, so that the parses - long chains of dependent instructions, but
 * independent of each other - overlap in the processor, where a row's
 * checks and stores between them would hold each one up. */
static const char *batch_range(void *ctx, const char *p, const char *end, size_t row0, size_t n,
                               size_t *done)
{
    lammps *x = ctx;
    const char *start[BATCH + 1], *el[BATCH];
    size_t el_len[BATCH], r = 0, k;
    double v[BATCH][SL_VEL + 3];
    while (r < n && (k = haven_line_starts(p, end, n - r < BATCH ? n - r : BATCH, start)) > 0) {
        for (size_t j = 0; j < k; j++) {
            el[j] = "";
            el_len[j] = 0;
            if (!haven_columns_row_fast(&x->cols, start[j], v[j], &el[j], &el_len[j]))
                return NULL;
        }
        for (size_t j = 0; j < k; j++)
            if (!take_row(x, v[j], el[j], el_len[j], row0 + r + j))
                return NULL;
        r += k;
        p = start[k];
    }
    *done = r;
    return p;
}

/* The frame's rows (haven_rows_read); 0 (nothing consumed) when they are
 * not all there or a row needs the line-by-line path. Two rows
 * with one id may both have written that atom; the serial pass then
 * rewrites the frame and reports them. */
static int read_rows_fast(haven_traj *t, lammps *x)
{
    size_t len;
    x->t = t;
    const char *first;
    if (haven_lr_peek(x->lr, &first, &len))
        haven_columns_sample(&x->cols, first, len);
    if (!x->row_atom || !haven_rows_read_ranges(x->lr, t->n_atoms, batch_range, x, &len))
        return 0;
    memset(x->seen, 0, t->n_atoms);
    for (size_t r = 0; r < t->n_atoms; r++)
        if (x->seen[x->row_atom[r]]++)
            return 0;
    haven_lr_consume(x->lr, t->n_atoms, len);
    return 1;
}

static haven_status read_rows(haven_traj *t, lammps *x)
{
    if (read_rows_fast(t, x))
        return HAVEN_OK;
    memset(x->seen, 0, t->n_atoms);
    for (size_t r = 0; r < t->n_atoms; r++) {
        char *line;
        const char *el = "";
        size_t el_len = 0, i = r;
        double v[SL_VEL + 3];
        long id = (long)r + 1;
        haven_status s = haven_lr_expect(x->lr, &line, "atom row (truncated frame?)");
        if (s == HAVEN_OK)
            s = haven_columns_row(x->lr, &x->cols, line, v, &el, &el_len);
        if (s == HAVEN_OK && x->lay.has_id &&
            (s = haven_columns_integer(x->lr, v[SL_ID], "atom id", &id)) == HAVEN_OK)
            s = atom_index(t, x, id, &i);
        if (s == HAVEN_OK && x->seen[i]++)
            s = haven_lr_fail(x->lr, HAVEN_ERR_FORMAT, "atom id %ld appears twice in a frame", id);
        if (s == HAVEN_OK)
            s = check_species(t, x, i, v, el, el_len);
        if (s == HAVEN_OK)
            s = store_row(t, x, i, v);
        if (s != HAVEN_OK)
            return s;
    }
    return HAVEN_OK;
}

static haven_status lammps_read(haven_traj *t)
{
    lammps *x = t->impl;
    haven_status s = read_items(t, x);
    if (s != HAVEN_OK)
        return s;
    if (memcmp(&x->lay, &x->first_lay, sizeof x->lay))
        return haven_lr_fail(x->lr, HAVEN_ERR_FORMAT, "ATOMS columns differ from the first frame");
    if ((s = haven_cell_store(x->lr, x->cell_A, t->frame.cell)) != HAVEN_OK)
        return s;
    t->frame.coords = x->lay.family == FAM_XU || x->lay.family == FAM_XSU ? HAVEN_COORD_UNWRAPPED
                      : x->lay.has_image                                  ? HAVEN_COORD_IMAGES
                                                                          : HAVEN_COORD_WRAPPED;
    return read_rows(t, x);
}

/* The next frame's header, its rows passed over (an index of frames). */
static haven_status lammps_skip(haven_traj *t)
{
    lammps *x = t->impl;
    haven_status s = read_items(t, x);
    if (s == HAVEN_OK && memcmp(&x->lay, &x->first_lay, sizeof x->lay))
        s = haven_lr_fail(x->lr, HAVEN_ERR_FORMAT, "ATOMS columns differ from the first frame");
    return s == HAVEN_OK ? haven_lr_skip(x->lr, t->n_atoms, "atom row (truncated frame?)") : s;
}

static struct haven_linereader *lammps_linereader(haven_traj *t)
{
    return ((lammps *)t->impl)->lr;
}

/* Every frame starts with the line frame 1 starts with ("ITEM: TIMESTEP",
 * or "ITEM: UNITS"...); no atom row is such a line. */
static int lammps_frame_start(haven_traj *t, const char *line)
{
    const lammps *x = t->impl;
    return x->mark[0] && !strcmp(line, x->mark);
}

/* Frame 1 row as read for the atom table: id, type and element label. */
typedef struct {
    long id, type;
    char sym[HAVEN_SPECIES_NAME_MAX];
} first_row;

static int by_id(const void *a, const void *b)
{
    long x = ((const first_row *)a)->id, y = ((const first_row *)b)->id;
    return (x > y) - (x < y);
}

/* Frame 1's rows into *rows, grown as they arrive (never sized from the
 * NUMBER OF ATOMS line alone: compressed input has no size to check it
 * against). */
static haven_status read_first_rows(haven_traj *t, lammps *x, first_row **out)
{
    size_t cap = 0;
    for (long r = 0; r < x->n_rows; r++) {
        char *line;
        const char *el = "";
        size_t el_len = 0;
        double v[SL_VEL + 3];
        first_row *rows = haven_grow(*out, &cap, (size_t)r + 1, sizeof *rows);
        if (!rows)
            return haven_lr_fail(x->lr, HAVEN_ERR_NOMEM, "out of memory for %ld atoms", r + 1);
        *out = rows;
        haven_status s = haven_lr_expect(x->lr, &line, "atom row (truncated frame?)");
        if (s == HAVEN_OK)
            s = haven_columns_row(x->lr, &x->cols, line, v, &el, &el_len);
        rows[r].id = r + 1;
        rows[r].type = 0;
        if (s == HAVEN_OK && x->lay.has_id)
            s = haven_columns_integer(x->lr, v[SL_ID], "atom id", &rows[r].id);
        if (s == HAVEN_OK && x->lay.has_type)
            s = haven_columns_integer(x->lr, v[SL_TYPE], "atom type", &rows[r].type);
        const char *sym = NULL;
        if (s == HAVEN_OK && x->lay.has_element)
            haven_label_to_symbol(el, el_len, rows[r].sym, sizeof rows[r].sym);
        else if (s == HAVEN_OK && x->lay.has_type &&
                 (s = haven_traj_type_symbol(t, rows[r].type, &sym)) == HAVEN_OK)
            snprintf(rows[r].sym, sizeof rows[r].sym, "%s", sym);
        else if (s == HAVEN_OK)
            s = haven_lr_fail(x->lr, HAVEN_ERR_FORMAT, "no element or type column");
        if (s == HAVEN_OK && haven_element_mass(rows[r].sym) <= 0)
            s = haven_lr_fail(x->lr, HAVEN_ERR_FORMAT, "unknown element '%s'", rows[r].sym);
        if (s != HAVEN_OK)
            return s;
    }
    return HAVEN_OK;
}

/* Atom table from frame 1 sorted by id: ids, types, species. */
static haven_status build_atoms(haven_traj *t, lammps *x, first_row *rows)
{
    size_t n = (size_t)x->n_rows; /* rows read, not just counted */
    qsort(rows, n, sizeof *rows, by_id);
    const char **sym = calloc(n, sizeof *sym);
    x->ids = calloc(n, sizeof *x->ids);
    x->types = calloc(n, sizeof *x->types);
    x->seen = calloc(n, 1);
    x->row_atom = malloc(n * sizeof *x->row_atom); /* optional: no fast path without */
    if (!sym || !x->ids || !x->types || !x->seen) {
        free(sym);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory for %zu atoms", n);
    }
    x->ids_dense = 1;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && rows[i].id == rows[i - 1].id) {
            free(sym);
            return haven_fail(HAVEN_ERR_FORMAT, "%s: atom id %ld appears twice in frame 1", t->path,
                              rows[i].id);
        }
        x->ids[i] = rows[i].id;
        x->types[i] = rows[i].type;
        x->ids_dense &= rows[i].id == (long)i + 1;
        sym[i] = rows[i].sym;
    }
    haven_status s = haven_traj_set_atoms(t, n, sym);
    free(sym);
    return s;
}

static haven_status scan_first_frame(haven_traj *t, lammps *x)
{
    haven_status s = read_items(t, x);
    if (s == HAVEN_EOF)
        return haven_lr_fail(x->lr, HAVEN_ERR_FORMAT, "no frames (empty file?)");
    if (s != HAVEN_OK)
        return s;
    first_row *rows = NULL;
    s = read_first_rows(t, x, &rows);
    if (s == HAVEN_OK)
        s = build_atoms(t, x, rows);
    free(rows);
    x->first_lay = x->lay;
    if (s == HAVEN_OK)
        s = haven_traj_alloc_frame(t, x->lay.has_vel, x->lay.has_image);
    return s == HAVEN_OK ? haven_lr_rewind(x->lr) : s;
}

static haven_status lammps_rewind(haven_traj *t)
{
    lammps *x = t->impl;
    return haven_lr_rewind(x->lr);
}

static void lammps_close(haven_traj *t)
{
    lammps *x = t->impl;
    if (x) {
        haven_lr_close(x->lr);
        free(x->ids);
        free(x->types);
        free(x->seen);
        free(x->row_atom);
    }
    free(x);
    t->impl = NULL;
}

static haven_status lammps_open(haven_traj *t)
{
    lammps *x = calloc(1, sizeof *x);
    if (!x)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    t->impl = x;
    x->time_unit = HAVEN_PS; /* units metal unless ITEM: UNITS says otherwise */
    x->vel_unit = HAVEN_ANGSTROM / HAVEN_PS;
    haven_status s = haven_lr_open(t->path, &x->lr);
    return s == HAVEN_OK ? scan_first_frame(t, x) : s;
}

/* A dump starts with an ITEM: line (TIMESTEP, or UNITS/TIME before it). */
static int lammps_probe(const char *head, size_t len)
{
    const char *p = head;
    while (p < head + len && (*p == '\n' || haven_is_space(*p)))
        p++;
    if (!strncmp(p, "ITEM: TIMESTEP", 14))
        return 95;
    return !strncmp(p, "ITEM: ", 6) && strstr(head, "ITEM: ATOMS") ? 80 : 0;
}

const haven_reader_ops haven_reader_lammps_dump = {
    .name = "lammps",
    .format = HAVEN_FMT_LAMMPS_DUMP,
    .probe = lammps_probe,
    .open = lammps_open,
    .read = lammps_read,
    .rewind = lammps_rewind,
    .close = lammps_close,
    .linereader = lammps_linereader,
    .skip = lammps_skip,
    .frame_start = lammps_frame_start,
};
