/* Every reader reproduces the same continuous paths and MSD from one
 * system written in every format: the fixture random walk as XDATCAR,
 * extended XYZ, LAMMPS dumps (wrapped, image flags, unwrapped, scaled),
 * vasprun.xml, H5MD and gzip-compressed copies, each opened with format
 * detection and loaded with haven_load. The reference is the fixture itself:
 * its unwrapped positions with the mass-weighted centre-of-mass drift taken
 * out, and the all-origin MSD of those paths summed directly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "check.h"
#include "fixture.h"
#include "reader_check.h"
#include "haven/elements.h"
#include "haven/msd.h"
#include "haven/series.h"
#include "traj_check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

enum { NA = 36, NF = 48, N_SPECIES = 3 };

/* Tolerances. The writers print coordinates with 17 significant digits
 * (vasprun: 16 decimals of fractional coordinates), about 1e-15 A for ~10 A
 * values; unwrapping sums 47 frame-to-frame displacements and the LAMMPS box
 * is rebuilt from bounds and tilts. Measured worst case over all formats:
 * 1.7e-14 A (vasprun, triclinic). 1e-12 A leaves a 60x margin yet is far
 * below any real error (a wrong image is >= 10 A; a wrong mass in the drift
 * removal moves paths by ~1e-2 A). The MSD error is then at most
 * 2 |dr| 1e-12 A ~ 1e-11 A^2 for |dr| ~ 5 A. */
#define PATH_TOL_A 1e-12
#define MSD_TOL_A2 1e-10

typedef enum { W_XDATCAR, W_EXTXYZ, W_LAMMPS, W_VASPRUN, W_VASPRUN_ML, W_H5MD } writer;

typedef struct {
    const char *tag; /* scratch file tag */
    writer w;
    const char *columns;  /* LAMMPS ATOMS columns */
    int gz;               /* gzip-compress the written file */
    haven_format expect;  /* what detection must report */
    long steps_per_frame; /* MD steps between frames as the file states them */
    int give_time;        /* the file states no time: pass --timestep and --stride */
} format_case;

static const format_case cases[] = {
    {"xdatcar", W_XDATCAR, NULL, 0, HAVEN_FMT_XDATCAR, 10, 1},
    {"xdatcar_gz", W_XDATCAR, NULL, 1, HAVEN_FMT_XDATCAR, 10, 1},
    {"extxyz", W_EXTXYZ, NULL, 0, HAVEN_FMT_EXTXYZ, 10, 0},
    {"extxyz_gz", W_EXTXYZ, NULL, 1, HAVEN_FMT_EXTXYZ, 10, 0},
    {"lmp_wrapped", W_LAMMPS, "id type x y z", 0, HAVEN_FMT_LAMMPS_DUMP, 10, 0},
    {"lmp_images", W_LAMMPS, "id type x y z ix iy iz", 0, HAVEN_FMT_LAMMPS_DUMP, 10, 0},
    {"lmp_images_gz", W_LAMMPS, "id type x y z ix iy iz", 1, HAVEN_FMT_LAMMPS_DUMP, 10, 0},
    {"lmp_unwrapped", W_LAMMPS, "id type xu yu zu", 0, HAVEN_FMT_LAMMPS_DUMP, 10, 0},
    {"lmp_scaled", W_LAMMPS, "id type xs ys zs", 0, HAVEN_FMT_LAMMPS_DUMP, 10, 0},
    /* vasprun.xml holds every ionic step: frames are POTIM apart ... */
    {"vasprun", W_VASPRUN, NULL, 0, HAVEN_FMT_VASPRUN, 1, 0},
    /* ... except ML force-field runs, which keep every ML_OUTBLOCK-th step. */
    {"vasprun_ml_gz", W_VASPRUN_ML, NULL, 1, HAVEN_FMT_VASPRUN, 10, 0},
    {"h5md", W_H5MD, NULL, 0, HAVEN_FMT_H5MD, 10, 0},
};
enum { N_CASES = sizeof cases / sizeof cases[0] };

