/* Internal: binary sum tree over n leaf rates. Setting a leaf recomputes
 * its ancestors from their children (no accumulated rounding drift);
 * selecting a leaf for a uniform number descends from the root. Both are
 * O(log n). */
#ifndef HAVEN_SRC_KMC_TREE_H
#define HAVEN_SRC_KMC_TREE_H

#include <stddef.h>

#if defined(__GNUC__)
#define KMC_PREFETCH(p) __builtin_prefetch(p, 1)
#define KMC_PREFETCH_READ(p) __builtin_prefetch(p, 0)
#else
#define KMC_PREFETCH(p) ((void)(p))
#define KMC_PREFETCH_READ(p) ((void)(p))
#endif

typedef struct {
    size_t n_leaves; /* power of two >= n */
    double *node;    /* node[1] is the root, leaves at node[n_leaves + i] */
} kmc_tree;

int kmc_tree_init(kmc_tree *t, size_t n);
void kmc_tree_free(kmc_tree *t);
static inline double kmc_tree_total(const kmc_tree *t)
{
    return t->node[1];
}

/* Inline: these two are most of the work of a hop. */
static inline void kmc_tree_set(kmc_tree *t, size_t i, double rate)
{
    size_t k = t->n_leaves + i;
    double v = rate;
    t->node[k] = v;
    /* The running sum stays in a register: only the sibling is loaded, and
     * left + right keeps the order of a recomputation from the children. */
    for (; k > 1; k /= 2) {
        double sib = t->node[k ^ 1];
        int odd = (int)(k & 1); /* selects without a branch to mispredict */
        v = (odd ? sib : v) + (odd ? v : sib);
        t->node[k / 2] = v;
    }
}

/* Leaf i with sum(leaves < i) <= u < sum(leaves <= i), for 0 <= u < total;
 * *rest is u minus the leaves before i. */
static inline size_t kmc_tree_select(const kmc_tree *t, double u, double *rest)
{
    size_t k = 1;
    while (k < t->n_leaves) {
        /* The descent is a chain of dependent loads: fetch the cache line
         * of the great-grandchildren (node[8k..8k+7], 64-byte aligned)
         * three steps ahead (near the leaves: the root's line instead). */
        size_t pf = 8 * k < 2 * t->n_leaves ? 8 * k : 0;
        KMC_PREFETCH_READ(t->node + pf);
        double left = t->node[2 * k];
        /* Rounding can leave u just above the total; never step into a
         * zero-rate subtree. Written without branches: the direction is
         * a coin flip the predictor cannot learn. */
        int right = (u >= left) & (t->node[2 * k + 1] > 0);
        u -= right ? left : 0.0;
        k = 2 * k + (size_t)right;
    }
    *rest = u;
    return k - t->n_leaves;
}

#endif
