/* Reading cube and CHGCAR grids back (see gridio.c for the layouts). */
#include "haven/elements.h"
#include "haven/structure.h"

#include "core/error.h"
#include "series/cell.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BOHR 0.529177210903e-10 /* m, CODATA 2018 */
#define LINE_CAP 4096

typedef struct {
    FILE *fp;
    const char *path;
    long line;
    char buf[LINE_CAP];
    char *cur; /* next unread token in buf */
} gr_reader;

static haven_status gr_line(gr_reader *r, const char *what)
{
    r->line++;
    if (!fgets(r->buf, sizeof r->buf, r->fp))
        return haven_fail(HAVEN_ERR_FORMAT, "%s:%ld: file ends where %s was expected", r->path,
                          r->line, what);
    r->cur = r->buf;
    return HAVEN_OK;
}

/* Next number, continuing on later lines when this one is used up. */
static haven_status gr_number(gr_reader *r, const char *what, double *x)
{
    for (;;) {
        while (r->cur && isspace((unsigned char)*r->cur))
            r->cur++;
        if (r->cur && *r->cur) {
            char *end;
            errno = 0;
            *x = strtod(r->cur, &end);
            if (end == r->cur || !isfinite(*x) || (*end && !isspace((unsigned char)*end)))
                return haven_fail(HAVEN_ERR_FORMAT, "%s:%ld: expected %s, found '%.20s'", r->path,
                                  r->line, what, r->cur);
            r->cur = end;
            return HAVEN_OK;
        }
        haven_status s = gr_line(r, what);
        if (s != HAVEN_OK)
            return s;
    }
}

static haven_status gr_count(gr_reader *r, const char *what, size_t max, size_t *n)
{
    double x;
    haven_status s = gr_number(r, what, &x);
    if (s != HAVEN_OK)
        return s;
    if (x != floor(x) || x < 0 || x > (double)max)
        return haven_fail(HAVEN_ERR_FORMAT, "%s:%ld: expected %s (0 to %zu), found %g", r->path,
                          r->line, what, max, x);
    *n = (size_t)x;
    return HAVEN_OK;
}

static haven_status gr_open(gr_reader *r, const char *path)
{
    memset(r, 0, sizeof *r);
    r->path = path;
    r->fp = fopen(path, "r");
    if (!r->fp)
        return haven_fail(HAVEN_ERR_IO, "cannot open %s: %s", path, strerror(errno));
    return HAVEN_OK;
}

static haven_status alloc_atoms(haven_grid *g, size_t n)
{
    g->n_atoms = n;
    if (n == 0)
        return HAVEN_OK;
    g->atom_frac = calloc(n, sizeof *g->atom_frac);
    g->atom_z = calloc(n, sizeof *g->atom_z);
    return g->atom_frac && g->atom_z ? HAVEN_OK : haven_fail(HAVEN_ERR_NOMEM, "out of memory");
}

static haven_status cube_atoms(gr_reader *r, haven_grid *g, size_t n)
{
    haven_status s = alloc_atoms(g, n);
    double inv[3][3], cell_bohr[3][3];
    for (int a = 0; a < 3; a++)
        for (int k = 0; k < 3; k++)
            cell_bohr[a][k] = g->cell[a][k] / BOHR;
    if (s == HAVEN_OK && !(fabs(haven_cell_inverse(cell_bohr, inv)) > 0))
        return haven_fail(HAVEN_ERR_FORMAT, "%s: degenerate grid cell", r->path);
    for (size_t i = 0; s == HAVEN_OK && i < n; i++) {
        double z, q, x[3];
        if ((s = gr_number(r, "an atomic number", &z)) != HAVEN_OK ||
            (s = gr_number(r, "an atom charge", &q)) != HAVEN_OK)
            break;
        for (int k = 0; k < 3 && s == HAVEN_OK; k++)
            s = gr_number(r, "an atom position", &x[k]);
        g->atom_z[i] = (int)z;
        for (int k = 0; k < 3; k++)
            g->atom_frac[i][k] = x[0] * inv[0][k] + x[1] * inv[1][k] + x[2] * inv[2][k];
    }
    return s;
}

static haven_status cube_body(gr_reader *r, haven_grid *g)
{
    size_t n_atoms = 0, n[3] = {0, 0, 0};
    double origin[3], step[3][3];
    haven_status s = gr_line(r, "a comment");
    if (s == HAVEN_OK)
        s = gr_line(r, "a comment");
    r->cur = NULL;
    if (s == HAVEN_OK)
        s = gr_count(r, "the atom count", 1u << 24, &n_atoms);
    for (int k = 0; k < 3 && s == HAVEN_OK; k++)
        s = gr_number(r, "the origin", &origin[k]);
    for (int a = 0; a < 3 && s == HAVEN_OK; a++) {
        s = gr_count(r, "a point count", 4096, &n[a]);
        for (int k = 0; k < 3 && s == HAVEN_OK; k++)
            s = gr_number(r, "a step vector", &step[a][k]);
    }
    double cell[3][3];
    for (int a = 0; a < 3 && s == HAVEN_OK; a++)
        for (int k = 0; k < 3; k++)
            cell[a][k] = step[a][k] * (double)n[a] * BOHR;
    if (s == HAVEN_OK && (s = haven_grid_alloc(g, n, cell)) == HAVEN_OK)
        s = cube_atoms(r, g, n_atoms);
    const double b3 = BOHR * BOHR * BOHR;
    size_t total = s == HAVEN_OK ? n[0] * n[1] * n[2] : 0;
    for (size_t i = 0; i < total && s == HAVEN_OK; i++) {
        s = gr_number(r, "a grid value", &g->value[i]);
        g->value[i] /= b3;
    }
    return s;
}