static int write_case(const fixture_system *s, const format_case *c, const char *path)
{
    switch (c->w) {
    case W_XDATCAR: return fixture_write_xdatcar(s, path);
    case W_EXTXYZ: return fixture_write_extxyz(s, path);
    case W_LAMMPS: return fixture_write_lammps(s, path, c->columns);
    case W_VASPRUN: return fixture_write_vasprun(s, path);
    case W_VASPRUN_ML: return fixture_write_vasprun_flags(s, path, FIXTURE_VASPRUN_ML);
    case W_H5MD: return fixture_write_h5md(s, path);
    }
    return -1;
}

/* Write the case's file under a neutral name (".traj": detection must go by
 * content, not by the name), gzip-compressed when asked. */
static void write_file(const fixture_system *s, const format_case *c, char *path, size_t cap)
{
    int writer_compresses = c->w == W_VASPRUN || c->w == W_VASPRUN_ML;
    char plain[256];
    scratch_path(plain, sizeof plain, c->tag, ".traj");
    scratch_path(path, cap, c->tag, c->gz ? ".traj.gz" : ".traj");
    if (writer_compresses || !c->gz) {
        assert_int_equal(write_case(s, c, path), 0);
        return;
    }
    assert_int_equal(write_case(s, c, plain), 0);
    assert_int_equal(tc_gzip(plain, path), 0);
    remove(plain);
}

static int species_of(const char *sym)
{
    return !strcmp(sym, "Li") ? 0 : !strcmp(sym, "Cl") ? 1 : 2;
}

/* Expected displacement from frame 0, disp[(atom * 3 + k) * NF + t], in m:
 * the fixture's unwrapped path minus the mass-weighted centre-of-mass drift
 * (haven_load's default drift removal), with standard atomic masses. */
static void expected_displacements(const fixture_system *s, double *disp)
{
    double total = 0;
    for (size_t i = 0; i < NA; i++)
        total += haven_element_mass(s->symbols[i]);
    for (size_t t = 0; t < NF; t++) {
        double com[3] = {0, 0, 0};
        for (size_t i = 0; i < NA; i++)
            for (int k = 0; k < 3; k++)
                com[k] += haven_element_mass(s->symbols[i]) *
                          (s->pos[t * NA + i][k] - s->pos[i][k]) / total;
        for (size_t i = 0; i < NA; i++)
            for (int k = 0; k < 3; k++)
                disp[(i * 3 + (size_t)k) * NF + t] =
                    (s->pos[t * NA + i][k] - s->pos[i][k] - com[k]) * HAVEN_ANGSTROM;
    }
}

/* All-origin tracer MSD per species by the direct double sum, in m^2. */
static void expected_msd(const fixture_system *s, const double *disp, double msd[][NF])
{
    size_t count[N_SPECIES] = {0};
    memset(msd, 0, N_SPECIES * sizeof msd[0]);
    for (size_t i = 0; i < NA; i++) {
        int g = species_of(s->symbols[i]);
        count[g]++;
        for (size_t lag = 1; lag < NF; lag++)
            for (size_t t0 = 0; t0 + lag < NF; t0++)
                for (size_t k = 0; k < 3; k++) {
                    const double *x = disp + (i * 3 + k) * NF;
                    double d = x[t0 + lag] - x[t0];
                    msd[g][lag] += d * d / (double)(NF - lag);
                }
    }
    for (int g = 0; g < N_SPECIES; g++)
        for (size_t lag = 0; lag < NF; lag++)
            msd[g][lag] /= (double)count[g];
}

static void check_paths(haven_store *store, const double *want, const char *tag)
{
    double *got = malloc(NA * 3 * NF * sizeof *got);
    assert_non_null(got);
    assert_int_equal(haven_store_read_atoms(store, 0, NA, got), HAVEN_OK);
    double worst = 0;
    for (size_t r = 0; r < NA * 3; r++)
        for (size_t t = 0; t < NF; t++)
            worst = fmax(worst, fabs(got[r * NF + t] - got[r * NF] - want[r * NF + t]));
    free(got);
    if (!(worst <= PATH_TOL_A * HAVEN_ANGSTROM))
        fail_msg("%s: paths differ from the fixture by %g A (tolerance %g A)", tag,
                 worst / HAVEN_ANGSTROM, PATH_TOL_A);
}

