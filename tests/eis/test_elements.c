/* The circuit elements added for issue 16 (La, Gs, Zarc, K, TLM) against
 * their analytic limits and identities, their analytic Jacobians against
 * central differences, and what the fit does with them: canonical arc order,
 * bounds, manual arc assignment, the inductive warning. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "haven/eis.h"

#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.14159265358979323846
#define NF 9

static void log_freqs(double *f, size_t n, double lo, double hi)
{
    for (size_t i = 0; i < n; i++)
        f[i] = lo * pow(hi / lo, (double)i / (double)(n - 1));
}

static haven_eis_circuit *parse(const char *s)
{
    haven_eis_circuit *c = NULL;
    assert_int_equal(haven_eis_circuit_parse(s, &c), HAVEN_OK);
    return c;
}

/* Z of a circuit at one frequency. */
static double complex z_at(const haven_eis_circuit *c, const double *p, double f)
{
    double zr, zi;
    assert_int_equal(haven_eis_circuit_eval(c, p, &f, 1, &zr, &zi, NULL), HAVEN_OK);
    return zr + I * zi;
}

/* |a - b| <= tol |b| at every frequency of two circuits. */
static void assert_same(const char *ca, const double *pa, const char *cb, const double *pb,
                        double flo, double fhi, double tol)
{
    haven_eis_circuit *a = parse(ca), *b = parse(cb);
    double f[NF];
    log_freqs(f, NF, flo, fhi);
    for (int i = 0; i < NF; i++) {
        double complex za = z_at(a, pa, f[i]), zb = z_at(b, pb, f[i]);
        if (cabs(za - zb) > tol * cabs(zb))
            print_message("%s vs %s at %g Hz: %g%+gj vs %g%+gj\n", ca, cb, f[i], creal(za),
                          cimag(za), creal(zb), cimag(zb));
        assert_true(cabs(za - zb) <= tol * cabs(zb));
    }
    haven_eis_circuit_free(a);
    haven_eis_circuit_free(b);
}

/* Identities, exact up to rounding (tolerance 1e-12): Zarc(R, tau, a) is
 * p(R, CPE) with Q = tau^a / R; K(R, tau) is p(R, C) with C = tau / R;
 * La with a = 1 is an inductor. */
static void test_identities(void **state)
{
    (void)state;
    double R = 120, tau = 3e-4, a = 0.83;
    assert_same("Zarc1", (double[]){R, tau, a}, "p(R1,CPE1)",
                (double[]){R, pow(tau, a) / R, a}, 1e-2, 1e7, 1e-12);
    assert_same("K1", (double[]){R, tau}, "p(R1,C1)", (double[]){R, tau / R}, 1e-2, 1e7, 1e-12);
    assert_same("La1", (double[]){2e-6, 1.0}, "L1", (double[]){2e-6}, 1e-2, 1e7, 1e-12);
    /* La: |Z| = L w^a and phase a pi/2 for any a */
    haven_eis_circuit *c = parse("La1");
    double complex z = z_at(c, (double[]){3e-5, 0.7}, 1000);
    assert_true(fabs(cabs(z) - 3e-5 * pow(2 * PI * 1000, 0.7)) < 1e-12 * cabs(z));
    assert_true(fabs(carg(z) - 0.7 * PI / 2) < 1e-12);
    haven_eis_circuit_free(c);
}

/* Finite-length Gerischer: tanh(phi sqrt(u)) -> 1 for a long layer, so
 * Gs -> G (phi = 30: 1 - tanh = 2e-26, below rounding); for a thin layer
 * (phi -> 0) Z -> R / (phi u) = R/phi / (1 + j w tau), an RC with R' =
 * R/phi, to relative phi^2 |u| / 3 (phi = 1e-3, up to 1 kHz: 2.2e-6). */
static void test_gerischer_limits(void **state)
{
    (void)state;
    assert_same("Gs1", (double[]){50, 1e-3, 30}, "G1", (double[]){50, 1e-3}, 1e-2, 1e7, 1e-12);
    assert_same("Gs1", (double[]){50, 1e-3, 1e-3}, "K1", (double[]){5e4, 1e-3}, 1e-2, 1e3, 3e-6);
}

