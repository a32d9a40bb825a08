/* haven_columns_row_fast() with AVX-512 (BW, VL, VBMI, VBMI2): the row in
 * one register, up to eight short numbers per conversion, no scalar work
 * per token.
 *
 * The AVX2 form (columns_avx2.c) finds each token's shape - where its
 * digits start past a sign, its length, where its point is - with scalar
 * code (about 17 instructions a token, of its ~445 for a LAMMPS row) and
 * loads each token and its gather indices from memory. Here the row's 64
 * bytes stay in a register and every token's shape is found at once,
 * token j in byte j:
 *  - its start and end, compressed from the row's bit masks (vpcompressb);
 *  - its sign, by permuting the row's bytes by the starts (vpermb);
 *  - its point, from each byte's next point (a suffix minimum over 8
 *    bytes, in three permute-and-min steps).
 * Numbers of at most 8 digits with at most 7 after the point ("-12.5107",
 * "17", "0.25": what LAMMPS's default %g writes, and %.6f below 100) then
 * take a 64-bit lane each, eight to a register: each lane gathers its
 * token's digits straight from the row, right-aligned and without the
 * point (vpermb with computed indices), and the digit check, the
 * multiply-add reduction to the integer m of all its digits, m's exact
 * conversion to double and the division by 10^(digits after the point)
 * follow. m and the power of ten are exact doubles and IEEE division is
 * correctly rounded, so each value is the decimal's correctly rounded
 * double: strtod's, bit for bit, as in the other forms.
 *
 * A row with any other token in a used column (more digits, an exponent,
 * no number) goes to the AVX2 form. The chain from the row's bytes to its
 * values is longer than the AVX2 form's, so this form pays only where the
 * caller parses rows in batches, independent of each other, before it
 * uses their values (the LAMMPS reader: lammps_dump.c, batch_range);
 * haven_columns_batched() opts a layout in. It takes the layouts whose
 * numbers follow a leading run of text or skipped columns
 * (haven_columns.lead >= 0). Compiled for AVX-512; it runs only where the
 * processor has it (haven_cpu_avx512()).
 *
 * Its code is as measured: small rearrangements (an early exit for long
 * tokens, the byte classes kept for the AVX2 form, one masked store of
 * the values) cost it 10-15 ns a row in the in-memory row bench. */
#include "io/parse.h"

#if HAVEN_SSSE3
#if defined(__clang__)
#pragma clang attribute push(                                                                      \
    __attribute__((target("avx512f,avx512bw,avx512vl,avx512vbmi,avx512vbmi2,bmi,bmi2,popcnt"))),   \
    apply_to = function)
#else
#pragma GCC target("avx512f,avx512bw,avx512vl,avx512vbmi,avx512vbmi2,bmi,bmi2,popcnt")
#endif

#include "io/columns_row.h"

#include <immintrin.h>
#include <stdint.h>

/* Byte constants: 0..63; each byte's 64-bit lane; its index in the lane. */
/* clang-format off */
static const uint8_t iota64[64] = {
    0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15,
    16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
    32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47,
    48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63};
static const uint8_t lane64[64] = {
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3,
    4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 7};
static const uint8_t in_lane64[64] = {
    0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7,
    0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7};
/* clang-format on */
static const double pow10_8[8] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7};

static inline __m512i bytes(const uint8_t *b)
{
    return _mm512_loadu_si512((const void *)b);
}

/* Byte i + s, at most 63, for the suffix minimum (a point at byte 63 lies
 * past the end of every token of the row). */
static inline __m512i shifted(unsigned s)
{
    return _mm512_min_epu8(_mm512_add_epi8(bytes(iota64), _mm512_set1_epi8((char)s)),
                           _mm512_set1_epi8(63));
}

/* The values of tokens j0 .. j0 + 7 of the row b, one per 64-bit lane
 * (token j: its digits from at[j], ni[j] of them before the point, nd[j]
 * in all, nf[j] after the point; bytes j of those vectors), before their
 * signs. *bad: a bit per token with a gathered byte that is not a digit (a
 * second point, a sign, a letter). */
