/* Concurrency: separate objects used from separate threads give the same
 * numbers as one thread does, and nothing process-wide is touched behind the
 * caller's back (FFTW's planner, GSL's error handler). Each of 8 threads
 * reads a trajectory (every format, HDF5 and libxml2 included), computes its
 * MSD by FFT (making and destroying plans), fits D*, fits a KWW decay and an
 * equivalent circuit (GSL's nonlinear least squares), provokes a GSL error
 * (which must come back as a status, not abort), runs a small KMC and the
 * whole analyze job (src/analysis) to its JSON document. Every
 * result must equal, bit for bit, the one a single thread computed first:
 * the methods are deterministic, so any difference is interference between
 * threads. Built with -fsanitize=thread (make test-tsan) the same test also
 * checks for data races. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fixture.h"
#include "traj_check.h"

#include "haven/haven.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define N_THREADS 8
#define N_FORMATS 5
#define ROUNDS 2

typedef struct {
    double D[3];     /* per species, m^2/s */
    double kww[3];   /* A, tau, beta */
    double eis[4];   /* R0, R1, CPE1_0, CPE1_1 */
    double kmc_D;    /* m^2/s */
    char *json;      /* the analyze job's document (haven_analysis_json), freed by the test */
    int gsl_status;  /* of a singular Cholesky: GSL_EDOM, not an abort */
    char error[256]; /* first failure, "" if none */
} outcome;

static char paths[N_FORMATS][256];
static double timestep_fs; /* the fixture's, for every reader */
static long stride;

static int fail_with(outcome *o, const char *what)
{
    if (!o->error[0])
        snprintf(o->error, sizeof o->error, "%s: %s", what, haven_last_error());
    return -1;
}

static int diffusion(int format, outcome *o)
{
    haven_traj_options to;
    haven_traj_options_init(&to);
    to.timestep_fs = timestep_fs;
    to.stride = format < 3 ? stride : 0; /* vasprun.xml and H5MD state it */
    const char *path = paths[format];
    to.types = format == 2 ? "1=Li,2=Cl,3=La" : NULL; /* LAMMPS types */
    haven_traj *t = NULL;
    haven_store *store = NULL;
    haven_load_options lo;
    haven_load_info info;
    memset(&info, 0, sizeof info);
    haven_load_options_init(&lo);
    lo.max_bytes = 1 << 20;
    if (haven_traj_open(path, &to, &t) != HAVEN_OK || haven_load(t, &lo, &store, &info) != HAVEN_OK)
        return haven_traj_free(t), fail_with(o, path);
    size_t n = haven_traj_n_atoms(t), K = haven_traj_n_species(t);
    int *group = malloc(n * sizeof *group);
    haven_msd msd[3];
    memset(msd, 0, sizeof msd);
    for (size_t i = 0; group && i < n; i++)
        group[i] = haven_traj_atom_species(t, i);
    haven_msd_options mo;
    haven_msd_options_init(&mo);
    int rc =
        group && K <= 3 &&
                haven_msd_compute(store, group, K, info.frame_interval, &mo, msd, NULL) == HAVEN_OK
            ? 0
            : fail_with(o, "msd");
    for (size_t k = 0; rc == 0 && k < K; k++) {
        haven_dfit_options fo;
        haven_dfit_result r;
        haven_dfit_options_init(&fo);
        fo.stats = &msd[k].stats;
        if (haven_diffusion_fit(msd[k].msd, msd[k].n_lags, msd[k].dt, (double)msd[k].n_atoms, 3,
                                &fo, &r) != HAVEN_OK)
            rc = fail_with(o, "fit");
        else
            o->D[k] = r.D.value;
    }
    for (size_t k = 0; k < 3; k++)
        haven_msd_clear(&msd[k]);
    free(group);
    haven_store_free(store);
    haven_load_info_clear(&info);
    haven_traj_free(t);
    return rc;
}

static int kww(outcome *o)
{
    double t[40], F[40];
    for (int i = 0; i < 40; i++) {
        t[i] = 1e-12 * pow(10, 0.1 * i);
        /* a deterministic wiggle so the fit has residuals */
        F[i] = 0.9 * exp(-pow(t[i] / 2e-11, 0.6)) * (1 + 0.01 * sin(3.0 * i));
    }
    haven_fit_result r;
    if (haven_kww_fit(t, F, NULL, 40, &r) != HAVEN_OK)
        return fail_with(o, "kww");
    for (int k = 0; k < 3; k++)
        o->kww[k] = r.param[k].value;
    return 0;
}

