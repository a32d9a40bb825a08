/* Diffusion coefficient from an MSD: GLS with the random-walk covariance. */
#include "haven/diffusion.h"

#include "core/error.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define Z95 1.959963984540054
#define MIN_FRAMES 8
#define SMALL_MSD (5.0 * HAVEN_ANGSTROM * HAVEN_ANGSTROM)
#define SLOPE_TOL 0.15
#define MIN_INDEPENDENT 30.0

void haven_dfit_options_init(haven_dfit_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->start = opt->end = NAN;
    opt->max_points = 200;
}

/* sum_{x=x0}^{k} x^2 (A + x) with x0 the first x where A + x > 0: the
 * window counts A + x are clamped at zero. */
static double ramp_sum(double A, long k)
{
    long x0 = A < 0 ? (long)(-A) + 1 : 1;
    if (x0 > k)
        return 0;
    double a = (double)k, b = (double)(x0 - 1);
    double p2 = a * (a + 1) * (2 * a + 1) / 6 - b * (b + 1) * (2 * b + 1) / 6;
    double p3 = a * a * (a + 1) * (a + 1) / 4 - b * b * (b + 1) * (b + 1) / 4;
    return A * p2 + p3;
}

/* sum over window pairs of the squared number of shared steps, for lags n
 * and m in a run of T frames (see the header for the covariance model).
 * With d = u - t, the overlap of (t, t+n] and (u, u+m] (n <= m) rises
 * linearly from 0 to n, stays at n for m - n offsets, and falls back to 0;
 * the number of origin pairs at each offset is linear in d too, so the sum
 * has a closed form (checked against the direct double loop). */
static double overlap_sum(long n, long m, long T)
{
    if (n > m) {
        long t = n;
        n = m;
        m = t;
    }
    double A = (double)(T - n - m);
    return ramp_sum(A, n - 1) + (double)(m - n) * (double)n * (double)n * (double)(T - m) +
           ramp_sum(A, n);
}

/* Local log-log slope of the MSD between lags i and 2i. */
static double octave_slope(const double *msd, size_t i)
{
    return (msd[i] > 0 && msd[2 * i] > 0) ? log2(msd[2 * i] / msd[i]) : 0.0;
}

/* The earliest lag from which the MSD is diffusive: the log-log slope over
 * each of the next two octaves (i -> 2i -> 4i) is within SLOPE_TOL of 1
 * (ballistic motion has slope 2, caging below 1; both would bias D). Without such a lag
 * in the first eighth of the run: 10% of the run (and the slope warning
 * will say the motion is not diffusive). */
static double diffusive_onset(const double *msd, size_t n_lags, double dt)
{
    for (size_t i = 1; 8 * i < n_lags; i++)
        if (fabs(octave_slope(msd, i) - 1.0) <= SLOPE_TOL &&
            fabs(octave_slope(msd, 2 * i) - 1.0) <= SLOPE_TOL)
            return (double)i * dt;
    return 0.1 * (double)(n_lags - 1) * dt;
}

static haven_status choose_window(const double *msd, size_t n_lags, double dt,
                                  const haven_dfit_options *o, size_t *i0, size_t *i1)
{
    double run = (double)(n_lags - 1) * dt;
    double start = isfinite(o->start) ? o->start : diffusive_onset(msd, n_lags, dt);
    double end = isfinite(o->end) ? o->end : 0.5 * run;
    if (end > run * (1 + 1e-9))
        return haven_fail(HAVEN_ERR_ARG, "fit window end %g ps is beyond the run (%g ps)",
                          end / HAVEN_PS, run / HAVEN_PS);
    if (!(start < end))
        return haven_fail(HAVEN_ERR_ARG, "fit window start %g ps is not before its end %g ps",
                          start / HAVEN_PS, end / HAVEN_PS);
    double a = ceil(start / dt - 1e-9), b = floor(end / dt + 1e-9);
    *i0 = a < 1 ? 1 : (size_t)a;
    *i1 = b > (double)(n_lags - 1) ? n_lags - 1 : (size_t)b;
    if (*i1 < *i0 + 2)
        return haven_fail(HAVEN_ERR_DATA,
                          "fit window %g-%g ps holds fewer than 3 frames (frames are %g ps "
                          "apart)",
                          start / HAVEN_PS, end / HAVEN_PS, dt / HAVEN_PS);
    return HAVEN_OK;
}

