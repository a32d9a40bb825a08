/* Fuzz target for the numeric table reader of `haven fit` (src/fit/columns.c),
 * with the 1..16 and the 2..3 column limits; a 2- or 3-column table is then
 * fitted with the Arrhenius and VFT models, as `haven fit arrhenius` does. */
#include "fuzz_file.h"

#include "fit/columns.h"
#include "haven/arrhenius.h"

#include <math.h>
#include <stdint.h>

static void check(const fit_columns *t)
{
    for (size_t i = 0; i < t->n_rows * t->n_cols; i++)
        if (!isfinite(t->data[i]))
            abort(); /* the reader promised finite numbers */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size);
    fit_columns t;
    if (fit_columns_read(path, 1, FIT_COLUMNS_MAX, &t) == HAVEN_OK) {
        check(&t);
        fit_columns_free(&t);
    }
    if (fit_columns_read(path, 2, 3, &t) != HAVEN_OK)
        return 0;
    check(&t);
    double *col = malloc(3 * t.n_rows * sizeof *col);
    if (col) {
        double *T = col, *y = col + t.n_rows, *err = t.n_cols == 3 ? col + 2 * t.n_rows : NULL;
        fit_columns_get(&t, 0, T);
        fit_columns_get(&t, 1, y);
        if (err)
            fit_columns_get(&t, 2, err);
        haven_arrhenius_result a;
        haven_estimate p;
        if (haven_arrhenius_fit(T, y, err, t.n_rows, 1, &a) == HAVEN_OK)
            (void)haven_arrhenius_predict(&a, 300, &p);
        haven_vft_result v;
        if (t.n_rows <= 64 && haven_vft_fit(T, y, err, t.n_rows, -0.5, &v) == HAVEN_OK)
            (void)haven_vft_predict(&v, 300, &p);
    }
    free(col);
    fit_columns_free(&t);
    return 0;
}
