/* Conductivity of thermally activated hopping (random-walk theory). */
#include "haven/fit.h"

#include "core/error.h"

#include <math.h>

haven_status haven_hopping_conductivity(const haven_hopping_input *in, double *sigma)
{
    if (!in || !sigma)
        return haven_fail(HAVEN_ERR_ARG, "hopping: NULL argument");
    const double v[] = {in->f, in->haven, in->c, in->T, in->a, in->nu0};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (!(v[i] > 0) || !isfinite(v[i]))
            return haven_fail(HAVEN_ERR_VALUE, "hopping: expected f, H_R, c, T, a and nu0 > 0");
    if (!isfinite(in->z) || !isfinite(in->dS) || !isfinite(in->dH))
        return haven_fail(HAVEN_ERR_VALUE, "hopping: expected finite z, dS and dH");
    double q = in->z * HAVEN_E_CHARGE, kT = HAVEN_KB * in->T;
    *sigma = (1.0 / 6.0) * (in->f / in->haven) * (in->c * q * q / kT) * in->a * in->a * in->nu0 *
             exp(in->dS / HAVEN_KB - in->dH / kT);
    return HAVEN_OK;
}
