/* Fast exact number parsing (Clinger's fast path, strtod fallback). */
#include "io/parse.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const double haven_pow10_exact[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static int is_digit(char c)
{
    return (unsigned)(c - '0') < 10u;
}
static int is_end(char c)
{
    return c == '\0' || haven_is_space(c);
}

/* nan / inf / infinity with optional sign, any case. */
static int is_nonfinite_word(const char *s, const char *end)
{
    if (*s == '+' || *s == '-')
        s++;
    size_t n = (size_t)(end - s);
    return (n == 3 && (!strncasecmp(s, "nan", 3) || !strncasecmp(s, "inf", 3))) ||
           (n == 8 && !strncasecmp(s, "infinity", 8)) || (n > 3 && !strncasecmp(s, "nan(", 4));
}

/* Digits at s accumulated into *m (wrapping past 19 digits: the caller
 * then falls back to strtod). Returns the end of the digits. */
static const char *accumulate(const char *s, uint64_t *m)
{
    uint64_t v = *m;
    for (; is_digit(*s); s++)
        v = v * 10 + (uint64_t)(*s - '0');
    *m = v;
    return s;
}

#if HAVEN_SWAR
const uint64_t haven_pow10_u64[9] = {1,      10,      100,      1000,     10000,
                                     100000, 1000000, 10000000, 100000000};

/* The same as accumulate(), eight bytes at a time. */
static const char *accumulate8(const char *s, uint64_t *m)
{
    uint64_t v = *m;
    for (;;) {
        int n;
        uint32_t d = haven_digits8(s, &n);
        if (n == 0)
            break;
        v = v * haven_pow10_u64[n] + d;
        s += n;
        if (n < 8)
            break;
    }
    *m = v;
    return s;
}

/* The common token: up to 8 digits, optionally '.' and up to 8 more, then
 * a blank or '\n'. At most 16 digits fit in 64 bits exactly, so leading
 * zeros need no care and the mantissa and exponent are those scan_decimal
 * finds. 0 when the token has another shape. */
static inline int short_decimal(const char *s, uint64_t *mant, long *exp10, const char **end)
{
    int n1, n2 = 0;
    uint64_t m = haven_digits8(s, &n1), f = 0;
    const char *p = s + n1;
    if (n1 == 8)
        return 0;
    if (*p == '.') {
        f = haven_digits8(p + 1, &n2);
        if (n2 == 8)
            return 0;
        p += 1 + n2;
    }
    if (n1 + n2 == 0 || !(haven_is_space(*p) || *p == '\n'))
        return 0;
    *mant = m * haven_pow10_u64[n2] + f;
    *exp10 = -n2;
    *end = p;
    return 1;
}
#endif

/* Scan the decimal syntax [sign] digits [. digits] [(e|E) [sign] digits];
 * returns the end, or NULL if no digit. The significant digits go to
 * *mant, the decimal exponent to *exp10; *inexact is set when there are
 * more than 19 significant digits (mantissa not exact in 64 bits). With
 * padded set, the digits are read eight at a time (see accumulate8).
 * Inlined into both callers, so each gets its own branch-free copy. */
static inline __attribute__((always_inline)) const char *
scan_decimal(const char *s, uint64_t *mant, long *exp10, int *inexact, int padded)
{
    uint64_t m = 0;
    const char *begin = s;
    while (*s == '0') /* leading zeros are not significant */
        s++;
    const char *sig = s;
    s = HAVEN_SWAR && padded ? accumulate8(s, &m) : accumulate(s, &m);
    long nd = s - sig, e = 0;
    int any = s > begin;
    if (*s == '.') {
        const char *frac = ++s;
        if (nd == 0)
            while (*s == '0')
                s++;
        const char *fsig = s;
        s = HAVEN_SWAR && padded ? accumulate8(s, &m) : accumulate(s, &m);
        nd += s - fsig;
        e = -(long)(s - frac);
        any |= s > frac;
    }
    if (!any)
        return NULL;
    if ((*s == 'e' || *s == 'E') &&
        (is_digit(s[1]) || ((s[1] == '+' || s[1] == '-') && is_digit(s[2])))) {
        int neg = s[1] == '-';
        s += (s[1] == '+' || s[1] == '-') ? 2 : 1;
        long x = 0;
        for (; is_digit(*s); s++)
            if (x < 100000)
                x = x * 10 + (*s - '0');
        e += neg ? -x : x;
    }
    *mant = m;
    *exp10 = e;
    *inexact = nd > 19;
    return s;
}

/* The value of a scanned token: Clinger's fast path when the mantissa and
 * the power of ten are both exact doubles, strtod() on the same characters
 * otherwise (the scanned syntax is a subset of strtod's, so it stops where
 * the scan did). 0 on success, 1 when not finite. */
static inline int decimal_value(const char *start, int neg, uint64_t m, long e, int inexact,
                                double *out)
{
    double v;
    if (m == 0 && !inexact) {
        v = 0.0;
    } else if (!inexact && m <= (UINT64_C(1) << 53) && e >= -22 && e <= 22) {
        v = e >= 0 ? (double)m * haven_pow10_exact[e] : (double)m / haven_pow10_exact[-e];
    } else {
        v = strtod(start, NULL);
        if (!isfinite(v))
            return 1;
        *out = v;
        return 0;
    }
    *out = neg ? -v : v;
    return 0;
}

