/* Scribner ZPlot/ZView .z files, in both layouts: "ZPLOT2 ASCII" (keyword
 * header, "Data Points: N", column names, "End Comments", rows) and the older
 * quoted "ZPlotW Data File" / "Z60W Data File" (a count line, then column
 * names, then rows; Autolab's Z60W-compatible export uses this). Columns
 * Freq(Hz), Z'(a), Z''(b), with Z'' itself. A row count short of the declared
 * one is reported (warning) as a truncated file. */
#include "eis/eis_table.h"

#include "core/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int eis_detect_zview(const eis_lines *L)
{
    if (!L->n)
        return 0;
    const char *s = L->line[0];
    return !strncmp(s, "ZPLOT2 ASCII", 12) || strstr(s, "ZPlotW Data File") ||
           strstr(s, "Z60W Data File");
}

/* The declared point count, or 0 when the file gives none. */
static long declared_points(const eis_lines *L, size_t header)
{
    long n = 0;
    for (size_t i = 0; i < header; i++) {
        const char *p = strstr(L->line[i], "Data Points:");
        if (p && sscanf(p + 12, "%ld", &n) == 1)
            return n;
    }
    char *end;
    if (header > 0) {
        n = strtol(L->line[header - 1], &end, 10);
        if (end != L->line[header - 1] && !*end)
            return n;
    }
    return 0;
}

haven_status eis_read_zview(const eis_lines *L, const char *path, eis_raw *raw)
{
    size_t h = 0;
    while (h < L->n && !(strstr(L->line[h], "Freq") && strstr(L->line[h], "Z'")))
        h++;
    if (h >= L->n)
        return haven_fail(HAVEN_ERR_FORMAT, "%s: no column header with Freq and Z' found", path);
    char d = eis_guess_delim(L->line[h]);
    char buf[4096];
    char *field[EIS_MAX_FIELDS];
    size_t nf = eis_split(L->line[h], d, buf, sizeof buf, field, EIS_MAX_FIELDS);
    eis_columns cols;
    eis_find_columns(field, nf, &cols);
    size_t first = h + 1;
    if (first < L->n && !strncmp(L->line[first], "End Comments", 12))
        first++;
    char dd = first < L->n ? eis_guess_delim(L->line[first]) : d;
    size_t end;
    haven_status st = eis_read_rows(L, first, dd, &cols, path, raw, &end);
    if (st)
        return st;
    long want = declared_points(L, h);
    if (raw->n == 0)
        return haven_fail(HAVEN_ERR_DATA, "%s:%zu: no data rows after the column header", path,
                          first + 1);
    /* The rows present are intact; a short file is reported, not refused. */
    if (want > 0 && (size_t)want != raw->n)
        haven_warn("%s: header declares %ld points but %zu rows follow; the file is truncated, "
                   "using the rows present",
                   path, want, raw->n);
    raw->im_negated = 0;
    return HAVEN_OK;
}
