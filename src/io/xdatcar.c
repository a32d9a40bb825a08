/* VASP XDATCAR (VASP 5+, with a species line).
 *
 * Fixed cell: one header (title, scaling, three lattice rows, species,
 * counts) then "Direct configuration= N" blocks. Variable cell (NPT): the
 * whole header repeats before every block. "Cartesian configuration="
 * blocks hold Cartesian Angstrom positions (times the scaling). Positions
 * are wrapped; the file states no time, so frames carry time NAN, step -1. */
#include "io/cellmath.h"
#include "io/columns.h"
#include "io/parse.h"
#include "io/reader.h"
#include "io/rows.h"

#include "core/error.h"
#include "haven/elements.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define XDAT_MAX_SPECIES 1024 /* entries may repeat ("Li Cl Li"), so allow many */
#define XDAT_MIN_ROW 6        /* bytes of the shortest coordinate row, "0 0 0\n" */

typedef struct {
    haven_linereader *lr;
    int have_cell;
    double cell_A[3][3]; /* scaled lattice vectors, Angstrom */
    double axis_scale[3];
    size_t n_species;
    char names[XDAT_MAX_SPECIES][HAVEN_SPECIES_NAME_MAX];
    long counts[XDAT_MAX_SPECIES];
    long n_atoms; /* sum of counts */
} xdatcar;

/* "Direct configuration=  12" or "Cartesian configuration= ..." */
static int config_kind(const char *line, int *cartesian)
{
    const char *s = haven_skip_space(line);
    if (!strstr(s, "onfiguration")) /* "configuration" in any case of its first letter */
        return 0;
    *cartesian = (*s == 'C' || *s == 'c' || *s == 'K' || *s == 'k');
    return *cartesian || *s == 'D' || *s == 'd';
}

/* Scaling line: one factor (negative = target volume in A^3) or three
 * per-axis factors (VASP 6). Applied to the lattice in read_lattice. */
static haven_status read_scaling(xdatcar *x, double scale[3], int *volume)
{
    char *line;
    haven_status s = haven_lr_expect(x->lr, &line, "scaling factor");
    const char *p = line;
    if (s == HAVEN_OK)
        s = haven_lr_doubles(x->lr, &p, &scale[0], 1);
    if (s != HAVEN_OK)
        return s;
    *volume = scale[0] < 0;
    scale[1] = scale[2] = scale[0];
    if (!haven_line_blank(p) && (s = haven_lr_doubles(x->lr, &p, &scale[1], 2)) != HAVEN_OK)
        return s;
    if (scale[0] == 0 || (!*volume && (scale[1] <= 0 || scale[2] <= 0)))
        return haven_lr_fail(x->lr, HAVEN_ERR_VALUE,
                             "scaling factor must be positive, or a "
                             "negative volume");
    return HAVEN_OK;
}

static haven_status read_lattice(xdatcar *x)
{
    double scale[3];
    int volume;
    haven_status s = read_scaling(x, scale, &volume);
    for (int i = 0; i < 3 && s == HAVEN_OK; i++) {
        char *line;
        const char *p;
        s = haven_lr_expect(x->lr, &line, "lattice vector");
        p = line;
        if (s == HAVEN_OK)
            s = haven_lr_doubles(x->lr, &p, x->cell_A[i], 3);
    }
    if (s != HAVEN_OK)
        return s;
    if (volume) {
        double v = fabs(haven_cell_det(x->cell_A));
        scale[0] = scale[1] = scale[2] = v > 0 ? cbrt(-scale[0] / v) : 0;
    }
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < 3; k++)
            x->cell_A[i][k] *= scale[k];
    memcpy(x->axis_scale, scale, sizeof scale);
    return HAVEN_OK;
}

/* Species line. The first header defines it; a repeated header (variable
 * cell) must agree. */
