/* Regions against walkers whose step depends on where they are: 0.3 A per
 * component per frame for x < 10 A, 0.1 A beyond (a 20 A cube). Inside a
 * slab that stays within one half, D_parallel is that half's sigma^2 /
 * (2 dt) (motion along the slab is independent of staying in it); a sphere
 * in the fast half gives a lower bound that approaches the fast D as it
 * grows; a region "within r of a fixed atom" is exactly the sphere about
 * it; entries and exits balance; bad inputs. */
#include "haven/regions.h"

#include "check.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#define A 1e-10
#define N 200
#define T 2000
#define DT 1e-15 /* s per frame (Time in fs) */

static char path[64];

static int setup(void **state)
{
    (void)state;
    strcpy(path, "/tmp/haven_regions_XXXXXX");
    int fd = mkstemp(path);
    close(fd);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 13);
    double x[N][3];
    for (int i = 0; i < N; i++)
        for (int k = 0; k < 3; k++)
            x[i][k] = 20 * gsl_rng_uniform(rng);
    FILE *fp = fopen(path, "w");
    for (int f = 0; f < T; f++) {
        fprintf(fp, "%d\nLattice=\"20 0 0 0 20 0 0 0 20\" Properties=species:S:1:pos:R:3 Time=%d\n",
                N + 1, f);
        fprintf(fp, "S 5 10 10\n"); /* a fixed atom in the fast half */
        for (int i = 0; i < N; i++) {
            if (f > 0) {
                double w = x[i][0] - 20 * floor(x[i][0] / 20);
                double s = w < 10 ? 0.3 : 0.1;
                for (int k = 0; k < 3; k++)
                    x[i][k] += gsl_ran_gaussian(rng, s);
            }
            fprintf(fp, "Li %.5f %.5f %.5f\n", x[i][0], x[i][1], x[i][2]);
        }
    }
    fclose(fp);
    gsl_rng_free(rng);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    return 0;
}

static haven_status run(const haven_region *reg, haven_region_msd *r)
{
    haven_traj *t;
    assert_int_equal(haven_traj_open(path, NULL, &t), HAVEN_OK);
    int sel[N + 1];
    sel[0] = 0;
    for (int i = 1; i <= N; i++)
        sel[i] = 1;
    haven_region_options o;
    haven_region_options_init(&o);
    o.max_lag = 200, o.origin_stride = 5, o.drift = HAVEN_DRIFT_NONE;
    haven_status s = haven_region_msd_compute(t, sel, reg, &o, r);
    haven_traj_free(t);
    return s;
}

static void test_slabs(void **state)
{
    (void)state;
    haven_region_msd r;
    haven_region fast = {.kind = HAVEN_REGION_SLAB, .axis = 0, .lo = 0.1, .hi = 0.4};
    assert_int_equal(run(&fast, &r), HAVEN_OK);
    assert_true(r.fit_ok);
    double D_fast = 0.3 * 0.3 * A * A / (2 * DT), D_slow = 0.1 * 0.1 * A * A / (2 * DT);
    /* D within 4 standard errors (from 10 groups of ions) */
    assert_abs(r.D.value, D_fast, 4 * r.D.err);
    assert_rel(r.volume, 0.3 * 8000 * A * A * A, 1e-9);
    assert_true(r.mean_inside > 20 && r.mean_inside < 45);
    /* every ion is inside or out; entries and exits differ by at most N */
    assert_true(r.entries > 100 && (r.entries > r.exits ? r.entries - r.exits : r.exits - r.entries) <= N);
    assert_rel(r.survival[0], 1.0, 1e-12);
    assert_true(r.survival[100] < r.survival[10]);
    haven_region_msd_clear(&r);

    haven_region slow = {.kind = HAVEN_REGION_SLAB, .axis = 0, .lo = 0.6, .hi = 0.9};
    assert_int_equal(run(&slow, &r), HAVEN_OK);
    assert_abs(r.D.value, D_slow, 4 * r.D.err);
    haven_region_msd_clear(&r);
}

static void test_sphere_and_near(void **state)
{
    (void)state;
    haven_region_msd r, q;
    haven_region sph = {.kind = HAVEN_REGION_SPHERE, .centre = {0.25, 0.5, 0.5}, .radius = 4 * A};
    assert_int_equal(run(&sph, &r), HAVEN_OK);
    double D_fast = 0.3 * 0.3 * A * A / (2 * DT);
    assert_true(r.fit_ok && r.D.value < D_fast * 1.05 && r.D.value > 0.5 * D_fast);
    int near_atoms[N + 1] = {1};
    haven_region nr = {.kind = HAVEN_REGION_NEAR, .radius = 4 * A, .near_atoms = near_atoms};
    assert_int_equal(run(&nr, &q), HAVEN_OK);
    for (size_t L = 0; L < r.n_lags; L++) {
        assert_rel(q.n_obs[L], r.n_obs[L], 1e-12);
        if (r.n_obs[L] > 0)
            assert_rel(q.msd[L], r.msd[L], 1e-12);
    }
    assert_int_equal(q.entries, r.entries);
    haven_region_msd_clear(&r);
    haven_region_msd_clear(&q);

    haven_region bad = {.kind = HAVEN_REGION_SLAB, .axis = 0, .lo = 0.5, .hi = 0.4};
    assert_int_equal(run(&bad, &r), HAVEN_ERR_ARG);
    haven_region tiny = {.kind = HAVEN_REGION_SPHERE, .centre = {0.5, 0.5, 0.5}, .radius = 1e-5 * A};
    assert_int_equal(run(&tiny, &r), HAVEN_ERR_DATA);
    assert_non_null(strstr(haven_last_error(), "no ion was ever inside the region"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slabs),
        cmocka_unit_test(test_sphere_and_near),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