/* Sign and decimal syntax of the token at start (blanks skipped by the
 * caller): its end, or NULL when there is no decimal syntax. */
static inline __attribute__((always_inline)) const char *
scan_token(const char *start, int padded, uint64_t *m, long *e, int *inexact, int *neg)
{
    const char *s = start, *end;
    *neg = *s == '-';
    if (*s == '+' || *s == '-')
        s++;
    *inexact = 0;
#if HAVEN_SWAR
    if (padded && short_decimal(s, m, e, &end))
        return end;
#endif
    return scan_decimal(s, m, e, inexact, padded);
}

haven_parse_result haven_parse_double(const char **p, double *out)
{
    const char *start = haven_skip_space(*p);
    uint64_t m;
    long e;
    int inexact, neg;
    const char *end = scan_token(start, 0, &m, &e, &inexact, &neg);
    if (!end || !is_end(*end)) {
        const char *tok_end = haven_token_end(start);
        return is_nonfinite_word(start, tok_end) ? HAVEN_PARSE_NONFINITE : HAVEN_PARSE_SYNTAX;
    }
    if (decimal_value(start, neg, m, e, inexact, out))
        return HAVEN_PARSE_NONFINITE;
    *p = end;
    return HAVEN_PARSE_OK;
}

int haven_parse_double_padded(const char **p, double *out)
{
    const char *start = haven_skip_space(*p);
    uint64_t m;
    long e;
    int inexact, neg;
    const char *end = scan_token(start, 1, &m, &e, &inexact, &neg);
    if (!end || !(haven_is_space(*end) || *end == '\n') ||
        decimal_value(start, neg, m, e, inexact, out))
        return 1;
    *p = end;
    return 0;
}

haven_parse_result haven_parse_long(const char **p, long *out)
{
    const char *s = haven_skip_space(*p);
    int neg = *s == '-';
    if (*s == '+' || *s == '-')
        s++;
    if (!is_digit(*s))
        return HAVEN_PARSE_SYNTAX;
    unsigned long v = 0;
    const unsigned long lim = neg ? (unsigned long)LONG_MAX + 1 : (unsigned long)LONG_MAX;
    for (; is_digit(*s); s++) {
        unsigned d = (unsigned)(*s - '0');
        if (v > (lim - d) / 10)
            return HAVEN_PARSE_RANGE;
        v = v * 10 + d;
    }
    if (!is_end(*s))
        return HAVEN_PARSE_SYNTAX;
    *out = neg ? (long)(0 - v) : (long)v;
    *p = s;
    return HAVEN_PARSE_OK;
}

/* Message for a failed token: quote at most 40 characters of it. */
static haven_status token_error(const haven_linereader *lr, const char *p, haven_parse_result r,
                                const char *what)
{
    const char *s = haven_skip_space(p);
    int n = (int)(haven_token_end(s) - s);
    if (n == 0)
        return haven_lr_fail(lr, HAVEN_ERR_FORMAT, "expected %s, found end of line", what);
    if (n > 40)
        n = 40;
    if (r == HAVEN_PARSE_NONFINITE)
        return haven_lr_fail(lr, HAVEN_ERR_VALUE, "expected a finite number, found '%.*s'", n, s);
    if (r == HAVEN_PARSE_RANGE)
        return haven_lr_fail(lr, HAVEN_ERR_VALUE, "integer out of range: '%.*s'", n, s);
    return haven_lr_fail(lr, HAVEN_ERR_FORMAT, "expected %s, found '%.*s'", what, n, s);
}

haven_status haven_lr_doubles(const haven_linereader *lr, const char **p, double *out, int n)
{
    for (int k = 0; k < n; k++) {
        haven_parse_result r = haven_parse_double(p, &out[k]);
        if (r != HAVEN_PARSE_OK)
            return token_error(lr, *p, r, "a number");
    }
    return HAVEN_OK;
}

haven_status haven_lr_long(const haven_linereader *lr, const char **p, long *out)
{
    haven_parse_result r = haven_parse_long(p, out);
    return r == HAVEN_PARSE_OK ? HAVEN_OK : token_error(lr, *p, r, "an integer");
}

haven_status haven_lr_skip_tokens(const haven_linereader *lr, const char **p, int n)
{
    for (int k = 0; k < n; k++) {
        const char *s = haven_skip_space(*p);
        if (!*s)
            return haven_lr_fail(lr, HAVEN_ERR_FORMAT, "line has too few columns");
        *p = haven_token_end(s);
    }
    return HAVEN_OK;
}

int haven_line_blank(const char *line)
{
    return *haven_skip_space(line) == '\0';
}

int haven_probe_line(const char *head, size_t len, int row, char *buf, size_t cap)
{
    const char *p = head, *end = head + len;
    for (int r = 0; r < row; r++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return 0;
        p = nl + 1;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = (size_t)((nl ? nl : end) - p);
    if (p == end || n >= cap)
        return 0;
    memcpy(buf, p, n);
    buf[n] = '\0';
    return 1;
}