static haven_status read_species(xdatcar *x, int first)
{
    char *names;
    haven_status s = haven_lr_expect(x->lr, &names, "species line");
    if (s != HAVEN_OK)
        return s;
    const char *p = haven_skip_space(names);
    if ((*p >= '0' && *p <= '9') || !*p)
        return haven_lr_fail(x->lr, HAVEN_ERR_FORMAT,
                             "expected a line of element symbols (VASP 5 XDATCAR), found '%.40s'",
                             p);
    size_t k = 0;
    for (; *p; p = haven_skip_space(p), k++) {
        const char *e = haven_token_end(p);
        char sym[HAVEN_SPECIES_NAME_MAX];
        if (k == XDAT_MAX_SPECIES)
            return haven_lr_fail(x->lr, HAVEN_ERR_FORMAT, "more than %d species", XDAT_MAX_SPECIES);
        haven_label_to_symbol(p, (size_t)(e - p), sym, sizeof sym);
        if (first && haven_element_mass(sym) <= 0)
            return haven_lr_fail(x->lr, HAVEN_ERR_FORMAT, "unknown element '%s'", sym);
        if (first)
            strcpy(x->names[k], sym);
        else if (k >= x->n_species || strcmp(x->names[k], sym))
            return haven_lr_fail(x->lr, HAVEN_ERR_FORMAT,
                                 "species line differs from the first header");
        p = e;
    }
    if (!first && k != x->n_species)
        return haven_lr_fail(x->lr, HAVEN_ERR_FORMAT, "species line differs from the first header");
    x->n_species = k;
    return HAVEN_OK;
}

/* Counts line: one positive count per species, equal to the first
 * header's; their sum may not overflow. */
static haven_status read_counts(xdatcar *x, int first)
{
    char *counts;
    haven_status s = haven_lr_expect(x->lr, &counts, "atom counts line");
    const char *q = counts;
    x->n_atoms = 0;
    for (size_t i = 0; s == HAVEN_OK && i < x->n_species; i++) {
        long c;
        if ((s = haven_lr_long(x->lr, &q, &c)) != HAVEN_OK)
            break;
        if (c <= 0)
            return haven_lr_fail(x->lr, HAVEN_ERR_FORMAT, "atom count must be positive, found %ld",
                                 c);
        if (!first && c != x->counts[i])
            return haven_lr_fail(x->lr, HAVEN_ERR_FORMAT,
                                 "inconsistent atom count: %ld (first header: %ld)", c,
                                 x->counts[i]);
        if (c > LONG_MAX - x->n_atoms)
            return haven_lr_fail(x->lr, HAVEN_ERR_FORMAT,
                                 "atom counts add up to more than %ld (expected one count of "
                                 "atoms per species)",
                                 LONG_MAX);
        x->counts[i] = c;
        x->n_atoms += c;
    }
    return s;
}

/* Next line that is not blank; *blanks counts the blank lines skipped. */
static haven_status next_nonblank(haven_linereader *lr, char **line, int *blanks)
{
    size_t len;
    haven_status s;
    *blanks = 0;
    while ((s = haven_lr_next(lr, line, &len)) == HAVEN_OK && haven_line_blank(*line))
        (*blanks)++;
    return s;
}

/* Frame 1 must hold the header's atom count before the count sizes any
 * array: the bytes left in a plain file bound it at once, then the rows
 * are counted (compressed input has no size to check against). */
static haven_status check_first_frame(xdatcar *x)
{
    char *line;
    int cartesian, blanks;
    haven_status s = haven_lr_check_count(x->lr, "atom count (sum of the counts line)",
                                          (unsigned long long)x->n_atoms, XDAT_MIN_ROW);
    if (s == HAVEN_OK && (s = next_nonblank(x->lr, &line, &blanks)) == HAVEN_EOF)
        s = haven_lr_expect(x->lr, &line, "'Direct configuration=' line");
    if (s == HAVEN_OK && !config_kind(line, &cartesian))
        s = haven_lr_fail(x->lr, HAVEN_ERR_FORMAT,
                          "expected 'Direct configuration=' line, found '%.40s'", line);
    for (long i = 0; s == HAVEN_OK && i < x->n_atoms; i++) {
        double v[3];
        s = haven_lr_expect(x->lr, &line, "atom coordinates (truncated frame?)");
        const char *p = line;
        if (s == HAVEN_OK && config_kind(line, &cartesian))
            s = haven_lr_fail(x->lr, HAVEN_ERR_FORMAT,
                              "frame 1 has %ld atom rows, but the counts line adds up to %ld", i,
                              x->n_atoms);
        else if (s == HAVEN_OK)
            s = haven_lr_doubles(x->lr, &p, v, 3);
    }
    return s;
}

