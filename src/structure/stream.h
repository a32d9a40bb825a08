/* Internal: the frames of a trajectory one at a time, with the time base
 * checked, continuous (unwrapped) positions kept, and the cell's inverse.
 * The analyses of src/structure read their frames through this. */
#ifndef HAVEN_SRC_STRUCTURE_STREAM_H
#define HAVEN_SRC_STRUCTURE_STREAM_H

#include "haven/traj.h"
#include "series/timebase.h"
#include "series/unwrap.h"

typedef struct {
    haven_traj *t;
    haven_timebase tb;
    haven_unwrapper uw; /* uw.path: continuous positions of the current frame, m */
    const haven_frame *f;
    double inv[3][3]; /* inverse cell of the current frame */
    double volume;    /* m^3 */
    long frames;      /* frames read so far */
} hs_stream;

haven_status hs_stream_init(hs_stream *s, haven_traj *t);
/* Next frame: HAVEN_OK, HAVEN_EOF after the last, or an error. */
haven_status hs_stream_next(hs_stream *s);
/* After HAVEN_EOF: the frame interval (s), or an error naming the file
 * when it cannot be known (fewer than 2 frames, no times, no timestep). */
haven_status hs_stream_interval(hs_stream *s, double *dt);
void hs_stream_clear(hs_stream *s);

/* Fractional coordinates of atom i of the current frame, wrapped to [0,1). */
void hs_stream_frac(const hs_stream *s, size_t i, double fr[3]);

/* Wrap into [0,1) (a value within rounding of 1 becomes 0). */
double hs_wrap01(double x);

#endif
