/* Extended XYZ reader: fixture round trips (triclinic + variable cell,
 * gzip), Time/Step metadata, the unwrapped=T flag, detection, and one test
 * per kind of bad input with the file and line in the message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "reader_check.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* 17 significant digits are written, so positions come back to the last
 * bit; 1e-8 A is the brief's 1e-9 relative bound on a 10 A cell. */
#define POS_TOL 1e-8

static void round_trip(int gzip)
{
    fixture_system s;
    char path[512], gz[512];
    assert_int_equal(fixture_make(&s, 24, 20, 11, 1, 1), 0);
    tc_tmp_path(path, sizeof path, "fix.xyz");
    tc_tmp_path(gz, sizeof gz, "fix.xyz.gz");
    assert_int_equal(fixture_write_extxyz(&s, path), 0);
    if (gzip)
        assert_int_equal(tc_gzip(path, gz), 0);
    haven_traj *t;
    assert_int_equal(haven_traj_open(gzip ? gz : path, NULL, &t), HAVEN_OK);
    assert_int_equal(haven_traj_format(t), HAVEN_FMT_EXTXYZ);
    assert_int_equal(haven_traj_n_species(t), 3);
    assert_string_equal(haven_traj_species_name(t, 1), "Cl");
    for (int pass = 0; pass < 2; pass++) {
        double cell_err, err = tc_max_pos_error(t, &s, 0, &cell_err);
        assert_true(err >= 0 && err < POS_TOL);
        assert_true(cell_err < 1e-12); /* exact digits; only the 1e-10 scaling rounds */
        assert_int_equal(haven_traj_rewind(t), HAVEN_OK);
    }
    const haven_frame *f;
    assert_int_equal(haven_traj_read(t, &f), HAVEN_OK);
    assert_int_equal(haven_traj_read(t, &f), HAVEN_OK);
    assert_int_equal(f->coords, HAVEN_COORD_WRAPPED);
    assert_int_equal(f->step, s.stride);                                   /* Step=10 */
    assert_true(fabs(f->time - s.stride * s.timestep_fs * 1e-15) < 1e-28); /* Time=20 fs */
    assert_null(f->vel);
    haven_traj_free(t);
    fixture_free(&s);
    remove(path);
    remove(gz);
}

static void test_round_trip(void **state)
{
    (void)state, round_trip(0);
}
static void test_gzip(void **state)
{
    (void)state, round_trip(1);
}

/* Default Properties, quoted Lattice with braces, unwrapped=T flag, no Time. */
static void test_minimal_comment(void **state)
{
    (void)state;
    char path[512];
    tc_tmp_path(path, sizeof path, "min.xyz");
    assert_int_equal(tc_write_text(path, "2\nLattice=\"4 0 0 0 4 0 0 0 4\" unwrapped=T\n"
                                         "Li 1.5 -2 9\nO 0 0 0.25\n"),
                     0);
    haven_traj *t;
    const haven_frame *f;
    assert_int_equal(haven_traj_open(path, NULL, &t), HAVEN_OK);
    assert_int_equal(haven_traj_read(t, &f), HAVEN_OK);
    assert_int_equal(f->coords, HAVEN_COORD_UNWRAPPED);
    assert_true(isnan(f->time));
    assert_int_equal(f->step, -1);
    assert_true(fabs(f->pos[0][2] - 9e-10) < 1e-24); /* one rounding of 9 * 1e-10 */
    assert_true(fabs(f->pos[1][2] - 0.25e-10) < 1e-24);
    assert_int_equal(haven_traj_read(t, &f), HAVEN_EOF);
    haven_traj_free(t);
    remove(path);
}

/* Bad input: the status, and "path:line:" plus a phrase in the message. */
#define expect_bad(name, text, want, line, phrase)                                                 \
    assert_true(tc_check_bad(name, text, HAVEN_FMT_EXTXYZ, NULL, want, line, phrase))

#define FR "2\nLattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R:3 Time=1\n"

static void test_bad_input(void **state)
{
    (void)state;
    expect_bad("empty.xyz", "", HAVEN_ERR_FORMAT, 1, "no frames");
    expect_bad("trunc.xyz", FR "Li 0 0 0\nO 1 1 1\n" FR "Li 0 0 0\n", HAVEN_ERR_FORMAT, 8,
               "truncated frame");
    expect_bad("short.xyz", FR "Li 0 0 0\nO 1 1\n", HAVEN_ERR_FORMAT, 4,
               "expected a number, found end of line");
    expect_bad("wrong.xyz", "ITEM: TIMESTEP\n0\n", HAVEN_ERR_FORMAT, 1,
               "expected an integer, found 'ITEM:'");
    expect_bad("plain.xyz", "2\nwater\nLi 0 0 0\nO 1 1 1\n", HAVEN_ERR_FORMAT, 2, "missing cell");
    expect_bad("count.xyz", FR "Li 0 0 0\nO 1 1 1\n3\n", HAVEN_ERR_FORMAT, 5,
               "inconsistent atom count");
    expect_bad("text.xyz", FR "Li 0 0 0\nO 1 x1 1\n", HAVEN_ERR_FORMAT, 4,
               "expected a number, found 'x1'");
    expect_bad("nan.xyz", FR "Li 0 0 0\nO 1 1 1\n" FR "Li nan 0 0\nO 1 1 1\n", HAVEN_ERR_VALUE, 7,
               "expected a finite number, found 'nan'");
    expect_bad("inf.xyz", FR "Li 0 0 -Inf\nO 1 1 1\n", HAVEN_ERR_VALUE, 3, "'-Inf'");
    expect_bad("species.xyz", FR "Li 0 0 0\nO 1 1 1\n" FR "O 0 0 0\nO 1 1 1\n", HAVEN_ERR_FORMAT, 7,
               "atom 1 is O, but Li in frame 1");
    expect_bad("lattice.xyz", "1\nLattice=\"5 0 0 0 5 0 0 0\"\nLi 0 0 0\n", HAVEN_ERR_FORMAT, 2,
               "expected a number, found end of line");
    expect_bad("props.xyz", "1\nLattice=\"5 0 0 0 5 0 0 0 5\" Properties=pos:R:3\n0 0 0\n",
               HAVEN_ERR_FORMAT, 2, "Properties lacks species");
    /* Counts are checked before they size anything: a count line beyond
     * what the file holds, fewer rows than counted, a Properties count
     * whose column sum would overflow, an unknown property type. */
    expect_bad("huge.xyz", "779773407\nLattice=\"5 0 0 0 5 0 0 0 5\"\nLi 0 0 0\n", HAVEN_ERR_FORMAT,
               1, "atom count is 779773407, but the 37 bytes left in the file hold at most 4 rows");
    expect_bad("rows.xyz", "5\nLattice=\"5 0 0 0 5 0 0 0 5\"\nLi 0 0 0\nO 1 1 1\n",
               HAVEN_ERR_FORMAT, 5, "unexpected end of file (expected atom row");
    expect_bad("propcount.xyz",
               "1\nLattice=\"5 0 0 0 5 0 0 0 5\" "
               "Properties=species:S:1:pos:R:3:foo:R:9223372036854775807\nLi 0 0 0 1\n",
               HAVEN_ERR_FORMAT, 2, "Properties entry 'foo' has count '9223372036854775807'");
    expect_bad("proptype.xyz",
               "1\nLattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:X:3\nLi 0 0 0\n",
               HAVEN_ERR_FORMAT, 2, "Properties entry 'pos' has type 'X' (expected S, R, I or L)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_gzip),
        cmocka_unit_test(test_minimal_comment),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
