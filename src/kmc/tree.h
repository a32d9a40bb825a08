/* Internal: W-ary sum tree over n leaf rates (W = 8: a node's children
 * are one 64-byte cache line). Setting a leaf recomputes its ancestors
 * from their children (no accumulated rounding drift); selecting a leaf
 * for a uniform number descends from the root. Both are O(log_W n): for
 * 6554 vacancies 5 dependent levels instead of the binary tree's 13. */
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

#define KMC_TREE_W 8
#define KMC_TREE_MAX_LEVELS 24 /* 8^23 leaves: more than any size_t */

/* Level 0 holds the leaves, the top level the root alone. Level l starts
 * at node[off[l]], a multiple of W (so each group of W siblings is
 * aligned), and is zero-padded to a multiple of W. */
typedef struct {
    size_t n_levels;
    size_t n_nodes; /* allocated, padding included */
    size_t off[KMC_TREE_MAX_LEVELS];
    double *node;
} kmc_tree;

int kmc_tree_init(kmc_tree *t, size_t n);
void kmc_tree_free(kmc_tree *t);
static inline double kmc_tree_total(const kmc_tree *t)
{
    return t->node[t->off[t->n_levels - 1]];
}

/* Sum of a sibling group in a fixed pairwise order: the same children
 * give the same bits, and the adds are three deep rather than eight. */
static inline double kmc_tree_group_sum(const double *c)
{
    return ((c[0] + c[1]) + (c[2] + c[3])) + ((c[4] + c[5]) + (c[6] + c[7]));
}

/* Inline: these two are most of the work of a hop. */
static inline void kmc_tree_set(kmc_tree *t, size_t i, double rate)
{
    t->node[t->off[0] + i] = rate;
    for (size_t l = 0; l + 1 < t->n_levels; l++) {
        size_t j = i / KMC_TREE_W;
        t->node[t->off[l + 1] + j] = kmc_tree_group_sum(t->node + t->off[l] + j * KMC_TREE_W);
        i = j;
    }
}

/* Child of a group for u: the first c with prefix(c + 1) > u, clamped to
 * the last non-zero child (rounding can leave u at or above the group's
 * sum; a zero-rate subtree must never be entered). Sequential prefix sums
 * of non-negative numbers never decrease, so below the clamp the child
 * found has a non-zero rate. Counting instead of breaking out of the loop
 * leaves no branch for the predictor to miss. *u loses the prefix. */
static inline size_t kmc_tree_pick(const double *c, double *u)
{
    double pre[KMC_TREE_W + 1], s = 0;
    size_t cnt = 0, last = 0;
    pre[0] = 0;
    for (size_t k = 0; k < KMC_TREE_W; k++) {
        s += c[k];
        pre[k + 1] = s;
        cnt += (size_t)(s <= *u);
        last = c[k] > 0 ? k : last;
    }
    size_t i = cnt < last ? cnt : last;
    *u -= pre[i];
    return i;
}

/* Leaf i with sum(leaves < i) <= u < sum(leaves <= i), for 0 <= u < total
 * (up to rounding); *rest is u minus the leaves before i. */
static inline size_t kmc_tree_select(const kmc_tree *t, double u, double *rest)
{
    size_t j = 0;
    for (size_t l = t->n_levels - 1; l > 0; l--) {
        const double *c = t->node + t->off[l - 1] + j * KMC_TREE_W;
        j = j * KMC_TREE_W + kmc_tree_pick(c, &u);
    }
    *rest = u;
    return j;
}

#endif