static inline __m512d eight(__m512i b, __m512i at, __m512i ni, __m512i nd, __m512i nf, int j0,
                            unsigned *bad)
{
    const __m512i k = bytes(in_lane64);
    __m512i which = _mm512_add_epi8(bytes(lane64), _mm512_set1_epi8((char)j0));
    __m512i a = _mm512_permutexvar_epi8(which, at);
    __m512i i = _mm512_permutexvar_epi8(which, ni);
    __m512i d = _mm512_permutexvar_epi8(which, nd);
    /* Byte k of a lane takes digit g = k - 8 + nd (right-aligned) when
     * g >= 0: byte at + g of the row, one further once past the point. */
    __m512i g = _mm512_sub_epi8(_mm512_add_epi8(k, d), _mm512_set1_epi8(8));
    __mmask64 take = _mm512_cmpge_epi8_mask(g, _mm512_setzero_si512());
    __m512i from = _mm512_add_epi8(_mm512_add_epi8(a, g),
                                   _mm512_maskz_set1_epi8(_mm512_cmpge_epi8_mask(g, i), 1));
    __m512i dg =
        _mm512_maskz_sub_epi8(take, _mm512_permutexvar_epi8(from, b), _mm512_set1_epi8('0'));
    __m512i over = _mm512_subs_epu8(dg, _mm512_set1_epi8(9)); /* nonzero where not 0..9 */
    *bad = _mm512_test_epi64_mask(over, over);
    __m512i d2 = _mm512_maddubs_epi16(dg, _mm512_set1_epi16(1 << 8 | 10)); /* 10 a + b */
    __m512i d4 = _mm512_madd_epi16(d2, _mm512_set1_epi32(1 << 16 | 100));  /* 4 digits */
    __m512i m = _mm512_add_epi64(_mm512_mul_epu32(d4, _mm512_set1_epi64(10000)),
                                 _mm512_srli_epi64(d4, 32)); /* 8 digits: < 2^52 */
    const __m512i two52 = _mm512_set1_epi64(0x4330000000000000);
    __m512d x = _mm512_sub_pd(_mm512_castsi512_pd(_mm512_or_si512(m, two52)),
                              _mm512_castsi512_pd(two52)); /* m, exactly */
    __m512i f = _mm512_cvtepu8_epi64(_mm512_castsi512_si128(
        _mm512_permutexvar_epi8(_mm512_add_epi8(bytes(iota64), _mm512_set1_epi8((char)j0)), nf)));
    return _mm512_div_pd(x, _mm512_permutexvar_pd(f, _mm512_loadu_pd(pow10_8)));
}

