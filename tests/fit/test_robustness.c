/* Boundary and pathological inputs: every fit returns a status (never aborts
 * through GSL's error handler, never returns non-finite parameters with OK). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the headers above first. */
#include <cmocka.h>

#include "haven/arrhenius.h"
#include "haven/fit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define N 8

static void assert_result(haven_status st, const haven_fit_result *r)
{
    assert_true(st == HAVEN_OK || st < 0);
    if (getenv("HAVEN_TEST_VERBOSE"))
        print_message("status %d: %s\n", st, st == HAVEN_OK ? "ok" : haven_last_error());
    if (st == HAVEN_OK) {
        for (size_t j = 0; j < r->n_params; j++)
            assert_true(isfinite(r->param[j].value) && isfinite(r->param[j].err));
    } else {
        assert_true(strlen(haven_last_error()) > 0); /* a message explains it */
    }
}

/* Data sets: constant, alternating, huge, tiny, all-zero x, a single outlier. */
static void make(int kind, double *x, double *y)
{
    for (int i = 0; i < N; i++) {
        x[i] = 300 + 20 * i;
        switch (kind) {
        case 0: y[i] = 1.0; break;
        case 1: y[i] = i % 2 ? 1e-3 : 1.0; break;
        case 2: y[i] = 1e300 / (i + 1); break;
        case 3: y[i] = 1e-300 * (i + 1); break;
        case 4: x[i] = 0.0, y[i] = 1.0 + i; break;
        default: y[i] = i == 3 ? 1e6 : exp(-0.1 * i); break;
        }
    }
}

static void every_fit_survives(void **state)
{
    (void)state;
    double x[N], y[N];
    haven_fit_result r;
    for (int kind = 0; kind < 6; kind++) {
        make(kind, x, y);
        haven_arrhenius_result a;
        haven_vft_result v;
        haven_status st = haven_arrhenius_fit(x, y, NULL, N, 1, &a);
        assert_true(st == HAVEN_OK ? isfinite(a.Ea.value) : st < 0);
        st = haven_vft_fit(x, y, NULL, N, -0.5, &v);
        assert_true(st == HAVEN_OK ? isfinite(v.T0.value) && v.T0.value < x[0] : st < 0);
        haven_pfg_options o = {haven_nucleus_gamma("1H"), 1e-3, 20e-3, 1};
        for (int i = 0; i < N; i++)
            x[i] = kind == 4 ? 0.0 : 0.05 * i;
        assert_result(haven_pfg_fit(x, y, NULL, N, &o, &r), &r);
        o.n_components = 2;
        assert_result(haven_pfg_fit(x, y, NULL, N, &o, &r), &r);
        for (int i = 0; i < N; i++)
            x[i] = kind == 4 ? 0.0 : 1e-3 * (i + 1);
        assert_result(haven_kww_fit(x, y, NULL, N, &r), &r);
        assert_result(haven_exsy_fit(x, y, NULL, N, HAVEN_EXSY_BUILDUP, &r), &r);
        assert_result(haven_exsy_fit(x, y, NULL, N, HAVEN_EXSY_TWO_SITE, &r), &r);
        for (int k = 0; k <= 2; k++) /* kind 4: repeated times, rejected */
            assert_result(haven_chrono_fit(x, y, NULL, N, k, &r, NULL, NULL), &r);
        make(kind, x, y);
        if (kind != 4) /* T = 0 is rejected before fitting */
            assert_result(haven_bpp_fit(x, y, NULL, N, 100e6, 1, &r), &r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(every_fit_survives)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
