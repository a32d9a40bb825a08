/* Per-frame site assignment and the jump record (see haven/sites.h).
 *
 * One pass over the frames: each selected ion is looked up among the sites
 * (cell list); inside a sphere it is on that site; a change of site is a
 * jump, whose vector is the site-to-site vector of the periodic image
 * nearest the ion's continuous path (so a jump across the cell boundary has
 * its true length). Per frame and site type the ions on and belonging to
 * sites are counted, so the statistics can be cut into time blocks once the
 * number of frames is known (sites_stats.c). */
#include "structure/sites_internal.h"

#include "core/error.h"
#include "series/cell.h"
#include "structure/stream.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void haven_sites_options_init(haven_sites_options *o)
{
    memset(o, 0, sizeof *o);
}

static haven_status push_jump(hs_assign *a, const haven_jump *j)
{
    if (a->n_jumps == a->cap_jumps) {
        size_t cap = a->cap_jumps ? 2 * a->cap_jumps : 1024;
        haven_jump *p = realloc(a->jumps, cap * sizeof *p);
        if (!p)
            return haven_fail(HAVEN_ERR_NOMEM, "out of memory for %zu jumps", cap);
        a->jumps = p, a->cap_jumps = cap;
    }
    a->jumps[a->n_jumps++] = *j;
    return HAVEN_OK;
}

static haven_status push_residence(hs_assign *a, int type, size_t frames, size_t end)
{
    if (a->n_res == a->cap_res) {
        size_t cap = a->cap_res ? 2 * a->cap_res : 1024;
        hs_residence *p = realloc(a->res, cap * sizeof *p);
        if (!p)
            return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
        a->res = p, a->cap_res = cap;
    }
    a->res[a->n_res++] = (hs_residence){type, frames, end};
    return HAVEN_OK;
}

/* Room for the counters of one more frame. */
static haven_status grow_frames(hs_assign *a)
{
    if (a->n_frames < a->cap_frames)
        return HAVEN_OK;
    size_t cap = a->cap_frames ? 2 * a->cap_frames : 1024, nt = a->n_types;
    unsigned *on = realloc(a->on, cap * nt * sizeof *on);
    if (on)
        a->on = on;
    unsigned *own = on ? realloc(a->own, cap * nt * sizeof *own) : NULL;
    if (own)
        a->own = own;
    if (!on || !own)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory for %zu frames", cap);
    a->cap_frames = cap;
    return HAVEN_OK;
}

/* The image of site s nearest the continuous position u (Cartesian). */
static void site_image(const hs_sitemap *m, size_t s, const double u[3], const hs_stream *st,
                       double out[3])
{
    double fu[3], f[3];
    haven_cart_to_frac(u, st->inv, fu);
    for (int k = 0; k < 3; k++)
        f[k] = m->frac[s][k] + nearbyint(fu[k] - m->frac[s][k]);
    haven_frac_to_cart(f, st->f->cell, out);
}

static haven_status settle(hs_assign *a, hs_ion *ion, size_t q, long s, const double u[3],
                           const hs_stream *st)
{
    double img[3];
    size_t frame = a->n_frames;
    site_image(&a->map, (size_t)s, u, st, img);
    haven_status rc = HAVEN_OK;
    if (ion->site >= 0) {
        haven_jump j = {q, frame, (int)ion->site, (int)s, {0, 0, 0}};
        for (int k = 0; k < 3; k++)
            j.vec[k] = img[k] - ion->img[k];
        if ((rc = push_jump(a, &j)) != HAVEN_OK)
            return rc;
        if (ion->entered_by_jump)
            rc = push_residence(a, a->map.type[ion->site], frame - ion->since, frame);
        ion->entered_by_jump = 1;
    }
    ion->site = s;
    ion->since = frame;
    memcpy(ion->img, img, sizeof img);
    return rc;
}

