/* Internal: shared by the self and distinct van Hove parts. */
#ifndef HAVEN_SRC_STRUCTURE_VANHOVE_INTERNAL_H
#define HAVEN_SRC_STRUCTURE_VANHOVE_INTERNAL_H

#include "haven/vanhove.h"

/* The lags of o for a run of T frames (log-spaced 1 .. T/2 by default);
 * allow_zero admits lag 0 (the RDF). *lags is malloc'ed. */
haven_status hs_vanhove_lags(const haven_vanhove_options *o, size_t T, int allow_zero,
                             size_t **lags, size_t *n);

#endif
