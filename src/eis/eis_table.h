/* Shared parsing for the impedance readers: lines of a text file, field
 * splitting, column lookup by header name with unit prefixes, and the row
 * loop. Each instrument format (eis_<format>.c) only locates its header and
 * data block and says how its imaginary column is signed. */
#ifndef HAVEN_SRC_EIS_TABLE_H
#define HAVEN_SRC_EIS_TABLE_H

#include "haven/eis.h"

#include <stddef.h>

typedef struct {
    char *buf;
    char **line; /* NUL-terminated, without "\r\n"; a UTF-8 BOM is removed */
    size_t n;
    int unterminated; /* the file's last line has no newline: maybe a cut write */
} eis_lines;

haven_status eis_lines_read(const char *path, eis_lines *L);
void eis_lines_free(eis_lines *L);

/* Raw columns as read; im_negated: 1 column holds -Z'', 0 holds Z'', -1 unknown. */
typedef struct {
    double *f, *re, *im;
    size_t n, cap;
    int im_negated;
} eis_raw;

void eis_raw_free(eis_raw *r);

#define EIS_MAX_FIELDS 64
/* Split a copy of `line` (written into buf, size cap) at delim ('\t', ',',
 * ';' or ' ' for runs of blanks); fields are trimmed of blanks and quotes. */
size_t eis_split(const char *line, char delim, char *buf, size_t cap, char **field, size_t max);
/* Delimiter of a line: tab, else comma, else semicolon, else blanks. */
char eis_guess_delim(const char *line);
/* The whole field is a finite number. */
int eis_parse_number(const char *s, double *v);

/* Column layout found from a header. */
typedef struct {
    int f, re, im;                          /* field indices, -1 if absent */
    double f_scale, z_scale_re, z_scale_im; /* unit prefixes to Hz / ohm */
    int im_negated;                         /* from the header ("-Im(Z)", "-Z''"), else -1 */
    size_t n_fields;                        /* fields in the header */
} eis_columns;

/* Find frequency, real and imaginary columns in header fields. */
void eis_find_columns(char **field, size_t nf, eis_columns *cols);

/* Read numeric rows starting at line `first` until the first line that is
 * empty or does not start with a number. Rows with too few fields, or a
 * needed field that is not a number, fail naming the line; so does a last
 * row whose field count, or the way one of its numbers is written, differs
 * from every row before (a cut row reads as a plausible number). Such a
 * last row that is also the file's unterminated last line is a truncated
 * write: dropped with a warning naming the line. Returns the index of the
 * line after the block in *end. */
haven_status eis_read_rows(const eis_lines *L, size_t first, char delim, const eis_columns *cols,
                           const char *path, eis_raw *raw, size_t *end);

/* Format readers: detect returns nonzero if the lines look like the format. */
int eis_detect_biologic(const eis_lines *L);
haven_status eis_read_biologic(const eis_lines *L, const char *path, eis_raw *raw);
int eis_detect_gamry(const eis_lines *L);
haven_status eis_read_gamry(const eis_lines *L, const char *path, eis_raw *raw);
int eis_detect_zview(const eis_lines *L);
haven_status eis_read_zview(const eis_lines *L, const char *path, eis_raw *raw);
int eis_detect_versastudio(const eis_lines *L);
haven_status eis_read_versastudio(const eis_lines *L, const char *path, eis_raw *raw);
int eis_detect_csv(const eis_lines *L);
haven_status eis_read_csv(const eis_lines *L, const char *path, eis_raw *raw);

#endif
