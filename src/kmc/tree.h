/* Internal: W-ary sum tree over n leaf rates (W = 8: a node's children
 * are one 64-byte cache line). Setting a leaf recomputes its ancestors
 * from their children (no accumulated rounding drift); selecting a leaf
 * for a uniform number descends from the root. Both are O(log_W n): for
 * 6554 vacancies 5 dependent levels instead of the binary tree's 13. */
#ifndef HAVEN_SRC_KMC_TREE_H
#define HAVEN_SRC_KMC_TREE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__GNUC__)
#define KMC_PREFETCH(p) __builtin_prefetch(p, 1)
#define KMC_PREFETCH_READ(p) __builtin_prefetch(p, 0)
#else
#define KMC_PREFETCH(p) ((void)(p))
#define KMC_PREFETCH_READ(p) ((void)(p))
#endif

#define KMC_TREE_W 8           /* the sums below are written out for 8 */
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

/* Prefix sums pre[k] = c[0] + ... + c[k-1] in Sklansky's order (pairs,
 * then quads, then the eight): three adds deep instead of eight, and still
 * non-decreasing (each is an earlier block's total plus a non-decreasing
 * prefix of the next block), with pre[8] the bits of kmc_tree_group_sum. */
static inline void kmc_tree_prefix(const double *c, double *pre)
{
    double p01 = c[0] + c[1], p23 = c[2] + c[3], p45 = c[4] + c[5], p67 = c[6] + c[7];
    double q0 = p01 + p23, q1 = p45 + p67;
    pre[0] = 0;
    pre[1] = c[0];
    pre[2] = p01;
    pre[3] = p01 + c[2];
    pre[4] = q0;
    pre[5] = q0 + c[4];
    pre[6] = q0 + p45;
    pre[7] = q0 + (p45 + c[6]);
    pre[8] = q0 + q1;
}

/* Child of a group for u: the first c with pre[c + 1] > u. Rounding can
 * leave u at or above the group's sum, and a zero-rate subtree must never
 * be entered: u is first capped at the largest double below the sum (a
 * positive sum: only groups under a non-zero rate are entered), which is
 * below pre[last non-zero + 1]. With non-decreasing prefixes the child
 * found then has a non-zero rate. Counting instead of breaking out of the
 * loop leaves no branch for the predictor to miss. *u loses the prefix. */
static inline size_t kmc_tree_pick(const double *c, double *u)
{
    double pre[KMC_TREE_W + 1], below;
    kmc_tree_prefix(c, pre);
    uint64_t bits;
    memcpy(&bits, &pre[KMC_TREE_W], sizeof bits);
    bits--;
    memcpy(&below, &bits, sizeof below);
    double v = *u < below ? *u : below;
    size_t cnt = 0;
    for (size_t k = 1; k <= KMC_TREE_W; k++)
        cnt += (size_t)(pre[k] <= v);
    *u = v - pre[cnt];
    return cnt;
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
