/* MSD and D* of the ions while they stay inside a region (see
 * haven/regions.h): one streamed pass stores the continuous paths and the
 * membership of every ion in every frame; then, ion by ion, displacements
 * over intervals spent wholly inside are averaged. */
#include "haven/regions.h"
#include "haven/series.h"

#include "core/error.h"
#include "series/cell.h"
#include "structure/celllist.h"
#include "structure/stream.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.14159265358979323846

void haven_region_options_init(haven_region_options *o)
{
    memset(o, 0, sizeof *o);
}

void haven_region_msd_clear(haven_region_msd *r)
{
    if (!r)
        return;
    free(r->msd), free(r->msd_par), free(r->n_obs), free(r->survival);
    memset(r, 0, sizeof *r);
}

typedef struct {
    const haven_region *reg;
    size_t n_sel;
    size_t *ion;          /* atom index of each selected ion */
    haven_store *paths;   /* continuous positions, m */
    haven_store *member;  /* component 0: 1 inside, 0 outside */
    double (*buf)[3];
    int *prev;            /* membership in the previous frame */
    double (*near)[3];    /* near: fractional positions of the reference atoms */
    size_t n_near;
    size_t *near_idx;
    hs_celllist cl;
    double normal[3];     /* slab: unit normal of the plane of the other two vectors */
    double *mass, mass_total; /* drift: all atoms */
    double com0[3];
    double inside_sum, volume_sum;
    size_t frames;
} region_pass;

static int inside(region_pass *p, const hs_stream *s, size_t i)
{
    const haven_region *r = p->reg;
    double f[3];
    hs_stream_frac(s, i, f);
    if (r->kind == HAVEN_REGION_SLAB)
        return f[r->axis] >= r->lo && f[r->axis] < r->hi;
    if (r->kind == HAVEN_REGION_SPHERE)
        return hs_min_image_d2(f, r->centre, s->f->cell) <= r->radius * r->radius;
    size_t bins[27];
    int nb = hs_celllist_neighbours(&p->cl, f, bins);
    for (int b = 0; b < nb; b++)
        for (size_t q = p->cl.start[bins[b]]; q < p->cl.start[bins[b] + 1]; q++)
            if (p->near_idx[p->cl.item[q]] != i &&
                hs_min_image_d2(f, p->near[p->cl.item[q]], s->f->cell) <= r->radius * r->radius)
                return 1;
    return 0;
}

/* Centre-of-mass shift of all atoms since frame 0 (drift removal). */
static void drift(region_pass *p, const hs_stream *s, double shift[3])
{
    double com[3] = {0, 0, 0};
    size_t n = haven_traj_n_atoms(s->t);
    for (size_t i = 0; p->mass && i < n; i++)
        for (int k = 0; k < 3; k++)
            com[k] += p->mass[i] * s->uw.path[i][k] / p->mass_total;
    if (s->frames == 1)
        memcpy(p->com0, com, sizeof com);
    for (int k = 0; k < 3; k++)
        shift[k] = p->mass ? com[k] - p->com0[k] : 0;
}

static haven_status frame(region_pass *p, const hs_stream *s, haven_region_msd *out)
{
    haven_status st = HAVEN_OK;
    if (p->reg->kind == HAVEN_REGION_NEAR) {
        for (size_t k = 0; k < p->n_near; k++)
            hs_stream_frac(s, p->near_idx[k], p->near[k]);
        st = hs_celllist_build(&p->cl, (const double(*)[3])p->near, p->n_near, s->f->cell,
                               p->reg->radius);
    }
    double shift[3];
    drift(p, s, shift);
    for (size_t q = 0; st == HAVEN_OK && q < p->n_sel; q++)
        for (int k = 0; k < 3; k++)
            p->buf[q][k] = s->uw.path[p->ion[q]][k] - shift[k];
    if (st == HAVEN_OK)
        st = haven_store_append(p->paths, (const double(*)[3])p->buf);
    for (size_t q = 0; st == HAVEN_OK && q < p->n_sel; q++) {
        int in = inside(p, s, p->ion[q]);
        if (s->frames > 1 && in != p->prev[q])
            in ? out->entries++ : out->exits++;
        p->prev[q] = in;
        p->buf[q][0] = in, p->buf[q][1] = p->buf[q][2] = 0;
        p->inside_sum += in;
    }
    if (st == HAVEN_OK)
        st = haven_store_append(p->member, (const double(*)[3])p->buf);
    p->volume_sum += s->volume;
    p->frames++;
    return st;
}

