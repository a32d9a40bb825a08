/* Internal: the digit reduction of one fixed-format token in a 128-bit
 * register, shared by the SSSE3 span form (columns_ssse3.c) and the AVX2
 * form's single token (columns_avx2.c). Include it only after the file has
 * switched its code to SSSE3 or wider (#pragma target). */
#ifndef HAVEN_SRC_IO_DIGITS_SSSE3_H
#define HAVEN_SRC_IO_DIGITS_SSSE3_H

#include <stdint.h>
#include <tmmintrin.h>

/* v: the 16 bytes from a token's first digit (past its sign); row: its
 * haven_digit_gather entry (columns_row.h). 1 when a gathered byte is not a
 * digit (a second point, a sign, a letter); else 0 with *w: the integer
 * digits' value in its low 32 bits, the 8 fraction digits' (left-aligned)
 * in its high 32. */
static inline __attribute__((always_inline)) int haven_digits16(__m128i v, const uint8_t *row,
                                                                uint64_t *w)
{
    __m128i d = _mm_shuffle_epi8(_mm_sub_epi8(v, _mm_set1_epi8('0')),
                                 _mm_loadu_si128((const __m128i *)row));
    /* Every gathered byte a digit, 0..9 after the subtraction; zeroed
     * bytes are 0. */
    __m128i over = _mm_subs_epu8(d, _mm_set1_epi8(9));
    if (_mm_movemask_epi8(_mm_cmpeq_epi8(over, _mm_setzero_si128())) != 0xFFFF)
        return 1;
    __m128i d2 = _mm_maddubs_epi16(d, _mm_set1_epi16(1 << 8 | 10));    /* 10 a + b */
    __m128i d4 = _mm_madd_epi16(d2, _mm_set1_epi32(1 << 16 | 100));    /* 100 ab + cd */
    __m128i d4w = _mm_packs_epi32(d4, d4);                             /* <= 9999: fits */
    __m128i d8 = _mm_madd_epi16(d4w, _mm_set1_epi32(1 << 16 | 10000)); /* 8 digits each */
    *w = (uint64_t)_mm_cvtsi128_si64(d8);
    return 0;
}

/* The mantissa integer * 10^8 + fraction of *w: below 10^15, an exact double. */
static inline uint64_t haven_digits16_mantissa(uint64_t w)
{
    return (w & 0xFFFFFFFFu) * 100000000u + (w >> 32);
}

#endif
