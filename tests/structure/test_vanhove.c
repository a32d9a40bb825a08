/* van Hove functions against exact results: Gaussian random walkers (free
 * diffusion: F_s = exp(-Q^2 s^2 / 2) with s^2 the per-component variance,
 * G_s Gaussian, KWW beta = 1 and tau = 1/(D Q^2)); the RDF of a vibrating
 * simple cubic lattice (6 neighbours within 3.6 A, 18 within 4.5 A, exactly)
 * and of an ideal gas (1); Chudley-Elliott at small Q is free diffusion
 * with D = Gamma a^2 / 6; bad inputs. */
#include "haven/vanhove.h"

#include "check.h"
#include "walkers.h"

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
#define PI 3.14159265358979323846

static void test_free_diffusion(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 3);
    const double sigma = 0.2 * A, dt = 1e-12;
    const size_t N = 300, T = 600;
    /* a small memory budget: the store spills to disk, the out-of-core path */
    haven_store *s = walkers_store(rng, N, T, sigma, 1.0, 64 * 1024);
    assert_non_null(s);
    assert_true(haven_store_spilled(s));
    int *group = malloc(N * sizeof *group);
    for (size_t i = 0; i < N; i++)
        group[i] = 1;
    double q[3] = {0.5 / A, 1.0 / A, 2.0 / A};
    haven_vanhove_options o;
    haven_vanhove_options_init(&o);
    o.q = q, o.n_q = 3, o.r_max = 10 * A, o.n_bins = 100, o.origin_stride = 3;
    haven_vanhove_self v;
    assert_int_equal(haven_vanhove_self_compute(s, group, dt, &o, &v), HAVEN_OK);
    assert_int_equal(v.n_atoms, N);
    assert_int_equal(v.lag[0], 1);
    assert_int_equal(v.lag[v.n_lags - 1], T / 2);
    for (size_t k = 0; k < 3; k++)
        for (size_t l = 0; l < v.n_lags; l++) {
            double s2 = sigma * sigma * (double)v.lag[l];
            double exact = exp(-q[k] * q[k] * s2 / 2), f = v.fs[k * v.n_lags + l];
            /* 4 standard errors over atoms, plus 1e-3 for the neighbouring
             * atoms' shared origins (not in the error) */
            assert_abs(f, exact, 4 * v.fs_err[k * v.n_lags + l] + 1e-3);
        }
    /* KWW of free diffusion: a pure exponential, tau = 1/(D Q^2) */
    double D = sigma * sigma / (2 * dt);
    for (size_t k = 0; k < 2; k++) {
        assert_true(v.kww_ok[k]);
        assert_rel(v.kww[k].param[2].value, 1.0, 0.05);
        assert_rel(v.kww[k].param[1].value, 1 / (D * q[k] * q[k]), 0.05);
    }
    /* G_s: normalised, and Gaussian at a lag of 25 frames (s = 1 A) */
    size_t l = 0;
    while (v.lag[l] < 25)
        l++;
    double norm = 0, s2 = sigma * sigma * (double)v.lag[l];
    for (size_t b = 0; b < v.n_bins; b++) {
        double r0 = b * v.dr, r1 = r0 + v.dr, g = v.gs[l * v.n_bins + b];
        norm += g * 4.0 / 3.0 * PI * (r1 * r1 * r1 - r0 * r0 * r0);
        double r = 0.5 * (r0 + r1), exact = pow(2 * PI * s2, -1.5) * exp(-r * r / (2 * s2));
        if (r > 0.5 * sqrt(s2) && r < 2.5 * sqrt(s2))
            assert_rel(g, exact, 0.1);
    }
    assert_rel(norm, 1.0, 1e-9);
    haven_vanhove_self_clear(&v);
    for (size_t i = 0; i < N; i++)
        group[i] = 0;
    assert_int_equal(haven_vanhove_self_compute(s, group, dt, &o, &v), HAVEN_ERR_ARG);
    free(group);
    haven_store_free(s);
    gsl_rng_free(rng);
}

/* n x n x n sites, a = 3 A, each atom vibrating 0.05 A (mode 0), or
 * n^3 atoms anywhere (mode 1, an ideal gas). */
static void write_lattice(const char *path, int n, size_t frames, int gas)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 5);
    FILE *fp = fopen(path, "w");
    double L = 3.0 * n;
    for (size_t f = 0; f < frames; f++) {
        fprintf(fp, "%d\nLattice=\"%g 0 0 0 %g 0 0 0 %g\" Properties=species:S:1:pos:R:3 Time=%zu\n",
                n * n * n, L, L, L, 10 * f);
        for (int i = 0; i < n * n * n; i++) {
            int c[3] = {i / (n * n), (i / n) % n, i % n};
            double x[3];
            for (int k = 0; k < 3; k++)
                x[k] = gas ? L * gsl_rng_uniform(rng) : 3.0 * c[k] + gsl_ran_gaussian(rng, 0.05);
            fprintf(fp, "Li %.6f %.6f %.6f\n", x[0], x[1], x[2]);
        }
    }
    fclose(fp);
    gsl_rng_free(rng);
}

