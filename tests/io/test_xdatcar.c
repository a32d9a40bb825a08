/* XDATCAR reader: fixture round trips (fixed, triclinic, variable cell,
 * gzip), the Cartesian and scaled variants, the real LGPS file, and one
 * test per kind of bad input with the file and line in the message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "reader_check.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Written with 17 significant digits, so reading back differs only by the
 * rounding of frac -> Cartesian (~1e-15 A); the brief's 1e-9 relative
 * bound (1e-8 A on a 10 A cell) still catches any axis or unit mistake. */
#define POS_TOL 1e-8

static void round_trip(int triclinic, int npt, int gzip)
{
    fixture_system s;
    char path[512], gz[512];
    assert_int_equal(fixture_make(&s, 30, 25, 7, triclinic, npt), 0);
    tc_tmp_path(path, sizeof path, "fix.XDATCAR");
    tc_tmp_path(gz, sizeof gz, "fix.XDATCAR.gz");
    assert_int_equal(fixture_write_xdatcar(&s, path), 0);
    if (gzip)
        assert_int_equal(tc_gzip(path, gz), 0);
    haven_traj *t;
    assert_int_equal(haven_traj_open(gzip ? gz : path, NULL, &t), HAVEN_OK);
    assert_int_equal(haven_traj_format(t), HAVEN_FMT_XDATCAR); /* detected from content */
    assert_int_equal(haven_traj_n_species(t), 3);
    assert_string_equal(haven_traj_species_name(t, 0), "Li");
    assert_int_equal(haven_traj_atom_species(t, 5), 2); /* atom 6 is La */
    for (int pass = 0; pass < 2; pass++) {              /* second pass after rewind */
        double cell_err, err = tc_max_pos_error(t, &s, 0, &cell_err);
        assert_true(err >= 0 && err < POS_TOL);
        assert_true(cell_err < 1e-12); /* cell digits are copied exactly */
        assert_int_equal(haven_traj_rewind(t), HAVEN_OK);
    }
    const haven_frame *f;
    assert_int_equal(haven_traj_read(t, &f), HAVEN_OK);
    assert_int_equal(f->coords, HAVEN_COORD_WRAPPED);
    assert_true(isnan(f->time)); /* XDATCAR states no time */
    assert_int_equal(f->step, -1);
    haven_traj_free(t);
    fixture_free(&s);
    remove(path);
    remove(gz);
}

static void test_fixed_cell(void **state)
{
    (void)state, round_trip(0, 0, 0);
}
static void test_triclinic_npt(void **state)
{
    (void)state, round_trip(1, 1, 0);
}
static void test_gzip(void **state)
{
    (void)state, round_trip(1, 0, 1);
}

/* Cartesian block with a scaling factor of 2 and element labels with
 * POTCAR suffixes: positions are scaled like the lattice. */
static void test_cartesian_scaled(void **state)
{
    (void)state;
    char path[512];
    tc_tmp_path(path, sizeof path, "cart.XDATCAR");
    assert_int_equal(tc_write_text(path, "t\n2.0\n5 0 0\n0 5 0\n0 0 5\nLi_sv O\n1 1\n"
                                         "Cartesian configuration= 1\n1 2 3\n0.5 0.25 4\n"),
                     0);
    haven_traj *t;
    const haven_frame *f;
    assert_int_equal(haven_traj_open(path, NULL, &t), HAVEN_OK);
    assert_string_equal(haven_traj_species_name(t, 0), "Li");
    assert_int_equal(haven_traj_read(t, &f), HAVEN_OK);
    /* exact: small integers and halves times 2 and 1e-10 round once */
    assert_true(fabs(f->pos[0][2] - 6e-10) < 1e-24);
    assert_true(fabs(f->pos[1][0] - 1e-10) < 1e-24);
    assert_true(fabs(f->cell[1][1] - 10e-10) < 1e-24);
    haven_traj_free(t);
    /* negative scaling = volume: 1000 A^3 on a 5 A cube -> 10 A cube */
    assert_int_equal(tc_write_text(path, "t\n-1000\n5 0 0\n0 5 0\n0 0 5\nLi\n1\n"
                                         "Direct configuration= 1\n0.5 0.5 0.5\n"),
                     0);
    assert_int_equal(haven_traj_open(path, NULL, &t), HAVEN_OK);
    assert_int_equal(haven_traj_read(t, &f), HAVEN_OK);
    assert_true(fabs(f->cell[2][2] - 10e-10) < 1e-22); /* cbrt rounding only */
    assert_true(fabs(f->pos[0][0] - 5e-10) < 1e-22);
    haven_traj_free(t);
    remove(path);
}

