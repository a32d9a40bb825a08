/* Stream a trajectory into a store: time base, unwrapping, drift removal,
 * volume and temperature bookkeeping, one frame at a time. */
#include "haven/series.h"

#include "core/error.h"
#include "io/reader.h"
#include "series/cell.h"
#include "series/load_parts.h"
#include "series/load_range.h"
#include "series/timebase.h"
#include "series/unwrap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void haven_load_options_init(haven_load_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->drift = HAVEN_DRIFT_SYSTEM;
}

haven_status haven_drift_init(haven_drift_ref *d, const haven_traj *t, const haven_load_options *o)
{
    memset(d, 0, sizeof *d);
    if (o->drift == HAVEN_DRIFT_NONE)
        return HAVEN_OK;
    d->weight = calloc(t->n_atoms, sizeof *d->weight);
    if (!d->weight)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < t->n_atoms; i++) {
        int in = o->drift == HAVEN_DRIFT_SYSTEM ||
                 (o->drift_species && o->drift_species[t->atom_species[i]]);
        d->weight[i] = in ? t->atom_mass[i] : 0.0;
        d->total += d->weight[i];
    }
    if (!(d->total > 0))
        return haven_fail(HAVEN_ERR_ARG, "%s: the drift reference contains no atoms", t->path);
    d->active = 1;
    return HAVEN_OK;
}

void haven_drift_com(const haven_drift_ref *d, const double (*path)[3], size_t n, double com[3])
{
    com[0] = com[1] = com[2] = 0;
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < 3; k++)
            com[k] += d->weight[i] * path[i][k];
    for (int k = 0; k < 3; k++)
        com[k] /= d->total;
}

void haven_drift_apply(haven_drift_ref *d, double (*path)[3], size_t n, long frame)
{
    if (!d->active)
        return;
    double com[3];
    haven_drift_com(d, (const double(*)[3])path, n, com);
    if (frame == 0)
        memcpy(d->com0, com, sizeof com);
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < 3; k++)
            path[i][k] -= com[k] - d->com0[k];
}

/* Kinetic temperature with the 3 centre-of-mass degrees of freedom removed. */
double haven_kinetic_temperature(const haven_traj *t, const haven_frame *f)
{
    double ke2 = 0, p[3] = {0, 0, 0}, m_tot = 0;
    for (size_t i = 0; i < t->n_atoms; i++) {
        double m = t->atom_mass[i];
        for (int k = 0; k < 3; k++) {
            ke2 += m * f->vel[i][k] * f->vel[i][k];
            p[k] += m * f->vel[i][k];
        }
        m_tot += m;
    }
    ke2 -= (p[0] * p[0] + p[1] * p[1] + p[2] * p[2]) / m_tot;
    double dof = 3.0 * (double)t->n_atoms - 3.0;
    return dof > 0 ? ke2 / (dof * HAVEN_KB) : NAN;
}

typedef struct {
    double vsum, vsum2, tsum, tsum2;
    size_t nt;
    size_t vel_cap; /* frames vel_sums can hold */
} running_stats;

void haven_load_info_clear(haven_load_info *info)
{
    if (!info)
        return;
    free(info->vel_sums);
    info->vel_sums = NULL;
    haven_store_free(info->velocities);
    info->velocities = NULL;
    free(info->velocity_group);
    info->velocity_group = NULL;
}

void haven_velocity_sums_row(const haven_load_options *o, const haven_frame *f, const double vc[3],
                             size_t n_atoms, double *row)
{
    memset(row, 0, o->n_vel_groups * 3 * sizeof *row);
    for (size_t i = 0; i < n_atoms; i++) {
        int g = o->vel_group[i];
        if (g >= 0)
            for (int k = 0; k < 3; k++)
                row[(size_t)g * 3 + (size_t)k] += f->vel[i][k] - vc[k];
    }
}

/* Append this frame's per-group velocity sums (grown geometrically). */
static haven_status add_velocity_sums(const haven_load_options *o, const haven_frame *f,
                                      const double vc[3], haven_load_info *info, running_stats *st,
                                      size_t n_atoms)
{
    size_t G = o->n_vel_groups, frame = (size_t)f->index;
    if (frame >= st->vel_cap) {
        size_t cap = st->vel_cap ? 2 * st->vel_cap : 1024;
        double *p = realloc(info->vel_sums, cap * G * 3 * sizeof *p);
        if (!p)
            return haven_fail(HAVEN_ERR_NOMEM, "out of memory for velocity sums");
        info->vel_sums = p;
        st->vel_cap = cap;
    }
    haven_velocity_sums_row(o, f, vc, n_atoms, info->vel_sums + frame * G * 3);
    return HAVEN_OK;
}

