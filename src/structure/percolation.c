/* Percolation of a density's isosurface network.
 *
 * Voxels are added in order of falling density (the level sweeping down
 * from rho_max), and joined to their face neighbours already present by a
 * union-find that also keeps each voxel's periodic image relative to its
 * cluster's root. Joining two voxels of one cluster whose images disagree
 * closes a loop around the torus: the difference is a wrapping translation
 * of that cluster, and the rank of those translations is its dimensionality
 * (the approach of Newman and Ziff, Phys. Rev. E 64, 016706 (2001), for
 * wrapping probabilities). The level at which the largest rank first
 * reaches 1, 2 and 3 is recorded; for the curve, the voxels in clusters of
 * each rank are counted as the sweep goes. */
#include "haven/structure.h"

#include "core/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    size_t *parent;
    int (*off)[3];     /* image of a voxel relative to its parent */
    int (*basis)[3][3]; /* per root: independent wrapping translations */
    unsigned char *rank; /* per root */
    unsigned char *in;   /* voxel present */
    size_t *size;        /* per root: voxels in the cluster */
    size_t count[4];     /* voxels in clusters of rank 0..3 */
} uf_t;

/* Root of v and v's image relative to it (path halving keeps offsets). */
static size_t uf_find(uf_t *u, size_t v, int img[3])
{
    img[0] = img[1] = img[2] = 0;
    size_t r = v;
    while (u->parent[r] != r) {
        for (int k = 0; k < 3; k++)
            img[k] += u->off[r][k];
        r = u->parent[r];
    }
    /* compress: point every voxel on the path straight at the root */
    int acc[3] = {img[0], img[1], img[2]};
    for (size_t x = v; u->parent[x] != r;) {
        size_t next = u->parent[x];
        int nacc[3] = {acc[0] - u->off[x][0], acc[1] - u->off[x][1], acc[2] - u->off[x][2]};
        u->parent[x] = r;
        memcpy(u->off[x], acc, sizeof acc);
        memcpy(acc, nacc, sizeof acc);
        x = next;
    }
    return r;
}

static long det3(const int a[3], const int b[3], const int c[3])
{
    return (long)a[0] * ((long)b[1] * c[2] - (long)b[2] * c[1]) -
           (long)a[1] * ((long)b[0] * c[2] - (long)b[2] * c[0]) +
           (long)a[2] * ((long)b[0] * c[1] - (long)b[1] * c[0]);
}

/* Is w independent of the first `rank` vectors of basis? */
static int independent(int basis[3][3], int rank, const int w[3])
{
    if (!w[0] && !w[1] && !w[2])
        return 0;
    if (rank == 0)
        return 1;
    if (rank == 1) {
        const int *a = basis[0];
        long cx = (long)a[1] * w[2] - (long)a[2] * w[1], cy = (long)a[2] * w[0] - (long)a[0] * w[2],
             cz = (long)a[0] * w[1] - (long)a[1] * w[0];
        return cx || cy || cz;
    }
    if (rank == 2)
        return det3(basis[0], basis[1], w) != 0;
    return 0;
}

static void add_wrap(uf_t *u, size_t root, const int w[3])
{
    if (u->rank[root] < 3 && independent(u->basis[root], u->rank[root], w))
        memcpy(u->basis[root][u->rank[root]++], w, sizeof(int[3]));
}

/* Join voxel a with neighbour b lying at image shift s from a. Returns the
 * rank of the resulting cluster. */
static int uf_join(uf_t *u, size_t a, size_t b, const int s[3])
{
    int ia[3], ib[3];
    size_t ra = uf_find(u, a, ia), rb = uf_find(u, b, ib);
    int want[3]; /* b's image relative to ra */
    for (int k = 0; k < 3; k++)
        want[k] = ia[k] + s[k];
    u->count[u->rank[ra]] -= u->size[ra];
    if (ra == rb) {
        int w[3] = {want[0] - ib[0], want[1] - ib[1], want[2] - ib[2]};
        add_wrap(u, ra, w);
        u->count[u->rank[ra]] += u->size[ra];
        return u->rank[ra];
    }
    u->count[u->rank[rb]] -= u->size[rb];
    u->size[ra] += u->size[rb];
    u->parent[rb] = ra;
    for (int k = 0; k < 3; k++)
        u->off[rb][k] = want[k] - ib[k];
    /* rb's translations are translations of the merged cluster too */
    for (int j = 0; j < u->rank[rb]; j++)
        add_wrap(u, ra, u->basis[rb][j]);
    u->count[u->rank[ra]] += u->size[ra];
    return u->rank[ra];
}

typedef struct {
    double v;
    size_t i;
} voxel_key;

static int by_density_desc(const void *x, const void *y)
{
    double a = ((const voxel_key *)x)->v, b = ((const voxel_key *)y)->v;
    return a < b ? 1 : a > b ? -1 : 0;
}

