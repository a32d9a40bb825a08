/* Conductivity from the fitted arcs of a circuit: sigma = L / (R A), with the
 * resistance's error carried over (delta method) and its interval mapped
 * through 1/R (so the interval of sigma is asymmetric like R's is). */
#include "core/error.h"
#include "haven/eis.h"

#include <math.h>

/* S/m of a resistance (ohm) with its error and 95% interval. */
static haven_estimate sigma_of(double k, double r, double se, double r_lo, double r_hi)
{
    haven_estimate s = {k / r, k / r * se / r, k / r_hi, r_lo > 0 ? k / r_lo : INFINITY, "S/m"};
    return s;
}

haven_status haven_eis_conductivities(const haven_eis_circuit *c, const haven_eis_fit_result *f,
                                      double thickness_m, double area_m2, const char *assign,
                                      haven_estimate sigma[3], int valid[3])
{
    if (!c || !f || !sigma || !valid)
        return haven_fail(HAVEN_ERR_ARG, "haven_eis_conductivities: NULL argument");
    for (int q = 0; q < 3; q++) {
        haven_estimate none = {NAN, NAN, NAN, NAN, "S/m"};
        sigma[q] = none;
        valid[q] = 0;
    }
    haven_eis_arc arcs[16];
    size_t na = haven_eis_arcs(c, f, thickness_m, area_m2, arcs, 16);
    if (assign && haven_eis_arcs_assign(c, assign, arcs, na))
        return HAVEN_ERR_ARG;
    if (!(thickness_m > 0) || !(area_m2 > 0))
        return HAVEN_OK;
    long idx[2] = {-1, -1}; /* the first bulk and the first grain-boundary arc */
    for (size_t a = 0; a < na; a++) {
        int q = arcs[a].kind == HAVEN_EIS_ARC_BULK             ? 0
                : arcs[a].kind == HAVEN_EIS_ARC_GRAIN_BOUNDARY ? 1
                                                               : -1;
        if (q >= 0 && idx[q] < 0)
            idx[q] = (long)arcs[a].r_index;
    }
    double k = thickness_m / area_m2;
    for (int q = 0; q < 2; q++)
        if (idx[q] >= 0 && f->value[idx[q]] > 0) {
            long i = idx[q];
            const haven_estimate *e = &f->param[i];
            sigma[q] = sigma_of(k, e->value, e->err, e->lo, e->hi);
            valid[q] = 1;
        }
    if (idx[0] < 0 && idx[1] < 0)
        return HAVEN_OK;
    /* total: R_bulk + R_gb with their covariance from the fit */
    double r = 0, v = 0;
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++)
            if (idx[a] >= 0 && idx[b] >= 0) {
                double rho = a == b ? 1 : f->corr[idx[a] * (long)f->n_params + idx[b]];
                v += rho * f->param[idx[a]].err * f->param[idx[b]].err;
            }
    for (int a = 0; a < 2; a++)
        r += idx[a] >= 0 ? f->value[idx[a]] : 0;
    double se = sqrt(fmax(v, 0));
    if (r > 0) {
        double z = haven_quantile95(0);
        sigma[2] = sigma_of(k, r, se, r - z * se, r + z * se);
        valid[2] = 1;
    }
    return HAVEN_OK;
}
