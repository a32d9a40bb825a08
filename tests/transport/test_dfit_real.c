/* The diffusion estimator and its 95% interval on dynamics that break the
 * ideal random walk, each with a known D: caged Brownian particles
 * (Lifson-Jackson), correlated lattice hops seen through vibration (the
 * long-time slope f a^2 Gamma / 6, not the short-time a^2 Gamma / 6), and a
 * vibrating framework (D = 0, never significantly positive).
 *
 * Replicas: HAVEN_REPLICAS (default 100 here; bench/README.md has the
 * 500-replica run). With R replicas and p = 0.95 the coverage has standard
 * deviation sqrt(0.95 * 0.05 / R) = 2.2% at R = 100: the lower edge of the
 * band is 3 sd below 0.95; intervals too wide are caught by the ratio of the
 * reported errors to the spread of the estimates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "check.h"
#include "dynamics.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>

static int replicas(void)
{
    const char *e = getenv("HAVEN_REPLICAS");
    int r = e ? atoi(e) : 100;
    return r > 0 ? r : 100;
}

static double band_low(int R)
{
    return 0.95 - 3 * sqrt(0.95 * 0.05 / R);
}

/* Coverage in the binomial band, and the errors neither too small nor too
 * large: the mean stderr within [0.75, 1.33] of the spread of the estimates
 * (the spread of R = 100 estimates is known to 7%; 0.75 would be intervals
 * that cover ~86%, 1.33 intervals that cover ~99.6%). */
static void assert_honest(double cov, double err_over_spread)
{
    if (replicas() < 50) /* a smoke run (sanitizer builds): too few for statistics */
        return;
    assert_true(cov >= band_low(replicas()));
    assert_true(err_over_spread >= 0.75 && err_over_spread <= 1.33);
}

typedef haven_store *(*make_fn)(gsl_rng *, const void *);

static haven_store *make_cage(gsl_rng *rng, const void *p)
{
    return dyn_cage_store(rng, p);
}

static haven_store *make_hop(gsl_rng *rng, const void *p)
{
    return dyn_hop_store(rng, p);
}

static haven_store *make_framework(gsl_rng *rng, const void *p)
{
    return dyn_framework_store(rng, p);
}

/* Coverage of the truth by the 95% interval; mean estimate / truth; the
 * mean reported error over the spread of the estimates (1 when honest). */
static double coverage(make_fn make, const void *p, size_t n, double dt, double truth,
                       unsigned long seed, double *mean_ratio, double *err_over_spread)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    int R = replicas(), hit = 0;
    double sum = 0, sum_err = 0, sum2 = 0;
    for (int k = 0; k < R; k++) {
        haven_store *s = make(rng, p);
        assert_non_null(s);
        haven_dfit_result r;
        assert_int_equal(dyn_fit(s, n, dt, &r), HAVEN_OK);
        haven_store_free(s);
        hit += r.D.lo <= truth && truth <= r.D.hi;
        sum += r.D.value / truth;
        sum2 += (r.D.value / truth) * (r.D.value / truth);
        sum_err += r.D.err / truth;
    }
    gsl_rng_free(rng);
    *mean_ratio = sum / R;
    double spread = sqrt(fmax(sum2 / R - *mean_ratio * *mean_ratio, 0));
    *err_over_spread = sum_err / R / spread;
    print_message("  spread of D/truth %.4f over %d replicas, mean stderr %.4f\n", spread, R,
                  sum_err / R);
    return (double)hit / R;
}

/* Brownian particles in cosine wells 1.5 kT deep (per component): the MSD
 * rises fast inside a well, flattens (the cage) and then grows with
 * D0 / I0(1.5)^2 = 0.35 D0. */
static void caged_brownian(void **state)
{
    (void)state;
    dyn_cage p = {.n = 48,
                  .frames = 800,
                  .D0 = 1e-9,
                  .barrier_kT = 1.5,
                  .period = 3e-10,
                  .frame_dt = 5e-12,
                  .substeps = 12};
    double truth = dyn_cage_truth(&p), ratio, rel;
    double c = coverage(make_cage, &p, p.n, p.frame_dt, truth, 11, &ratio, &rel);
    print_message("caged Brownian: coverage %.3f, mean D/truth %.4f, stderr/spread %.3f\n", c,
                  ratio, rel);
    assert_honest(c, rel);
}

/* Hops on a 2.5 A lattice at 0.05 per frame, half of them back-jumps
 * (f = 1/3), under a 0.15 A vibration: the slope falls from a^2 Gamma / 6 to
 * a third of it. An estimator weighted to the first lags would report up to
 * 3x the truth. */
