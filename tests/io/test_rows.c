/* Parallel row parsing (src/io/rows.c): frames large enough to be split
 * across threads read the same bits with 1, 2 and 3 threads, those bits
 * are strtod's of the written tokens (an independent parse), and a bad row
 * deep inside a parallel frame gets the message, line and status of the
 * line-by-line path. LAMMPS dump (mixed number shapes, and %g only: the
 * AVX-512 form's batches), extended XYZ and XDATCAR. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "reader_check.h"

#include "io/rows.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 40000 rows of 35-60 bytes: 1.4-2.4 MB per frame, at least two threads'
 * worth of HAVEN_ROWS_MIN_BYTES, so the rows are split. */
#define N_ATOMS 40000
#define N_FRAMES 3
#define CELL 30.0

static uint64_t rng_next(uint64_t *st)
{
    *st ^= *st << 13, *st ^= *st >> 7, *st ^= *st << 17;
    return *st;
}

/* Set: every coordinate printed by %g, as LAMMPS's dump custom writes it
 * (numbers of at most 8 digits, mostly: the AVX-512 row form's). */
static int g_only;

/* Coordinate token k of row i in frame f: a mix of the shapes dump and
 * XYZ writers print (%.6f, %g, %.17g, exponents, signs). */
static void coord_token(char *buf, size_t cap, uint64_t *st)
{
    double x = (double)(rng_next(st) >> 11) * (CELL / 9007199254740992.0) - 1.0;
    switch (g_only ? 1 : rng_next(st) % 5) {
    case 0:
        snprintf(buf, cap, "%.6f", x);
        break;
    case 1:
        snprintf(buf, cap, "%g", x);
        break;
    case 2:
        snprintf(buf, cap, "%.17g", x);
        break;
    case 3:
        snprintf(buf, cap, "%.9e", x);
        break;
    default:
        snprintf(buf, cap, "%+.3f", x);
    }
}

typedef enum { FMT_LAMMPS, FMT_XYZ, FMT_XDATCAR } text_format;

/* Header of frame f; the row of atom i (ids shuffled in LAMMPS frame 2). */
static void write_header(FILE *fp, text_format fmt, int f)
{
    if (fmt == FMT_LAMMPS)
        fprintf(fp,
                "ITEM: TIMESTEP\n%d\nITEM: NUMBER OF ATOMS\n%d\nITEM: BOX BOUNDS pp pp pp\n"
                "0 %g\n0 %g\n0 %g\nITEM: ATOMS id type xu yu zu\n",
                f * 10, N_ATOMS, CELL, CELL, CELL);
    else if (fmt == FMT_XYZ)
        fprintf(fp, "%d\nLattice=\"%g 0 0 0 %g 0 0 0 %g\" Properties=species:S:1:pos:R:3\n",
                N_ATOMS, CELL, CELL, CELL);
    else
        fprintf(fp, "Direct configuration= %5d\n", f + 1);
}

/* Writes the file; want[f][i][k] gets strtod of each coordinate token
 * (fractional for XDATCAR). bad_line > 0 replaces the third token of that
 * line (1-based) with bad_token. Returns the line count. */
static long write_file(const char *path, text_format fmt, double (*want)[N_ATOMS][3],
                       long bad_line, const char *bad_token)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    uint64_t st = 0x9e3779b97f4a7c15ULL;
    long line = 0;
    if (fmt == FMT_XDATCAR) {
        fprintf(fp, "rows\n1.0\n%g 0 0\n0 %g 0\n0 0 %g\nLi Cl\n%d %d\n", CELL, CELL, CELL,
                N_ATOMS / 2, N_ATOMS / 2);
        line = 7;
    }
    for (int f = 0; f < N_FRAMES; f++) {
        write_header(fp, fmt, f);
        line += fmt == FMT_LAMMPS ? 9 : fmt == FMT_XYZ ? 2 : 1;
        for (int r = 0; r < N_ATOMS; r++) {
            int i = fmt == FMT_LAMMPS && f == 1 ? N_ATOMS - 1 - r : r;
            char tok[3][64];
            for (int k = 0; k < 3; k++) {
                coord_token(tok[k], sizeof tok[k], &st);
                if (fmt == FMT_XDATCAR) /* fractional: keep it in the cell's scale */
                    snprintf(tok[k], sizeof tok[k], "%.8f", strtod(tok[k], NULL) / CELL);
                want[f][i][k] = strtod(tok[k], NULL);
            }
            line++;
            const char *z = line == bad_line ? bad_token : tok[2];
            if (fmt == FMT_LAMMPS)
                fprintf(fp, "%d %d %s %s %s\n", i + 1, 1 + i % 2, tok[0], tok[1], z);
            else if (fmt == FMT_XYZ)
                fprintf(fp, "%s %s\t%s  %s\n", i % 2 ? "Cl" : "Li", tok[0], tok[1], z);
            else
                fprintf(fp, "  %s %s %s\n", tok[0], tok[1], z);
        }
    }
    assert_int_equal(fclose(fp), 0);
    return line;
}

