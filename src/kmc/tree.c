/* Sum tree for the residence-time algorithm's event selection. */
#include "kmc/tree.h"

#include <stdlib.h>
#include <string.h>

int kmc_tree_init(kmc_tree *t, size_t n)
{
    /* Level sizes from the leaves up: each a multiple of W, so every
     * group of siblings is complete; the root's level is one group too. */
    size_t size[KMC_TREE_MAX_LEVELS], m = n ? n : 1, total = 0;
    t->n_levels = 0;
    t->node = NULL;
    for (;;) {
        size_t padded = (m + KMC_TREE_W - 1) / KMC_TREE_W * KMC_TREE_W;
        size[t->n_levels++] = padded;
        total += padded;
        if (m == 1)
            break;
        if (t->n_levels == KMC_TREE_MAX_LEVELS)
            return -1;
        m = padded / KMC_TREE_W;
    }
    /* Root level first, then down to the leaves. */
    size_t at = 0;
    for (size_t l = t->n_levels; l-- > 0;) {
        t->off[l] = at;
        at += size[l];
    }
    t->n_nodes = total;
    /* Cache-line aligned, so that each group of 8 siblings is one line. */
    size_t bytes = (total * sizeof *t->node + 63) / 64 * 64;
    t->node = aligned_alloc(64, bytes);
    if (!t->node)
        return -1;
    memset(t->node, 0, bytes);
    return 0;
}

void kmc_tree_free(kmc_tree *t)
{
    free(t->node);
    t->node = NULL;
}
