/* Transport tensors: trace/3 equals the scalar fit, principal axes of an
 * anisotropic walk, and the dimensionality classification (1D, 2D, 3D). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "check.h"
#include "haven/transport.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>

enum { N = 64, T = 2000 };

/* Walkers with per-axis step widths `w` in a frame rotated by 45 degrees
 * about z (so the principal axes are not the Cartesian ones). */
static void walk_tensor(gsl_rng *rng, const double w[3], haven_msd *m)
{
    double(*pos)[3] = calloc(N, sizeof *pos), step = 1e-11, c = sqrt(0.5);
    haven_store *s;
    assert_int_equal(haven_store_create(N, 0, NULL, &s), HAVEN_OK);
    for (size_t t = 0; t < T; t++) {
        for (size_t i = 0; t > 0 && i < N; i++) {
            double a = gsl_ran_gaussian(rng, step * w[0]), b = gsl_ran_gaussian(rng, step * w[1]);
            pos[i][0] += c * (a - b);
            pos[i][1] += c * (a + b);
            pos[i][2] += gsl_ran_gaussian(rng, step * w[2]);
        }
        assert_int_equal(haven_store_append(s, (const double(*)[3])pos), HAVEN_OK);
    }
    assert_int_equal(haven_store_finish(s), HAVEN_OK);
    int grp[N] = {0};
    assert_int_equal(haven_msd_compute(s, grp, 1, 1e-13, NULL, m, NULL), HAVEN_OK);
    haven_store_free(s);
    free(pos);
}

static void fit(const haven_msd *m, haven_tensor *t, haven_dfit_result *scalar)
{
    haven_dfit_options o;
    haven_dfit_options_init(&o);
    o.start = 1e-13;
    o.end = 200e-13;
    assert_int_equal(haven_diffusion_fit(m->msd, m->n_lags, m->dt, N, 3, &o, scalar), HAVEN_OK);
    assert_int_equal(haven_tensor_fit((const double(*)[6])m->tensor, m->n_lags, m->dt, N, &o, t),
                     HAVEN_OK);
}

static void isotropic_3d(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 8);
    const double w[3] = {1, 1, 1};
    haven_msd m;
    haven_tensor t;
    haven_dfit_result d;
    walk_tensor(rng, w, &m);
    fit(&m, &t, &d);
    /* Identity: the GLS slope is linear in the data on a shared window. */
    double tr = (t.comp[0][0].value + t.comp[1][1].value + t.comp[2][2].value) / 3;
    assert_rel(tr, d.D.value, 1e-9);
    assert_int_equal(t.dimensionality, 3);
    /* Isotropic within error: principal values agree within 4 sigma. */
    assert_abs(t.principal[0], t.principal[2], 4 * hypot(t.principal_err[0], t.principal_err[2]));
    haven_msd_clear(&m);
    gsl_rng_free(rng);
}

/* Steps 1 : 0.5 along the rotated axes: D ratio 4, major axis along (1,1,0)/sqrt2. */
static void anisotropic_axes(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 9);
    const double w[3] = {1, 0.5, 0.5};
    haven_msd m;
    haven_tensor t;
    haven_dfit_result d;
    walk_tensor(rng, w, &m);
    fit(&m, &t, &d);
    double Dmax = 1e-22 / (2 * 1e-13);
    assert_abs(t.principal[0], Dmax, 4 * t.principal_err[0]);
    assert_abs(fabs(t.axes[0][0]), sqrt(0.5), 0.05);
    assert_abs(fabs(t.axes[0][1]), sqrt(0.5), 0.05);
    assert_abs(t.anisotropy, 4.0, 1.0);
    assert_int_equal(t.dimensionality, 3);
    haven_msd_clear(&m);
    gsl_rng_free(rng);
}

/* Layered (2D) and channel (1D) conductors: blocked directions (1% of the
 * step) are recognised. */
static void reduced_dimensionality(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 10);
    const double w2[3] = {1, 1, 0.01}, w1[3] = {1, 0.01, 0.01};
    haven_msd m;
    haven_tensor t;
    haven_dfit_result d;
    walk_tensor(rng, w2, &m);
    fit(&m, &t, &d);
    assert_int_equal(t.dimensionality, 2);
    assert_abs(fabs(t.axes[2][2]), 1.0, 1e-3); /* blocked axis is z */
    haven_msd_clear(&m);
    walk_tensor(rng, w1, &m);
    fit(&m, &t, &d);
    assert_int_equal(t.dimensionality, 1);
    haven_msd_clear(&m);
    gsl_rng_free(rng);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(isotropic_3d),
        cmocka_unit_test(anisotropic_axes),
        cmocka_unit_test(reduced_dimensionality),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
