/* Periodic lattices: the neighbour search on one unit cell, replicated
 * into a supercell by index arithmetic, and the built-in lattices. */
#include "kmc/lattice.h"
#include "kmc/grid.h"

#include "core/error.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NEIGHBOURS KMC_MAX_Z
/* Cell images searched each way along a vector: a cell this much thinner
 * than the cutoff is no crystal's, and the search would take hours (and
 * overflow an int not much further). */
#define MAX_IMAGE_RANGE 64

typedef struct {
    int b, n[3]; /* neighbour basis site and unit-cell offset */
    double d[3]; /* jump vector, m */
} unit_nbr;

static void cross(const double a[3], const double b[3], double c[3])
{
    c[0] = a[1] * b[2] - a[2] * b[1];
    c[1] = a[2] * b[0] - a[0] * b[2];
    c[2] = a[0] * b[1] - a[1] * b[0];
}

static double dot(const double a[3], const double b[3])
{
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

static void frac_to_cart(const double unit[3][3], const double f[3], double r[3])
{
    for (int k = 0; k < 3; k++)
        r[k] = f[0] * unit[0][k] + f[1] * unit[1][k] + f[2] * unit[2][k];
}

/* Images to search along each vector, from the cell heights (volume over
 * the area of the opposite face), so that no neighbour is missed. */
static haven_status image_range(const double unit[3][3], int dim, double cutoff, int range[3])
{
    double face[3][3];
    cross(unit[1], unit[2], face[0]);
    cross(unit[2], unit[0], face[1]);
    cross(unit[0], unit[1], face[2]);
    double vol = fabs(dot(unit[0], face[0]));
    if (!(vol > 0) || !isfinite(vol))
        return haven_fail(HAVEN_ERR_VALUE, "lattice cell vectors are degenerate (zero volume)");
    for (int k = 0; k < 3; k++) {
        double height = vol / sqrt(dot(face[k], face[k]));
        double r = ceil(cutoff / height) + 1; /* in double: may exceed any int */
        if (!(r <= MAX_IMAGE_RANGE))
            return haven_fail(HAVEN_ERR_VALUE,
                              "the cell is nearly flat: its height along vector %d is %.3g m, "
                              "less than 1/%d of the cutoff %g m",
                              k + 1, height, MAX_IMAGE_RANGE - 1, cutoff);
        range[k] = dim == 2 && k == 2 ? 0 : (int)r;
    }
    return HAVEN_OK;
}

/* Neighbours of basis site b among all images within the cutoff. */
static haven_status find_unit_neighbours(const double unit[3][3], const double (*frac)[3],
                                         int n_basis, const int range[3], double cutoff, int b,
                                         unit_nbr *out, int *count)
{
    double rb[3];
    frac_to_cart(unit, frac[b], rb);
    int m = 0;
    for (int n0 = -range[0]; n0 <= range[0]; n0++)
        for (int n1 = -range[1]; n1 <= range[1]; n1++)
            for (int n2 = -range[2]; n2 <= range[2]; n2++)
                for (int c = 0; c < n_basis; c++) {
                    double f[3] = {frac[c][0] + n0, frac[c][1] + n1, frac[c][2] + n2}, r[3];
                    frac_to_cart(unit, f, r);
                    double d[3] = {r[0] - rb[0], r[1] - rb[1], r[2] - rb[2]};
                    double len = sqrt(dot(d, d));
                    if (len >= cutoff || len < 1e-6 * cutoff)
                        continue;
                    if (m == MAX_NEIGHBOURS)
                        return haven_fail(HAVEN_ERR_VALUE,
                                          "site %d has more than %d neighbours within the "
                                          "cutoff %g m",
                                          b, MAX_NEIGHBOURS, cutoff);
                    out[m] = (unit_nbr){c, {n0, n1, n2}, {d[0], d[1], d[2]}};
                    m++;
                }
    *count = m;
    return HAVEN_OK;
}

static size_t site_index(const haven_kmc_lattice *L, const int c[3], int b)
{
    int w[3];
    for (int k = 0; k < 3; k++)
        w[k] = ((c[k] % L->cells[k]) + L->cells[k]) % L->cells[k];
    return (((size_t)w[0] * L->cells[1] + w[1]) * L->cells[2] + w[2]) * L->n_basis + b;
}

static haven_status alloc_tables(haven_kmc_lattice *L)
{
    size_t slots = L->n_sites * L->zmax;
    L->pos = malloc(L->n_sites * sizeof *L->pos);
    L->nbr = malloc(slots * sizeof *L->nbr);
    L->rev = malloc(slots);
    L->z = calloc(L->n_basis, 1);
    L->jump = calloc((size_t)L->n_basis * L->zmax, sizeof *L->jump);
    if (!L->pos || !L->nbr || !L->rev || !L->z || !L->jump)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory for a lattice of %zu sites", L->n_sites);
    return HAVEN_OK;
}

/* Fill positions and neighbour indices of every site from the unit table. */
static void replicate(haven_kmc_lattice *L, const double unit[3][3], const double (*frac)[3],
                      unit_nbr *const *un)
{
    for (size_t s = 0; s < L->n_sites; s++) {
        int b = (int)(s % L->n_basis);
        size_t cell = s / L->n_basis;
        int c[3] = {(int)(cell / ((size_t)L->cells[1] * L->cells[2])),
                    (int)(cell / L->cells[2] % L->cells[1]), (int)(cell % L->cells[2])};
        double f[3] = {frac[b][0] + c[0], frac[b][1] + c[1], frac[b][2] + c[2]};
        frac_to_cart(unit, f, L->pos[s]);
        for (int k = 0; k < L->zmax; k++) {
            if (k >= L->z[b]) {
                L->nbr[s * L->zmax + k] = -1;
                continue;
            }
            int t[3] = {c[0] + un[b][k].n[0], c[1] + un[b][k].n[1], c[2] + un[b][k].n[2]};
            L->nbr[s * L->zmax + k] = (int)site_index(L, t, un[b][k].b);
        }
    }
}

/* Each neighbour must be a distinct site other than the site itself, and
 * every bond must have its reverse, else the supercell is too small. */
static haven_status link_reverse(haven_kmc_lattice *L)
{
    for (size_t s = 0; s < L->n_sites; s++) {
        int b = (int)(s % L->n_basis);
        for (int k = 0; k < L->z[b]; k++) {
            int t = L->nbr[s * L->zmax + k];
            for (int j = 0; j < k; j++)
                if (L->nbr[s * L->zmax + j] == t)
                    t = -2;
            if (t == (int)s || t == -2)
                return haven_fail(HAVEN_ERR_VALUE,
                                  "supercell %dx%dx%d is too small for the neighbour cutoff: "
                                  "site %zu sees a periodic image twice; use more cells",
                                  L->cells[0], L->cells[1], L->cells[2], s);
            int r = -1, tb = t % L->n_basis;
            for (int j = 0; j < L->z[tb]; j++)
                if (L->nbr[(size_t)t * L->zmax + j] == (int)s)
                    r = j;
            if (r < 0)
                return haven_fail(HAVEN_ERR_VALUE, "neighbour table is not symmetric at site %zu",
                                  s);
            L->rev[s * L->zmax + k] = (unsigned char)r;
        }
    }
    return HAVEN_OK;
}

haven_status kmc_lattice_build(const double unit[3][3], const double (*frac)[3], int n_basis,
                               int dim, double cutoff, const int cells[3], haven_kmc_lattice **out)
{
    *out = NULL;
    if (n_basis < 1 || !(cutoff > 0))
        return haven_fail(HAVEN_ERR_ARG, "lattice needs at least one site and a cutoff > 0");
    for (int k = 0; k < 3; k++)
        if (cells[k] < 1 || cells[k] > 4096)
            return haven_fail(HAVEN_ERR_ARG, "cells must be 1..4096 along each vector, got %d",
                              cells[k]);
    /* Neighbour tables hold site indices as int. */
    double n_sites = (double)cells[0] * cells[1] * cells[2] * n_basis;
    if (n_sites > INT_MAX)
        return haven_fail(HAVEN_ERR_ARG, "a supercell of %.3g sites is more than the %d allowed",
                          n_sites, INT_MAX);
    int range[3];
    haven_status st = image_range(unit, dim, cutoff, range);
    if (st != HAVEN_OK)
        return st;
    haven_kmc_lattice *L = calloc(1, sizeof *L);
    unit_nbr **un = calloc(n_basis, sizeof *un);
    int *count = calloc(n_basis, sizeof *count);
    st = (!L || !un || !count) ? haven_fail(HAVEN_ERR_NOMEM, "out of memory") : HAVEN_OK;
    for (int b = 0; st == HAVEN_OK && b < n_basis; b++) {
        un[b] = malloc(MAX_NEIGHBOURS * sizeof **un);
        st = un[b] ? find_unit_neighbours(unit, frac, n_basis, range, cutoff, b, un[b], &count[b])
                   : haven_fail(HAVEN_ERR_NOMEM, "out of memory");
        if (st == HAVEN_OK && count[b] == 0)
            st = haven_fail(HAVEN_ERR_VALUE, "site %d has no neighbour within the cutoff %g m", b,
                            cutoff);
        if (st == HAVEN_OK && count[b] > L->zmax)
            L->zmax = count[b];
    }
    if (st == HAVEN_OK) {
        L->dim = dim;
        L->n_basis = n_basis;
        memcpy(L->cells, cells, sizeof L->cells);
        L->n_sites = (size_t)cells[0] * cells[1] * cells[2] * n_basis;
        for (int k = 0; k < 3; k++)
            for (int j = 0; j < 3; j++)
                L->cell[k][j] = unit[k][j] * cells[k];
        st = alloc_tables(L);
    }
    if (st == HAVEN_OK) {
        for (int b = 0; b < n_basis; b++) {
            L->z[b] = (unsigned char)count[b];
            for (int k = 0; k < count[b]; k++)
                memcpy(L->jump[b * L->zmax + k], un[b][k].d, sizeof(double[3]));
        }
        replicate(L, unit, frac, un);
        st = link_reverse(L);
    }
    free(count);
    for (int b = 0; un && b < n_basis; b++)
        free(un[b]);
    free(un);
    if (st != HAVEN_OK) {
        haven_kmc_lattice_free(L);
        return st;
    }
    *out = L;
    return HAVEN_OK;
}