/* Transmission line (R_ion, R_ct, Q, a):
 * - DC: Z(0) = sqrt(R_ion R_ct) coth(sqrt(R_ion / R_ct)) exactly, which is
 *   R_ct + R_ion/3 for R_ion << R_ct; checked at 1e-10 Hz (w R_ct Q = 2e-10);
 * - high frequency: Z -> sqrt(R_ion / (Q (j w)^a)) once |g| >> 1 (here
 *   |g| ~ 300 at 1e8 Hz, error e^-600) up to the interface's resistive
 *   part, relative 1/(2 w R_ct Q) = 3e-9; for a = 1 a 45 degree line;
 * - R_ion -> 0: Z -> p(R_ct, CPE) + R_ion/3 to relative |g|^4/45 (g^2 =
 *   R_ion y; below 1e-9 up to 10 kHz here). */
static void test_tlm_limits(void **state)
{
    (void)state;
    double Ri = 40, Rc = 250, Q = 1e-3, a = 1.0;
    haven_eis_circuit *c = parse("TLM1");
    double p[4] = {Ri, Rc, Q, a};
    double complex z0 = z_at(c, p, 1e-10);
    double x = sqrt(Ri / Rc), dc = sqrt(Ri * Rc) / tanh(x);
    assert_true(cabs(z0 - dc) < 1e-8 * dc);
    assert_true(fabs(dc - (Rc + Ri / 3)) < 0.01 * dc); /* the textbook limit, to O(Ri/Rc) */
    double f = 1e8, w = 2 * PI * f;
    double complex zh = z_at(c, p, f), zw = csqrt(Ri / (Q * cpow(I * w, a)));
    assert_true(cabs(zh - zw) < 1e-8 * cabs(zw));
    assert_true(fabs(carg(zh) + PI / 4) < 1e-6);
    haven_eis_circuit_free(c);
    assert_same("TLM1", (double[]){3e-6, Rc, Q, 0.9}, "R0-p(R1,CPE1)",
                (double[]){1e-6, Rc, Q, 0.9}, 1e-3, 1e4, 1e-9);
}

/* Analytic derivatives of the new elements against central differences
 * (as test_jacobian in test_eis_fit.c). */
static void test_jacobian_new(void **state)
{
    (void)state;
    haven_eis_circuit *c = parse("R0-La1-p(R2,Gs2)-Zarc3-K4-TLM5");
    size_t np = haven_eis_circuit_n_params(c);
    assert_int_equal(np, 16);
    double p[16] = {5, 1e-5, 0.8, 100, 50, 1e-3, 1.5, 80, 1e-4, 0.85, 30, 1e-2, 40, 300, 1e-3, 0.9};
    enum { M = 8 };
    double f[M], zr[M], zi[M], jac[2 * M * 16];
    log_freqs(f, M, 1e-2, 1e6);
    haven_eis_circuit_eval(c, p, f, M, zr, zi, jac);
    for (size_t k = 0; k < np; k++) {
        double q[16], zr1[M], zi1[M], zr2[M], zi2[M], h = 1e-6 * p[k];
        memcpy(q, p, sizeof q);
        q[k] = p[k] + h;
        haven_eis_circuit_eval(c, q, f, M, zr1, zi1, NULL);
        q[k] = p[k] - h;
        haven_eis_circuit_eval(c, q, f, M, zr2, zi2, NULL);
        for (size_t i = 0; i < M; i++) {
            double dr = (zr1[i] - zr2[i]) / (2 * h), di = (zi1[i] - zi2[i]) / (2 * h);
            /* central differences with h = 1e-6 p: ~1e-9 relative; 1e-6 of
             * the derivative scale leaves room for cancellation */
            double scale = (fabs(dr) + fabs(di) + hypot(zr[i], zi[i]) / p[k]) * 1e-6;
            if (fabs(jac[i * np + k] - dr) > scale || fabs(jac[(M + i) * np + k] - di) > scale)
                print_message("%s f %g: %g %g vs %g %g\n", haven_eis_circuit_param_name(c, k),
                              f[i], jac[i * np + k], jac[(M + i) * np + k], dr, di);
            assert_true(fabs(jac[i * np + k] - dr) <= scale);
            assert_true(fabs(jac[(M + i) * np + k] - di) <= scale);
        }
    }
    assert_string_equal(haven_eis_circuit_param_unit(c, 1), "H s^(a-1)");
    assert_string_equal(haven_eis_circuit_param_name(c, 15), "TLM5_3");
    haven_eis_circuit_free(c);
}

