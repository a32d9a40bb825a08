/* GROMACS files written by mdrun (tests/data/traj/make_gmx_md.sh: 20 Li and
 * 20 Cl Lennard-Jones atoms, md-vv, NVE, positions, velocities and forces
 * every 100 steps into md.trr, the same frames compressed into md.xtc):
 *   - the kinetic temperature from md.trr's velocities against GROMACS's own
 *     (gmx energy, md_temperature.txt), frame by frame and through the loader;
 *   - mixed.trr, velocities in every other frame only;
 *   - md.trr and md.xtc hold the same frames (to XTC's 1e-3 nm);
 *   - XTC with magic 2023 (GROMACS >= 2023, 64-bit packed byte count) reads
 *     bit for bit as the magic-1995 file it was rewritten from;
 *   - truncated frames fail naming the file and the frame. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "reader_check.h"

#include "haven/core.h"
#include "haven/series.h"
#include "haven/traj.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIR HAVEN_TEST_DATA "/traj/"
enum { NA = 40, NF = 101 };
#define KB 1.380649e-23 /* J/K, CODATA 2018 exact */

static haven_traj *open_md(const char *path, const char *elements)
{
    haven_traj *t = tc_open_elements(path, elements);
    if (!t)
        fail_msg("%s", haven_last_error());
    return t;
}

/* GROMACS's temperature per output step (K). */
static void gmx_temperatures(long *step, double *temp)
{
    FILE *g = fopen(DIR "md_temperature.txt", "r");
    assert_non_null(g);
    char line[256];
    int n = 0;
    while (fgets(line, sizeof line, g))
        if (line[0] != '#') {
            assert_true(n < NF);
            assert_int_equal(sscanf(line, "%ld %lf", &step[n], &temp[n]), 2);
            n++;
        }
    fclose(g);
    assert_int_equal(n, NF);
}

/* 2 KE / (k_B (3N - 3)) with the centre-of-mass motion removed, as
 * GROMACS counts it with comm-mode Linear. */
static double kinetic_temperature(const haven_traj *t, const haven_frame *f)
{
    double ke2 = 0, p[3] = {0, 0, 0}, mt = 0;
    for (size_t i = 0; i < NA; i++) {
        double m = haven_traj_atom_mass(t, i);
        for (int k = 0; k < 3; k++) {
            ke2 += m * f->vel[i][k] * f->vel[i][k];
            p[k] += m * f->vel[i][k];
        }
        mt += m;
    }
    ke2 -= (p[0] * p[0] + p[1] * p[1] + p[2] * p[2]) / mt;
    return ke2 / (KB * (3.0 * NA - 3));
}

/* From the start of t, the loader's temperature is from the velocities and
 * equals `mean` (K) to 1e-5 relative. */
static void check_loader_temperature(haven_traj *t, double mean)
{
    assert_int_equal(haven_traj_rewind(t), HAVEN_OK);
    haven_store *st;
    haven_load_info info;
    haven_load_options lo;
    haven_load_options_init(&lo);
    assert_int_equal(haven_load(t, &lo, &st, &info), HAVEN_OK);
    assert_int_equal(info.temperature_source, 1);
    assert_true(fabs(info.temperature / mean - 1) < 1e-5);
    haven_load_info_clear(&info);
    haven_store_free(st);
}

/* Every frame of md.trr has velocities in m/s: the temperature from them
 * matches GROMACS's at the same step to 1e-5 relative (float32 velocities
 * and GROMACS's mixed-precision sum: ~1e-7; found 3e-7 at worst), and the
 * loader's mean over the run matches the mean of GROMACS's. */
static void test_trr_velocities_temperature(void **state)
{
    (void)state;
    long step[NF];
    double temp[NF], worst = 0, mean = 0;
    gmx_temperatures(step, temp);
    haven_traj *t = open_md(DIR "md.trr", "Li:20,Cl:20");
    const haven_frame *f;
    for (int n = 0; n < NF; n++) {
        assert_int_equal(haven_traj_read(t, &f), HAVEN_OK);
        assert_non_null(f->vel);
        assert_int_equal(f->step, step[n]);
        worst = fmax(worst, fabs(kinetic_temperature(t, f) / temp[n] - 1));
        mean += temp[n] / NF;
    }
    assert_int_equal(haven_traj_read(t, &f), HAVEN_EOF);
    print_message("md.trr: kinetic temperature within %.2g of gmx energy's\n", worst);
    assert_true(worst < 1e-5);
    check_loader_temperature(t, mean);
    haven_traj_free(t);
}

/* mixed.trr: the same run (same input, seed and single thread, so the same
 * trajectory) for 2000 steps, positions every 100 steps and velocities
 * every 200: every other frame has velocities, the others read with vel
 * NULL; positions and velocities are md.trr's, and the loader's temperature
 * is GROMACS's mean over the frames that have velocities. */
static void test_trr_velocities_every_other_frame(void **state)
{
    (void)state;
    long step[NF];
    double temp[NF], mean = 0;
    gmx_temperatures(step, temp);
    haven_traj *a = open_md(DIR "md.trr", "Li:20,Cl:20"),
               *b = open_md(DIR "mixed.trr", "Li:20,Cl:20");
    const haven_frame *fa, *fb;
    int n = 0;
    haven_status s;
    while ((s = haven_traj_read(b, &fb)) == HAVEN_OK) {
        assert_int_equal(haven_traj_read(a, &fa), HAVEN_OK);
        assert_int_equal(fb->step, fa->step);
        assert_memory_equal(fb->pos, fa->pos, NA * sizeof *fa->pos);
        assert_true((fb->vel != NULL) == (fb->step % 200 == 0));
        if (fb->vel) {
            assert_memory_equal(fb->vel, fa->vel, NA * sizeof *fa->vel);
            mean += temp[n] / 11;
        }
        n++;
    }
    assert_int_equal(s, HAVEN_EOF);
    assert_int_equal(n, 21);
    check_loader_temperature(b, mean);
    haven_traj_free(a);
    haven_traj_free(b);
}

