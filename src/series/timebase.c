#include "series/timebase.h"

#include "core/error.h"
#include "io/reader.h"

#include <math.h>

#define REL_TOL 1e-6

static int differ(double a, double b)
{
    return fabs(a - b) > REL_TOL * fmax(fabs(a), fabs(b));
}

haven_status haven_timebase_init(haven_timebase *tb, const haven_traj *t)
{
    tb->path = t->path;
    tb->interval = tb->t_first = tb->t_prev = NAN;
    tb->s_first = tb->s_prev = -1;
    tb->frames = 0;
    double opt_dt = t->opt.timestep_fs > 0 ? t->opt.timestep_fs * HAVEN_FS : NAN;
    tb->step_dt = t->file_timestep;
    if (isfinite(opt_dt)) {
        if (isfinite(tb->step_dt) && differ(tb->step_dt, opt_dt))
            return haven_fail(HAVEN_ERR_VALUE,
                              "%s: the file states a timestep of %g fs but --timestep is %g fs",
                              t->path, tb->step_dt / HAVEN_FS, t->opt.timestep_fs);
        tb->step_dt = opt_dt;
    }
    if (isfinite(tb->step_dt) && !(tb->step_dt > 0))
        return haven_fail(HAVEN_ERR_VALUE, "%s: the timestep must be positive (got %g fs)", t->path,
                          tb->step_dt / HAVEN_FS);
    tb->stride = t->file_stride;
    if (t->opt.stride > 0) {
        if (tb->stride > 0 && tb->stride != t->opt.stride)
            return haven_fail(HAVEN_ERR_VALUE,
                              "%s: the file saves every %ld steps but --stride is %ld", t->path,
                              tb->stride, t->opt.stride);
        tb->stride = t->opt.stride;
    }
    return HAVEN_OK;
}

/* First time we can know the spacing: from two frames' times or steps. */
static haven_status settle(haven_timebase *tb, const haven_frame *f)
{
    double given = (isfinite(tb->step_dt) && tb->stride > 0) ? tb->step_dt * tb->stride : NAN;
    if (isfinite(tb->t_first) && isfinite(f->time)) {
        tb->interval = f->time - tb->t_first;
        if (isfinite(given) && differ(given, tb->interval))
            return haven_fail(HAVEN_ERR_VALUE,
                              "%s: frames are %g fs apart in the file but timestep x stride "
                              "gives %g fs",
                              tb->path, tb->interval / HAVEN_FS, given / HAVEN_FS);
    } else if (tb->s_first >= 0 && f->step >= 0 && isfinite(tb->step_dt)) {
        long ds = f->step - tb->s_first;
        if (tb->stride > 0 && ds != tb->stride)
            return haven_fail(HAVEN_ERR_VALUE,
                              "%s: frames are %ld steps apart in the file but --stride is %ld",
                              tb->path, ds, tb->stride);
        tb->interval = (double)ds * tb->step_dt;
    } else {
        tb->interval = given;
    }
    if (isfinite(tb->interval) && !(tb->interval > 0))
        return haven_fail(HAVEN_ERR_VALUE, "%s: frame %ld: time does not increase", tb->path,
                          f->index + 1);
    return HAVEN_OK;
}

/* Frame spacing against the interval. Formats that store times as float32
 * (XTC, TRR) round each time to 2^-24 of its size, so the difference of two
 * carries up to 2^-23 |t| besides the relative tolerance. */
static int spacing_differs(double dt, double interval, double t)
{
    double tol = fmax(REL_TOL * fmax(fabs(dt), fabs(interval)), ldexp(fabs(t), -22));
    return fabs(dt - interval) > tol;
}

/* Every later frame must keep the same spacing as stated by the file. */
static haven_status check_uniform(haven_timebase *tb, const haven_frame *f)
{
    if (isfinite(f->time) && isfinite(tb->t_prev) &&
        spacing_differs(f->time - tb->t_prev, tb->interval, f->time) && isfinite(tb->interval))
        return haven_fail(HAVEN_ERR_VALUE,
                          "%s: frame %ld is %g fs after the previous one, expected %g fs "
                          "(frames must be evenly spaced)",
                          tb->path, f->index + 1, (f->time - tb->t_prev) / HAVEN_FS,
                          tb->interval / HAVEN_FS);
    if (f->step >= 0 && tb->s_prev >= 0 && isfinite(tb->step_dt) && isfinite(tb->interval) &&
        differ((double)(f->step - tb->s_prev) * tb->step_dt, tb->interval))
        return haven_fail(HAVEN_ERR_VALUE,
                          "%s: frame %ld is %ld steps after the previous one, expected %g "
                          "(frames must be evenly spaced)",
                          tb->path, f->index + 1, f->step - tb->s_prev, tb->interval / tb->step_dt);
    return HAVEN_OK;
}

haven_status haven_timebase_observe(haven_timebase *tb, const haven_frame *f)
{
    haven_status s = HAVEN_OK;
    if (tb->frames == 0) {
        tb->t_first = f->time;
        tb->s_first = f->step;
    } else if (tb->frames == 1) {
        s = settle(tb, f);
    } else {
        s = check_uniform(tb, f);
    }
    tb->t_prev = f->time;
    tb->s_prev = f->step;
    tb->frames++;
    return s;
}

haven_status haven_timebase_finish(haven_timebase *tb, double *interval)
{
    *interval = tb->interval;
    if (tb->frames < 2)
        return haven_fail(HAVEN_ERR_DATA, "%s: %ld frame(s); at least 2 are needed", tb->path,
                          tb->frames);
    if (!isfinite(tb->interval))
        return haven_fail(HAVEN_ERR_ARG,
                          "%s: the time between frames is unknown: the file states no frame "
                          "times%s; give --timestep FS%s",
                          tb->path, isfinite(tb->step_dt) ? "" : " or timestep",
                          tb->stride > 0 ? "" : " and --stride N");
    return HAVEN_OK;
}
