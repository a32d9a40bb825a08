/* Finite-size extrapolation of a KMC estimate over cell sizes: in a
 * periodic cell of N sites a carrier meets its own periodic images, which
 * shifts correlation factors and D by a term in 1/N (one vacancy on sc:
 * f = 0.6556 at 512 sites, 0.6534 at 4096, 0.65311 for N -> infinity).
 * Weighted straight line y = y_inf + a/N, weights 1/stderr^2; with more
 * points than parameters the errors are widened by the Birge ratio when
 * the points scatter more than their errors say (as the Arrhenius fit). */
#include "haven/kmc.h"

#include "core/error.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_fit.h>
#include <math.h>
#include <stdlib.h>

haven_status haven_kmc_size_extrapolate(const double *n_sites, const haven_estimate *y,
                                        size_t n, haven_kmc_size_fit *out)
{
    if (n < 2 || n > 64)
        return haven_fail(HAVEN_ERR_ARG, "finite-size extrapolation needs 2..64 cell sizes, got %zu",
                          n);
    double x[64], v[64], w[64];
    for (size_t i = 0; i < n; i++) {
        if (!(n_sites[i] > 0) || !isfinite(y[i].value) || !(y[i].err > 0))
            return haven_fail(HAVEN_ERR_DATA,
                              "finite-size extrapolation: cell %zu has no value with an error "
                              "bar (one replica and one block?)",
                              i + 1);
        x[i] = 1 / n_sites[i];
        v[i] = y[i].value;
        w[i] = 1 / (y[i].err * y[i].err);
    }
    double c0, c1, c00, c01, c11, chi2;
    gsl_fit_wlinear(x, 1, w, 1, v, 1, n, &c0, &c1, &c00, &c01, &c11, &chi2);
    if (!isfinite(c00) || !isfinite(c11))
        return haven_fail(HAVEN_ERR_DATA, "finite-size extrapolation: need two distinct cell sizes");
    out->dof = n - 2;
    out->chi2 = chi2;
    out->birge = out->dof > 0 && chi2 > out->dof ? sqrt(chi2 / out->dof) : 1;
    double q = out->birge > 1 ? gsl_cdf_tdist_Pinv(0.975, (double)out->dof) : 1.959963984540054;
    double e = sqrt(c00) * out->birge;
    out->y_inf = (haven_estimate){c0, e, c0 - q * e, c0 + q * e, y[0].unit};
    out->slope = c1;
    out->slope_err = sqrt(c11) * out->birge;
    return HAVEN_OK;
}
