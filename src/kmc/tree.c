/* Sum tree for the residence-time algorithm's event selection. */
#include "kmc/tree.h"

#include <stdlib.h>
#include <string.h>

int kmc_tree_init(kmc_tree *t, size_t n)
{
    t->n_leaves = 1;
    while (t->n_leaves < n)
        t->n_leaves *= 2;
    /* Cache-line aligned, so that node[8k..8k+7] is one line. */
    size_t bytes = 2 * t->n_leaves * sizeof *t->node;
    bytes = (bytes + 63) / 64 * 64;
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
