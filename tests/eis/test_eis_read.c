/* Impedance readers on the real exports in ../shared/data/eis (from
 * ECSHackWeek/impedance.py, MIT) and on bad input; Lin-KK on clean and
 * drifting synthetic spectra; default-guess convergence on every real file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "haven/eis.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EIS_DIR HAVEN_SHARED_DATA "/eis/"

static int have_data(void)
{
    return access(EIS_DIR "exampleData.csv", R_OK) == 0;
}

typedef struct {
    const char *file, *format;
    size_t n;
    double f_max, zre_at_fmax,
        zim_at_fmax; /* the row with the highest frequency, Z'' physics sign */
} expect;

/* Values copied from the files' highest-frequency rows (sign per format). */
static const expect FILES[] = {
    {"exampleData.csv", "csv", 66, 1e4, 0, 0},
    {"exampleDataAutolab.txt", "zview", 41, 10000, 0.013785863964281, 0.007191946305823},
    {"exampleDataBioLogic.mpt", "biologic", 43, 1.0003201E+003, 6.5470886E+001, -3.8998979E-001},
    {"exampleDataCHInstruments.txt", "csv", 73, 9.961e+4, 9.891e+1, -2.748e+0},
    {"exampleDataGamry.DTA", "gamry", 72, 200015.6, 825.8584, -1367.239},
    {"exampleDataGamryABORT.DTA", "gamry", 72, 200015.6, 825.8584, -1367.239},
    {"exampleDataParstat.txt", "csv", 31, 10000, -0.00049816280376104, 0.0175143479976367},
    {"exampleDataPowersuite.txt", "csv", 30, 0, 0, 0},
    {"exampleDataVersaStudio.par", "versastudio", 61, 100000, 55.31571, 4.575431},
    {"exampleDataZPlot.z", "zview", 21, 3.0e5, 1.4777E+02, -1.1335E+01},
    {"exampleDataZPlot_noComments.z", "zview", 31, 3.0e5, 6.4262E+02, -8.5821E+01},
    {"Circuit1_EIS_1.z", "zview", 48, 5.0e4, 2.9036E+01, 6.3662E-01},
};

static void test_real_files(void **state)
{
    (void)state;
    if (!have_data())
        skip();
    for (size_t i = 0; i < sizeof FILES / sizeof FILES[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, EIS_DIR "%s", FILES[i].file);
        haven_eis_data d;
        assert_int_equal(haven_eis_read(path, NULL, HAVEN_EIS_SIGN_AUTO, &d), HAVEN_OK);
        assert_string_equal(d.format, FILES[i].format);
        assert_int_equal(d.n, FILES[i].n);
        for (size_t k = 1; k < d.n; k++)
            assert_true(d.freq[k] >= d.freq[k - 1]);
        if (FILES[i].f_max > 0) { /* exact copies of printed decimals */
            assert_true(fabs(d.freq[d.n - 1] - FILES[i].f_max) <= 1e-9 * FILES[i].f_max);
            if (FILES[i].zre_at_fmax != 0) {
                assert_true(fabs(d.zre[d.n - 1] - FILES[i].zre_at_fmax) <=
                            1e-12 + 1e-9 * fabs(FILES[i].zre_at_fmax));
                assert_true(fabs(d.zim[d.n - 1] - FILES[i].zim_at_fmax) <=
                            1e-12 + 1e-9 * fabs(FILES[i].zim_at_fmax));
            }
        }
        haven_eis_data_free(&d);
    }
}

/* Damaged BioLogic header: an error naming the missing column, no numbers. */
static void test_damaged(void **state)
{
    (void)state;
    if (!have_data())
        skip();
    haven_eis_data d;
    assert_int_equal(haven_eis_read(EIS_DIR "exampleDataBioLogic_MissingFreq.mpt", NULL,
                                    HAVEN_EIS_SIGN_AUTO, &d),
                     HAVEN_ERR_FORMAT);
    assert_non_null(strstr(haven_last_error(), "freq"));
    assert_null(d.freq);
}

static int n_warnings;
static void count_warning(const char *m, void *u)
{
    (void)m;
    (void)u;
    n_warnings++;
}

/* The aborted Gamry run warns that the spectrum is partial. */
static void test_aborted_warns(void **state)
{
    (void)state;
    if (!have_data())
        skip();
    haven_set_warning_handler(count_warning, NULL);
    n_warnings = 0;
    haven_eis_data d;
    assert_int_equal(
        haven_eis_read(EIS_DIR "exampleDataGamryABORT.DTA", NULL, HAVEN_EIS_SIGN_AUTO, &d),
        HAVEN_OK);
    assert_int_equal(n_warnings, 1);
    n_warnings = 0;
    haven_eis_data_free(&d);
    assert_int_equal(haven_eis_read(EIS_DIR "exampleDataGamry.DTA", NULL, HAVEN_EIS_SIGN_AUTO, &d),
                     HAVEN_OK);
    assert_int_equal(n_warnings, 0);
    haven_eis_data_free(&d);
    haven_set_warning_handler(NULL, NULL);
}

