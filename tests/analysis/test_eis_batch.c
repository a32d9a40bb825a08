/* haven_eis_batch: the library's temperature series equals `haven eis batch
 * --json` byte for byte, and recovers the conductivities and activation
 * energies of spectra written from a known two-arc model; the result keeps
 * each spectrum's parameters and each Arrhenius fit (for the figures), the
 * JSON can be written in other units, and progress is reported per spectrum. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cli_output.h"
#include "haven/haven.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Bulk arc C = 5 pF, grain boundary C = 1 nF (at l/A = 1 cm^-1, so bulk and
 * gb by the capacitance rule), R = R(300 K) exp(Ea/kB (1/T - 1/300)). */
#define NT 4
static const double TEMPS[NT] = {300, 330, 360, 400};
static const double EA_BULK = 0.3, EA_GB = 0.5; /* eV */
static const double RB300 = 1e5, RG300 = 1e6, C_B = 5e-12, C_G = 1e-9;
static char dir[64], paths[NT][128];
static const char *path_list[NT];

static double r_at(double r300, double ea, double T)
{
    return r300 * exp(ea / HAVEN_KB_EV * (1 / T - 1.0 / 300));
}

static int write_spectra(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/haven_eis_batchXXXXXX");
    if (!mkdtemp(dir))
        return -1;
    for (int t = 0; t < NT; t++) {
        snprintf(paths[t], sizeof paths[t], "%s/s%.0f.csv", dir, TEMPS[t]);
        path_list[t] = paths[t];
        FILE *f = fopen(paths[t], "w");
        if (!f)
            return -1;
        double rb = r_at(RB300, EA_BULK, TEMPS[t]), rg = r_at(RG300, EA_GB, TEMPS[t]);
        for (int i = 0; i < 60; i++) {
            double fr = pow(10, -2 + 10.0 * i / 59), w = 2 * 3.14159265358979323846 * fr;
            double xb = w * rb * C_B, xg = w * rg * C_G;
            fprintf(f, "%.15g,%.15g,%.15g\n", fr, 5 + rb / (1 + xb * xb) + rg / (1 + xg * xg),
                    -rb * xb / (1 + xb * xb) - rg * xg / (1 + xg * xg));
        }
        fclose(f);
    }
    return 0;
}

static int remove_spectra(void **state)
{
    (void)state;
    for (int t = 0; t < NT; t++)
        remove(paths[t]);
    rmdir(dir);
    return 0;
}

static haven_eis_job_options options(void)
{
    haven_eis_job_options o;
    haven_eis_job_options_init(&o);
    o.thickness_m = 1e-2; /* 1 cm */
    o.area_m2 = 1e-4;     /* 1 cm^2 */
    o.arrhenius_power = 0;
    return o;
}

/* The batch of the written spectra with circuit c (a failure fails the test). */
static void run_batch(const char *c, const haven_eis_job_options *o, haven_eis_batch_result *r)
{
    if (haven_eis_batch(path_list, TEMPS, NT, c, o, r))
        fail_msg("%s", haven_last_error());
}

static char *cli_output(const char *args)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' eis batch %s %s %s %s %s 2>/dev/null", HAVEN_CLI, paths[0],
             paths[1], paths[2], paths[3], args);
    char *out = test_cli_output(cmd);
    assert_non_null(out);
    return out;
}

/* Exact model data: sigma = L/(R A) to 1e-6 (the fit converges to the
 * generating values; 1e-6 is far above its tolerance and far below any
 * misassignment), E_a to 1e-4 eV. */
