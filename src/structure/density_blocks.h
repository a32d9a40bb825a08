/* Internal: contiguous time blocks of density counts whose number is not
 * known in advance (frames are streamed): 2B accumulators; when all are
 * full, neighbours are merged into B and the block length doubles, so the
 * run ends with between B and 2B - 1 contiguous blocks (the last partial,
 * merged into its neighbour when shorter than half a block). */
#ifndef HAVEN_SRC_STRUCTURE_DENSITY_BLOCKS_H
#define HAVEN_SRC_STRUCTURE_DENSITY_BLOCKS_H

#include "haven/structure.h"

typedef struct {
    size_t B, nvox, used, len;
    double *acc;    /* 2B x nvox counts */
    size_t *frames; /* 2B */
} hs_blocks;

haven_status hs_blocks_init(hs_blocks *b, size_t B, size_t nvox);
double *hs_blocks_current(hs_blocks *b);
void hs_blocks_end_frame(hs_blocks *b);
/* Move the blocks into info (n_blocks, block_frames, block_counts). */
void hs_blocks_finish(hs_blocks *b, haven_density_info *info);
void hs_blocks_clear(hs_blocks *b);

#endif
