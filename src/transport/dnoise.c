/* Covariance of an all-origin MSD between lags, and GLS fits with it.
 *
 * Cov(M_n, M_m) = g O(n, m) u_n u_m / (N W_n W_m), with W_n = T - n origins,
 * O(n, m) the sum over origin pairs of the squared number of frame steps the
 * windows (t, t+n] and (u, u+m] share, and u_n^2 n^2 the variance of one
 * walker's squared displacement over a window of n steps. For N independent
 * Gaussian random walkers u_n^2 = 2 d s^4 and g = 1: the exact covariance of
 * the estimator (the model of McCluskey, Coles and Morgan). With the data's
 * statistics u_n^2 n^2 is the observed variance of the squared displacements
 * at lag n (interpolated between probe lags) and g the observed ratio of the
 * variance of the walkers' mean to that of independent walkers; the
 * random-walk form then only shapes the correlation between lags. */
#include "transport/dnoise.h"

#include "core/error.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

/* O(n, m) for a run of T frames. With d = u - t, the overlap of (t, t+n] and
 * (u, u+m] (n <= m) rises linearly from 0 to n, stays at n for m - n offsets
 * and falls back to 0; the number of origin pairs at each offset is linear in
 * d too, so the sum has a closed form (checked against the direct double loop
 * in tests/transport/test_dfit.c). */
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

static double probe_var(const dnoise *nz, size_t j)
{
    const haven_msd_stats *st = nz->st;
    return nz->dims == 1 ? st->var_axis[j][nz->axis] : st->var[j];
}

haven_status dnoise_init(dnoise *nz, size_t T, double dt, double walkers, int dims,
                         const haven_msd_stats *st, int axis)
{
    memset(nz, 0, sizeof *nz);
    nz->T = T;
    nz->dt = dt;
    nz->walkers = walkers;
    nz->dims = dims;
    nz->axis = axis;
    nz->walker_corr = 1;
    nz->model = HAVEN_NOISE_RANDOM_WALK;
    if (!st || st->n < 2)
        return HAVEN_OK;
    nz->st = st;
    size_t usable = 0;
    for (size_t j = 0; j < st->n; j++)
        usable += isfinite(probe_var(nz, j)) && probe_var(nz, j) > 0 && st->lag[j] < T;
    if (usable < 2) {
        nz->st = NULL; /* nothing moved: the random-walk model gives the fallback */
        return HAVEN_OK;
    }
    nz->model = st->pooled ? HAVEN_NOISE_DATA_POOLED : HAVEN_NOISE_DATA;
    return HAVEN_OK;
}

/* Windows (t, t+n] of a T-frame run that contain frame step s (1 <= s < T):
 * min(s, n, T - s, T - n), a trapezoid in s. */
static double windows_over(long s, long n, long T)
{
    long c = s < n ? s : n;
    if (T - s < c)
        c = T - s;
    if (T - n < c)
        c = T - n;
    return c > 0 ? (double)c : 0.0;
}

/* O1(n, m) = sum over origin pairs of the number of shared steps = sum over
 * steps s of windows_over(s, n) windows_over(s, m). Both factors are linear
 * between the kinks n, m, T - n, T - m and T/2, so each piece sums in closed
 * form (checked against the direct sum in tests/transport/test_dfit.c). */
static double overlap_sum1(long n, long m, long T)
{
    long k[8] = {1, n, m, T - n, T - m, T / 2, (T + 1) / 2, T};
    for (int i = 1; i < 8; i++) /* insertion sort of 8 kinks */
        for (int j = i; j > 0 && k[j] < k[j - 1]; j--) {
            long x = k[j];
            k[j] = k[j - 1];
            k[j - 1] = x;
        }
    double sum = 0;
    for (int i = 0; i < 7; i++) {
        long a = k[i] < 1 ? 1 : k[i], b = (k[i + 1] > T ? T : k[i + 1]) - 1; /* [a, b] */
        if (b < a)
            continue;
        double fa = windows_over(a, n, T), ga = windows_over(a, m, T);
        double fs = b > a ? (windows_over(b, n, T) - fa) / (double)(b - a) : 0;
        double gs = b > a ? (windows_over(b, m, T) - ga) / (double)(b - a) : 0;
        /* sum_{x=0}^{L} (fa + fs x)(ga + gs x) */
        double L = (double)(b - a), s1 = L * (L + 1) / 2, s2 = L * (L + 1) * (2 * L + 1) / 6;
        sum += (L + 1) * fa * ga + (fa * gs + ga * fs) * s1 + fs * gs * s2;
    }
    return sum;
}

