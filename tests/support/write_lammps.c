/* LAMMPS `dump custom` writer for the fixture system, in `units metal`.
 * Columns are chosen by the caller ("id type x y z ix iy iz", any order of
 * id type element x y z xu yu zu xs ys zs xsu ysu zsu ix iy iz vx vy vz);
 * rows are shuffled per frame, as LAMMPS writes them from many ranks.
 * The cell must be a LAMMPS cell (a along x, b in the xy plane). Velocities
 * are the made-up values of fixture_lammps_velocity(), in A/ps. */
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double fixture_lammps_velocity(size_t f, size_t i, int k)
{
    return 0.1 * (double)(i + 1) - 0.05 * (double)k + 0.001 * (double)f;
}

static int type_of(const fixture_system *s, size_t i)
{
    for (size_t j = 0, t = 0; j <= i; j++) {
        size_t k = 0;
        while (k < j && strcmp(s->symbols[k], s->symbols[j]))
            k++;
        t += (k == j);
        if (!strcmp(s->symbols[j], s->symbols[i]))
            return (int)t;
    }
    return 0;
}

static double min4(double a, double b, double c, double d)
{
    double m = a < b ? a : b;
    m = m < c ? m : c;
    return m < d ? m : d;
}
static double max4(double a, double b, double c, double d)
{
    return -min4(-a, -b, -c, -d);
}

static void write_box(FILE *fp, const double c[3][3])
{
    double xy = c[1][0], xz = c[2][0], yz = c[2][1];
    int tri = xy != 0 || xz != 0 || yz != 0;
    fprintf(fp, "ITEM: BOX BOUNDS %spp pp pp\n", tri ? "xy xz yz " : "");
    double xlo = min4(0, xy, xz, xy + xz), xhi = c[0][0] + max4(0, xy, xz, xy + xz);
    double ylo = yz < 0 ? yz : 0, yhi = c[1][1] + (yz > 0 ? yz : 0);
    if (tri)
        fprintf(fp, "%.17g %.17g %.17g\n%.17g %.17g %.17g\n%.17g %.17g %.17g\n", xlo, xhi, xy, ylo,
                yhi, xz, 0.0, c[2][2], yz);
    else
        fprintf(fp, "%.17g %.17g\n%.17g %.17g\n%.17g %.17g\n", xlo, xhi, ylo, yhi, 0.0, c[2][2]);
}

/* One column value of atom i in frame f; unknown columns get 0. */
static void write_value(FILE *fp, const fixture_system *s, size_t f, size_t i, const char *col)
{
    double cart[3], frac[3];
    int img[3];
    fixture_wrapped(s, f, i, cart, frac, img);
    int k = (col[0] == 'i' || col[0] == 'v') ? col[1] - 'x' : col[0] - 'x'; /* axis */
    if (!strcmp(col, "id"))
        fprintf(fp, " %zu", i + 1);
    else if (!strcmp(col, "type"))
        fprintf(fp, " %d", type_of(s, i));
    else if (!strcmp(col, "element"))
        fprintf(fp, " %s", s->symbols[i]);
    else if (k < 0 || k > 2) /* a column the reader must skip */
        fprintf(fp, " 0");
    else if (col[1] == '\0')
        fprintf(fp, " %.17g", cart[k]);
    else if (col[0] == 'i')
        fprintf(fp, " %d", img[k]);
    else if (col[0] == 'v')
        fprintf(fp, " %.17g", fixture_lammps_velocity(f, i, k));
    else if (!strcmp(col + 1, "u"))
        fprintf(fp, " %.17g", s->pos[f * s->n_atoms + i][k]);
    else if (!strcmp(col + 1, "s"))
        fprintf(fp, " %.17g", frac[k]);
    else if (!strcmp(col + 1, "su"))
        fprintf(fp, " %.17g", frac[k] + img[k]);
    else
        fprintf(fp, " 0");
}

static void shuffle(size_t *order, size_t n, unsigned long long st)
{
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    for (size_t i = n; i > 1; i--) {
        st ^= st << 13;
        st ^= st >> 7;
        st ^= st << 17;
        size_t j = (size_t)(st % i), tmp = order[i - 1];
        order[i - 1] = order[j];
        order[j] = tmp;
    }
}

static int write_frame(FILE *fp, const fixture_system *s, size_t f, char cols[][8], int ncol,
                       size_t *order)
{
    const double(*c)[3] = s->cell[f];
    if (c[0][1] != 0 || c[0][2] != 0 || c[1][2] != 0)
        return -1;
    long step = (long)f * s->stride;
    fprintf(fp, "ITEM: TIME\n%.17g\nITEM: TIMESTEP\n%ld\nITEM: NUMBER OF ATOMS\n%zu\n",
            (double)step * s->timestep_fs / 1000.0, step, s->n_atoms);
    write_box(fp, c);
    fprintf(fp, "ITEM: ATOMS");
    for (int j = 0; j < ncol; j++)
        fprintf(fp, " %s", cols[j]);
    fputc('\n', fp);
    shuffle(order, s->n_atoms, 0x2545F4914F6CDD1DULL + f);
    for (size_t r = 0; r < s->n_atoms; r++) {
        for (int j = 0; j < ncol; j++)
            write_value(fp, s, f, order[r], cols[j]);
        fputc('\n', fp);
    }
    return 0;
}

int fixture_write_lammps(const fixture_system *s, const char *path, const char *columns)
{
    char cols[32][8];
    int ncol = 0;
    for (const char *p = columns; *p && ncol < 32;) {
        size_t n = strcspn(p, " ");
        if (n > 0 && n < sizeof cols[0])
            snprintf(cols[ncol++], sizeof cols[0], "%.*s", (int)n, p);
        p += n + (p[n] == ' ');
    }
    size_t *order = malloc(s->n_atoms * sizeof *order);
    FILE *fp = fopen(path, "w");
    int rc = order && fp ? 0 : -1;
    for (size_t f = 0; f < s->n_frames && rc == 0; f++)
        rc = write_frame(fp, s, f, cols, ncol, order);
    free(order);
    if (fp && fclose(fp) != 0)
        rc = -1;
    return rc;
}
