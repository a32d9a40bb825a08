/* Delimited text spectra: CSV, TSV or blank-separated, with an optional
 * preamble and an optional header row. Covers plain CSV files and the text
 * exports of CH Instruments, Parstat and Powersuite, whose headers name the
 * columns (Freq/Hz, Z'/ohm, Zre, Zimg, ...). Without a header the first three
 * columns are taken as frequency, Z', Z'' and the sign of the imaginary
 * column is left for the caller to detect or set. */
#include "eis/eis_table.h"

#include "core/error.h"

#include <string.h>

int eis_detect_csv(const eis_lines *L)
{
    (void)L;
    return 1; /* the fallback format */
}

/* First line that names frequency, real and imaginary columns. */
static int find_header(const eis_lines *L, eis_columns *cols, char *delim)
{
    char buf[4096];
    char *field[EIS_MAX_FIELDS];
    for (size_t i = 0; i < L->n && i < 400; i++) {
        char d = eis_guess_delim(L->line[i]);
        size_t nf = eis_split(L->line[i], d, buf, sizeof buf, field, EIS_MAX_FIELDS);
        eis_find_columns(field, nf, cols);
        if (cols->f >= 0 && cols->re >= 0 && cols->im >= 0) {
            *delim = d;
            return (int)i;
        }
    }
    return -1;
}

haven_status eis_read_csv(const eis_lines *L, const char *path, eis_raw *raw)
{
    eis_columns cols;
    char delim = ' ';
    int h = find_header(L, &cols, &delim);
    size_t first = 0;
    if (h >= 0) {
        first = (size_t)h + 1;
        while (first < L->n && !*L->line[first]) /* CHI leaves a blank line */
            first++;
    } else {
        double v;
        char buf[4096];
        char *field[EIS_MAX_FIELDS];
        for (; first < L->n; first++) {
            delim = eis_guess_delim(L->line[first]);
            size_t nf = eis_split(L->line[first], delim, buf, sizeof buf, field, EIS_MAX_FIELDS);
            if (nf >= 3 && eis_parse_number(field[0], &v))
                break;
        }
        cols = (eis_columns){0, 1, 2, 1.0, 1.0, 1.0, -1, 3};
    }
    if (first >= L->n)
        return haven_fail(HAVEN_ERR_FORMAT,
                          "%s: no impedance table found (expected a header naming frequency, Z' "
                          "and Z'' columns, or rows of three numbers)",
                          path);
    size_t end;
    haven_status st = eis_read_rows(L, first, delim, &cols, path, raw, &end);
    if (st)
        return st;
    for (size_t i = end; i < L->n; i++)
        if (*L->line[i])
            return haven_fail(HAVEN_ERR_FORMAT, "%s:%zu: unexpected text after the data rows", path,
                              i + 1);
    raw->im_negated = cols.im_negated;
    return HAVEN_OK;
}
