/* haven_columns_row_fast() with AVX2: two tokens per 256-bit register.
 *
 * Measured on the bench rows (bench/README.md), the SSSE3 form spends more
 * of its time finding the tokens and keeping track of the columns than
 * converting digits (about 17 of 29 ns for a LAMMPS row "id type x y z"
 * when each token's conversion is replaced by a plain store). This form
 * cuts both:
 *  - where the numbers come after a leading run of text or skipped
 *    columns (LAMMPS "id type x y z", extended XYZ "Li x y z", XDATCAR),
 *    which the reader's layout says once (haven_columns.lead), they are
 *    converted two by two in column order, with no per-column branch or
 *    state: the largest gain (LAMMPS row 30 -> 25 ns);
 *  - the row's byte classes (blanks, line end, NUL, points, minus signs)
 *    come from two 32-byte compares, and a token's fixed-format shape from
 *    one table (fixed_shape), not from tests on each token;
 *  - two tokens share one register for the digit gather (the SSSE3 form's
 *    pshufb table, haven_digit_gather), the digit check, the multiply-add
 *    reduction, the mantissa integer * 10^8 + fraction, its conversion to
 *    double (or 2^52 into the exponent: exact below 2^52) and the division
 *    by 10^8 - IEEE's correctly rounded one, so that each value is strtod's,
 *    as in the other forms.
 * A token the fixed format does not cover goes to the general parser, as
 * before. Other layouts take a column loop as in the SSSE3 form. This file
 * is compiled for AVX2 (with BMI1/2 and POPCNT, which every AVX2 processor
 * has); its functions run only where the processor has them
 * (haven_cpu_avx2(), chosen once per layout by haven_columns_init). */
#include "io/parse.h"

#if HAVEN_SSSE3
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,bmi,bmi2,popcnt"))), apply_to = function)
#else
#pragma GCC target("avx2,bmi,bmi2,popcnt")
#endif

#include "io/columns_row.h"
#include "io/digits_ssse3.h"

#include <immintrin.h>
#include <stdint.h>

/* Byte classes of the 64 bytes at p, bit i for byte i. */
typedef struct {
    uint64_t delim; /* a blank (haven_is_space) or '\n' */
    uint64_t stop;  /* '\n' or NUL: the line-by-line path ends a line at either */
    uint64_t nul;
    uint64_t dot;
    uint64_t minus;
} row_bytes;

static inline uint64_t mask32(__m256i m, int half)
{
    return (uint64_t)(uint32_t)_mm256_movemask_epi8(m) << (32 * half);
}

static inline row_bytes classify(const char *p)
{
    const __m256i space = _mm256_set1_epi8(' '), newline = _mm256_set1_epi8('\n');
    const __m256i nine = _mm256_set1_epi8(9), four = _mm256_set1_epi8(4);
    const __m256i dot = _mm256_set1_epi8('.'), minus = _mm256_set1_epi8('-');
    row_bytes r = {0, 0, 0, 0, 0};
    for (int h = 0; h < 2; h++) {
        __m256i b = _mm256_loadu_si256((const __m256i *)(p + 32 * h));
        __m256i t = _mm256_sub_epi8(b, nine); /* \t \n \v \f \r -> 0..4 */
        __m256i ctrl = _mm256_cmpeq_epi8(_mm256_min_epu8(t, four), t);
        __m256i nl = _mm256_cmpeq_epi8(b, newline);
        __m256i nul = _mm256_cmpeq_epi8(b, _mm256_setzero_si256());
        r.delim |= mask32(_mm256_or_si256(_mm256_cmpeq_epi8(b, space), ctrl), h);
        r.nul |= mask32(nul, h);
        r.stop |= mask32(_mm256_or_si256(nl, nul), h);
        r.dot |= mask32(_mm256_cmpeq_epi8(b, dot), h);
        r.minus |= mask32(_mm256_cmpeq_epi8(b, minus), h);
    }
    return r;
}

/* The fixed format by a token's bytes after its sign (n, 0..16) and where
 * its point is (ni, 0..n; n: none), row n * 17 + ni: 128 + the row of
 * haven_digit_gather where "[-]ddd[.ddd]" takes it (1 to 7 digits before
 * the point, up to 8 after, at least one digit), else 0. Entry 289: any
 * longer token. One load in place of the tests on ni and the digits after
 * the point, which cost about a quarter of this form's instructions
 * (callgrind). Generated:
 * nf = ni < n ? n - ni - 1 : 0; taken when ni <= 7, nf <= 8, ni + nf > 0. */
