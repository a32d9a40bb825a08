/* Polyanion reorientation: bond vectors streamed into a series store, then
 * the orientational autocorrelations C_1 and C_2 at log-spaced lags, each
 * fitted with a KWW; the coupling to cations is in rotation_coupling.c. */
#include "haven/rotation.h"
#include "haven/series.h"

#include "core/error.h"
#include "series/cell.h"
#include "structure/celllist.h"
#include "structure/rotation_internal.h"
#include "structure/vanhove_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void haven_rotation_options_init(haven_rotation_options *o)
{
    memset(o, 0, sizeof *o);
}

void haven_rotation_clear(haven_rotation *r)
{
    if (!r)
        return;
    free(r->lag);
    for (int l = 0; l < 2; l++)
        free(r->c[l]), free(r->c_err[l]);
    memset(r, 0, sizeof *r);
}

static haven_status add_bond(hs_rot *g, size_t c, size_t l)
{
    if (g->n_bonds == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 64;
        hs_bond *p = realloc(g->bond, cap * sizeof *p);
        if (!p)
            return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
        g->bond = p, g->cap = cap;
    }
    g->bond[g->n_bonds++] = (hs_bond){c, l, 0};
    return HAVEN_OK;
}

/* Groups from the first frame: ligands within cutoff of each centre. */
static haven_status find_groups(hs_rot *g, const hs_stream *s, const int *centre,
                                const int *ligand, double cutoff, haven_rotation *out)
{
    size_t n = haven_traj_n_atoms(s->t), n_lig = 0;
    double(*lf)[3] = malloc((n ? n : 1) * sizeof *lf);
    size_t *lidx = malloc((n ? n : 1) * sizeof *lidx);
    hs_celllist cl = {0};
    haven_status st = lf && lidx ? HAVEN_OK : haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t i = 0; st == HAVEN_OK && i < n; i++)
        if (ligand[i])
            hs_stream_frac(s, i, lf[n_lig]), lidx[n_lig++] = i;
    for (int k = 0; st == HAVEN_OK && k < 3; k++)
        if (cutoff >= 0.5 * hs_perp_width(s->f->cell, k))
            st = haven_fail(HAVEN_ERR_ARG, "%s: cutoff %.3g A is not below half the cell width",
                            haven_traj_path(s->t), cutoff / HAVEN_ANGSTROM);
    if (st == HAVEN_OK)
        st = hs_celllist_build(&cl, (const double(*)[3])lf, n_lig, s->f->cell, cutoff);
    out->min_ligands = (size_t)-1;
    for (size_t c = 0; st == HAVEN_OK && c < n; c++) {
        if (!centre[c])
            continue;
        double fc[3];
        size_t bins[27], found = 0;
        hs_stream_frac(s, c, fc);
        int nb = hs_celllist_neighbours(&cl, fc, bins);
        for (int b = 0; st == HAVEN_OK && b < nb; b++)
            for (size_t p = cl.start[bins[b]]; st == HAVEN_OK && p < cl.start[bins[b] + 1]; p++)
                if (lidx[cl.item[p]] != c &&
                    hs_min_image_d2(fc, lf[cl.item[p]], s->f->cell) <= cutoff * cutoff)
                    st = add_bond(g, c, lidx[cl.item[p]]), found++;
        if (st == HAVEN_OK && found == 0)
            st = haven_fail(HAVEN_ERR_DATA,
                            "%s: centre atom %zu has no ligand within %.3g A in the first frame "
                            "(the cutoff is too small)",
                            haven_traj_path(s->t), c + 1, cutoff / HAVEN_ANGSTROM);
        if (found) {
            out->n_groups++;
            out->min_ligands = found < out->min_ligands ? found : out->min_ligands;
            out->max_ligands = found > out->max_ligands ? found : out->max_ligands;
        }
    }
    if (st == HAVEN_OK && out->n_groups == 0)
        st = haven_fail(HAVEN_ERR_DATA, "%s: no atom of the centre species",
                        haven_traj_path(s->t));
    out->n_bonds = g->n_bonds;
    free(lf), free(lidx);
    hs_celllist_clear(&cl);
    return st;
}

/* Unit bond vectors of the current frame. */
void hs_rot_vectors(const hs_rot *g, const hs_stream *s, double (*u)[3])
{
    for (size_t b = 0; b < g->n_bonds; b++) {
        double fc[3], fl[3], d[3], r[3];
        hs_stream_frac(s, g->bond[b].centre, fc);
        hs_stream_frac(s, g->bond[b].ligand, fl);
        for (int k = 0; k < 3; k++)
            d[k] = fl[k] - fc[k] - nearbyint(fl[k] - fc[k]);
        haven_frac_to_cart(d, s->f->cell, r);
        double len = sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2]);
        for (int k = 0; k < 3; k++)
            u[b][k] = len > 0 ? r[k] / len : 0;
    }
}

