/* Lattices from structure files: the sites are the atoms (optionally only
 * those of one symbol) of a VASP POSCAR or the first frame of an extended
 * XYZ file; neighbours are found with a distance cutoff. */
#include "kmc/lattice.h"

#include "core/error.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define LINE_MAX_LEN 4096
#define LABEL_MAX KMC_LABEL_MAX
/* Sites are counted in int by the lattice builder. */
#define MAX_SITES INT_MAX

typedef struct {
    double cell[3][3]; /* Angstrom, rows */
    size_t n, cap;
    double (*pos)[3]; /* Cartesian, Angstrom */
    char (*label)[LABEL_MAX];
} site_list;

static int read_line(FILE *fp, char *buf, long *lineno)
{
    (*lineno)++;
    return fgets(buf, LINE_MAX_LEN, fp) != NULL;
}

/* Room for site i. The arrays grow with the rows actually read, not with
 * the count a header claims, so memory stays bounded by the file's size. */
static haven_status reserve(site_list *s, size_t i)
{
    if (i < s->cap)
        return HAVEN_OK;
    size_t cap = s->cap ? 2 * s->cap : 64;
    double(*pos)[3] = realloc(s->pos, cap * sizeof *pos);
    if (pos)
        s->pos = pos;
    char(*label)[LABEL_MAX] = pos ? realloc(s->label, cap * sizeof *label) : NULL;
    if (!label)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory for %zu sites", cap);
    s->label = label;
    s->cap = cap;
    return HAVEN_OK;
}

static int parse3(const char *s, double v[3])
{
    char *end;
    for (int k = 0; k < 3; k++) {
        v[k] = strtod(s, &end);
        if (end == s || !isfinite(v[k]))
            return -1;
        s = end;
    }
    return 0;
}

static double det3(const double m[3][3])
{
    return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
           m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
           m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
}

/* Species names and counts (VASP 5) or counts only (VASP 4). */
static haven_status poscar_species(FILE *fp, char *line, long *ln, const char *path,
                                   char names[][LABEL_MAX], long *counts, int *ns)
{
    int have_names = 0;
    for (const char *c = line; *c; c++)
        if (isalpha((unsigned char)*c))
            have_names = 1;
    *ns = 0;
    if (have_names) {
        char *save = NULL;
        char *tok = strtok_r(line, " \t\r\n", &save);
        for (; tok && *ns < 64; tok = strtok_r(NULL, " \t\r\n", &save))
            snprintf(names[(*ns)++], LABEL_MAX, "%s", tok);
        if (!read_line(fp, line, ln))
            return haven_fail(HAVEN_ERR_FORMAT, "%s:%ld: missing species counts", path, *ln);
    }
    int m = 0;
    size_t total = 0;
    char *end, *p = line;
    for (long v; m < 64 && (v = strtol(p, &end, 10), end != p); p = end, m++) {
        if (v < 0)
            return haven_fail(HAVEN_ERR_FORMAT, "%s:%ld: negative species count", path, *ln);
        if ((size_t)v > MAX_SITES - total)
            return haven_fail(HAVEN_ERR_FORMAT,
                              "%s:%ld: species counts add up to more than %d sites", path, *ln,
                              MAX_SITES);
        counts[m] = v;
        total += (size_t)v;
    }
    if (m == 0 || (have_names && m != *ns) || total == 0)
        return haven_fail(HAVEN_ERR_FORMAT,
                          "%s:%ld: expected species counts matching the species names", path, *ln);
    if (!have_names)
        for (int k = 0; k < m; k++)
            snprintf(names[k], LABEL_MAX, "X%d", k + 1);
    *ns = m;
    return HAVEN_OK;
}