static haven_status pass_init(region_pass *p, const hs_stream *s, const int *select,
                              const haven_region_options *o)
{
    size_t n = haven_traj_n_atoms(s->t);
    p->ion = malloc((n ? n : 1) * sizeof *p->ion);
    p->near_idx = malloc((n ? n : 1) * sizeof *p->near_idx);
    if (!p->ion || !p->near_idx)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        if (select[i])
            p->ion[p->n_sel++] = i;
        if (p->reg->kind == HAVEN_REGION_NEAR && p->reg->near_atoms[i])
            p->near_idx[p->n_near++] = i;
    }
    if (p->n_sel == 0)
        return haven_fail(HAVEN_ERR_ARG, "%s: no atoms of the selected species",
                          haven_traj_path(s->t));
    if (p->reg->kind == HAVEN_REGION_NEAR && p->n_near == 0)
        return haven_fail(HAVEN_ERR_ARG, "%s: the region's reference species has no atoms",
                          haven_traj_path(s->t));
    p->buf = malloc(p->n_sel * sizeof *p->buf);
    p->prev = calloc(p->n_sel, sizeof *p->prev);
    p->near = malloc((p->n_near ? p->n_near : 1) * sizeof *p->near);
    if (!p->buf || !p->prev || !p->near)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    if (o->drift != HAVEN_DRIFT_NONE) {
        if (!(p->mass = malloc(n * sizeof *p->mass)))
            return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
        for (size_t i = 0; i < n; i++)
            p->mass_total += p->mass[i] = haven_traj_atom_mass(s->t, i);
    }
    const double(*c)[3] = (const double(*)[3])s->f->cell;
    int a = (p->reg->axis + 1) % 3, b = (p->reg->axis + 2) % 3;
    double nrm[3] = {c[a][1] * c[b][2] - c[a][2] * c[b][1], c[a][2] * c[b][0] - c[a][0] * c[b][2],
                     c[a][0] * c[b][1] - c[a][1] * c[b][0]};
    double len = sqrt(nrm[0] * nrm[0] + nrm[1] * nrm[1] + nrm[2] * nrm[2]);
    for (int k = 0; k < 3; k++)
        p->normal[k] = nrm[k] / len;
    haven_status st = haven_store_create(p->n_sel, o->max_bytes, NULL, &p->paths);
    if (st == HAVEN_OK)
        st = haven_store_create(p->n_sel, o->max_bytes, NULL, &p->member);
    return st;
}

static void pass_free(region_pass *p)
{
    free(p->ion), free(p->near_idx), free(p->buf), free(p->prev), free(p->near), free(p->mass);
    hs_celllist_clear(&p->cl);
    haven_store_free(p->paths);
    haven_store_free(p->member);
}

/* One ion: run_end[t] = last frame of the inside run containing t. */
#define GROUPS 10

static void accumulate_ion(const region_pass *p, const double *x, const double *m, size_t T,
                           size_t stride, size_t *run_end, haven_region_msd *out, double *den,
                           double *gsum, double *gn)
{
    for (size_t t = T; t-- > 0;)
        run_end[t] = m[t] > 0.5 ? (t + 1 < T && m[t + 1] > 0.5 ? run_end[t + 1] : t) : 0;
    for (size_t t0 = 0; t0 < T; t0 += stride) {
        if (!(m[t0] > 0.5))
            continue;
        for (size_t L = 0; L < out->n_lags && t0 + L < T; L++) {
            den[L] += 1;
            if (run_end[t0] < t0 + L)
                continue;
            double d[3], d2 = 0, dn = 0;
            for (int k = 0; k < 3; k++) {
                d[k] = x[k * T + t0 + L] - x[k * T + t0];
                d2 += d[k] * d[k];
                dn += d[k] * p->normal[k];
            }
            out->msd[L] += d2;
            if (out->msd_par)
                out->msd_par[L] += d2 - dn * dn;
            out->n_obs[L] += 1;
            gsum[L] += out->msd_par ? d2 - dn * dn : d2;
            gn[L] += 1;
        }
    }
}

