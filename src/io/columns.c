#include "io/columns.h"

#include "io/columns_row.h"
#include "io/parse.h"
#include "io/rows.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* The widest form for this processor and layout: AVX-512 (wide: the rows
 * are parsed in batches and their numbers short) takes only the layouts
 * whose numbers follow a leading run (lead >= 0). */
static haven_row_form pick_form(const haven_columns *c, int wide)
{
#if HAVEN_SSSE3
    if (wide && c->lead >= 0 && c->n_used > 0 && haven_cpu_avx512())
        return haven_columns_row_fast_avx512;
    if (haven_cpu_avx2())
        return haven_columns_row_fast_avx2;
    if (haven_cpu_ssse3())
        return haven_columns_row_fast_ssse3;
#else
    (void)c;
    (void)wide;
#endif
    return haven_columns_row_fast_swar;
}

void haven_columns_init(haven_columns *c, int n_columns)
{
    c->n_columns = n_columns;
    c->n_used = 0;
    c->lead = 0;
    c->batched = 0;
    memset(c->slot, HAVEN_COL_SKIP, sizeof c->slot);
    c->fast = pick_form(c, 0);
}

void haven_columns_batched(haven_columns *c)
{
    c->batched = 1;
    c->fast = pick_form(c, 1);
}

/* Whether the numbers of the row [p, end) are the AVX-512 form's: at most 8
 * digits, at most 7 after the point, a sign and a point at most. */
static int short_numbers(const haven_columns *c, const char *p, const char *end)
{
    for (int col = 0; col < c->n_used; col++) {
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        const char *t = p;
        int digits = 0, after = 0, points = 0;
        for (; p < end && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r'; p++) {
            int d = *p >= '0' && *p <= '9';
            digits += d;
            after += d && points;
            points += *p == '.';
        }
        size_t len = (size_t)(p - t), sign = len > 0 && *t == '-';
        if (col >= c->lead && (len == 0 || digits > 8 || after > 7 || points > 1 ||
                               (size_t)(digits + points) + sign != len))
            return 0;
    }
    return 1;
}

void haven_columns_sample(haven_columns *c, const char *row, size_t len)
{
    const char *nl = memchr(row, '\n', len);
    if (c->batched && nl)
        c->fast = pick_form(c, short_numbers(c, row, nl));
}

void haven_columns_set(haven_columns *c, int col, int slot)
{
    c->slot[col] = (signed char)slot;
    if (col + 1 > c->n_used)
        c->n_used = col + 1;
    int k = c->n_used;
    while (k > 0 && c->slot[k - 1] >= 0)
        k--;
    c->lead = k;
    for (int j = 0; j < k; j++)
        if (c->slot[j] >= 0)
            c->lead = -1;
    c->fast = pick_form(c, c->batched);
}

haven_status haven_columns_row(const haven_linereader *lr, const haven_columns *c, char *line,
                               double *val, const char **text, size_t *text_len)
{
    const char *p = line;
    for (int col = 0; col < c->n_used; col++) {
        int slot = c->slot[col];
        if (slot >= 0) {
            if (haven_parse_double(&p, &val[slot]) == HAVEN_PARSE_OK)
                continue;
            return haven_lr_doubles(lr, &p, &val[slot], 1); /* the error message */
        }
        const char *tok = haven_skip_space(p);
        if (!*tok)
            return haven_lr_fail(lr, HAVEN_ERR_FORMAT, "expected %d columns, found %d",
                                 c->n_columns, col);
        p = haven_token_end(tok);
        if (slot == HAVEN_COL_TEXT) {
            *text = tok;
            *text_len = (size_t)(p - tok);
            if (*p)
                line[p++ - line] = '\0';
        }
    }
    return HAVEN_OK;
}

haven_status haven_columns_integer(const haven_linereader *lr, double v, const char *what,
                                   long *out)
{
    if (!(fabs(v) < 9e15) || v != floor(v))
        return haven_lr_fail(lr, HAVEN_ERR_FORMAT, "expected an integer %s, found %g", what, v);
    *out = (long)v;
    return HAVEN_OK;
}

/* Scalar form of haven_columns_row_fast(): token after token. */
const char *haven_columns_row_scalar(const haven_columns *c, const char *p, double *val,
                                     const char **text, size_t *text_len)
{
    for (int col = 0; col < c->n_used; col++) {
        int slot = c->slot[col];
        if (slot >= 0) {
            if (haven_parse_double_padded(&p, &val[slot]))
                return NULL;
            continue;
        }
        const char *tok = haven_skip_space(p);
        p = haven_row_token_end(tok);
        if (p == tok || !*p) /* no token: the line-by-line path says so */
            return NULL;
        if (slot == HAVEN_COL_TEXT) {
            *text = tok;
            *text_len = (size_t)(p - tok);
        }
    }
    return p;
}

const char *haven_columns_row_fast_swar(const haven_columns *c, const char *p, double *val,
                                        const char **text, size_t *text_len)
{
#ifdef __SSE2__
    return haven_columns_row_masks(c, p, val, text, text_len, haven_parse_span);
#else
    return haven_columns_row_scalar(c, p, val, text, text_len);
#endif
}