static haven_status rdf(const char *path, double r_max, haven_vanhove_distinct *v)
{
    haven_traj *t;
    assert_int_equal(haven_traj_open(path, NULL, &t), HAVEN_OK);
    int *sel = malloc(haven_traj_n_atoms(t) * sizeof *sel);
    for (size_t i = 0; i < haven_traj_n_atoms(t); i++)
        sel[i] = 1;
    haven_vanhove_options o;
    haven_vanhove_options_init(&o);
    o.r_max = r_max, o.n_bins = 100;
    haven_status s = haven_vanhove_distinct_compute(t, sel, sel, &o, v);
    free(sel);
    haven_traj_free(t);
    return s;
}

static void test_rdf(void **state)
{
    (void)state;
    char path[] = "/tmp/haven_rdf_XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    write_lattice(path, 4, 20, 0);
    haven_vanhove_distinct v;
    assert_int_equal(rdf(path, 5.9 * A, &v), HAVEN_OK);
    assert_int_equal(v.n_lags, 1);
    assert_int_equal(v.lag[0], 0);
    size_t b36 = (size_t)(3.6 / 0.059), b45 = (size_t)(4.5 / 0.059);
    assert_rel(v.coordination[b36], 6.0, 1e-12);
    assert_rel(v.coordination[b45], 18.0, 1e-12);
    haven_vanhove_distinct_clear(&v);
    /* r_max beyond half the 12 A cell */
    assert_int_equal(rdf(path, 6.5 * A, &v), HAVEN_ERR_ARG);
    assert_non_null(strstr(haven_last_error(), "exceeds half the cell width"));

    write_lattice(path, 5, 200, 1);
    assert_int_equal(rdf(path, 7.0 * A, &v), HAVEN_OK);
    double mean = 0;
    size_t n = 0;
    for (size_t b = 30; b < 100; b++, n++)
        mean += v.gd[b];
    /* 125 atoms x 200 frames: ~3e5 pairs per A^3 shell volume; 2% */
    assert_rel(mean / (double)n, 1.0, 0.02);
    haven_vanhove_distinct_clear(&v);
    unlink(path);
}

static void test_chudley_elliott(void **state)
{
    (void)state;
    double a = 3 * A, G = 1e9, t = 2e-9;
    double q = 0.01 / A, D = G * a * a / 6;
    assert_rel(haven_chudley_elliott(q, a, G, t), exp(-D * q * q * t), 1e-6);
    /* at Q a = pi the powder average sin(Qa)/(Qa) vanishes: every jump
     * decorrelates, F_s = exp(-Gamma t) */
    assert_rel(haven_chudley_elliott(PI / a, a, G, t), exp(-G * t), 1e-12);
}

/* The powder average of cos(Q . a) over directions is sin(Qa)/(Qa) for any
 * a, so to first order in Gamma t the lattice form equals the isotropic
 * one; and the lattice's jump vectors have length a. */
static void test_chudley_elliott_powder(void **state)
{
    (void)state;
    double jumps[12][3], a = 3 * A;
    static const char *const names[3] = {"sc", "bcc", "fcc"};
    static const size_t counts[3] = {6, 8, 12};
    for (int k = 0; k < 3; k++) {
        size_t n = haven_cubic_jumps(names[k], a, jumps);
        assert_int_equal(n, counts[k]);
        for (size_t j = 0; j < n; j++)
            assert_rel(sqrt(jumps[j][0] * jumps[j][0] + jumps[j][1] * jumps[j][1] +
                            jumps[j][2] * jumps[j][2]),
                       a, 1e-12);
        for (double q = 0.2 / A; q < 3 / A; q += 0.4 / A) {
            double gt = 1e-7, qa = q * a;
            double lin = (1 - haven_chudley_elliott_powder(q, (const double(*)[3])jumps, n, gt, 1)) / gt;
            assert_rel(lin, 1 - sin(qa) / qa, 1e-5);
        }
    }
    assert_int_equal(haven_cubic_jumps("hcp", a, jumps), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_free_diffusion),
        cmocka_unit_test(test_rdf),
        cmocka_unit_test(test_chudley_elliott),
        cmocka_unit_test(test_chudley_elliott_powder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
