/* Arrhenius fit: exact recovery, interval coverage over replicas, prediction
 * identities and bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the headers above first. */
#include <cmocka.h>

#include "haven/arrhenius.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <string.h>

#define EA_TRUE (0.40 * HAVEN_EV)
#define LNA_TRUE 12.0
#define REPLICAS 1000

/* y(T) for ln(y T^p) = lnA - Ea/(kB T). */
static double model(double T, int p)
{
    return exp(LNA_TRUE - EA_TRUE / (HAVEN_KB * T) - p * log(T));
}

static void make_data(double *T, double *y, size_t n, int p, double sigma_ln, gsl_rng *rng)
{
    for (size_t i = 0; i < n; i++) {
        T[i] = 400.0 + 300.0 * (double)i / (double)(n - 1);
        y[i] = model(T[i], p) * exp(rng ? gsl_ran_gaussian(rng, sigma_ln) : 0.0);
    }
}

static void exact_recovery(void **state)
{
    (void)state;
    double T[7], y[7], s[7];
    make_data(T, y, 7, 1, 0, NULL);
    for (int i = 0; i < 7; i++)
        s[i] = 0.05 * y[i];
    haven_arrhenius_result r;
    assert_int_equal(haven_arrhenius_fit(T, y, s, 7, 1, &r), HAVEN_OK);
    /* Noise-free data: only rounding error (~1e-15 relative per log) remains. */
    assert_true(fabs(r.Ea.value / EA_TRUE - 1) < 1e-9);
    assert_true(fabs(r.lnA.value - LNA_TRUE) < 1e-9);
    assert_true(r.chi2 < 1e-15);
    assert_int_equal(r.dof, 5);
    /* Known sigma: normal quantile. */
    assert_true(fabs(r.q95 - 1.959964) < 1e-5);
    /* AIC = chi2 + 2k, BIC = chi2 + k ln n with k = 2. */
    assert_true(fabs(r.aic - (r.chi2 + 4)) < 1e-12);
    assert_true(fabs(r.bic - (r.chi2 + 2 * log(7.0))) < 1e-12);
    /* Var(Ea) for a weighted straight line: 1 / sum w (x - xbar_w)^2, x = 1/(kB T). */
    double sw = 0, swx = 0, swxx = 0;
    for (int i = 0; i < 7; i++) {
        double w = 1 / (0.05 * 0.05), x = 1 / (HAVEN_KB * T[i]);
        sw += w, swx += w * x, swxx += w * x * x;
    }
    double var = 1 / (swxx - swx * swx / sw);
    assert_true(fabs(r.Ea.err / sqrt(var) - 1) < 1e-9);
}

/* Fraction of replicas whose 95% intervals (Ea, and y at 300 K) cover the
 * truth. The normal-quantile variant tells whether t matters. */
static void coverage(int weighted, size_t n, double *cov_ea, double *cov_pred, double *cov_ea_z)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, weighted ? 1234 : 4321);
    double T[16], y[16], s[16];
    int hit_ea = 0, hit_pred = 0, hit_z = 0;
    for (int k = 0; k < REPLICAS; k++) {
        make_data(T, y, n, 0, 0.1, rng);
        for (size_t i = 0; i < n; i++)
            s[i] = 0.1 * y[i]; /* sigma_ln = 0.1, the true noise */
        haven_arrhenius_result r;
        assert_int_equal(haven_arrhenius_fit(T, y, weighted ? s : NULL, n, 0, &r), HAVEN_OK);
        hit_ea += fabs(r.Ea.value - EA_TRUE) <= r.q95 * r.Ea.err;
        hit_z += fabs(r.Ea.value - EA_TRUE) <= 1.959964 * r.Ea.err;
        haven_estimate p;
        assert_int_equal(haven_arrhenius_predict(&r, 300.0, &p), HAVEN_OK);
        double lo = p.lo, hi = p.hi;
        double truth = model(300.0, 0);
        hit_pred += lo <= truth && truth <= hi;
    }
    gsl_rng_free(rng);
    *cov_ea = (double)hit_ea / REPLICAS;
    *cov_pred = (double)hit_pred / REPLICAS;
    *cov_ea_z = (double)hit_z / REPLICAS;
}

/* Binomial band: with 1000 replicas and p = 0.95 the standard deviation of
 * the coverage is sqrt(0.95 * 0.05 / 1000) = 0.0069; [0.93, 0.97] is +-2.9 sd
 * (false alarm 0.4% per check, and the seeds are fixed). */
#define IN_BAND(c) ((c) >= 0.93 && (c) <= 0.97)

static void coverage_weighted(void **state)
{
    (void)state;
    double ea, pred, z;
    coverage(1, 8, &ea, &pred, &z);
    print_message("weighted n=8: coverage Ea %.3f, y(300 K) %.3f\n", ea, pred);
    assert_true(IN_BAND(ea));
    assert_true(IN_BAND(pred));
}