static const char *fmt_name(text_format fmt)
{
    return fmt == FMT_LAMMPS ? "rows.dump" : fmt == FMT_XYZ ? "rows.xyz" : "rows.XDATCAR";
}

/* All frames read with `threads` threads into got. */
static void read_all(const char *path, int threads, double (*got)[N_ATOMS][3])
{
    haven_traj_options opt;
    haven_traj_options_init(&opt);
    opt.types = "1=Li,2=Cl";
    omp_set_num_threads(threads);
    haven_traj *t;
    if (haven_traj_open(path, &opt, &t) != HAVEN_OK)
        fail_msg("%s", haven_last_error());
    const haven_frame *f;
    for (int k = 0; k < N_FRAMES; k++) {
        if (haven_traj_read(t, &f) != HAVEN_OK)
            fail_msg("%s", haven_last_error());
        memcpy(got[k], f->pos, sizeof got[k]);
    }
    assert_int_equal(haven_traj_read(t, &f), HAVEN_EOF);
    haven_traj_free(t);
}

static void check_format(text_format fmt)
{
    char path[512];
    tc_tmp_path(path, sizeof path, fmt_name(fmt));
    double(*want)[N_ATOMS][3] = malloc(N_FRAMES * sizeof *want);
    double(*got)[N_ATOMS][3] = malloc(N_FRAMES * sizeof *got);
    double(*ref)[N_ATOMS][3] = malloc(N_FRAMES * sizeof *ref);
    assert_non_null(want && got && ref);
    write_file(path, fmt, want, 0, NULL);
    read_all(path, 1, ref);
    /* Serial read against strtod: Angstrom -> m is one multiplication
     * (Cartesian); XDATCAR's fractional -> Cartesian is a cell product,
     * here exactly x * 30 A, rounded once more. */
    for (int f = 0; f < N_FRAMES; f++)
        for (int i = 0; i < N_ATOMS; i++)
            for (int k = 0; k < 3; k++) {
                double w = fmt == FMT_XDATCAR ? want[f][i][k] * CELL : want[f][i][k];
                w *= 1e-10;
                if (fmt != FMT_XDATCAR && ref[f][i][k] != w)
                    fail_msg("frame %d atom %d: %.17g, strtod gives %.17g", f, i, ref[f][i][k], w);
                if (fabs(ref[f][i][k] - w) > 1e-24)
                    fail_msg("frame %d atom %d: %.17g vs %.17g", f, i, ref[f][i][k], w);
            }
    for (int threads = 2; threads <= 3; threads++) {
        read_all(path, threads, got);
        assert_memory_equal(got, ref, N_FRAMES * sizeof *ref);
    }
    /* gzip: decompressed serially, the rows still split across threads. */
    char gz[600];
    snprintf(gz, sizeof gz, "%s.gz", path);
    assert_int_equal(tc_gzip(path, gz), 0);
    read_all(gz, 2, got);
    assert_memory_equal(got, ref, N_FRAMES * sizeof *ref);
    remove(gz);
    remove(path);
    free(want);
    free(got);
    free(ref);
}

static void test_lammps(void **state)
{
    (void)state;
    check_format(FMT_LAMMPS);
}
static void test_extxyz(void **state)
{
    (void)state;
    check_format(FMT_XYZ);
}
static void test_xdatcar(void **state)
{
    (void)state;
    check_format(FMT_XDATCAR);
}