static int add_voxel(uf_t *u, const haven_grid *g, size_t v)
{
    size_t n1 = g->n[1], n2 = g->n[2];
    long idx[3] = {(long)(v / (n1 * n2)), (long)((v / n2) % n1), (long)(v % n2)};
    u->in[v] = 1;
    u->size[v] = 1;
    u->count[0]++;
    int best = 0;
    for (int ax = 0; ax < 3; ax++)
        for (int dir = -1; dir <= 1; dir += 2) {
            long j[3] = {idx[0], idx[1], idx[2]};
            int s[3] = {0, 0, 0};
            long n = (long)g->n[ax];
            j[ax] += dir;
            if (j[ax] < 0)
                j[ax] += n, s[ax] = -1;
            else if (j[ax] >= n)
                j[ax] -= n, s[ax] = 1;
            size_t w = ((size_t)j[0] * n1 + (size_t)j[1]) * n2 + (size_t)j[2];
            if (!u->in[w])
                continue;
            int r = uf_join(u, v, w, s);
            if (r > best)
                best = r;
        }
    return best;
}

static void uf_free(uf_t *u)
{
    free(u->parent), free(u->off), free(u->basis), free(u->rank), free(u->in), free(u->size);
}

/* The union-find for g and its voxels with rho > 0 in order of falling
 * density (*order, *n_pos; freed with uf_free and free). */
static haven_status sweep_init(const haven_grid *g, uf_t *u, voxel_key **order, size_t *n_pos)
{
    size_t total = g->n[0] * g->n[1] * g->n[2];
    memset(u, 0, sizeof *u);
    *order = malloc(total * sizeof **order);
    u->parent = malloc(total * sizeof *u->parent);
    u->off = calloc(total, sizeof *u->off);
    u->basis = calloc(total, sizeof *u->basis);
    u->rank = calloc(total, 1);
    u->in = calloc(total, 1);
    u->size = calloc(total, sizeof *u->size);
    if (!*order || !u->parent || !u->off || !u->basis || !u->rank || !u->in || !u->size) {
        free(*order), uf_free(u);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory for percolation of %zu voxels", total);
    }
    *n_pos = 0;
    for (size_t v = 0; v < total; v++) {
        u->parent[v] = v;
        if (!isfinite(g->value[v]) || g->value[v] < 0) {
            free(*order), uf_free(u);
            return haven_fail(HAVEN_ERR_VALUE, "grid value %zu is %g: densities must be finite "
                              "and >= 0", v, g->value[v]);
        }
        if (g->value[v] > 0)
            (*order)[(*n_pos)++] = (voxel_key){g->value[v], v};
    }
    qsort(*order, *n_pos, sizeof **order, by_density_desc);
    return HAVEN_OK;
}

haven_status haven_grid_percolation(const haven_grid *g, double temperature,
                                    haven_percolation *out)
{
    memset(out, 0, sizeof *out);
    size_t total = g->n[0] * g->n[1] * g->n[2], n_pos;
    uf_t u;
    voxel_key *order;
    haven_status st = sweep_init(g, &u, &order, &n_pos);
    if (st != HAVEN_OK)
        return st;
    out->rho_max = n_pos ? order[0].v : 0;
    out->visited_fraction = (double)n_pos / (double)total;
    for (int d = 0; d < 3; d++)
        out->level[d] = out->barrier[d] = NAN;
    int dim = 0;
    for (size_t p = 0; p < n_pos && dim < 3; p++) {
        int r = add_voxel(&u, g, order[p].i);
        for (; dim < r; dim++)
            out->level[dim] = order[p].v;
    }
    out->dimensionality = dim;
    for (int d = 0; d < 3 && temperature > 0; d++)
        if (isfinite(out->level[d]))
            out->barrier[d] = -HAVEN_KB * temperature * log(out->level[d] / out->rho_max);
    free(order), uf_free(&u);
    return HAVEN_OK;
}

haven_status haven_grid_percolation_curve(const haven_grid *g, const double *levels, size_t n,
                                          double *out)
{
    for (size_t k = 0; k < n; k++)
        if (isnan(levels[k]))
            return haven_fail(HAVEN_ERR_ARG, "percolation curve: level %zu is NaN", k);
    size_t total = g->n[0] * g->n[1] * g->n[2], n_pos, *idx = malloc((n ? n : 1) * sizeof *idx);
    if (!idx)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    uf_t u;
    voxel_key *order;
    haven_status st = sweep_init(g, &u, &order, &n_pos);
    if (st != HAVEN_OK) {
        free(idx);
        return st;
    }
    for (size_t k = 0; k < n; k++)
        idx[k] = k;
    /* levels from the highest down; insertion sort (qsort has no context
     * argument, and n is a figure's few hundred levels) */
    for (size_t a = 1; a < n; a++)
        for (size_t b = a; b > 0 && levels[idx[b - 1]] < levels[idx[b]]; b--) {
            size_t tmp = idx[b];
            idx[b] = idx[b - 1];
            idx[b - 1] = tmp;
        }
    size_t p = 0;
    for (size_t m = 0; m < n; m++) {
        size_t k = idx[m];
        for (; p < n_pos && order[p].v >= levels[k]; p++)
            add_voxel(&u, g, order[p].i);
        size_t wrapped = 0;
        out[k] = (double)p / (double)total;
        for (int d = 2; d >= 0; d--) {
            wrapped += u.count[d + 1];
            out[(size_t)(d + 1) * n + k] = (double)wrapped / (double)total;
        }
    }
    free(idx), free(order), uf_free(&u);
    return HAVEN_OK;
}
