/* Unwrapping and loading: wrapped, image-flag and unwrapped input give the
 * same continuous paths; drift removal; the time base from file and options. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "check.h"
#include "fixture.h"
#include "haven/msd.h"
#include "haven/series.h"
#include "series/unwrap.h"
#include "traj_check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NA = 24, NF = 300 };

/* Frames of the fixture in one of the three coordinate kinds. */
static void make_frame(const fixture_system *s, size_t f, haven_coord_kind kind, haven_frame *fr)
{
    fr->n_atoms = s->n_atoms;
    fr->coords = kind;
    fr->index = (long)f;
    fr->time = NAN;
    fr->step = -1;
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++)
            fr->cell[a][b] = s->cell[f][a][b] * 1e-10;
    for (size_t i = 0; i < s->n_atoms; i++) {
        double cart[3], frac[3];
        int img[3];
        fixture_wrapped(s, f, i, cart, frac, img);
        for (int k = 0; k < 3; k++) {
            fr->pos[i][k] =
                (kind == HAVEN_COORD_UNWRAPPED ? s->pos[f * s->n_atoms + i][k] : cart[k]) * 1e-10;
            fr->image[i][k] = img[k];
        }
    }
}

/* (3) Wrapped, imaged and unwrapped input: identical displacements. Paths
 * agree to 1e-9 A (rounding of ~10 A coordinates over 300 frames). */
static void three_coordinate_kinds_agree(void **state)
{
    (void)state;
    fixture_system s;
    assert_int_equal(fixture_make(&s, NA, NF, 5, 1, 0), 0);
    haven_frame fr = {0};
    fr.pos = calloc(NA, sizeof *fr.pos);
    fr.image = calloc(NA, sizeof *fr.image);
    haven_unwrapper u[3];
    double(*start)[3][3] = calloc(NA, sizeof *start);
    const haven_coord_kind kinds[3] = {HAVEN_COORD_WRAPPED, HAVEN_COORD_IMAGES,
                                       HAVEN_COORD_UNWRAPPED};
    for (int k = 0; k < 3; k++)
        assert_int_equal(haven_unwrapper_init(&u[k], NA, 0), HAVEN_OK);
    double worst = 0;
    for (size_t f = 0; f < NF; f++)
        for (int k = 0; k < 3; k++) {
            make_frame(&s, f, kinds[k], &fr);
            assert_int_equal(haven_unwrapper_step(&u[k], &fr, "fixture"), HAVEN_OK);
            for (size_t i = 0; i < NA; i++)
                for (int c = 0; c < 3; c++) {
                    if (f == 0)
                        start[i][k][c] = u[k].path[i][c];
                    double disp = (u[k].path[i][c] - start[i][k][c]) * 1e10;
                    double truth = s.pos[f * NA + i][c] - s.pos[i][c];
                    worst = fmax(worst, fabs(disp - truth));
                }
        }
    assert_true(worst < 1e-9);
    assert_int_equal(u[0].n_large, 0);
    for (int k = 0; k < 3; k++)
        haven_unwrapper_clear(&u[k]);
    free(start);
    free(fr.pos);
    free(fr.image);
    fixture_free(&s);
}

/* Sparse sampling: a step of 0.4 of the cell is flagged (threshold 0.25). */
static void large_jump_is_flagged(void **state)
{
    (void)state;
    haven_unwrapper u;
    assert_int_equal(haven_unwrapper_init(&u, 1, 0), HAVEN_OK);
    double pos[1][3] = {{1e-10, 1e-10, 1e-10}};
    haven_frame fr = {.n_atoms = 1, .pos = pos, .coords = HAVEN_COORD_WRAPPED};
    for (int k = 0; k < 3; k++)
        fr.cell[k][k] = 10e-10;
    assert_int_equal(haven_unwrapper_step(&u, &fr, "x"), HAVEN_OK);
    pos[0][0] += 4e-10;
    fr.index = 1;
    assert_int_equal(haven_unwrapper_step(&u, &fr, "x"), HAVEN_OK);
    assert_int_equal(u.n_large, 1);
    pos[0][1] = NAN;
    assert_int_equal(haven_unwrapper_step(&u, &fr, "x"), HAVEN_ERR_VALUE);
    haven_unwrapper_clear(&u);
}

