#include "io/columns.h"

#include "io/parse.h"

#include <math.h>
#include <string.h>

void haven_columns_init(haven_columns *c, int n_columns)
{
    c->n_columns = n_columns;
    c->n_used = 0;
    memset(c->slot, HAVEN_COL_SKIP, sizeof c->slot);
}

void haven_columns_set(haven_columns *c, int col, int slot)
{
    c->slot[col] = (signed char)slot;
    if (col + 1 > c->n_used)
        c->n_used = col + 1;
}

haven_status haven_columns_row(const haven_linereader *lr, const haven_columns *c, char *line,
                               double *val, const char **text, size_t *text_len)
{
    const char *p = line;
    for (int col = 0; col < c->n_used; col++) {
        int slot = c->slot[col];
        if (slot >= 0) {
            if (haven_parse_double(&p, &val[slot]) == HAVEN_PARSE_OK)
                continue;
            return haven_lr_doubles(lr, &p, &val[slot], 1); /* the error message */
        }
        const char *tok = haven_skip_space(p);
        if (!*tok)
            return haven_lr_fail(lr, HAVEN_ERR_FORMAT, "expected %d columns, found %d",
                                 c->n_columns, col);
        p = haven_token_end(tok);
        if (slot == HAVEN_COL_TEXT) {
            *text = tok;
            *text_len = (size_t)(p - tok);
            if (*p)
                line[p++ - line] = '\0';
        }
    }
    return HAVEN_OK;
}

haven_status haven_columns_integer(const haven_linereader *lr, double v, const char *what,
                                   long *out)
{
    if (!(fabs(v) < 9e15) || v != floor(v))
        return haven_lr_fail(lr, HAVEN_ERR_FORMAT, "expected an integer %s, found %g", what, v);
    *out = (long)v;
    return HAVEN_OK;
}