static haven_status read_poscar(FILE *fp, const char *path, site_list *s)
{
    char line[LINE_MAX_LEN], names[64][LABEL_MAX];
    long ln = 0, counts[64];
    double scale;
    int ns;
    if (!read_line(fp, line, &ln) || !read_line(fp, line, &ln) ||
        sscanf(line, "%lf", &scale) != 1 || scale == 0 || !isfinite(scale))
        return haven_fail(HAVEN_ERR_FORMAT, "%s:%ld: expected the POSCAR scale factor", path, ln);
    for (int k = 0; k < 3; k++)
        if (!read_line(fp, line, &ln) || parse3(line, s->cell[k]) != 0)
            return haven_fail(HAVEN_ERR_FORMAT, "%s:%ld: expected a lattice vector", path, ln);
    /* A negative scale is the cell volume. */
    double f = scale > 0 ? scale : cbrt(-scale / fabs(det3((const double(*)[3])s->cell)));
    for (int k = 0; k < 3; k++)
        for (int j = 0; j < 3; j++)
            s->cell[k][j] *= f;
    if (!read_line(fp, line, &ln))
        return haven_fail(HAVEN_ERR_FORMAT, "%s:%ld: missing species line", path, ln);
    haven_status st = poscar_species(fp, line, &ln, path, names, counts, &ns);
    if (st != HAVEN_OK)
        return st;
    if (!read_line(fp, line, &ln))
        return haven_fail(HAVEN_ERR_FORMAT, "%s:%ld: missing coordinate mode", path, ln);
    if (line[0] == 'S' || line[0] == 's')
        if (!read_line(fp, line, &ln))
            return haven_fail(HAVEN_ERR_FORMAT, "%s:%ld: missing coordinate mode", path, ln);
    int cart = strchr("CcKk", line[0]) != NULL && line[0];
    size_t i = 0;
    for (int k = 0; k < ns; k++)
        for (long c = 0; c < counts[k]; c++, i++) {
            double v[3];
            if (!read_line(fp, line, &ln) || parse3(line, v) != 0)
                return haven_fail(HAVEN_ERR_FORMAT, "%s:%ld: expected 3 coordinates of site %zu",
                                  path, ln, i + 1);
            if ((st = reserve(s, i)) != HAVEN_OK)
                return st;
            s->n = i + 1;
            for (int j = 0; j < 3; j++)
                s->pos[i][j] =
                    cart ? v[j] * f
                         : v[0] * s->cell[0][j] + v[1] * s->cell[1][j] + v[2] * s->cell[2][j];
            snprintf(s->label[i], LABEL_MAX, "%s", names[k]);
        }
    return HAVEN_OK;
}

/* First frame of an extended XYZ file: "species x y z" columns first. */
static haven_status read_extxyz(FILE *fp, const char *path, site_list *s)
{
    char line[LINE_MAX_LEN];
    long ln = 0;
    char *end;
    if (!read_line(fp, line, &ln))
        return haven_fail(HAVEN_ERR_FORMAT, "%s: empty file", path);
    long n = strtol(line, &end, 10);
    if (end == line || n <= 0 || n > MAX_SITES)
        return haven_fail(HAVEN_ERR_FORMAT, "%s:1: expected the number of sites (1..%d)", path,
                          MAX_SITES);
    if (!read_line(fp, line, &ln))
        return haven_fail(HAVEN_ERR_FORMAT, "%s:2: missing comment line", path);
    const char *lat = strstr(line, "Lattice=\"");
    double v[9];
    if (!lat || sscanf(lat + 9, "%lf %lf %lf %lf %lf %lf %lf %lf %lf", v, v + 1, v + 2, v + 3,
                       v + 4, v + 5, v + 6, v + 7, v + 8) != 9)
        return haven_fail(HAVEN_ERR_FORMAT, "%s:2: expected Lattice=\"ax ay az bx ... cz\"", path);
    const char *props = strstr(line, "Properties=");
    if (props && strncmp(props + 11, "species:S:1:pos:R:3", 19) != 0)
        return haven_fail(HAVEN_ERR_FORMAT, "%s:2: Properties must start with species:S:1:pos:R:3",
                          path);
    memcpy(s->cell, v, sizeof v);
    haven_status st = HAVEN_OK;
    for (size_t i = 0; st == HAVEN_OK && i < (size_t)n; i++) {
        char sym[LABEL_MAX];
        if (!read_line(fp, line, &ln) || sscanf(line, "%15s", sym) != 1)
            return haven_fail(HAVEN_ERR_FORMAT, "%s:%ld: expected site %zu of %ld", path, ln, i + 1,
                              n);
        if ((st = reserve(s, i)) != HAVEN_OK)
            return st;
        s->n = i + 1;
        const char *rest = strstr(line, sym) + strlen(sym);
        if (parse3(rest, s->pos[i]) != 0)
            return haven_fail(HAVEN_ERR_FORMAT, "%s:%ld: expected symbol x y z", path, ln);
        snprintf(s->label[i], LABEL_MAX, "%s", sym);
    }
    return st;
}

static void inverse3(const double m[3][3], double inv[3][3])
{
    double d = det3(m);
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            int a = (j + 1) % 3, b = (j + 2) % 3, c = (i + 1) % 3, e = (i + 2) % 3;
            inv[i][j] = (m[a][c] * m[b][e] - m[a][e] * m[b][c]) / d;
        }
}

