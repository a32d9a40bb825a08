/* Plain XYZ and CP2K's MD trajectories (PROJECT-pos-1.xyz).
 *
 * Per frame: an atom count line, a comment line, and one row per atom,
 * "symbol x y z" (Angstrom; further columns ignored). Plain XYZ has no
 * cell: it comes from the CP2K cell file beside the trajectory
 * (PROJECT-1.cell, rows "step time Ax Ay Az Bx By Bz Cx Cy Cz volume",
 * Angstrom, matched by step), else from the options (--cell). CP2K's
 * comment line "i = 10, time = 5.000, E = -123.4" gives the step and the
 * time (fs); any other comment is ignored. Extended XYZ (Lattice= or
 * Properties= on the comment line) is extxyz.c's. */
#include "io/cellmath.h"
#include "io/parse.h"
#include "io/reader.h"
#include "io/xyzframe.h"

#include "core/error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XYZ_MIN_ROW 8 /* "H 0 0 0\n" */

typedef struct {
    haven_linereader *cells; /* CP2K cell file, or NULL */
    long step;               /* of the row in `cell` (-1 before the first) */
    double cell[3][3];       /* A */
    long next_step;          /* the row read ahead (-1: none left) */
    double next[3][3];
} cell_file;

typedef struct {
    haven_linereader *lr;
    cell_file cf;
} xyz;

/* --- CP2K cell file ------------------------------------------------------ */

/* PROJECT-pos-1.xyz[.gz] -> PROJECT-1.cell, if that file exists. */
static char *cell_file_path(const char *path)
{
    const char *tag = strstr(path, "-pos-");
    if (!tag)
        return NULL;
    const char *num = tag + 5, *dot = strchr(num, '.');
    if (!dot || dot == num)
        return NULL;
    size_t head = (size_t)(tag - path), nlen = (size_t)(dot - num);
    char *cell = malloc(head + nlen + 8);
    if (!cell)
        return NULL;
    snprintf(cell, head + nlen + 8, "%.*s-%.*s.cell", (int)head, path, (int)nlen, num);
    FILE *f = fopen(cell, "rb");
    if (!f) {
        free(cell);
        return NULL;
    }
    fclose(f);
    return cell;
}

/* Next data row into cf->next; next_step = -1 at the end of the file. */
static haven_status cell_row(cell_file *cf)
{
    char *line;
    size_t len;
    haven_status s;
    while ((s = haven_lr_next(cf->cells, &line, &len)) == HAVEN_OK &&
           (haven_line_blank(line) || *haven_skip_space(line) == '#'))
        ;
    if (s == HAVEN_EOF) {
        cf->next_step = -1;
        return HAVEN_OK;
    }
    const char *p = line;
    double time, v[9];
    if (s == HAVEN_OK && (s = haven_lr_long(cf->cells, &p, &cf->next_step)) == HAVEN_OK &&
        (s = haven_lr_doubles(cf->cells, &p, &time, 1)) == HAVEN_OK)
        s = haven_lr_doubles(cf->cells, &p, v, 9);
    if (s == HAVEN_OK && cf->next_step < 0)
        s = haven_lr_fail(cf->cells, HAVEN_ERR_FORMAT, "step %ld (expected >= 0)", cf->next_step);
    for (int i = 0; s == HAVEN_OK && i < 9; i++)
        cf->next[i / 3][i % 3] = v[i];
    return s;
}

static haven_status cell_file_rewind(cell_file *cf)
{
    cf->step = -1;
    haven_status s = haven_lr_rewind(cf->cells);
    return s == HAVEN_OK ? cell_row(cf) : s;
}

/* The cell of MD step `step`: the last row at or before it (CP2K may
 * print the cell less often than the positions). */
static haven_status cell_for_step(cell_file *cf, long step, double out[3][3])
{
    haven_status s = HAVEN_OK;
    while (s == HAVEN_OK && cf->next_step >= 0 && cf->next_step <= step) {
        cf->step = cf->next_step;
        memcpy(cf->cell, cf->next, sizeof cf->cell);
        s = cell_row(cf);
    }
    if (s == HAVEN_OK && cf->step < 0)
        s = haven_fail(HAVEN_ERR_FORMAT, "%s: no cell for MD step %ld (the first row is later)",
                       haven_lr_path(cf->cells), step);
    return s == HAVEN_OK ? haven_cell_store(cf->cells, (const double(*)[3])cf->cell, out) : s;
}

/* --- trajectory ---------------------------------------------------------- */

/* CP2K comment "i = 10, time = 5.000, E = ...": step and time (fs). */
static void parse_comment(const char *line, long *step, double *time_fs)
{
    *step = -1;
    *time_fs = NAN;
    for (const char *p = line; *p;) {
        const char *key = haven_skip_space(p), *eq = strchr(key, '=');
        size_t piece = strcspn(key, ",");
        if (!eq || (size_t)(eq - key) > piece)
            break;
        const char *v = eq + 1;
        size_t klen = (size_t)(eq - key);
        while (klen > 0 && haven_is_space(key[klen - 1]))
            klen--;
        double x;
        const char *q = v;
        char buf[64];
        size_t vlen = strcspn(v, ",");
        if (vlen < sizeof buf) {
            memcpy(buf, v, vlen);
            buf[vlen] = '\0';
            q = buf;
            if (haven_parse_double(&q, &x) == HAVEN_PARSE_OK && haven_line_blank(q)) {
                if (klen == 1 && key[0] == 'i' && x >= 0 && x < 9e18 && x == floor(x))
                    *step = (long)x;
                else if (klen == 4 && !strncmp(key, "time", 4))
                    *time_fs = x;
            }
        }
        p = key + piece + (key[piece] == ',');
    }
}

