/* Preprocessing of a spectrum before fitting: frequency window, inductive
 * points, Lin-KK outliers. Each step only removes points, so the kept ones
 * are exactly as measured. */
#include "eis/circuit.h"

#include "core/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

size_t haven_eis_n_inductive(const haven_eis_data *d)
{
    size_t k = 0;
    for (size_t i = 0; d && i < d->n; i++)
        k += d->zim[i] > 0;
    return k;
}

/* Keep the points with keep[i] set, in order. */
static void compact(haven_eis_data *d, const unsigned char *keep)
{
    size_t j = 0;
    for (size_t i = 0; i < d->n; i++)
        if (keep[i]) {
            d->freq[j] = d->freq[i];
            d->zre[j] = d->zre[i];
            d->zim[j] = d->zim[i];
            j++;
        }
    d->n = j;
}

static size_t count(const unsigned char *keep, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += keep[i] != 0;
    return k;
}

/* Lin-KK on the points kept so far; clears keep[i] of the outliers. */
static haven_status mark_kk(const haven_eis_data *d, const haven_eis_prep_options *o,
                            unsigned char *keep, size_t *n_kk)
{
    size_t n = count(keep, d->n), j = 0;
    double *buf = malloc(3 * n * sizeof *buf);
    size_t *idx = malloc(n * sizeof *idx);
    if (!buf || !idx) {
        free(buf);
        free(idx);
        return haven_fail(HAVEN_ERR_NOMEM, "preprocess: out of memory");
    }
    for (size_t i = 0; i < d->n; i++)
        if (keep[i]) {
            buf[j] = d->freq[i];
            buf[n + j] = d->zre[i];
            buf[2 * n + j] = d->zim[i];
            idx[j++] = i;
        }
    haven_eis_data sub = {n, buf, buf + n, buf + 2 * n, "", 0, ""};
    haven_eis_linkk_result r;
    haven_status st = haven_eis_linkk(&sub, &o->kk, &r);
    if (!st) {
        double thr = o->kk.threshold > 0 ? o->kk.threshold : 0.005;
        double lim = o->kk_point_limit > 0 ? o->kk_point_limit : 3 * thr;
        for (j = 0; j < n; j++)
            if (fabs(r.res_re[j]) > lim || fabs(r.res_im[j]) > lim) {
                keep[idx[j]] = 0;
                (*n_kk)++;
            }
        haven_eis_linkk_result_free(&r);
    }
    free(buf);
    free(idx);
    return st;
}

haven_status haven_eis_preprocess(haven_eis_data *d, const haven_eis_prep_options *o,
                                  haven_eis_prep_report *rep)
{
    if (!d || !o || !rep)
        return haven_fail(HAVEN_ERR_ARG, "haven_eis_preprocess: NULL argument");
    memset(rep, 0, sizeof *rep);
    rep->n_in = d->n;
    if (o->fmin < 0 || o->fmax < 0 || (o->fmax > 0 && o->fmin > o->fmax))
        return haven_fail(HAVEN_ERR_ARG, "preprocess: frequency window %g..%g Hz is empty",
                          o->fmin, o->fmax);
    unsigned char *keep = malloc(d->n ? d->n : 1);
    if (!keep)
        return haven_fail(HAVEN_ERR_NOMEM, "preprocess: out of memory");
    for (size_t i = 0; i < d->n; i++) {
        keep[i] = 1;
        if (o->fmin > 0 && d->freq[i] < o->fmin) {
            keep[i] = 0;
            rep->n_below_fmin++;
        } else if (o->fmax > 0 && d->freq[i] > o->fmax) {
            keep[i] = 0;
            rep->n_above_fmax++;
        } else if (o->drop_inductive && d->zim[i] > 0) {
            keep[i] = 0;
            rep->n_inductive++;
        }
    }
    haven_status st = HAVEN_OK;
    if (o->kk_exclude && count(keep, d->n) >= 4)
        st = mark_kk(d, o, keep, &rep->n_kk);
    rep->n_out = count(keep, d->n);
    if (!st && rep->n_out < 4)
        st = haven_fail(HAVEN_ERR_DATA,
                        "preprocess: %zu of %zu points left (%zu below fmin, %zu above fmax, "
                        "%zu inductive, %zu Lin-KK outliers); at least 4 are needed",
                        rep->n_out, rep->n_in, rep->n_below_fmin, rep->n_above_fmax,
                        rep->n_inductive, rep->n_kk);
    if (!st)
        compact(d, keep);
    free(keep);
    return st;
}