static void check_msd(const fixture_system *s, haven_store *store, double dt, double want[][NF],
                      const char *tag)
{
    int group[NA];
    for (size_t i = 0; i < NA; i++)
        group[i] = species_of(s->symbols[i]);
    haven_msd m[N_SPECIES];
    assert_int_equal(haven_msd_compute(store, group, N_SPECIES, dt, NULL, m, NULL), HAVEN_OK);
    for (int g = 0; g < N_SPECIES; g++) {
        assert_int_equal(m[g].n_lags, NF);
        for (size_t lag = 0; lag < NF; lag++) {
            double err = fabs(m[g].msd[lag] - want[g][lag]) / (HAVEN_ANGSTROM * HAVEN_ANGSTROM);
            if (!(err <= MSD_TOL_A2))
                fail_msg("%s: species %d lag %zu: MSD off by %g A^2", tag, g, lag, err);
        }
        haven_msd_clear(&m[g]);
    }
}

static void check_case(const fixture_system *s, const format_case *c, const double *disp,
                       double msd[][NF])
{
    char path[256];
    write_file(s, c, path, sizeof path);
    haven_traj_options o;
    haven_traj_options_init(&o);
    if (c->w == W_LAMMPS)
        o.types = "1=Li,2=Cl,3=La"; /* the writer numbers types by first appearance */
    if (c->give_time) {
        o.timestep_fs = s->timestep_fs;
        o.stride = s->stride;
    }
    haven_traj *t = NULL;
    if (haven_traj_open(path, &o, &t) != HAVEN_OK)
        fail_msg("%s: %s", c->tag, haven_last_error());
    if (haven_traj_format(t) != c->expect)
        fail_msg("%s: detected as %s", c->tag, haven_format_name(haven_traj_format(t)));
    assert_int_equal(haven_traj_n_atoms(t), NA);
    haven_store *store = NULL;
    haven_load_info info;
    if (haven_load(t, NULL, &store, &info) != HAVEN_OK)
        fail_msg("%s: %s", c->tag, haven_last_error());
    assert_int_equal(info.n_frames, NF);
    /* Times are written with 17 digits: the interval is exact to rounding. */
    assert_rel(info.frame_interval, (double)c->steps_per_frame * s->timestep_fs * HAVEN_FS, 1e-12);
    check_paths(store, disp, c->tag);
    check_msd(s, store, info.frame_interval, msd, c->tag);
    haven_store_free(store);
    haven_load_info_clear(&info);
    haven_traj_free(t);
    remove(path);
}

static void all_formats_agree(int triclinic)
{
    fixture_system s;
    assert_int_equal(fixture_make(&s, NA, NF, 11u + (unsigned)triclinic, triclinic, 0), 0);
    double *disp = malloc(NA * 3 * NF * sizeof *disp);
    double(*msd)[NF] = malloc(N_SPECIES * sizeof *msd);
    assert_non_null(disp);
    assert_non_null(msd);
    expected_displacements(&s, disp);
    expected_msd(&s, disp, msd);
    /* The walk must leave the cell, or the wrapped cases test nothing. */
    int crossed = 0;
    for (size_t i = 0; i < NA; i++) {
        double cart[3], frac[3];
        int img[3];
        fixture_wrapped(&s, NF - 1, i, cart, frac, img);
        crossed |= img[0] | img[1] | img[2];
    }
    assert_true(crossed);
    for (size_t k = 0; k < N_CASES; k++)
        check_case(&s, &cases[k], disp, msd);
    free(disp);
    free(msd);
    fixture_free(&s);
}

static void orthorhombic_cell(void **state)
{
    (void)state;
    all_formats_agree(0);
}

static void triclinic_cell(void **state)
{
    (void)state;
    all_formats_agree(1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(orthorhombic_cell),
        cmocka_unit_test(triclinic_cell),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