static void correlated_hops_with_vibration(void **state)
{
    (void)state;
    dyn_hop p = {.n = 48,
                 .frames = 1500,
                 .a = 2.5e-10,
                 .rate = 0.05,
                 .back = 0.5,
                 .vib = 0.15e-10,
                 .vib_frames = 2,
                 .frame_dt = 1e-13};
    double truth = dyn_hop_truth(&p), ratio, rel;
    double c = coverage(make_hop, &p, p.n, p.frame_dt, truth, 22, &ratio, &rel);
    print_message("correlated hops + vibration: coverage %.3f, mean D/truth %.4f, stderr/spread "
                  "%.3f\n",
                  c, ratio, rel);
    assert_honest(c, rel);
}

/* Atoms vibrating about fixed sites: reported as not diffusive (D = 0 is
 * never significantly positive: at most the 2.5% of replicas a one-sided 95%
 * interval allows, plus 3 sd), with an upper bound at or above 0. */
static void vibrating_framework(void **state)
{
    (void)state;
    dyn_hop p = {.n = 24,
                 .frames = 1000,
                 .a = 2.5e-10,
                 .rate = 0,
                 .back = 0,
                 .vib = 0.15e-10,
                 .vib_frames = 3,
                 .frame_dt = 1e-13};
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 33);
    int R = replicas(), diffusive = 0;
    for (int k = 0; k < R; k++) {
        haven_store *s = make_framework(rng, &p);
        haven_dfit_result r;
        assert_int_equal(dyn_fit(s, p.n, p.frame_dt, &r), HAVEN_OK);
        haven_store_free(s);
        diffusive += r.diffusive;
        assert_true(r.D_upper95 >= 0);
        assert_true(r.D.lo <= 0 || r.diffusive);
    }
    gsl_rng_free(rng);
    double frac = (double)diffusive / R;
    print_message("vibrating framework: reported diffusive in %.3f of replicas\n", frac);
    assert_true(R < 50 || frac <= 0.025 + 3 * sqrt(0.025 * 0.975 / R));
}

static haven_store *make_pairs(gsl_rng *rng, const void *p)
{
    return dyn_pairs_store(rng, p);
}

/* Bound pairs moving together (walker correlation g = 2): an estimator that
 * took the atoms as independent would report errors sqrt(2) too small
 * (coverage ~83%); the measured correlation of the walkers restores it. */
static void correlated_pairs(void **state)
{
    (void)state;
    dyn_pairs p = {.n = 48,
                   .frames = 800,
                   .step = 0.2e-10,
                   .bond = 2.5e-10,
                   .vib = 0.1e-10,
                   .frame_dt = 1e-13};
    double truth = dyn_pairs_truth(&p), ratio, rel;
    double c = coverage(make_pairs, &p, p.n, p.frame_dt, truth, 44, &ratio, &rel);
    print_message("correlated pairs: coverage %.3f, mean D/truth %.4f, stderr/spread %.3f\n", c,
                  ratio, rel);
    assert_honest(c, rel);
}

/* Sub-diffusive walkers (fractional Brownian motion, H = 0.3: MSD ~ t^0.6,
 * no finite D): never a confident, unflagged D. Every replica is flagged
 * (curved MSD, log-log slope not 1, not determined) or not diffusive. */
static void subdiffusive_flagged(void **state)
{
    (void)state;
    dyn_fbm p = {.n = 32, .frames = 600, .hurst = 0.3, .step = 0.3e-10, .frame_dt = 1e-13};
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 55);
    int R = replicas() < 40 ? replicas() : 40, flagged = 0;
    for (int k = 0; k < R; k++) {
        haven_store *s = dyn_fbm_store(rng, &p);
        haven_dfit_result r;
        assert_int_equal(dyn_fit(s, p.n, p.frame_dt, &r), HAVEN_OK);
        haven_store_free(s);
        flagged += !r.diffusive || !r.determined ||
                   (r.warnings & (HAVEN_DFIT_WARN_CURVED | HAVEN_DFIT_WARN_SLOPE |
                                  HAVEN_DFIT_WARN_UNDETERMINED)) != 0;
    }
    gsl_rng_free(rng);
    print_message("sub-diffusive walkers: flagged in %d of %d replicas\n", flagged, R);
    assert_int_equal(flagged, R);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(caged_brownian),       cmocka_unit_test(correlated_hops_with_vibration),
        cmocka_unit_test(vibrating_framework),  cmocka_unit_test(correlated_pairs),
        cmocka_unit_test(subdiffusive_flagged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
