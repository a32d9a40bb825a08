/* E_a from a temperature sweep: exact on synthetic Arrhenius data, and
 * recovered from KMC of one ion on an ordered lattice, where
 * D = nu0 exp(-E_a/kT) a^2 exactly (sc: z/(2d) = 1). */
#include "kmc_test.h"

static void synthetic(void **state)
{
    (void)state;
    double T[4] = {300, 400, 500, 600};
    haven_estimate D[4];
    haven_arrhenius_result a;
    for (int i = 0; i < 4; i++) {
        double v = 1e-7 * exp(-0.25 * HAVEN_EV / (HAVEN_KB * T[i]));
        D[i] = (haven_estimate){v, 0.02 * v, 0.96 * v, 1.04 * v, "m^2/s"};
    }
    assert_int_equal(haven_kmc_activation(T, D, 4, 0, &a), HAVEN_OK);
    /* Noise-free points: the fit is exact to rounding. */
    assert_true(fabs(a.Ea.value / HAVEN_EV - 0.25) < 1e-9);
    assert_true(fabs(a.lnA.value - log(1e-7)) < 1e-9);
    assert_int_equal(a.weighted, 1);
    /* Known 2% errors of ln D: var(Ea) = 0.02^2 / sum (x - xbar)^2 with
     * x = 1/(kB T), to rounding. */
    double xm = 0, sxx = 0;
    for (int i = 0; i < 4; i++)
        xm += 1 / (HAVEN_KB * T[i]) / 4;
    for (int i = 0; i < 4; i++)
        sxx += pow(1 / (HAVEN_KB * T[i]) - xm, 2);
    assert_true(fabs(a.Ea.err / (0.02 / sqrt(sxx)) - 1) < 1e-9);
    /* sigma T (p = 1): sigma = D / T gives the same line. */
    for (int i = 0; i < 4; i++)
        D[i].value /= T[i], D[i].err /= T[i];
    assert_int_equal(haven_kmc_activation(T, D, 4, 1, &a), HAVEN_OK);
    assert_true(fabs(a.Ea.value / HAVEN_EV - 0.25) < 1e-9);
    /* Without error bars (one unit per run) the fit is unweighted. */
    D[0].err = NAN;
    assert_int_equal(haven_kmc_activation(T, D, 4, 1, &a), HAVEN_OK);
    assert_int_equal(a.weighted, 0);
    assert_int_equal(haven_kmc_activation(T, D, 2, 0, &a), HAVEN_ERR_DATA);
    D[2].value = -1;
    assert_int_equal(haven_kmc_activation(T, D, 4, 0, &a), HAVEN_ERR_VALUE);
}

static void sweep(void **state)
{
    (void)state;
    haven_kmc_lattice *L = kmc_test_lattice("sc", 6);
    haven_kmc_params p = kmc_test_params(L, 1);
    p.barrier = 0.3 * HAVEN_EV;
    p.hops = 80000;
    double T[5];
    haven_estimate D[5];
    haven_arrhenius_result a;
    for (int i = 0; i < 5; i++) {
        haven_kmc_result r;
        p.temperature = T[i] = 300 + 150 * i;
        /* One ion's path does not depend on T (all rates scale alike): with
         * one seed the points would share one error and lie exactly on a
         * line. Independent seeds make the scatter honest. */
        p.seed = 1 + 100 * (unsigned long)i;
        assert_int_equal(haven_kmc_run(L, &p, &r), HAVEN_OK);
        D[i] = r.D[0];
    }
    assert_int_equal(haven_kmc_activation(T, D, 5, 0, &a), HAVEN_OK);
    double Ea = a.Ea.value / HAVEN_EV, err = a.Ea.err / HAVEN_EV;
    printf("E_a = %.4f +- %.4f eV, chi2 %.2f for %zu dof\n", Ea, err, a.chi2, a.dof);
    /* ~8% errors on D (8 replicas of 80000 hops of one ion) over 1/T
     * spanning 2.2e-3 1/K: ~5 meV; 4 sigma. */
    assert_true(err < 0.01);
    assert_true(fabs(Ea - 0.3) < 4 * err);
    /* The line through the sweep predicts the exact D = nu0 e^(-E_a/kT) a^2
     * at an intermediate temperature within 4 of its standard errors. */
    double T_mid = 500;
    haven_estimate pred;
    assert_int_equal(haven_arrhenius_predict(&a, T_mid, &pred), HAVEN_OK);
    double Dp = pred.value, Dp_err = pred.err;
    double exact = p.nu0 * exp(-p.barrier / (HAVEN_KB * T_mid)) * A_NN * A_NN;
    printf("D(500 K) = %.4g +- %.2g, exact %.4g m^2/s\n", Dp, Dp_err, exact);
    /* Five ~8% points: about 8%/sqrt(5) near their centre. */
    assert_true(Dp_err < 0.06 * exact);
    assert_true(fabs(Dp - exact) < 4 * Dp_err);
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
