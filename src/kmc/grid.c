/* Cell shifts of the neighbour table, checked against the table itself. */
#include "kmc/grid.h"

#include <stdlib.h>

/* Shift of cell index t from cell 0 along a vector of n cells, in
 * (-n/2, n/2] so that most cells are "inside". */
static int nearest_shift(int t, int n)
{
    return t > n / 2 ? t - n : t;
}

static void derive(kmc_grid *g, const haven_kmc_lattice *L)
{
    for (int i = 0; i < 3; i++)
        g->lo[i] = g->hi[i] = 0;
    for (int b = 0; b < g->n_basis; b++)
        for (int k = 0; k < L->z[b]; k++) {
            /* Site b lies in cell (0, 0, 0). */
            size_t t = (size_t)L->nbr[b * g->zm + k];
            int *sh = g->shift[b * g->zm + k], c[3];
            kmc_grid_cell(g, t, c);
            for (int i = 0; i < 3; i++)
                sh[i] = nearest_shift(c[i], g->cells[i]);
            sh[3] = (int)(t % (size_t)g->n_basis);
            for (int i = 0; i < 3; i++) {
                g->lo[i] = sh[i] < -g->lo[i] ? -sh[i] : g->lo[i];
                g->hi[i] = sh[i] > g->hi[i] ? sh[i] : g->hi[i];
            }
            g->off[b * g->zm + k] =
                ((sh[0] * g->cells[1] + sh[1]) * g->cells[2] + sh[2]) * g->n_basis + sh[3] - b;
            g->rev[b * g->zm + k] = L->rev[b * g->zm + k];
        }
}

/* The arithmetic must reproduce the lattice's tables exactly. */
static int matches(const kmc_grid *g, const haven_kmc_lattice *L)
{
    int row[KMC_MAX_Z];
    for (size_t x = 0; x < L->n_sites; x++) {
        int b = (int)(x % (size_t)g->n_basis);
        int z = kmc_grid_neighbours(g, L, x, b, row);
        for (int k = 0; k < z; k++)
            if (row[k] != L->nbr[x * g->zm + k] || g->rev[b * g->zm + k] != L->rev[x * g->zm + k])
                return 0;
    }
    return 1;
}

int kmc_grid_init(kmc_grid *g, const haven_kmc_lattice *L)
{
    g->on = 0;
    g->zm = L->zmax;
    g->n_basis = L->n_basis;
    for (int i = 0; i < 3; i++)
        g->cells[i] = L->cells[i];
    size_t slots = (size_t)L->n_basis * L->zmax;
    g->off = malloc(slots * sizeof *g->off);
    g->shift = malloc(slots * sizeof *g->shift);
    g->rev = malloc(slots);
    if (!g->off || !g->shift || !g->rev)
        return -1;
    if (L->zmax > KMC_MAX_Z || L->n_sites > (size_t)0x7fffffff)
        return 0;
    derive(g, L);
    g->on = 1;
    g->on = matches(g, L);
    return 0;
}

void kmc_grid_free(kmc_grid *g)
{
    free(g->off);
    free(g->shift);
    free(g->rev);
    g->off = NULL;
    g->shift = NULL;
    g->rev = NULL;
}
