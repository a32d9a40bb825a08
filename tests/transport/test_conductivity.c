/* Conductivity, Haven ratio, Onsager coefficients and transference numbers
 * against analytic models of correlated and uncorrelated ions. */
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
#include <string.h>

enum { NP = 50, N = 2 * NP, T = 16000 };

/* The collective displacement is one random walker, so its MSD has about
 * T / lag independent windows: a short window (lags 1-160, the model is
 * diffusive from the first step) gives ~100 of them and ~10% errors. */
#define WINDOW_END (160 * 1e-13)

typedef struct {
    haven_msd msd[2];
    haven_msd_collective coll;
    haven_dfit_result d[2];
    double count[2], charge[2];
} system_fit;

/* NP cation-anion pairs (atom 2k cation, 2k+1 anion). Each step a pair moves
 * together (one shared Gaussian step) with probability p, otherwise the two
 * take independent steps; anions' steps are scaled by `ratio`. With
 * remove_com the mass-weighted centre of mass is held fixed (masses 7, 35). */
static void simulate(gsl_rng *rng, double p, double ratio, int remove_com, system_fit *out)
{
    double(*pos)[3] = calloc(N, sizeof *pos), step = 1e-11, dt = 1e-13;
    haven_store *s;
    assert_int_equal(haven_store_create(N, 0, NULL, &s), HAVEN_OK);
    for (size_t i = 0; i < N; i++)
        for (int k = 0; k < 3; k++)
            pos[i][k] = 1e-9 * gsl_rng_uniform(rng);
    for (size_t t = 0; t < T; t++) {
        for (size_t k = 0; t > 0 && k < NP; k++) {
            int together = gsl_rng_uniform(rng) < p;
            for (int c = 0; c < 3; c++) {
                double a = gsl_ran_gaussian(rng, step);
                double b = together ? a : gsl_ran_gaussian(rng, step * ratio);
                pos[2 * k][c] += a;
                pos[2 * k + 1][c] += b;
            }
        }
        if (remove_com) {
            double com[3] = {0, 0, 0}, mt = 0;
            for (size_t i = 0; i < N; i++) {
                double m = i % 2 ? 35.0 : 7.0;
                for (int c = 0; c < 3; c++)
                    com[c] += m * pos[i][c];
                mt += m;
            }
            for (size_t i = 0; i < N; i++)
                for (int c = 0; c < 3; c++)
                    pos[i][c] -= com[c] / mt;
        }
        assert_int_equal(haven_store_append(s, (const double(*)[3])pos), HAVEN_OK);
    }
    assert_int_equal(haven_store_finish(s), HAVEN_OK);
    int grp[N];
    for (size_t i = 0; i < N; i++)
        grp[i] = (int)(i % 2);
    haven_msd_options o;
    haven_msd_options_init(&o);
    o.collective = 1;
    assert_int_equal(haven_msd_compute(s, grp, 2, dt, &o, out->msd, &out->coll), HAVEN_OK);
    for (int g = 0; g < 2; g++) {
        haven_dfit_options fo;
        haven_dfit_options_init(&fo);
        fo.start = dt;
        fo.end = WINDOW_END;
        assert_int_equal(haven_diffusion_fit(out->msd[g].msd, T, dt, NP, 3, &fo, &out->d[g]),
                         HAVEN_OK);
        out->count[g] = NP;
    }
    out->charge[0] = 1;
    out->charge[1] = -1;
    haven_store_free(s);
    free(pos);
}

static void release(system_fit *f)
{
    haven_msd_clear(&f->msd[0]);
    haven_msd_clear(&f->msd[1]);
    haven_msd_collective_clear(&f->coll);
}

static haven_cond_input input(const system_fit *f, int frame)
{
    haven_cond_input in = {.n_species = 2,
                           .charge = f->charge,
                           .count = f->count,
                           .tracer = f->d,
                           .coll = &f->coll,
                           .volume = 1e-26,
                           .temperature = 300,
                           .frame = frame};
    haven_dfit_options_init(&in.fit);
    in.fit.start = 1e-13;
    in.fit.end = WINDOW_END;
    return in;
}

/* Independent ions: H_R = 1 and t+ = its Nernst-Einstein value, within the
 * stated 95% intervals (checked with a 3-sigma margin: one fixed seed). */
