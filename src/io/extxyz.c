/* Extended XYZ (ASE / libAtoms): per frame an atom count line, a comment
 * line of key=value pairs, and one row per atom.
 *
 * Read: Lattice="ax ay az bx by bz cx cy cz" (required: plain XYZ has no
 * cell), Properties=name:type:count:... (default species:S:1:pos:R:3; the
 * species and pos columns are read, any other column is skipped), Time=
 * (fs), Step=, and the flag unwrapped=T (positions are continuous rather
 * than wrapped). Lengths are Angstrom. */
#include "io/cellmath.h"
#include "io/columns.h"
#include "io/parse.h"
#include "io/reader.h"
#include "io/rows.h"
#include "io/xyzframe.h"

#include "core/error.h"
#include "haven/elements.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { SLOT_X = 0 }; /* pos occupies numeric slots 0, 1, 2 */
/* Bytes of the shortest row: the species and pos columns are required,
 * "H 0 0 0\n". */
#define EXTXYZ_MIN_ROW 8

typedef struct {
    haven_linereader *lr;
    haven_columns cols;
    haven_traj *t; /* for the row function */
} extxyz;

/* Frame metadata gathered from the comment line. */
typedef struct {
    int have_cell, unwrapped, have_props;
    double cell_A[3][3];
    double time_fs;
    long step;
} comment_info;

/* Next key=value (or bare key) from a comment line; quoted values keep
 * their blanks. Returns 0 at the end of the line. */
static int next_pair(const char **p, char *key, size_t kcap, char *val, size_t vcap)
{
    const char *s = haven_skip_space(*p);
    if (!*s)
        return 0;
    size_t k = 0, v = 0;
    for (; *s && *s != '=' && !haven_is_space(*s); s++)
        if (k + 1 < kcap)
            key[k++] = *s;
    key[k] = '\0';
    if (*s == '=') {
        s++;
        char close = *s == '"' ? '"' : *s == '{' ? '}' : '\0';
        if (close)
            s++;
        for (; *s && (close ? *s != close : !haven_is_space(*s)); s++)
            if (v + 1 < vcap)
                val[v++] = *s;
        if (close && *s)
            s++;
    } else {
        val[v++] = 'T'; /* a bare key is a true flag */
    }
    val[v] = '\0';
    *p = s;
    return 1;
}

/* Columns of one Properties entry (name:type:count): a type of S, R, I or
 * L and a count that keeps the columns within HAVEN_MAX_COLUMNS. */
static haven_status property_columns(const haven_linereader *lr, const char *name, const char *type,
                                     const char *count, int col, int *n)
{
    long v = 0;
    const char *p = count;
    if (!type || strlen(type) != 1 || !strchr("SRIL", type[0]))
        return haven_lr_fail(lr, HAVEN_ERR_FORMAT,
                             "Properties entry '%s' has type '%s' (expected S, R, I or L)", name,
                             type ? type : "");
    if (!count || haven_parse_long(&p, &v) != HAVEN_PARSE_OK || v <= 0 ||
        v > HAVEN_MAX_COLUMNS - col)
        return haven_lr_fail(lr, HAVEN_ERR_FORMAT,
                             "Properties entry '%s' has count '%.24s' (expected 1 to %d columns "
                             "in all)",
                             name, count ? count : "", HAVEN_MAX_COLUMNS);
    *n = (int)v;
    return HAVEN_OK;
}

/* Properties=species:S:1:pos:R:3:... -> column slots. */
static haven_status parse_properties(const haven_linereader *lr, char *spec, haven_columns *c)
{
    int col = 0, have_species = 0, have_pos = 0;
    haven_columns_init(c, 0);
    for (char *save = NULL, *name = strtok_r(spec, ":", &save); name;
         name = strtok_r(NULL, ":", &save)) {
        char *type = strtok_r(NULL, ":", &save), *count = strtok_r(NULL, ":", &save);
        int n = 0;
        haven_status s = property_columns(lr, name, type, count, col, &n);
        if (s != HAVEN_OK)
            return s;
        if (!strcmp(name, "species") && n == 1) {
            haven_columns_set(c, col, HAVEN_COL_TEXT);
            have_species = 1;
        } else if (!strcmp(name, "pos") && n == 3) {
            for (int k = 0; k < 3; k++)
                haven_columns_set(c, col + k, SLOT_X + k);
            have_pos = 1;
        }
        col += n;
    }
    c->n_columns = col;
    if (!have_species || !have_pos)
        return haven_lr_fail(lr, HAVEN_ERR_FORMAT, "Properties lacks %s",
                             have_species ? "pos:R:3" : "species:S:1");
    return HAVEN_OK;
}

