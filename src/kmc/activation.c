/* E_a over a temperature sweep: ln D = ln D0 - E_a/(k T), fitted by
 * weighted least squares (GSL). Should move to the project's shared
 * Arrhenius fit once that exists. */
#include "haven/kmc.h"

#include "core/error.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_fit.h>
#include <math.h>
#include <stdlib.h>

haven_status haven_kmc_activation(const double *T, const haven_kmc_estimate *D, size_t n,
                                  haven_kmc_estimate *Ea)
{
    *Ea = (haven_kmc_estimate){NAN, NAN, NAN, NAN};
    if (n < 2)
        return haven_fail(HAVEN_ERR_DATA, "an activation energy needs at least 2 temperatures");
    double *x = malloc(3 * n * sizeof *x);
    if (!x)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    double *y = x + n, *w = y + n;
    int weighted = 1;
    for (size_t i = 0; i < n; i++) {
        if (!(T[i] > 0) || !(D[i].value > 0)) {
            free(x);
            return haven_fail(HAVEN_ERR_VALUE, "point %zu: need T > 0 and D > 0 for ln D", i + 1);
        }
        x[i] = 1 / T[i];
        y[i] = log(D[i].value);
        double rel = D[i].stderr_ / D[i].value; /* error of ln D */
        w[i] = rel > 0 && isfinite(rel) ? 1 / (rel * rel) : 0;
        weighted &= w[i] > 0;
    }
    for (size_t i = 0; !weighted && i < n; i++)
        w[i] = 1;
    double c0, c1, cov00, cov01, cov11, chisq;
    gsl_fit_wlinear(x, 1, w, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &chisq);
    free(x);
    /* Without error bars, or with more scatter than they claim, take the
     * slope's variance from the residuals. */
    double dof = (double)n - 2;
    if (dof > 0 && (!weighted || chisq / dof > 1))
        cov11 *= chisq / dof;
    double t = dof > 0 ? gsl_cdf_tdist_Pinv(0.975, dof) : 1.959963984540054;
    Ea->value = -c1 * HAVEN_KB;
    Ea->stderr_ = (dof > 0 || weighted) ? sqrt(cov11) * HAVEN_KB : NAN;
    Ea->lo95 = Ea->value - t * Ea->stderr_;
    Ea->hi95 = Ea->value + t * Ea->stderr_;
    return HAVEN_OK;
}
