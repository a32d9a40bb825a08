/* Internal: number parsing and whitespace tokenising for the text readers.
 *
 * Doubles are correctly rounded: a decimal mantissa of at most 19 digits
 * that fits in 53 bits, scaled by an exact power of ten (|e| <= 22), gives
 * the correctly rounded result with one IEEE multiplication or division
 * (Clinger 1990, "How to read floating point numbers accurately"); every
 * other token goes through strtod(). Input lines are NUL-terminated. */
#ifndef HAVEN_SRC_IO_PARSE_H
#define HAVEN_SRC_IO_PARSE_H

#include "io/linereader.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef enum {
    HAVEN_PARSE_OK = 0,
    HAVEN_PARSE_SYNTAX,    /* not a number, or garbage after it */
    HAVEN_PARSE_NONFINITE, /* nan, inf, or a value that overflows a double */
    HAVEN_PARSE_RANGE      /* integer out of range */
} haven_parse_result;

static inline int haven_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}
static inline const char *haven_skip_space(const char *p)
{
    while (haven_is_space(*p))
        p++;
    return p;
}
/* End of the token starting at p (first blank or NUL). */
static inline const char *haven_token_end(const char *p)
{
    while (*p && !haven_is_space(*p))
        p++;
    return p;
}

/* Parse one number token at *p (leading blanks skipped). The token must end
 * at a blank or NUL. On success *p moves past it. */
haven_parse_result haven_parse_double(const char **p, double *out);
haven_parse_result haven_parse_long(const char **p, long *out);

/* The row parsers' form of haven_parse_double (src/io/rows.h): the token
 * ends at a blank or '\n' (not at NUL), and up to 8 bytes past its end are
 * read, so the text must be followed by HAVEN_LR_PAD readable bytes (a
 * block from haven_lr_block()). Returns 0 with the same double as
 * haven_parse_double() - and so strtod() - gives for the token; nonzero for
 * anything else, which the caller hands to the line-by-line path for its
 * message. */
int haven_parse_double_padded(const char **p, double *out);

/* Powers of ten that are exact doubles (1e0..1e22), and as integers (1..1e8). */
extern const double haven_pow10_exact[23];

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define HAVEN_SWAR 1
extern const uint64_t haven_pow10_u64[9];

/* The leading digits of the 8 bytes at s: their count in *n (0..8) and
 * their value (SWAR: the characters of a word tested and converted with a
 * few integer operations; the byte order puts the first character in the
 * lowest byte). Reads 8 bytes, which the caller guarantees are readable. */
static inline uint32_t haven_digits8(const char *s, int *n)
{
    uint64_t w;
    memcpy(&w, s, sizeof w);
    uint64_t x = w ^ UINT64_C(0x3030303030303030); /* digits -> 0..9 per byte */
    /* A byte is a digit iff x < 0x10 and x + 6 < 0x10. A carry out of a
     * byte >= 0xFA only reaches later bytes, past the first non-digit. */
    uint64_t bad = (x | (x + UINT64_C(0x0606060606060606))) & UINT64_C(0xF0F0F0F0F0F0F0F0);
    *n = bad ? __builtin_ctzll(bad) >> 3 : 8;
    if (*n == 0)
        return 0;
    uint64_t y = x << (8 * (8 - *n)); /* the digits in the top bytes, zeros before */
    y = y * 10 + (y >> 8);            /* pairs of digits */
    y = (((y & UINT64_C(0x000000FF000000FF)) * (100 + (UINT64_C(1000000) << 32))) +
         (((y >> 16) & UINT64_C(0x000000FF000000FF)) * (1 + (UINT64_C(10000) << 32)))) >>
        32;
    return (uint32_t)y;
}
#else
#define HAVEN_SWAR 0
#endif

