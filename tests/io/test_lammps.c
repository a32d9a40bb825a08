/* LAMMPS dump reader: fixture round trips with several column sets (image
 * flags, unwrapped, scaled, velocities), shuffled rows, triclinic and
 * variable cells, gzip, units real, sparse ids, and one test per kind of
 * bad input with the file and line in the message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "reader_check.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* 17 significant digits are written; the reader's only roundings are the
 * 1e-10 scaling and, for image flags or scaled columns, one cell product
 * (~1e-14 A). 1e-8 A is the brief's 1e-9 relative bound on a 10 A cell. */
#define POS_TOL 1e-8
#define TYPES "1=Li,2=Cl,3=La"

static void round_trip(const char *columns, int triclinic, int gzip, haven_coord_kind want,
                       int unwrapped)
{
    fixture_system s;
    char path[512], gz[512];
    assert_int_equal(fixture_make(&s, 36, 20, 3, triclinic, triclinic), 0);
    tc_tmp_path(path, sizeof path, "fix.dump");
    tc_tmp_path(gz, sizeof gz, "fix.dump.gz");
    assert_int_equal(fixture_write_lammps(&s, path, columns), 0);
    if (gzip)
        assert_int_equal(tc_gzip(path, gz), 0);
    haven_traj_options opt;
    haven_traj_options_init(&opt);
    opt.types = TYPES;
    haven_traj *t;
    if (haven_traj_open(gzip ? gz : path, &opt, &t) != HAVEN_OK)
        fail_msg("%s: %s", columns, haven_last_error());
    assert_int_equal(haven_traj_format(t), HAVEN_FMT_LAMMPS_DUMP);
    assert_string_equal(haven_traj_species_name(t, haven_traj_atom_species(t, 5)), "La");
    double cell_err, err = tc_max_pos_error(t, &s, unwrapped, &cell_err);
    if (!(err >= 0 && err < POS_TOL && cell_err < 1e-12))
        fail_msg("%s: position error %g A, cell error %g A", columns, err, cell_err);
    assert_int_equal(haven_traj_rewind(t), HAVEN_OK);
    const haven_frame *f;
    assert_int_equal(haven_traj_read(t, &f), HAVEN_OK);
    assert_int_equal(haven_traj_read(t, &f), HAVEN_OK);
    assert_int_equal(f->coords, want);
    assert_int_equal(f->step, s.stride);
    /* ITEM: TIME in ps (units metal): 20 fs */
    assert_true(fabs(f->time - s.stride * s.timestep_fs * 1e-15) < 1e-27);
    if (strstr(columns, "vx")) { /* A/ps -> m/s is x100, one rounding */
        for (size_t i = 0; i < s.n_atoms; i++)
            for (int k = 0; k < 3; k++)
                assert_true(fabs(f->vel[i][k] - 100 * fixture_lammps_velocity(1, i, k)) < 1e-12);
    } else {
        assert_null(f->vel);
    }
    haven_traj_free(t);
    fixture_free(&s);
    remove(path);
    remove(gz);
}

static void test_images(void **state)
{
    (void)state;
    round_trip("id type x y z ix iy iz", 1, 0, HAVEN_COORD_IMAGES, 1);
    round_trip("iz type iy xs ys zs ix id", 0, 0, HAVEN_COORD_IMAGES, 1);
}

static void test_unwrapped(void **state)
{
    (void)state;
    round_trip("element xu yu zu id vx vy vz", 1, 0, HAVEN_COORD_UNWRAPPED, 1);
    round_trip("id element q xsu ysu zsu", 1, 0, HAVEN_COORD_UNWRAPPED, 1);
}

static void test_wrapped(void **state)
{
    (void)state;
    round_trip("type id xs ys zs", 1, 0, HAVEN_COORD_WRAPPED, 0);
    round_trip("id type x y z", 0, 1, HAVEN_COORD_WRAPPED, 0); /* gzip */
}

/* Hand-written: units real (A/fs, fs), sparse ids sorted, no trailing newline. */
static void test_real_units_sparse_ids(void **state)
{
    (void)state;
    char path[512];
    tc_tmp_path(path, sizeof path, "real.dump");
    assert_int_equal(tc_write_text(path, "ITEM: UNITS\nreal\nITEM: TIME\n250\nITEM: TIMESTEP\n"
                                         "125\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS pp pp "
                                         "pp\n-1 4\n0 5\n0 5\nITEM: ATOMS id element x y z vx "
                                         "vy vz\n10 O 1 2 3 0 0 0.5\n5 Li 0.5 0 0 0.01 0 0"),
                     0);
    haven_traj *t;
    const haven_frame *f;
    assert_int_equal(haven_traj_open(path, NULL, &t), HAVEN_OK);
    assert_string_equal(haven_traj_species_name(t, 0), "Li"); /* id 5 comes first */
    assert_int_equal(haven_traj_read(t, &f), HAVEN_OK);
    assert_int_equal(f->step, 125);
    assert_true(fabs(f->time - 250e-15) < 1e-28);
    assert_true(fabs(f->vel[0][0] - 1000.0) < 1e-9); /* 0.01 A/fs = 1000 m/s */
    assert_true(fabs(f->vel[1][2] - 5e4) < 1e-9);
    assert_true(fabs(f->pos[1][2] - 3e-10) < 1e-24);
    assert_true(fabs(f->cell[0][0] - 5e-10) < 1e-24); /* xhi - xlo = 4 - (-1) */
    assert_int_equal(haven_traj_read(t, &f), HAVEN_EOF);
    haven_traj_free(t);
    remove(path);
}

