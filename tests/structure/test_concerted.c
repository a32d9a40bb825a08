/* Concerted jumps against an exact null and planted pairs; configurational
 * and mixing entropies against closed forms. The jump records are built by
 * hand, so the truth is known: independent uniform jump times give a pair
 * count consistent with the computed expectation (Poisson), and 60 planted
 * simultaneous neighbouring pairs show up as an excess of 60 with a tiny
 * p-value and 60 groups of two. */
#include "haven/sites.h"

#include "check.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define A 1e-10
#define NS 10 /* sites per axis, 2 A apart in a 20 A cell */

static void fake_result(haven_sites_result *r, gsl_rng *rng, size_t n_random, size_t n_planted)
{
    memset(r, 0, sizeof *r);
    r->n_frames = 1001, r->dt = 1e-12, r->n_sites = NS * NS * NS;
    for (int k = 0; k < 3; k++)
        r->cell[k][k] = 2.0 * NS * A;
    r->site_frac = malloc(r->n_sites * sizeof *r->site_frac);
    for (size_t s = 0; s < r->n_sites; s++) {
        r->site_frac[s][0] = (double)(s / (NS * NS)) / NS;
        r->site_frac[s][1] = (double)((s / NS) % NS) / NS;
        r->site_frac[s][2] = (double)(s % NS) / NS;
    }
    r->n_jumps = n_random + 2 * n_planted;
    r->jump = calloc(r->n_jumps, sizeof *r->jump);
    for (size_t j = 0; j < n_random; j++) { /* to the +x neighbour */
        int s = (int)gsl_rng_uniform_int(rng, r->n_sites);
        r->jump[j] = (haven_jump){j, 1 + gsl_rng_uniform_int(rng, 1000), s,
                                  (s + NS * NS) % (NS * NS * NS), {2 * A, 0, 0}};
    }
    for (size_t p = 0; p < n_planted; p++) { /* two ions at adjacent sites, one frame */
        size_t f = 1 + gsl_rng_uniform_int(rng, 1000), j = n_random + 2 * p;
        int s = (int)(p * 16 % r->n_sites); /* far from the other planted pairs */
        r->jump[j] = (haven_jump){100000 + 2 * p, f, s, (s + 1) % (int)r->n_sites, {0, 0, 2 * A}};
        r->jump[j + 1] = (haven_jump){100001 + 2 * p, f, (s + 1) % (int)r->n_sites, s,
                                      {0, 0, -2 * A}};
    }
}

static void test_null_and_planted(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    haven_sites_result r;
    haven_concerted c;
    double zsum = 0;
    for (int rep = 0; rep < 20; rep++) {
        gsl_rng_set(rng, 100 + rep);
        fake_result(&r, rng, 2000, 0);
        assert_int_equal(haven_sites_concerted(&r, 3e-12, 2.5 * A, &c), HAVEN_OK);
        assert_int_equal(c.window_frames, 3);
        assert_true(c.close_pairs > 1000);
        zsum += c.z;
        free(r.site_frac), free(r.jump);
    }
    /* the mean of 20 z-scores of a correct null has sd 1/sqrt(20) */
    assert_abs(zsum / 20, 0, 4 / sqrt(20.0));

    gsl_rng_set(rng, 7);
    fake_result(&r, rng, 2000, 60);
    assert_int_equal(haven_sites_concerted(&r, 0, 2.5 * A, &c), HAVEN_OK);
    assert_true(c.pairs >= 60);
    assert_true(c.pairs - 60 <= c.expected + 5 * sqrt(c.expected) + 1);
    assert_true(c.p_value < 1e-10);
    assert_true(c.groups[0] >= 60);
    assert_int_equal(haven_sites_concerted(&r, 0, 0, &c), HAVEN_ERR_ARG);
    free(r.site_frac), free(r.jump);
    gsl_rng_free(rng);
}

static void test_entropy(void **state)
{
    (void)state;
    haven_estimate occ[3] = {{0.5, 0.01, 0.48, 0.52, "1"}, {0.25, 0.01, 0.23, 0.27, "1"},
                             {1, 0, 1, 1, "1"}};
    haven_sites_result r;
    memset(&r, 0, sizeof r);
    r.n_types = 3, r.occupancy = occ;
    haven_estimate s[3];
    haven_sites_entropy(&r, s);
    const double k = 1.380649e-23;
    assert_rel(s[0].value, k * log(2.0), 1e-12);
    assert_rel(s[0].hi, k * log(2.0), 1e-12); /* the interval holds the maximum */
    assert_rel(s[1].value, -k * (0.25 * log(0.25) + 0.75 * log(0.75)), 1e-12);
    assert_abs(s[2].value, 0, 0);
    double x[3] = {0.5, 0.25, 0.25};
    assert_rel(haven_mixing_entropy(x, 3), k * 1.5 * log(2.0), 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_null_and_planted),
        cmocka_unit_test(test_entropy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
