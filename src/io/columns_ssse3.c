/* haven_columns_row_fast() with SSSE3 digit conversion (parse.h,
 * haven_parse_span_ssse3). This file is compiled for SSSE3 throughout; its
 * functions run only where the processor has it (columns.c checks). */
#include "io/parse.h"

#if HAVEN_SSSE3
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("ssse3"))), apply_to = function)
#else
#pragma GCC target("ssse3")
#endif

#include "io/columns_row.h"
#include "io/digits_ssse3.h"

#include <stdint.h>
#include <tmmintrin.h>

/* haven_digit_gather[ni][nf] (columns_row.h): pshufb indices taking the
 * ni integer digits of a token (no sign) right-aligned into bytes 0..7 and its nf fraction digits,
 * past the point at byte ni, left-aligned into bytes 8..15; Z (0x80) zeroes a byte. Generated: byte
 * j < 8 is ni - 8 + j when j >= 8 - ni, byte j >= 8 is ni + 1 + (j - 8) when j - 8 < nf. */
#define Z 0x80
/* clang-format off */
const uint8_t haven_digit_gather[8][9][16] __attribute__((aligned(16))) = {
    {
        {Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z}, /* 0.0 */
        {Z, Z, Z, Z, Z, Z, Z, Z, 1, Z, Z, Z, Z, Z, Z, Z}, /* 0.1 */
        {Z, Z, Z, Z, Z, Z, Z, Z, 1, 2, Z, Z, Z, Z, Z, Z}, /* 0.2 */
        {Z, Z, Z, Z, Z, Z, Z, Z, 1, 2, 3, Z, Z, Z, Z, Z}, /* 0.3 */
        {Z, Z, Z, Z, Z, Z, Z, Z, 1, 2, 3, 4, Z, Z, Z, Z}, /* 0.4 */
        {Z, Z, Z, Z, Z, Z, Z, Z, 1, 2, 3, 4, 5, Z, Z, Z}, /* 0.5 */
        {Z, Z, Z, Z, Z, Z, Z, Z, 1, 2, 3, 4, 5, 6, Z, Z}, /* 0.6 */
        {Z, Z, Z, Z, Z, Z, Z, Z, 1, 2, 3, 4, 5, 6, 7, Z}, /* 0.7 */
        {Z, Z, Z, Z, Z, Z, Z, Z, 1, 2, 3, 4, 5, 6, 7, 8}, /* 0.8 */
    },
    {
        {Z, Z, Z, Z, Z, Z, Z, 0, Z, Z, Z, Z, Z, Z, Z, Z}, /* 1.0 */
        {Z, Z, Z, Z, Z, Z, Z, 0, 2, Z, Z, Z, Z, Z, Z, Z}, /* 1.1 */
        {Z, Z, Z, Z, Z, Z, Z, 0, 2, 3, Z, Z, Z, Z, Z, Z}, /* 1.2 */
        {Z, Z, Z, Z, Z, Z, Z, 0, 2, 3, 4, Z, Z, Z, Z, Z}, /* 1.3 */
        {Z, Z, Z, Z, Z, Z, Z, 0, 2, 3, 4, 5, Z, Z, Z, Z}, /* 1.4 */
        {Z, Z, Z, Z, Z, Z, Z, 0, 2, 3, 4, 5, 6, Z, Z, Z}, /* 1.5 */
        {Z, Z, Z, Z, Z, Z, Z, 0, 2, 3, 4, 5, 6, 7, Z, Z}, /* 1.6 */
        {Z, Z, Z, Z, Z, Z, Z, 0, 2, 3, 4, 5, 6, 7, 8, Z}, /* 1.7 */
        {Z, Z, Z, Z, Z, Z, Z, 0, 2, 3, 4, 5, 6, 7, 8, 9}, /* 1.8 */
    },
    {
        {Z, Z, Z, Z, Z, Z, 0, 1, Z, Z, Z, Z, Z, Z, Z, Z}, /* 2.0 */
        {Z, Z, Z, Z, Z, Z, 0, 1, 3, Z, Z, Z, Z, Z, Z, Z}, /* 2.1 */
        {Z, Z, Z, Z, Z, Z, 0, 1, 3, 4, Z, Z, Z, Z, Z, Z}, /* 2.2 */
        {Z, Z, Z, Z, Z, Z, 0, 1, 3, 4, 5, Z, Z, Z, Z, Z}, /* 2.3 */
        {Z, Z, Z, Z, Z, Z, 0, 1, 3, 4, 5, 6, Z, Z, Z, Z}, /* 2.4 */
        {Z, Z, Z, Z, Z, Z, 0, 1, 3, 4, 5, 6, 7, Z, Z, Z}, /* 2.5 */
        {Z, Z, Z, Z, Z, Z, 0, 1, 3, 4, 5, 6, 7, 8, Z, Z}, /* 2.6 */
        {Z, Z, Z, Z, Z, Z, 0, 1, 3, 4, 5, 6, 7, 8, 9, Z}, /* 2.7 */
        {Z, Z, Z, Z, Z, Z, 0, 1, 3, 4, 5, 6, 7, 8, 9, 10}, /* 2.8 */
    },
    {
        {Z, Z, Z, Z, Z, 0, 1, 2, Z, Z, Z, Z, Z, Z, Z, Z}, /* 3.0 */
        {Z, Z, Z, Z, Z, 0, 1, 2, 4, Z, Z, Z, Z, Z, Z, Z}, /* 3.1 */
        {Z, Z, Z, Z, Z, 0, 1, 2, 4, 5, Z, Z, Z, Z, Z, Z}, /* 3.2 */
        {Z, Z, Z, Z, Z, 0, 1, 2, 4, 5, 6, Z, Z, Z, Z, Z}, /* 3.3 */
        {Z, Z, Z, Z, Z, 0, 1, 2, 4, 5, 6, 7, Z, Z, Z, Z}, /* 3.4 */
        {Z, Z, Z, Z, Z, 0, 1, 2, 4, 5, 6, 7, 8, Z, Z, Z}, /* 3.5 */
        {Z, Z, Z, Z, Z, 0, 1, 2, 4, 5, 6, 7, 8, 9, Z, Z}, /* 3.6 */
        {Z, Z, Z, Z, Z, 0, 1, 2, 4, 5, 6, 7, 8, 9, 10, Z}, /* 3.7 */
        {Z, Z, Z, Z, Z, 0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11}, /* 3.8 */
    },
    {
        {Z, Z, Z, Z, 0, 1, 2, 3, Z, Z, Z, Z, Z, Z, Z, Z}, /* 4.0 */
        {Z, Z, Z, Z, 0, 1, 2, 3, 5, Z, Z, Z, Z, Z, Z, Z}, /* 4.1 */
        {Z, Z, Z, Z, 0, 1, 2, 3, 5, 6, Z, Z, Z, Z, Z, Z}, /* 4.2 */
        {Z, Z, Z, Z, 0, 1, 2, 3, 5, 6, 7, Z, Z, Z, Z, Z}, /* 4.3 */
        {Z, Z, Z, Z, 0, 1, 2, 3, 5, 6, 7, 8, Z, Z, Z, Z}, /* 4.4 */
        {Z, Z, Z, Z, 0, 1, 2, 3, 5, 6, 7, 8, 9, Z, Z, Z}, /* 4.5 */
        {Z, Z, Z, Z, 0, 1, 2, 3, 5, 6, 7, 8, 9, 10, Z, Z}, /* 4.6 */
        {Z, Z, Z, Z, 0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, Z}, /* 4.7 */
        {Z, Z, Z, Z, 0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12}, /* 4.8 */
    },
    {
        {Z, Z, Z, 0, 1, 2, 3, 4, Z, Z, Z, Z, Z, Z, Z, Z}, /* 5.0 */
        {Z, Z, Z, 0, 1, 2, 3, 4, 6, Z, Z, Z, Z, Z, Z, Z}, /* 5.1 */
        {Z, Z, Z, 0, 1, 2, 3, 4, 6, 7, Z, Z, Z, Z, Z, Z}, /* 5.2 */
        {Z, Z, Z, 0, 1, 2, 3, 4, 6, 7, 8, Z, Z, Z, Z, Z}, /* 5.3 */
        {Z, Z, Z, 0, 1, 2, 3, 4, 6, 7, 8, 9, Z, Z, Z, Z}, /* 5.4 */
        {Z, Z, Z, 0, 1, 2, 3, 4, 6, 7, 8, 9, 10, Z, Z, Z}, /* 5.5 */
        {Z, Z, Z, 0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, Z, Z}, /* 5.6 */
        {Z, Z, Z, 0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, Z}, /* 5.7 */
        {Z, Z, Z, 0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13}, /* 5.8 */
    },
    {
        {Z, Z, 0, 1, 2, 3, 4, 5, Z, Z, Z, Z, Z, Z, Z, Z}, /* 6.0 */
        {Z, Z, 0, 1, 2, 3, 4, 5, 7, Z, Z, Z, Z, Z, Z, Z}, /* 6.1 */
        {Z, Z, 0, 1, 2, 3, 4, 5, 7, 8, Z, Z, Z, Z, Z, Z}, /* 6.2 */
        {Z, Z, 0, 1, 2, 3, 4, 5, 7, 8, 9, Z, Z, Z, Z, Z}, /* 6.3 */
        {Z, Z, 0, 1, 2, 3, 4, 5, 7, 8, 9, 10, Z, Z, Z, Z}, /* 6.4 */
        {Z, Z, 0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, Z, Z, Z}, /* 6.5 */
        {Z, Z, 0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, Z, Z}, /* 6.6 */
        {Z, Z, 0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, Z}, /* 6.7 */
        {Z, Z, 0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14}, /* 6.8 */
    },
    {
        {Z, 0, 1, 2, 3, 4, 5, 6, Z, Z, Z, Z, Z, Z, Z, Z}, /* 7.0 */
        {Z, 0, 1, 2, 3, 4, 5, 6, 8, Z, Z, Z, Z, Z, Z, Z}, /* 7.1 */
        {Z, 0, 1, 2, 3, 4, 5, 6, 8, 9, Z, Z, Z, Z, Z, Z}, /* 7.2 */
        {Z, 0, 1, 2, 3, 4, 5, 6, 8, 9, 10, Z, Z, Z, Z, Z}, /* 7.3 */
        {Z, 0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, Z, Z, Z, Z}, /* 7.4 */
        {Z, 0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, Z, Z, Z}, /* 7.5 */
        {Z, 0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, Z, Z}, /* 7.6 */
        {Z, 0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, Z}, /* 7.7 */
        {Z, 0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15}, /* 7.8 */
    },
};
/* clang-format on */
#undef Z

