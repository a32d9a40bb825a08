/* Distribution of relaxation times against spectra with known DRTs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "haven/eis.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.14159265358979323846
#define NF 81 /* 10 per decade, 10 mHz .. 1 MHz */

static void freqs(double *f)
{
    for (size_t i = 0; i < NF; i++)
        f[i] = 1e-2 * pow(10.0, (double)i / 10.0);
}

/* Relative Gaussian noise sd * |Z| on both parts, fixed seed. */
static void add_noise(double *zr, double *zi, double sd, unsigned long seed)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    for (size_t i = 0; i < NF; i++) {
        double m = sd * hypot(zr[i], zi[i]);
        zr[i] += gsl_ran_gaussian(rng, m);
        zi[i] += gsl_ran_gaussian(rng, m);
    }
    gsl_rng_free(rng);
}

/* R_inf = 20 ohm, R1 = 100 ohm at tau1 = 1e-5 s, R2 = 300 ohm at tau2 = 1e-2 s. */
static void two_rc(haven_eis_data *d, double noise)
{
    double f[NF], zr[NF], zi[NF];
    freqs(f);
    for (size_t i = 0; i < NF; i++) {
        double w = 2 * PI * f[i], a = w * 1e-5, b = w * 1e-2;
        zr[i] = 20 + 100 / (1 + a * a) + 300 / (1 + b * b);
        zi[i] = -100 * a / (1 + a * a) - 300 * b / (1 + b * b);
    }
    add_noise(zr, zi, noise, 42);
    assert_int_equal(haven_eis_data_set(d, f, zr, zi, NF), HAVEN_OK);
}

static void check_two_peaks(const haven_eis_drt_result *r)
{
    assert_int_equal(r->n_peaks, 2);
    /* a regularised delta peak is smeared over ~1 decade; its centroid
     * stays within a factor 1.5 of the true tau */
    assert_true(r->peaks[0].tau.value > 1e-5 / 1.5 && r->peaks[0].tau.value < 1e-5 * 1.5);
    assert_true(r->peaks[1].tau.value > 1e-2 / 1.5 && r->peaks[1].tau.value < 1e-2 * 1.5);
    /* areas within 10%: 0.5% noise gives ~1% scatter, the rest is allowed for
     * the tails the penalty moves between neighbouring peaks */
    assert_true(fabs(r->peaks[0].r.value - 100) < 10);
    assert_true(fabs(r->peaks[1].r.value - 300) < 30);
    assert_true(fabs(r->r_inf.value - 20) < 1); /* 5% */
}

static void test_two_rc_gcv(void **state)
{
    (void)state;
    haven_eis_data d;
    two_rc(&d, 0.005);
    haven_eis_drt_options o;
    haven_eis_drt_options_default(&o);
    o.method = HAVEN_EIS_DRT_GCV;
    haven_eis_drt_result r;
    assert_int_equal(haven_eis_drt(&d, &o, &r), HAVEN_OK);
    check_two_peaks(&r);
    /* GCV should balance fit and smoothness: residuals at the noise level
     * (0.5% of |Z| per part, within a factor 1.5 either way) and lambda
     * strictly inside the search range 1e-10..1e2 */
    assert_true(r.residual_rms > 0.005 / 1.5 && r.residual_rms < 0.005 * 1.5);
    assert_true(r.lambda > 1e-9 && r.lambda < 10);
    /* the stated errors cover the area scatter: R1 within 4 sigma + 2% */
    assert_true(r.peaks[0].r.err > 0 && fabs(r.peaks[0].r.value - 100) < 4 * r.peaks[0].r.err + 2);
    haven_eis_drt_result_free(&r);
    haven_eis_data_free(&d);
}

static void test_two_rc_lcurve_first_order(void **state)
{
    (void)state;
    haven_eis_data d;
    two_rc(&d, 0.005);
    haven_eis_drt_options o;
    haven_eis_drt_options_default(&o);
    o.method = HAVEN_EIS_DRT_LCURVE;
    o.order = 1;
    haven_eis_drt_result r;
    assert_int_equal(haven_eis_drt(&d, &o, &r), HAVEN_OK);
    check_two_peaks(&r);
    haven_eis_drt_result_free(&r);
    haven_eis_data_free(&d);
}

