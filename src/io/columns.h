/* Internal: per-atom rows of whitespace-separated columns, shared by the
 * extended XYZ and LAMMPS dump readers. A reader maps each column it needs
 * to a numeric slot or to the one text slot (the element), once per
 * header; haven_columns_row() then parses a row into those slots. */
#ifndef HAVEN_SRC_IO_COLUMNS_H
#define HAVEN_SRC_IO_COLUMNS_H

#include "io/linereader.h"
#include "io/parse.h"

#define HAVEN_MAX_COLUMNS 128
#define HAVEN_MAX_SLOTS 16

typedef struct haven_columns haven_columns;

/* A form of haven_columns_row_fast() (below). */
typedef const char *(*haven_row_form)(const haven_columns *c, const char *p, double *val,
                                      const char **text, size_t *text_len);

struct haven_columns {
    int n_columns; /* declared columns (for messages; unread trailing ones are not checked) */
    int n_used;    /* 1 + index of the last column that is read */
    int lead;      /* where the columns after the first `lead` are all numbers: lead, else -1 */
    int batched;   /* the caller parses rows in batches (haven_columns_batched) */
    signed char slot[HAVEN_MAX_COLUMNS]; /* -1 skip, -2 text, else numeric slot */
    haven_row_form fast; /* the form for this processor, chosen once by haven_columns_init */
};

#define HAVEN_COL_SKIP (-1)
#define HAVEN_COL_TEXT (-2)

void haven_columns_init(haven_columns *c, int n_columns);
/* The caller parses rows in batches before it uses their values (rows.h,
 * haven_line_starts): forms with longer chains per row (AVX-512) pay only
 * then. Kept until the next haven_columns_init(). */
void haven_columns_batched(haven_columns *c);
/* For a batched layout: the form for rows like this one (the first
 * len bytes at row; nothing changes unless they hold a whole line). The
 * AVX-512 form hands a row of longer numbers to the AVX2 form, having
 * spent its own time first; a frame whose first row is such takes the
 * AVX2 form from the start. */
void haven_columns_sample(haven_columns *c, const char *row, size_t len);
/* Assign column `col` to slot (or HAVEN_COL_TEXT). */
void haven_columns_set(haven_columns *c, int col, int slot);

/* Parse one row: numeric columns into val[slot], the text column into
 * *text (pointer into the line, NUL-terminated in place, length *text_len). */
haven_status haven_columns_row(const haven_linereader *lr, const haven_columns *c, char *line,
                               double *val, const char **text, size_t *text_len);

/* The same for a row in a block (rows.h): ended by '\n', text not
 * NUL-terminated. Returns the end of what it read, or NULL where
 * haven_columns_row() might fail or differ. */
static inline const char *haven_columns_row_fast(const haven_columns *c, const char *p, double *val,
                                                 const char **text, size_t *text_len)
{
    return c->fast(c, p, val, text, text_len);
}

/* Its forms, for the tests: SWAR digits (any processor), SSSE3 digits
 * (only where the processor has SSSE3: haven_cpu_ssse3()) and AVX2, two
 * tokens at once (haven_cpu_avx2()). The same result for every row;
 * haven_columns_init() picks the widest the processor has. */
const char *haven_columns_row_fast_swar(const haven_columns *c, const char *p, double *val,
                                        const char **text, size_t *text_len);
#if HAVEN_SSSE3
const char *haven_columns_row_fast_ssse3(const haven_columns *c, const char *p, double *val,
                                         const char **text, size_t *text_len);
const char *haven_columns_row_fast_avx2(const haven_columns *c, const char *p, double *val,
                                        const char **text, size_t *text_len);
/* AVX-512, eight short numbers at once, for layouts with lead >= 0 parsed
 * in batches (haven_cpu_avx512(), haven_columns_batched()). */
const char *haven_columns_row_fast_avx512(const haven_columns *c, const char *p, double *val,
                                          const char **text, size_t *text_len);
#endif

/* An integral column value (id, type, image flag) as long; fails with
 * "path:line: expected an integer <what>" otherwise. */
haven_status haven_columns_integer(const haven_linereader *lr, double v, const char *what,
                                   long *out);

#endif
