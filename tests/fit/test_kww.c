/* KWW stretched exponential: recovery, <tau> against direct integration,
 * and the propagated <tau> error against replica scatter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the headers above first. */
#include <cmocka.h>

#include "haven/fit.h"

#include <gsl/gsl_integration.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>

#define TAU 2e-9
#define BETA 0.6

static void make(double *t, double *F, double *s, size_t n, double noise, gsl_rng *rng)
{
    for (size_t i = 0; i < n; i++) {
        t[i] = 1e-11 * pow(1e3, (double)i / (double)(n - 1)); /* 10 ps .. 10 ns */
        F[i] = 0.9 * exp(-pow(t[i] / TAU, BETA)) + (rng ? gsl_ran_gaussian(rng, noise) : 0.0);
        s[i] = noise;
    }
}

static double integrand(double t, void *p)
{
    (void)p;
    return exp(-pow(t, BETA)); /* t in units of TAU */
}

static void recovery_and_mean(void **state)
{
    (void)state;
    double t[40], F[40], s[40];
    make(t, F, s, 40, 0.005, NULL);
    haven_fit_result r;
    assert_int_equal(haven_kww_fit(t, F, s, 40, &r), HAVEN_OK);
    /* Noise-free data: solver tolerance. */
    assert_true(fabs(r.param[1].value / TAU - 1) < 1e-7);
    assert_true(fabs(r.param[2].value / BETA - 1) < 1e-7);
    assert_true(fabs(r.param[0].value - 0.9) < 1e-7);
    double mean;
    assert_int_equal(haven_kww_mean_tau(&r, &mean, NULL, NULL, NULL), HAVEN_OK);
    /* <tau> = integral of the normalised decay; QAGIU to 1e-10 relative. */
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(200);
    gsl_function fn = {integrand, NULL};
    double val, abserr;
    gsl_integration_qagiu(&fn, 0.0, 0.0, 1e-10, 200, w, &val, &abserr);
    gsl_integration_workspace_free(w);
    assert_true(fabs(mean / (TAU * val) - 1) < 1e-6);
}

static void mean_error_matches_scatter(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 21);
    double t[40], F[40], s[40], sum = 0, sum2 = 0, rep = 0;
    const int N = 400;
    for (int k = 0; k < N; k++) {
        make(t, F, s, 40, 0.01, rng);
        haven_fit_result r;
        assert_int_equal(haven_kww_fit(t, F, s, 40, &r), HAVEN_OK);
        double m, e;
        assert_int_equal(haven_kww_mean_tau(&r, &m, &e, NULL, NULL), HAVEN_OK);
        sum += m, sum2 += m * m, rep += e;
    }
    gsl_rng_free(rng);
    double mean = sum / N, sd = sqrt(sum2 / N - mean * mean);
    print_message("KWW <tau>: scatter %.4g s, mean propagated stderr %.4g s\n", sd, rep / N);
    /* The sd of 400 replicas is known to ~3.5%; 15% allows first-order error. */
    assert_true(fabs(sd / (rep / N) - 1) < 0.15);
}

static void bad_input(void **state)
{
    (void)state;
    double t[5] = {0, 1, 2, 3, 4}, F[5] = {1, 1, 1, 1, 1};
    haven_fit_result r;
    assert_int_equal(haven_kww_fit(t, F, NULL, 5, &r), HAVEN_ERR_DATA);
    assert_int_equal(haven_kww_fit(t, F, NULL, 3, &r), HAVEN_ERR_DATA);
    r.n_params = 2;
    assert_int_equal(haven_kww_mean_tau(&r, NULL, NULL, NULL, NULL), HAVEN_ERR_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(recovery_and_mean),
        cmocka_unit_test(mean_error_matches_scatter),
        cmocka_unit_test(bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
