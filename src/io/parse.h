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
