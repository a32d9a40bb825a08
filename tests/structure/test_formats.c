/* The structure analyses read every trajectory format alike: one random-walk
 * system (triclinic) written as XDATCAR, extended XYZ, LAMMPS
 * dump (unwrapped columns), vasprun.xml and H5MD gives the same density
 * grid, the same F_s(Q, t) (through the series store, here forced out of
 * core) and the same RDF, to the formats' printed precision. */
#include "haven/structure.h"
#include "haven/vanhove.h"

#include "check.h"
#include "fixture.h"
#include "reader_check.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define A 1e-10

typedef struct {
    double integral, checksum;
    double fs[8];
    double coord;
} summary;

/* Open with as little of the time base as the format needs: none (the file
 * states it), the timestep, or timestep and stride (an XDATCAR states
 * neither); giving what a file states differently is an error. */
static haven_traj *open_timed(const char *path, const fixture_system *s, const char *types)
{
    for (int level = 0; level < 3; level++) {
        haven_traj_options opt;
        haven_traj_options_init(&opt);
        opt.types = types;
        if (level >= 1)
            opt.timestep_fs = s->timestep_fs;
        if (level >= 2)
            opt.stride = s->stride;
        haven_traj *t;
        if (haven_traj_open(path, &opt, &t) != HAVEN_OK)
            fail_msg("%s: %s", path, haven_last_error());
        haven_load_options lo;
        haven_load_options_init(&lo);
        haven_store *store = NULL;
        haven_load_info li;
        memset(&li, 0, sizeof li);
        haven_status st = haven_load(t, &lo, &store, &li);
        haven_store_free(store);
        haven_load_info_clear(&li);
        if (st == HAVEN_OK && haven_traj_rewind(t) == HAVEN_OK)
            return t;
        haven_traj_free(t);
    }
    fail_msg("%s: no time base: %s", path, haven_last_error());
    return NULL;
}

static void summarise(const char *path, const fixture_system *s, const char *types, summary *out)
{
    haven_traj *t = open_timed(path, s, types);
    size_t n = haven_traj_n_atoms(t);
    int *sel = calloc(n, sizeof *sel);
    for (size_t i = 0; i < n; i++)
        sel[i] = !strcmp(haven_traj_species_name(t, (size_t)haven_traj_atom_species(t, i)), "Li");
    haven_density_options d;
    haven_density_options_init(&d);
    d.spacing = 1.0 * A, d.select = sel;
    haven_grid g;
    haven_density_info info;
    if (haven_density_compute(t, &d, &g, &info) != HAVEN_OK)
        fail_msg("%s: %s", path, haven_last_error());
    size_t total = g.n[0] * g.n[1] * g.n[2];
    out->integral = out->checksum = 0;
    for (size_t v = 0; v < total; v++)
        out->integral += g.value[v], out->checksum += g.value[v] * (double)(v % 97);
    haven_grid_clear(&g);

    assert_int_equal(haven_traj_rewind(t), HAVEN_OK);
    haven_load_options lo;
    haven_load_options_init(&lo);
    lo.max_bytes = 4096; /* out of core */
    haven_store *store;
    haven_load_info li;
    memset(&li, 0, sizeof li);
    assert_int_equal(haven_load(t, &lo, &store, &li), HAVEN_OK);
    double q = 1.0 / A;
    haven_vanhove_options vo;
    haven_vanhove_options_init(&vo);
    vo.q = &q, vo.n_q = 1, vo.n_lags = 8;
    haven_vanhove_self vs;
    assert_int_equal(haven_vanhove_self_compute(store, sel, li.frame_interval, &vo, &vs), HAVEN_OK);
    for (size_t k = 0; k < 8; k++)
        out->fs[k] = k < vs.n_lags ? vs.fs[k] : 0;
    haven_vanhove_self_clear(&vs);
    haven_store_free(store);
    haven_load_info_clear(&li);

    assert_int_equal(haven_traj_rewind(t), HAVEN_OK);
    haven_vanhove_options ro;
    haven_vanhove_options_init(&ro);
    ro.r_max = 4.0 * A, ro.n_bins = 40;
    haven_vanhove_distinct vd;
    assert_int_equal(haven_vanhove_distinct_compute(t, sel, sel, &ro, &vd), HAVEN_OK);
    out->coord = vd.coordination[vd.n_bins - 1];
    haven_vanhove_distinct_clear(&vd);
    free(sel);
    haven_traj_free(t);
}

static void test_all_formats(void **state)
{
    (void)state;
    fixture_system s;
    /* constant triclinic cell: with a changing cell, unwrapped columns and
     * minimum-image unwrapping of wrapped ones are different paths */
    assert_int_equal(fixture_make(&s, 36, 120, 5, 1, 0), 0);
    char path[5][512];
    tc_tmp_path(path[0], sizeof path[0], "XDATCAR");
    tc_tmp_path(path[1], sizeof path[1], "fix.xyz");
    tc_tmp_path(path[2], sizeof path[2], "fix.dump");
    tc_tmp_path(path[3], sizeof path[3], "vasprun.xml");
    tc_tmp_path(path[4], sizeof path[4], "fix.h5");
    assert_int_equal(fixture_write_xdatcar(&s, path[0]), 0);
    assert_int_equal(fixture_write_extxyz(&s, path[1]), 0);
    assert_int_equal(fixture_write_lammps(&s, path[2], "id type xu yu zu"), 0);
    assert_int_equal(fixture_write_vasprun(&s, path[3]), 0);
    assert_int_equal(fixture_write_h5md(&s, path[4]), 0);
    summary ref, other;
    summarise(path[1], &s, NULL, &ref);
    assert_true(ref.integral > 0 && ref.coord > 0);
    for (int f = 0; f < 5; f++) {
        summarise(path[f], &s, f == 2 ? "1=Li,2=Cl,3=La" : NULL, &other);
        /* every atom lands in the same voxel (positions agree to 1e-8 A) */
        assert_rel(other.integral, ref.integral, 1e-12);
        assert_rel(other.checksum, ref.checksum, 1e-12);
        for (int k = 0; k < 8; k++)
            assert_abs(other.fs[k], ref.fs[k], 1e-7);
        assert_rel(other.coord, ref.coord, 1e-12);
    }
    fixture_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_all_formats)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
