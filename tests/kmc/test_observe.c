/* The estimators of src/kmc/observe.c on sums built by hand: a tracer MSD
 * s t + b per ion gives D* = (s tau + b)/(2 d tau) from whole blocks and a
 * block bias of exactly b/(s tau) from the halves (and the window bias
 * likewise from pairs of windows); the jackknife error of a
 * quantity that is the same in every unit is zero. */
#include "kmc_test.h"

#include "kmc/observe.h"
#include "check.h"

#include <string.h>

static void block_bias_algebra(void **state)
{
    (void)state;
    const double N = 100, s = 6e-18, tau = 1e-6, b = 3e-25; /* m^2/s, s, m^2 */
    kmc_system sys = {.n_species = 1,
                      .count = {N},
                      .charge = {1},
                      .dim = 3,
                      .volume = 1e-27,
                      .kT = HAVEN_KB * 300};
    kmc_sums units[4];
    memset(units, 0, sizeof units);
    for (int u = 0; u < 4; u++) {
        units[u].tr[0] = N * (s * tau + b);
        units[u].tr_half[0] = N * (s * tau + 2 * b);
        units[u].jumps[0] = units[u].jump_sq[0] = 1;
        units[u].mq2 = N * s * tau;
        /* Collective pairs of windows of length tau: offset B. */
        units[u].mq2_pair = 2 * s * tau + 5e-25;
        units[u].mq2_pair_parts = 2 * s * tau + 2 * 5e-25;
        units[u].time = tau;
    }
    haven_kmc_result r;
    kmc_estimate_all(units, 4, &sys, &r);
    assert_rel(r.block_bias.value, b / (s * tau), 1e-12);
    assert_true(fabs(r.block_bias.stderr_) < 1e-12);
    assert_rel(r.D[0].value, (s * tau + b) / (6 * tau), 1e-12);
    assert_rel(r.window_bias.value, 5e-25 / (s * tau), 1e-12);
    /* Unbiased blocks: no bias. */
    for (int u = 0; u < 4; u++)
        units[u].tr_half[0] = units[u].tr[0];
    kmc_estimate_all(units, 4, &sys, &r);
    assert_true(fabs(r.block_bias.value) < 1e-15);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(block_bias_algebra)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
