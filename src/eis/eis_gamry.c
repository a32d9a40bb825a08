/* Gamry Framework .DTA files: tagged lines; the spectrum is the table after
 * "ZCURVE<TAB>TABLE": a header row (Pt Time Freq Zreal Zimag ...), a units
 * row, then rows. Zimag is Z'' itself. An aborted experiment
 * (EXPERIMENTABORTED TOGGLE T) keeps the points measured so far: they are
 * returned with a warning that the spectrum is partial. */
#include "eis/eis_table.h"

#include "core/error.h"

#include <string.h>

int eis_detect_gamry(const eis_lines *L)
{
    return L->n > 1 && !strncmp(L->line[0], "EXPLAIN", 7) && !strncmp(L->line[1], "TAG", 3);
}

static int is_aborted(const eis_lines *L)
{
    for (size_t i = 0; i < L->n; i++)
        if (!strncmp(L->line[i], "EXPERIMENTABORTED", 17) && strstr(L->line[i], "\tT\t"))
            return 1;
    return 0;
}

haven_status eis_read_gamry(const eis_lines *L, const char *path, eis_raw *raw)
{
    size_t t = 0;
    while (t < L->n && strncmp(L->line[t], "ZCURVE\tTABLE", 12))
        t++;
    if (t + 2 >= L->n)
        return haven_fail(HAVEN_ERR_FORMAT, "%s: no ZCURVE table with header and units rows", path);
    char buf[4096];
    char *field[EIS_MAX_FIELDS];
    size_t nf = eis_split(L->line[t + 1], '\t', buf, sizeof buf, field, EIS_MAX_FIELDS);
    eis_columns cols;
    eis_find_columns(field, nf, &cols);
    cols.im_negated = 0;
    size_t end;
    haven_status st = eis_read_rows(L, t + 3, '\t', &cols, path, raw, &end);
    if (st)
        return st;
    if (raw->n == 0)
        return haven_fail(HAVEN_ERR_DATA, "%s:%zu: ZCURVE table has no rows", path, t + 4);
    if (is_aborted(L))
        haven_warn("%s: experiment aborted; the spectrum is partial (%zu points, down to %g Hz)",
                   path, raw->n, raw->f[raw->n - 1]);
    raw->im_negated = 0;
    return HAVEN_OK;
}