const char *haven_columns_row_fast_avx512(const haven_columns *c, const char *p, double *val,
                                          const char **text, size_t *text_len)
{
    const __m512i b = _mm512_loadu_si512((const void *)p);
    uint64_t blank = _mm512_cmpeq_epi8_mask(b, _mm512_set1_epi8(' ')) |
                     _mm512_cmple_epu8_mask(_mm512_sub_epi8(b, _mm512_set1_epi8(9)),
                                            _mm512_set1_epi8(4)); /* \t \n \v \f \r */
    uint64_t nul = _mm512_testn_epi8_mask(b, b);
    uint64_t stop = _mm512_cmpeq_epi8_mask(b, _mm512_set1_epi8('\n')) | nul;
    uint64_t first = stop & (0 - stop);
    uint64_t tok = ~blank & (first - 1); /* (first 0, no line end: all 64) */
    uint64_t starts = tok & ~(tok << 1), ends = ~tok & (tok << 1);
    /* As the AVX2 form: the used columns must all end within the 64 bytes,
     * at a blank or the '\n' (a NUL first: the scalar path decides). */
    if (c->n_used > 32 || _mm_popcnt_u64(ends) < (unsigned)c->n_used || (first & nul))
        return haven_columns_row_scalar(c, p, val, text, text_len);
    /* Every token's shape at once, token j in byte j. */
    const __m512i iota = bytes(iota64), one = _mm512_set1_epi8(1);
    __m512i st = _mm512_maskz_compress_epi8(starts, iota);
    __m512i en = _mm512_maskz_compress_epi8(ends, iota);
    __mmask64 neg = _mm512_cmpeq_epi8_mask(_mm512_permutexvar_epi8(st, b), _mm512_set1_epi8('-'));
    __m512i at = _mm512_mask_add_epi8(st, neg, st, one);
    __m512i n = _mm512_sub_epi8(en, at); /* digits and point */
    /* Each byte's next point within 8 bytes (127: none; one further on is
     * past the 8 digits either way). */
    __m512i dot = _mm512_mask_blend_epi8(_mm512_cmpeq_epi8_mask(b, _mm512_set1_epi8('.')),
                                         _mm512_set1_epi8(127), iota);
    for (unsigned k = 1; k < 8; k *= 2)
        dot = _mm512_min_epu8(dot, _mm512_permutexvar_epi8(shifted(k), dot));
    __m512i ni = _mm512_min_epu8(_mm512_sub_epi8(_mm512_permutexvar_epi8(at, dot), at), n);
    __mmask64 point = _mm512_cmplt_epu8_mask(ni, n);
    __m512i nf = _mm512_maskz_sub_epi8(point, _mm512_sub_epi8(n, ni), one);
    __m512i nd = _mm512_add_epi8(ni, nf);
    /* This form's numbers: at most 8 digits, at most 7 after the point
     * (n <= 9 first: the byte sums cannot wrap). Any other in a used
     * column: the AVX2 form takes the row. */
    uint64_t ok = _mm512_cmple_epu8_mask(n, _mm512_set1_epi8(9)) &
                  _mm512_cmple_epu8_mask(nd, _mm512_set1_epi8(8)) &
                  _mm512_cmple_epu8_mask(nf, _mm512_set1_epi8(7)) & _mm512_test_epi8_mask(nd, nd);
    uint64_t need = ((UINT64_C(1) << c->n_used) - 1) & ~((UINT64_C(1) << c->lead) - 1);
    if ((ok & need) != need)
        return haven_columns_row_fast_avx2(c, p, val, text, text_len);
    for (int j0 = c->lead; j0 < c->n_used; j0 += 8) {
        unsigned bad, count = (unsigned)(c->n_used - j0 < 8 ? c->n_used - j0 : 8);
        __m512d x = eight(b, at, ni, nd, nf, j0, &bad);
        /* The sign last: -(m / 10^nf) is (-m) / 10^nf ("-0" is -0.0, as
         * strtod gives). */
        __m512i xi = _mm512_castpd_si512(x);
        x = _mm512_castsi512_pd(
            _mm512_mask_xor_epi64(xi, (__mmask8)(neg >> j0), xi, _mm512_set1_epi64(INT64_MIN)));
        if (bad & ((1u << count) - 1))
            return haven_columns_row_fast_avx2(c, p, val, text, text_len);
        double v[8];
        _mm512_storeu_pd(v, x);
        for (unsigned t = 0; t < count; t++)
            val[c->slot[j0 + (int)t]] = v[t];
    }
    uint64_t s = starts, e = ends;
    for (int col = 0; col < c->lead; col++) { /* the leading run: text or skipped */
        if (c->slot[col] == HAVEN_COL_TEXT) {
            *text = p + _tzcnt_u64(s);
            *text_len = (size_t)(_tzcnt_u64(e) - _tzcnt_u64(s));
        }
        s = _blsr_u64(s);
        e = _blsr_u64(e);
    }
    /* The end of the last column read: its token's end. */
    return p + _tzcnt_u64(_pdep_u64(UINT64_C(1) << (c->n_used - 1), ends));
}

#if defined(__clang__)
#pragma clang attribute pop
#endif
#endif
