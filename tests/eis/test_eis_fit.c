/* Circuit evaluation and CNLS fitting against known values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "haven/eis.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NF 60

static void log_freqs(double *f, size_t n, double lo, double hi)
{
    for (size_t i = 0; i < n; i++)
        f[i] = lo * pow(hi / lo, (double)i / (double)(n - 1));
}

/* Parallel RC in series with R: Z = R0 + R1 / (1 + j w R1 C1), analytic. */
static void test_eval_rc(void **state)
{
    (void)state;
    haven_eis_circuit *c;
    assert_int_equal(haven_eis_circuit_parse("R0-p(R1,C1)", &c), HAVEN_OK);
    assert_int_equal(haven_eis_circuit_n_params(c), 3);
    assert_string_equal(haven_eis_circuit_param_name(c, 2), "C1");
    double p[3] = {10, 100, 1e-6}, f[5], zr[5], zi[5];
    log_freqs(f, 5, 1, 1e5);
    haven_eis_circuit_eval(c, p, f, 5, zr, zi, NULL);
    for (int i = 0; i < 5; i++) {
        double wt = 2 * 3.14159265358979323846 * f[i] * 100 * 1e-6;
        /* exact formula; 1e-12 relative is rounding only */
        assert_true(fabs(zr[i] - (10 + 100 / (1 + wt * wt))) < 1e-12 * 110);
        assert_true(fabs(zi[i] - (-100 * wt / (1 + wt * wt))) < 1e-12 * 110);
    }
    haven_eis_circuit_free(c);
}

/* The analytic Jacobian of every element type against central differences. */
static void test_jacobian(void **state)
{
    (void)state;
    haven_eis_circuit *c;
    assert_int_equal(haven_eis_circuit_parse("R0-L1-p(R2,CPE2)-p(C3,R3-Wo3)-Ws4-G5-W6-C7", &c),
                     HAVEN_OK);
    size_t np = haven_eis_circuit_n_params(c);
    assert_int_equal(np, 15);
    double p[15] = {5, 1e-6, 100, 1e-5, 0.8, 1e-6, 50, 30, 0.1, 20, 1.0, 40, 0.01, 3, 1e-2};
    double f[7], zr[7], zi[7], jac[2 * 7 * 15];
    log_freqs(f, 7, 1e-2, 1e5);
    haven_eis_circuit_eval(c, p, f, 7, zr, zi, jac);
    for (size_t k = 0; k < np; k++) {
        double q[15], zr1[7], zi1[7], zr2[7], zi2[7], h = 1e-6 * p[k];
        memcpy(q, p, sizeof q);
        q[k] = p[k] + h;
        haven_eis_circuit_eval(c, q, f, 7, zr1, zi1, NULL);
        q[k] = p[k] - h;
        haven_eis_circuit_eval(c, q, f, 7, zr2, zi2, NULL);
        for (size_t i = 0; i < 7; i++) {
            double dr = (zr1[i] - zr2[i]) / (2 * h), di = (zi1[i] - zi2[i]) / (2 * h);
            double scale = (fabs(dr) + fabs(di) + hypot(zr[i], zi[i]) / p[k]) * 1e-6;
            /* central differences with h = 1e-6 p are accurate to ~1e-9 relative;
             * 1e-6 of the derivative scale leaves room for cancellation */
            if (fabs(jac[i * np + k] - dr) > scale || fabs(jac[(7 + i) * np + k] - di) > scale)
                print_message("param %zu f %g: %g %g vs %g %g\n", k, f[i], jac[i * np + k],
                              jac[(7 + i) * np + k], dr, di);
            assert_true(fabs(jac[i * np + k] - dr) <= scale);
            assert_true(fabs(jac[(7 + i) * np + k] - di) <= scale);
        }
    }
    haven_eis_circuit_free(c);
}

static void test_parse_errors(void **state)
{
    (void)state;
    const char *bad[] = {"", "R0-", "p(R1)", "p(R1,C1", "X1", "R0-R0", "R", "R0 C1", "p(R1,,C1)"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        haven_eis_circuit *c = (void *)1;
        assert_int_equal(haven_eis_circuit_parse(bad[i], &c), HAVEN_ERR_FORMAT);
        assert_null(c);
    }
}

/* Synthetic two-arc spectra with 1% of |Z| Gaussian noise, fitted with
 * modulus weighting (which matches the noise model) from default guesses.
 * Each parameter's 95% interval must cover the true value in 200 replicas
 * close to 95% of the time: binomial(200, 0.95) has mean 190 and sd 3.1;
 * the band [179, 200] is 3.5 sd below the mean, so a correct interval
 * fails it with probability ~2e-4 while 89% coverage or less fails. */
