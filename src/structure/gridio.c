/* Grid files: Gaussian cube and VASP CHGCAR, written and read back.
 *
 * Cube (Gaussian's format, read by VESTA, OVITO, VMD): two comment lines;
 * atom count and origin; per axis the point count and the step vector
 * (bohr); the atoms (Z, charge, x y z in bohr); then the values with the
 * last axis fastest, six per line. The value is the number density in
 * bohr^-3.
 * CHGCAR (VASP): a POSCAR (comment, scale, lattice in A, species, counts,
 * Direct, fractional positions), a blank line, the point counts, then
 * value x cell volume (A^3) with the first axis fastest, five per line.
 *
 * The text is formatted into memory (no FILE in the public API); a file is
 * written from it through a temporary file renamed over the target. */
#include "haven/elements.h"
#include "haven/structure.h"

#include "core/error.h"
#include "core/membuf.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BOHR 0.529177210903e-10 /* m, CODATA 2018 */

static double cell_volume(const double c[3][3])
{
    return fabs(c[0][0] * (c[1][1] * c[2][2] - c[1][2] * c[2][1]) -
                c[0][1] * (c[1][0] * c[2][2] - c[1][2] * c[2][0]) +
                c[0][2] * (c[1][0] * c[2][1] - c[1][1] * c[2][0]));
}

static haven_status write_check(FILE *fp)
{
    if (ferror(fp))
        return haven_fail(HAVEN_ERR_IO, "error writing the grid file: %s", strerror(errno));
    return HAVEN_OK;
}

static void one_line(const char *comment, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s", comment ? comment : "haven");
    buf[strcspn(buf, "\r\n")] = '\0';
}

static haven_status write_cube(const haven_grid *g, const char *comment, FILE *fp)
{
    char line[256];
    one_line(comment, line, sizeof line);
    fprintf(fp, "%s\nnumber density in bohr^-3, written by haven\n", line);
    fprintf(fp, "%5zu %12.6f %12.6f %12.6f\n", g->n_atoms, 0.0, 0.0, 0.0);
    for (int a = 0; a < 3; a++)
        fprintf(fp, "%5zu %.10f %.10f %.10f\n", g->n[a], g->cell[a][0] / BOHR / (double)g->n[a],
                g->cell[a][1] / BOHR / (double)g->n[a], g->cell[a][2] / BOHR / (double)g->n[a]);
    for (size_t i = 0; i < g->n_atoms; i++) {
        double r[3];
        for (int k = 0; k < 3; k++)
            r[k] = (g->atom_frac[i][0] * g->cell[0][k] + g->atom_frac[i][1] * g->cell[1][k] +
                    g->atom_frac[i][2] * g->cell[2][k]) /
                   BOHR;
        fprintf(fp, "%5d %12.6f %.10f %.10f %.10f\n", g->atom_z[i], (double)g->atom_z[i], r[0],
                r[1], r[2]);
    }
    const double b3 = BOHR * BOHR * BOHR;
    for (size_t i = 0; i < g->n[0]; i++)
        for (size_t j = 0; j < g->n[1]; j++) {
            for (size_t k = 0; k < g->n[2]; k++)
                fprintf(fp, " %.8E%s", g->value[(i * g->n[1] + j) * g->n[2] + k] * b3,
                        (k % 6 == 5 || k + 1 == g->n[2]) ? "\n" : "");
        }
    return write_check(fp);
}

/* Atoms grouped by element in order of first appearance (POSCAR needs
 * each species contiguous). order[] receives the atom indices. */
static size_t group_species(const haven_grid *g, size_t *order, int *zs, size_t *counts)
{
    size_t n_sp = 0, o = 0;
    for (size_t i = 0; i < g->n_atoms; i++) {
        size_t s = 0;
        while (s < n_sp && zs[s] != g->atom_z[i])
            s++;
        if (s == n_sp) {
            zs[n_sp] = g->atom_z[i];
            counts[n_sp++] = 0;
        }
        counts[s]++;
    }
    for (size_t s = 0; s < n_sp; s++)
        for (size_t i = 0; i < g->n_atoms; i++)
            if (g->atom_z[i] == zs[s])
                order[o++] = i;
    return n_sp;
}

