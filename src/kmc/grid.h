/* Internal: neighbours by arithmetic on the periodic cell grid, so that the
 * hot loop reads no neighbour table (fcc 32^3: 7.9 MB of nbr and rev, a
 * cache miss for every site a hop touches). Sites are numbered as in
 * lattice.h; a neighbour is a fixed cell shift and basis site per (basis,
 * slot), and for cells away from the faces a fixed index offset. */
#ifndef HAVEN_SRC_KMC_GRID_H
#define HAVEN_SRC_KMC_GRID_H

#include "kmc/lattice.h"

#define KMC_MAX_Z 64 /* slots per site the lattice builder allows */
/* Below this size (bytes) of the neighbour and reverse tables the engine
 * reads them instead. */
#define KMC_GRID_MIN_TABLES (1u << 20)

typedef struct {
    int on; /* 0: the tables of the lattice are used */
    int zm, n_basis;
    int cells[3];
    int lo[3], hi[3];   /* cells with lo <= c < cells - hi see only inside cells */
    int *off;           /* [b * zm + k]: index offset for such cells */
    int (*shift)[4];    /* [b * zm + k]: cell shift and basis of the neighbour */
    unsigned char *rev; /* [b * zm + k]: slot back (the same in every cell) */
} kmc_grid;

/* Derive the shifts from the lattice's tables and check that they give
 * those tables for every site; g->on = 0 where they do not. Returns 0, or
 * -1 when out of memory. */
int kmc_grid_init(kmc_grid *g, const haven_kmc_lattice *L);
void kmc_grid_free(kmc_grid *g);

/* Cell coordinates of site x (three divisions). */
static inline void kmc_grid_cell(const kmc_grid *g, size_t x, int *c)
{
    unsigned cell = (unsigned)x / (unsigned)g->n_basis, t = cell / (unsigned)g->cells[2];
    c[0] = (int)(t / (unsigned)g->cells[1]);
    c[1] = (int)(t % (unsigned)g->cells[1]);
    c[2] = (int)(cell % (unsigned)g->cells[2]);
}

/* The neighbour through slot k of the site of basis b in cell c, without a
 * division when the caller keeps its sites' cells: the neighbour's cell
 * goes to w and its basis site to *wb. Returns the neighbour's index. */
static inline int kmc_grid_step(const kmc_grid *g, const int *c, int b, int k, int *w, int *wb)
{
    const int *sh = g->shift[b * g->zm + k];
    for (int i = 0; i < 3; i++) {
        w[i] = c[i] + sh[i];
        w[i] += w[i] < 0 ? g->cells[i] : 0;
        w[i] -= w[i] >= g->cells[i] ? g->cells[i] : 0;
    }
    *wb = sh[3];
    return ((w[0] * g->cells[1] + w[1]) * g->cells[2] + w[2]) * g->n_basis + sh[3];
}

/* Neighbours of site x (basis b) into out[0..z); returns z. */
static inline int kmc_grid_neighbours(const kmc_grid *g, const haven_kmc_lattice *L, size_t x,
                                      int b, int *out)
{
    int z = L->z[b];
    if (!g->on) {
        const int *row = L->nbr + x * g->zm;
        for (int k = 0; k < z; k++)
            out[k] = row[k];
        return z;
    }
    int c[3];
    kmc_grid_cell(g, x, c);
    int inside = 1;
    for (int i = 0; i < 3; i++)
        inside &= (c[i] >= g->lo[i]) & (c[i] < g->cells[i] - g->hi[i]);
    if (inside) {
        const int *off = g->off + b * g->zm;
        for (int k = 0; k < z; k++)
            out[k] = (int)x + off[k];
        return z;
    }
    for (int k = 0; k < z; k++) {
        int w[3], wb;
        out[k] = kmc_grid_step(g, c, b, k, w, &wb);
    }
    return z;
}

/* Slot of x in the list of its neighbour through slot k. */
static inline int kmc_grid_rev(const kmc_grid *g, const haven_kmc_lattice *L, size_t x, int b,
                               int k)
{
    return g->on ? g->rev[b * g->zm + k] : L->rev[x * g->zm + k];
}

/* Basis site of the neighbour y of a site of basis b through slot k. */
static inline int kmc_grid_nbr_basis(const kmc_grid *g, const haven_kmc_lattice *L, int b, int k,
                                     size_t y)
{
    return g->on ? g->shift[b * g->zm + k][3] : (int)(y % (size_t)L->n_basis);
}

#endif
