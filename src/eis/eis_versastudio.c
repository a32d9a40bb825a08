/* Princeton Applied Research VersaStudio .par files: XML-like sections;
 * the measurement is in <SegmentN> blocks, whose "Definition=" line names
 * comma-separated columns (Frequency(Hz), Z Real, Z Imag, ...) followed by
 * the rows. All segments with impedance columns are read. Z Imag is Z''. */
#include "eis/eis_table.h"

#include "core/error.h"

#include <string.h>

int eis_detect_versastudio(const eis_lines *L)
{
    for (size_t i = 0; i < L->n && i < 8; i++)
        if (strstr(L->line[i], "VersaStudio"))
            return 1;
    return 0;
}

haven_status eis_read_versastudio(const eis_lines *L, const char *path, eis_raw *raw)
{
    size_t blocks = 0;
    char buf[4096];
    char *field[EIS_MAX_FIELDS];
    for (size_t i = 0; i < L->n; i++) {
        if (strncmp(L->line[i], "<Segment", 8))
            continue;
        size_t def = i + 1;
        while (def < L->n && def < i + 8 && strncmp(L->line[def], "Definition=", 11))
            def++;
        if (def >= L->n || strncmp(L->line[def], "Definition=", 11))
            continue;
        size_t nf = eis_split(L->line[def] + 11, ',', buf, sizeof buf, field, EIS_MAX_FIELDS);
        eis_columns cols;
        eis_find_columns(field, nf, &cols);
        if (cols.f < 0 || cols.re < 0 || cols.im < 0)
            continue; /* a DC segment without impedance */
        size_t end;
        haven_status st = eis_read_rows(L, def + 1, ',', &cols, path, raw, &end);
        if (st)
            return st;
        if (end >= L->n || strncmp(L->line[end], "</Segment", 9))
            return haven_fail(HAVEN_ERR_FORMAT, "%s:%zu: expected a data row or </Segment>", path,
                              end + 1);
        blocks++;
    }
    if (!blocks)
        return haven_fail(HAVEN_ERR_FORMAT,
                          "%s: no <Segment> with Frequency, Z Real and Z Imag "
                          "columns",
                          path);
    raw->im_negated = 0;
    return HAVEN_OK;
}