/* LAMMPS's own %g: rows the batched AVX-512 form takes, where the
 * processor has it (and the first row of every frame is such a row). */
static void test_lammps_g(void **state)
{
    (void)state;
    g_only = 1;
    check_format(FMT_LAMMPS);
    g_only = 0;
}

/* A bad token on `line` of frame 2 (a parallel frame): the status and the
 * message's line are those of the line-by-line path, with 1 and 2 threads. */
static void check_bad(text_format fmt, long line, const char *token, haven_status want,
                      const char *phrase)
{
    char path[512];
    tc_tmp_path(path, sizeof path, fmt_name(fmt));
    double(*vals)[N_ATOMS][3] = malloc(N_FRAMES * sizeof *vals);
    assert_non_null(vals);
    write_file(path, fmt, vals, line, token);
    for (int threads = 1; threads <= 2; threads++) {
        long frames;
        omp_set_num_threads(threads);
        haven_status s = tc_read_all(path, HAVEN_FMT_AUTO, "1=Li,2=Cl", &frames);
        if (s != want)
            fail_msg("%d threads: status %d, want %d (%s)", threads, s, want, haven_last_error());
        assert_true(tc_error_is(path, line, phrase));
        assert_int_equal(frames, 1);
    }
    remove(path);
    free(vals);
}

static void test_bad_rows(void **state)
{
    (void)state;
    long f2 = 9 + N_ATOMS + 9; /* LAMMPS: the lines before frame 2's rows */
    check_bad(FMT_LAMMPS, f2 + 27000, "abc", HAVEN_ERR_FORMAT, "expected a number, found 'abc'");
    check_bad(FMT_LAMMPS, f2 + 39999, "nan", HAVEN_ERR_VALUE, "expected a finite number");
    check_bad(FMT_LAMMPS, f2 + 5, "1.5x", HAVEN_ERR_FORMAT, "found '1.5x'");
    long x2 = 2 + N_ATOMS + 2;
    check_bad(FMT_XYZ, x2 + 31000, "1e400", HAVEN_ERR_VALUE, "expected a finite number");
    check_bad(FMT_XYZ, x2 + 1, "--1", HAVEN_ERR_FORMAT, "found '--1'");
    long d2 = 7 + 1 + N_ATOMS + 1;
    check_bad(FMT_XDATCAR, d2 + 26000, "0.5.5", HAVEN_ERR_FORMAT, "found '0.5.5'");
    g_only = 1; /* in rows of the AVX-512 form */
    check_bad(FMT_LAMMPS, f2 + 27000, "1.2.3", HAVEN_ERR_FORMAT, "found '1.2.3'");
    check_bad(FMT_LAMMPS, f2 + 30000, "-", HAVEN_ERR_FORMAT, "found '-'");
    g_only = 0;
}

/* A LAMMPS id twice in a parallel frame: "appears twice" on the second
 * occurrence's line, as line by line. */
static void test_duplicate_id(void **state)
{
    (void)state;
    char path[512];
    tc_tmp_path(path, sizeof path, "dup.dump");
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    for (int f = 0; f < 2; f++) {
        write_header(fp, FMT_LAMMPS, f);
        for (int i = 0; i < N_ATOMS; i++)
            fprintf(fp, "%d 1 %.9f 1.000000000 2.000000000\n", f == 1 && i == 29000 ? 42 : i + 1,
                    i * 1e-3); /* 45 bytes a row: 1.8 MB, split */
    }
    assert_int_equal(fclose(fp), 0);
    for (int threads = 1; threads <= 2; threads++) {
        long frames;
        omp_set_num_threads(threads);
        assert_int_equal(tc_read_all(path, HAVEN_FMT_AUTO, "1=Li", &frames), HAVEN_ERR_FORMAT);
        assert_true(tc_error_is(path, 9 + N_ATOMS + 9 + 29001, "atom id 42 appears twice"));
    }
    remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lammps),   cmocka_unit_test(test_extxyz),
        cmocka_unit_test(test_xdatcar),  cmocka_unit_test(test_bad_rows),
        cmocka_unit_test(test_duplicate_id), cmocka_unit_test(test_lammps_g),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
