/* Internal: the small numeric table reader every `haven fit` data file uses.
 * Columns separated by commas, semicolons, tabs or spaces; '#' starts a
 * comment; blank lines are skipped; an optional header line (first
 * non-comment line whose first field is not a number) names the columns.
 * Every data row must have the same number of finite numbers. */
#ifndef HAVEN_SRC_FIT_COLUMNS_H
#define HAVEN_SRC_FIT_COLUMNS_H

#include "haven/core.h"

#define FIT_COLUMNS_MAX 16

typedef struct {
    size_t n_rows, n_cols;
    double *data;                  /* row-major, n_rows * n_cols */
    long *line;                    /* file line of each row (1-based), for messages */
    char *header[FIT_COLUMNS_MAX]; /* column names, NULL without header */
} fit_columns;

/* Read path, requiring min_cols..max_cols columns. Errors name
 * "path:line: expected ...". */
haven_status fit_columns_read(const char *path, size_t min_cols, size_t max_cols, fit_columns *out);
/* Copy column c into dst (n_rows values). */
void fit_columns_get(const fit_columns *t, size_t c, double *dst);
void fit_columns_free(fit_columns *t);

#endif