/* Exact data and small fixed lambda: the model must reproduce the spectrum. */
static void test_fixed_lambda_reproduces(void **state)
{
    (void)state;
    haven_eis_data d;
    two_rc(&d, 0.0);
    haven_eis_drt_options o;
    haven_eis_drt_options_default(&o);
    o.method = HAVEN_EIS_DRT_FIXED;
    o.lambda = 1e-9;
    haven_eis_drt_result r;
    assert_int_equal(haven_eis_drt(&d, &o, &r), HAVEN_OK);
    assert_true(r.lambda == 1e-9);
    /* total resistance R1 + R2 = 400 ohm is the DC limit, which the data
     * pin down: 1% */
    assert_true(fabs(r.r_pol - 400) < 4);
    /* 0.1% of |Z|: the piecewise-constant gamma at 10 points per decade
     * leaves ~3e-4 where an RC sits between grid points */
    for (size_t i = 0; i < NF; i++)
        assert_true(hypot(r.zre_fit[i] - d.zre[i], r.zim_fit[i] - d.zim[i]) <
                    1e-3 * hypot(d.zre[i], d.zim[i]));
    haven_eis_drt_result_free(&r);
    haven_eis_data_free(&d);
}

/* R0 + (R || CPE) with alpha = 0.8: the analytic DRT (Havriliak-Negami with
 * beta = 1, i.e. Cole-Cole) is one symmetric peak in ln tau centred on
 * tau0 = (R Q)^(1/alpha) with area R. */
static void test_cpe_broad_peak(void **state)
{
    (void)state;
    double f[NF], zr[NF], zi[NF], R = 200, tau0 = 1e-3, alpha = 0.8;
    freqs(f);
    for (size_t i = 0; i < NF; i++) {
        /* Z = 10 + R / (1 + (j w tau0)^alpha) = 10 + R / (mre + j mim) */
        double x = alpha * log(2 * PI * f[i] * tau0);
        double mre = 1 + exp(x) * cos(alpha * PI / 2), mim = exp(x) * sin(alpha * PI / 2);
        double den = mre * mre + mim * mim;
        zr[i] = 10 + R * mre / den;
        zi[i] = -R * mim / den;
    }
    add_noise(zr, zi, 0.002, 7);
    haven_eis_data d;
    assert_int_equal(haven_eis_data_set(&d, f, zr, zi, NF), HAVEN_OK);
    haven_eis_drt_result r;
    assert_int_equal(haven_eis_drt(&d, NULL, &r), HAVEN_OK);
    assert_int_equal(r.n_peaks, 1);
    assert_true(fabs(r.peaks[0].r.value - R) < 0.05 * R); /* area: 5% */
    assert_true(r.peaks[0].tau.value > tau0 / 1.5 && r.peaks[0].tau.value < tau0 * 1.5);
    /* broadened: the Cole-Cole DRT gamma(s) = R sin(b)/(2 pi (cosh(alpha s) -
     * cos b)), s = ln(tau/tau0), b = (1 - alpha) pi, peaks at s = 0 with
     * R sin b / (2 pi (1 - cos b)) = 97.9 ohm and is at half height where
     * cosh(alpha s) = 2 - cos b: s = +-0.752, a full width of 0.65 decades. Width within 0.45..1.0
     * decades (grid 0.1, plus smoothing; an RC gives ~0.3 here) and height within 20%. */
    size_t apex = 0, lo, hi;
    for (size_t k = 0; k < r.n_tau; k++)
        if (r.gamma[k] > r.gamma[apex])
            apex = k;
    double half = 0.5 * r.gamma[apex];
    for (lo = apex; lo > 0 && r.gamma[lo - 1] > half; lo--)
        ;
    for (hi = apex; hi + 1 < r.n_tau && r.gamma[hi + 1] > half; hi++)
        ;
    double width = (double)(hi - lo + 1) * r.dlnt / log(10.0);
    assert_true(width > 0.45 && width < 1.0);
    assert_true(fabs(r.gamma[apex] - 97.9) < 0.2 * 97.9);
    haven_eis_drt_result_free(&r);
    haven_eis_data_free(&d);
}

/* Series inductance L = 2 uH (w L = 12.6 ohm at 1 MHz, an inductive tail
 * at high frequency) on the two-RC spectrum: fitted L within 5% and the
 * peaks as without it; without the L column the fit cannot follow Z'' > 0. */