/* Open path, read it with body, close; out is cleared on failure. */
static haven_status read_with(const char *path, haven_status (*body)(gr_reader *, haven_grid *),
                              haven_grid *out)
{
    memset(out, 0, sizeof *out);
    gr_reader r;
    haven_status s = gr_open(&r, path);
    if (s != HAVEN_OK)
        return s;
    s = body(&r, out);
    fclose(r.fp);
    if (s != HAVEN_OK)
        haven_grid_clear(out);
    return s;
}

haven_status haven_grid_read_cube(const char *path, haven_grid *out)
{
    return read_with(path, cube_body, out);
}

/* Species names and counts of the POSCAR part. */
static haven_status chgcar_species(gr_reader *r, int *zs, size_t *counts, size_t *n_sp)
{
    haven_status s = gr_line(r, "species names");
    *n_sp = 0;
    for (char *tok = strtok(r->buf, " \t\r\n"); s == HAVEN_OK && tok; tok = strtok(NULL, " \t\r\n")) {
        if (*n_sp == 64)
            return haven_fail(HAVEN_ERR_FORMAT, "%s:%ld: more than 64 species", r->path, r->line);
        int z = haven_element_z(tok);
        if (z <= 0 && strcmp(tok, "X"))
            return haven_fail(HAVEN_ERR_FORMAT, "%s:%ld: '%s' is not an element symbol", r->path,
                              r->line, tok);
        zs[(*n_sp)++] = z > 0 ? z : 0;
    }
    if (s == HAVEN_OK && *n_sp == 0)
        return haven_fail(HAVEN_ERR_FORMAT, "%s:%ld: expected species names", r->path, r->line);
    r->cur = NULL;
    for (size_t k = 0; s == HAVEN_OK && k < *n_sp; k++)
        s = gr_count(r, "an atom count", 1u << 24, &counts[k]);
    return s;
}

static haven_status chgcar_head(gr_reader *r, haven_grid *g, double cell[3][3])
{
    double scale;
    haven_status s = gr_line(r, "a comment");
    r->cur = NULL;
    if (s == HAVEN_OK && (s = gr_number(r, "the scale factor", &scale)) == HAVEN_OK && !(scale > 0))
        s = haven_fail(HAVEN_ERR_FORMAT, "%s:%ld: scale factor must be > 0", r->path, r->line);
    for (int a = 0; a < 3 && s == HAVEN_OK; a++)
        for (int k = 0; k < 3 && s == HAVEN_OK; k++) {
            s = gr_number(r, "a lattice vector", &cell[a][k]);
            cell[a][k] *= scale * HAVEN_ANGSTROM;
        }
    int zs[64];
    size_t counts[64], n_sp = 0, total = 0;
    if (s == HAVEN_OK)
        s = chgcar_species(r, zs, counts, &n_sp);
    for (size_t k = 0; k < n_sp; k++)
        total += counts[k];
    if (s == HAVEN_OK && (s = gr_line(r, "Direct")) == HAVEN_OK &&
        tolower((unsigned char)r->buf[0]) != 'd')
        s = haven_fail(HAVEN_ERR_FORMAT, "%s:%ld: expected 'Direct' coordinates", r->path,
                       r->line);
    r->cur = NULL;
    if (s == HAVEN_OK)
        s = alloc_atoms(g, total);
    for (size_t k = 0, i = 0; s == HAVEN_OK && k < n_sp; k++)
        for (size_t c = 0; c < counts[k] && s == HAVEN_OK; c++, i++) {
            g->atom_z[i] = zs[k];
            for (int d = 0; d < 3 && s == HAVEN_OK; d++)
                s = gr_number(r, "an atom position", &g->atom_frac[i][d]);
        }
    return s;
}

static haven_status chgcar_body(gr_reader *r, haven_grid *g)
{
    double cell[3][3];
    haven_grid atoms = {0};
    haven_status s = chgcar_head(r, &atoms, cell);
    size_t n[3];
    for (int a = 0; a < 3 && s == HAVEN_OK; a++)
        s = gr_count(r, "a point count", 4096, &n[a]);
    if (s == HAVEN_OK && (s = haven_grid_alloc(g, n, cell)) == HAVEN_OK) {
        g->n_atoms = atoms.n_atoms, g->atom_frac = atoms.atom_frac, g->atom_z = atoms.atom_z;
        atoms.atom_frac = NULL, atoms.atom_z = NULL;
    }
    haven_grid_clear(&atoms);
    double *c = &cell[0][0];
    double vol = fabs(c[0] * (c[4] * c[8] - c[5] * c[7]) - c[1] * (c[3] * c[8] - c[5] * c[6]) +
                      c[2] * (c[3] * c[7] - c[4] * c[6]));
    if (s == HAVEN_OK && !(vol > 0))
        s = haven_fail(HAVEN_ERR_FORMAT, "%s: degenerate cell", r->path);
    for (size_t k = 0; s == HAVEN_OK && k < n[2]; k++)
        for (size_t j = 0; s == HAVEN_OK && j < n[1]; j++)
            for (size_t i = 0; s == HAVEN_OK && i < n[0]; i++) {
                double *v = &g->value[(i * n[1] + j) * n[2] + k];
                s = gr_number(r, "a grid value", v);
                *v /= vol;
            }
    return s;
}

haven_status haven_grid_read_chgcar(const char *path, haven_grid *out)
{
    return read_with(path, chgcar_body, out);
}
