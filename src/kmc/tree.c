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