static size_t pick_lags(size_t i0, size_t i1, size_t max_points, size_t *lags)
{
    size_t span = i1 - i0 + 1, n = span < max_points ? span : max_points, k = 0;
    for (size_t j = 0; j < n; j++) {
        size_t lag = i0 + (size_t)llround((double)j * (double)(i1 - i0) / (double)(n - 1));
        if (k == 0 || lag != lags[k - 1])
            lags[k++] = lag;
    }
    return k;
}

/* Straight-line OLS y = a + b x with the textbook (uncorrelated) error of b. */
static void ols(const double *x, const double *y, size_t n, double *a, double *b, double *b_err)
{
    double mx = 0, my = 0, sxx = 0, sxy = 0, rss = 0;
    for (size_t i = 0; i < n; i++) {
        mx += x[i];
        my += y[i];
    }
    mx /= (double)n;
    my /= (double)n;
    for (size_t i = 0; i < n; i++) {
        sxx += (x[i] - mx) * (x[i] - mx);
        sxy += (x[i] - mx) * (y[i] - my);
    }
    *b = sxy / sxx;
    *a = my - *b * mx;
    for (size_t i = 0; i < n; i++) {
        double r = y[i] - *a - *b * x[i];
        rss += r * r;
    }
    if (b_err)
        *b_err = n > 2 ? sqrt(rss / (double)(n - 2) / sxx) : NAN;
}

/* Unit-scale covariance (s = 1) between the chosen lags, Cholesky-factored. */
static haven_status factor_covariance(const size_t *lags, size_t n, size_t T, double walkers,
                                      int dims, gsl_matrix *K)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++) {
            double c = 2.0 * dims * overlap_sum((long)lags[i], (long)lags[j], (long)T) /
                       (walkers * (double)(T - lags[i]) * (double)(T - lags[j]));
            gsl_matrix_set(K, i, j, c);
            gsl_matrix_set(K, j, i, c);
        }
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    int rc = gsl_linalg_cholesky_decomp1(K);
    gsl_set_error_handler(old);
    if (rc != GSL_SUCCESS)
        return haven_fail(HAVEN_ERR_NUMERIC, "MSD covariance matrix is not positive definite");
    return HAVEN_OK;
}

/* Whitened regression: solve L z = v for the design columns and data. */
static void gls_solve(const gsl_matrix *L, const double *t, const double *y, size_t n,
                      double beta[2], double cov[2][2], double *chi2)
{
    gsl_vector *c0 = gsl_vector_alloc(n), *c1 = gsl_vector_alloc(n), *yy = gsl_vector_alloc(n);
    for (size_t i = 0; i < n; i++) {
        gsl_vector_set(c0, i, 1.0);
        gsl_vector_set(c1, i, t[i]);
        gsl_vector_set(yy, i, y[i]);
    }
    gsl_blas_dtrsv(CblasLower, CblasNoTrans, CblasNonUnit, L, c0);
    gsl_blas_dtrsv(CblasLower, CblasNoTrans, CblasNonUnit, L, c1);
    gsl_blas_dtrsv(CblasLower, CblasNoTrans, CblasNonUnit, L, yy);
    double a00, a01, a11, b0, b1;
    gsl_blas_ddot(c0, c0, &a00);
    gsl_blas_ddot(c0, c1, &a01);
    gsl_blas_ddot(c1, c1, &a11);
    gsl_blas_ddot(c0, yy, &b0);
    gsl_blas_ddot(c1, yy, &b1);
    double det = a00 * a11 - a01 * a01;
    cov[0][0] = a11 / det;
    cov[1][1] = a00 / det;
    cov[0][1] = cov[1][0] = -a01 / det;
    beta[0] = cov[0][0] * b0 + cov[0][1] * b1;
    beta[1] = cov[1][0] * b0 + cov[1][1] * b1;
    *chi2 = 0;
    for (size_t i = 0; i < n; i++) {
        double r = gsl_vector_get(yy, i) - beta[0] * gsl_vector_get(c0, i) -
                   beta[1] * gsl_vector_get(c1, i);
        *chi2 += r * r;
    }
    gsl_vector_free(c0);
    gsl_vector_free(c1);
    gsl_vector_free(yy);
}