static haven_status stream_bonds(hs_rot *g, haven_traj *t, const int *centre, const int *ligand,
                                 const int *cation, const haven_rotation_options *o,
                                 haven_rotation *out)
{
    hs_stream s;
    haven_status st = hs_stream_init(&s, t);
    double(*u)[3] = NULL;
    while (st == HAVEN_OK && (st = hs_stream_next(&s)) == HAVEN_OK) {
        if (s.frames == 1) {
            if ((st = find_groups(g, &s, centre, ligand, o->cutoff, out)) != HAVEN_OK ||
                (st = haven_store_create(g->n_bonds, o->max_bytes, NULL, &g->store)) != HAVEN_OK)
                break;
            if (!(u = malloc(g->n_bonds * sizeof *u))) {
                st = haven_fail(HAVEN_ERR_NOMEM, "out of memory");
                break;
            }
        }
        hs_rot_vectors(g, &s, u);
        if ((st = haven_store_append(g->store, (const double(*)[3])u)) != HAVEN_OK)
            break;
        if (cation && o->window > 0)
            st = hs_rot_coupling_frame(g, &s, cation, o, (const double(*)[3])u);
    }
    if (st == HAVEN_EOF && s.frames < 3)
        st = haven_fail(HAVEN_ERR_DATA, "%s: %ld frames; at least 3 are needed",
                        haven_traj_path(t), s.frames);
    if (st == HAVEN_EOF && (st = hs_stream_interval(&s, &out->dt)) == HAVEN_OK)
        st = haven_store_finish(g->store);
    free(u);
    hs_stream_clear(&s);
    return st;
}

/* C_1 and C_2 of every bond at the lags, then the mean and its error. */
static haven_status correlate(hs_rot *g, const haven_rotation_options *o, haven_rotation *out)
{
    size_t T = haven_store_n_frames(g->store), L = out->n_lags, stride = o->origin_stride ? o->origin_stride : 1;
    double *x = malloc(3 * T * sizeof *x), *sum2[2];
    sum2[0] = calloc(L, sizeof(double)), sum2[1] = calloc(L, sizeof(double));
    for (int l = 0; l < 2; l++)
        out->c[l] = calloc(L, sizeof(double)), out->c_err[l] = calloc(L, sizeof(double));
    if (!x || !sum2[0] || !sum2[1] || !out->c[0] || !out->c[1] || !out->c_err[0] || !out->c_err[1]) {
        free(x), free(sum2[0]), free(sum2[1]);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    haven_status st = HAVEN_OK;
    for (size_t b = 0; st == HAVEN_OK && b < g->n_bonds; b++) {
        if ((st = haven_store_read_atoms(g->store, b, b + 1, x)) != HAVEN_OK)
            break;
        for (size_t k = 0; k < L; k++) {
            double p1 = 0, p2 = 0;
            size_t n = 0, lag = out->lag[k];
            for (size_t t0 = 0; t0 + lag < T; t0 += stride, n++) {
                double d = x[t0] * x[t0 + lag] + x[T + t0] * x[T + t0 + lag] +
                           x[2 * T + t0] * x[2 * T + t0 + lag];
                p1 += d, p2 += 1.5 * d * d - 0.5;
            }
            p1 /= (double)n, p2 /= (double)n;
            out->c[0][k] += p1, out->c[1][k] += p2;
            sum2[0][k] += p1 * p1, sum2[1][k] += p2 * p2;
        }
    }
    double nb = (double)g->n_bonds;
    for (int l = 0; st == HAVEN_OK && l < 2; l++)
        for (size_t k = 0; k < L; k++) {
            out->c[l][k] /= nb;
            double var = nb > 1 ? (sum2[l][k] / nb - out->c[l][k] * out->c[l][k]) * nb / (nb - 1) : NAN;
            out->c_err[l][k] = sqrt(fmax(var, 0) / nb);
        }
    free(x), free(sum2[0]), free(sum2[1]);
    return st;
}

static void fit(haven_rotation *out)
{
    double *t = malloc(out->n_lags * sizeof *t);
    if (!t)
        return;
    for (size_t k = 0; k < out->n_lags; k++)
        t[k] = (double)out->lag[k] * out->dt;
    for (int l = 0; l < 2; l++)
        /* a curve that has not decayed to half its first value does not
         * determine tau (only a lower bound): no fit */
        out->kww_ok[l] = out->c[l][out->n_lags - 1] < 0.5 * out->c[l][0] &&
                         haven_kww_fit(t, out->c[l], NULL, out->n_lags, &out->kww[l]) == HAVEN_OK;
    free(t);
}

haven_status haven_rotation_compute(haven_traj *t, const int *centre, const int *ligand,
                                    const int *cation, const haven_rotation_options *o,
                                    haven_rotation *out)
{
    memset(out, 0, sizeof *out);
    if (!o || !(o->cutoff > 0))
        return haven_fail(HAVEN_ERR_ARG, "rotation: a centre-ligand cutoff > 0 is required");
    hs_rot g;
    memset(&g, 0, sizeof g);
    haven_status st = stream_bonds(&g, t, centre, ligand, cation, o, out);
    if (st == HAVEN_OK) {
        haven_vanhove_options vo;
        haven_vanhove_options_init(&vo);
        vo.n_lags = o->n_lags;
        st = hs_vanhove_lags(&vo, haven_store_n_frames(g.store), 0, &out->lag, &out->n_lags);
    }
    if (st == HAVEN_OK)
        st = correlate(&g, o, out);
    if (st == HAVEN_OK) {
        fit(out);
        hs_rot_coupling_result(&g, out);
    }
    hs_rot_clear(&g);
    if (st != HAVEN_OK)
        haven_rotation_clear(out);
    return st;
}