/* Blank lines between blocks are allowed, before the first one too (the
 * frame-1 row check must skip them as the frame reader does). */
static void test_blank_lines(void **state)
{
    (void)state;
    char path[512];
    long frames;
    tc_tmp_path(path, sizeof path, "blank.XDATCAR");
    assert_int_equal(tc_write_text(path, "t\n1.0\n5 0 0\n0 5 0\n0 0 5\nLi O\n1 1\n\n"
                                         "Direct configuration= 1\n0.1 0.2 0.3\n0.4 0.5 0.6\n\n"
                                         "Direct configuration= 2\n0.1 0.2 0.3\n0.4 0.5 0.6\n"),
                     0);
    assert_int_equal(tc_read_all(path, HAVEN_FMT_XDATCAR, NULL, &frames), HAVEN_OK);
    assert_int_equal(frames, 2);
    remove(path);
}

/* The real LGPS trajectory (../shared/data/lgps_600K/XDATCAR, from
 * pymatgen-analysis-diffusion). Expected values are typed from the file. */
static void test_lgps(void **state)
{
    (void)state;
    const char *path = HAVEN_SHARED_DATA "/lgps_600K/XDATCAR";
    FILE *fp = fopen(path, "r");
    if (!fp)
        skip();
    fclose(fp);
    haven_traj *t;
    const haven_frame *f;
    assert_int_equal(haven_traj_open(path, NULL, &t), HAVEN_OK);
    assert_int_equal(haven_traj_n_atoms(t), 50); /* 20 + 2 + 4 + 24 */
    const char *names[] = {"Li", "Ge", "P", "S"};
    for (int k = 0; k < 4; k++)
        assert_string_equal(haven_traj_species_name(t, (size_t)k), names[k]);
    assert_int_equal(haven_traj_atom_species(t, 19), 0);
    assert_int_equal(haven_traj_atom_species(t, 20), 1);
    assert_int_equal(haven_traj_atom_species(t, 49), 3);
    long n = 0;
    double first[3] = {0}, last[3] = {0};
    while (haven_traj_read(t, &f) == HAVEN_OK) {
        if (n == 0)
            memcpy(first, f->pos[0], sizeof first);
        memcpy(last, f->pos[49], sizeof last);
        n++;
    }
    assert_int_equal(n, 1000);
    /* cell rows (8.729014, 0.018257, 0) ... (0, 0, 12.735865) A: |a| = 8.73, c = 12.74 */
    haven_traj_rewind(t);
    assert_int_equal(haven_traj_read(t, &f), HAVEN_OK);
    assert_true(fabs(hypot(f->cell[0][0], f->cell[0][1]) / 1e-10 - 8.729033) < 1e-6);
    assert_true(fabs(f->cell[2][2] / 1e-10 - 12.735865) < 1e-12);
    /* first atom, frame 1: frac (0.27985589 0.18994305 0.40092937) */
    double want0 = 0.27985589 * 8.729014 + 0.18994305 * 0.018257;
    assert_true(fabs(first[0] / 1e-10 - want0) < 1e-12);
    /* last atom, frame 1000: frac (0.27639343 0.01583328 0.18135072) */
    assert_true(fabs(last[2] / 1e-10 - 0.18135072 * 12.735865) < 1e-12);
    haven_traj_free(t);
}

/* Bad input: the status, and "path:line:" plus a phrase in the message. */
#define expect_bad(name, text, want, line, phrase)                                                 \
    assert_true(tc_check_bad(name, text, HAVEN_FMT_XDATCAR, NULL, want, line, phrase))