static int is_true(const char *v)
{
    return !strcasecmp(v, "T") || !strcasecmp(v, "true");
}

static haven_status parse_comment(extxyz *x, const char *line, comment_info *ci)
{
    char key[64], val[1024];
    const char *p = line;
    haven_status s = HAVEN_OK;
    memset(ci, 0, sizeof *ci);
    ci->time_fs = NAN;
    ci->step = -1;
    while (s == HAVEN_OK && next_pair(&p, key, sizeof key, val, sizeof val)) {
        const char *q = val;
        if (!strcasecmp(key, "Lattice")) {
            s = haven_lr_doubles(x->lr, &q, &ci->cell_A[0][0], 9);
            ci->have_cell = 1;
        } else if (!strcasecmp(key, "Properties")) {
            s = parse_properties(x->lr, val, &x->cols);
            ci->have_props = 1;
        } else if (!strcasecmp(key, "Time")) {
            s = haven_lr_doubles(x->lr, &q, &ci->time_fs, 1);
        } else if (!strcasecmp(key, "Step")) {
            s = haven_lr_long(x->lr, &q, &ci->step);
        } else if (!strcasecmp(key, "unwrapped")) {
            ci->unwrapped = is_true(val);
        }
    }
    if (s == HAVEN_OK && !ci->have_cell)
        return haven_lr_fail(x->lr, HAVEN_ERR_FORMAT,
                             "missing cell (no Lattice=\"...\" on the comment line)");
    if (s == HAVEN_OK && !ci->have_props) {
        char def[] = "species:S:1:pos:R:3";
        s = parse_properties(x->lr, def, &x->cols);
    }
    return s;
}

/* One atom row: the pos columns into v (Angstrom), the element into sym. */
static haven_status read_row(extxyz *x, double v[3], char sym[HAVEN_SPECIES_NAME_MAX])
{
    char *line;
    const char *label = "";
    size_t label_len = 0;
    haven_status s = haven_lr_expect(x->lr, &line, "atom row (truncated frame?)");
    if (s == HAVEN_OK)
        s = haven_columns_row(x->lr, &x->cols, line, v, &label, &label_len);
    if (s == HAVEN_OK)
        haven_label_to_symbol(label, label_len, sym, HAVEN_SPECIES_NAME_MAX);
    return s;
}

/* A label of letters only that is `want` itself: haven_label_to_symbol()
 * would give it unchanged, so it matches without the copy and strcmp
 * (the common row, "Li 1.0 2.0 3.0"; ~7% of the reader's time). */
static int is_plain_symbol(const char *label, size_t len, const char *want)
{
    if (len == 0 || len > 3 || strncmp(label, want, len) || want[len])
        return 0;
    for (size_t k = 0; k < len; k++)
        if ((unsigned)((label[k] | 32) - 'a') >= 26u)
            return 0;
    return 1;
}

/* One row of a block (rows.h), as read_rows() reads it. */
static const char *fast_row(void *ctx, const char *line, size_t i)
{
    extxyz *x = ctx;
    haven_traj *t = x->t;
    const char *label = "";
    size_t label_len = 0;
    char sym[HAVEN_SPECIES_NAME_MAX];
    double v[3];
    const char *end = haven_columns_row_fast(&x->cols, line, v, &label, &label_len);
    if (!end)
        return NULL;
    const char *want = t->species_names[t->atom_species[i]];
    if (!is_plain_symbol(label, label_len, want)) {
        haven_label_to_symbol(label, label_len, sym, sizeof sym);
        if (strcmp(sym, want))
            return NULL;
    }
    for (int k = 0; k < 3; k++)
        t->frame.pos[i][k] = v[k] * HAVEN_ANGSTROM;
    return end;
}

/* Rows of one frame; the species must be those of frame 1. */
static haven_status read_rows(haven_traj *t, extxyz *x)
{
    size_t len;
    x->t = t;
    if (haven_rows_read(x->lr, t->n_atoms, fast_row, x, &len)) {
        haven_lr_consume(x->lr, t->n_atoms, len);
        return HAVEN_OK;
    }
    for (size_t i = 0; i < t->n_atoms; i++) {
        char sym[HAVEN_SPECIES_NAME_MAX];
        double v[3];
        haven_status s = read_row(x, v, sym);
        if (s != HAVEN_OK)
            return s;
        if (strcmp(sym, t->species_names[t->atom_species[i]]))
            return haven_lr_fail(x->lr, HAVEN_ERR_FORMAT, "atom %zu is %s, but %s in frame 1",
                                 i + 1, sym, t->species_names[t->atom_species[i]]);
        for (int k = 0; k < 3; k++)
            t->frame.pos[i][k] = v[k] * HAVEN_ANGSTROM;
    }
    return HAVEN_OK;
}

