/* The estimate type's helpers (haven/core.h): one quantile for every
 * 95% interval. */
#include "haven/core.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

#define Z95 1.959963984540054 /* normal 97.5% point */

double haven_quantile95(double dof)
{
    if (!(dof > 0) || isinf(dof))
        return Z95;
    return gsl_cdf_tdist_Pinv(0.975, dof);
}

haven_estimate haven_estimate_make(double value, double err, double dof, const char *unit)
{
    double q = haven_quantile95(dof);
    return (haven_estimate){value, err, value - q * err, value + q * err, unit};
}