/* "Sym x y z ...": the element into sym, the position (A) into r. */
static haven_status read_row(xyz *x, char sym[HAVEN_SPECIES_NAME_MAX], double r[3])
{
    char *line;
    haven_status s = haven_lr_expect(x->lr, &line, "atom row (truncated frame?)");
    if (s != HAVEN_OK)
        return s;
    const char *p = haven_skip_space(line), *end = haven_token_end(p);
    haven_label_to_symbol(p, (size_t)(end - p), sym, HAVEN_SPECIES_NAME_MAX);
    return haven_lr_doubles(x->lr, &end, r, 3);
}

static haven_status xyz_read(haven_traj *t)
{
    xyz *x = t->impl;
    haven_frame *f = &t->frame;
    long n;
    char *line;
    haven_status s = haven_xyz_count(x->lr, &n);
    if (s != HAVEN_OK)
        return s;
    if ((size_t)n != t->n_atoms)
        return haven_lr_fail(x->lr, HAVEN_ERR_FORMAT,
                             "frame %ld: atom count %ld (first frame: %zu)", t->frames_read + 1, n,
                             t->n_atoms);
    if ((s = haven_lr_expect(x->lr, &line, "comment line")) != HAVEN_OK)
        return s;
    double time_fs;
    parse_comment(line, &f->step, &time_fs);
    f->time = time_fs * HAVEN_FS;
    f->coords = HAVEN_COORD_WRAPPED;
    if (x->cf.cells)
        s = cell_for_step(&x->cf, f->step >= 0 ? f->step : t->frames_read, f->cell);
    else
        memcpy(f->cell, t->opt.cell, sizeof f->cell);
    for (size_t i = 0; s == HAVEN_OK && i < t->n_atoms; i++) {
        char sym[HAVEN_SPECIES_NAME_MAX];
        double r[3];
        if ((s = read_row(x, sym, r)) != HAVEN_OK)
            break;
        const char *want = t->species_names[t->atom_species[i]];
        if (strcmp(sym, want))
            return haven_lr_fail(x->lr, HAVEN_ERR_FORMAT, "atom %zu is %s, but %s in frame 1",
                                 i + 1, sym, want);
        for (int k = 0; k < 3; k++)
            f->pos[i][k] = r[k] * HAVEN_ANGSTROM;
    }
    return s;
}

static haven_status xyz_rewind(haven_traj *t)
{
    xyz *x = t->impl;
    haven_status s = haven_lr_rewind(x->lr);
    if (s == HAVEN_OK && x->cf.cells)
        s = cell_file_rewind(&x->cf);
    return s;
}

static void xyz_close(haven_traj *t)
{
    xyz *x = t->impl;
    if (x) {
        haven_lr_close(x->lr);
        haven_lr_close(x->cf.cells);
    }
    free(x);
    t->impl = NULL;
}

/* A row of frame 1 for haven_xyz_atoms: only the element is kept. */
static haven_status first_row(void *ctx, char sym[HAVEN_SPECIES_NAME_MAX])
{
    double r[3];
    return read_row(ctx, sym, r);
}

static haven_status xyz_open(haven_traj *t)
{
    xyz *x = calloc(1, sizeof *x);
    if (!x)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    t->impl = x;
    haven_status s = haven_lr_open(t->path, &x->lr);
    char *cell = cell_file_path(t->path);
    if (s == HAVEN_OK && cell && (s = haven_lr_open(cell, &x->cf.cells)) == HAVEN_OK)
        s = cell_file_rewind(&x->cf);
    free(cell);
    if (s == HAVEN_OK && !x->cf.cells && !(haven_cell_det((const double(*)[3])t->opt.cell) != 0))
        s = haven_fail(HAVEN_ERR_ARG,
                       "%s: plain XYZ has no cell, and no CP2K cell file (PROJECT-1.cell for "
                       "PROJECT-pos-1.xyz) lies beside it; give the cell with --cell "
                       "a,b,c[,alpha,beta,gamma] (A, degrees) or 9 components",
                       t->path);
    if (s == HAVEN_OK)
        s = haven_xyz_first_frame(t, x->lr, XYZ_MIN_ROW, NULL, first_row, x);
    return s == HAVEN_OK ? xyz_rewind(t) : s;
}

/* A count line, a comment without extended-XYZ keys, a "Sym x y z" row. */
static int xyz_probe(const char *head, size_t len)
{
    char line[4096];
    long n;
    double r[3];
    const char *p = line;
    if (!haven_probe_line(head, len, 0, line, sizeof line) ||
        haven_parse_long(&p, &n) != HAVEN_PARSE_OK || n <= 0 || !haven_line_blank(p))
        return 0;
    if (!haven_probe_line(head, len, 1, line, sizeof line) || strstr(line, "Lattice=") ||
        strstr(line, "Properties="))
        return 0;
    int cp2k = strstr(line, "i =") && strstr(line, "time =");
    if (!haven_probe_line(head, len, 2, line, sizeof line))
        return 0;
    p = haven_token_end(haven_skip_space(line));
    for (int k = 0; k < 3; k++)
        if (haven_parse_double(&p, &r[k]) != HAVEN_PARSE_OK)
            return 0;
    return cp2k ? 70 : 40; /* above extxyz's 30 for a plain XYZ */
}

const haven_reader_ops haven_reader_xyz = {
    .name = "xyz",
    .format = HAVEN_FMT_XYZ,
    .probe = xyz_probe,
    .open = xyz_open,
    .read = xyz_read,
    .rewind = xyz_rewind,
    .close = xyz_close,
};
