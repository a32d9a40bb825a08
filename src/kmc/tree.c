/* Sum tree for the residence-time algorithm's event selection. */
#include "kmc/tree.h"

#include <stdlib.h>

int kmc_tree_init(kmc_tree *t, size_t n)
{
    t->n_leaves = 1;
    while (t->n_leaves < n)
        t->n_leaves *= 2;
    t->node = calloc(2 * t->n_leaves, sizeof *t->node);
    return t->node ? 0 : -1;
}

void kmc_tree_free(kmc_tree *t)
{
    free(t->node);
    t->node = NULL;
}

void kmc_tree_set(kmc_tree *t, size_t i, double rate)
{
    size_t k = t->n_leaves + i;
    t->node[k] = rate;
    for (k /= 2; k >= 1; k /= 2)
        t->node[k] = t->node[2 * k] + t->node[2 * k + 1];
}

size_t kmc_tree_select(const kmc_tree *t, double u, double *rest)
{
    size_t k = 1;
    while (k < t->n_leaves) {
        double left = t->node[2 * k];
        /* Rounding can leave u just above the total; never step into a
         * zero-rate subtree. */
        if (u < left || t->node[2 * k + 1] <= 0) {
            k = 2 * k;
        } else {
            u -= left;
            k = 2 * k + 1;
        }
    }
    *rest = u;
    return k - t->n_leaves;
}