static void spectrum(const char *circ, const double *p, size_t n, double flo, double fhi,
                     haven_eis_data *d)
{
    haven_eis_circuit *c = parse(circ);
    double f[64], zr[64], zi[64];
    log_freqs(f, n, flo, fhi);
    haven_eis_circuit_eval(c, p, f, n, zr, zi, NULL);
    assert_int_equal(haven_eis_data_set(d, f, zr, zi, n), HAVEN_OK);
    haven_eis_circuit_free(c);
}

/* Two arcs, the slow one written first: the fit reports R1 as the fast arc
 * (tau 1e-5 s) whatever order the truth was written in; keep_order leaves
 * the search's own order, which is the guess's (fast first) here too, so
 * only the values are compared. Exact data: 1e-6 relative. */
static void test_canonical_order(void **state)
{
    (void)state;
    const char *circ = "R0-p(R1,CPE1)-p(R2,CPE2)";
    double slow_first[7] = {10, 500, 1e-4, 0.9, 100, 1e-7, 0.95};
    haven_eis_data d;
    spectrum(circ, slow_first, 60, 1e-2, 1e7, &d);
    haven_eis_circuit *c = parse(circ);
    haven_eis_fit_options o;
    haven_eis_fit_options_default(&o);
    int has[7] = {1, 1, 1, 1, 1, 1, 1};
    o.initial = slow_first; /* start at the truth in the slow-first order */
    o.has_initial = has;
    o.max_starts = 1;
    haven_eis_fit_result r;
    assert_int_equal(haven_eis_fit(c, &d, &o, &r), HAVEN_OK);
    assert_true(fabs(r.value[1] - 100) < 1e-6 * 100);
    assert_true(fabs(r.value[4] - 500) < 1e-6 * 500);
    assert_true(fabs(r.value[6] - 0.9) < 1e-6);
    haven_eis_fit_result_free(&r);
    o.keep_order = 1;
    assert_int_equal(haven_eis_fit(c, &d, &o, &r), HAVEN_OK);
    assert_true(fabs(r.value[1] - 500) < 1e-6 * 500);
    haven_eis_fit_result_free(&r);
    haven_eis_circuit_free(c);
    haven_eis_data_free(&d);
}

/* Bounds: a box that holds the truth gives the unbounded answer (exact
 * data, 1e-6); one that excludes it leaves the parameter inside the box
 * (at its edge within 1e-3). */
static void test_bounds(void **state)
{
    (void)state;
    const char *circ = "R0-p(R1,C1)";
    double truth[3] = {10, 100, 1e-6};
    haven_eis_data d;
    spectrum(circ, truth, 40, 1e-1, 1e6, &d);
    haven_eis_circuit *c = parse(circ);
    haven_eis_fit_options o;
    haven_eis_fit_options_default(&o);
    double lo[3] = {NAN, 50, NAN}, hi[3] = {NAN, 400, NAN};
    o.lower = lo;
    o.upper = hi;
    haven_eis_fit_result r;
    assert_int_equal(haven_eis_fit(c, &d, &o, &r), HAVEN_OK);
    assert_true(fabs(r.value[1] - 100) < 1e-6 * 100);
    assert_false(r.at_bound[1]);
    haven_eis_fit_result_free(&r);
    lo[1] = 150;
    assert_int_equal(haven_eis_fit(c, &d, &o, &r), HAVEN_OK);
    assert_true(r.value[1] >= 150 * (1 - 1e-12) && r.value[1] < 150 * 1.001);
    assert_true(r.at_bound[1]);
    assert_false(r.at_bound[0] || r.at_bound[2]);
    haven_eis_fit_result_free(&r);
    lo[1] = 500; /* empty box */
    assert_int_equal(haven_eis_fit(c, &d, &o, &r), HAVEN_ERR_ARG);
    haven_eis_circuit_free(c);
    haven_eis_data_free(&d);
}

/* Zarc arcs are classified and ordered like p(R, CPE) ones; manual
 * assignment overrides the capacitance rule and rejects unknown names. */
