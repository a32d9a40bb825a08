/* The estimators of src/kmc/observe.c on sums built by hand: a tracer MSD
 * s t + b per ion gives D* = (s tau + b)/(2 d tau) from whole blocks and a
 * block bias of exactly b/(s tau) from the halves (and the window bias
 * of the shortest of three window lengths likewise); the jackknife error of a
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
                      .kT = HAVEN_KB * 300,
                      .tracer_at = 2,
                      .collective_at = 0};
    /* Intervals of tau/4, tau/2, tau over a unit of length tau: 4, 2, 1
     * of them, each N(s l + b). */
    const double B = 5e-25; /* collective offset per window */
    kmc_sums units[4];
    memset(units, 0, sizeof units);
    for (int u = 0; u < 4; u++) {
        for (int l = 0; l < 3; l++) {
            units[u].tr[l][0] = N * (s * tau + (4 >> l) * b);
            units[u].mq2[l] = N * s * tau + (4 >> l) * B;
        }
        units[u].jumps[0] = units[u].jump_sq[0] = 1;
        units[u].time = tau;
    }
    haven_kmc_result r;
    kmc_estimate_all(units, 4, &sys, &r);
    assert_rel(r.block_bias.value, b / (s * tau), 1e-12);
    assert_true(fabs(r.block_bias.err) < 1e-12);
    assert_rel(r.D[0].value, (s * tau + b) / (6 * tau), 1e-12);
    /* The shortest windows (tau/4) read high by 4B / (N s tau). */
    assert_rel(r.window_bias.value, 4 * B / (N * s * tau), 1e-12);
    assert_rel(r.D_sigma.value, (N * s * tau + 4 * B) / (N * 6 * tau), 1e-12);
    /* A linear MSD: no bias. */
    for (int u = 0; u < 4; u++)
        for (int l = 0; l < 3; l++)
            units[u].tr[l][0] = N * s * tau;
    kmc_estimate_all(units, 4, &sys, &r);
    assert_true(fabs(r.block_bias.value) < 1e-15);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(block_bias_algebra)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