static haven_status diagnostics(const double *t, const double *y, size_t n, size_t T,
                                size_t last_lag, double walkers, haven_dfit_result *r)
{
    double *lx = malloc(n * sizeof *lx), *ly = malloc(n * sizeof *ly);
    if (!lx || !ly) { /* not a NaN slope and a false "not diffusive" warning */
        free(lx);
        free(ly);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (y[i] > 0 && t[i] > 0) {
            lx[k] = log(t[i]);
            ly[k++] = log(y[i]);
        }
    double a;
    r->slope_loglog = NAN;
    if (k >= 2)
        ols(lx, ly, k, &a, &r->slope_loglog, NULL);
    free(lx);
    free(ly);
    r->msd_end = y[n - 1];
    r->n_independent = walkers * (double)(T - 1) / (double)last_lag;
    if (r->msd_end < SMALL_MSD)
        r->warnings |= HAVEN_DFIT_WARN_SMALL_MSD;
    if (!(fabs(r->slope_loglog - 1.0) <= SLOPE_TOL))
        r->warnings |= HAVEN_DFIT_WARN_SLOPE;
    if (r->n_independent < MIN_INDEPENDENT)
        r->warnings |= HAVEN_DFIT_WARN_FEW_OBS;
    if (!(r->D > 0))
        r->warnings |= HAVEN_DFIT_WARN_NEGATIVE;
    return HAVEN_OK;
}

static haven_status fit_points(const double *msd, size_t T, double dt, double walkers, int dims,
                               double s4_given, int from_residuals, const size_t *lags, size_t n,
                               haven_dfit_result *r)
{
    if (n < 3)
        return haven_fail(HAVEN_ERR_DATA, "fit window holds %zu lags; at least 3 are needed", n);
    double *t = malloc(n * sizeof *t), *y = malloc(n * sizeof *y);
    gsl_matrix *K = gsl_matrix_alloc(n, n);
    if (!t || !y || !K) {
        free(t);
        free(y);
        gsl_matrix_free(K);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        t[i] = (double)lags[i] * dt;
        y[i] = msd[lags[i]];
    }
    double a_ols, b_ols, b_ols_err;
    ols(t, y, n, &a_ols, &b_ols, &b_ols_err);
    r->D_ols = b_ols / (2.0 * dims);
    r->D_ols_err = b_ols_err / (2.0 * dims);
    haven_status s = factor_covariance(lags, n, T, walkers, dims, K);
    if (s == HAVEN_OK) {
        double beta[2], cov[2][2], chi2;
        gls_solve(K, t, y, n, beta, cov, &chi2);
        /* Scale the unit covariance by s^4, s^2 = 2 D dt per component; a
         * non-positive slope falls back on the MSD level itself. */
        double s2 = beta[1] > 0 ? beta[1] * dt / dims : y[n - 1] / (dims * (double)lags[n - 1]);
        double s4 = s4_given > 0 ? s4_given : s2 * s2;
        if (from_residuals)
            s4 = chi2 / (double)(n - 2);
        r->D = beta[1] / (2.0 * dims);
        r->D_err = sqrt(cov[1][1] * s4) / (2.0 * dims);
        r->D_lo = r->D - Z95 * r->D_err;
        r->D_hi = r->D + Z95 * r->D_err;
        r->intercept = beta[0];
        r->intercept_err = sqrt(cov[0][0] * s4);
        r->chi2_red = n > 2 && s4 > 0 ? chi2 / s4 / (double)(n - 2) : NAN;
        /* Under the model the whitened residuals are standard normal, so
         * chi^2 follows chi^2(n-2). A value beyond its 99th percentile means
         * the data are noisier than a random walk (sub-diffusion, caging,
         * correlated ions): widen the errors by sqrt(chi^2_red) (the Birge
         * ratio) rather than report intervals the data do not support. */
        double q99 = gsl_cdf_chisq_Qinv(0.01, (double)(n - 2)) / (double)(n - 2);
        if (!from_residuals && r->chi2_red > q99) {
            double k = sqrt(r->chi2_red);
            r->D_err *= k;
            r->intercept_err *= k;
            r->warnings |= HAVEN_DFIT_WARN_MISFIT;
        }
        r->D_lo = r->D - Z95 * r->D_err;
        r->D_hi = r->D + Z95 * r->D_err;
        s = diagnostics(t, y, n, T, lags[n - 1], walkers, r);
    }
    free(t);
    free(y);
    gsl_matrix_free(K);
    return s;
}

haven_status haven_diffusion_fit(const double *msd, size_t n_lags, double dt, double n_walkers,
                                 int dims, const haven_dfit_options *opt, haven_dfit_result *out)
{
    haven_dfit_options defaults;
    if (!opt) {
        haven_dfit_options_init(&defaults);
        opt = &defaults;
    }
    memset(out, 0, sizeof *out);
    if (n_lags < MIN_FRAMES)
        return haven_fail(HAVEN_ERR_DATA, "%zu frames: a diffusion fit needs at least %d", n_lags,
                          MIN_FRAMES);
    if (!(dt > 0) || !(n_walkers > 0) || dims < 1 || dims > 3)
        return haven_fail(HAVEN_ERR_ARG, "diffusion fit: bad dt, walker count or dimension");
    size_t i0 = 0, i1 = 0;
    haven_status s = choose_window(msd, n_lags, dt, opt, &i0, &i1);
    if (s != HAVEN_OK)
        return s;
    size_t max_pts = opt->max_points >= 3 ? opt->max_points : 200;
    size_t *lags = malloc(max_pts * sizeof *lags);
    if (!lags)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    size_t n = pick_lags(i0, i1, max_pts, lags);
    for (size_t i = 0; i < n && s == HAVEN_OK; i++)
        if (!isfinite(msd[lags[i]]))
            s = haven_fail(HAVEN_ERR_VALUE, "MSD is not finite at lag %zu", lags[i]);
    if (s == HAVEN_OK)
        s = fit_points(msd, n_lags, dt, n_walkers, dims, opt->noise_s4, opt->scale_from_residuals,
                       lags, n, out);
    out->first_lag = i0;
    out->last_lag = i1;
    out->start = (double)i0 * dt;
    out->end = (double)i1 * dt;
    out->n_points = n;
    free(lags);
    return s;
}

void haven_dfit_warning_text(const haven_dfit_result *r, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    const double A2 = HAVEN_ANGSTROM * HAVEN_ANGSTROM;
    if (r->warnings & HAVEN_DFIT_WARN_NEGATIVE)
        used += (size_t)snprintf(buf + used, cap - used,
                                 "the MSD does not grow in the fit window (slope <= 0); ");
    if (used < cap && (r->warnings & HAVEN_DFIT_WARN_SMALL_MSD))
        used += (size_t)snprintf(buf + used, cap - used,
                                 "the MSD reaches only %.2f A^2 by the end of the fit window: "
                                 "ions have barely moved, D is not converged; ",
                                 r->msd_end / A2);
    if (used < cap && (r->warnings & HAVEN_DFIT_WARN_SLOPE))
        used += (size_t)snprintf(buf + used, cap - used,
                                 "the log-log slope of the MSD is %.2f, not 1: the motion is not "
                                 "diffusive in the fit window; ",
                                 r->slope_loglog);
    if (used < cap && (r->warnings & HAVEN_DFIT_WARN_FEW_OBS))
        used += (size_t)snprintf(buf + used, cap - used,
                                 "only %.0f independent observations at the window end (fewer "
                                 "than %.0f); ",
                                 r->n_independent, MIN_INDEPENDENT);
    if (used < cap && (r->warnings & HAVEN_DFIT_WARN_MISFIT))
        used += (size_t)snprintf(buf + used, cap - used,
                                 "the MSD scatters more than a random walk would (chi^2/dof = "
                                 "%.1f): error widened by %.1fx; ",
                                 r->chi2_red, sqrt(r->chi2_red));
    if (used >= 2 && used < cap)
        buf[used - 2] = '\0';
}