/* A frame's count and comment line (HAVEN_EOF at the end of the file). */
static haven_status read_header(haven_traj *t, extxyz *x, comment_info *ci)
{
    long n;
    char *line;
    haven_status s = haven_xyz_count(x->lr, &n);
    if (s != HAVEN_OK)
        return s;
    if ((size_t)n != t->n_atoms)
        return haven_lr_fail(x->lr, HAVEN_ERR_FORMAT,
                             "inconsistent atom count: %ld (first frame: %zu)", n, t->n_atoms);
    if ((s = haven_lr_expect(x->lr, &line, "comment line")) != HAVEN_OK)
        return s;
    return parse_comment(x, line, ci);
}

static haven_status extxyz_read(haven_traj *t)
{
    extxyz *x = t->impl;
    comment_info ci;
    haven_status s;
    if ((s = read_header(t, x, &ci)) != HAVEN_OK ||
        (s = haven_cell_store(x->lr, ci.cell_A, t->frame.cell)) != HAVEN_OK)
        return s;
    t->frame.time = ci.time_fs * HAVEN_FS;
    t->frame.step = ci.step;
    t->frame.coords = ci.unwrapped ? HAVEN_COORD_UNWRAPPED : HAVEN_COORD_WRAPPED;
    return read_rows(t, x);
}

/* The next frame's count and comment, its rows passed over. */
static haven_status extxyz_skip(haven_traj *t)
{
    extxyz *x = t->impl;
    comment_info ci;
    haven_status s = read_header(t, x, &ci);
    return s == HAVEN_OK ? haven_lr_skip(x->lr, t->n_atoms, "atom row") : s;
}

static struct haven_linereader *extxyz_linereader(haven_traj *t)
{
    return ((extxyz *)t->impl)->lr;
}

static haven_status extxyz_rewind(haven_traj *t)
{
    extxyz *x = t->impl;
    return haven_lr_rewind(x->lr);
}

static void extxyz_close(haven_traj *t)
{
    extxyz *x = t->impl;
    if (x)
        haven_lr_close(x->lr);
    free(x);
    t->impl = NULL;
}

/* A row of frame 1 for haven_xyz_atoms: only the element is kept. */
static haven_status first_row(void *ctx, char sym[HAVEN_SPECIES_NAME_MAX])
{
    double v[3];
    return read_row(ctx, v, sym);
}

/* Frame 1's comment: the column layout its rows need. */
static haven_status first_comment(void *ctx, char *line)
{
    comment_info ci;
    return parse_comment(ctx, line, &ci);
}

static haven_status extxyz_open(haven_traj *t)
{
    extxyz *x = calloc(1, sizeof *x);
    if (!x)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    t->impl = x;
    haven_status s = haven_lr_open(t->path, &x->lr);
    if (s == HAVEN_OK)
        s = haven_xyz_first_frame(t, x->lr, EXTXYZ_MIN_ROW, first_comment, first_row, x);
    return s == HAVEN_OK ? haven_lr_rewind(x->lr) : s;
}

/* An integer line, then a comment with Lattice= or Properties=. */
static int extxyz_probe(const char *head, size_t len)
{
    char line[4096];
    long n;
    const char *p = line;
    if (!haven_probe_line(head, len, 0, line, sizeof line) ||
        haven_parse_long(&p, &n) != HAVEN_PARSE_OK || n <= 0 || !haven_line_blank(p))
        return 0;
    if (haven_probe_line(head, len, 1, line, sizeof line) &&
        (strstr(line, "Lattice=") || strstr(line, "Properties=")))
        return 90;
    return 30; /* plain XYZ: the reader will say the cell is missing */
}

const haven_reader_ops haven_reader_extxyz = {
    .name = "extxyz",
    .format = HAVEN_FMT_EXTXYZ,
    .probe = extxyz_probe,
    .open = extxyz_open,
    .read = extxyz_read,
    .rewind = extxyz_rewind,
    .linereader = extxyz_linereader,
    .skip = extxyz_skip,
    .close = extxyz_close,
};