static haven_status conditional_msd(region_pass *p, const haven_region_options *o,
                                    haven_region_msd *out, double **gsum, double **gn)
{
    size_t T = haven_store_n_frames(p->paths), stride = o->origin_stride ? o->origin_stride : 1;
    size_t max_lag = o->max_lag ? o->max_lag : (T / 4 < 1000 ? T / 4 : 1000);
    out->n_lags = (max_lag < T ? max_lag : T - 1) + 1;
    out->msd = calloc(out->n_lags, sizeof *out->msd);
    out->n_obs = calloc(out->n_lags, sizeof *out->n_obs);
    out->survival = calloc(out->n_lags, sizeof *out->survival);
    if (p->reg->kind == HAVEN_REGION_SLAB)
        out->msd_par = calloc(out->n_lags, sizeof *out->msd_par);
    double *x = malloc(3 * T * sizeof *x), *m = malloc(3 * T * sizeof *m);
    size_t *run_end = malloc(T * sizeof *run_end);
    *gsum = calloc(GROUPS * out->n_lags, sizeof **gsum);
    *gn = calloc(GROUPS * out->n_lags, sizeof **gn);
    haven_status st = out->msd && out->n_obs && out->survival && x && m && run_end && *gsum &&
                              *gn &&
                              (p->reg->kind != HAVEN_REGION_SLAB || out->msd_par)
                          ? HAVEN_OK
                          : haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t q = 0; st == HAVEN_OK && q < p->n_sel; q++) {
        if ((st = haven_store_read_atoms(p->paths, q, q + 1, x)) == HAVEN_OK &&
            (st = haven_store_read_atoms(p->member, q, q + 1, m)) == HAVEN_OK)
            accumulate_ion(p, x, m, T, stride, run_end, out, out->survival,
                           *gsum + (q % GROUPS) * out->n_lags, *gn + (q % GROUPS) * out->n_lags);
    }
    for (size_t L = 0; st == HAVEN_OK && L < out->n_lags; L++) {
        double n = out->n_obs[L];
        out->survival[L] = out->survival[L] > 0 ? n / out->survival[L] : NAN;
        out->msd[L] = n > 0 ? out->msd[L] / n : NAN;
        if (out->msd_par)
            out->msd_par[L] = n > 0 ? out->msd_par[L] / n : NAN;
    }
    free(x), free(m), free(run_end);
    return st;
}

/* Weighted least-squares slope of the mean MSD sum[L]/cnt[L] over lags
 * 1 .. n, / (2 dims): the variance of a mean squared displacement grows as
 * L^2 / (pairs), so the weights are cnt[L] / L^2. */
static double slope(const double *sum, const double *cnt, size_t n, double dt, int dims)
{
    double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (size_t L = 1; L <= n; L++) {
        if (!(cnt[L] > 0))
            continue;
        double x = (double)L * dt, v = sum[L] / cnt[L], w = cnt[L] / ((double)L * (double)L);
        sw += w, sx += w * x, sy += w * v, sxx += w * x * x, sxy += w * x * v;
    }
    double den = sw * sxx - sx * sx;
    return den > 0 ? (sw * sxy - sx * sy) / den / (2.0 * dims) : NAN;
}

/* D over the lags with enough pairs (at least 30) and survival: for a slab
 * the parallel displacement is independent of staying (unbiased; 5%
 * survival), for a sphere or a shell the ions that stay are those that moved
 * little, so only lags that most survive (50%) are used and D is low by
 * that bias (docs/structure.md). Error: the groups of ions fitted apart. */