/* Bad input: the status, and "path:line:" plus a phrase in the message. */
#define expect_bad(name, text, types, want, line, phrase)                                          \
    assert_true(tc_check_bad(name, text, HAVEN_FMT_LAMMPS_DUMP, types, want, line, phrase))

#define HEAD "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n2\n"
#define BOX "ITEM: BOX BOUNDS pp pp pp\n0 5\n0 5\n0 5\n"
#define ATOMS "ITEM: ATOMS id type x y z\n"
#define FR HEAD BOX ATOMS "1 1 0 0 0\n2 2 1 1 1\n"

static void test_bad_input(void **state)
{
    (void)state;
    expect_bad("empty.dump", "", TYPES, HAVEN_ERR_FORMAT, 1, "no frames");
    expect_bad("trunc.dump", FR HEAD BOX ATOMS "1 1 0 0 0\n", TYPES, HAVEN_ERR_FORMAT, 22,
               "truncated frame");
    expect_bad("trunchead.dump", FR HEAD "ITEM: BOX BOUNDS pp pp pp\n0 5\n", TYPES,
               HAVEN_ERR_FORMAT, 18, "box bounds");
    expect_bad("wrong.dump", "t\n1.0\n5 0 0\n", TYPES, HAVEN_ERR_FORMAT, 1,
               "expected an 'ITEM:' header line, found 't'");
    expect_bad("count.dump", FR "ITEM: TIMESTEP\n1\nITEM: NUMBER OF ATOMS\n3\n" BOX ATOMS, TYPES,
               HAVEN_ERR_FORMAT, 15, "inconsistent atom count");
    expect_bad("text.dump", FR HEAD BOX ATOMS "1 1 0 0 0\n2 2 1 one 1\n", TYPES, HAVEN_ERR_FORMAT,
               22, "expected a number, found 'one'");
    expect_bad("nan.dump", HEAD BOX ATOMS "1 1 0 0 0\n2 2 1 1 -nan\n", TYPES, HAVEN_ERR_VALUE, 11,
               "expected a finite number, found '-nan'");
    expect_bad("inf.dump", HEAD BOX ATOMS "1 1 inf 0 0\n2 2 1 1 1\n", TYPES, HAVEN_ERR_VALUE, 10,
               "'inf'");
    expect_bad("nobox.dump", HEAD ATOMS "1 1 0 0 0\n2 2 1 1 1\n", TYPES, HAVEN_ERR_FORMAT, 5,
               "missing cell");
    expect_bad("dup.dump", FR HEAD BOX ATOMS "1 1 0 0 0\n1 1 1 1 1\n", TYPES, HAVEN_ERR_FORMAT, 22,
               "atom id 1 appears twice");
    expect_bad("newid.dump", FR HEAD BOX ATOMS "1 1 0 0 0\n7 2 1 1 1\n", TYPES, HAVEN_ERR_FORMAT,
               22, "atom id 7 is not in the first frame");
    expect_bad("type.dump", FR HEAD BOX ATOMS "1 2 0 0 0\n2 2 1 1 1\n", TYPES, HAVEN_ERR_FORMAT, 21,
               "atom 1 has type 2, but 1 in frame 1");
    expect_bad("nocoord.dump", HEAD BOX "ITEM: ATOMS id type x y\n1 1 0 0\n2 2 1 1\n", TYPES,
               HAVEN_ERR_FORMAT, 9, "no coordinate columns");
    expect_bad("abc.dump", HEAD "ITEM: BOX BOUNDS abc origin pp pp pp\n5 0 0 0\n", TYPES,
               HAVEN_ERR_FORMAT, 5, "general triclinic");
    expect_bad("units.dump", "ITEM: UNITS\nlj\n" FR, TYPES, HAVEN_ERR_FORMAT, 2,
               "units 'lj' not supported");
    expect_bad("image.dump",
               HEAD BOX "ITEM: ATOMS id type x y z ix iy iz\n1 1 0 0 0 0 0 0.5\n"
                        "2 2 1 1 1 0 0 0\n",
               TYPES, HAVEN_ERR_FORMAT, 10, "expected an integer image flag");
    expect_bad("imagerange.dump",
               HEAD BOX "ITEM: ATOMS id type x y z ix iy iz\n1 1 0 0 0 0 0 4294967296\n"
                        "2 2 1 1 1 0 0 0\n",
               TYPES, HAVEN_ERR_VALUE, 10, "image flag 4294967296 out of range");
    /* The file ends where the units style should be (an unset line was read). */
    expect_bad("unitseof.dump", "ITEM: UNITS\n", TYPES, HAVEN_ERR_FORMAT, 2,
               "unexpected end of file (expected units style)");
    /* Counts are checked before they size anything: 2^59 + 1 rows of 32 B
     * wrapped to 32 B; more atoms than the bytes left hold; fewer rows. */
    expect_bad("wrap.dump",
               "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n576460752303423489\n" BOX ATOMS
               "1 1 0 0 0\n",
               TYPES, HAVEN_ERR_FORMAT, 4, "number of atoms is 576460752303423489, but the");
    expect_bad("rows.dump", "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n5\n" BOX ATOMS "1 1 0 0 0\n",
               TYPES, HAVEN_ERR_FORMAT, 11, "unexpected end of file (expected atom row");
    expect_bad("zero.dump", "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n0\n" BOX ATOMS, TYPES,
               HAVEN_ERR_FORMAT, 4, "number of atoms must be positive, found 0");
    /* no type map: the message names the type and the option (no line: a usage problem) */
    expect_bad("notypes.dump", FR, NULL, HAVEN_ERR_FORMAT, 0, "atom type 1 has no element");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_images),    cmocka_unit_test(test_unwrapped),
        cmocka_unit_test(test_wrapped),   cmocka_unit_test(test_real_units_sparse_ids),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
