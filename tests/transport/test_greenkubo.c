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
#include "reader_check.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { NP = 20, N = 2 * NP, T = 40000 };

static void gk_matches_eh(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 123);
    const double dt = 1e-15, tau = 10 * dt, a = exp(-dt / tau), sv = 500.0;
    double(*r)[3] = calloc(N, sizeof *r), (*v)[3] = calloc(N, sizeof *v);
    double *vs = calloc((size_t)T * 2 * 3, sizeof *vs);
    haven_store *s, *vstore;
    assert_int_equal(haven_store_create(N, 0, NULL, &s), HAVEN_OK);
    assert_int_equal(haven_store_create(N, 0, NULL, &vstore), HAVEN_OK);
    for (size_t i = 0; i < N; i++)
        for (int k = 0; k < 3; k++)
            v[i][k] = gsl_ran_gaussian(rng, sv);
    for (size_t t = 0; t < T; t++) {
        assert_int_equal(haven_store_append(s, (const double(*)[3])r), HAVEN_OK);
        assert_int_equal(haven_store_append(vstore, (const double(*)[3])v), HAVEN_OK);
        for (size_t i = 0; i < N; i++)
            for (int k = 0; k < 3; k++) {
                vs[(t * 2 + i % 2) * 3 + (size_t)k] += v[i][k];
                r[i][k] += v[i][k] * dt;
                v[i][k] = a * v[i][k] + sqrt(1 - a * a) * gsl_ran_gaussian(rng, sv);
            }
    }
    assert_int_equal(haven_store_finish(s), HAVEN_OK);
    assert_int_equal(haven_store_finish(vstore), HAVEN_OK);
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
    /* Independent ions: L_ab = N_a D / (V k T) on the diagonal, 0 across. */
    for (int g = 0; g < 2; g++) {
        const haven_gk_value *L = &gk.L[haven_pair_index((size_t)g, (size_t)g, 2)];
        assert_true(L->ok);
        assert_abs(L->est.value, NP * D / (1e-26 * HAVEN_KB * 300), 3 * L->est.err);
    }
    assert_true(gk.L[haven_pair_index(0, 1, 2)].ok);
    assert_abs(gk.L[haven_pair_index(0, 1, 2)].est.value, 0, 3 * gk.L[1].est.err);
    /* D* from the velocity autocorrelation: the analytic D and the MSD's. */
    assert_int_equal(haven_green_kubo_self(vstore, grp, 2, dt, &gk), HAVEN_OK);
    for (int g = 0; g < 2; g++) {
        const haven_gk_value *Dg = &gk.D[g];
        haven_estimate msd = d[g].D;
        print_message("D*(%d): VACF %.4g +- %.2g, MSD %.4g +- %.2g, exact %.4g m^2/s\n", g,
                      Dg->est.value, Dg->est.err, msd.value, msd.err, D);
        assert_true(Dg->ok);
        assert_abs(Dg->est.value, D, 3 * Dg->est.err);
        assert_true(fabs(haven_estimate_z(&Dg->est, &msd)) < 3);
    }
    haven_store_free(vstore);
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

/* A collective current like a molten salt's: an Ornstein-Uhlenbeck process
 * (C(t) = C(0) exp(-t/tau)) over 2000 correlation times, so that the noise
 * floor of C(t)/C(0) is ~3%, above the 2% a plateau threshold on C would
 * need. Known integral: per component s^2 dt (1 + a) / (2 (1 - a)). */
static double ou_current(gsl_rng *rng, size_t n, double a, double *vs)
{
    double x[3];
    for (int k = 0; k < 3; k++)
        x[k] = gsl_ran_gaussian(rng, 1.0);
    for (size_t t = 0; t < n; t++)
        for (int k = 0; k < 3; k++) {
            vs[t * 3 + (size_t)k] = x[k];
            x[k] = a * x[k] + sqrt(1 - a * a) * gsl_ran_gaussian(rng, 1.0);
        }
    return 1e-15 * (1 + a) / (2 * (1 - a)) * HAVEN_E_CHARGE * HAVEN_E_CHARGE /
           (1e-26 * HAVEN_KB * 300);
}

/* The 95% interval covers the known integral in ~95% of independent runs
 * (>= 88 of 100: a calibrated interval falls below that with probability
 * ~0.3%), and the estimates are unbiased to within 3 standard errors of
 * their mean. Fixed seeds. */
static void noisy_exponential_covered(void **state)
{
    (void)state;
    enum { RUNS = 100, TN = 20000 };
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 77);
    double *vs = malloc(TN * 3 * sizeof *vs), q[1] = {1}, a = exp(-1.0 / 10);
    double s = 0, s2 = 0, truth = 0, serr = 0;
    int covered = 0;
    for (int r = 0; r < RUNS; r++) {
        truth = ou_current(rng, TN, a, vs);
        haven_green_kubo gk;
        assert_int_equal(haven_green_kubo_compute(vs, TN, 1, q, 1e-15, 1e-26, 300, &gk), HAVEN_OK);
        assert_true(gk.ok);
        covered += gk.sigma.lo <= truth && truth <= gk.sigma.hi;
        s += gk.sigma.value;
        serr += gk.sigma.err;
        s2 += gk.sigma.value * gk.sigma.value;
        haven_green_kubo_clear(&gk);
    }
    double mean = s / RUNS, sd = sqrt((s2 / RUNS - mean * mean) * RUNS / (RUNS - 1));
    print_message("coverage %d/%d, mean %.4g (exact %.4g), spread %.2g, mean stderr %.2g\n",
                  covered, RUNS, mean, truth, sd, serr / RUNS);
    assert_true(covered >= 88);
    assert_abs(mean, truth, 3 * sd / sqrt(RUNS));
    free(vs);
    gsl_rng_free(rng);
}