static void recovers_model(void **state)
{
    (void)state;
    haven_eis_job_options o = options();
    haven_eis_batch_result r;
    run_batch("R0-p(R1,C1)-p(R2,C2)", &o, &r);
    assert_int_equal(r.n, NT);
    for (int t = 0; t < NT; t++) {
        double rb = r_at(RB300, EA_BULK, TEMPS[t]), rg = r_at(RG300, EA_GB, TEMPS[t]);
        const haven_eis_batch_spectrum *s = &r.spectra[t];
        assert_true(s->has_sigma[HAVEN_EIS_SIGMA_BULK] && s->has_sigma[HAVEN_EIS_SIGMA_GB]);
        double k = 1e-2 / 1e-4; /* m^-1 */
        assert_true(fabs(s->sigma[HAVEN_EIS_SIGMA_BULK].value * rb / k - 1) < 1e-6);
        assert_true(fabs(s->sigma[HAVEN_EIS_SIGMA_GB].value * rg / k - 1) < 1e-6);
        assert_true(fabs(s->sigma[HAVEN_EIS_SIGMA_TOTAL].value * (rb + rg) / k - 1) < 1e-6);
        assert_string_equal(s->sigma[0].unit, "S/m");
    }
    assert_true(r.has_Ea[0] && r.has_Ea[1] && r.has_Ea[2]);
    assert_true(fabs(r.Ea[HAVEN_EIS_SIGMA_BULK].value / HAVEN_EV - EA_BULK) < 1e-4);
    assert_true(fabs(r.Ea[HAVEN_EIS_SIGMA_GB].value / HAVEN_EV - EA_GB) < 1e-4);
    haven_eis_batch_result_free(&r);
}

static void equals_cli(void **state)
{
    (void)state;
    static const char *const ASSIGN[2] = {NULL, "R1=gb,R2=surface"};
    for (int a = 0; a < 2; a++) {
        haven_eis_job_options o = options();
        o.assign = ASSIGN[a];
        haven_eis_batch_result r;
        run_batch("R0-p(R1,C1)-p(R2,C2)", &o, &r);
        char *lib = NULL, args[256];
        assert_int_equal(haven_eis_batch_json(&r, &lib), HAVEN_OK);
        snprintf(args, sizeof args,
                 "--circuit 'R0-p(R1,C1)-p(R2,C2)' --temperatures 300,330,360,400 --thickness 1 "
                 "--area 1 --arrhenius-power 0 --json%s%s",
                 a ? " --assign " : "", a ? ASSIGN[a] : "");
        char *cli = cli_output(args);
        assert_string_equal(lib, cli);
        if (a) /* assigned away: bulk has no E_a, and says why */
            assert_false(r.has_Ea[HAVEN_EIS_SIGMA_BULK]);
        free(cli);
        haven_free(lib);
        haven_eis_batch_result_free(&r);
    }
}

/* The kept parameters give back the generating resistances (1e-6, as the
 * conductivities above), the kept Arrhenius fit predicts sigma_bulk at each
 * temperature (exact data: 1e-4, the fit's own accuracy) and is the one
 * whose E_a is reported. */
static void keeps_fits(void **state)
{
    (void)state;
    haven_eis_job_options o = options();
    haven_eis_batch_result r;
    run_batch("R0-p(R1,C1)-p(R2,C2)", &o, &r);
    for (int t = 0; t < NT; t++) {
        const haven_eis_batch_spectrum *s = &r.spectra[t];
        assert_int_equal(s->n_params, 5); /* R0 R1 C1 R2 C2 */
        assert_true(fabs(s->value[1] / r_at(RB300, EA_BULK, TEMPS[t]) - 1) < 1e-6);
        assert_true(fabs(s->value[3] / r_at(RG300, EA_GB, TEMPS[t]) - 1) < 1e-6);
        haven_estimate y;
        const haven_arrhenius_result *a = &r.arrhenius[HAVEN_EIS_SIGMA_BULK];
        assert_int_equal(haven_arrhenius_predict(a, TEMPS[t], &y), HAVEN_OK);
        assert_true(fabs(y.value / s->sigma[HAVEN_EIS_SIGMA_BULK].value - 1) < 1e-4);
        assert_true(y.lo < y.value && y.value < y.hi);
    }
    for (int q = 0; q < 3; q++)
        assert_true(r.arrhenius[q].Ea.value == r.Ea[q].value);
    haven_eis_batch_result_free(&r);
}

