/* Distinct part of the van Hove function and the RDF, streamed: a ring of
 * the last max-lag + 1 frames (fractional positions of the two atom sets),
 * and for each new frame t and lag L the pairs between the a-atoms of frame
 * t - L and the b-atoms of frame t, found through a cell list of frame t. */
#include "haven/vanhove.h"

#include "core/error.h"
#include "structure/celllist.h"
#include "structure/stream.h"
#include "structure/vanhove_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.14159265358979323846

typedef struct {
    size_t ring;          /* frames held */
    double (*fa)[3];      /* [slot * n_a + i] */
    double (*fb)[3];      /* [slot * n_b + j] */
    size_t *ia, *ib;      /* atom index of each a / b entry, to skip i == j */
    hs_celllist cl;
    double *hist;         /* [lag * n_bins + bin] pair counts */
    double *origins;      /* per lag */
    double vol_sum;
    size_t n_common; /* atoms in both sets (their self pairs are not counted) */
} dist_state;

static void dist_free(dist_state *d)
{
    free(d->fa), free(d->fb), free(d->ia), free(d->ib), free(d->hist), free(d->origins);
    hs_celllist_clear(&d->cl);
}

static haven_status dist_init(dist_state *d, haven_vanhove_distinct *v, const haven_traj *t,
                              const int *a_sel, const int *b_sel)
{
    size_t n = haven_traj_n_atoms(t);
    d->ring = v->lag[v->n_lags - 1] + 1;
    d->ia = malloc(n * sizeof *d->ia);
    d->ib = malloc(n * sizeof *d->ib);
    if (!d->ia || !d->ib)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        if (a_sel[i])
            d->ia[v->n_a++] = i;
        if (b_sel[i])
            d->ib[v->n_b++] = i;
        d->n_common += a_sel[i] && b_sel[i];
    }
    if (v->n_a * v->n_b <= d->n_common)
        return haven_fail(HAVEN_ERR_ARG, "%s: the pair needs atoms on both sides (%zu and %zu)",
                          haven_traj_path(t), v->n_a, v->n_b);
    d->fa = malloc(d->ring * v->n_a * sizeof *d->fa);
    d->fb = malloc(d->ring * v->n_b * sizeof *d->fb);
    d->hist = calloc(v->n_lags * v->n_bins, sizeof *d->hist);
    d->origins = calloc(v->n_lags, sizeof *d->origins);
    if (!d->fa || !d->fb || !d->hist || !d->origins)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory for %zu frames of %zu atoms", d->ring,
                          v->n_a + v->n_b);
    return HAVEN_OK;
}

/* Pairs between the a-atoms of slot sa and the b-atoms of the current slot. */
static void count_pairs(dist_state *d, const haven_vanhove_distinct *v, size_t lag_index,
                        size_t sa, size_t sb, const double cell[3][3])
{
    const double(*fa)[3] = d->fa + sa * v->n_a, (*fb)[3] = d->fb + sb * v->n_b;
    double r2max = v->r_max * v->r_max;
    double *h = d->hist + lag_index * v->n_bins;
    for (size_t i = 0; i < v->n_a; i++) {
        size_t bins[27];
        int nb = hs_celllist_neighbours(&d->cl, fa[i], bins);
        for (int k = 0; k < nb; k++)
            for (size_t p = d->cl.start[bins[k]]; p < d->cl.start[bins[k] + 1]; p++) {
                size_t j = d->cl.item[p];
                if (d->ia[i] == d->ib[j])
                    continue;
                double d2 = hs_min_image_d2(fa[i], fb[j], cell);
                if (d2 < r2max) {
                    size_t b = (size_t)(sqrt(d2) / v->dr);
                    h[b < v->n_bins ? b : v->n_bins - 1] += 1;
                }
            }
    }
    d->origins[lag_index] += 1;
}

static haven_status check_rmax(const hs_stream *s, double r_max)
{
    for (int k = 0; k < 3; k++)
        if (r_max > 0.5 * hs_perp_width(s->f->cell, k))
            return haven_fail(HAVEN_ERR_ARG,
                              "%s: frame %ld: r_max %.3g A exceeds half the cell width %.3g A "
                              "(a pair would be counted twice)",
                              haven_traj_path(s->t), s->f->index, r_max / HAVEN_ANGSTROM,
                              0.5 * hs_perp_width(s->f->cell, k) / HAVEN_ANGSTROM);
    return HAVEN_OK;
}