static haven_traj *open_vasprun(const fixture_system *s, const char *tag, double dt_fs, long stride,
                                char *path)
{
    scratch_path(path, 256, tag, ".xml");
    assert_int_equal(fixture_write_vasprun(s, path), 0);
    haven_traj_options o;
    haven_traj_options_init(&o);
    o.timestep_fs = dt_fs;
    o.stride = stride;
    haven_traj *t = NULL;
    assert_int_equal(haven_traj_open(path, &o, &t), HAVEN_OK);
    return t;
}

/* vasprun.xml holds every ionic step (NBLOCK thins only XDATCAR), so POTIM
 * sets the interval; options that agree are fine, options that disagree are
 * errors naming the option. */
static void time_base_from_file_and_options(void **state)
{
    (void)state;
    fixture_system s;
    assert_int_equal(fixture_make(&s, 6, 20, 1, 0, 0), 0);
    char path[256];
    haven_store *st;
    haven_load_info info;
    haven_traj *t = open_vasprun(&s, "tb1", 0, 0, path);
    assert_int_equal(haven_load(t, NULL, &st, &info), HAVEN_OK);
    assert_rel(info.frame_interval, s.timestep_fs * 1e-15, 1e-12);
    assert_rel(info.temperature, s.temperature, 1e-12);
    assert_int_equal(info.n_frames, 20);
    haven_store_free(st);
    haven_traj_free(t);
    t = open_vasprun(&s, "tb2", s.timestep_fs, 1, path);
    assert_int_equal(haven_load(t, NULL, &st, &info), HAVEN_OK);
    haven_store_free(st);
    haven_traj_free(t);
    t = open_vasprun(&s, "tb3", 1.0, 0, path);
    assert_int_equal(haven_load(t, NULL, &st, &info), HAVEN_ERR_VALUE);
    assert_non_null(strstr(haven_last_error(), "--timestep"));
    assert_null(st);
    haven_traj_free(t);
    t = open_vasprun(&s, "tb4", 0, 3, path);
    assert_int_equal(haven_load(t, NULL, &st, &info), HAVEN_ERR_VALUE);
    assert_non_null(strstr(haven_last_error(), "--stride"));
    haven_traj_free(t);
    remove(path);
    fixture_free(&s);
}

/* A uniform drift added to every atom disappears with system drift removal:
 * the MSD equals that of the undrifted fixture to 1e-9 relative. */
static void drift_is_removed(void **state)
{
    (void)state;
    fixture_system s, d;
    assert_int_equal(fixture_make(&s, NA, 60, 9, 0, 0), 0);
    assert_int_equal(fixture_make(&d, NA, 60, 9, 0, 0), 0);
    for (size_t f = 0; f < 60; f++)
        for (size_t i = 0; i < NA; i++)
            d.pos[f * NA + i][0] += 0.05 * (double)f; /* 0.05 A per frame */
    char p1[256], p2[256];
    haven_traj *t1 = open_vasprun(&s, "dr1", 0, 0, p1), *t2 = open_vasprun(&d, "dr2", 0, 0, p2);
    haven_store *s1, *s2;
    haven_load_info i1, i2;
    assert_int_equal(haven_load(t1, NULL, &s1, &i1), HAVEN_OK);
    assert_int_equal(haven_load(t2, NULL, &s2, &i2), HAVEN_OK);
    int grp[NA] = {0};
    haven_msd m1, m2;
    assert_int_equal(haven_msd_compute(s1, grp, 1, 1, NULL, &m1, NULL), HAVEN_OK);
    assert_int_equal(haven_msd_compute(s2, grp, 1, 1, NULL, &m2, NULL), HAVEN_OK);
    for (size_t t = 1; t < 60; t++)
        assert_rel(m2.msd[t], m1.msd[t], 1e-9);
    haven_msd_clear(&m1);
    haven_msd_clear(&m2);
    haven_store_free(s1);
    haven_store_free(s2);
    haven_traj_free(t1);
    haven_traj_free(t2);
    remove(p1);
    remove(p2);
    fixture_free(&s);
    fixture_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(three_coordinate_kinds_agree),
        cmocka_unit_test(large_jump_is_flagged),
        cmocka_unit_test(time_base_from_file_and_options),
        cmocka_unit_test(drift_is_removed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
