/* The defects fuzzing found, each with its input in tests/fuzz/regressions:
 * the reader must now refuse the input with the stated status and a
 * message, instead of crashing or misreading it. (The fuzz_replay_* tests
 * also run every input under the sanitizer build.) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "haven/eis.h"
#include "haven/kmc.h"
#include "haven/traj.h"

#include <stdlib.h>
#include <string.h>

#define REGRESSIONS HAVEN_EXAMPLES "/../tests/fuzz/regressions"

static void expect_traj_error(const char *file, haven_format format, haven_status want,
                              const char *message)
{
    haven_traj_options opt;
    haven_traj_options_init(&opt);
    opt.format = format;
    haven_traj *t = NULL;
    assert_int_equal(haven_traj_open(file, &opt, &t), want);
    assert_null(t);
    assert_non_null(strstr(haven_last_error(), message));
}

/* ML_OUTBLOCK 1e47: converting it to long was undefined (UBSan:
 * float-cast-overflow at src/io/vasprun.c:302). */
static void vasprun_ml_outblock_range(void **st)
{
    (void)st;
    expect_traj_error(REGRESSIONS "/vasprun/ml_outblock_1e47.xml", HAVEN_FMT_VASPRUN,
                      HAVEN_ERR_VALUE, "ML_OUTBLOCK");
}

/* XTC packed integers beyond the frame's stated range: adding the minimum
 * overflowed int (UBSan: signed-integer-overflow in xtc_decode.c). */
static void xtc_coordinate_overflow(void **st)
{
    (void)st;
    haven_traj_options opt;
    haven_traj_options_init(&opt);
    opt.format = HAVEN_FMT_XTC;
    opt.elements = "Li:*";
    haven_traj *t = NULL;
    const haven_frame *f;
    assert_int_equal(haven_traj_open(REGRESSIONS "/xtc/int_overflow_coordinate.xtc", &opt, &t),
                     HAVEN_OK);
    assert_int_equal(haven_traj_read(t, &f), HAVEN_ERR_FORMAT);
    assert_non_null(strstr(haven_last_error(), "frame 1: damaged packed coordinates: a "
                                               "coordinate lies beyond the frame's range"));
    haven_traj_free(t);
}

/* A data row of 4097 characters: the row was cut at 4095 and its last
 * number read short (-14.25 ohm as -14), exit 0. */
static void eis_long_row(void **st)
{
    (void)st;
    haven_eis_data d;
    assert_int_equal(
        haven_eis_read(REGRESSIONS "/eis/row_longer_than_4095.csv", NULL, HAVEN_EIS_SIGN_AUTO, &d),
        HAVEN_ERR_FORMAT);
    assert_non_null(strstr(haven_last_error(), ":12: line longer than 4095 characters"));
}

/* 27 site energies, the last at the end of a 4097-character line: fgets
 * into a 4096-byte buffer split 0.25 into 0.2 and 5 (fuzz_kmc_energies'
 * inputs are shorter; found reading energy.c). Read as 28 values for 27
 * sites it is an error; as 27 the last must be 0.25 eV. */
static void kmc_energy_across_buffer(void **st)
{
    (void)st;
    const char *path = REGRESSIONS "/kmc_energies/number_across_4096.txt";
    double *e = NULL;
    assert_int_equal(haven_kmc_read_site_energies(path, 28, &e), HAVEN_ERR_FORMAT);
    assert_non_null(strstr(haven_last_error(), "27 site energies for 28 sites"));
    assert_int_equal(haven_kmc_read_site_energies(path, 27, &e), HAVEN_OK);
    assert_true(e[26] == 0.25 * HAVEN_EV); /* the same product as the reader's */
    free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(vasprun_ml_outblock_range),
        cmocka_unit_test(xtc_coordinate_overflow),
        cmocka_unit_test(eis_long_row),
        cmocka_unit_test(kmc_energy_across_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
