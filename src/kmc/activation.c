/* E_a over a temperature sweep: the KMC estimates handed to haven's shared
 * Arrhenius fit (ln(y T^p) against 1/(kB T)). */
#include "haven/arrhenius.h"
#include "haven/kmc.h"

#include "core/error.h"

#include <math.h>
#include <stdlib.h>

haven_status haven_kmc_activation(const double *T, const haven_estimate *y, size_t n,
                                  int temperature_power, haven_arrhenius_result *out)
{
    double *v = malloc(2 * (n ? n : 1) * sizeof *v);
    if (!v)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    double *err = v + n;
    /* Weighted only when every point has an error bar (a run with one unit
     * has none); otherwise the scatter estimates the errors. */
    int weighted = 1;
    for (size_t i = 0; i < n; i++) {
        v[i] = y[i].value;
        err[i] = y[i].err;
        weighted &= err[i] > 0 && isfinite(err[i]);
    }
    haven_status st = haven_arrhenius_fit(T, v, weighted ? err : NULL, n, temperature_power, out);
    free(v);
    return st;
}
