/* Progress of haven_eis_drt: the lambda scan reports each ridge solve of its
 * two grids (GCV and L-curve, then re-im cross-validation: 49 lambdas each,
 * 4 per decade over 1e-10..1e2), in order, to a total known at the start;
 * and reporting changes nothing in the result. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "haven/eis.h"

#include <math.h>
#include <string.h>

#define NF 41
#define SCAN 49 /* (2 - (-10)) * 4 + 1 */
#define PI 3.14159265358979323846

typedef struct {
    size_t calls, last, total;
    int ordered, stage_ok;
} log_t;

static void record(const char *stage, const char *path, size_t done, size_t total, void *user)
{
    log_t *l = user;
    l->stage_ok &= !strcmp(stage, "lambda scan") && path == NULL;
    l->ordered &= done == l->last + 1 && (l->calls == 0 || total == l->total);
    l->last = done;
    l->total = total;
    l->calls++;
}

static void scan_progress(void **state)
{
    (void)state;
    double f[NF], zr[NF], zi[NF];
    for (int i = 0; i < NF; i++) { /* R0 = 10, R1 = 100 ohm, tau = 1e-4 s */
        f[i] = pow(10.0, -1 + 6.0 * i / (NF - 1));
        double t = 2 * PI * f[i] * 1e-4;
        zr[i] = 10 + 100 / (1 + t * t);
        zi[i] = -100 * t / (1 + t * t);
    }
    haven_eis_data d = {.n = NF, .freq = f, .zre = zr, .zim = zi};
    haven_eis_drt_options o;
    haven_eis_drt_options_default(&o);
    haven_eis_drt_result plain, watched;
    assert_int_equal(haven_eis_drt(&d, &o, &plain), HAVEN_OK);
    log_t l = {0, 0, 0, 1, 1};
    o.progress = record;
    o.progress_user = &l;
    assert_int_equal(haven_eis_drt(&d, &o, &watched), HAVEN_OK);
    assert_true(l.stage_ok && l.ordered);
    assert_int_equal(l.calls, 2 * SCAN);
    assert_int_equal(l.total, 2 * SCAN);
    assert_int_equal(l.last, l.total);
    assert_true(plain.lambda == watched.lambda && plain.n_peaks == watched.n_peaks);
    for (size_t k = 0; k < plain.n_tau; k++)
        assert_true(plain.gamma[k] == watched.gamma[k]);
    haven_eis_drt_result_free(&plain);
    haven_eis_drt_result_free(&watched);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(scan_progress)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
