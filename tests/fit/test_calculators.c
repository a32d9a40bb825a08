/* Closed-form calculators: Bruce-Vincent transference number with error
 * propagation, and hopping conductivity. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the headers above first. */
#include <cmocka.h>

#include "haven/arrhenius.h"
#include "haven/fit.h"

#include <math.h>

static double bv(const haven_bruce_vincent_input *in)
{
    double t;
    assert_int_equal(haven_bruce_vincent(in, &t, NULL), HAVEN_OK);
    return t;
}

static void bruce_vincent_value_and_error(void **state)
{
    (void)state;
    haven_bruce_vincent_input in = {0.01, 20e-6, 10e-6, 100, 150, 1e-4, 2e-7, 1e-7, 2, 3};
    double t, e;
    assert_int_equal(haven_bruce_vincent(&in, &t, &e), HAVEN_OK);
    /* Hand value: 10e-6 (0.01 - 0.002) / (20e-6 (0.01 - 0.0015)) = 8/17. */
    assert_true(fabs(t - 8.0 / 17.0) < 1e-12);
    /* Error against central finite differences of the formula itself. */
    double *x[5] = {&in.dV, &in.I0, &in.Iss, &in.R0, &in.Rss};
    double s[5] = {in.dV_err, in.I0_err, in.Iss_err, in.R0_err, in.Rss_err}, var = 0;
    for (int i = 0; i < 5; i++) {
        double x0 = *x[i], h = 1e-6 * x0;
        *x[i] = x0 + h;
        double up = bv(&in);
        *x[i] = x0 - h;
        double dn = bv(&in);
        *x[i] = x0;
        var += pow((up - dn) / (2 * h) * s[i], 2);
    }
    /* Finite differences with h = 1e-6 x are accurate to ~1e-8 relative. */
    assert_true(fabs(e / sqrt(var) - 1) < 1e-6);
    /* Without ohmic corrections t+ = Iss / I0. */
    haven_bruce_vincent_input plain = {0.01, 20e-6, 5e-6, 0, 0, 0, 0, 0, 0, 0};
    assert_true(fabs(bv(&plain) - 0.25) < 1e-15);
    plain.R0 = 1000; /* dV < I0 R0 */
    assert_int_equal(haven_bruce_vincent(&plain, &t, NULL), HAVEN_ERR_VALUE);
}

static void hopping(void **state)
{
    (void)state;
    haven_hopping_input in = {1.0, 1.0, 1e28, 1, 300, 3e-10, 1e13, 0, 0.3 * HAVEN_EV};
    double s;
    assert_int_equal(haven_hopping_conductivity(&in, &s), HAVEN_OK);
    /* Hand evaluation of the formula term by term (relative 1e-12: rounding). */
    double e = 1.602176634e-19, kT = 1.380649e-23 * 300;
    double want = (1.0 / 6) * (1e28 * e * e / kT) * 9e-20 * 1e13 * exp(-0.3 * e / kT);
    assert_true(fabs(s / want - 1) < 1e-12);
    /* Identity: sigma T is exactly Arrhenius with Ea = dH (p = 1 fit). */
    double T[6], y[6];
    for (int i = 0; i < 6; i++) {
        in.T = T[i] = 300 + 50 * i;
        assert_int_equal(haven_hopping_conductivity(&in, &y[i]), HAVEN_OK);
    }
    haven_arrhenius_result r;
    assert_int_equal(haven_arrhenius_fit(T, y, NULL, 6, 1, &r), HAVEN_OK);
    assert_true(fabs(r.Ea.value / in.dH - 1) < 1e-9);
    in.a = -1;
    assert_int_equal(haven_hopping_conductivity(&in, &s), HAVEN_ERR_VALUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bruce_vincent_value_and_error),
        cmocka_unit_test(hopping),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
