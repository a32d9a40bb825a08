/* The built-in lattices and the lattice accessors. Every built-in cell is
 * scaled so that the nearest-neighbour distance is a. */
#include "kmc/lattice.h"

#include "core/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *name;
    int dim, n_basis;
    double edge; /* cubic edge (3D) in units of a; 2D cells below */
    double frac[8][3];
} builtin;

static const builtin builtins[] = {
    {"sc", 3, 1, 1.0, {{0, 0, 0}}},
    {"bcc", 3, 2, 1.1547005383792515, {{0, 0, 0}, {.5, .5, .5}}}, /* 2/sqrt(3) */
    {"fcc", 3, 4, 1.4142135623730951, {{0, 0, 0}, {0, .5, .5}, {.5, 0, .5}, {.5, .5, 0}}},
    {"diamond",
     3,
     8,
     2.3094010767585030, /* 4/sqrt(3) */
     {{0, 0, 0},
      {0, .5, .5},
      {.5, 0, .5},
      {.5, .5, 0},
      {.25, .25, .25},
      {.25, .75, .75},
      {.75, .25, .75},
      {.75, .75, .25}}},
    {"square", 2, 1, 1.0, {{0, 0, 0}}},
    {"triangular", 2, 1, 1.0, {{0, 0, 0}}},
    {"honeycomb", 2, 2, 1.0, {{0, 0, 0}, {2.0 / 3, 2.0 / 3, 0}}},
};

/* 2D cells (rows, units of a); the third vector is the layer thickness a. */
static void unit_cell(const builtin *b, double a, double u[3][3])
{
    memset(u, 0, sizeof(double[3][3]));
    if (b->dim == 3) {
        for (int k = 0; k < 3; k++)
            u[k][k] = b->edge * a;
        return;
    }
    u[2][2] = a;
    if (!strcmp(b->name, "square")) {
        u[0][0] = u[1][1] = a;
    } else if (!strcmp(b->name, "triangular")) {
        u[0][0] = a;
        u[1][0] = 0.5 * a;
        u[1][1] = sqrt(3.0) / 2 * a;
    } else { /* honeycomb: sites at (0,0) and (0,a) */
        u[0][0] = sqrt(3.0) * a;
        u[1][0] = sqrt(3.0) / 2 * a;
        u[1][1] = 1.5 * a;
    }
}

haven_status haven_kmc_lattice_builtin(const char *name, const int cells[3], double a,
                                       haven_kmc_lattice **out)
{
    *out = NULL;
    if (!(a > 0) || !isfinite(a))
        return haven_fail(HAVEN_ERR_ARG, "lattice spacing a must be > 0, got %g", a);
    for (size_t i = 0; i < sizeof builtins / sizeof *builtins; i++) {
        const builtin *b = &builtins[i];
        if (!name || strcmp(name, b->name))
            continue;
        double u[3][3];
        unit_cell(b, a, u);
        int c[3] = {cells[0], cells[1], b->dim == 2 ? 1 : cells[2]};
        /* Between the first (a) and second (2a/sqrt(3), bcc) neighbour shells. */
        return kmc_lattice_build((const double(*)[3])u, b->frac, b->n_basis, b->dim, 1.05 * a, c,
                                 out);
    }
    return haven_fail(HAVEN_ERR_ARG,
                      "unknown lattice '%s' (expected sc, bcc, fcc, diamond, square, "
                      "triangular or honeycomb)",
                      name ? name : "(null)");
}

void haven_kmc_lattice_free(haven_kmc_lattice *L)
{
    if (!L)
        return;
    free(L->pos);
    free(L->nbr);
    free(L->rev);
    free(L->z);
    free(L->jump);
    free(L);
}

size_t haven_kmc_lattice_n_sites(const haven_kmc_lattice *L)
{
    return L->n_sites;
}
int haven_kmc_lattice_coordination(const haven_kmc_lattice *L)
{
    return L->zmax;
}
int haven_kmc_lattice_dim(const haven_kmc_lattice *L)
{
    return L->dim;
}

double haven_kmc_lattice_volume(const haven_kmc_lattice *L)
{
    const double(*c)[3] = L->cell;
    return fabs(c[0][0] * (c[1][1] * c[2][2] - c[1][2] * c[2][1]) -
                c[0][1] * (c[1][0] * c[2][2] - c[1][2] * c[2][0]) +
                c[0][2] * (c[1][0] * c[2][1] - c[1][1] * c[2][0]));
}

void haven_kmc_lattice_cell(const haven_kmc_lattice *L, double cell[3][3])
{
    memcpy(cell, L->cell, sizeof L->cell);
}