static void independent_ions(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 31);
    system_fit f;
    simulate(rng, 0.0, 0.5, 0, &f);
    haven_cond_input in = input(&f, -1);
    haven_conductivity c;
    assert_int_equal(haven_conductivity_compute(&in, &c), HAVEN_OK);
    print_message("H_R = %.3f +- %.3f; t+ = %.3f +- %.3f (ideal %.3f)\n", c.haven_ratio.value,
                  c.haven_ratio.err, c.t_corr[0].value, c.t_corr[0].err, c.t_ideal[0].value);
    assert_abs(c.haven_ratio.value, 1.0, 3 * c.haven_ratio.err);
    /* Ideal t+ for steps 1 : 0.5 is D+/(D+ + D-) = 1/(1 + 0.25) = 0.8. */
    assert_abs(c.t_ideal[0].value, 0.8, 3 * c.t_ideal[0].err + 1e-3);
    assert_abs(c.t_corr[0].value, c.t_ideal[0].value, 3 * hypot(c.t_corr[0].err, c.t_ideal[0].err));
    /* Distinct parts vanish for independent ions. */
    for (size_t p = 0; p < 3; p++)
        assert_abs(c.L_distinct[p].value, 0.0, 3.5 * c.L_distinct[p].err);
    haven_conductivity_clear(&c);
    release(&f);
    gsl_rng_free(rng);
}

/* Pairs moving together a fraction p of the time: the charge displacement
 * per step is zero when together, so sigma = (1 - p) sigma_NE and
 * H_R = 1 / (1 - p) = 2 for p = 1/2. */
static void paired_ions(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 77);
    system_fit f;
    simulate(rng, 0.5, 1.0, 0, &f);
    haven_cond_input in = input(&f, -1);
    haven_conductivity c;
    assert_int_equal(haven_conductivity_compute(&in, &c), HAVEN_OK);
    /* Exact sigma_NE from the model: N q^2 D with D = step^2 / (2 dt). */
    double D = 1e-22 / (2 * 1e-13);
    double scale = HAVEN_E_CHARGE * HAVEN_E_CHARGE / (1e-26 * HAVEN_KB * 300);
    double sigma_true = 0.5 * 2 * NP * D * scale;
    print_message("sigma %.4g +- %.2g (true %.4g), H_R %.3f +- %.3f (true 2)\n", c.sigma.value,
                  c.sigma.err, sigma_true, c.haven_ratio.value, c.haven_ratio.err);
    assert_abs(c.sigma.value, sigma_true, 3 * c.sigma.err);
    assert_abs(c.haven_ratio.value, 2.0, 3 * c.haven_ratio.err);
    assert_true(c.haven_ratio.lo < 2.0 && 2.0 < c.haven_ratio.hi + 3 * c.haven_ratio.err);
    haven_conductivity_clear(&c);
    release(&f);
    gsl_rng_free(rng);
}

/* Identities that hold to rounding: species parts sum to sigma, correlated
 * transference numbers to 1, the tensor trace/3 to the scalar, sigma is the
 * same in the cation frame (electroneutral), and in the barycentric frame
 * (centre of mass fixed) sum_a m_a L_ab = 0. */
static void sum_rules(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 5);
    system_fit f;
    simulate(rng, 0.3, 0.7, 1, &f);
    haven_cond_input in = input(&f, -1);
    haven_conductivity c, cf;
    assert_int_equal(haven_conductivity_compute(&in, &c), HAVEN_OK);
    assert_rel(c.sigma_part[0].value + c.sigma_part[1].value, c.sigma.value, 1e-9);
    assert_abs(c.t_corr[0].value + c.t_corr[1].value, 1.0, 1e-9);
    assert_abs(c.t_ideal[0].value + c.t_ideal[1].value, 1.0, 1e-12);
    /* Binary system, centre of mass fixed: m+ dR+ = -m- dR-, so in the
     * barycentric frame t+ = m- / (m+ + m-) exactly, with no error. */
    assert_abs(c.t_corr[0].value, 35.0 / 42.0, 1e-9);
    assert_true(c.t_corr[0].err < 1e-6);
    double tr =
        (c.tensor.comp[0][0].value + c.tensor.comp[1][1].value + c.tensor.comp[2][2].value) / 3;
    assert_rel(tr, c.sigma.value, 1e-9);
    double m[2] = {7, 35};
    for (size_t b = 0; b < 2; b++) {
        double s = m[0] * c.L[haven_pair_index(0, b, 2)].value +
                   m[1] * c.L[haven_pair_index(1, b, 2)].value;
        assert_abs(s, 0.0, 1e-9 * m[1] * fabs(c.L[haven_pair_index(1, 1, 2)].value));
    }
    in.frame = 0;
    assert_int_equal(haven_conductivity_compute(&in, &cf), HAVEN_OK);
    assert_rel(cf.sigma.value, c.sigma.value, 1e-9);
    /* In the cation frame, cation fluxes vanish: L_00 = L_01 = 0. */
    assert_abs(cf.L[haven_pair_index(0, 0, 2)].value, 0.0,
               1e-9 * fabs(c.L[haven_pair_index(0, 0, 2)].value));
    assert_abs(cf.t_corr[1].value, 1.0, 1e-9);
    /* Cubic-symmetric random walk: isotropic within error, 3D. */
    assert_int_equal(c.tensor.dimensionality, 3);
    haven_conductivity_clear(&c);
    haven_conductivity_clear(&cf);
    release(&f);
    gsl_rng_free(rng);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(independent_ions),
        cmocka_unit_test(paired_ions),
        cmocka_unit_test(sum_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