/* Velocities saved every 40 correlation times: the atoms' D* is refused
 * with the reason, not guessed. */
static void sparse_velocities_refused(void **state)
{
    (void)state;
    enum { NA = 8, TN = 1000 };
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 5);
    haven_store *v;
    assert_int_equal(haven_store_create(NA, 0, NULL, &v), HAVEN_OK);
    double f[NA][3], *vs = calloc(TN * 3, sizeof *vs), q[1] = {1};
    for (size_t t = 0; t < TN; t++) {
        for (size_t i = 0; i < NA; i++)
            for (int k = 0; k < 3; k++) {
                f[i][k] = gsl_ran_gaussian(rng, 1.0);
                vs[t * 3 + (size_t)k] += f[i][k];
            }
        assert_int_equal(haven_store_append(v, (const double(*)[3])f), HAVEN_OK);
    }
    assert_int_equal(haven_store_finish(v), HAVEN_OK);
    int grp[NA] = {0};
    haven_green_kubo gk;
    assert_int_equal(haven_green_kubo_compute(vs, TN, 1, q, 1e-13, 1e-26, 300, &gk), HAVEN_OK);
    assert_false(gk.ok);
    assert_non_null(strstr(gk.note, "too sparse"));
    assert_int_equal(haven_green_kubo_self(v, grp, 1, 1e-13, &gk), HAVEN_OK);
    assert_false(gk.D[0].ok);
    assert_non_null(strstr(gk.self_note, "too sparse"));
    haven_green_kubo_clear(&gk);
    haven_store_free(v);
    free(vs);
    gsl_rng_free(rng);
}

/* Too few frames for four blocks: no value and a note, not an error. */
static void short_run_noted(void **state)
{
    (void)state;
    double vs[100 * 3] = {0}, q[1] = {1};
    haven_green_kubo gk;
    assert_int_equal(haven_green_kubo_compute(vs, 100, 1, q, 1e-15, 1e-26, 300, &gk), HAVEN_OK);
    assert_false(gk.ok);
    assert_non_null(strstr(gk.note, "frames"));
    haven_green_kubo_clear(&gk);
}

/* The loader keeps the velocities the file states (A/ps -> m/s), and the
 * species current sums, each less the mass-weighted centre-of-mass velocity
 * of the drift reference. */
static void loader_keeps_velocities(void **state)
{
    (void)state;
    fixture_system fx;
    char path[512];
    assert_int_equal(fixture_make(&fx, 12, 30, 8, 0, 0), 0);
    tc_tmp_path(path, sizeof path, "gk_vel.dump");
    assert_int_equal(fixture_write_lammps(&fx, path, "id type x y z vx vy vz"), 0);
    haven_traj_options to;
    haven_traj_options_init(&to);
    to.types = "1=Li,2=Cl,3=La";
    to.timestep_fs = fx.timestep_fs;
    for (int drift = 0; drift < 2; drift++) {
        haven_traj *t;
        assert_int_equal(haven_traj_open(path, &to, &t), HAVEN_OK);
        size_t n = haven_traj_n_atoms(t);
        int group[12];
        for (size_t i = 0; i < n; i++)
            group[i] = (int)haven_traj_atom_species(t, i);
        haven_load_options lo;
        haven_load_options_init(&lo);
        lo.drift = drift ? HAVEN_DRIFT_SYSTEM : HAVEN_DRIFT_NONE;
        lo.vel_group = group;
        lo.n_vel_groups = haven_traj_n_species(t);
        haven_store *pos;
        haven_load_info info;
        assert_int_equal(haven_load(t, &lo, &pos, &info), HAVEN_OK);
        assert_non_null(info.velocities);
        assert_int_equal(haven_store_n_frames(info.velocities), 30);
        double *v = malloc(n * 3 * 30 * sizeof *v);
        assert_int_equal(haven_store_read_atoms(info.velocities, 0, n, v), HAVEN_OK);
        for (size_t f = 0; f < 30; f++) {
            double p[3] = {0, 0, 0};
            for (size_t i = 0; i < n; i++)
                for (int k = 0; k < 3; k++) {
                    double got = v[(i * 3 + (size_t)k) * 30 + f];
                    p[k] += haven_traj_atom_mass(t, i) * got;
                    if (!drift) /* A/ps = 100 m/s; the file's 17 digits */
                        assert_rel(got, 100 * fixture_lammps_velocity(f, i, k), 1e-12);
                }
            for (int k = 0; drift && k < 3; k++)
                assert_abs(p[k] / 1e-25, 0, 1e-9); /* total momentum removed */
            double pg[3] = {0, 0, 0};              /* the same from the species current sums */
            for (size_t g = 0; g < info.n_vel_groups; g++) {
                double m = 0;
                for (size_t i = 0; i < n; i++)
                    m = group[i] == (int)g ? haven_traj_atom_mass(t, i) : m;
                for (int k = 0; k < 3; k++)
                    pg[k] += m * info.vel_sums[(f * info.n_vel_groups + g) * 3 + (size_t)k];
            }
            for (int k = 0; k < 3; k++)
                assert_abs(pg[k] / 1e-25, drift ? 0 : p[k] / 1e-25, 1e-9);
        }
        free(v);
        haven_load_info_clear(&info);
        haven_store_free(pos);
        haven_traj_free(t);
    }
    remove(path);
    fixture_free(&fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(gk_matches_eh),
        cmocka_unit_test(sparse_sampling_refused),
        cmocka_unit_test(noisy_exponential_covered),
        cmocka_unit_test(sparse_velocities_refused),
        cmocka_unit_test(short_run_noted),
        cmocka_unit_test(loader_keeps_velocities),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