/* Centre-of-mass velocity of the drift reference (0 without one): removed
 * from the velocities as haven_drift_apply removes its motion from the positions,
 * so that the Green-Kubo currents are in the same frame as the MSDs. */
void haven_drift_velocity(const haven_drift_ref *d, const haven_frame *f, size_t n_atoms, double vc[3])
{
    vc[0] = vc[1] = vc[2] = 0;
    for (size_t i = 0; d->active && i < n_atoms; i++)
        for (int k = 0; k < 3; k++)
            vc[k] += d->weight[i] * f->vel[i][k] / d->total;
}

/* The velocity store, created on the first frame with velocities: atoms
 * a0 .. a0 + n - 1. */
static haven_status keep_velocities(const haven_load_options *o, const haven_frame *f,
                                    const double vc[3], haven_load_info *info, double (*v)[3],
                                    size_t a0, size_t n)
{
    haven_status s = HAVEN_OK;
    if (!info->velocities) {
        if (f->index != 0)
            return HAVEN_OK; /* velocities missing from earlier frames: none kept */
        info->velocity_group = malloc(n * sizeof *info->velocity_group);
        if (!info->velocity_group)
            return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
        memcpy(info->velocity_group, o->vel_group + a0, n * sizeof *o->vel_group);
        if ((s = haven_store_create(n, o->max_bytes, o->scratch_dir, &info->velocities)) !=
            HAVEN_OK)
            return s;
    }
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < 3; k++)
            v[i][k] = f->vel[a0 + i][k] - vc[k];
    return haven_store_append(info->velocities, (const double(*)[3])v);
}

/* Where the segments of one run stand while they are read in turn. */
typedef struct {
    running_stats st;
    long frames;     /* frames stored so far (the next global index) */
    double interval; /* s, from the first segment */
    long last_step;  /* step and time of the last stored frame, as stated */
    double last_time;
    double (*vbuf)[3]; /* one frame of velocities, with vel_group */
    size_t a0, a1;     /* the atoms kept (haven_load_options.atom_begin/end) */
    size_t *kept;      /* with haven_load_options.keep: the atoms stored, else NULL */
    size_t n_kept;
} load_state;

/* The frame's paths into the store: the kept atoms only, where some are
 * left out (half the store's memory, first touches and copies when an
 * analysis uses half the atoms). */
static haven_status store_frame(haven_store *store, const load_state *ls, const double (*path)[3])
{
    if (!ls->kept)
        return haven_store_append(store, path + ls->a0);
    double *slot = NULL;
    haven_status s = haven_store_next(store, &slot);
    for (size_t j = 0; s == HAVEN_OK && j < ls->n_kept; j++)
        memcpy(slot + 3 * j, path[ls->kept[j]], sizeof path[0]);
    return s;
}

/* ls->kept from opt->keep: NULL when every atom is kept. */
static haven_status kept_atoms(const haven_load_options *o, const haven_traj *t, load_state *ls)
{
    if (!o->keep || o->atom_end)
        return HAVEN_OK;
    size_t n = 0;
    for (size_t i = ls->a0; i < ls->a1; i++)
        n += o->keep[i] >= 0;
    if (n == ls->a1 - ls->a0)
        return HAVEN_OK;
    if (n == 0)
        return haven_fail(HAVEN_ERR_ARG, "%s: no atom is kept", t->path);
    ls->kept = malloc(n * sizeof *ls->kept);
    if (!ls->kept)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t i = ls->a0; i < ls->a1; i++)
        if (o->keep[i] >= 0)
            ls->kept[ls->n_kept++] = i;
    return HAVEN_OK;
}

/* A segment that starts where the previous one ended (a restart writes that
 * frame again) repeats it: same stated step or time. */
