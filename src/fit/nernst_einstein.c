/* Nernst-Einstein conductivity from self-diffusion coefficients, and the
 * Haven ratio against a measured (EIS) conductivity. */
#include "haven/fit.h"

#include "core/error.h"

#include <math.h>

haven_status haven_nernst_einstein(const double *D, const double *D_err, const double *c,
                                   const int *z, size_t n, double T, double *sigma,
                                   double *sigma_err)
{
    if (!D || !c || !z || n == 0 || !sigma || !(T > 0) || !isfinite(T))
        return haven_fail(HAVEN_ERR_ARG, "nernst-einstein: need n >= 1 species and T > 0");
    double pre = HAVEN_E_CHARGE * HAVEN_E_CHARGE / (HAVEN_KB * T), s = 0, var = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(D[i] >= 0) || !(c[i] >= 0) || !isfinite(D[i]) || !isfinite(c[i]))
            return haven_fail(HAVEN_ERR_VALUE,
                              "nernst-einstein: species %zu: expected D >= 0 and c >= 0", i + 1);
        double w = pre * c[i] * z[i] * z[i];
        s += w * D[i];
        /* Independent errors of the D's; concentrations and T taken as exact. */
        if (D_err)
            var += w * w * D_err[i] * D_err[i];
    }
    *sigma = s;
    if (sigma_err)
        *sigma_err = sqrt(var);
    return HAVEN_OK;
}

haven_status haven_haven_ratio(double sigma_ne, double sigma_ne_err, double sigma_meas,
                               double sigma_meas_err, double *ratio, double *ratio_err)
{
    if (!(sigma_ne > 0) || !(sigma_meas > 0) || !isfinite(sigma_ne) || !isfinite(sigma_meas) ||
        !ratio)
        return haven_fail(HAVEN_ERR_VALUE, "haven ratio: need finite conductivities > 0");
    *ratio = sigma_ne / sigma_meas;
    if (ratio_err) /* relative errors add in quadrature */
        *ratio_err = *ratio * hypot(sigma_ne_err / sigma_ne, sigma_meas_err / sigma_meas);
    return HAVEN_OK;
}
