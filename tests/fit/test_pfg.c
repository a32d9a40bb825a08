/* PFG-NMR: gyromagnetic ratios, b-values, mono- and bi-exponential
 * Stejskal-Tanner fits, Nernst-Einstein and Haven ratio. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the headers above first. */
#include <cmocka.h>

#include "haven/fit.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>

#define TWO_PI 6.283185307179586

static void gyromagnetic_ratios(void **state)
{
    (void)state;
    /* Bruker NMR tables: 7Li 155.506 MHz and 19F 376.498 MHz at 9.39798 T
     * (1H 400.130 MHz). Rounding to 1 kHz gives 1e-5 relative. */
    assert_true(fabs(haven_nucleus_gamma("7Li") / TWO_PI / (155.506e6 / 9.39798) - 1) < 2e-5);
    assert_true(fabs(haven_nucleus_gamma("19F") / TWO_PI / (376.498e6 / 9.39798) - 1) < 2e-5);
    assert_true(fabs(haven_nucleus_gamma("6Li") / TWO_PI / (58.883e6 / 9.39798) - 1) < 2e-5);
    /* CODATA 2018 shielded proton gamma'_p = 2.675153151e8 rad/(s T). */
    assert_true(fabs(haven_nucleus_gamma("1H") / 2.675153151e8 - 1) < 1e-9);
    assert_true(haven_nucleus_gamma("8Li") == 0.0);
    assert_non_null(haven_nucleus_name(0));
}

static void bvalue(void **state)
{
    (void)state;
    haven_pfg_options o = {haven_nucleus_gamma("1H"), 2e-3, 50e-3, 1};
    /* Hand value: (2.675e8 * 0.5 * 2e-3)^2 * (0.05 - 0.002/3). */
    double want = pow(2.675153151e8 * 0.5 * 2e-3, 2) * (0.05 - 0.002 / 3.0);
    assert_true(fabs(haven_pfg_bvalue(&o, 0.5) / want - 1) < 1e-9);
}

static void make(const haven_pfg_options *o, const double *A, const double *D, double noise,
                 gsl_rng *rng, double *g, double *S, double *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        g[i] = 3.0 * (double)i / (double)(n - 1);
        double b = haven_pfg_bvalue(o, g[i]);
        S[i] = A[0] * exp(-D[0] * b) + (o->n_components == 2 ? A[1] * exp(-D[1] * b) : 0.0);
        S[i] += rng ? gsl_ran_gaussian(rng, noise) : 0.0;
        s[i] = noise;
    }
}

static void mono_coverage(void **state)
{
    (void)state;
    haven_pfg_options o = {haven_nucleus_gamma("7Li"), 2e-3, 50e-3, 1};
    double A[2] = {1.0, 0.0}, D[2] = {2e-10, 0.0}, g[16], S[16], s[16];
    make(&o, A, D, 0.01, NULL, g, S, s, 16);
    s[0] = 0.01;
    haven_fit_result r;
    assert_int_equal(haven_pfg_fit(g, S, s, 16, &o, &r), HAVEN_OK);
    /* noise-free: solver tolerance */
    assert_true(fabs(r.param[1].value / D[0] - 1) < 1e-8);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 11);
    int hit = 0;
    const int N = 400;
    for (int k = 0; k < N; k++) {
        make(&o, A, D, 0.01, rng, g, S, s, 16);
        assert_int_equal(haven_pfg_fit(g, S, s, 16, &o, &r), HAVEN_OK);
        hit += r.param[1].lo <= D[0] && D[0] <= r.param[1].hi;
    }
    gsl_rng_free(rng);
    print_message("PFG mono: D interval coverage %d/%d\n", hit, N);
    /* Binomial sd at 0.95, N = 400: 0.011; +-3 sd. */
    assert_true(fabs(hit / (double)N - 0.95) < 0.033);
}

/* Unweighted, 8 points: the residual variance is estimated with 6 dof, and
 * the intervals need t(6) = 2.447 to cover 95%. */
static void mono_coverage_unweighted(void **state)
{
    (void)state;
    haven_pfg_options o = {haven_nucleus_gamma("7Li"), 2e-3, 50e-3, 1};
    double A[2] = {1.0, 0.0}, D[2] = {2e-10, 0.0}, g[8], S[8], s[8];
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 12);
    int hit = 0;
    const int N = 1000;
    haven_fit_result r;
    for (int k = 0; k < N; k++) {
        make(&o, A, D, 0.01, rng, g, S, s, 8);
        assert_int_equal(haven_pfg_fit(g, S, NULL, 8, &o, &r), HAVEN_OK);
        hit += r.param[1].lo <= D[0] && D[0] <= r.param[1].hi;
    }
    gsl_rng_free(rng);
    assert_int_equal(r.dof, 6);
    assert_true(fabs(r.q95 - 2.446912) < 1e-5);
    print_message("PFG mono unweighted n=8: D interval coverage %d/%d\n", hit, N);
    /* Binomial sd at 0.95, N = 1000: 0.0069; +-3 sd. */
    assert_true(fabs(hit / (double)N - 0.95) < 0.021);
}