static haven_status set_atoms(haven_traj *t, const xdatcar *x)
{
    size_t n = (size_t)x->n_atoms; /* checked against the file's rows */
    const char **sym = calloc(n, sizeof *sym);
    if (!sym)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory for %zu atoms", n);
    for (size_t k = 0, i = 0; k < x->n_species; k++)
        for (long c = 0; c < x->counts[k]; c++)
            sym[i++] = x->names[k];
    haven_status s = haven_traj_set_atoms(t, n, sym);
    free(sym);
    return s == HAVEN_OK ? haven_traj_alloc_frame(t, 0, 0) : s;
}

/* The header after its title line (read by the caller). */
static haven_status read_header(haven_traj *t, xdatcar *x, int first)
{
    double cell[3][3];
    haven_status s = read_lattice(x);
    if (s == HAVEN_OK)
        s = haven_cell_store(x->lr, x->cell_A, cell);
    if (s == HAVEN_OK)
        s = read_species(x, first);
    if (s == HAVEN_OK)
        s = read_counts(x, first);
    if (s == HAVEN_OK) {
        memcpy(t->frame.cell, cell, sizeof cell);
        x->have_cell = 1;
    }
    return s;
}

/* A row's three numbers (Cartesian or fractional) -> position in m. */
static void store_position(const xdatcar *x, int cartesian, const double v[3], double pos[3])
{
    if (cartesian)
        for (int k = 0; k < 3; k++)
            pos[k] = v[k] * x->axis_scale[k] * HAVEN_ANGSTROM;
    else
        haven_frac_to_cart(x->cell_A, v, HAVEN_ANGSTROM, pos);
}

typedef struct {
    const xdatcar *x;
    haven_frame *f;
    int cartesian;
    haven_columns cols; /* three numbers: slots 0, 1, 2 */
} rows_ctx;

/* One row of a block (rows.h), as read_positions() reads it. */
static const char *fast_row(void *ctx, const char *line, size_t i)
{
    const rows_ctx *c = ctx;
    double v[3];
    const char *text;
    size_t text_len;
    /* The three numbers as columns (columns.h): token boundaries found at
     * once, fixed-format numbers converted inline. */
    const char *end = haven_columns_row_fast(&c->cols, line, v, &text, &text_len);
    if (!end)
        return NULL;
    store_position(c->x, c->cartesian, v, c->f->pos[i]);
    return end;
}

static haven_status read_positions(haven_traj *t, xdatcar *x, int cartesian)
{
    haven_frame *f = &t->frame;
    rows_ctx ctx = {x, f, cartesian, {0}};
    haven_columns_init(&ctx.cols, 3);
    for (int k = 0; k < 3; k++)
        haven_columns_set(&ctx.cols, k, k);
    size_t len;
    if (haven_rows_read(x->lr, t->n_atoms, fast_row, &ctx, &len)) {
        haven_lr_consume(x->lr, t->n_atoms, len);
        return HAVEN_OK;
    }
    for (size_t i = 0; i < t->n_atoms; i++) {
        char *line;
        double v[3];
        haven_status s = haven_lr_expect(x->lr, &line, "atom coordinates (truncated frame?)");
        const char *p = line;
        if (s == HAVEN_OK)
            s = haven_lr_doubles(x->lr, &p, v, 3);
        if (s != HAVEN_OK)
            return s;
        store_position(x, cartesian, v, f->pos[i]);
    }
    return HAVEN_OK;
}

