/* Internal: the row loop of haven_columns_row_fast(), shared by its forms
 * (columns.c: SWAR digits; columns_ssse3.c: SSSE3 digits). Each form
 * includes this header and passes its fixed-format converter, which the
 * compiler then inlines into that form's copy of the loop. */
#ifndef HAVEN_SRC_IO_COLUMNS_ROW_H
#define HAVEN_SRC_IO_COLUMNS_ROW_H

#include "io/columns.h"
#include "io/parse.h"

#include <stdint.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* A fixed-format converter with haven_parse_span()'s contract. */
typedef int (*haven_span_fn)(const char *s, size_t len, double *out);

/* Token after token (haven_parse_double_padded), for rows whose used
 * columns do not end within their first 64 bytes. */
const char *haven_columns_row_scalar(const haven_columns *c, const char *p, double *val,
                                     const char **text, size_t *text_len);

/* The token [a, b) of the row at p through the general parser, where a
 * fixed-format converter declined it: 1 when it takes exactly those bytes. */
static inline int haven_token_general(const char *p, int a, int b, double *out)
{
    const char *q = p + a;
    return !haven_parse_double_padded(&q, out) && q == p + b;
}

#if HAVEN_SSSE3
/* pshufb indices that gather a token's digits by the count of digits
 * before (ni, 0..7) and after (nf, 0..8) its point (columns_ssse3.c). */
extern const uint8_t haven_digit_gather[8][9][16];
#endif

#ifdef __SSE2__
/* Bit i set where byte i of the 64 at p is a blank (haven_is_space) or
 * '\n'; *nl: where it is '\n' or NUL (the line-by-line path ends a line at
 * either, so a row ends at the first). */
static inline uint64_t haven_delimiters64(const char *p, uint64_t *nl)
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

/* The token boundaries of the first 64 bytes are found at once (SSE2), so
 * the numbers are parsed from known starts and lengths: each is then
 * independent of the one before, and the processor overlaps them, where
 * token after token each waits for the previous one's end. A token ended
 * by a blank or '\n' goes to `span`; one it declines, to the general
 * parser. Rows whose used columns do not end within 64 bytes take the
 * scalar path. */
static inline __attribute__((always_inline)) const char *
haven_columns_row_masks(const haven_columns *c, const char *p, double *val, const char **text,
                        size_t *text_len, haven_span_fn span)
{
    uint64_t nl, delim = haven_delimiters64(p, &nl);
    uint64_t line = nl ? (UINT64_C(1) << __builtin_ctzll(nl)) - 1 : ~UINT64_C(0);
    uint64_t tok = ~delim & line;
    uint64_t starts = tok & ~(tok << 1), ends = ~tok & (tok << 1);
    const char *end = p;
    for (int col = 0; col < c->n_used; col++) {
        if (!starts || !ends)
            return haven_columns_row_scalar(c, p, val, text, text_len);
        int a = __builtin_ctzll(starts), b = __builtin_ctzll(ends);
        starts &= starts - 1;
        ends &= ends - 1;
        int slot = c->slot[col];
        if (slot >= 0) {
            int done = ((delim >> b) & 1) && !span(p + a, (size_t)(b - a), &val[slot]);
            if (!done && !haven_token_general(p, a, b, &val[slot]))
                return NULL;
        } else if (slot == HAVEN_COL_TEXT) {
            *text = p + a;
            *text_len = (size_t)(b - a);
        }
        end = p + b;
    }
    return end;
}
#endif

#endif
