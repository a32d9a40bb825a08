/* E_a from a temperature sweep: exact on synthetic Arrhenius data, and
 * recovered from KMC of one ion on an ordered lattice, where
 * D = nu0 exp(-E_a/kT) a^2 exactly (sc: z/(2d) = 1). */
#include "kmc_test.h"

static void synthetic(void **state)
{
    (void)state;
    double T[4] = {300, 400, 500, 600};
    haven_kmc_estimate D[4], Ea;
    for (int i = 0; i < 4; i++) {
        double v = 1e-7 * exp(-0.25 * HAVEN_EV / (HAVEN_KB * T[i]));
        D[i] = (haven_kmc_estimate){v, 0.02 * v, 0.96 * v, 1.04 * v};
    }
    assert_int_equal(haven_kmc_activation(T, D, 4, &Ea), HAVEN_OK);
    /* Noise-free points: the fit is exact to rounding. */
    assert_true(fabs(Ea.value / HAVEN_EV - 0.25) < 1e-9);
    /* Standard error from the 2% error bars: kB * 0.02 / spread(1/T). */
    assert_true(Ea.stderr_ > 0 && Ea.stderr_ < 0.01 * HAVEN_EV);
    assert_int_equal(haven_kmc_activation(T, D, 1, &Ea), HAVEN_ERR_DATA);
    D[2].value = -1;
    assert_int_equal(haven_kmc_activation(T, D, 4, &Ea), HAVEN_ERR_VALUE);
}

static void sweep(void **state)
{
    (void)state;
    haven_kmc_lattice *L = kmc_test_lattice("sc", 6);
    haven_kmc_params p = kmc_test_params(L, 1);
    p.barrier = 0.3 * HAVEN_EV;
    p.hops = 80000;
    double T[5];
    haven_kmc_estimate D[5], Ea;
    for (int i = 0; i < 5; i++) {
        haven_kmc_result r;
        p.temperature = T[i] = 300 + 150 * i;
        assert_int_equal(haven_kmc_run(L, &p, &r), HAVEN_OK);
        D[i] = r.D[0];
    }
    assert_int_equal(haven_kmc_activation(T, D, 5, &Ea), HAVEN_OK);
    Ea.value /= HAVEN_EV, Ea.stderr_ /= HAVEN_EV;
    printf("E_a = %.4f +- %.4f eV\n", Ea.value, Ea.stderr_);
    /* ~2-3% errors on D over 1/T spanning 2.2e-3 1/K: ~5 meV; 4 sigma. */
    assert_true(Ea.stderr_ < 0.01);
    assert_true(fabs(Ea.value - 0.3) < 4 * Ea.stderr_);
    haven_kmc_lattice_free(L);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(synthetic),
        cmocka_unit_test(sweep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