/* Window-wide noise parameters from the probes inside [n0, n1]: the walkers'
 * correlation g, and the variance of one walker's squared displacement over
 * a window of n steps, V(n) = A n^2 + B n. For a walker with independent
 * steps this form is exact: A = 2 d s^4 is the Gaussian part and B the excess
 * fourth moment of a step (B = 0 for a Gaussian walk; B dominates for rare,
 * long hops, whose squared displacement is a count). A and B are fitted by
 * weighted least squares to the observed variances (weight dof / V^2: a
 * sample variance has relative variance ~ 2 / dof); one walker (collective
 * series: a sum of many ions, Gaussian) fits A alone. */
/* Degrees of freedom behind the variance at probe j. */
static double probe_dof(const dnoise *nz, size_t j)
{
    const haven_msd_stats *st = nz->st;
    return (st->windows[j] - 1) * (double)st->n_walkers *
           (st->pooled ? (nz->dims == 1 ? 1 : 3) : 1);
}

static int probe_usable(const dnoise *nz, size_t j, size_t lo, size_t hi)
{
    double v = probe_var(nz, j);
    return nz->st->lag[j] >= lo && nz->st->lag[j] <= hi && nz->st->windows[j] >= 2 && isfinite(v) &&
           v > 0;
}

/* Weighted least squares of V(n) = A n^2 + B n over the usable probes in
 * [lo, hi], weights dof / model(n)^2 (a sample variance has relative
 * variance ~ 2 / dof); the model starts as n^2 and is refined twice, so that
 * a probe whose variance came out small by chance does not take all the
 * weight. pooled: A alone. Returns the probes used. */
static size_t fit_variance(const dnoise *nz, size_t lo, size_t hi, int pooled, double *A, double *B)
{
    const haven_msd_stats *st = nz->st;
    size_t used = 0;
    double a = NAN, b = 0;
    for (int it = 0; it < 3; it++) {
        double s[5] = {0, 0, 0, 0, 0}; /* w n^4, w n^3, w n^2, w V n^2, w V n */
        used = 0;
        for (size_t j = 0; j < st->n; j++) {
            if (!probe_usable(nz, j, lo, hi))
                continue;
            double n = (double)st->lag[j], v = probe_var(nz, j);
            double m = it == 0 ? n * n : a * n * n + b * n;
            if (!(m > 0))
                m = v;
            double w = probe_dof(nz, j) / (m * m);
            s[0] += w * n * n * n * n;
            s[1] += w * n * n * n;
            s[2] += w * n * n;
            s[3] += w * v * n * n;
            s[4] += w * v * n;
            used++;
        }
        if (!used)
            return 0;
        double det = s[0] * s[2] - s[1] * s[1];
        a = s[3] / s[0];
        b = 0;
        if (!pooled && used >= 3 && det > 0) {
            a = (s[3] * s[2] - s[4] * s[1]) / det;
            b = (s[0] * s[4] - s[1] * s[3]) / det;
            if (a < 0) { /* counting noise only */
                a = 0;
                b = s[4] / s[2];
            } else if (b < -a) { /* V(1) >= 0 */
                b = -a;
                a = (s[3] - s[4]) / (s[0] - 2 * s[1] + s[2]);
            }
        }
    }
    *A = a;
    *B = b;
    return used;
}

/* Window-wide noise parameters from the probes inside [n0, n1] (or from n0/2
 * on when fewer than 3 lie inside): the walkers' correlation g, and the
 * variance of one walker's squared displacement over a window of n steps,
 * V(n) = A n^2 + B n. For a walker with independent steps this form is
 * exact: A = 2 d s^4 is the Gaussian part and B the excess fourth moment of a
 * step (B = 0 for a Gaussian walk; B dominates for rare, long hops, whose
 * squared displacement is a count). One walker (collective series: a sum of
 * many ions, Gaussian) fits A alone. */
static void window_noise(dnoise *nz, size_t n0, size_t n1, double *A, double *B)
{
    const haven_msd_stats *st = nz->st;
    if (fit_variance(nz, n0, n1, st->pooled, A, B) < 3)
        fit_variance(nz, n0 / 2, SIZE_MAX, st->pooled, A, B);
    double gw = 0, gs = 0;
    for (size_t j = 0; st->var_group && j < st->n; j++)
        if (probe_usable(nz, j, n0, n1) && isfinite(st->var_group[j]) && st->var[j] > 0) {
            double K = st->windows[j];
            gw += K - 1;
            gs += (K - 1) * (double)st->n_walkers * st->var_group[j] / st->var[j];
        }
    /* An apparent g below 1 (anticorrelated walkers) is within the noise of
     * its estimate in the runs seen so far; only an excess is applied. */
    nz->walker_corr = gw > 0 ? fmax(1.0, gs / gw) : 1.0;
}