static int read_text(const char *text, haven_eis_sign sign, haven_eis_data *d)
{
    char path[] = "/tmp/haven_eis_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    fputs(text, fp);
    fclose(fp);
    int st = haven_eis_read(path, NULL, sign, d);
    remove(path);
    return st;
}

static void test_bad_input(void **state)
{
    (void)state;
    haven_eis_data d;
    assert_int_equal(read_text("", HAVEN_EIS_SIGN_AUTO, &d), HAVEN_ERR_FORMAT);
    assert_int_equal(read_text("hello\nworld\n", HAVEN_EIS_SIGN_AUTO, &d), HAVEN_ERR_FORMAT);
    assert_int_equal(read_text("1,2,3\n2,3,nan\n3,4,5\n", HAVEN_EIS_SIGN_AUTO, &d),
                     HAVEN_ERR_FORMAT);
    assert_int_equal(read_text("1,2,3\n2,3\n3,4,5\n", HAVEN_EIS_SIGN_AUTO, &d), HAVEN_ERR_FORMAT);
    assert_int_equal(read_text("1,2,-3\n-2,3,-1\n3,4,-5\n", HAVEN_EIS_SIGN_AUTO, &d),
                     HAVEN_ERR_VALUE);
    assert_int_equal(read_text("1,2,-3\n2,3,-1\n", HAVEN_EIS_SIGN_AUTO, &d), HAVEN_ERR_DATA);
    assert_int_equal(
        read_text("EC-Lab ASCII FILE\nNb header lines : 99\n", HAVEN_EIS_SIGN_AUTO, &d),
        HAVEN_ERR_FORMAT);
    assert_int_equal(read_text("EXPLAIN\nTAG\tEISPOT\n", HAVEN_EIS_SIGN_AUTO, &d),
                     HAVEN_ERR_FORMAT);
    haven_eis_data_free(&d);
}

/* A last row that is written unlike every row before (cut inside a number:
 * the value is 1000x off but still a number, or missing fields) is dropped
 * with a warning when it is the file's unterminated last line (a truncated
 * write), and an error naming the line otherwise. */
static void test_malformed_last_row(void **state)
{
    (void)state;
    const char *rows = "1.000000e+00,2.000000e+00,-3.000000e-01\n"
                       "2.000000e+00,3.000000e+00,-1.000000e-01\n"
                       "3.000000e+00,4.000000e+00,-5.000000e-01\n"
                       "4.000000e+00,5.000000e+00,-6.000000e-01\n";
    const char *cut[] = {"5.000000e+00,6.000000e+00,-7.0000", "5.000000e+00,6.0000",
                         "5.000000e+00,6.000000e+00,-7.0000e", "5.000000e+00,6.000000e+00,-7,1"};
    char text[512];
    haven_eis_data d;
    haven_set_warning_handler(count_warning, NULL);
    for (size_t i = 0; i < sizeof cut / sizeof *cut; i++) {
        n_warnings = 0;
        snprintf(text, sizeof text, "%s%s", rows, cut[i]);
        assert_int_equal(read_text(text, HAVEN_EIS_SIGN_AUTO, &d), HAVEN_OK);
        assert_int_equal(d.n, 4);
        assert_int_equal(n_warnings, 1);
        assert_true(d.zim[3] == -0.6);
        haven_eis_data_free(&d);
        /* The same row with a newline after it was written whole: an error. */
        snprintf(text, sizeof text, "%s%s\n", rows, cut[i]);
        assert_int_equal(read_text(text, HAVEN_EIS_SIGN_AUTO, &d), HAVEN_ERR_FORMAT);
        print_message("%s\n", haven_last_error());
        assert_non_null(strstr(haven_last_error(), ":5: "));
    }
    haven_set_warning_handler(NULL, NULL);
    /* %g output mixes styles from row to row: never flagged. */
    assert_int_equal(read_text("1e-05,2,-3\n1.25893e-05,3,-1\n2.5e-05,4,-5\n0.0001,5,-6\n",
                               HAVEN_EIS_SIGN_AUTO, &d),
                     HAVEN_OK);
    assert_int_equal(d.n, 4);
    haven_eis_data_free(&d);
}

/* Sign convention: header "-Z''" is negated; headerless positive column is
 * detected as -Z''; an explicit option wins. Units: kOhm and kHz scale. */
