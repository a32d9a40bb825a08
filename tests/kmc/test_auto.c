/* The automatic mode (the default): equilibration until stationary, block
 * and window lengths from the run, the span doubled until the MSD is
 * linear at them.
 * - The MSER rule on synthetic series: a decaying transient is cut where
 *   it has decayed into the noise; stationary noise is cut in the first
 *   half; a steady drift is cut in the second half (not stationary).
 * - The sc lattice gas at c = 0.5 with every setting left to the library:
 *   D_sigma = D0 (1 - c) exactly (Kutner 1981), H_R = f, and f equal to the
 *   long-block value 0.8468 of this 8^3 cell (test_lattice_gas: blocks of
 *   10 and 117 hops per ion read 0.8554 and 0.8477, MSD ~ s t + b), which
 *   short fixed blocks miss by ~1%; the lengths settle and no bias is
 *   left. */
#include "kmc_test.h"

#include "kmc/equil.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

static void mser_rule(void **state)
{
    (void)state;
    enum { N = 400 };
    double x[N];
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    /* A transient of amplitude 20 sigma decaying with a time constant of
     * 20 points: below the noise after ~60 (20 ln 20). */
    for (int i = 0; i < N; i++)
        x[i] = 20 * exp(-i / 20.0) + gsl_ran_gaussian(rng, 1);
    int d = kmc_mser(x, N);
    printf("transient: d = %d\n", d);
    assert_true(d >= 30 && d <= 120);
    for (int i = 0; i < N; i++)
        x[i] = gsl_ran_gaussian(rng, 1);
    d = kmc_mser(x, N);
    printf("stationary: d = %d\n", d);
    assert_true(d <= N / 2);
    /* A drift of 10 sigma over the series: cut in its second half. */
    for (int i = 0; i < N; i++)
        x[i] = 10.0 * i / N + gsl_ran_gaussian(rng, 1);
    d = kmc_mser(x, N);
    printf("drift: d = %d\n", d);
    assert_true(d > N / 2);
    gsl_rng_free(rng);
}

static void lattice_gas_defaults(void **state)
{
    (void)state;
    haven_kmc_lattice *L = kmc_test_lattice("sc", 8);
    haven_kmc_params p;
    haven_kmc_params_init(&p);
    p.barrier = 0;
    p.has_barrier = 1;
    p.seed = 1;
    p.nu0 = 1e12;
    haven_kmc_result r;
    assert_int_equal(haven_kmc_run(L, &p, &r), HAVEN_OK);
    double D0 = 1e12 * A_NN * A_NN; /* Gamma a^2 z/(2d), z = 2d */
    printf("equil %.3g hops, measured %.3g per replica, blocks %.1f hops per ion\n", r.equil_hops,
           r.measured_hops, r.block_hops);
    printf("D_sigma/(D0(1-c)) = %.4f +- %.4f, f = %.4f +- %.4f, H_R = %.4f +- %.4f\n",
           r.D_sigma.value / (0.5 * D0), r.D_sigma.err / (0.5 * D0), r.correlation.value,
           r.correlation.err, r.haven_ratio.value, r.haven_ratio.err);
    assert_true(r.blocks_settled && r.windows_settled && r.equil_unsettled == 0);
    assert_true(r.equil_hops >= p.hops / 10 && r.measured_hops >= 0.9 * p.hops);
    /* 4 standard errors: a wrong collective estimator (a missing factor,
     * the drift not removed) is off by far more. */
    assert_true(fabs(r.D_sigma.value - 0.5 * D0) < 4 * r.D_sigma.err);
    assert_true(fabs(r.haven_ratio.value - r.correlation.value) <
                4 * (r.haven_ratio.err + r.correlation.err));
    /* The long-block f (its own error ~0.1%) within 4 standard errors. */
    assert_true(r.correlation.err < 0.005);
    assert_true(fabs(r.correlation.value - 0.8468) < 4 * r.correlation.err + 0.001);
    haven_kmc_lattice_free(L);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mser_rule),
        cmocka_unit_test(lattice_gas_defaults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