static haven_status assign_frame(hs_assign *a, const hs_stream *st, const int *select)
{
    haven_status rc = grow_frames(a);
    if (rc != HAVEN_OK)
        return rc;
    unsigned *on = a->on + a->n_frames * a->n_types, *own = a->own + a->n_frames * a->n_types;
    memset(on, 0, a->n_types * sizeof *on);
    memset(own, 0, a->n_types * sizeof *own);
    size_t n = haven_traj_n_atoms(st->t);
    for (size_t i = 0, q = 0; i < n; i++) {
        if (!select[i])
            continue;
        hs_ion *ion = &a->ion[q];
        double fr[3], d2;
        hs_stream_frac(st, i, fr);
        long s = hs_sitemap_nearest(&a->map, fr, st->f->cell, a->radius, &d2);
        if (s >= 0) {
            on[a->map.type[s]]++;
            a->site_count[s]++;
            a->on_total++;
            if (s != ion->site && (rc = settle(a, ion, q, s, st->uw.path[i], st)) != HAVEN_OK)
                return rc;
        }
        if (ion->site >= 0)
            own[a->map.type[ion->site]]++;
        q++;
    }
    a->n_frames++;
    return HAVEN_OK;
}

static haven_status assign_init(hs_assign *a, const haven_site_set *sites, const int *select,
                                const haven_sites_options *o, const hs_stream *st)
{
    size_t n = haven_traj_n_atoms(st->t);
    for (size_t i = 0; i < n; i++)
        a->n_ions += select[i] != 0;
    if (a->n_ions == 0)
        return haven_fail(HAVEN_ERR_ARG, "%s: no atoms of the selected species",
                          haven_traj_path(st->t));
    a->n_types = sites->n_types;
    memcpy(a->cell0, st->f->cell, sizeof a->cell0);
    double dmin = hs_site_min_distance(sites);
    a->radius = o && o->radius > 0 ? o->radius : 0.4 * dmin;
    if (a->radius >= 0.5 * dmin)
        return haven_fail(HAVEN_ERR_ARG,
                          "site radius %.3g A is not below half the shortest site distance "
                          "(%.3g A): the spheres would overlap",
                          a->radius / HAVEN_ANGSTROM, dmin / HAVEN_ANGSTROM);
    haven_status rc = hs_sitemap_build(&a->map, sites, st->f->cell, a->radius,
                                       haven_traj_path(st->t));
    if (rc != HAVEN_OK)
        return rc;
    a->ion = malloc(a->n_ions * sizeof *a->ion);
    a->site_count = calloc(a->map.n, sizeof *a->site_count);
    if (!a->ion || !a->site_count)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t q = 0; q < a->n_ions; q++)
        a->ion[q] = (hs_ion){-1, 0, 0, {0, 0, 0}};
    return HAVEN_OK;
}

void hs_assign_clear(hs_assign *a)
{
    hs_sitemap_clear(&a->map);
    free(a->ion), free(a->site_count), free(a->on), free(a->own), free(a->jumps), free(a->res);
    memset(a, 0, sizeof *a);
}

haven_status hs_assign_run(haven_traj *t, const haven_site_set *sites, const int *select,
                           const haven_sites_options *o, hs_assign *a, double *dt)
{
    memset(a, 0, sizeof *a);
    if (!sites || sites->n_sites == 0)
        return haven_fail(HAVEN_ERR_ARG, "no sites given");
    hs_stream st;
    haven_status rc = hs_stream_init(&st, t);
    while (rc == HAVEN_OK && (rc = hs_stream_next(&st)) == HAVEN_OK) {
        if (st.frames == 1 && (rc = assign_init(a, sites, select, o, &st)) != HAVEN_OK)
            break;
        rc = assign_frame(a, &st, select);
    }
    if (rc == HAVEN_EOF)
        rc = hs_stream_interval(&st, dt);
    hs_stream_clear(&st);
    if (rc == HAVEN_OK && a->on_total == 0)
        rc = haven_fail(HAVEN_ERR_DATA,
                        "%s: no ion came within %.3g A of any of the %zu sites in %zu frames "
                        "(the radius is too small, or the sites do not match the trajectory)",
                        haven_traj_path(t), a->radius / HAVEN_ANGSTROM, a->map.n, a->n_frames);
    return rc;
}
