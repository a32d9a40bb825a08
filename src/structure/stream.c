/* Frames with their time base and continuous paths (see stream.h). */
#include "structure/stream.h"

#include "core/error.h"
#include "series/cell.h"

#include <math.h>
#include <string.h>

haven_status hs_stream_init(hs_stream *s, haven_traj *t)
{
    memset(s, 0, sizeof *s);
    s->t = t;
    haven_status st = haven_timebase_init(&s->tb, t);
    if (st != HAVEN_OK)
        return st;
    return haven_unwrapper_init(&s->uw, haven_traj_n_atoms(t), 0);
}

haven_status hs_stream_next(hs_stream *s)
{
    haven_status st = haven_traj_read(s->t, &s->f);
    if (st != HAVEN_OK)
        return st;
    if ((st = haven_timebase_observe(&s->tb, s->f)) != HAVEN_OK)
        return st;
    double det = haven_cell_inverse(s->f->cell, s->inv);
    if (!(fabs(det) > 0))
        return haven_fail(HAVEN_ERR_FORMAT, "%s: frame %ld: degenerate cell",
                          haven_traj_path(s->t), s->f->index);
    s->volume = fabs(det);
    haven_frame g = *s->f;
    g.index = s->frames;
    if ((st = haven_unwrapper_step(&s->uw, &g, haven_traj_path(s->t))) != HAVEN_OK)
        return st;
    s->frames++;
    return HAVEN_OK;
}

haven_status hs_stream_interval(hs_stream *s, double *dt)
{
    return haven_timebase_finish(&s->tb, dt);
}

void hs_stream_clear(hs_stream *s)
{
    haven_unwrapper_clear(&s->uw);
}

double hs_wrap01(double x)
{
    x -= floor(x);
    return x >= 1.0 ? 0.0 : x;
}

void hs_stream_frac(const hs_stream *s, size_t i, double fr[3])
{
    haven_cart_to_frac(s->f->pos[i], s->inv, fr);
    for (int k = 0; k < 3; k++)
        fr[k] = hs_wrap01(fr[k]);
}