static haven_status chgcar_atoms(const haven_grid *g, FILE *fp)
{
    size_t n = g->n_atoms ? g->n_atoms : 1;
    size_t *order = malloc(n * sizeof *order), *counts = malloc(n * sizeof *counts);
    int *zs = malloc(n * sizeof *zs);
    if (!order || !counts || !zs) {
        free(order), free(counts), free(zs);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    size_t n_sp = group_species(g, order, zs, counts);
    for (size_t s = 0; s < n_sp; s++) {
        const char *sym = zs[s] > 0 ? haven_element_symbol(zs[s]) : NULL;
        fprintf(fp, " %s", sym ? sym : "X");
    }
    fputc('\n', fp);
    for (size_t s = 0; s < n_sp; s++)
        fprintf(fp, " %zu", counts[s]);
    fprintf(fp, "\nDirect\n");
    for (size_t o = 0; o < g->n_atoms; o++) {
        const double *f = g->atom_frac[order[o]];
        fprintf(fp, " %12.8f %12.8f %12.8f\n", f[0], f[1], f[2]);
    }
    free(order), free(counts), free(zs);
    return HAVEN_OK;
}

static haven_status write_chgcar(const haven_grid *g, const char *comment, FILE *fp)
{
    char line[256];
    one_line(comment, line, sizeof line);
    fprintf(fp, "%s\n 1.0\n", line);
    for (int a = 0; a < 3; a++)
        fprintf(fp, " %14.8f %14.8f %14.8f\n", g->cell[a][0] / HAVEN_ANGSTROM,
                g->cell[a][1] / HAVEN_ANGSTROM, g->cell[a][2] / HAVEN_ANGSTROM);
    haven_status st = chgcar_atoms(g, fp);
    if (st != HAVEN_OK)
        return st;
    double scale = cell_volume(g->cell); /* (rho in A^-3) x (V in A^3) = rho[m^-3] V[m^3] */
    fprintf(fp, "\n %zu %zu %zu\n", g->n[0], g->n[1], g->n[2]);
    size_t c = 0;
    for (size_t k = 0; k < g->n[2]; k++)
        for (size_t j = 0; j < g->n[1]; j++)
            for (size_t i = 0; i < g->n[0]; i++, c++)
                fprintf(fp, " %.11E%s", g->value[(i * g->n[1] + j) * g->n[2] + k] * scale,
                        c % 5 == 4 ? "\n" : "");
    if (c % 5)
        fputc('\n', fp);
    return write_check(fp);
}

haven_status haven_grid_format_text(const haven_grid *g, haven_grid_format format,
                                    const char *comment, char **text, size_t *len)
{
    *text = NULL;
    *len = 0;
    if (format != HAVEN_GRID_CUBE && format != HAVEN_GRID_CHGCAR)
        return haven_fail(HAVEN_ERR_ARG, "unknown grid file format %d", (int)format);
    if (format == HAVEN_GRID_CHGCAR && g->n_atoms == 0)
        return haven_fail(HAVEN_ERR_ARG, "a CHGCAR needs at least one atom in its POSCAR part");
    haven_membuf b;
    FILE *fp = haven_membuf_open(&b);
    if (!fp)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory for the grid file");
    haven_status st = format == HAVEN_GRID_CUBE ? write_cube(g, comment, fp)
                                                : write_chgcar(g, comment, fp);
    if (haven_membuf_close(fp, &b) != 0)
        return st != HAVEN_OK ? st : haven_fail(HAVEN_ERR_NOMEM, "out of memory for the grid file");
    if (st != HAVEN_OK) {
        free(b.data);
        return st;
    }
    *text = b.data;
    *len = b.len;
    return HAVEN_OK;
}

/* A new file beside path, created exclusively (never through a link placed
 * at its name; a name taken by another writer is skipped), mode 0666 less
 * the umask as for any new file. */
static FILE *open_temp(const char *path, char *tmp, size_t cap)
{
    int fd = -1;
    for (int k = 0; k < 100 && fd < 0; k++) {
        snprintf(tmp, cap, "%s.tmp.%ld.%d", path, (long)getpid(), k);
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (fd >= 0 && !fp) {
        int e = errno;
        close(fd), unlink(tmp);
        errno = e;
    }
    return fp;
}

/* text to a temporary file beside path, renamed over it once complete. */
static haven_status write_atomically(const char *path, const char *text, size_t len)
{
    size_t n = strlen(path) + 48;
    char *tmp = malloc(n);
    if (!tmp)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    FILE *fp = open_temp(path, tmp, n);
    if (!fp) {
        haven_status st = haven_fail(HAVEN_ERR_IO, "%s: cannot create a file beside it: %s",
                                     path, strerror(errno));
        free(tmp);
        return st;
    }
    int ok = fwrite(text, 1, len, fp) == len;
    int err = ok ? 0 : errno;
    if (fclose(fp) != 0 && ok)
        ok = 0, err = errno;
    if (ok && rename(tmp, path) != 0)
        ok = 0, err = errno;
    if (!ok)
        unlink(tmp);
    free(tmp);
    return ok ? HAVEN_OK
              : haven_fail(HAVEN_ERR_IO, "%s: cannot write the grid file: %s", path, strerror(err));
}

haven_status haven_grid_write(const haven_grid *g, haven_grid_format format, const char *comment,
                              const char *path)
{
    char *text;
    size_t len;
    haven_status st = haven_grid_format_text(g, format, comment, &text, &len);
    if (st != HAVEN_OK)
        return st;
    st = write_atomically(path, text, len);
    free(text);
    return st;
}