static haven_status xdatcar_read(haven_traj *t)
{
    xdatcar *x = t->impl;
    char *line;
    int cartesian = 0, blanks;
    haven_status s = next_nonblank(x->lr, &line, &blanks);
    if (s != HAVEN_OK)
        return s; /* HAVEN_EOF after the last frame (trailing blank lines allowed) */
    if (!config_kind(line, &cartesian)) {
        /* A header: the title is this line, or the blank line before it. */
        if (blanks > 0)
            haven_lr_unread(x->lr);
        if ((s = read_header(t, x, 0)) != HAVEN_OK ||
            (s = haven_lr_expect(x->lr, &line, "'Direct configuration=' line")) != HAVEN_OK)
            return s;
        if (!config_kind(line, &cartesian))
            return haven_lr_fail(x->lr, HAVEN_ERR_FORMAT,
                                 "expected 'Direct configuration=' line, found '%.40s'", line);
    } else if (!x->have_cell) {
        return haven_lr_fail(x->lr, HAVEN_ERR_FORMAT, "configuration before any header");
    }
    t->frame.coords = HAVEN_COORD_WRAPPED;
    return read_positions(t, x, cartesian);
}

/* The next configuration line, its rows passed over. A repeated header
 * (variable cell) sets the cell of the frames after it: not indexed. */
static haven_status xdatcar_skip(haven_traj *t)
{
    xdatcar *x = t->impl;
    char *line;
    int cartesian, blanks;
    haven_status s = next_nonblank(x->lr, &line, &blanks);
    if (s != HAVEN_OK)
        return s;
    if (!config_kind(line, &cartesian))
        return HAVEN_NO_INDEX;
    return haven_lr_skip(x->lr, t->n_atoms, "atom coordinates (truncated frame?)");
}

/* A configuration line ("Direct configuration= 12"): no coordinate row
 * starts with a letter. A file whose header repeats (variable cell) starts
 * its frames at the header: its index parts fail to join up (or skip says
 * HAVEN_NO_INDEX), and it is read whole. */
static int xdatcar_frame_start(haven_traj *t, const char *line)
{
    int cartesian;
    (void)t;
    return config_kind(line, &cartesian);
}

static struct haven_linereader *xdatcar_linereader(haven_traj *t)
{
    return ((xdatcar *)t->impl)->lr;
}

/* Back to the start, past the first header again (it may not repeat). */
static haven_status xdatcar_rewind(haven_traj *t)
{
    xdatcar *x = t->impl;
    char *title;
    haven_status s = haven_lr_rewind(x->lr);
    if (s == HAVEN_OK)
        s = haven_lr_expect(x->lr, &title, "title line");
    return s == HAVEN_OK ? read_header(t, x, 0) : s;
}

static void xdatcar_close(haven_traj *t)
{
    xdatcar *x = t->impl;
    if (x)
        haven_lr_close(x->lr);
    free(x);
    t->impl = NULL;
}

static haven_status xdatcar_open(haven_traj *t)
{
    xdatcar *x = calloc(1, sizeof *x);
    if (!x)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    t->impl = x;
    char *title;
    haven_status s = haven_lr_open(t->path, &x->lr);
    if (s == HAVEN_OK)
        s = haven_lr_expect(x->lr, &title, "title line");
    if (s == HAVEN_OK)
        s = read_header(t, x, 1);
    if (s == HAVEN_OK)
        s = check_first_frame(x);
    if (s == HAVEN_OK)
        s = set_atoms(t, x); /* allocates (and clears) the frame */
    return s == HAVEN_OK ? xdatcar_rewind(t) : s;
}

/* Title, one number, three rows of three numbers, then symbols or counts;
 * "configuration=" in the head makes it an XDATCAR rather than a POSCAR. */
static int xdatcar_probe(const char *head, size_t len)
{
    char line[256];
    for (int row = 1; row <= 4; row++) {
        const char *q = line;
        double v;
        if (!haven_probe_line(head, len, row, line, sizeof line))
            return 0;
        for (int k = 0; k < (row == 1 ? 1 : 3); k++)
            if (haven_parse_double(&q, &v) != HAVEN_PARSE_OK)
                return 0;
    }
    return strstr(head, "configuration") ? 90 : 40;
}

const haven_reader_ops haven_reader_xdatcar = {
    .name = "xdatcar",
    .format = HAVEN_FMT_XDATCAR,
    .probe = xdatcar_probe,
    .open = xdatcar_open,
    .read = xdatcar_read,
    .rewind = xdatcar_rewind,
    .linereader = xdatcar_linereader,
    .skip = xdatcar_skip,
    .frame_start = xdatcar_frame_start,
    .close = xdatcar_close,
};