static void fit_region(haven_region_msd *out, int slab, const double *gsum, const double *gn)
{
    size_t n = 0;
    double min_survival = slab ? 0.05 : 0.5;
    while (n + 1 < out->n_lags && out->n_obs[n + 1] >= 30 && out->survival[n + 1] >= min_survival)
        n++;
    out->fit_lags = n;
    out->D = haven_estimate_make(NAN, NAN, 0, "m^2/s");
    if (n < 4)
        return;
    int dims = slab ? 2 : 3;
    double *sum = malloc((n + 1) * sizeof *sum), *cnt = calloc(n + 1, sizeof *cnt);
    for (size_t L = 1; sum && cnt && L <= n; L++)
        for (size_t k = 0; k < GROUPS; k++)
            sum[L] = (k ? sum[L] : 0) + gsum[k * out->n_lags + L], cnt[L] += gn[k * out->n_lags + L];
    out->D.value = sum && cnt ? slope(sum, cnt, n, out->dt, dims) : NAN;
    free(sum), free(cnt);
    double g[GROUPS], mean = 0, ss = 0;
    size_t used = 0;
    for (size_t k = 0; k < GROUPS; k++) {
        g[used] = slope(gsum + k * out->n_lags, gn + k * out->n_lags, n, out->dt, dims);
        if (isfinite(g[used]))
            mean += g[used++];
    }
    if (used < 2)
        return;
    mean /= (double)used;
    for (size_t k = 0; k < used; k++)
        ss += (g[k] - mean) * (g[k] - mean);
    out->D.err = sqrt(ss / (double)(used - 1) / (double)used);
    double q = gsl_cdf_tdist_Pinv(0.975, (double)(used - 1));
    out->D.lo = out->D.value - q * out->D.err;
    out->D.hi = out->D.value + q * out->D.err;
    out->fit_ok = 1;
}

static double region_volume(const haven_region *r, double cell_volume)
{
    if (r->kind == HAVEN_REGION_SLAB)
        return (r->hi - r->lo) * cell_volume;
    if (r->kind == HAVEN_REGION_SPHERE)
        return 4.0 / 3.0 * PI * r->radius * r->radius * r->radius;
    return NAN;
}

static haven_status check_region(const haven_region *r)
{
    if (r->kind == HAVEN_REGION_SLAB &&
        !(r->axis >= 0 && r->axis < 3 && r->lo >= 0 && r->lo < r->hi && r->hi <= 1))
        return haven_fail(HAVEN_ERR_ARG, "slab: need axis 0-2 and 0 <= lo < hi <= 1");
    if (r->kind != HAVEN_REGION_SLAB && !(r->radius > 0))
        return haven_fail(HAVEN_ERR_ARG, "region radius must be > 0");
    if (r->kind == HAVEN_REGION_NEAR && !r->near_atoms)
        return haven_fail(HAVEN_ERR_ARG, "region near a species needs its atoms");
    return HAVEN_OK;
}

haven_status haven_region_msd_compute(haven_traj *t, const int *select,
                                      const haven_region *region, const haven_region_options *o,
                                      haven_region_msd *out)
{
    memset(out, 0, sizeof *out);
    haven_region_options def;
    haven_region_options_init(&def);
    o = o ? o : &def;
    haven_status st = check_region(region);
    if (st != HAVEN_OK)
        return st;
    region_pass p;
    memset(&p, 0, sizeof p);
    p.reg = region;
    double *gsum = NULL, *gn = NULL;
    hs_stream s;
    st = hs_stream_init(&s, t);
    while (st == HAVEN_OK && (st = hs_stream_next(&s)) == HAVEN_OK) {
        if (s.frames == 1 && (st = pass_init(&p, &s, select, o)) != HAVEN_OK)
            break;
        st = frame(&p, &s, out);
    }
    if (st == HAVEN_EOF && (st = hs_stream_interval(&s, &out->dt)) == HAVEN_OK &&
        (st = haven_store_finish(p.paths)) == HAVEN_OK)
        st = haven_store_finish(p.member);
    hs_stream_clear(&s);
    if (st == HAVEN_OK) {
        out->mean_inside = p.inside_sum / (double)p.frames;
        out->volume = region_volume(region, p.volume_sum / (double)p.frames);
        st = conditional_msd(&p, o, out, &gsum, &gn);
    }
    if (st == HAVEN_OK && !(out->mean_inside > 0))
        st = haven_fail(HAVEN_ERR_DATA, "%s: no ion was ever inside the region",
                        haven_traj_path(t));
    if (st == HAVEN_OK)
        fit_region(out, region->kind == HAVEN_REGION_SLAB, gsum, gn);
    free(gsum), free(gn);
    pass_free(&p);
    if (st != HAVEN_OK)
        haven_region_msd_clear(out);
    return st;
}