/* The JSON in S/cm holds the default (mS/cm) values / 1000 and says so. */
static void json_units(void **state)
{
    (void)state;
    haven_eis_job_options o = options();
    haven_eis_batch_result r;
    run_batch("R0-p(R1,C1)", &o, &r);
    haven_units u = haven_units_default();
    assert_true(u.sigma_scale == 10 && !strcmp(u.sigma_unit, "mS/cm"));
    u.sigma_scale = 0.01;
    u.sigma_unit = "S/cm";
    char *a = NULL, *b = NULL;
    assert_int_equal(haven_eis_batch_json(&r, &a), HAVEN_OK);
    assert_int_equal(haven_eis_batch_json_units(&r, &u, &b), HAVEN_OK);
    assert_non_null(strstr(a, "\"unit\": \"mS/cm\""));
    assert_null(strstr(a, "\"S/cm\""));
    assert_non_null(strstr(b, "\"unit\": \"S/cm\""));
    double sa = r.spectra[0].sigma[HAVEN_EIS_SIGMA_BULK].value; /* S/m */
    char want[64];
    snprintf(want, sizeof want, "\"value\": %.10g", sa * 0.01);
    assert_non_null(strstr(b, want));
    snprintf(want, sizeof want, "\"value\": %.10g", sa * 10);
    assert_non_null(strstr(a, want));
    haven_free(a);
    haven_free(b);
    haven_eis_batch_result_free(&r);
}

typedef struct {
    size_t calls, done[NT + 2], total;
    const char *path[NT + 2];
} progress_log;

static void record(const char *stage, const char *path, size_t done, size_t total, void *user)
{
    progress_log *l = user;
    assert_string_equal(stage, "fit");
    if (l->calls < NT + 2) {
        l->done[l->calls] = done;
        l->path[l->calls] = path;
    }
    l->total = total;
    l->calls++;
}

/* One call before each spectrum (done = spectra fitted) and one at the end. */
static void progress(void **state)
{
    (void)state;
    haven_eis_job_options o = options();
    progress_log l = {0};
    o.progress = record;
    o.progress_user = &l;
    haven_eis_batch_result r;
    run_batch("R0-p(R1,C1)", &o, &r);
    assert_int_equal(l.calls, NT + 1);
    assert_int_equal(l.total, NT);
    for (size_t k = 0; k <= NT; k++) {
        assert_int_equal(l.done[k], k);
        assert_string_equal(l.path[k], path_list[k < NT ? k : NT - 1]);
    }
    haven_eis_batch_result_free(&r);
}

static void bad_input(void **state)
{
    (void)state;
    haven_eis_job_options o = options();
    haven_eis_batch_result r;
    o.assign = "R0=bulk"; /* R0 is no arc */
    assert_int_equal(haven_eis_batch(path_list, TEMPS, NT, "R0-p(R1,C1)", &o, &r), HAVEN_ERR_ARG);
    assert_non_null(strstr(haven_last_error(), "R0 is not the resistance of an arc"));
    assert_null(r.spectra);
    o.assign = NULL;
    const char *missing[2] = {paths[0], "/nonexistent/s.csv"};
    assert_int_not_equal(haven_eis_batch(missing, TEMPS, 2, "R0-p(R1,C1)", &o, &r), HAVEN_OK);
    assert_non_null(strstr(haven_last_error(), "/nonexistent/s.csv"));
    o.area_m2 = 0;
    assert_int_equal(haven_eis_batch(path_list, TEMPS, NT, "R0-p(R1,C1)", &o, &r), HAVEN_ERR_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(recovers_model),
        cmocka_unit_test(equals_cli),
        cmocka_unit_test(keeps_fits),
        cmocka_unit_test(json_units),
        cmocka_unit_test(progress),
        cmocka_unit_test(bad_input),
    };
    return cmocka_run_group_tests(tests, write_spectra, remove_spectra);
}