/* Covariance of the chosen lags (unit scale for the random-walk model). */
static void covariance(dnoise *nz, const size_t *lags, size_t n, double *C)
{
    double A = 2.0 * nz->dims, B = 0, g = 1.0;
    if (nz->model != HAVEN_NOISE_RANDOM_WALK) {
        window_noise(nz, lags[0], lags[n - 1], &A, &B);
        g = nz->walker_corr;
    }
    long T = (long)nz->T;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++) {
            long a = (long)lags[i], b = (long)lags[j];
            double o = A * overlap_sum(a, b, T) + (B != 0 ? B * overlap_sum1(a, b, T) : 0);
            double c = g * o / (nz->walkers * (double)(T - a) * (double)(T - b));
            C[i * n + j] = C[j * n + i] = c;
        }
}

/* In-place lower Cholesky factor of the n x n matrix A; -1 if not positive
 * definite. (Written out so that no GSL error handler is involved.) */
static int cholesky(double *A, size_t n)
{
    for (size_t j = 0; j < n; j++) {
        double d = A[j * n + j];
        for (size_t k = 0; k < j; k++)
            d -= A[j * n + k] * A[j * n + k];
        if (!(d > 0))
            return -1;
        d = sqrt(d);
        A[j * n + j] = d;
        for (size_t i = j + 1; i < n; i++) {
            double s = A[i * n + j];
            for (size_t k = 0; k < j; k++)
                s -= A[i * n + k] * A[j * n + k];
            A[i * n + j] = s / d;
        }
    }
    return 0;
}

static void forward(const double *L, size_t n, double *v)
{
    for (size_t i = 0; i < n; i++) {
        double s = v[i];
        for (size_t k = 0; k < i; k++)
            s -= L[i * n + k] * v[k];
        v[i] = s / L[i * n + i];
    }
}

/* Solve L^T v = u in place. */
static void backward(const double *L, size_t n, double *v)
{
    for (size_t i = n; i-- > 0;) {
        double s = v[i];
        for (size_t k = i + 1; k < n; k++)
            s -= L[k * n + i] * v[k];
        v[i] = s / L[i * n + i];
    }
}

/* Inverse of a symmetric positive 2x2 or 3x3 matrix (p x p, row-major). */
static int invert_small(const double *A, int p, double *inv)
{
    if (p == 2) {
        double det = A[0] * A[3] - A[1] * A[2];
        if (!(det > 0))
            return -1;
        inv[0] = A[3] / det;
        inv[3] = A[0] / det;
        inv[1] = inv[2] = -A[1] / det;
        return 0;
    }
    double c00 = A[4] * A[8] - A[5] * A[7], c01 = A[5] * A[6] - A[3] * A[8],
           c02 = A[3] * A[7] - A[4] * A[6];
    double det = A[0] * c00 + A[1] * c01 + A[2] * c02;
    if (!(det > 0))
        return -1;
    inv[0] = c00 / det;
    inv[1] = c01 / det;
    inv[2] = c02 / det;
    inv[3] = c01 / det;
    inv[4] = (A[0] * A[8] - A[2] * A[6]) / det;
    inv[5] = (A[2] * A[3] - A[0] * A[5]) / det;
    inv[6] = c02 / det;
    inv[7] = inv[5];
    inv[8] = (A[0] * A[4] - A[1] * A[3]) / det;
    return 0;
}

/* GLS with p columns of the design X (column-major, already whitened in W,
 * the data whitened in z): coefficients, their unit-scale covariance, chi^2. */
static int gls_solve(const double *W, const double *z, size_t n, int p, double *beta, double *cov,
                     double *chi2)
{
    double A[9], b[3];
    for (int a = 0; a < p; a++) {
        b[a] = 0;
        for (size_t i = 0; i < n; i++)
            b[a] += W[a * n + i] * z[i];
        for (int c = 0; c < p; c++) {
            A[a * p + c] = 0;
            for (size_t i = 0; i < n; i++)
                A[a * p + c] += W[a * n + i] * W[c * n + i];
        }
    }
    if (invert_small(A, p, cov) != 0)
        return -1;
    for (int a = 0; a < p; a++) {
        beta[a] = 0;
        for (int c = 0; c < p; c++)
            beta[a] += cov[a * p + c] * b[c];
    }
    *chi2 = 0;
    for (size_t i = 0; i < n; i++) {
        double r = z[i];
        for (int a = 0; a < p; a++)
            r -= beta[a] * W[a * n + i];
        *chi2 += r * r;
    }
    return 0;
}