static inline __attribute__((always_inline)) int span_ssse3(const char *s, size_t len, double *out)
{
    int neg = *s == '-';
    const char *t = s + neg; /* the digits and the point: n bytes */
    size_t n = len - (size_t)neg;
    if (n - 1 >= 16) /* 1..16 bytes: one load holds them */
        return 1;
    __m128i v = _mm_loadu_si128((const __m128i *)t);
    unsigned dots = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')));
    int ni = __builtin_ctz((dots & ((1u << n) - 1)) | (1u << n)); /* the point, or n */
    int nf = ni < (int)n ? (int)n - ni - 1 : 0;
    if (ni > 7 || nf > 8 || ni + nf == 0)
        return 1;
    uint64_t w;
    if (haven_digits16(v, haven_digit_gather[ni][nf], &w))
        return 1;
    uint64_t m = haven_digits16_mantissa(w);
    /* An integer (an id, a type) is exact without the division. */
    double x = __builtin_expect(nf != 0, 1) ? (double)(int64_t)m / 1e8
                                            : (double)(int64_t)(w & 0xFFFFFFFFu);
    *out = neg ? -x : x;
    return 0;
}

int haven_parse_span_ssse3(const char *s, size_t len, double *out)
{
    return span_ssse3(s, len, out);
}

const char *haven_columns_row_fast_ssse3(const haven_columns *c, const char *p, double *val,
                                         const char **text, size_t *text_len)
{
    return haven_columns_row_masks(c, p, val, text, text_len, span_ssse3);
}

#if defined(__clang__)
#pragma clang attribute pop
#endif
#endif
