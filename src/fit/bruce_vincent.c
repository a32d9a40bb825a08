/* Bruce-Vincent (Evans-Vincent-Bruce) potentiostatic polarisation:
 * t+ = Iss (dV - I0 R0) / (I0 (dV - Iss Rss)). */
#include "haven/fit.h"

#include "core/error.h"

#include <math.h>

haven_status haven_bruce_vincent(const haven_bruce_vincent_input *in, double *tplus,
                                 double *tplus_err)
{
    if (!in || !tplus)
        return haven_fail(HAVEN_ERR_ARG, "bruce-vincent: NULL argument");
    double V = in->dV, a = V - in->I0 * in->R0, b = V - in->Iss * in->Rss;
    if (!(in->I0 > 0) || !(in->Iss > 0) || !(in->R0 >= 0) || !(in->Rss >= 0) || !(V > 0))
        return haven_fail(HAVEN_ERR_VALUE,
                          "bruce-vincent: expected dV, I0, Iss > 0 and R0, Rss >= 0");
    if (!(a > 0) || !(b > 0))
        return haven_fail(
            HAVEN_ERR_VALUE,
            "bruce-vincent: expected dV > I0 R0 and dV > Iss Rss (got dV - I0 R0 = %g V, "
            "dV - Iss Rss = %g V)",
            a, b);
    double t = in->Iss * a / (in->I0 * b);
    *tplus = t;
    if (tplus_err) {
        /* ln t = ln Iss + ln(dV - I0 R0) - ln I0 - ln(dV - Iss Rss): partial
         * derivatives of ln t, independent input errors. */
        double d[5][2] = {
            {1.0 / a - 1.0 / b, in->dV_err},
            {-in->R0 / a - 1.0 / in->I0, in->I0_err},
            {1.0 / in->Iss + in->Rss / b, in->Iss_err},
            {-in->I0 / a, in->R0_err},
            {in->Iss / b, in->Rss_err},
        };
        double var = 0;
        for (int i = 0; i < 5; i++)
            var += d[i][0] * d[i][0] * d[i][1] * d[i][1];
        *tplus_err = t * sqrt(var);
    }
    return HAVEN_OK;
}
