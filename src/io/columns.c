#include "io/columns.h"

#include "io/parse.h"
#include "io/rows.h"

#include <math.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

void haven_columns_init(haven_columns *c, int n_columns)
{
    c->n_columns = n_columns;
    c->n_used = 0;
    memset(c->slot, HAVEN_COL_SKIP, sizeof c->slot);
}

void haven_columns_set(haven_columns *c, int col, int slot)
{
    c->slot[col] = (signed char)slot;
    if (col + 1 > c->n_used)
        c->n_used = col + 1;
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
static const char *row_scalar(const haven_columns *c, const char *p, double *val,
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

#ifdef __SSE2__
/* Bit i set where byte i of the 64 at p is a blank (haven_is_space) or
 * '\n'; *nl: where it is '\n' or NUL (the line-by-line path ends a line at
 * either, so a row ends at the first). */
static inline uint64_t delimiters64(const char *p, uint64_t *nl)
{
    const __m128i space = _mm_set1_epi8(' '), newline = _mm_set1_epi8('\n');
    const __m128i nine = _mm_set1_epi8(9), four = _mm_set1_epi8(4), zero = _mm_setzero_si128();
    uint64_t d = 0, n = 0;
    for (int k = 0; k < 4; k++) {
        __m128i b = _mm_loadu_si128((const __m128i *)(p + 16 * k));
        __m128i t = _mm_sub_epi8(b, nine); /* \t \n \v \f \r -> 0..4 */
        __m128i ctrl = _mm_cmpeq_epi8(_mm_min_epu8(t, four), t);
        __m128i delim = _mm_or_si128(_mm_cmpeq_epi8(b, space), ctrl);
        d |= (uint64_t)(unsigned)_mm_movemask_epi8(delim) << (16 * k);
        __m128i stop = _mm_or_si128(_mm_cmpeq_epi8(b, newline), _mm_cmpeq_epi8(b, zero));
        n |= (uint64_t)(unsigned)_mm_movemask_epi8(stop) << (16 * k);
    }
    *nl = n;
    return d;
}
#endif

/* The token boundaries of the first 64 bytes are found at once (SSE2), so
 * the numbers are parsed from known starts and lengths: each is then
 * independent of the one before, and the processor overlaps them, where
 * token after token each waits for the previous one's end. Rows whose used
 * columns do not end within 64 bytes take the scalar path. */
const char *haven_columns_row_fast(const haven_columns *c, const char *p, double *val,
                                   const char **text, size_t *text_len)
{
#ifdef __SSE2__
    uint64_t nl, delim = delimiters64(p, &nl);
    uint64_t line = nl ? (UINT64_C(1) << __builtin_ctzll(nl)) - 1 : ~UINT64_C(0);
    uint64_t tok = ~delim & line;
    uint64_t starts = tok & ~(tok << 1), ends = ~tok & (tok << 1);
    const char *end = p;
    for (int col = 0; col < c->n_used; col++) {
        if (!starts || !ends)
            return row_scalar(c, p, val, text, text_len);
        int a = __builtin_ctzll(starts), b = __builtin_ctzll(ends);
        starts &= starts - 1;
        ends &= ends - 1;
        int slot = c->slot[col];
        if (slot >= 0) {
            /* A token ended by a blank or '\n' of the known fixed shape is
             * converted inline; anything else by the general parser. */
            const char *q = p + a;
            int done = ((delim >> b) & 1) && !haven_parse_span(q, (size_t)(b - a), &val[slot]);
            if (!done && (haven_parse_double_padded(&q, &val[slot]) || q != p + b))
                return NULL;
        } else if (slot == HAVEN_COL_TEXT) {
            *text = p + a;
            *text_len = (size_t)(b - a);
        }
        end = p + b;
    }
    return end;
#else
    return row_scalar(c, p, val, text, text_len);
#endif
}