static int eis(outcome *o)
{
    haven_eis_circuit *c = NULL;
    if (haven_eis_circuit_parse("R0-p(R1,CPE1)", &c) != HAVEN_OK)
        return fail_with(o, "circuit");
    double p[4] = {20, 500, 2e-6, 0.85}, f[50], zr[50], zi[50];
    for (int i = 0; i < 50; i++)
        f[i] = 0.1 * pow(1e7, i / 49.0);
    haven_eis_circuit_eval(c, p, f, 50, zr, zi, NULL);
    for (int i = 0; i < 50; i++) /* deterministic 0.5% "noise" */
        zr[i] *= 1 + 0.005 * sin(7.0 * i), zi[i] *= 1 + 0.005 * cos(5.0 * i);
    haven_eis_data d;
    memset(&d, 0, sizeof d);
    haven_eis_fit_options fo;
    haven_eis_fit_options_default(&fo);
    fo.max_starts = 4;
    haven_eis_fit_result r;
    memset(&r, 0, sizeof r);
    int rc = haven_eis_data_set(&d, f, zr, zi, 50) == HAVEN_OK &&
                     haven_eis_fit(c, &d, &fo, &r) == HAVEN_OK
                 ? 0
                 : fail_with(o, "eis fit");
    for (int k = 0; rc == 0 && k < 4; k++)
        o->eis[k] = r.value[k];
    haven_eis_fit_result_free(&r);
    haven_eis_data_free(&d);
    haven_eis_circuit_free(c);
    return rc;
}

static int kmc(outcome *o)
{
    int cells[3] = {4, 4, 4};
    haven_kmc_lattice *L = NULL;
    if (haven_kmc_lattice_builtin("sc", cells, 3e-10, &L) != HAVEN_OK)
        return fail_with(o, "kmc lattice");
    haven_kmc_params p;
    haven_kmc_params_init(&p);
    p.seed = 1;
    p.n_replicas = 2;
    p.hops = 4000;
    p.equil_hops = 500;
    p.n_blocks = 4;
    p.n_windows = 4;
    haven_kmc_result r;
    int rc = haven_kmc_run(L, &p, &r) == HAVEN_OK ? 0 : fail_with(o, "kmc");
    o->kmc_D = r.D[0].value;
    haven_kmc_lattice_free(L);
    return rc;
}

/* A GSL error inside a thread: with the library's handler off it is a
 * status; with GSL's default handler the process would abort here. */
static int provoke_gsl_error(outcome *o)
{
    double a[4] = {1, 2, 2, 1}; /* symmetric, not positive definite */
    gsl_matrix_view m = gsl_matrix_view_array(a, 2, 2);
    o->gsl_status = gsl_linalg_cholesky_decomp1(&m.matrix);
    return 0;
}

/* The whole analyze job (src/analysis) on the file, to its JSON document. */
static int analyze_job(int format, outcome *o)
{
    haven_analysis_options ao;
    haven_analysis_options_init(&ao);
    ao.traj.timestep_fs = timestep_fs;
    ao.traj.stride = format < 3 ? stride : 0;
    ao.traj.types = format == 2 ? "1=Li,2=Cl,3=La" : NULL;
    ao.charges = "Li=1,Cl=-1,La=0";
    ao.temperature = (const double[]){300};
    ao.n_temperature = 1;
    const char *path = paths[format];
    haven_analysis *a = NULL;
    char *json = NULL;
    if (haven_analysis_run_files(HAVEN_JOB_ANALYZE, &path, 1, &ao, &a) != HAVEN_OK ||
        haven_analysis_json(a, &json) != HAVEN_OK) {
        haven_analysis_free(a);
        return fail_with(o, "analyze job");
    }
    o->json = json;
    haven_analysis_free(a);
    return 0;
}

static void work(int format, outcome *o)
{
    memset(o, 0, sizeof *o);
    if (diffusion(format, o) == 0 && kww(o) == 0 && eis(o) == 0 && kmc(o) == 0 &&
        analyze_job(format, o) == 0)
        provoke_gsl_error(o);
}

/* FFT plans of many lengths in a row (the planner's shared tables grow):
 * the MSD of one walker on a straight line, t^2 exactly. */