static void test_sign_and_units(void **state)
{
    (void)state;
    haven_eis_data d;
    assert_int_equal(
        read_text("freq/kHz,Zre/kOhm,-Z''/kOhm\n1,2,3\n2,3,1\n3,4,5\n", HAVEN_EIS_SIGN_AUTO, &d),
        HAVEN_OK);
    assert_true(d.freq[0] == 1000 && d.zre[0] == 2000 && d.zim[0] == -3000);
    assert_string_equal(d.sign_source, "header");
    haven_eis_data_free(&d);
    assert_int_equal(read_text("3,4,5\n1,2,3\n2,3,1\n", HAVEN_EIS_SIGN_AUTO, &d), HAVEN_OK);
    assert_true(d.freq[0] == 1 && d.zim[0] == -3 && d.imag_negated);
    assert_string_equal(d.sign_source, "detected");
    haven_eis_data_free(&d);
    assert_int_equal(read_text("3,4,5\n1,2,3\n2,3,1\n", HAVEN_EIS_SIGN_AS_IS, &d), HAVEN_OK);
    assert_true(d.zim[0] == 3);
    haven_eis_data_free(&d);
    /* One wild positive value among negative ones does not flip the column
     * (it did when the sign came from the sum). */
    assert_int_equal(read_text("1,2,-3\n2,3,-1\n3,4,-5\n4,5,1000\n", HAVEN_EIS_SIGN_AUTO, &d),
                     HAVEN_OK);
    assert_true(!d.imag_negated && d.zim[0] == -3 && d.zim[3] == 1000);
    haven_eis_data_free(&d);
}

/* Every real file: the default fit reaches the chi2 of a 300-start search
 * within 0.1% (the global minimum as far as an exhaustive search sees it). */
static void test_real_convergence(void **state)
{
    (void)state;
    if (!have_data())
        skip();
    haven_eis_circuit *c;
    haven_eis_circuit_parse("R0-p(R1,CPE1)-p(R2,CPE2)-W3", &c);
    for (size_t i = 0; i < sizeof FILES / sizeof FILES[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, EIS_DIR "%s", FILES[i].file);
        haven_eis_data d;
        assert_int_equal(haven_eis_read(path, NULL, HAVEN_EIS_SIGN_AUTO, &d), HAVEN_OK);
        haven_eis_fit_options o;
        haven_eis_fit_options_default(&o);
        haven_eis_fit_result a, b;
        assert_int_equal(haven_eis_fit(c, &d, &o, &a), HAVEN_OK);
        o.max_starts = 300;
        o.seed = 99;
        assert_int_equal(haven_eis_fit(c, &d, &o, &b), HAVEN_OK);
        print_message("%s: default chi2 %.8g, 300-start chi2 %.8g\n", FILES[i].file, a.chi2,
                      b.chi2);
        assert_true(a.chi2 <= b.chi2 * 1.001);
        haven_eis_fit_result_free(&a);
        haven_eis_fit_result_free(&b);
        haven_eis_data_free(&d);
    }
    haven_eis_circuit_free(c);
}

/* Lin-KK: a circuit spectrum with 0.2% noise passes; the same spectrum
 * measured while R2 grows by 30% over the sweep (high to low frequency,
 * time ~ sum of periods) is flagged at the default 0.5% RMS threshold
 * (its residuals are 0.6-0.9%; the clean one's 0.1%). */
static void test_linkk(void **state)
{
    (void)state;
    haven_eis_circuit *c;
    haven_eis_circuit_parse("R0-p(R1,CPE1)-p(R2,CPE2)", &c);
    double p[7] = {10, 100, 1e-7, 0.9, 300, 1e-5, 0.8};
    enum { N = 50 };
    double f[N], zr[N], zi[N], t = 0, t_end = 0;
    for (int i = 0; i < N; i++) {
        f[i] = 1e6 * pow(1e-7, (double)i / (N - 1)); /* 1 MHz down to 0.1 Hz */
        t_end += 1 / f[i];
    }
    unsigned long long s = 7;
    for (int drift = 0; drift < 2; drift++) {
        t = 0;
        for (int i = 0; i < N; i++) {
            t += 1 / f[i];
            double q[7];
            memcpy(q, p, sizeof q);
            q[4] *= drift ? 1 + 0.3 * t / t_end : 1;
            haven_eis_circuit_eval(c, q, &f[i], 1, &zr[i], &zi[i], NULL);
            for (int k = 0; k < 2; k++) { /* uniform noise of +-0.2% of |Z| */
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                double u = (double)(s >> 11) / 9007199254740992.0 - 0.5;
                double m = hypot(zr[i], zi[i]) * 0.004 * u;
                if (k)
                    zi[i] += m;
                else
                    zr[i] += m;
            }
        }
        haven_eis_data d;
        haven_eis_data_set(&d, f, zr, zi, N);
        haven_eis_linkk_result r;
        assert_int_equal(haven_eis_linkk(&d, NULL, &r), HAVEN_OK);
        print_message("drift %d: M %zu mu %.3f rms %.4g %.4g\n", drift, r.m, r.mu, r.rms_re,
                      r.rms_im);
        assert_int_equal(r.valid, !drift);
        haven_eis_linkk_result_free(&r);
        haven_eis_data_free(&d);
    }
    haven_eis_circuit_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_files),         cmocka_unit_test(test_damaged),
        cmocka_unit_test(test_aborted_warns),      cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_malformed_last_row), cmocka_unit_test(test_sign_and_units),
        cmocka_unit_test(test_real_convergence),   cmocka_unit_test(test_linkk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
