/* Internal: a cell list over points in fractional coordinates, for the
 * searches within a distance r (nearest site, pair distances). Bins are at
 * least r wide (with 20% slack for a cell that shrinks during a run), so
 * the neighbours of a point lie in its bin and the 26 around it. */
#ifndef HAVEN_SRC_STRUCTURE_CELLLIST_H
#define HAVEN_SRC_STRUCTURE_CELLLIST_H

#include "haven/core.h"

#include <stddef.h>

typedef struct {
    size_t nb[3];
    size_t *start; /* CSR: points of bin b are item[start[b] .. start[b+1]) */
    size_t *item;
    size_t n, cap_bins, cap_items;
} hs_celllist;

/* (Re)build for n points frac[i] (fractional, any image) under cell, bins
 * at least r wide. Reuses its memory across calls. */
haven_status hs_celllist_build(hs_celllist *c, const double (*frac)[3], size_t n,
                               const double cell[3][3], double r);
void hs_celllist_clear(hs_celllist *c);

/* The bins to visit around fractional position fr: up to 27 bin indices
 * into out (each once, also when an axis has fewer than 3 bins). */
int hs_celllist_neighbours(const hs_celllist *c, const double fr[3], size_t out[27]);

/* Squared minimum-image distance between fractional points under cell. */
double hs_min_image_d2(const double fa[3], const double fb[3], const double cell[3][3]);

/* Width of the cell perpendicular to the plane of the other two vectors. */
double hs_perp_width(const double cell[3][3], int k);

#endif