static int plan_many(int seed, outcome *o)
{
    for (size_t T = 40 + (size_t)seed; T < 140; T += 3) {
        haven_store *s = NULL;
        if (haven_store_create(1, 0, NULL, &s) != HAVEN_OK)
            return fail_with(o, "store");
        for (size_t t = 0; t < T; t++) {
            double x[1][3] = {{(double)t, 0, 0}};
            haven_store_append(s, (const double(*)[3])x);
        }
        haven_store_finish(s);
        int group = 0;
        haven_msd m;
        memset(&m, 0, sizeof m);
        haven_msd_options mo;
        haven_msd_options_init(&mo);
        haven_status st = haven_msd_compute(s, &group, 1, 1.0, &mo, &m, NULL);
        int ok = st == HAVEN_OK &&
                 fabs(m.msd[T / 2] - (double)(T / 2) * (double)(T / 2)) < 1e-6 * (double)(T * T);
        haven_msd_clear(&m);
        haven_store_free(s);
        if (!ok)
            return fail_with(o, "msd of a line");
    }
    return 0;
}

typedef struct {
    int index;
    outcome out[ROUNDS];
} job;

static void *thread_main(void *arg)
{
    job *j = arg;
    for (int r = 0; r < ROUNDS; r++) {
        work(j->index % N_FORMATS, &j->out[r]);
        if (!j->out[r].error[0])
            plan_many(j->index % 3, &j->out[r]);
    }
    return NULL;
}

static int write_files(void)
{
    fixture_system s;
    if (fixture_make(&s, 30, 120, 7, 1, 0) != 0)
        return -1;
    timestep_fs = s.timestep_fs;
    stride = s.stride;
    const char *ext[N_FORMATS] = {".xdatcar", ".xyz", ".dump", ".xml", ".h5"};
    for (int k = 0; k < N_FORMATS; k++)
        scratch_path(paths[k], sizeof paths[k], "threads", ext[k]);
    int rc = fixture_write_xdatcar(&s, paths[0]) | fixture_write_extxyz(&s, paths[1]) |
             fixture_write_lammps(&s, paths[2], "id type x y z ix iy iz") |
             fixture_write_vasprun(&s, paths[3]) | fixture_write_h5md(&s, paths[4]);
    fixture_free(&s);
    return rc;
}

static void same(const outcome *a, const outcome *b, int thread)
{
    if (a->error[0] || b->error[0])
        fail_msg("thread %d: %s / %s", thread, a->error, b->error);
    /* memcmp, not ==: bit-identical results are the claim. */
    assert_memory_equal(a->D, b->D, sizeof a->D);
    assert_memory_equal(a->kww, b->kww, sizeof a->kww);
    assert_memory_equal(a->eis, b->eis, sizeof a->eis);
    assert_memory_equal(&a->kmc_D, &b->kmc_D, sizeof a->kmc_D);
    assert_string_equal(a->json, b->json);
    assert_int_equal(a->gsl_status, b->gsl_status);
}

static void concurrent_equals_serial(void **state)
{
    (void)state;
    assert_int_equal(write_files(), 0);
    outcome serial[N_FORMATS];
    for (int k = 0; k < N_FORMATS; k++) {
        work(k, &serial[k]);
        if (serial[k].error[0])
            fail_msg("serial %d: %s", k, serial[k].error);
        /* The values are real: D* positive, the circuit recovered to the 0.5%
         * noise level, the Cholesky error reported as GSL_EDOM. */
        assert_true(serial[k].D[0] > 0 && serial[k].kmc_D > 0);
        assert_true(fabs(serial[k].eis[1] / 500 - 1) < 0.05);
        assert_int_equal(serial[k].gsl_status, GSL_EDOM);
        assert_non_null(strstr(serial[k].json, "\"sigma\""));
    }
    job jobs[N_THREADS];
    pthread_t tid[N_THREADS];
    for (int i = 0; i < N_THREADS; i++) {
        jobs[i].index = i;
        assert_int_equal(pthread_create(&tid[i], NULL, thread_main, &jobs[i]), 0);
    }
    for (int i = 0; i < N_THREADS; i++)
        pthread_join(tid[i], NULL);
    for (int i = 0; i < N_THREADS; i++)
        for (int r = 0; r < ROUNDS; r++)
            same(&jobs[i].out[r], &serial[i % N_FORMATS], i);
    for (int i = 0; i < N_THREADS; i++)
        for (int r = 0; r < ROUNDS; r++)
            haven_free(jobs[i].out[r].json);
    for (int k = 0; k < N_FORMATS; k++) {
        haven_free(serial[k].json);
        unlink(paths[k]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(concurrent_equals_serial)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