#define HDR "t\n1.0\n5 0 0\n0 5 0\n0 0 5\nLi O\n1 1\n"
#define FRAME "Direct configuration= 1\n0.1 0.2 0.3\n0.4 0.5 0.6\n"

static void test_bad_input(void **state)
{
    (void)state;
    expect_bad("empty.XDATCAR", "", HAVEN_ERR_FORMAT, 1, "unexpected end of file");
    expect_bad("trunc.XDATCAR", HDR FRAME "Direct configuration= 2\n0.1 0.2 0.3\n",
               HAVEN_ERR_FORMAT, 13, "truncated frame");
    expect_bad("wrong.XDATCAR", "ITEM: TIMESTEP\n100\nITEM: NUMBER OF ATOMS\n2\n", HAVEN_ERR_FORMAT,
               3, "expected a number, found 'ITEM:'");
    expect_bad("count.XDATCAR", HDR FRAME "t\n1.0\n5 0 0\n0 5 0\n0 0 5\nLi O\n2 1\n" FRAME,
               HAVEN_ERR_FORMAT, 17, "inconsistent atom count");
    expect_bad("text.XDATCAR", HDR FRAME "Direct configuration= 2\n0.1 abc 0.3\n0.4 0.5 0.6\n",
               HAVEN_ERR_FORMAT, 12, "expected a number, found 'abc'");
    expect_bad("nan.XDATCAR", HDR "Direct configuration= 1\n0.1 0.2 0.3\n0.4 NaN 0.6\n",
               HAVEN_ERR_VALUE, 10, "expected a finite number, found 'NaN'");
    expect_bad("inf.XDATCAR", HDR "Direct configuration= 1\n0.1 0.2 inf\n0.4 0.5 0.6\n",
               HAVEN_ERR_VALUE, 9, "'inf'");
    expect_bad("nocell.XDATCAR", "t\n1.0\n5 0 0\n0 5 0\n0 0 0\nLi O\n1 1\n" FRAME, HAVEN_ERR_VALUE,
               5, "degenerate cell");
    expect_bad("vasp4.XDATCAR", "t\n1.0\n5 0 0\n0 5 0\n0 0 5\n1 1\n" FRAME, HAVEN_ERR_FORMAT, 6,
               "element symbols");
    expect_bad("elem.XDATCAR", "t\n1.0\n5 0 0\n0 5 0\n0 0 5\nLi Qq\n1 1\n" FRAME, HAVEN_ERR_FORMAT,
               6, "unknown element 'Qq'");
    /* Counts are checked before they size anything: a sum that would wrap,
     * more atoms than the bytes left can hold, more than frame 1 has. */
    expect_bad("wrap.XDATCAR", "t\n1.0\n5 0 0\n0 5 0\n0 0 5\nLi O\n9223372036854775807 2\n" FRAME,
               HAVEN_ERR_FORMAT, 7, "atom counts add up to more than");
    expect_bad("bytes.XDATCAR", "t\n1.0\n5 0 0\n0 5 0\n0 0 5\nLi O\n1 8\n" FRAME, HAVEN_ERR_FORMAT,
               7, "is 9, but the 48 bytes left in the file hold at most 8 rows");
    expect_bad("rows.XDATCAR", "t\n1.0\n5 0 0\n0 5 0\n0 0 5\nLi O\n1 5\n" FRAME, HAVEN_ERR_FORMAT,
               11, "unexpected end of file (expected atom coordinates");
    expect_bad("rows2.XDATCAR", "t\n1.0\n5 0 0\n0 5 0\n0 0 5\nLi O\n1 2\n" FRAME FRAME,
               HAVEN_ERR_FORMAT, 11, "frame 1 has 2 atom rows, but the counts line adds up to 3");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed_cell),  cmocka_unit_test(test_triclinic_npt),
        cmocka_unit_test(test_gzip),        cmocka_unit_test(test_cartesian_scaled),
        cmocka_unit_test(test_lgps),        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_blank_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