/* Variance (unit scale) of the OLS slope under the covariance C. */
static double ols_slope_var(const double *t, const double *C, size_t n)
{
    double mt = 0, sxx = 0, v = 0;
    for (size_t i = 0; i < n; i++)
        mt += t[i];
    mt /= (double)n;
    for (size_t i = 0; i < n; i++)
        sxx += (t[i] - mt) * (t[i] - mt);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            v += (t[i] - mt) * C[i * n + j] * (t[j] - mt);
    return v / (sxx * sxx);
}

/* Straight-line OLS y = a + b x with the textbook (uncorrelated) error of b. */
void dnoise_ols(const double *x, const double *y, size_t n, double *a, double *b, double *b_err)
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

/* Scale of the unit covariance: 1 for the data models, s^4 for the random
 * walk (given, or from the fitted slope, s^2 = slope dt / dims). */
static double noise_scale(const dnoise *nz, const size_t *lags, const double *y, size_t n,
                          double slope, double s4, int from_residuals, double chi2)
{
    if (from_residuals)
        return chi2 / (double)(n - 2);
    if (nz->model != HAVEN_NOISE_RANDOM_WALK)
        return 1.0;
    if (s4 > 0)
        return s4;
    double s2 = slope > 0 ? slope * nz->dt / nz->dims : y[n - 1] / (nz->dims * (double)lags[n - 1]);
    return s2 * s2;
}

/* Factor C into L, whiten the design (1, t, hinge) into W and y into z, and
 * fit the line: beta, its unit-scale covariance, chi^2. -1: not positive. */
static int whitened_line(const double *C, const double *t, const double *y, size_t n, double *L,
                         double *W, double *z, double beta[3], double cov[9], double *chi2)
{
    memcpy(L, C, n * n * sizeof *L);
    if (cholesky(L, n) != 0)
        return -1;
    /* Hinges at the window's geometric middle (slow curvature) and after
     * its first octave (a transient at the start, such as the cage). */
    double tm = sqrt(t[0] * t[n - 1]), te = 2 * t[0];
    for (size_t i = 0; i < n; i++) {
        W[i] = 1.0;
        W[n + i] = t[i];
        W[2 * n + i] = t[i] > tm ? t[i] - tm : 0.0;
        W[3 * n + i] = t[i] > te ? t[i] - te : 0.0;
        z[i] = y[i];
    }
    for (int c = 0; c < 4; c++)
        forward(L, n, W + c * n);
    forward(L, n, z);
    return gls_solve(W, z, n, 2, beta, cov, chi2);
}

/* Vibrations and other bounded motion add noise to the MSD that does not
 * accumulate with the lag: after the window's first few frames it is nearly
 * uncorrelated between lags, and the random-walk correlation (lags almost
 * perfectly correlated) makes it look like a gross misfit. When chi^2 is
 * beyond its 99th percentile, a white term E / (N W_n) is added to the
 * diagonal, with E set so that chi^2 / dof = 1 (a method-of-moments estimate,
 * by bisection in log E). Returns the share of the variance at the last lag
 * that the white term makes. */
static double add_white_noise(const double *C0, const size_t *lags, const double *t,
                              const double *y, size_t n, const dnoise *nz, double *C, double *L,
                              double *W, double *z, double beta[3], double cov[9], double *chi2)
{
    double dof = (double)(n - 2), q99 = gsl_cdf_chisq_Qinv(0.01, dof);
    memcpy(C, C0, n * n * sizeof *C);
    if (!(*chi2 > q99))
        return 0;
    double scale = 0;
    for (size_t i = 0; i < n; i++)
        scale += C0[i * n + i] * nz->walkers * (double)(nz->T - lags[i]) / (double)n;
    double lo = log(scale) - 14, hi = log(scale) + 14, E = 0;
    for (int it = 0; it < 24; it++) {
        double mid = 0.5 * (lo + hi), c2;
        E = exp(mid);
        memcpy(C, C0, n * n * sizeof *C);
        for (size_t i = 0; i < n; i++)
            C[i * n + i] += E / (nz->walkers * (double)(nz->T - lags[i]));
        if (whitened_line(C, t, y, n, L, W, z, beta, cov, &c2) != 0)
            break;
        *chi2 = c2;
        if (c2 > dof)
            lo = mid;
        else
            hi = mid;
    }
    double last = E / (nz->walkers * (double)(nz->T - lags[n - 1]));
    return last / C[(n - 1) * n + (n - 1)];
}

/* The estimate with the random-walk weights (the same linear combination of
 * the MSD for every series, so that fits of sums are sums of fits), and its
 * error from the data's covariance C: Var = a' C a for the weights a. Cw, L,
 * W, z are scratch. */
