/* Peaks of a DRT and their uncertainties.
 *
 * A peak is a local maximum of gamma above 10% of the largest inside the
 * measured window; it owns the
 * grid points up to the minima between it and its neighbouring peaks, so
 * lower bumps (noise, or the heavy tails of a CPE's DRT broken up by the
 * bounds) count with the peak they sit beside. Its R is the
 * area there, its tau the log-centroid exp(sum gamma ln tau / sum gamma),
 * which unlike the apex does not snap to the grid. Errors treat the
 * regularised solution as the linear estimator it is on the final passive
 * set, x = (K_P^T K_P)^-1 A_P^T b, with residual variance s2: the variance
 * of c . x is s2 ||A_P R^-1 R^-T c_P||^2. Bias from the penalty and from
 * the non-negativity bounds is not included. */
#include "eis/circuit.h"
#include "eis/drt.h"

#include "core/error.h"

#include <gsl/gsl_blas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PEAK_MIN_HEIGHT 0.1 /* fraction of max gamma */

double eis_drt_variance(const drt_problem *pr, const double *c, double s2)
{
    size_t p = pr->ws.n_passive;
    if (p == 0 || !isfinite(s2))
        return NAN;
    double v[p], u[pr->nr];
    for (size_t q = 0; q < p; q++)
        v[q] = c[pr->ws.cols[q]];
    gsl_vector_view vv = gsl_vector_view_array(v, p), uv = gsl_vector_view_array(u, pr->nr);
    gsl_matrix_const_view R = gsl_matrix_const_submatrix(pr->ws.kp, 0, 0, p, p);
    gsl_matrix_const_view X = gsl_matrix_const_submatrix(pr->X, 0, 0, pr->nr, p);
    gsl_blas_dtrsv(CblasUpper, CblasTrans, CblasNonUnit, &R.matrix, &vv.vector);
    gsl_blas_dgemv(CblasNoTrans, 1.0, &X.matrix, &vv.vector, 0.0, &uv.vector);
    double n2 = gsl_blas_dnrm2(&uv.vector);
    return s2 * n2 * n2;
}

static double gam(const drt_problem *pr, size_t k)
{
    return gsl_vector_get(pr->x, pr->g0 + k);
}

/* Local maxima above the height threshold, increasing tau. The threshold
 * is relative to the highest gamma inside the measured window: a
 * low-frequency diffusion tail continues beyond the data as a tall
 * extrapolated peak and must not hide the arcs that were measured. */
static size_t find_maxima(const drt_problem *pr, size_t *peak)
{
    double gmax = 0, gall = 0;
    for (size_t k = 0; k < pr->m; k++) {
        gall = fmax(gall, gam(pr, k));
        if (pr->tau[k] >= pr->tau_lo && pr->tau[k] <= pr->tau_hi)
            gmax = fmax(gmax, gam(pr, k));
    }
    if (!(gmax > 0))
        gmax = gall;
    size_t n = 0;
    for (size_t k = 0; k < pr->m && gmax > 0; k++) {
        double g = gam(pr, k);
        if (g > PEAK_MIN_HEIGHT * gmax && (k == 0 || g > gam(pr, k - 1)) &&
            (k + 1 == pr->m || g >= gam(pr, k + 1)))
            peak[n++] = k;
    }
    return n;
}

/* Area, centroid and their errors over grid points [lo, hi]. */
static void describe(const drt_problem *pr, size_t lo, size_t hi, size_t apex, double s2,
                     haven_eis_drt_peak *pk)
{
    double c[pr->nc], area = 0, mom = 0;
    memset(c, 0, sizeof c);
    for (size_t k = lo; k <= hi; k++) {
        area += gam(pr, k);
        mom += gam(pr, k) * log(pr->tau[k]);
    }
    double mu = mom / area;
    for (size_t k = lo; k <= hi; k++) /* d mu = (ln tau_k - mu) d gamma_k / area */
        c[pr->g0 + k] = (log(pr->tau[k]) - mu) / area;
    double se_mu = sqrt(eis_drt_variance(pr, c, s2));
    for (size_t k = lo; k <= hi; k++)
        c[pr->g0 + k] = pr->dlnt;
    double se_r = pr->scale * sqrt(eis_drt_variance(pr, c, s2));
    double z = haven_quantile95(0), tau = exp(mu), r = pr->scale * area * pr->dlnt;
    haven_estimate et = {tau, tau * se_mu, exp(mu - z * se_mu), exp(mu + z * se_mu), "s"};
    pk->tau = et;
    pk->tau_apex = pr->tau[apex];
    pk->freq = 1.0 / (2 * EIS_PI * tau);
    pk->r = haven_estimate_make(r, se_r, 0, "ohm");
    pk->extrapolated = tau < pr->tau_lo || tau > pr->tau_hi;
}

static size_t argmin_between(const drt_problem *pr, size_t a, size_t b)
{
    size_t k = a;
    for (size_t i = a; i <= b; i++)
        if (gam(pr, i) < gam(pr, k))
            k = i;
    return k;
}

haven_status eis_drt_peaks(const drt_problem *pr, double s2, haven_eis_drt_result *out)
{
    size_t *peak = malloc(pr->m * sizeof *peak);
    out->peaks = malloc(pr->m * sizeof *out->peaks);
    if (!peak || !out->peaks) {
        free(peak);
        return haven_fail(HAVEN_ERR_NOMEM, "drt: out of memory");
    }
    size_t np = find_maxima(pr, peak), lo = 0;
    out->n_peaks = 0;
    for (size_t i = 0; i < np; i++) {
        size_t hi = i + 1 < np ? argmin_between(pr, peak[i], peak[i + 1]) : pr->m - 1;
        describe(pr, lo, hi, peak[i], s2, &out->peaks[out->n_peaks++]);
        lo = hi + 1;
    }
    free(peak);
    return HAVEN_OK;
}
