/* Internal: state of the rotation analysis (rotation.c) and its coupling
 * to cation motion (rotation_coupling.c). */
#ifndef HAVEN_SRC_STRUCTURE_ROTATION_INTERNAL_H
#define HAVEN_SRC_STRUCTURE_ROTATION_INTERNAL_H

#include "haven/rotation.h"
#include "haven/series.h"
#include "structure/stream.h"

typedef struct {
    size_t centre, ligand; /* atom indices */
    int pad;
} hs_bond;

typedef struct {
    hs_bond *bond; /* contiguous per centre: a group is a run with one centre */
    size_t n_bonds, cap;
    haven_store *store; /* unit bond vectors, one "atom" per bond */
    /* coupling */
    size_t window;      /* frames, 0 until known */
    int have_snap;
    double (*u0)[3];    /* bond vectors at the window start */
    double (*gc)[3];    /* per bond: its centre's fractional position at the window start */
    double (*cf)[3];    /* cation fractional positions at the window start */
    double (*cu)[3];    /* cation continuous positions at the window start */
    size_t *cat;        /* cation atom indices */
    size_t n_cat;
    double n, sx, sy, sxx, syy, sxy; /* Pearson sums: x rotation angle, y displacement */
    size_t windows;
} hs_rot;

void hs_rot_vectors(const hs_rot *g, const hs_stream *s, double (*u)[3]);
haven_status hs_rot_coupling_frame(hs_rot *g, const hs_stream *s, const int *cation,
                                   const haven_rotation_options *o, const double (*u)[3]);
void hs_rot_coupling_result(const hs_rot *g, haven_rotation *out);
void hs_rot_clear(hs_rot *g);

#endif
