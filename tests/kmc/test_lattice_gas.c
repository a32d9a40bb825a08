/* Lattice gas with site exclusion and no other interaction, at occupancy
 * c. Exact results (Kutner, Phys. Lett. 81A, 239 (1981)): the collective
 * ("jump") diffusion coefficient is D_sigma = D0 (1 - c), with D0 the
 * single-particle value Gamma a^2 z/(2d), i.e. the collective correlation
 * factor is 1; hence the Haven ratio equals the tracer correlation factor,
 * H_R = f(c), and sigma = n q^2 D0 (1 - c) / kT. f(c) itself falls from 1
 * (c -> 0) to the vacancy value f0 (c -> 1, see test_vacancy). */
#include "kmc_test.h"

static haven_kmc_result run_gas(const char *lattice, int cells, double c, long hops,
                                double *ions_per_volume)
{
    haven_kmc_lattice *L = kmc_test_lattice(lattice, cells);
    double n = (double)haven_kmc_lattice_n_sites(L);
    haven_kmc_params p = kmc_test_params(L, c * n);
    p.hops = hops;
    p.equil_hops = hops / 10;
    haven_kmc_result r;
    assert_int_equal(haven_kmc_run(L, &p, &r), HAVEN_OK);
    *ions_per_volume = c * n / haven_kmc_lattice_volume(L);
    haven_kmc_lattice_free(L);
    return r;
}

static void exact_collective(const char *lattice, int cells, int z, int dim, double f0)
{
    const double cs[] = {0.25, 0.5, 0.75};
    double D0 = 1e12 * A_NN * A_NN * z / (2.0 * dim), f_prev = 1;
    for (size_t i = 0; i < 3; i++) {
        double n_ions;
        haven_kmc_result r = run_gas(lattice, cells, cs[i], 300000, &n_ions);
        printf("%s c=%.2f: ", lattice, cs[i]);
        /* ~2% standard error from 8 replicas x 200 windows; 4 sigma. */
        assert_within("D_sigma", r.D_sigma, D0 * (1 - cs[i]), 4, 0.03);
        haven_kmc_estimate hr = r.haven_ratio;
        printf("  f = %.4f +- %.4f, H_R = %.4f +- %.4f\n", r.correlation.value,
               r.correlation.stderr_, hr.value, hr.stderr_);
        /* H_R = f: the two estimates share the tracer MSD, so the error of
         * their difference is at most the sum of the errors. */
        assert_true(fabs(hr.value - r.correlation.value) <
                    4 * (hr.stderr_ + r.correlation.stderr_));
        /* f(c) decreases monotonically between the exact limits. */
        assert_true(r.correlation.value < f_prev && r.correlation.value > f0);
        f_prev = r.correlation.value;
        /* Einstein sigma = n e^2 D0 (1 - c) / kT (checks the SI units). */
        double kT = HAVEN_KB * 300;
        assert_within("sigma", r.sigma,
                      n_ions * HAVEN_E_CHARGE * HAVEN_E_CHARGE * D0 * (1 - cs[i]) / kT, 4, 0.03);
    }
}

static void sc_gas(void **state)
{
    (void)state;
    exact_collective("sc", 8, 6, 3, 0.65311);
}

static void square_gas(void **state)
{
    (void)state;
    exact_collective("square", 20, 4, 2, 0.46694);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sc_gas),
        cmocka_unit_test(square_gas),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
