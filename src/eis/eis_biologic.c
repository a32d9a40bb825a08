/* BioLogic EC-Lab text exports (.mpt): "EC-Lab ASCII FILE", then
 * "Nb header lines : N"; line N names tab-separated columns, among them
 * freq/Hz, Re(Z)/Ohm and -Im(Z)/Ohm (the imaginary column is negated). A
 * damaged header (a column name missing, so names and values no longer line
 * up) is an error, never a silent column shift. */
#include "eis/eis_table.h"

#include "core/error.h"

#include <stdio.h>
#include <string.h>

int eis_detect_biologic(const eis_lines *L)
{
    return L->n > 0 && (!strncmp(L->line[0], "EC-Lab ASCII FILE", 17) ||
                        !strncmp(L->line[0], "BT-Lab ASCII FILE", 17));
}

haven_status eis_read_biologic(const eis_lines *L, const char *path, eis_raw *raw)
{
    long nh = 0;
    if (L->n < 2 || sscanf(L->line[1], "Nb header lines : %ld", &nh) != 1 || nh < 2 ||
        (size_t)nh > L->n)
        return haven_fail(HAVEN_ERR_FORMAT, "%s:2: expected 'Nb header lines : N' within the file",
                          path);
    size_t h = (size_t)nh - 1;
    char buf[4096];
    char *field[EIS_MAX_FIELDS];
    size_t nf = eis_split(L->line[h], '\t', buf, sizeof buf, field, EIS_MAX_FIELDS);
    while (nf && !*field[nf - 1])
        nf--;
    eis_columns cols;
    eis_find_columns(field, nf, &cols);
    if (cols.f < 0 || cols.re < 0 || cols.im < 0)
        return haven_fail(HAVEN_ERR_FORMAT,
                          "%s:%zu: column header lacks %s (expected freq/Hz, Re(Z)/Ohm, "
                          "-Im(Z)/Ohm); the header is damaged",
                          path, h + 1,
                          cols.f < 0    ? "freq/Hz"
                          : cols.re < 0 ? "Re(Z)"
                                        : "Im(Z)");
    if (h + 1 < L->n) {
        char buf2[4096];
        char *f2[EIS_MAX_FIELDS];
        size_t nd = eis_split(L->line[h + 1], '\t', buf2, sizeof buf2, f2, EIS_MAX_FIELDS);
        while (nd && !*f2[nd - 1])
            nd--;
        if (nd != nf)
            return haven_fail(HAVEN_ERR_FORMAT,
                              "%s:%zu: data rows have %zu fields but the header names %zu; "
                              "columns cannot be matched to names",
                              path, h + 2, nd, nf);
    }
    size_t end;
    haven_status st = eis_read_rows(L, h + 1, '\t', &cols, path, raw, &end);
    if (st)
        return st;
    if (end < L->n && *L->line[end])
        return haven_fail(HAVEN_ERR_FORMAT, "%s:%zu: expected a data row", path, end + 1);
    raw->im_negated = cols.im_negated;
    return HAVEN_OK;
}
