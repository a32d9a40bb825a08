#include "io/cellmath.h"

#include "haven/core.h"

#include <math.h>
#include <string.h>

static double norm3(const double v[3])
{
    return sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
}

haven_status haven_cell_store(const haven_linereader *lr, const double a[3][3], double out[3][3])
{
    /* Relative volume: |det| / (|a||b||c|) is 1 for a cube, 0 when coplanar. */
    double det = haven_cell_det(a), lens = norm3(a[0]) * norm3(a[1]) * norm3(a[2]);
    if (!isfinite(det) || !(lens > 0) || fabs(det) < 1e-8 * lens)
        return haven_lr_fail(lr, HAVEN_ERR_VALUE,
                             "degenerate cell (lattice vectors of zero volume)");
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < 3; k++)
            out[i][k] = a[i][k] * HAVEN_ANGSTROM;
    return HAVEN_OK;
}

void haven_label_to_symbol(const char *label, size_t len, char *sym, size_t cap)
{
    /* Bounded by len: row parsers hand labels that are not NUL-terminated. */
    size_t n = 0;
    while (n < len && label[n] && !strchr("_/.: \t", label[n]))
        n++;
    if (n >= cap)
        n = cap - 1;
    memcpy(sym, label, n);
    sym[n] = '\0';
}