/* The fixed-format fast path of the row parsers for a token whose extent
 * [s, s + len) is already known (from the row's delimiter masks, rows.h):
 * "[-]ddd[.ddd]" with at most 8 digits on either side and 15 in all, the
 * shape of printf's %f / %g / %d. Such a mantissa and 10^k (k <= 8) are
 * exact doubles, so one IEEE division rounds as strtod does (Clinger's
 * fast path, as in haven_parse_double). Reads 8 bytes past each digit
 * run (padded text, see haven_parse_double_padded). Returns 0 with the
 * value, 1 when the token has another shape: the caller then uses
 * haven_parse_double_padded, which decides every other case. Inline, so
 * the row loop holds no call per number. */
static inline int haven_parse_span(const char *s, size_t len, double *out)
{
#if HAVEN_SWAR
    int neg = *s == '-', n1, n2 = 0;
    const char *d = s + neg;
    size_t n = len - (size_t)neg;
    uint64_t m = haven_digits8(d, &n1);
    if ((size_t)n1 != n) {
        if (d[n1] != '.' || n - (size_t)n1 - 1 > 8)
            return 1;
        n2 = (int)(n - (size_t)n1 - 1);
        int got;
        uint64_t f = haven_digits8(d + n1 + 1, &got);
        if (got != n2)
            return 1;
        m = m * haven_pow10_u64[n2] + f;
    }
    if (n1 + n2 == 0 || n1 + n2 > 15)
        return 1;
    /* An integer (an id, a type) needs no division: m is exact. */
    double v = n2 ? (double)m / haven_pow10_exact[n2] : (double)m;
    *out = neg ? -v : v;
    return 0;
#else
    (void)s;
    (void)len;
    (void)out;
    return 1;
#endif
}

/* haven_parse_span() with the digits converted by SSSE3 (pshufb gathers
 * the integer digits right-aligned into one 8-byte half and the fraction
 * digits left-aligned into the other; pmaddubsw / pmaddwd reduce each half
 * to its 8-digit value): for "[-]ddd[.ddd]", at most 7 digits before the
 * point, 8 after, 16 bytes in all, the mantissa m = integer * 10^8 +
 * fraction * 10^(8 - digits) < 10^15 and 10^8 are exact doubles, so
 * m / 10^8 is one correctly rounded division: strtod's double. Same
 * contract as haven_parse_span, but reads the 16 bytes after the sign (a
 * row's padding covers them); only on x86-64 processors with SSSE3
 * (haven_cpu_ssse3()). */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HAVEN_SSSE3 1
int haven_parse_span_ssse3(const char *s, size_t len, double *out);
static inline int haven_cpu_ssse3(void)
{
    return __builtin_cpu_supports("ssse3");
}
/* AVX2 with what every processor that has it also has, which the AVX2
 * row form (columns_avx2.c) is compiled for. */
static inline int haven_cpu_avx2(void)
{
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") &&
           __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("popcnt");
}
/* AVX-512 with byte permutes and compresses (BW, VL, VBMI, VBMI2), which
 * the AVX-512 row form (columns_avx512.c) is compiled for, and AVX2's. */
static inline int haven_cpu_avx512(void)
{
    return haven_cpu_avx2() && __builtin_cpu_supports("avx512f") &&
           __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("avx512vbmi2");
}
#else
#define HAVEN_SSSE3 0
#endif

/* Reader-facing forms: on failure return HAVEN_ERR_FORMAT (or VALUE for
 * non-finite numbers) with "path:line: expected a number, found 'abc'". */
haven_status haven_lr_doubles(const haven_linereader *lr, const char **p, double *out, int n);
haven_status haven_lr_long(const haven_linereader *lr, const char **p, long *out);
/* Skip n tokens; fails when the line has fewer. */
haven_status haven_lr_skip_tokens(const haven_linereader *lr, const char **p, int n);

/* Copy line `row` (0-based) of a probe buffer into buf, NUL-terminated and
 * without its newline; 0 if the head has fewer lines or it does not fit. */
int haven_probe_line(const char *head, size_t len, int row, char *buf, size_t cap);

/* True when the line holds nothing but blanks. */
int haven_line_blank(const char *line);

#endif