static int repeats_last(const load_state *ls, const haven_frame *f)
{
    if (ls->frames == 0)
        return 0;
    if (f->step >= 0 && ls->last_step >= 0)
        return f->step == ls->last_step;
    return isfinite(f->time) && isfinite(ls->last_time) &&
           fabs(f->time - ls->last_time) <= 1e-9 * fabs(f->time);
}

/* Stream one file (one segment) into the store, frames numbered on from the
 * previous segments. */
static haven_status load_segment(haven_traj *t, const haven_load_options *o, haven_store *store,
                                 haven_load_info *info, haven_unwrapper *u, haven_drift_ref *d,
                                 load_state *ls)
{
    haven_timebase tb;
    haven_status s = haven_timebase_init(&tb, t);
    running_stats *st = &ls->st;
    const haven_frame *f;
    long first = ls->frames;
    while (s == HAVEN_OK && (s = haven_traj_read(t, &f)) == HAVEN_OK) {
        if ((s = haven_timebase_observe(&tb, f)) != HAVEN_OK)
            break;
        if (f->index == 0 && repeats_last(ls, f))
            continue;
        haven_frame g = *f; /* numbered across the segments */
        g.index = ls->frames;
        if ((s = haven_unwrapper_step(u, &g, t->path)) != HAVEN_OK)
            break;
        haven_drift_apply(d, u->path, t->n_atoms, g.index);
        if ((s = store_frame(store, ls, (const double(*)[3])u->path)) != HAVEN_OK)
            break;
        double inv[3][3], vol = fabs(haven_cell_inverse(g.cell, inv));
        st->vsum += vol;
        st->vsum2 += vol * vol;
        double vc[3];
        if (g.vel && o->vel_group) {
            haven_drift_velocity(d, &g, t->n_atoms, vc);
            if ((s = add_velocity_sums(o, &g, vc, info, st, t->n_atoms)) != HAVEN_OK ||
                (s = keep_velocities(o, &g, vc, info, ls->vbuf, ls->a0, ls->a1 - ls->a0)) !=
                    HAVEN_OK)
                break;
        }
        if (g.vel) {
            double temp = haven_kinetic_temperature(t, &g);
            st->tsum += temp;
            st->tsum2 += temp * temp;
            st->nt++;
        }
        ls->frames++;
        ls->last_step = g.step;
        ls->last_time = g.time;
        if (o->progress && ls->frames % 256 == 0)
            o->progress((size_t)ls->frames, o->progress_user);
    }
    if (s != HAVEN_EOF)
        return s;
    double interval;
    if ((s = haven_timebase_finish(&tb, &interval)) != HAVEN_OK)
        return s;
    if (first == 0)
        ls->interval = interval;
    else if (fabs(interval / ls->interval - 1) > 1e-6)
        return haven_fail(HAVEN_ERR_DATA,
                          "%s: frames are %g ps apart, the previous segment's %g ps: consecutive "
                          "segments need the same spacing",
                          t->path, interval / HAVEN_PS, ls->interval / HAVEN_PS);
    return HAVEN_OK;
}

/* Volume, temperature and velocity bookkeeping once every frame is in. */
static haven_status finish_info(const haven_load_options *o, haven_store *store,
                                haven_load_info *info, const haven_traj *t, const load_state *ls,
                                const haven_unwrapper *u)
{
    const running_stats *st = &ls->st;
    double n = (double)ls->frames;
    info->n_frames = (size_t)ls->frames;
    info->frame_interval = ls->interval;
    info->volume_mean = st->vsum / n;
    info->volume_std = sqrt(fmax(0, st->vsum2 / n - info->volume_mean * info->volume_mean));
    info->has_velocities = st->nt > 0;
    if (st->nt != (size_t)ls->frames) {
        /* Velocities in some frames only: no usable current series. */
        free(info->vel_sums);
        info->vel_sums = NULL;
        haven_store_free(info->velocities);
        info->velocities = NULL;
    }
    haven_status s;
    if (info->velocities && (s = haven_store_finish(info->velocities)) != HAVEN_OK)
        return s;
    info->n_vel_groups = info->vel_sums ? o->n_vel_groups : 0;
    if (st->nt > 0) {
        double m = st->tsum / (double)st->nt;
        info->temperature = m;
        info->temperature_std = sqrt(fmax(0, st->tsum2 / (double)st->nt - m * m));
        info->temperature_source = 1;
    } else if (isfinite(t->file_temperature)) {
        info->temperature = t->file_temperature;
        info->temperature_source = 2;
    }
    info->n_large_jumps = u->n_large;
    return haven_store_finish(store);
}

