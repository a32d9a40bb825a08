/* EXSY build-up fits and the Einstein-Smoluchowski diffusion coefficient. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the headers above first. */
#include <cmocka.h>

#include "haven/fit.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>

static void buildup(void **state)
{
    (void)state;
    double tm[12], I[12], s[12], k = 50.0;
    for (int i = 0; i < 12; i++) {
        tm[i] = 1e-3 * pow(100.0, i / 11.0);
        I[i] = 0.8 * (1 - exp(-k * tm[i]));
        s[i] = 0.01;
    }
    haven_fit_result r;
    assert_int_equal(haven_exsy_fit(tm, I, s, 12, HAVEN_EXSY_BUILDUP, &r), HAVEN_OK);
    /* Noise-free data: solver tolerance. */
    assert_true(fabs(r.param[1].value / k - 1) < 1e-8 && fabs(r.param[0].value - 0.8) < 1e-8);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 8);
    int hit = 0;
    const int N = 400;
    for (int j = 0; j < N; j++) {
        for (int i = 0; i < 12; i++)
            I[i] = 0.8 * (1 - exp(-k * tm[i])) + gsl_ran_gaussian(rng, 0.01);
        assert_int_equal(haven_exsy_fit(tm, I, s, 12, HAVEN_EXSY_BUILDUP, &r), HAVEN_OK);
        hit += r.param[1].lo <= k && k <= r.param[1].hi;
    }
    gsl_rng_free(rng);
    print_message("EXSY build-up: k interval coverage %d/%d\n", hit, N);
    /* Binomial sd at 0.95, N = 400: 0.011; +-3 sd. */
    assert_true(fabs(hit / (double)N - 0.95) < 0.033);
}

static void two_site(void **state)
{
    (void)state;
    double tm[10], I[10], k = 120.0;
    for (int i = 0; i < 10; i++) {
        tm[i] = 2e-3 * (i + 1);
        I[i] = tanh(k * tm[i]);
    }
    haven_fit_result r;
    assert_int_equal(haven_exsy_fit(tm, I, NULL, 10, HAVEN_EXSY_TWO_SITE, &r), HAVEN_OK);
    assert_int_equal(r.n_params, 1);
    assert_true(fabs(r.param[0].value / k - 1) < 1e-8);
}

static void einstein_smoluchowski(void **state)
{
    (void)state;
    /* a = 3 A, tau = 1 ns: D = a^2/(6 tau) = 1.5e-11 m^2/s in 3D, 4.5e-11 in 1D. */
    assert_true(fabs(haven_einstein_smoluchowski(3e-10, 1e-9, 3) / 1.5e-11 - 1) < 1e-12);
    assert_true(fabs(haven_einstein_smoluchowski(3e-10, 1e-9, 1) / 4.5e-11 - 1) < 1e-12);
    assert_true(isnan(haven_einstein_smoluchowski(3e-10, 1e-9, 4)));
}

static void bad_input(void **state)
{
    (void)state;
    double tm[3] = {1, 2, 3}, I[3] = {1, 2, NAN};
    haven_fit_result r;
    assert_int_equal(haven_exsy_fit(tm, I, NULL, 3, HAVEN_EXSY_BUILDUP, &r), HAVEN_ERR_VALUE);
    assert_int_equal(haven_exsy_fit(tm, I, NULL, 2, HAVEN_EXSY_BUILDUP, &r), HAVEN_ERR_DATA);
    assert_int_equal(haven_exsy_fit(tm, I, NULL, 3, (haven_exsy_model)7, &r), HAVEN_ERR_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buildup),
        cmocka_unit_test(two_site),
        cmocka_unit_test(einstein_smoluchowski),
        cmocka_unit_test(bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
