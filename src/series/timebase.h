/* The time between frames, from what the file states and what the user gave. */
#ifndef HAVEN_SRC_SERIES_TIMEBASE_H
#define HAVEN_SRC_SERIES_TIMEBASE_H

#include "haven/traj.h"

typedef struct {
    const char *path;
    double step_dt;  /* s per MD step: file (POTIM) or --timestep; NAN if neither */
    long stride;     /* steps per frame: file (NBLOCK) or --stride; -1 if neither */
    double interval; /* s between frames once known, else NAN */
    double t_first;  /* time of frame 0 as stated, NAN */
    long s_first;    /* step of frame 0 as stated, -1 */
    double t_prev;
    long s_prev;
    long frames;
} haven_timebase;

/* Reconcile the file's metadata with the options; conflicts are errors. */
haven_status haven_timebase_init(haven_timebase *tb, const haven_traj *t);
/* Check one frame against the spacing seen so far (uniform spacing). */
haven_status haven_timebase_observe(haven_timebase *tb, const haven_frame *f);
/* The interval after all frames; an error when it cannot be known. */
haven_status haven_timebase_finish(haven_timebase *tb, double *interval);

#endif