static void coverage_unweighted_needs_t(void **state)
{
    (void)state;
    double ea, pred, z;
    /* n = 6: dof = 4, t_{0.975}(4) = 2.776. */
    coverage(0, 6, &ea, &pred, &z);
    print_message("unweighted n=6: coverage Ea %.3f (t), %.3f (normal), y(300 K) %.3f\n", ea, z,
                  pred);
    assert_true(IN_BAND(ea));
    assert_true(IN_BAND(pred));
    /* With 1.96 instead the coverage is P(|t4| < 1.96) = 0.878 (same band
     * width around it): the t choice is what makes the interval honest. */
    double expect = 2 * gsl_cdf_tdist_P(1.959964, 4) - 1;
    assert_true(fabs(z - expect) < 0.02 + 1e-12);
    assert_true(z < 0.93);
}

/* Errors understated 3x (sigma_ln = 0.1 claimed, 0.3 true), as when each
 * run's error misses the run-to-run scatter: the Birge ratio sqrt(chi2/dof)
 * rescales them from the residuals and Student's t covers the extra
 * uncertainty of that scale, so the interval holds E_a in ~95% of replicas
 * (it would be ~48% with the claimed errors: P(|z| < 1.96/3)). Band as above
 * with 1000 replicas, one-sided slack for the few replicas with chi2/dof < 1
 * that are not widened. */
static void understated_errors_birge(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 99);
    double T[8], y[8], s[8];
    int hit = 0, flagged = 0;
    for (int k = 0; k < REPLICAS; k++) {
        make_data(T, y, 8, 0, 0.3, rng);
        for (size_t i = 0; i < 8; i++)
            s[i] = 0.1 * y[i];
        haven_arrhenius_result r;
        assert_int_equal(haven_arrhenius_fit(T, y, s, 8, 0, &r), HAVEN_OK);
        hit += fabs(r.Ea.value - EA_TRUE) <= r.q95 * r.Ea.err;
        flagged += r.misfit;
        assert_true(r.birge >= 1);
    }
    gsl_rng_free(rng);
    double cov = (double)hit / REPLICAS;
    print_message("errors understated 3x: coverage Ea %.3f, misfit flagged %d/%d\n", cov, flagged,
                  REPLICAS);
    assert_true(cov >= 0.92 && cov <= 0.98);
    /* chi2 ~ 9 chi2(6): beyond chi2_0.99(6) = 16.8 with P(chi2(6) > 1.87) = 0.93 */
    assert_true(flagged > 0.85 * REPLICAS);
}

static void predict_identities(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 7);
    double T[10], y[10];
    make_data(T, y, 10, 1, 0.05, rng);
    gsl_rng_free(rng);
    haven_arrhenius_result r;
    assert_int_equal(haven_arrhenius_fit(T, y, NULL, 10, 1, &r), HAVEN_OK);
    haven_estimate p;
    assert_int_equal(haven_arrhenius_predict(&r, 500.0, &p), HAVEN_OK);
    double v = p.value, lo = p.lo, hi = p.hi;
    /* The point estimate is the fitted line, and the interval is symmetric in
     * ln y, so lo * hi = y^2 (relative 1e-12: rounding). */
    assert_true(fabs(v / exp(r.lnA.value - r.Ea.value / (HAVEN_KB * 500.0) - log(500.0)) - 1) <
                1e-12);
    assert_true(fabs(lo * hi / (v * v) - 1) < 1e-12);
    assert_true(lo < v && v < hi && hi - v > v - lo); /* asymmetric */
    /* Far from the data centre the interval widens (1/T = 0 gives the lnA error). */
    assert_int_equal(haven_arrhenius_predict(&r, 250.0, &p), HAVEN_OK);
    double lo2 = p.lo, hi2 = p.hi;
    assert_true(log(hi2 / lo2) > log(hi / lo));
    assert_int_equal(haven_arrhenius_predict(&r, -1.0, &p), HAVEN_ERR_ARG);
}

static void bad_input(void **state)
{
    (void)state;
    double T[4] = {300, 350, 400, 450}, y[4] = {1, 2, 3, 4}, s[4] = {0.1, 0.1, 0.1, 0.1};
    haven_arrhenius_result r;
    assert_int_equal(haven_arrhenius_fit(T, y, s, 2, 0, &r), HAVEN_ERR_DATA);
    y[2] = 0;
    assert_int_equal(haven_arrhenius_fit(T, y, s, 4, 0, &r), HAVEN_ERR_VALUE);
    assert_non_null(strstr(haven_last_error(), "point 3"));
    y[2] = 3;
    T[1] = NAN;
    assert_int_equal(haven_arrhenius_fit(T, y, s, 4, 0, &r), HAVEN_ERR_VALUE);
    T[1] = 350;
    s[3] = -1;
    assert_int_equal(haven_arrhenius_fit(T, y, s, 4, 0, &r), HAVEN_ERR_VALUE);
    double Tsame[4] = {300, 300, 300, 300};
    assert_int_equal(haven_arrhenius_fit(Tsame, y, NULL, 4, 0, &r), HAVEN_ERR_DATA);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exact_recovery),
        cmocka_unit_test(coverage_weighted),
        cmocka_unit_test(coverage_unweighted_needs_t),
        cmocka_unit_test(understated_errors_birge),
        cmocka_unit_test(predict_identities),
        cmocka_unit_test(bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
