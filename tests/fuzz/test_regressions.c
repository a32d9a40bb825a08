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

#include "reader_check.h"

#include <stdio.h>
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

/* Open and read to the end; the first failure must be `want` with `message`. */
static void expect_read_error(const char *file, haven_format format, haven_status want,
                              const char *message)
{
    haven_traj_options opt;
    haven_traj_options_init(&opt);
    opt.format = format;
    opt.elements = "Li:*";
    (void)haven_cell_from_text("10,11,12,80,90,100", opt.cell);
    haven_traj *t = NULL;
    const haven_frame *f;
    haven_status s = haven_traj_open(file, &opt, &t);
    while (s == HAVEN_OK)
        s = haven_traj_read(t, &f);
    haven_traj_free(t);
    assert_int_equal(s, want);
    if (!strstr(haven_last_error(), message))
        fail_msg("%s: message '%s' lacks '%s'", file, haven_last_error(), message);
}

/* A .npy header ending right after the quote of 'descr': reading the dtype
 * ran past the header (ASan: heap-buffer-overflow in parse_descr). */
static void npy_descr_at_end(void **st)
{
    (void)st;
    expect_read_error(REGRESSIONS "/npy/descr_at_end.npy", HAVEN_FMT_NPY, HAVEN_ERR_FORMAT,
                      "header has no simple 'descr'");
}

/* An atomic number of 7e16 in an .npz: converting it to int was undefined
 * (UBSan: float-cast-overflow in npz.c). */
static void npz_atomic_number_range(void **st)
{
    (void)st;
    expect_read_error(REGRESSIONS "/npz/atomic_number_7e16.npz", HAVEN_FMT_NPZ, HAVEN_ERR_FORMAT,
                      "no element with atomic number 7.23402e+16");
}

/* An ASE item offset of 4 GB in a 941-byte file: the bytes up to it were
 * allocated before reading (libFuzzer: out-of-memory, malloc of 4 GB). */
static void ase_item_beyond_end(void **st)
{
    (void)st;
    expect_read_error(REGRESSIONS "/ase/item_offset_4gb.traj", HAVEN_FMT_ASE_TRAJ, HAVEN_ERR_FORMAT,
                      "lies beyond the end of the file");
}

/* A TRR frame with no positions and a huge atom count: the positions
 * buffer was sized from the count (ASan: out of memory, 24 GB). Its forces
 * block (551 bytes) cannot hold 2^30 atoms either, which the header check
 * of the velocity and force block sizes now reports first. */
static void trr_count_without_positions(void **st)
{
    (void)st;
    expect_read_error(REGRESSIONS "/trr/no_positions_huge_count.trr", HAVEN_FMT_TRR,
                      HAVEN_ERR_FORMAT, "block sizes do not match 1073741824 atoms");
}

/* The same frame with its forces block size zeroed (bytes 60-63): the
 * header is consistent, and the count must still not size an allocation
 * before the file is known to hold that many positions. */
static void trr_count_without_positions_no_forces(void **st)
{
    (void)st;
    FILE *in = fopen(REGRESSIONS "/trr/no_positions_huge_count.trr", "rb");
    assert_non_null(in);
    unsigned char b[4096];
    size_t n = fread(b, 1, sizeof b, in);
    fclose(in);
    assert_true(n > 64);
    memset(b + 60, 0, 4);
    char path[512];
    tc_tmp_path(path, sizeof path, "trr_no_forces.trr");
    FILE *out = fopen(path, "wb");
    assert_non_null(out);
    assert_int_equal(fwrite(b, 1, n, out), n);
    fclose(out);
    expect_read_error(path, HAVEN_FMT_TRR, HAVEN_ERR_FORMAT, "positions of all atoms needs");
    remove(path);
}

/* An ASE item count of about 2^61: 8 x count wrapped, the offsets table was
 * allocated short and read past (ASan: heap-buffer-overflow in read_header). */
static void ase_item_count_wraps(void **st)
{
    (void)st;
    expect_read_error(REGRESSIONS "/ase/item_count_wraps.traj", HAVEN_FMT_ASE_TRAJ,
                      HAVEN_ERR_FORMAT, "items, offsets at");
}

/* An ASE 'numbers' array of no elements: memcpy from a NULL buffer
 * (UBSan: null pointer passed as argument in array_bytes). */
static void ase_empty_numbers(void **st)
{
    (void)st;
    expect_read_error(REGRESSIONS "/ase/empty_numbers.traj", HAVEN_FMT_ASE_TRAJ, HAVEN_ERR_FORMAT,
                      "no atoms");
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
        cmocka_unit_test(npy_descr_at_end),
        cmocka_unit_test(npz_atomic_number_range),
        cmocka_unit_test(ase_item_beyond_end),
        cmocka_unit_test(trr_count_without_positions),
        cmocka_unit_test(trr_count_without_positions_no_forces),
        cmocka_unit_test(ase_empty_numbers),
        cmocka_unit_test(ase_item_count_wraps),
        cmocka_unit_test(eis_long_row),
        cmocka_unit_test(kmc_energy_across_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
