/* Compare what a reader returns with the fixture it was written from. */
#ifndef HAVEN_TESTS_TRAJ_CHECK_H
#define HAVEN_TESTS_TRAJ_CHECK_H

#include "fixture.h"
#include "haven/traj.h"

typedef struct {
    size_t n_frames;     /* frames read before the final status */
    double max_pos_err;  /* Angstrom: |read - fixture| after unwrapping */
    double max_cell_err; /* Angstrom */
    int last_status;     /* status of the last haven_traj_read (HAVEN_EOF when all went well) */
} traj_check;

/* Read every frame. HAVEN_COORD_IMAGES frames are unwrapped with their image
 * flags; HAVEN_COORD_WRAPPED frames are compared modulo lattice vectors (the
 * fractional difference must be an integer vector). */
traj_check traj_compare(const fixture_system *s, haven_traj *t);

/* A unique scratch path "/tmp/haven_<tag>_<pid><suffix>". */
void scratch_path(char *buf, size_t cap, const char *tag, const char *suffix);

#endif