static void bi_recovery(void **state)
{
    (void)state;
    haven_pfg_options o = {haven_nucleus_gamma("1H"), 1e-3, 20e-3, 2};
    double A[2] = {0.6, 0.4}, D[2] = {1e-10, 1.5e-9}, g[30], S[30], s[30];
    make(&o, A, D, 0.001, NULL, g, S, s, 30);
    haven_fit_result r;
    assert_int_equal(haven_pfg_fit(g, S, s, 30, &o, &r), HAVEN_OK);
    /* Faster component first; noise-free data, solver tolerance. */
    assert_true(fabs(r.param[1].value / D[1] - 1) < 1e-6);
    assert_true(fabs(r.param[3].value / D[0] - 1) < 1e-6);
    assert_true(fabs(r.param[0].value - A[1]) < 1e-6 && fabs(r.param[2].value - A[0]) < 1e-6);
    assert_int_equal(haven_fit_param_index(&r, "D2"), 3);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 3);
    make(&o, A, D, 0.002, rng, g, S, s, 30);
    gsl_rng_free(rng);
    assert_int_equal(haven_pfg_fit(g, S, s, 30, &o, &r), HAVEN_OK);
    /* Noisy: within 4 standard errors of the truth (fails with p < 1e-4). */
    assert_true(fabs(r.param[1].value - D[1]) < 4 * r.param[1].err);
    assert_true(fabs(r.param[3].value - D[0]) < 4 * r.param[3].err);
}

static void nernst_einstein_haven(void **state)
{
    (void)state;
    /* 1 M LiX, D+ = 1e-10, D- = 2e-10 m^2/s at 298.15 K: molar form
     * F^2 c (D+ + D-) / (R T) with c = 1000 mol/m^3. */
    double D[2] = {1e-10, 2e-10}, De[2] = {1e-11, 2e-11}, c[2] = {1000 * HAVEN_NA, 1000 * HAVEN_NA};
    int z[2] = {1, -1};
    double sig, err;
    assert_int_equal(haven_nernst_einstein(D, De, c, z, 2, 298.15, &sig, &err), HAVEN_OK);
    double F = 96485.33212, R = 8.314462618;
    assert_true(fabs(sig / (F * F * 1000 * 3e-10 / (R * 298.15)) - 1) < 1e-9);
    /* Both D's 10%: error = 0.1 sqrt(1 + 4)/3 of sigma. */
    assert_true(fabs(err / sig - 0.1 * sqrt(5.0) / 3.0) < 1e-12);
    double h, he;
    assert_int_equal(haven_haven_ratio(sig, err, 0.5 * sig, 0.0, &h, &he), HAVEN_OK);
    assert_true(fabs(h - 2.0) < 1e-12 && fabs(he / h - err / sig) < 1e-12);
    assert_int_equal(haven_haven_ratio(sig, err, 0.0, 0.0, &h, &he), HAVEN_ERR_VALUE);
    D[1] = -1;
    assert_int_equal(haven_nernst_einstein(D, NULL, c, z, 2, 298.15, &sig, NULL), HAVEN_ERR_VALUE);
}

static void bad_input(void **state)
{
    (void)state;
    haven_pfg_options o = {haven_nucleus_gamma("7Li"), 2e-3, 50e-3, 1};
    double g[4] = {0, 1, 2, 3}, S[4] = {1, 1, 1, 1};
    haven_fit_result r;
    /* A flat signal has no decay to start from. */
    assert_int_equal(haven_pfg_fit(g, S, NULL, 4, &o, &r), HAVEN_ERR_DATA);
    o.Delta = 0;
    assert_int_equal(haven_pfg_fit(g, S, NULL, 4, &o, &r), HAVEN_ERR_ARG);
    o.Delta = 0.05;
    o.n_components = 2;
    assert_int_equal(haven_pfg_fit(g, S, NULL, 4, &o, &r), HAVEN_ERR_DATA);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(gyromagnetic_ratios), cmocka_unit_test(bvalue),
        cmocka_unit_test(mono_coverage),       cmocka_unit_test(mono_coverage_unweighted),
        cmocka_unit_test(bi_recovery),         cmocka_unit_test(nernst_einstein_haven),
        cmocka_unit_test(bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
