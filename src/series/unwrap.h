/* Frame-to-frame unwrapping into continuous Cartesian paths. */
#ifndef HAVEN_SRC_SERIES_UNWRAP_H
#define HAVEN_SRC_SERIES_UNWRAP_H

#include "haven/traj.h"

typedef struct {
    size_t n_atoms;
    double (*prev_frac)[3]; /* previous frame, fractional (wrapped input) */
    double (*prev_wrap)[3]; /* previous frame, Cartesian as given */
    double (*path)[3];      /* current continuous positions, m */
    long frames;
    double max_jump; /* warning threshold, fraction of the cell */
    size_t n_large;  /* large jumps seen */
} haven_unwrapper;

haven_status haven_unwrapper_init(haven_unwrapper *u, size_t n_atoms, double max_jump);
void haven_unwrapper_clear(haven_unwrapper *u);
/* Advance by one frame; u->path then holds the continuous positions. */
haven_status haven_unwrapper_step(haven_unwrapper *u, const haven_frame *f, const char *path);

#endif
