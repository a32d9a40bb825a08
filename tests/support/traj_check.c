#include "traj_check.h"

#include <math.h>
#include <stdio.h>
#include <unistd.h>

/* Fractional coordinates u with u . cell = r (cell rows are lattice vectors). */
static void frac_of(const double cell[3][3], const double r[3], double u[3])
{
    double c[3][3]; /* cofactors */
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            int a = (i + 1) % 3, b = (i + 2) % 3, p = (j + 1) % 3, q = (j + 2) % 3;
            c[i][j] = cell[a][p] * cell[b][q] - cell[a][q] * cell[b][p];
        }
    double det = cell[0][0] * c[0][0] + cell[0][1] * c[0][1] + cell[0][2] * c[0][2];
    for (int k = 0; k < 3; k++)
        u[k] = (r[0] * c[k][0] + r[1] * c[k][1] + r[2] * c[k][2]) / det;
}

/* Deviation (Angstrom) of atom i of a frame from the fixture position ref. */
static double atom_error(const haven_frame *fr, size_t i, const double ref[3])
{
    double cell[3][3], r[3], d[3], u[3];
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++)
            cell[a][b] = fr->cell[a][b] / 1e-10;
    for (int k = 0; k < 3; k++)
        r[k] = fr->pos[i][k] / 1e-10;
    if (fr->coords == HAVEN_COORD_IMAGES)
        for (int k = 0; k < 3; k++)
            r[k] += fr->image[i][0] * cell[0][k] + fr->image[i][1] * cell[1][k] +
                    fr->image[i][2] * cell[2][k];
    for (int k = 0; k < 3; k++)
        d[k] = r[k] - ref[k];
    if (fr->coords == HAVEN_COORD_WRAPPED) {
        frac_of(cell, d, u);
        for (int k = 0; k < 3; k++)
            u[k] -= round(u[k]);
        for (int k = 0; k < 3; k++)
            d[k] = u[0] * cell[0][k] + u[1] * cell[1][k] + u[2] * cell[2][k];
    }
    return sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
}

traj_check traj_compare(const fixture_system *s, haven_traj *t)
{
    traj_check c = {0, 0, 0, HAVEN_OK};
    const haven_frame *fr;
    while ((c.last_status = haven_traj_read(t, &fr)) == HAVEN_OK) {
        size_t f = c.n_frames++;
        if (f >= s->n_frames || fr->n_atoms != s->n_atoms) {
            c.max_pos_err = INFINITY;
            continue;
        }
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
                c.max_cell_err =
                    fmax(c.max_cell_err, fabs(fr->cell[a][b] / 1e-10 - s->cell[f][a][b]));
        for (size_t i = 0; i < s->n_atoms; i++)
            c.max_pos_err = fmax(c.max_pos_err, atom_error(fr, i, s->pos[f * s->n_atoms + i]));
    }
    return c;
}

void scratch_path(char *buf, size_t cap, const char *tag, const char *suffix)
{
    snprintf(buf, cap, "/tmp/haven_%s_%ld%s", tag, (long)getpid(), suffix);
}