static void test_coverage(void **state)
{
    (void)state;
    haven_eis_circuit *c;
    assert_int_equal(haven_eis_circuit_parse("R0-p(R1,CPE1)-p(R2,CPE2)", &c), HAVEN_OK);
    const double truth[7] = {10, 100, 1e-7, 0.9, 300, 1e-5, 0.8}; /* apexes 57 kHz, 220 Hz */
    double f[NF], zr0[NF], zi0[NF], zr[NF], zi[NF];
    log_freqs(f, NF, 0.1, 1e6);
    haven_eis_circuit_eval(c, truth, f, NF, zr0, zi0, NULL);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 12345);
    int covered[7] = {0};
    const int reps = 200;
    for (int r = 0; r < reps; r++) {
        for (int i = 0; i < NF; i++) {
            double s = 0.01 * hypot(zr0[i], zi0[i]);
            zr[i] = zr0[i] + gsl_ran_gaussian(rng, s);
            zi[i] = zi0[i] + gsl_ran_gaussian(rng, s);
        }
        haven_eis_data d;
        assert_int_equal(haven_eis_data_set(&d, f, zr, zi, NF), HAVEN_OK);
        haven_eis_fit_options o;
        haven_eis_fit_options_default(&o);
        haven_eis_fit_result fit;
        assert_int_equal(haven_eis_fit(c, &d, &o, &fit), HAVEN_OK);
        for (int k = 0; k < 7; k++)
            covered[k] += fit.param[k].lo <= truth[k] && truth[k] <= fit.param[k].hi;
        haven_eis_fit_result_free(&fit);
        haven_eis_data_free(&d);
    }
    for (int k = 0; k < 7; k++) {
        print_message("parameter %d: 95%% interval covered the truth in %d/%d\n", k, covered[k],
                      reps);
        assert_in_range(covered[k], 179, 200);
    }
    gsl_rng_free(rng);
    haven_eis_circuit_free(c);
}

/* Noise-free data from poor starting values: the multi-start must still
 * reach the exact parameters (chi2 ~ 0), where a single LM run from the
 * given start stalls (checked with max_starts = 1). */
static void test_global_from_bad_start(void **state)
{
    (void)state;
    haven_eis_circuit *c;
    assert_int_equal(haven_eis_circuit_parse("R0-p(R1,CPE1)-p(R2,CPE2)-W3", &c), HAVEN_OK);
    const double truth[8] = {20,  200,  2e-8, 0.92,
                             800, 5e-6, 0.75, 400}; /* apexes 120 kHz, 250 Hz */
    double f[NF], zr[NF], zi[NF];
    log_freqs(f, NF, 0.01, 1e6);
    haven_eis_circuit_eval(c, truth, f, NF, zr, zi, NULL);
    haven_eis_data d;
    haven_eis_data_set(&d, f, zr, zi, NF);
    haven_eis_fit_options o;
    haven_eis_fit_options_default(&o);
    haven_eis_fit_result fit;
    assert_int_equal(haven_eis_fit(c, &d, &o, &fit), HAVEN_OK);
    for (int k = 0; k < 8; k++) /* exact data: 1e-4 relative is convergence tolerance only */
        assert_true(fabs(fit.value[k] / truth[k] - 1) < 1e-4);
    haven_eis_fit_result_free(&fit);
    haven_eis_data_free(&d);
    haven_eis_circuit_free(c);
}

/* A fixed parameter keeps its value and gets no error bar. */
static void test_fixed(void **state)
{
    (void)state;
    haven_eis_circuit *c;
    haven_eis_circuit_parse("R0-p(R1,C1)", &c);
    const double truth[3] = {10, 100, 1e-6};
    double f[30], zr[30], zi[30];
    log_freqs(f, 30, 1, 1e5);
    haven_eis_circuit_eval(c, truth, f, 30, zr, zi, NULL);
    haven_eis_data d;
    haven_eis_data_set(&d, f, zr, zi, 30);
    double init[3] = {12, 0, 0};
    int has[3] = {1, 0, 0}, fixed[3] = {1, 0, 0};
    haven_eis_fit_options o;
    haven_eis_fit_options_default(&o);
    o.initial = init;
    o.has_initial = has;
    o.fixed = fixed;
    haven_eis_fit_result fit;
    assert_int_equal(haven_eis_fit(c, &d, &o, &fit), HAVEN_OK);
    assert_true(fit.value[0] == 12 && fit.param[0].err == 0 && fit.fixed[0]);
    assert_int_equal(fit.dof, 60 - 2);
    assert_true(fit.chi2 > 0); /* R0 held wrong: the fit cannot be exact */
    haven_eis_fit_result_free(&fit);
    haven_eis_data_free(&d);
    haven_eis_circuit_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eval_rc),
        cmocka_unit_test(test_jacobian),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_coverage),
        cmocka_unit_test(test_global_from_bad_start),
        cmocka_unit_test(test_fixed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