static haven_status same_atoms(haven_traj *const *t, size_t k)
{
    if (t[k]->n_atoms != t[0]->n_atoms)
        return haven_fail(HAVEN_ERR_DATA,
                          "%s: %zu atoms, but %s has %zu: segments of one run "
                          "hold the same atoms",
                          t[k]->path, t[k]->n_atoms, t[0]->path, t[0]->n_atoms);
    for (size_t i = 0; i < t[0]->n_atoms; i++)
        if (strcmp(haven_traj_species_name(t[k], (size_t)t[k]->atom_species[i]),
                   haven_traj_species_name(t[0], (size_t)t[0]->atom_species[i])))
            return haven_fail(HAVEN_ERR_DATA, "%s: atom %zu is %s, but %s in %s", t[k]->path, i + 1,
                              haven_traj_species_name(t[k], (size_t)t[k]->atom_species[i]),
                              haven_traj_species_name(t[0], (size_t)t[0]->atom_species[i]),
                              t[0]->path);
    return HAVEN_OK;
}

const haven_load_options *haven_load_begin(const haven_load_options *opt,
                                           haven_load_options *defaults, haven_store **store,
                                           haven_load_info *info)
{
    if (!opt) {
        haven_load_options_init(defaults);
        opt = defaults;
    }
    *store = NULL;
    memset(info, 0, sizeof *info);
    info->temperature = info->temperature_std = NAN;
    return opt;
}

haven_status haven_load_segments(haven_traj *const *t, size_t n_seg, const haven_load_options *opt,
                                 haven_store **store, haven_load_info *info)
{
    haven_load_options defaults;
    opt = haven_load_begin(opt, &defaults, store, info);
    if (n_seg == 0)
        return haven_fail(HAVEN_ERR_ARG, "no trajectory to load");
    haven_status s = HAVEN_OK;
    for (size_t k = 1; k < n_seg && s == HAVEN_OK; k++)
        s = same_atoms(t, k);
    if (s != HAVEN_OK)
        return s;
    haven_unwrapper u;
    haven_drift_ref d = {0};
    load_state ls;
    memset(&ls, 0, sizeof ls);
    ls.last_step = -1;
    ls.last_time = NAN;
    ls.a0 = opt->atom_end ? opt->atom_begin : 0;
    ls.a1 = opt->atom_end ? opt->atom_end : t[0]->n_atoms;
    if (ls.a0 >= ls.a1 || ls.a1 > t[0]->n_atoms)
        return haven_fail(HAVEN_ERR_ARG, "%s: atoms %zu..%zu asked for, the file has %zu",
                          t[0]->path, ls.a0 + 1, ls.a1, t[0]->n_atoms);
    s = haven_unwrapper_init(&u, t[0]->n_atoms, opt->max_jump_fraction);
    if (s != HAVEN_OK)
        return s;
    ls.vbuf = opt->vel_group ? malloc(t[0]->n_atoms * sizeof *ls.vbuf) : NULL;
    if (opt->vel_group && !ls.vbuf)
        s = haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    if (s == HAVEN_OK && (s = haven_drift_init(&d, t[0], opt)) == HAVEN_OK &&
        (s = kept_atoms(opt, t[0], &ls)) == HAVEN_OK &&
        (s = haven_store_create(ls.kept ? ls.n_kept : ls.a1 - ls.a0, opt->max_bytes,
                                opt->scratch_dir, store)) == HAVEN_OK) {
        for (size_t k = 0; k < n_seg && s == HAVEN_OK; k++)
            s = load_segment(t[k], opt, *store, info, &u, &d, &ls);
        if (s == HAVEN_OK)
            s = finish_info(opt, *store, info, t[0], &ls, &u);
    }
    free(ls.vbuf);
    free(ls.kept);
    haven_unwrapper_clear(&u);
    free(d.weight);
    if (s != HAVEN_OK) {
        haven_store_free(*store);
        *store = NULL;
        haven_load_info_clear(info);
    }
    return s;
}

haven_status haven_load(haven_traj *t, const haven_load_options *opt, haven_store **store,
                        haven_load_info *info)
{
    return haven_load_segments(&t, 1, opt, store, info);
}
