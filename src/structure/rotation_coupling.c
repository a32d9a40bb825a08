/* Coupling of polyanion rotation to the displacement of nearby cations, in
 * consecutive windows (see haven/rotation.h). */
#include "core/error.h"
#include "structure/celllist.h"
#include "structure/rotation_internal.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void hs_rot_clear(hs_rot *g)
{
    free(g->bond), free(g->u0), free(g->gc), free(g->cf), free(g->cu), free(g->cat);
    haven_store_free(g->store);
    memset(g, 0, sizeof *g);
}

static haven_status init_window(hs_rot *g, const hs_stream *s, const int *cation,
                                const haven_rotation_options *o)
{
    double dt = s->tb.interval;
    if (!isfinite(dt))
        return haven_fail(HAVEN_ERR_ARG, "%s: the coupling window needs the time between frames "
                          "(give --timestep and --stride)", haven_traj_path(s->t));
    double w = nearbyint(o->window / dt);
    g->window = w < 1 ? 1 : (size_t)w;
    size_t n = haven_traj_n_atoms(s->t);
    g->cat = malloc((n ? n : 1) * sizeof *g->cat);
    for (size_t i = 0; g->cat && i < n; i++)
        if (cation[i])
            g->cat[g->n_cat++] = i;
    g->u0 = malloc(g->n_bonds * sizeof *g->u0);
    g->gc = malloc(g->n_bonds * sizeof *g->gc);
    g->cf = malloc((g->n_cat ? g->n_cat : 1) * sizeof *g->cf);
    g->cu = malloc((g->n_cat ? g->n_cat : 1) * sizeof *g->cu);
    if (!g->cat || !g->u0 || !g->gc || !g->cf || !g->cu)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    if (g->n_cat == 0)
        return haven_fail(HAVEN_ERR_DATA, "%s: no cations for the coupling",
                          haven_traj_path(s->t));
    return HAVEN_OK;
}

/* Each group's rotation angle against the displacement of each cation that
 * was within `near` of its centre at the window start. */
static void accumulate(hs_rot *g, const hs_stream *s, const double (*u)[3], double near,
                       const double (*cell)[3])
{
    for (size_t b0 = 0; b0 < g->n_bonds;) {
        size_t b1 = b0, c = g->bond[b0].centre;
        double angle = 0;
        for (; b1 < g->n_bonds && g->bond[b1].centre == c; b1++) {
            double d = g->u0[b1][0] * u[b1][0] + g->u0[b1][1] * u[b1][1] + g->u0[b1][2] * u[b1][2];
            angle += acos(fmax(-1, fmin(1, d)));
        }
        angle /= (double)(b1 - b0);
        for (size_t k = 0; k < g->n_cat; k++) {
            if (hs_min_image_d2(g->gc[b0], g->cf[k], cell) > near * near)
                continue;
            double d2 = 0;
            for (int j = 0; j < 3; j++) {
                double dd = s->uw.path[g->cat[k]][j] - g->cu[k][j];
                d2 += dd * dd;
            }
            double y = sqrt(d2);
            g->n += 1, g->sx += angle, g->sy += y, g->sxx += angle * angle, g->syy += y * y;
            g->sxy += angle * y;
        }
        b0 = b1;
    }
    g->windows++;
}

static void snapshot(hs_rot *g, const hs_stream *s, const double (*u)[3])
{
    memcpy(g->u0, u, g->n_bonds * sizeof *g->u0);
    for (size_t b = 0; b < g->n_bonds; b++)
        hs_stream_frac(s, g->bond[b].centre, g->gc[b]);
    for (size_t k = 0; k < g->n_cat; k++) {
        hs_stream_frac(s, g->cat[k], g->cf[k]);
        memcpy(g->cu[k], s->uw.path[g->cat[k]], sizeof g->cu[k]);
    }
    g->have_snap = 1;
}

haven_status hs_rot_coupling_frame(hs_rot *g, const hs_stream *s, const int *cation,
                                   const haven_rotation_options *o, const double (*u)[3])
{
    size_t f = (size_t)s->frames - 1;
    if (f == 0)
        return HAVEN_OK; /* the frame interval is known from the second frame on */
    if (g->window == 0) {
        haven_status st = init_window(g, s, cation, o);
        if (st != HAVEN_OK)
            return st;
    }
    if ((f - 1) % g->window != 0)
        return HAVEN_OK;
    double near = o->near > 0 ? o->near : 5 * HAVEN_ANGSTROM;
    if (g->have_snap)
        accumulate(g, s, u, near, (const double(*)[3])s->f->cell);
    snapshot(g, s, u);
    return HAVEN_OK;
}

void hs_rot_coupling_result(const hs_rot *g, haven_rotation *out)
{
    out->coupling_pairs = (size_t)g->n;
    out->coupling_windows = g->windows;
    out->coupling_r = out->coupling_z = out->coupling_p = NAN;
    if (g->n < 4)
        return;
    double n = g->n, cov = g->sxy / n - g->sx / n * g->sy / n;
    double vx = g->sxx / n - (g->sx / n) * (g->sx / n), vy = g->syy / n - (g->sy / n) * (g->sy / n);
    if (!(vx > 0 && vy > 0))
        return;
    double r = cov / sqrt(vx * vy);
    out->coupling_r = r;
    out->coupling_z = atanh(fmax(-0.999999, fmin(0.999999, r))) * sqrt(n - 3);
    out->coupling_p = 2 * gsl_cdf_ugaussian_Q(fabs(out->coupling_z));
}