static void test_inductance(void **state)
{
    (void)state;
    haven_eis_data d;
    two_rc(&d, 0.0);
    for (size_t i = 0; i < NF; i++)
        d.zim[i] += 2 * PI * d.freq[i] * 2e-6;
    haven_eis_drt_options o;
    haven_eis_drt_options_default(&o);
    o.inductance = 1;
    o.method = HAVEN_EIS_DRT_FIXED;
    o.lambda = 1e-6;
    haven_eis_drt_result r;
    assert_int_equal(haven_eis_drt(&d, &o, &r), HAVEN_OK);
    assert_true(fabs(r.inductance - 2e-6) < 0.05 * 2e-6);
    check_two_peaks(&r);
    double with_l = r.residual_rms;
    haven_eis_drt_result_free(&r);
    o.inductance = 0; /* auto: Z'' > 0 at the top frequency, so L is fitted */
    assert_int_equal(haven_eis_drt(&d, &o, &r), HAVEN_OK);
    assert_true(r.inductance_fitted);
    assert_true(fabs(r.residual_rms - with_l) <= 1e-12);
    haven_eis_drt_result_free(&r);
    o.inductance = -1;
    assert_int_equal(haven_eis_drt(&d, &o, &r), HAVEN_OK);
    assert_false(r.inductance_fitted);
    assert_true(r.residual_rms > 5 * with_l);
    haven_eis_drt_result_free(&r);
    haven_eis_data_free(&d);
}

/* Two Zarc arcs (R 100 and 200 ohm, tau 1e-4 and 1e-1 s, a 0.9 and 0.85)
 * with 0.5% noise: every lambda rule gives two measured peaks at the arcs'
 * tau, and the peaks match the arcs of the circuit fitted to the same
 * spectrum. A Zarc's DRT is symmetric in ln tau about its tau, so the
 * log-centroid estimates it; 15% allows for the smoothing (L-curve: 6% and
 * 10% on this spectrum) and the noise. */
static void test_two_arcs_match_circuit(void **state)
{
    (void)state;
    double f[NF], zr[NF], zi[NF], p[7] = {10, 100, 1e-4, 0.9, 200, 1e-1, 0.85};
    freqs(f);
    haven_eis_circuit *c;
    assert_int_equal(haven_eis_circuit_parse("R0-Zarc1-Zarc2", &c), HAVEN_OK);
    haven_eis_circuit_eval(c, p, f, NF, zr, zi, NULL);
    add_noise(zr, zi, 0.005, 7);
    haven_eis_data d;
    assert_int_equal(haven_eis_data_set(&d, f, zr, zi, NF), HAVEN_OK);
    haven_eis_fit_options fo;
    haven_eis_fit_options_default(&fo);
    haven_eis_fit_result fit;
    assert_int_equal(haven_eis_fit(c, &d, &fo, &fit), HAVEN_OK);
    haven_eis_arc arcs[2];
    assert_int_equal(haven_eis_arcs(c, &fit, 0, 0, arcs, 2), 2);
    for (int m = 0; m < HAVEN_EIS_DRT_N_METHODS; m++) {
        if (m == HAVEN_EIS_DRT_FIXED)
            continue;
        haven_eis_drt_options o;
        haven_eis_drt_options_default(&o);
        o.method = (haven_eis_drt_method)m;
        haven_eis_drt_result r;
        assert_int_equal(haven_eis_drt(&d, &o, &r), HAVEN_OK);
        print_message("method %s: lambda %.3g, peaks %zu: %.4g s %.4g ohm, %.4g s %.4g ohm\n",
                      haven_eis_drt_method_name(o.method), r.lambda, r.n_peaks,
                      r.peaks[0].tau.value, r.peaks[0].r.value, r.n_peaks > 1 ? r.peaks[1].tau.value : 0,
                      r.n_peaks > 1 ? r.peaks[1].r.value : 0);
        assert_int_equal(r.n_peaks, 2);
        for (int k = 0; k < HAVEN_EIS_DRT_N_METHODS; k++)
            assert_true(k == HAVEN_EIS_DRT_FIXED || r.lambda_by_method[k] > 0);
        assert_int_equal(r.method, o.method);
        assert_true(fabs(r.peaks[0].tau.value / 1e-4 - 1) < 0.15);
        assert_true(fabs(r.peaks[1].tau.value / 1e-1 - 1) < 0.15);
        assert_false(r.peaks[0].extrapolated || r.peaks[1].extrapolated);
        long pk[2];
        haven_eis_drt_match(&r, arcs, 2, 0, pk);
        assert_int_equal(pk[0], 0);
        assert_int_equal(pk[1], 1);
        haven_eis_drt_result_free(&r);
    }
    haven_eis_fit_result_free(&fit);
    haven_eis_circuit_free(c);
    haven_eis_data_free(&d);
}

