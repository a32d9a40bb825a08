/* Self part of the van Hove function and F_s(Q, t) from the series store,
 * by blocks of atoms (the store's atom-major read), with a KWW fit per Q. */
#include "haven/vanhove.h"

#include "core/error.h"
#include "structure/vanhove_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.14159265358979323846

void haven_vanhove_options_init(haven_vanhove_options *o)
{
    memset(o, 0, sizeof *o);
}

/* Log-spaced lags 1 .. T/2 (distinct, ascending), or the given ones. */
haven_status hs_vanhove_lags(const haven_vanhove_options *o, size_t T, int allow_zero,
                             size_t **lags, size_t *n)
{
    size_t want = o->lags ? o->n_lags : (o->n_lags ? o->n_lags : 24);
    *lags = calloc(want ? want : 1, sizeof **lags);
    if (!*lags)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    *n = 0;
    if (o->lags) {
        for (size_t k = 0; k < want; k++) {
            if (o->lags[k] >= T || (o->lags[k] == 0 && !allow_zero) ||
                (k > 0 && o->lags[k] <= o->lags[k - 1]))
                return haven_fail(HAVEN_ERR_ARG,
                                  "lag %zu frames: lags must ascend, be below the %zu frames of "
                                  "the run%s",
                                  o->lags[k], T, allow_zero ? "" : " and be at least 1");
            (*lags)[(*n)++] = o->lags[k];
        }
        return HAVEN_OK;
    }
    size_t top = T / 2 > 1 ? T / 2 : 1;
    for (size_t k = 0; k < want; k++) {
        double x = want > 1 ? exp(log((double)top) * (double)k / (double)(want - 1)) : 1;
        size_t L = (size_t)nearbyint(x);
        if (*n == 0 || L > (*lags)[*n - 1])
            (*lags)[(*n)++] = L;
    }
    return HAVEN_OK;
}

static haven_status alloc_self(haven_vanhove_self *v, const haven_vanhove_options *o)
{
    v->n_bins = o->n_bins ? o->n_bins : 200;
    v->r_max = o->r_max > 0 ? o->r_max : 10 * HAVEN_ANGSTROM;
    v->dr = v->r_max / (double)v->n_bins;
    v->n_q = o->n_q;
    v->gs = calloc(v->n_lags * v->n_bins, sizeof *v->gs);
    v->q = malloc((v->n_q ? v->n_q : 1) * sizeof *v->q);
    v->fs = calloc(v->n_q * v->n_lags + 1, sizeof *v->fs);
    v->fs_err = calloc(v->n_q * v->n_lags + 1, sizeof *v->fs_err);
    v->kww = calloc(v->n_q + 1, sizeof *v->kww);
    v->kww_ok = calloc(v->n_q + 1, sizeof *v->kww_ok);
    if (!v->gs || !v->q || !v->fs || !v->fs_err || !v->kww || !v->kww_ok)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t k = 0; k < v->n_q; k++) {
        if (!(o->q[k] > 0) || !isfinite(o->q[k]))
            return haven_fail(HAVEN_ERR_ARG, "Q must be > 0, got %g 1/A", o->q[k] * HAVEN_ANGSTROM);
        v->q[k] = o->q[k];
    }
    return HAVEN_OK;
}

/* One atom's path x[k * T + t]: its origin-averaged F_s per (Q, lag) into
 * f1, and its displacements into the G_s histogram (counts). */
static void one_atom(const double *x, size_t T, size_t stride, const haven_vanhove_self *v,
                     double *hist, double *f1)
{
    memset(f1, 0, v->n_q * v->n_lags * sizeof *f1);
    for (size_t l = 0; l < v->n_lags; l++) {
        size_t L = v->lag[l], n = 0;
        for (size_t t0 = 0; t0 + L < T; t0 += stride, n++) {
            double d2 = 0;
            for (int k = 0; k < 3; k++) {
                double d = x[k * T + t0 + L] - x[k * T + t0];
                d2 += d * d;
            }
            double r = sqrt(d2);
            size_t b = (size_t)(r / v->dr);
            if (b < v->n_bins)
                hist[l * v->n_bins + b] += 1;
            for (size_t q = 0; q < v->n_q; q++) {
                double qr = v->q[q] * r;
                f1[q * v->n_lags + l] += qr > 1e-8 ? sin(qr) / qr : 1 - qr * qr / 6;
            }
        }
        for (size_t q = 0; q < v->n_q; q++)
            f1[q * v->n_lags + l] /= (double)(n ? n : 1);
    }
}

