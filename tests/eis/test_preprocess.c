/* haven_eis_preprocess: the frequency window, inductive points and Lin-KK
 * outliers, each counted, on spectra whose answer is known by construction. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "haven/eis.h"

#include <math.h>
#include <string.h>

#define N 50
#define PI 3.14159265358979323846

/* R0 = 10, R1 = 100, C1 = 1e-6, series L = 1e-6 H; 0.1 Hz..1 MHz. */
static void rcl(haven_eis_data *d, double *f)
{
    double zr[N], zi[N];
    for (int i = 0; i < N; i++) {
        f[i] = 0.1 * pow(1e7, (double)i / (N - 1));
        double w = 2 * PI * f[i], t = w * 1e-4;
        zr[i] = 10 + 100 / (1 + t * t);
        zi[i] = -100 * t / (1 + t * t) + w * 1e-6;
    }
    assert_int_equal(haven_eis_data_set(d, f, zr, zi, N), HAVEN_OK);
}

static void test_crop_and_inductive(void **state)
{
    (void)state;
    double f[N];
    haven_eis_data d;
    rcl(&d, f);
    size_t below = 0, above = 0, ind = 0;
    for (int i = 0; i < N; i++) {
        below += f[i] < 1;
        above += f[i] > 1e5;
        ind += f[i] >= 1 && f[i] <= 1e5 && d.zim[i] > 0;
    }
    assert_true(haven_eis_n_inductive(&d) > 0);
    haven_eis_prep_options o;
    memset(&o, 0, sizeof o);
    o.fmin = 1;
    o.fmax = 1e5;
    o.drop_inductive = 1;
    haven_eis_prep_report rep;
    assert_int_equal(haven_eis_preprocess(&d, &o, &rep), HAVEN_OK);
    assert_int_equal(rep.n_below_fmin, below);
    assert_int_equal(rep.n_above_fmax, above);
    assert_int_equal(rep.n_inductive, ind);
    assert_int_equal(rep.n_out, N - below - above - ind);
    assert_int_equal(d.n, rep.n_out);
    for (size_t i = 0; i < d.n; i++)
        assert_true(d.freq[i] >= 1 && d.freq[i] <= 1e5 && d.zim[i] <= 0);
    /* too few left: an error, the data untouched */
    o.fmin = 1e4;
    o.fmax = 1.1e4;
    size_t n = d.n;
    assert_int_equal(haven_eis_preprocess(&d, &o, &rep), HAVEN_ERR_DATA);
    assert_int_equal(d.n, n);
    o.fmin = 10;
    o.fmax = 1; /* empty window */
    assert_int_equal(haven_eis_preprocess(&d, &o, &rep), HAVEN_ERR_ARG);
    haven_eis_data_free(&d);
}

/* One point of an exact spectrum moved by 5% of |Z| (a glitch, not KK):
 * Lin-KK exclusion removes exactly that point. Its residual stays near 5%
 * (one point cannot pull a fit of 50 far) and the others' stay below the
 * 1.5% limit; what is left is valid. */
static void test_kk_exclude(void **state)
{
    (void)state;
    double f[N];
    haven_eis_data d;
    rcl(&d, f);
    int glitch = 20;
    double g = d.freq[glitch];
    d.zre[glitch] += 0.05 * hypot(d.zre[glitch], d.zim[glitch]);
    haven_eis_prep_options o;
    memset(&o, 0, sizeof o);
    o.kk_exclude = 1;
    haven_eis_prep_report rep;
    assert_int_equal(haven_eis_preprocess(&d, &o, &rep), HAVEN_OK);
    print_message("kk outliers %zu of %zu\n", rep.n_kk, rep.n_in);
    assert_int_equal(rep.n_kk, 1);
    assert_int_equal(d.n, N - 1);
    for (size_t i = 0; i < d.n; i++)
        assert_true(d.freq[i] != g);
    haven_eis_linkk_result r;
    assert_int_equal(haven_eis_linkk(&d, NULL, &r), HAVEN_OK);
    assert_true(r.valid);
    haven_eis_linkk_result_free(&r);
    haven_eis_data_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crop_and_inductive),
        cmocka_unit_test(test_kk_exclude),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
