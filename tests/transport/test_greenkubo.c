/* Green-Kubo against Einstein-Helfand on the same trajectory: ions whose
 * velocities follow an Ornstein-Uhlenbeck process and whose positions are the
 * running sums of the velocities. The two routes are the same physics, so
 * they must agree within their combined error. */
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

enum { NP = 20, N = 2 * NP, T = 40000 };

static void gk_matches_eh(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 123);
    const double dt = 1e-15, tau = 10 * dt, a = exp(-dt / tau), sv = 500.0;
    double(*r)[3] = calloc(N, sizeof *r), (*v)[3] = calloc(N, sizeof *v);
    double *vs = calloc((size_t)T * 2 * 3, sizeof *vs);
    haven_store *s;
    assert_int_equal(haven_store_create(N, 0, NULL, &s), HAVEN_OK);
    for (size_t i = 0; i < N; i++)
        for (int k = 0; k < 3; k++)
            v[i][k] = gsl_ran_gaussian(rng, sv);
    for (size_t t = 0; t < T; t++) {
        assert_int_equal(haven_store_append(s, (const double(*)[3])r), HAVEN_OK);
        for (size_t i = 0; i < N; i++)
            for (int k = 0; k < 3; k++) {
                vs[(t * 2 + i % 2) * 3 + (size_t)k] += v[i][k];
                r[i][k] += v[i][k] * dt;
                v[i][k] = a * v[i][k] + sqrt(1 - a * a) * gsl_ran_gaussian(rng, sv);
            }
    }
    assert_int_equal(haven_store_finish(s), HAVEN_OK);
    int grp[N];
    for (size_t i = 0; i < N; i++)
        grp[i] = (int)(i % 2);
    haven_msd m[2];
    haven_msd_collective coll;
    haven_msd_options mo;
    haven_msd_options_init(&mo);
    mo.collective = 1;
    assert_int_equal(haven_msd_compute(s, grp, 2, dt, &mo, m, &coll), HAVEN_OK);
    double q[2] = {1, -1}, count[2] = {NP, NP};
    haven_dfit_options fo;
    haven_dfit_options_init(&fo);
    fo.start = 100 * dt; /* ten velocity correlation times: diffusive */
    fo.end = 400 * dt;
    haven_dfit_result d[2];
    for (int g = 0; g < 2; g++)
        assert_int_equal(haven_diffusion_fit(m[g].msd, T, dt, NP, 3, &fo, &d[g]), HAVEN_OK);
    haven_cond_input in = {.n_species = 2,
                           .charge = q,
                           .count = count,
                           .tracer = d,
                           .coll = &coll,
                           .volume = 1e-26,
                           .temperature = 300,
                           .frame = -1,
                           .fit = fo};
    haven_conductivity c;
    assert_int_equal(haven_conductivity_compute(&in, &c), HAVEN_OK);
    haven_green_kubo gk;
    assert_int_equal(haven_green_kubo_compute(vs, T, 2, q, dt, 1e-26, 300, &gk), HAVEN_OK);
    print_message("EH %.4g +- %.2g, GK %.4g +- %.2g S/m (plateau %.0f-%.0f fs, %zu blocks)\n",
                  c.sigma.value, c.sigma.err, gk.sigma.value, gk.sigma.err, gk.plateau_start * 1e15,
                  gk.plateau_end * 1e15, gk.n_blocks);
    assert_true(gk.ok);
    assert_true(isfinite(gk.sigma.err) && gk.sigma.err > 0);
    /* 3 combined standard errors: one fixed seed, so no flakiness. */
    assert_abs(gk.sigma.value, c.sigma.value, 3 * hypot(gk.sigma.err, c.sigma.err));
    /* Analytic: OU with correlation time tau gives D = sv^2 tau_d per
     * component, tau_d = dt (1 + a) / (2 (1 - a)) for the discrete sum; and
     * independent ions give sigma = e^2 N D_total / (V k T). */
    double D = sv * sv * dt * (1 + a) / (2 * (1 - a));
    double sigma_true = HAVEN_E_CHARGE * HAVEN_E_CHARGE * N * D / (1e-26 * HAVEN_KB * 300);
    assert_abs(gk.sigma.value, sigma_true, 3 * gk.sigma.err);
    haven_green_kubo_clear(&gk);
    haven_conductivity_clear(&c);
    haven_msd_clear(&m[0]);
    haven_msd_clear(&m[1]);
    haven_msd_collective_clear(&coll);
    haven_store_free(s);
    free(r);
    free(v);
    free(vs);
    gsl_rng_free(rng);
}

/* Velocities saved far apart (uncorrelated between frames): no number. */
static void sparse_sampling_refused(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 4);
    double *vs = malloc(1000 * 3 * sizeof *vs), q[1] = {1};
    for (size_t i = 0; i < 3000; i++)
        vs[i] = gsl_ran_gaussian(rng, 1.0);
    haven_green_kubo gk;
    assert_int_equal(haven_green_kubo_compute(vs, 1000, 1, q, 1e-13, 1e-26, 300, &gk), HAVEN_OK);
    assert_false(gk.ok);
    assert_non_null(gk.note[0] ? gk.note : NULL);
    haven_green_kubo_clear(&gk);
    free(vs);
    gsl_rng_free(rng);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(gk_matches_eh),
        cmocka_unit_test(sparse_sampling_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