/* Histogram counts -> G_s with int 4 pi r^2 G_s dr = 1. */
static void normalise_gs(haven_vanhove_self *v, const double *hist, size_t T, size_t stride)
{
    for (size_t l = 0; l < v->n_lags; l++) {
        size_t origins = (T - v->lag[l] + stride - 1) / stride;
        double samples = (double)origins * (double)v->n_atoms;
        for (size_t b = 0; b < v->n_bins; b++) {
            double r0 = (double)b * v->dr, r1 = r0 + v->dr;
            double shell = 4.0 / 3.0 * PI * (r1 * r1 * r1 - r0 * r0 * r0);
            v->gs[l * v->n_bins + b] = hist[l * v->n_bins + b] / (samples * shell);
        }
    }
}

static haven_status accumulate(haven_store *store, const int *group, size_t stride,
                               haven_vanhove_self *v, double *hist)
{
    size_t T = haven_store_n_frames(store), N = haven_store_n_atoms(store);
    size_t nf = v->n_q * v->n_lags;
    double *x = malloc(3 * T * sizeof *x), *f1 = malloc((nf + 1) * sizeof *f1),
           *sum2 = calloc(nf + 1, sizeof *sum2);
    haven_status s = x && f1 && sum2 ? HAVEN_OK : haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t i = 0; s == HAVEN_OK && i < N; i++) {
        if (!group[i])
            continue;
        if ((s = haven_store_read_atoms(store, i, i + 1, x)) != HAVEN_OK)
            break;
        one_atom(x, T, stride, v, hist, f1);
        for (size_t k = 0; k < nf; k++)
            v->fs[k] += f1[k], sum2[k] += f1[k] * f1[k];
        v->n_atoms++;
    }
    double n = (double)v->n_atoms;
    for (size_t k = 0; s == HAVEN_OK && k < nf; k++) {
        v->fs[k] /= n;
        double var = n > 1 ? (sum2[k] / n - v->fs[k] * v->fs[k]) * n / (n - 1) : NAN;
        v->fs_err[k] = sqrt(fmax(var, 0) / n);
    }
    free(x), free(f1), free(sum2);
    return s;
}

static void fit_kww(haven_vanhove_self *v)
{
    double *t = malloc(v->n_lags * sizeof *t);
    if (!t)
        return;
    for (size_t l = 0; l < v->n_lags; l++)
        t[l] = (double)v->lag[l] * v->dt;
    for (size_t q = 0; q < v->n_q; q++) {
        const double *f = v->fs + q * v->n_lags;
        /* not decayed to half its first value over the run: tau is not
         * determined (only bounded below), so no fit */
        v->kww_ok[q] = f[v->n_lags - 1] < 0.5 * f[0] &&
                       haven_kww_fit(t, f, NULL, v->n_lags, &v->kww[q]) == HAVEN_OK;
    }
    free(t);
}

haven_status haven_vanhove_self_compute(haven_store *store, const int *group, double dt,
                                        const haven_vanhove_options *o, haven_vanhove_self *out)
{
    memset(out, 0, sizeof *out);
    haven_vanhove_options def;
    haven_vanhove_options_init(&def);
    o = o ? o : &def;
    size_t T = haven_store_n_frames(store), stride = o->origin_stride ? o->origin_stride : 1;
    if (T < 3)
        return haven_fail(HAVEN_ERR_DATA, "van Hove: %zu frames; at least 3 are needed", T);
    out->dt = dt;
    haven_status s = hs_vanhove_lags(o, T, 0, &out->lag, &out->n_lags);
    if (s == HAVEN_OK)
        s = alloc_self(out, o);
    double *hist = s == HAVEN_OK ? calloc(out->n_lags * out->n_bins, sizeof *hist) : NULL;
    if (s == HAVEN_OK && !hist)
        s = haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    if (s == HAVEN_OK)
        s = accumulate(store, group, stride, out, hist);
    if (s == HAVEN_OK && out->n_atoms == 0)
        s = haven_fail(HAVEN_ERR_ARG, "van Hove: no atoms selected");
    if (s == HAVEN_OK) {
        normalise_gs(out, hist, T, stride);
        fit_kww(out);
    }
    free(hist);
    if (s != HAVEN_OK)
        haven_vanhove_self_clear(out);
    return s;
}

void haven_vanhove_self_clear(haven_vanhove_self *v)
{
    if (!v)
        return;
    free(v->lag), free(v->gs), free(v->q), free(v->fs), free(v->fs_err), free(v->kww);
    free(v->kww_ok);
    memset(v, 0, sizeof *v);
}