/* impedance.py's exampleData (a Li-ion cell, 3 mHz..10 kHz, inductive at
 * the top, a diffusion tail at the bottom). GCV once gave a single peak at
 * 126 s, beyond the lowest measured frequency, hiding the two arcs. Now:
 * the inductance is fitted automatically, every peak whose tau is outside
 * the measured window is flagged extrapolated, and with every rule the two
 * arcs are measured peaks: within a factor 2 in tau of the arcs of
 * impedance.py's circuit for this file, L0-R0-p(R1,C1)-p(R2-Wo1,C2), fitted
 * by haven (`haven eis fit exampleData.csv --circuit ...`: R1 C1 = 6.4e-4 s,
 * R2 C2 = 2.1e-2 s). A factor 2 because the data-driven rules (GCV, mGCV,
 * rGCV, re-im, ML) resolve the faster arc into a pair of peaks around
 * 2.2e-4 and 9.4e-4 s and the diffusion tail into a series of small ones
 * (docs/eis.md), and the L-curve merges them into one at 3.5e-4 s. */
static void test_example_data_window(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/eis/exampleData.csv", HAVEN_SHARED_DATA);
    haven_eis_data d;
    if (haven_eis_read(path, NULL, HAVEN_EIS_SIGN_AUTO, &d) != HAVEN_OK) {
        print_message("skipping %s (shared data not present)\n", path);
        return;
    }
    for (int m = 0; m < HAVEN_EIS_DRT_N_METHODS; m++) {
        if (m == HAVEN_EIS_DRT_FIXED)
            continue;
        haven_eis_drt_options o;
        haven_eis_drt_options_default(&o);
        o.method = (haven_eis_drt_method)m;
        haven_eis_drt_result r;
        assert_int_equal(haven_eis_drt(&d, &o, &r), HAVEN_OK);
        assert_true(r.inductance_fitted);
        size_t inside = 0;
        int arc[2] = {0, 0};
        const double arc_tau[2] = {6.4e-4, 2.1e-2};
        for (size_t p = 0; p < r.n_peaks; p++) {
            double t = r.peaks[p].tau.value;
            int out = t < r.tau_window[0] || t > r.tau_window[1];
            assert_int_equal(r.peaks[p].extrapolated, out);
            inside += !out;
            for (int a = 0; a < 2; a++)
                arc[a] |= !out && fabs(log(t / arc_tau[a])) < log(2.0);
        }
        print_message("method %s: lambda %.3g, %zu peaks, %zu inside the window:",
                      haven_eis_drt_method_name(r.method), r.lambda, r.n_peaks, inside);
        for (size_t p = 0; p < r.n_peaks; p++)
            print_message(" %.3g s (%.3g ohm)", r.peaks[p].tau.value, r.peaks[p].r.value);
        print_message("\n");
        assert_true(arc[0] && arc[1]);
        haven_eis_drt_result_free(&r);
    }
    haven_eis_data_free(&d);
}

/* Spectra drawn from the prior the penalty stands for: gamma on haven's own
 * tau grid (10 per decade, one decade beyond the data at each end) a random
 * walk in ln tau with steps N(0, s^2 dlnt / lambda0) (first-order penalty,
 * unit weights: the objective is ||Z_model - Z||^2 + lambda integral
 * (d gamma / d ln tau)^2 in ohm^2), data noise N(0, s^2) on both parts.
 * The posterior mean is then the ridge solution at lambda0 itself, so the
 * marginal likelihood (ML), whose model this is, must find lambda0: over 6
 * draws the geometric mean within a factor 1.5 (one draw scatters by about
 * a factor 2 with 162 data rows; found: 1.00). GCV and re-im aim at the best
 * prediction, also lambda0 in expectation, but scatter more (a factor 3;
 * found 2.1 and 0.5). mGCV and rGCV multiply GCV by a factor that falls
 * with lambda ((n - tr H)^2 / (n - rho tr H)^2, xi + (1 - xi) tr H^2 / n),
 * so their minimum can only lie at a larger lambda than GCV's (checked per
 * draw, to the 5% of the Brent refinement), and their smoothing bias is
 * bounded here by a factor 8 (found 5.3 and 4.5). The L-curve has no
 * such target and is not tested here. */