/* clang-format off */
static const uint8_t fixed_shape[17 * 17 + 1] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* n = 0 */
    0, 137, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* n = 1 */
    129, 137, 146, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* n = 2 */
    130, 138, 146, 155, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* n = 3 */
    131, 139, 147, 155, 164, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* n = 4 */
    132, 140, 148, 156, 164, 173, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* n = 5 */
    133, 141, 149, 157, 165, 173, 182, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* n = 6 */
    134, 142, 150, 158, 166, 174, 182, 191, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* n = 7 */
    135, 143, 151, 159, 167, 175, 183, 191, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* n = 8 */
    136, 144, 152, 160, 168, 176, 184, 192, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* n = 9 */
    0, 145, 153, 161, 169, 177, 185, 193, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* n = 10 */
    0, 0, 154, 162, 170, 178, 186, 194, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* n = 11 */
    0, 0, 0, 163, 171, 179, 187, 195, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* n = 12 */
    0, 0, 0, 0, 172, 180, 188, 196, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* n = 13 */
    0, 0, 0, 0, 0, 181, 189, 197, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* n = 14 */
    0, 0, 0, 0, 0, 0, 190, 198, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* n = 15 */
    0, 0, 0, 0, 0, 0, 0, 199, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* n = 16 */
    0, /* n > 16 */
};
/* clang-format on */

/* One token's place in the fixed format "[-]ddd[.ddd]" (parse.h,
 * haven_parse_span_ssse3): its digits start at `at` (past the sign), and
 * `row` indexes haven_digit_gather, 0 where the token is not of that
 * format (ok 0; the gather is then harmless and its value unused). */
typedef struct {
    unsigned at, row, ok;
    uint64_t sign; /* the sign bit of the double */
} token_shape;

static inline token_shape shape(const row_bytes *r, unsigned a, unsigned b)
{
    token_shape t;
    unsigned neg = (unsigned)(r->minus >> a) & 1;
    t.at = a + neg;
    unsigned n = b - t.at; /* digits and point; b > a, so n is 0 only for "-" */
    unsigned ni = (unsigned)_tzcnt_u64((r->dot >> t.at) | (UINT64_C(1) << n)); /* point, or n */
    unsigned k = fixed_shape[n <= 16 ? n * 17 + ni : 17 * 17];
    t.ok = k >> 7;
    t.row = k & 127;
    t.sign = (uint64_t)neg << 63;
    return t;
}

/* The values of two tokens of the row at p (they may be the same one) into
 * *x0, *x1. Returns a bit per token that is not of the fixed format (bit 0
 * the first, bit 1 the second): its value is then not written. */
static inline unsigned convert_pair(const char *p, const row_bytes *r, unsigned a0, unsigned b0,
                                    unsigned a1, unsigned b1, double *x0, double *x1)
{
    token_shape t0 = shape(r, a0, b0), t1 = shape(r, a1, b1);
    const uint8_t *g = &haven_digit_gather[0][0][0];
    __m256i v = _mm256_loadu2_m128i((const __m128i *)(p + t1.at), (const __m128i *)(p + t0.at));
    __m256i idx =
        _mm256_loadu2_m128i((const __m128i *)(g + 16 * t1.row), (const __m128i *)(g + 16 * t0.row));
    __m256i d = _mm256_shuffle_epi8(_mm256_sub_epi8(v, _mm256_set1_epi8('0')), idx);
    /* Every gathered byte a digit, 0..9 after the subtraction (a second
     * point or a sign among them is not); zeroed bytes are 0. */
    __m256i over = _mm256_subs_epu8(d, _mm256_set1_epi8(9));
    unsigned bad = ~(unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(over, _mm256_setzero_si256()));
    unsigned ok0 = t0.ok & ((bad & 0xFFFFu) == 0), ok1 = t1.ok & ((bad >> 16) == 0);
    /* Per 128-bit half: dword 0 the 8 integer digits, dword 1 the 8
     * fraction digits (as in the SSSE3 form). */
    __m256i d2 = _mm256_maddubs_epi16(d, _mm256_set1_epi16(1 << 8 | 10));
    __m256i d4 = _mm256_madd_epi16(d2, _mm256_set1_epi32(1 << 16 | 100));
    __m256i d8 = _mm256_madd_epi16(_mm256_packs_epi32(d4, d4), _mm256_set1_epi32(1 << 16 | 10000));
    __m256i m = _mm256_add_epi64(_mm256_mul_epu32(d8, _mm256_set1_epi64x(100000000)),
                                 _mm256_srli_epi64(d8, 32));      /* < 10^15 < 2^52 */
    const __m256i two52 = _mm256_set1_epi64x(0x4330000000000000); /* 2^52 */
    __m256d x = _mm256_sub_pd(_mm256_castsi256_pd(_mm256_or_si256(m, two52)),
                              _mm256_castsi256_pd(two52)); /* m, exactly */
    x = _mm256_div_pd(x, _mm256_set1_pd(1e8));
    /* The sign last: -(m / 10^8) is (-m) / 10^8 (and "-0" is -0.0, as
     * strtod gives). */
    x = _mm256_xor_pd(
        x, _mm256_castsi256_pd(_mm256_set_epi64x(0, (long long)t1.sign, 0, (long long)t0.sign)));
    if (ok0)
        _mm_storel_pd(x0, _mm256_castpd256_pd128(x));
    if (ok1)
        _mm_storel_pd(x1, _mm256_extractf128_pd(x, 1));
    return (ok0 ^ 1u) | (ok1 ^ 1u) << 1;
}

