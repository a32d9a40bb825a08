#include "fit/columns.h"

#include "core/error.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEPARATORS ",; \t\r\n"

/* Split line in place into at most FIT_COLUMNS_MAX + 1 fields. */
static size_t split(char *line, char **field)
{
    char *hash = strchr(line, '#');
    if (hash)
        *hash = '\0';
    size_t n = 0;
    for (char *save = NULL, *tok = strtok_r(line, SEPARATORS, &save); tok && n <= FIT_COLUMNS_MAX;
         tok = strtok_r(NULL, SEPARATORS, &save))
        field[n++] = tok;
    return n;
}

static int parse_number(const char *s, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return end != s && *end == '\0' && errno != ERANGE;
}

static haven_status append_row(fit_columns *t, size_t *cap, char **field, const char *path,
                               long lineno)
{
    if ((t->n_rows + 1) * t->n_cols > *cap) {
        size_t nc = *cap ? 2 * *cap : 64 * t->n_cols;
        double *d = realloc(t->data, nc * sizeof *d);
        if (d)
            t->data = d;
        long *ln = d ? realloc(t->line, nc / t->n_cols * sizeof *ln) : NULL;
        if (!ln)
            return haven_fail(HAVEN_ERR_NOMEM, "%s: out of memory", path);
        t->line = ln;
        *cap = nc;
    }
    for (size_t c = 0; c < t->n_cols; c++) {
        double v;
        if (!parse_number(field[c], &v) || !isfinite(v))
            return haven_fail(HAVEN_ERR_FORMAT,
                              "%s:%ld: expected a finite number in column %zu, got '%s'", path,
                              lineno, c + 1, field[c]);
        t->data[t->n_rows * t->n_cols + c] = v;
    }
    t->line[t->n_rows++] = lineno;
    return HAVEN_OK;
}

static haven_status read_lines(FILE *fp, const char *path, size_t min_cols, size_t max_cols,
                               fit_columns *t)
{
    char *line = NULL, *field[FIT_COLUMNS_MAX + 1];
    size_t len = 0, cap = 0;
    long lineno = 0;
    haven_status st = HAVEN_OK;
    while (st == HAVEN_OK && getline(&line, &len, fp) >= 0) {
        lineno++;
        size_t nf = split(line, field);
        if (nf == 0)
            continue;
        double probe;
        if (t->n_cols == 0 && !parse_number(field[0], &probe)) {
            if (t->header[0]) {
                st = haven_fail(HAVEN_ERR_FORMAT, "%s:%ld: expected numbers, got '%s'", path,
                                lineno, field[0]);
                break;
            }
            for (size_t c = 0; c < nf && c < FIT_COLUMNS_MAX; c++)
                if (!(t->header[c] = strdup(field[c])))
                    st = haven_fail(HAVEN_ERR_NOMEM, "%s: out of memory", path);
            continue;
        }
        if (t->n_cols == 0) {
            if (nf < min_cols || nf > max_cols) {
                st = haven_fail(HAVEN_ERR_FORMAT, "%s:%ld: expected %zu to %zu columns, got %zu",
                                path, lineno, min_cols, max_cols, nf);
                break;
            }
            t->n_cols = nf;
        } else if (nf != t->n_cols) {
            st = haven_fail(HAVEN_ERR_FORMAT,
                            "%s:%ld: expected %zu columns like the first data row, got %zu", path,
                            lineno, t->n_cols, nf);
            break;
        }
        st = append_row(t, &cap, field, path, lineno);
    }
    free(line);
    if (st == HAVEN_OK && ferror(fp))
        st = haven_fail(HAVEN_ERR_IO, "%s: read error", path);
    if (st == HAVEN_OK && t->n_rows == 0)
        st = haven_fail(HAVEN_ERR_DATA, "%s: expected data rows, found none", path);
    return st;
}

haven_status fit_columns_read(const char *path, size_t min_cols, size_t max_cols, fit_columns *out)
{
    memset(out, 0, sizeof *out);
    if (!path || min_cols == 0 || max_cols < min_cols || max_cols > FIT_COLUMNS_MAX)
        return haven_fail(HAVEN_ERR_ARG, "columns: invalid arguments");
    FILE *fp = fopen(path, "r");
    if (!fp)
        return haven_fail(HAVEN_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    haven_status st = read_lines(fp, path, min_cols, max_cols, out);
    fclose(fp);
    if (st != HAVEN_OK)
        fit_columns_free(out);
    return st;
}

void fit_columns_get(const fit_columns *t, size_t c, double *dst)
{
    for (size_t r = 0; r < t->n_rows; r++)
        dst[r] = t->data[r * t->n_cols + c];
}

void fit_columns_free(fit_columns *t)
{
    if (!t)
        return;
    free(t->data);
    free(t->line);
    for (size_t c = 0; c < FIT_COLUMNS_MAX; c++)
        free(t->header[c]);
    memset(t, 0, sizeof *t);
}