static void prior_draw_lambdas(double lambda0, unsigned long seed, double *by)
{
    double f[NF], zr[NF], zi[NF], s = 1.0;
    freqs(f);
    double lt0 = log(0.1 / (2 * PI * f[NF - 1])), lt1 = log(10.0 / (2 * PI * f[0]));
    size_t nt = (size_t)ceil((lt1 - lt0) / log(10.0) * 10) + 1;
    double dlnt = (lt1 - lt0) / (double)(nt - 1), g[nt];
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    g[0] = 50;
    for (size_t k = 1; k < nt; k++)
        g[k] = g[k - 1] + gsl_ran_gaussian(rng, s * sqrt(dlnt / lambda0));
    for (size_t i = 0; i < NF; i++) {
        zr[i] = 10 + gsl_ran_gaussian(rng, s);
        zi[i] = gsl_ran_gaussian(rng, s);
        for (size_t k = 0; k < nt; k++) {
            double wt = 2 * PI * f[i] * exp(lt0 + (double)k * dlnt);
            zr[i] += g[k] * dlnt / (1 + wt * wt);
            zi[i] -= g[k] * dlnt * wt / (1 + wt * wt);
        }
    }
    gsl_rng_free(rng);
    haven_eis_data d;
    assert_int_equal(haven_eis_data_set(&d, f, zr, zi, NF), HAVEN_OK);
    haven_eis_drt_options o;
    haven_eis_drt_options_default(&o);
    o.order = 1;
    o.inductance = -1;
    o.weight = HAVEN_EIS_WEIGHT_UNIT;
    haven_eis_drt_result r;
    assert_int_equal(haven_eis_drt(&d, &o, &r), HAVEN_OK);
    assert_true(r.lambda == r.lambda_by_method[o.method]);
    memcpy(by, r.lambda_by_method, sizeof r.lambda_by_method);
    haven_eis_drt_result_free(&r);
    haven_eis_data_free(&d);
}

static void test_lambda_rules_on_prior_draws(void **state)
{
    (void)state;
    const haven_eis_drt_method rules[] = {HAVEN_EIS_DRT_GCV, HAVEN_EIS_DRT_MGCV, HAVEN_EIS_DRT_RGCV,
                                          HAVEN_EIS_DRT_REIM, HAVEN_EIS_DRT_ML};
    const double lambda0 = 1e-2;
    double by[6][HAVEN_EIS_DRT_N_METHODS];
    for (unsigned long seed = 1; seed <= 6; seed++)
        prior_draw_lambdas(lambda0, seed, by[seed - 1]);
    for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
        double sl = 0;
        print_message("%s:", haven_eis_drt_method_name(rules[i]));
        for (int k = 0; k < 6; k++) {
            print_message(" %.3g", by[k][rules[i]]);
            sl += log(by[k][rules[i]] / lambda0) / 6;
        }
        print_message(" -> geometric mean %.3g x lambda0\n", exp(sl));
        if (rules[i] == HAVEN_EIS_DRT_ML)
            assert_true(fabs(sl) < log(1.5));
        else if (rules[i] == HAVEN_EIS_DRT_GCV || rules[i] == HAVEN_EIS_DRT_REIM)
            assert_true(fabs(sl) < log(3.0));
        else
            assert_true(sl > 0 && sl < log(8.0));
        for (int k = 0; k < 6; k++)
            assert_true(rules[i] == HAVEN_EIS_DRT_REIM || rules[i] == HAVEN_EIS_DRT_ML ||
                        by[k][rules[i]] >= 0.95 * by[k][HAVEN_EIS_DRT_GCV]);
    }
}

static void test_bad_input(void **state)
{
    (void)state;
    double f[9], zr[9], zi[9];
    for (int i = 0; i < 9; i++) {
        f[i] = pow(10.0, i);
        zr[i] = 10;
        zi[i] = -1;
    }
    haven_eis_data d;
    assert_int_equal(haven_eis_data_set(&d, f, zr, zi, 9), HAVEN_OK);
    haven_eis_drt_result r;
    assert_int_equal(haven_eis_drt(&d, NULL, &r), HAVEN_ERR_DATA);
    assert_non_null(strstr(haven_last_error(), "10"));
    haven_eis_data_free(&d);
    two_rc(&d, 0);
    haven_eis_drt_options o;
    haven_eis_drt_options_default(&o);
    o.order = 3;
    assert_int_equal(haven_eis_drt(&d, &o, &r), HAVEN_ERR_ARG);
    haven_eis_drt_options_default(&o);
    o.method = HAVEN_EIS_DRT_FIXED; /* lambda left at 0 */
    assert_int_equal(haven_eis_drt(&d, &o, &r), HAVEN_ERR_ARG);
    haven_eis_drt_result_free(NULL);
    haven_eis_data_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_rc_gcv),
        cmocka_unit_test(test_two_rc_lcurve_first_order),
        cmocka_unit_test(test_fixed_lambda_reproduces),
        cmocka_unit_test(test_cpe_broad_peak),
        cmocka_unit_test(test_inductance),
        cmocka_unit_test(test_two_arcs_match_circuit),
        cmocka_unit_test(test_example_data_window),
        cmocka_unit_test(test_lambda_rules_on_prior_draws),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
