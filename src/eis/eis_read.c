/* Reading a spectrum: pick the format reader, then apply the sign
 * convention, drop DC rows, validate and sort by frequency. */
#include "eis/eis_table.h"

#include "core/error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
    const char *name;
    int (*detect)(const eis_lines *);
    haven_status (*read)(const eis_lines *, const char *, eis_raw *);
} eis_format;

/* Order matters: the delimited-text reader is the fallback. */
static const eis_format FORMATS[] = {
    {"biologic", eis_detect_biologic, eis_read_biologic},
    {"gamry", eis_detect_gamry, eis_read_gamry},
    {"zview", eis_detect_zview, eis_read_zview},
    {"versastudio", eis_detect_versastudio, eis_read_versastudio},
    {"csv", eis_detect_csv, eis_read_csv},
};
#define N_FORMATS (sizeof FORMATS / sizeof FORMATS[0])

void haven_eis_data_free(haven_eis_data *d)
{
    if (!d)
        return;
    free(d->freq);
    free(d->zre);
    free(d->zim);
    memset(d, 0, sizeof *d);
}

typedef struct {
    double f, re, im;
} point;

static int by_freq(const void *a, const void *b)
{
    double x = ((const point *)a)->f, y = ((const point *)b)->f;
    return (x > y) - (x < y);
}

haven_status haven_eis_data_set(haven_eis_data *out, const double *freq, const double *zre,
                                const double *zim, size_t n)
{
    memset(out, 0, sizeof *out);
    if (!freq || !zre || !zim)
        return haven_fail(HAVEN_ERR_ARG, "haven_eis_data_set: NULL array");
    if (n < 3)
        return haven_fail(HAVEN_ERR_DATA, "spectrum has %zu points; at least 3 are needed", n);
    point *p = malloc(n * sizeof *p);
    out->freq = malloc(n * sizeof *out->freq);
    out->zre = malloc(n * sizeof *out->zre);
    out->zim = malloc(n * sizeof *out->zim);
    if (!p || !out->freq || !out->zre || !out->zim) {
        free(p);
        haven_eis_data_free(out);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory for a spectrum");
    }
    for (size_t i = 0; i < n; i++) {
        if (!(freq[i] > 0) || !isfinite(freq[i]) || !isfinite(zre[i]) || !isfinite(zim[i])) {
            free(p);
            haven_eis_data_free(out);
            return haven_fail(HAVEN_ERR_VALUE,
                              "point %zu: frequency must be positive and finite, impedance finite "
                              "(f=%g, Z'=%g, Z''=%g)",
                              i + 1, freq[i], zre[i], zim[i]);
        }
        p[i] = (point){freq[i], zre[i], zim[i]};
    }
    qsort(p, n, sizeof *p, by_freq);
    for (size_t i = 0; i < n; i++) {
        out->freq[i] = p[i].f;
        out->zre[i] = p[i].re;
        out->zim[i] = p[i].im;
    }
    free(p);
    out->n = n;
    snprintf(out->format, sizeof out->format, "array");
    snprintf(out->sign_source, sizeof out->sign_source, "as given");
    return HAVEN_OK;
}

/* Capacitive spectra have Z'' < 0 over most of the range; a column that is
 * mostly positive therefore holds -Z''. Most by count, not by sum: one
 * wild value (a cut or mistyped row) must not flip the whole column. */
static int detect_negated(const eis_raw *r)
{
    size_t pos = 0, neg = 0;
    for (size_t i = 0; i < r->n; i++) {
        pos += r->im[i] > 0;
        neg += r->im[i] < 0;
    }
    return pos > neg;
}

/* Drop the DC rows (f = 0) some exports interleave with the sweep. */
static size_t drop_dc(eis_raw *r)
{
    size_t k = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->f[i] != 0) {
            r->f[k] = r->f[i];
            r->re[k] = r->re[i];
            r->im[k] = r->im[i];
            k++;
        }
    size_t dropped = r->n - k;
    r->n = k;
    return dropped;
}

static const eis_format *pick_format(const eis_lines *L, const char *format, const char *path)
{
    for (size_t i = 0; i < N_FORMATS; i++) {
        if (format && strcasecmp(format, "auto") && strcasecmp(format, FORMATS[i].name))
            continue;
        if (!format || !strcasecmp(format, "auto") ? FORMATS[i].detect(L) : 1)
            return &FORMATS[i];
    }
    haven_fail(HAVEN_ERR_ARG,
               "%s: unknown format '%s' (auto, biologic, gamry, zview, "
               "versastudio, csv)",
               path, format);
    return NULL;
}

static haven_status finish(eis_raw *raw, haven_eis_sign sign, const char *path, haven_eis_data *out)
{
    size_t dc = drop_dc(raw);
    if (dc)
        haven_warn("%s: dropped %zu rows with zero frequency (DC part of the file)", path, dc);
    int neg;
    const char *src;
    if (sign != HAVEN_EIS_SIGN_AUTO) {
        neg = sign == HAVEN_EIS_SIGN_NEGATED;
        src = "option";
    } else if (raw->im_negated >= 0) {
        neg = raw->im_negated;
        src = "header";
    } else {
        neg = detect_negated(raw);
        src = "detected";
    }
    if (neg)
        for (size_t i = 0; i < raw->n; i++)
            raw->im[i] = -raw->im[i];
    haven_status st = haven_eis_data_set(out, raw->f, raw->re, raw->im, raw->n);
    if (st) {
        haven_error_prefix("%s: ", path);
        return st;
    }
    out->imag_negated = neg;
    snprintf(out->sign_source, sizeof out->sign_source, "%s", src);
    for (size_t i = 1; i < out->n; i++)
        if (out->freq[i] == out->freq[i - 1]) {
            haven_warn("%s: frequency %g Hz appears more than once", path, out->freq[i]);
            break;
        }
    return HAVEN_OK;
}

haven_status haven_eis_read(const char *path, const char *format, haven_eis_sign sign,
                            haven_eis_data *out)
{
    if (!path || !out)
        return haven_fail(HAVEN_ERR_ARG, "haven_eis_read: NULL argument");
    memset(out, 0, sizeof *out);
    eis_lines L;
    haven_status st = eis_lines_read(path, &L);
    if (st)
        return st;
    const eis_format *fmt = pick_format(&L, format, path);
    eis_raw raw = {0};
    raw.im_negated = -1;
    st = fmt ? fmt->read(&L, path, &raw) : HAVEN_ERR_ARG;
    if (!st)
        st = finish(&raw, sign, path, out);
    if (!st)
        snprintf(out->format, sizeof out->format, "%s", fmt->name);
    eis_raw_free(&raw);
    eis_lines_free(&L);
    return st;
}