static haven_status frame(dist_state *d, haven_vanhove_distinct *v, const hs_stream *s,
                          size_t stride)
{
    haven_status st = check_rmax(s, v->r_max);
    if (st != HAVEN_OK)
        return st;
    size_t t = (size_t)s->frames - 1, slot = t % d->ring;
    for (size_t i = 0; i < v->n_a; i++)
        hs_stream_frac(s, d->ia[i], d->fa[slot * v->n_a + i]);
    for (size_t j = 0; j < v->n_b; j++)
        hs_stream_frac(s, d->ib[j], d->fb[slot * v->n_b + j]);
    d->vol_sum += s->volume;
    st = hs_celllist_build(&d->cl, (const double(*)[3])(d->fb + slot * v->n_b), v->n_b,
                           s->f->cell, v->r_max);
    for (size_t l = 0; st == HAVEN_OK && l < v->n_lags; l++) {
        size_t L = v->lag[l];
        if (L <= t && (t - L) % stride == 0)
            count_pairs(d, v, l, (t - L) % d->ring, slot, s->f->cell);
    }
    return st;
}

/* Counts -> G_d normalised to 1 for uncorrelated positions, and the running
 * coordination number. */
static void normalise(const dist_state *d, haven_vanhove_distinct *v, double volume)
{
    double pairs = (double)v->n_a * (double)v->n_b - (double)d->n_common;
    for (size_t l = 0; l < v->n_lags; l++) {
        double run = 0;
        for (size_t b = 0; b < v->n_bins; b++) {
            double r0 = (double)b * v->dr, r1 = r0 + v->dr;
            double shell = 4.0 / 3.0 * PI * (r1 * r1 * r1 - r0 * r0 * r0);
            double c = d->origins[l] > 0 ? d->hist[l * v->n_bins + b] / d->origins[l] : NAN;
            v->gd[l * v->n_bins + b] = c * volume / (pairs * shell);
            run += c / (double)v->n_a;
            v->coordination[l * v->n_bins + b] = run;
        }
    }
}

haven_status haven_vanhove_distinct_compute(haven_traj *t, const int *a_sel, const int *b_sel,
                                            const haven_vanhove_options *o,
                                            haven_vanhove_distinct *out)
{
    memset(out, 0, sizeof *out);
    haven_vanhove_options def;
    haven_vanhove_options_init(&def);
    o = o ? o : &def;
    out->n_bins = o->n_bins ? o->n_bins : 200;
    out->r_max = o->r_max > 0 ? o->r_max : 10 * HAVEN_ANGSTROM;
    out->dr = out->r_max / (double)out->n_bins;
    size_t stride = o->origin_stride ? o->origin_stride : 1;
    /* default lags: 0 (the RDF) only; the run length is not known while streaming */
    static const size_t rdf_only[1] = {0};
    haven_vanhove_options lo = *o;
    if (!o->lags)
        lo.lags = rdf_only, lo.n_lags = 1;
    haven_status st = hs_vanhove_lags(&lo, (size_t)-1, 1, &out->lag, &out->n_lags);
    out->gd = calloc(out->n_lags * out->n_bins, sizeof *out->gd);
    out->coordination = calloc(out->n_lags * out->n_bins, sizeof *out->coordination);
    if (st == HAVEN_OK && (!out->gd || !out->coordination))
        st = haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    dist_state d;
    memset(&d, 0, sizeof d);
    hs_stream s;
    memset(&s, 0, sizeof s);
    if (st == HAVEN_OK && (st = dist_init(&d, out, t, a_sel, b_sel)) == HAVEN_OK)
        st = hs_stream_init(&s, t);
    while (st == HAVEN_OK && (st = hs_stream_next(&s)) == HAVEN_OK)
        st = frame(&d, out, &s, stride);
    if (st == HAVEN_EOF) {
        st = HAVEN_OK;
        if (hs_stream_interval(&s, &out->dt) != HAVEN_OK)
            out->dt = NAN; /* the RDF needs no time */
        if (d.origins[out->n_lags - 1] == 0)
            st = haven_fail(HAVEN_ERR_DATA, "%s: %ld frames: too few for a lag of %zu frames",
                            haven_traj_path(t), s.frames, out->lag[out->n_lags - 1]);
    }
    if (st == HAVEN_OK)
        normalise(&d, out, d.vol_sum / (double)s.frames);
    hs_stream_clear(&s);
    dist_free(&d);
    if (st != HAVEN_OK)
        haven_vanhove_distinct_clear(out);
    return st;
}

void haven_vanhove_distinct_clear(haven_vanhove_distinct *v)
{
    if (!v)
        return;
    free(v->lag), free(v->gd), free(v->coordination);
    memset(v, 0, sizeof *v);
}
