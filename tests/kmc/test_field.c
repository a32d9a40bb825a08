/* Conductivity two ways: Einstein (fluctuations of the charge
 * displacement without field) and drift under a small field. For the
 * lattice gas both equal n e^2 D0 (1 - c)/kT exactly in linear response
 * (Kutner 1981); the symmetric field term q F.d/2 in the barrier makes the
 * drift 2 sinh(x/2)/x = 1 + x^2/24 times the linear value, x = eFa/kT. */
#include "kmc_test.h"

#include <string.h>

static void field_vs_einstein(void **state)
{
    (void)state;
    haven_kmc_lattice *L = kmc_test_lattice("sc", 8);
    double n = (double)haven_kmc_lattice_n_sites(L), c = 0.5, T = 300;
    haven_kmc_params p = kmc_test_params(L, c * n);
    p.hops = 500000;
    p.equil_hops = 10000;
    haven_kmc_result r0, rf;
    assert_int_equal(haven_kmc_run(L, &p, &r0), HAVEN_OK);
    assert_true(isnan(r0.sigma_field.value)); /* no field, no drift value */
    double x = 0.1;
    p.field[0] = x * HAVEN_KB * T / (HAVEN_E_CHARGE * A_NN);
    assert_int_equal(haven_kmc_run(L, &p, &rf), HAVEN_OK);
    double D0 = 1e12 * A_NN * A_NN; /* z/(2d) = 1 on sc */
    double sigma = c * n / haven_kmc_lattice_volume(L) * HAVEN_E_CHARGE * HAVEN_E_CHARGE * D0 *
                   (1 - c) / (HAVEN_KB * T);
    /* 2 sinh(x/2)/x - 1 = 4e-4 at x = 0.1, far below the ~2% errors. */
    assert_within("sigma (Einstein, F = 0)", r0.sigma, sigma, 4, 0.03);
    assert_within("sigma (drift)", rf.sigma_field, sigma, 4, 0.03);
    /* The Einstein value under the field is centred on the drift. */
    assert_within("sigma (Einstein, F > 0)", rf.sigma, sigma, 4, 0.03);
    /* The two independent estimates agree within their joint error. */
    double diff = rf.sigma_field.value - r0.sigma.value;
    double err = hypot(rf.sigma_field.err, r0.sigma.err);
    assert_true(fabs(diff) < 4 * err);
    haven_kmc_lattice_free(L);
}

/* A field that reverses the charge reverses the drift. */
static void negative_charge(void **state)
{
    (void)state;
    haven_kmc_lattice *L = kmc_test_lattice("square", 16);
    haven_kmc_params p = kmc_test_params(L, 0.3 * 256);
    p.species[0].charge = -2;
    p.field[1] = 0.1 * HAVEN_KB * 300 / (2 * HAVEN_E_CHARGE * A_NN);
    p.hops = 200000;
    haven_kmc_result r;
    assert_int_equal(haven_kmc_run(L, &p, &r), HAVEN_OK);
    /* Conductivity is positive whatever the sign of the charge. */
    assert_within("sigma (drift, q = -2)", r.sigma_field, r.sigma.value, 5, 0.05);
    haven_kmc_lattice_free(L);
}

/* Rates that overflow made every time step zero and the run endless: the
 * field term q e F.d / kT is limited to 700 and the total rate to 1e300,
 * both refused up front with the limit in the message. Just inside the
 * field limit the run completes. */
static void rates_out_of_range(void **state)
{
    (void)state;
    haven_kmc_lattice *L = kmc_test_lattice("sc", 4);
    haven_kmc_params p = kmc_test_params(L, 32);
    p.n_replicas = 1;
    p.hops = 2000;
    haven_kmc_result r;
    const double x_per_field = HAVEN_E_CHARGE * A_NN / (HAVEN_KB * 300); /* eFa/kT per V/m */
    const double fields[] = {1e12, 1e300, 701 / x_per_field};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        p.field[0] = fields[i];
        assert_int_equal(haven_kmc_run(L, &p, &r), HAVEN_ERR_ARG);
        assert_non_null(strstr(haven_last_error(), "at most 700"));
    }
    p.field[0] = 0;
    p.barrier = -1 * HAVEN_EV; /* nu0 exp(+38.7): 1e29 1/s, fine */
    assert_int_equal(haven_kmc_run(L, &p, &r), HAVEN_OK);
    p.barrier = -18 * HAVEN_EV; /* 1e314 1/s */
    assert_int_equal(haven_kmc_run(L, &p, &r), HAVEN_ERR_ARG);
    assert_non_null(strstr(haven_last_error(), "below 1e+300 1/s"));
    p.barrier = 0;
    p.field[0] = 690 / x_per_field;
    assert_int_equal(haven_kmc_run(L, &p, &r), HAVEN_OK);
    assert_true(r.jumps > 0);
    haven_kmc_lattice_free(L);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(field_vs_einstein),
        cmocka_unit_test(negative_charge),
        cmocka_unit_test(rates_out_of_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