/* md.xtc holds md.trr's positions rounded to 1/precision = 1e-3 nm: half
 * of it plus a float32 ulp of 2 nm; the same steps, times and box. */
static void test_trr_xtc_same_frames(void **state)
{
    (void)state;
    haven_traj *a = open_md(DIR "md.trr", "Li:20,Cl:20"), *b = open_md(DIR "md.xtc", "Li:20,Cl:20");
    assert_int_equal(haven_traj_format(a), HAVEN_FMT_TRR);
    assert_int_equal(haven_traj_format(b), HAVEN_FMT_XTC);
    const haven_frame *fa, *fb;
    double worst = 0;
    for (int n = 0; n < NF; n++) {
        assert_int_equal(haven_traj_read(a, &fa), HAVEN_OK);
        assert_int_equal(haven_traj_read(b, &fb), HAVEN_OK);
        assert_null(fb->vel);
        assert_int_equal(fa->step, fb->step);
        assert_true(fabs(fa->time - fb->time) < 1e-18);
        for (int j = 0; j < 9; j++)
            assert_true(fabs(fa->cell[j / 3][j % 3] - fb->cell[j / 3][j % 3]) < 1e-18);
        for (size_t i = 0; i < NA; i++)
            for (int k = 0; k < 3; k++)
                worst = fmax(worst, fabs(fa->pos[i][k] - fb->pos[i][k]));
    }
    assert_int_equal(haven_traj_read(a, &fa), HAVEN_EOF);
    assert_int_equal(haven_traj_read(b, &fb), HAVEN_EOF);
    haven_traj_free(a);
    haven_traj_free(b);
    print_message("md.xtc within %.3g nm of md.trr\n", worst * 1e9);
    assert_true(worst <= (0.5e-3 + 2.4e-7) * 1e-9);
}

/* mol2023.xtc: every frame of mol.xtc (gmx) in the magic-2023 layout. */
static void test_xtc_magic_2023(void **state)
{
    (void)state;
    haven_traj *a = open_md(DIR "mol.xtc", "O:*"), *b = open_md(DIR "mol2023.xtc", "O:*");
    assert_int_equal(haven_traj_format(b), HAVEN_FMT_XTC);
    assert_int_equal(haven_traj_n_atoms(b), 120);
    const haven_frame *fa, *fb;
    int n = 0;
    haven_status sa, sb;
    while ((sa = haven_traj_read(a, &fa)) == HAVEN_OK) {
        assert_int_equal(sb = haven_traj_read(b, &fb), HAVEN_OK);
        assert_memory_equal(fa->pos, fb->pos, 120 * sizeof *fa->pos);
        assert_memory_equal(fa->cell, fb->cell, sizeof fa->cell);
        assert_int_equal(fa->step, fb->step);
        n++;
    }
    assert_int_equal(sa, HAVEN_EOF);
    assert_int_equal(haven_traj_read(b, &fb), HAVEN_EOF);
    assert_int_equal(n, 3);
    haven_traj_free(a);
    haven_traj_free(b);
}

/* The first `keep` bytes of a fixture, as a file in the test folder. */
static void truncated_copy(const char *src, long keep, const char *dst)
{
    FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
    assert_non_null(in);
    assert_non_null(out);
    for (long k = 0; k < keep; k++) {
        int c = fgetc(in);
        assert_true(c != EOF);
        fputc(c, out);
    }
    fclose(in);
    fclose(out);
}

/* Reading every frame of path stops at frame `bad` with an error naming
 * the file, the frame and what was being read. */
static void expect_frame_error(const char *path, const char *elements, int bad, const char *what)
{
    haven_traj *t = open_md(path, elements);
    const haven_frame *f;
    for (int n = 1; n < bad; n++)
        assert_int_equal(haven_traj_read(t, &f), HAVEN_OK);
    assert_int_equal(haven_traj_read(t, &f), HAVEN_ERR_FORMAT);
    const char *msg = haven_last_error();
    char frame[32];
    snprintf(frame, sizeof frame, "frame %d", bad);
    print_message("%s\n", msg);
    assert_non_null(strstr(msg, path));
    assert_non_null(strstr(msg, frame));
    assert_non_null(strstr(msg, what));
    haven_traj_free(t);
}

static void test_truncated(void **state)
{
    (void)state;
    char path[512];
    /* md.trr: 1560 bytes a frame (header 120, box 36, x, v, f 480 each);
     * cut in frame 3's velocities */
    tc_tmp_path(path, sizeof path, "md_cut.trr");
    truncated_copy(DIR "md.trr", 2 * 1560 + 120 + 36 + 480 + 100, path);
    expect_frame_error(path, "Li:20,Cl:20", 3, "velocities");
    remove(path);
    /* mol2023.xtc cut 100 bytes before its end: in frame 3's packed data */
    FILE *g = fopen(DIR "mol2023.xtc", "rb");
    assert_non_null(g);
    fseek(g, 0, SEEK_END);
    long size = ftell(g);
    fclose(g);
    tc_tmp_path(path, sizeof path, "mol2023_cut.xtc");
    truncated_copy(DIR "mol2023.xtc", size - 100, path);
    expect_frame_error(path, "O:*", 3, "packed coordinates");
    remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trr_velocities_temperature),
        cmocka_unit_test(test_trr_velocities_every_other_frame),
        cmocka_unit_test(test_trr_xtc_same_frames),
        cmocka_unit_test(test_xtc_magic_2023),
        cmocka_unit_test(test_truncated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
