/* Finite-size extrapolation y = y_inf + a/N.
 * - Exact on points on such a line (with errors): y_inf and a recovered.
 * - One vacancy on sc cells of 216, 512 and 1000 sites: the correlation
 *   factor (cos estimator) is high in small cells (0.6556 at 512 sites,
 *   measured in bench/) and extrapolates to the Compaan-Haven value 0.65311
 *   for the infinite lattice within 3 standard errors. */
#include "kmc_test.h"

static void exact_line(void **state)
{
    (void)state;
    const double N[] = {216, 512, 1000};
    haven_estimate y[3];
    for (int i = 0; i < 3; i++)
        y[i] = (haven_estimate){0.65311 + 1.3 / N[i], 1e-4, NAN, NAN, "1"};
    haven_kmc_size_fit fit;
    assert_int_equal(haven_kmc_size_extrapolate(N, y, 3, &fit), HAVEN_OK);
    assert_true(fabs(fit.y_inf.value - 0.65311) < 1e-12);
    assert_true(fabs(fit.slope - 1.3) < 1e-9);
    assert_true(fit.y_inf.err > 0 && fit.y_inf.lo < 0.65311 && fit.y_inf.hi > 0.65311);
    y[1].err = 0; /* no error bar: refused */
    assert_int_equal(haven_kmc_size_extrapolate(N, y, 3, &fit), HAVEN_ERR_DATA);
}

static void vacancy_sc(void **state)
{
    (void)state;
    const int cells[] = {6, 8, 10};
    double N[3];
    haven_estimate y[3];
    for (int i = 0; i < 3; i++) {
        haven_kmc_lattice *L = kmc_test_lattice("sc", cells[i]);
        N[i] = (double)haven_kmc_lattice_n_sites(L);
        haven_kmc_params p = kmc_test_params(L, N[i] - 1);
        p.hops = 400000;
        p.equil_hops = 1000;
        haven_kmc_result r;
        assert_int_equal(haven_kmc_run(L, &p, &r), HAVEN_OK);
        y[i] = r.correlation_cos;
        printf("sc %g sites: f = %.5f +- %.5f\n", N[i], y[i].value, y[i].err);
        haven_kmc_lattice_free(L);
    }
    haven_kmc_size_fit fit;
    assert_int_equal(haven_kmc_size_extrapolate(N, y, 3, &fit), HAVEN_OK);
    printf("f(inf) = %.5f +- %.5f, a = %.3f +- %.3f\n", fit.y_inf.value, fit.y_inf.err,
           fit.slope, fit.slope_err);
    assert_true(fit.slope > 0);
    assert_true(fabs(fit.y_inf.value - 0.65311) < 3 * fit.y_inf.err);
    assert_true(fit.y_inf.err < 0.005);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exact_line),
        cmocka_unit_test(vacancy_sc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