/* Keep the sites with the label; fractional coordinates wrapped to [0,1). */
static haven_status select_sites(const site_list *s, const char *label, const char *path,
                                 double (**frac)[3], int *n_sites)
{
    double inv[3][3];
    if (!(fabs(det3((const double(*)[3])s->cell)) > 0))
        return haven_fail(HAVEN_ERR_VALUE, "%s: cell has zero volume", path);
    inverse3((const double(*)[3])s->cell, inv);
    *frac = malloc(s->n * sizeof **frac);
    if (!*frac)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    int m = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (label && strcmp(label, s->label[i]) != 0)
            continue;
        for (int k = 0; k < 3; k++) {
            double f =
                s->pos[i][0] * inv[0][k] + s->pos[i][1] * inv[1][k] + s->pos[i][2] * inv[2][k];
            /* A nearly singular cell puts sites at infinite cell indices. */
            if (!isfinite(f))
                return haven_fail(HAVEN_ERR_VALUE,
                                  "%s: site %zu lies outside any representable cell (is the cell "
                                  "nearly flat?)",
                                  path, i + 1);
            (*frac)[m][k] = f - floor(f);
        }
        m++;
    }
    if (m == 0)
        return haven_fail(HAVEN_ERR_VALUE, "%s: no site labelled '%s'", path, label);
    *n_sites = m;
    return HAVEN_OK;
}

/* Open a POSCAR or extended XYZ file and read its sites (Angstrom). */
static haven_status read_structure(const char *path, site_list *s)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return haven_fail(HAVEN_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    struct stat sb;
    if (fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        fclose(fp);
        return haven_fail(HAVEN_ERR_IO,
                          "%s: is a directory (expected a POSCAR or extended XYZ file)", path);
    }
    char first[LINE_MAX_LEN] = "";
    char *ok = fgets(first, sizeof first, fp);
    if (!ok) {
        int empty = !ferror(fp);
        fclose(fp);
        return empty
                   ? haven_fail(HAVEN_ERR_FORMAT,
                                "%s: file is empty (expected a POSCAR or extended XYZ file)", path)
                   : haven_fail(HAVEN_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
    }
    rewind(fp);
    char *end;
    /* An XYZ file starts with an integer alone on its line. */
    long n = strtol(first, &end, 10);
    int xyz = end != first && n > 0 && strspn(end, " \t\r\n") == strlen(end);
    haven_status st = xyz ? read_extxyz(fp, path, s) : read_poscar(fp, path, s);
    fclose(fp);
    return st;
}

haven_status kmc_structure_read(const char *path, double cell[3][3], size_t *n,
                                double (**cart)[3], char (**label)[KMC_LABEL_MAX])
{
    site_list s = {0};
    haven_status st = read_structure(path, &s);
    *n = 0, *cart = NULL, *label = NULL;
    if (st != HAVEN_OK) {
        free(s.pos), free(s.label);
        return st;
    }
    for (int k = 0; k < 3; k++)
        for (int j = 0; j < 3; j++)
            cell[k][j] = s.cell[k][j] * HAVEN_ANGSTROM;
    for (size_t i = 0; i < s.n; i++)
        for (int j = 0; j < 3; j++)
            s.pos[i][j] *= HAVEN_ANGSTROM;
    *n = s.n, *cart = s.pos, *label = s.label;
    return HAVEN_OK;
}

haven_status haven_kmc_lattice_from_file(const char *path, const char *site_label, double cutoff,
                                         const int cells[3], haven_kmc_lattice **out)
{
    *out = NULL;
    site_list s = {0};
    haven_status st = read_structure(path, &s);
    double(*frac)[3] = NULL;
    int n_sites = 0;
    if (st == HAVEN_OK)
        st = select_sites(&s, site_label, path, &frac, &n_sites);
    if (st == HAVEN_OK) {
        double unit[3][3];
        for (int k = 0; k < 3; k++)
            for (int j = 0; j < 3; j++)
                unit[k][j] = s.cell[k][j] * HAVEN_ANGSTROM;
        st = kmc_lattice_build((const double(*)[3])unit, (const double(*)[3])frac, n_sites, 3,
                               cutoff, cells, out);
        if (st != HAVEN_OK)
            haven_error_prefix("%s: ", path);
    }
    free(frac);
    free(s.pos);
    free(s.label);
    return st;
}