static void test_assign(void **state)
{
    (void)state;
    haven_eis_circuit *c = parse("R0-Zarc1-Zarc2");
    double p[7] = {10, 200, 1e-3, 0.9, 100, 1e-9, 0.95};
    haven_eis_fit_result fit = {0};
    haven_estimate se[7] = {{0}};
    fit.n_params = 7;
    fit.value = p;
    fit.param = se;
    haven_eis_arc arcs[4];
    size_t n = haven_eis_arcs(c, &fit, 0, 0, arcs, 4);
    assert_int_equal(n, 2);
    /* C = tau / R: 5e-6 F electrode, 1e-11 F grain boundary */
    assert_true(fabs(arcs[0].capacitance - 5e-6) < 1e-18);
    assert_int_equal(arcs[0].kind, HAVEN_EIS_ARC_ELECTRODE);
    assert_int_equal(arcs[1].kind, HAVEN_EIS_ARC_GRAIN_BOUNDARY);
    assert_int_equal(haven_eis_arcs_assign(c, "Zarc2_0=bulk,Zarc1_0=gb", arcs, n), HAVEN_OK);
    assert_int_equal(arcs[1].kind, HAVEN_EIS_ARC_BULK);
    assert_int_equal(arcs[0].kind, HAVEN_EIS_ARC_GRAIN_BOUNDARY);
    assert_true(arcs[0].assigned && arcs[1].assigned);
    assert_int_equal(haven_eis_arcs_assign(c, "R0=bulk", arcs, n), HAVEN_ERR_ARG);
    assert_int_equal(haven_eis_arcs_assign(c, "Zarc1_0=core", arcs, n), HAVEN_ERR_ARG);
    assert_int_equal(haven_eis_arcs_assign(c, "Zarc1_0", arcs, n), HAVEN_ERR_ARG);
    assert_int_equal(haven_eis_circuit_n_params(c), 7);
    haven_eis_circuit_free(c);
}

/* R0-Gs1 (phi = 0.8) from the default guess: the fit once ended on the
 * phi -> infinity plateau (a plain Gerischer, chi2 0.12) in every start;
 * exact data must give the truth to 1e-6. */
static void test_gerischer_fit(void **state)
{
    (void)state;
    double truth[4] = {10, 100, 1e-3, 0.8};
    haven_eis_data d;
    spectrum("R0-Gs1", truth, 60, 1e-2, 1e6, &d);
    haven_eis_circuit *c = parse("R0-Gs1");
    haven_eis_fit_options o;
    haven_eis_fit_options_default(&o);
    haven_eis_fit_result r;
    assert_int_equal(haven_eis_fit(c, &d, &o, &r), HAVEN_OK);
    for (int k = 0; k < 4; k++)
        assert_true(fabs(r.value[k] / truth[k] - 1) < 1e-6);
    haven_eis_fit_result_free(&r);
    haven_eis_circuit_free(c);
    haven_eis_data_free(&d);
}

static int warned;
static void count_warning(const char *msg, void *user)
{
    (void)user;
    warned += strstr(msg, "inductive") != NULL;
}

/* Inductive points with a circuit that has no inductor: a warning; with
 * an L in the circuit: none. */
static void test_inductive_warning(void **state)
{
    (void)state;
    double p[4] = {10, 100, 1e-6, 1e-6};
    haven_eis_data d;
    spectrum("R0-p(R1,C1)-L2", p, 40, 1e-1, 1e7, &d);
    assert_true(haven_eis_n_inductive(&d) > 0);
    haven_set_warning_handler(count_warning, NULL);
    haven_eis_circuit *c = parse("R0-p(R1,C1)");
    haven_eis_fit_options o;
    haven_eis_fit_options_default(&o);
    haven_eis_fit_result r;
    warned = 0;
    assert_int_equal(haven_eis_fit(c, &d, &o, &r), HAVEN_OK);
    assert_int_equal(warned, 1);
    haven_eis_fit_result_free(&r);
    haven_eis_circuit_free(c);
    c = parse("R0-p(R1,C1)-L2");
    warned = 0;
    assert_int_equal(haven_eis_fit(c, &d, &o, &r), HAVEN_OK);
    assert_int_equal(warned, 0);
    haven_eis_fit_result_free(&r);
    haven_eis_circuit_free(c);
    haven_set_warning_handler(NULL, NULL);
    haven_eis_data_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identities),      cmocka_unit_test(test_gerischer_limits),
        cmocka_unit_test(test_tlm_limits),      cmocka_unit_test(test_jacobian_new),
        cmocka_unit_test(test_canonical_order), cmocka_unit_test(test_bounds),
        cmocka_unit_test(test_assign),          cmocka_unit_test(test_inductive_warning),
        cmocka_unit_test(test_gerischer_fit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