static haven_status sandwich(dnoise *nz, const size_t *lags, const double *t, const double *y,
                             size_t n, const double *C, double *Cw, double *L, double *W, double *z,
                             dgls *out)
{
    dnoise rw = *nz;
    rw.model = HAVEN_NOISE_RANDOM_WALK;
    covariance(&rw, lags, n, Cw);
    double b[3], cv[9], c2;
    if (whitened_line(Cw, t, y, n, L, W, z, b, cv, &c2) != 0)
        return haven_fail(HAVEN_ERR_NUMERIC, "MSD covariance matrix is not positive definite");
    double var[2];
    for (int r = 0; r < 2; r++) {
        for (size_t i = 0; i < n; i++)
            z[i] = W[i] * cv[r * 2] + W[n + i] * cv[r * 2 + 1];
        backward(L, n, z); /* the weights a: estimate_r = a . y */
        double v = 0;
        for (size_t i = 0; i < n; i++) {
            double ci = 0;
            for (size_t j = 0; j < n; j++)
                ci += C[i * n + j] * z[j];
            v += z[i] * ci;
        }
        var[r] = v;
    }
    out->intercept = b[0];
    out->slope = b[1];
    out->intercept_err = sqrt(var[0]);
    out->slope_err = sqrt(var[1]);
    return HAVEN_OK;
}

haven_status dgls_fit(dnoise *nz, const size_t *lags, const double *t, const double *y, size_t n,
                      double s4, int from_residuals, int rw_weights, dgls *out)
{
    memset(out, 0, sizeof *out);
    double *C0 = malloc(n * n * sizeof *C0), *C = malloc(n * n * sizeof *C);
    double *L = malloc(n * n * sizeof *L);
    double *W = malloc(4 * n * sizeof *W), *z = malloc(n * sizeof *z);
    haven_status st =
        C0 && C && L && W && z ? HAVEN_OK : haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    double beta[3] = {0}, cov[9] = {0}, chi2 = 0, hb[3], hcov[9], hchi2;
    if (st == HAVEN_OK) {
        covariance(nz, lags, n, C0);
        memcpy(C, C0, n * n * sizeof *C);
        if (whitened_line(C, t, y, n, L, W, z, beta, cov, &chi2) != 0)
            st = haven_fail(HAVEN_ERR_NUMERIC, "MSD covariance matrix is not positive definite");
    }
    if (st == HAVEN_OK && nz->model != HAVEN_NOISE_RANDOM_WALK && !from_residuals)
        out->white = add_white_noise(C0, lags, t, y, n, nz, C, L, W, z, beta, cov, &chi2);
    if (st == HAVEN_OK) {
        double k = noise_scale(nz, lags, y, n, beta[1], s4, from_residuals, chi2);
        out->slope = beta[1];
        out->intercept = beta[0];
        out->slope_err = sqrt(cov[3] * k);
        out->intercept_err = sqrt(cov[0] * k);
        out->chi2_red = k > 0 ? chi2 / k / (double)(n - 2) : NAN;
        /* A hinge at the window's geometric middle: the change of slope
         * there, against its error, says whether the MSD is still curving. */
        out->hinge_z = 0;
        for (int h = 0; h < 2 && n > 4; h++) {
            if (h == 1) /* the early hinge into the third column */
                memcpy(W + 2 * n, W + 3 * n, n * sizeof *W);
            if (h == 1 && 2 * t[0] >= t[n - 1] / 2)
                break; /* a window under two octaves: the middle hinge covers it */
            double zh =
                gls_solve(W, z, n, 3, hb, hcov, &hchi2) == 0 ? hb[2] / sqrt(hcov[8] * k) : 0;
            if (fabs(zh) > fabs(out->hinge_z))
                out->hinge_z = zh;
        }
        /* Hausman: under the model OLS and GLS estimate the same slope, and
         * Var(OLS - GLS) = Var(OLS) - Var(GLS). */
        double vd = (ols_slope_var(t, C, n) - cov[3]) * k;
        double a_ols, b_ols;
        dnoise_ols(t, y, n, &a_ols, &b_ols, NULL);
        out->ols_z = vd > 0 ? (b_ols - beta[1]) / sqrt(vd) : 0.0;
    }
    if (st == HAVEN_OK && rw_weights && nz->model != HAVEN_NOISE_RANDOM_WALK)
        st = sandwich(nz, lags, t, y, n, C, C0, L, W, z, out);
    free(C0);
    free(C);
    free(L);
    free(W);
    free(z);
    return st;
}