/* One token as convert_pair() converts two, in a 128-bit register: for
 * the last token of an odd count. Returns 1 when it is not of the fixed
 * format (*x then not written). */
static inline unsigned convert_one(const char *p, const row_bytes *r, unsigned a, unsigned b,
                                   double *x)
{
    token_shape t = shape(r, a, b);
    uint64_t w;
    if (!t.ok || haven_digits16(_mm_loadu_si128((const __m128i *)(p + t.at)),
                                &haven_digit_gather[0][0][0] + 16 * t.row, &w))
        return 1;
    double y = (double)(int64_t)haven_digits16_mantissa(w) / 1e8;
    uint64_t bits;
    __builtin_memcpy(&bits, &y, sizeof bits);
    bits ^= t.sign;
    __builtin_memcpy(x, &bits, sizeof bits);
    return 0;
}

/* Both tokens of a pair, each by the fixed format or else the general
 * parser; 0 when either fails. */
static inline int pair(const char *p, const row_bytes *r, const unsigned *a, const unsigned *b,
                       double *x0, double *x1)
{
    unsigned bad = convert_pair(p, r, a[0], b[0], a[1], b[1], x0, x1);
    if (__builtin_expect(bad != 0, 0))
        return !((bad & 1) && !haven_token_general(p, a[0], b[0], x0)) &&
               !((bad & 2) && !haven_token_general(p, a[1], b[1], x1));
    return 1;
}

const char *haven_columns_row_fast_avx2(const haven_columns *c, const char *p, double *val,
                                        const char **text, size_t *text_len)
{
    row_bytes r = classify(p);
    uint64_t first = r.stop & (0 - r.stop);
    uint64_t tok = ~r.delim & (first - 1); /* (first 0, no line end: all 64) */
    uint64_t starts = tok & ~(tok << 1), ends = ~tok & (tok << 1);
    /* The used columns must all end within the 64 bytes, at a blank or the
     * '\n' (a NUL first: the scalar path decides). */
    if (c->n_used > 32 || _mm_popcnt_u64(ends) < (unsigned)c->n_used || (first & r.nul))
        return haven_columns_row_scalar(c, p, val, text, text_len);
    if (c->lead >= 0) { /* numbers after the first `lead` columns: in pairs, in order */
        int col = 0;
        unsigned a[2], b[2] = {0, 0};
        for (; col < c->lead; col++) {
            a[1] = (unsigned)_tzcnt_u64(starts);
            b[1] = (unsigned)_tzcnt_u64(ends);
            if (c->slot[col] == HAVEN_COL_TEXT) {
                *text = p + a[1];
                *text_len = b[1] - a[1];
            }
            starts = _blsr_u64(starts);
            ends = _blsr_u64(ends);
        }
        for (; col + 1 < c->n_used; col += 2) {
            a[0] = (unsigned)_tzcnt_u64(starts);
            b[0] = (unsigned)_tzcnt_u64(ends);
            a[1] = (unsigned)_tzcnt_u64(_blsr_u64(starts));
            b[1] = (unsigned)_tzcnt_u64(_blsr_u64(ends));
            starts = _blsr_u64(_blsr_u64(starts));
            ends = _blsr_u64(_blsr_u64(ends));
            if (!pair(p, &r, a, b, &val[c->slot[col]], &val[c->slot[col + 1]]))
                return NULL;
        }
        if (col == c->n_used) /* the end of the last column read */
            return p + b[1];
        a[0] = (unsigned)_tzcnt_u64(starts);
        b[0] = (unsigned)_tzcnt_u64(ends);
        if (convert_one(p, &r, a[0], b[0], &val[c->slot[col]]) &&
            !haven_token_general(p, a[0], b[0], &val[c->slot[col]]))
            return NULL;
        return p + b[0];
    }
    unsigned a[2], b[2];
    double *out[2];
    int pending = 0;
    const char *end = p;
    for (int col = 0; col < c->n_used; col++) {
        unsigned ta = (unsigned)_tzcnt_u64(starts), tb = (unsigned)_tzcnt_u64(ends);
        starts = _blsr_u64(starts);
        ends = _blsr_u64(ends);
        end = p + tb;
        int slot = c->slot[col];
        if (slot >= 0) {
            a[pending] = ta;
            b[pending] = tb;
            out[pending] = &val[slot];
            if (++pending == 2) {
                if (!pair(p, &r, a, b, out[0], out[1]))
                    return NULL;
                pending = 0;
            }
        } else if (slot == HAVEN_COL_TEXT) {
            *text = p + ta;
            *text_len = tb - ta;
        }
    }
    if (pending && convert_one(p, &r, a[0], b[0], out[0]) &&
        !haven_token_general(p, a[0], b[0], out[0]))
        return NULL; /* an odd count: the last one alone */
    return end;
}

#if defined(__clang__)
#pragma clang attribute pop
#endif
#endif
