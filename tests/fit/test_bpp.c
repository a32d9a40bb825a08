/* BPP relaxometry: recovery of one and two motional processes, the
 * position of the rate maximum, and the jump rate. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the headers above first. */
#include <cmocka.h>

#include "haven/fit.h"

#include <math.h>

#define NU0 116.6e6 /* 7Li at 7.05 T */
#define W0 (6.283185307179586 * NU0)

static double tau(double tau0, double Ea, double T)
{
    return tau0 * exp(Ea / (HAVEN_KB * T));
}
static double J(double w, double t)
{
    return t / (1 + w * w * t * t);
}
static double R1(double C, double tau0, double Ea, double T)
{
    double t = tau(tau0, Ea, T);
    return C * (J(W0, t) + 4 * J(2 * W0, t));
}

static void one_process(void **state)
{
    (void)state;
    double T[30], T1[30], e[30], C = 2e9, t0 = 1e-13, Ea = 0.3 * HAVEN_EV;
    for (int i = 0; i < 30; i++) {
        T[i] = 220 + 10 * i;
        T1[i] = 1 / R1(C, t0, Ea, T[i]);
        e[i] = 0.02 * T1[i];
    }
    haven_fit_result r;
    assert_int_equal(haven_bpp_fit(T, T1, e, 30, NU0, 1, &r), HAVEN_OK);
    /* Noise-free data: solver tolerance. */
    assert_true(fabs(r.param[0].value / C - 1) < 1e-6);
    assert_true(fabs(r.param[1].value / t0 - 1) < 1e-6);
    assert_true(fabs(r.param[2].value / Ea - 1) < 1e-7);
    assert_string_equal(r.param[2].unit, "J");
    double rate, lo, hi;
    assert_int_equal(haven_bpp_rate(&r, 0, 300.0, &rate, NULL, &lo, &hi), HAVEN_OK);
    assert_true(fabs(rate * tau(t0, Ea, 300.0) - 1) < 1e-6);
    assert_true(lo < rate && rate < hi);
    /* The R1 maximum sits where w0 tau = 0.6158 (d/dtau [J(w)+4J(2w)] = 0,
     * solved independently): check R1 is larger there than 1% away in tau. */
    double Tpk = Ea / (HAVEN_KB * log(0.6158 / (W0 * t0)));
    assert_true(R1(C, t0, Ea, Tpk) > R1(C, t0, Ea, Tpk * 1.003));
    assert_true(R1(C, t0, Ea, Tpk) > R1(C, t0, Ea, Tpk / 1.003));
    assert_int_equal(haven_bpp_rate(&r, 1, 300.0, &rate, NULL, NULL, NULL), HAVEN_ERR_ARG);
}

static void two_processes(void **state)
{
    (void)state;
    double T[40], T1[40], e[40];
    for (int i = 0; i < 40; i++) {
        T[i] = 200 + 15 * i;
        T1[i] = 1 / (R1(2e9, 1e-13, 0.3 * HAVEN_EV, T[i]) + R1(5e8, 1e-14, 0.6 * HAVEN_EV, T[i]));
        e[i] = 0.02 * T1[i];
    }
    haven_fit_result r;
    assert_int_equal(haven_bpp_fit(T, T1, e, 40, NU0, 2, &r), HAVEN_OK);
    /* Which process is which depends on the start; match by activation energy. */
    int lo = r.param[2].value < r.param[5].value ? 0 : 1, hi = 1 - lo;
    assert_true(fabs(r.param[3 * lo + 2].value / (0.3 * HAVEN_EV) - 1) < 1e-5);
    assert_true(fabs(r.param[3 * hi + 2].value / (0.6 * HAVEN_EV) - 1) < 1e-5);
    assert_true(fabs(r.param[3 * hi + 1].value / 1e-14 - 1) < 1e-4);
    assert_true(fabs(r.param[3 * lo].value / 2e9 - 1) < 1e-4);
}

static void bad_input(void **state)
{
    (void)state;
    double T[5] = {300, 310, 320, 330, 340}, T1[5] = {1, 1, -1, 1, 1};
    haven_fit_result r;
    assert_int_equal(haven_bpp_fit(T, T1, NULL, 5, NU0, 1, &r), HAVEN_ERR_VALUE);
    assert_int_equal(haven_bpp_fit(T, T1, NULL, 5, 0.0, 1, &r), HAVEN_ERR_ARG);
    assert_int_equal(haven_bpp_fit(T, T1, NULL, 5, NU0, 2, &r), HAVEN_ERR_DATA);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_process),
        cmocka_unit_test(two_processes),
        cmocka_unit_test(bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
