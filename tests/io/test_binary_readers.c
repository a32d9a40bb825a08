/* The readers of tests/data/traj (DCD, XTC, TRR, ASE .traj, numpy, XYZ with
 * --cell, CP2K, OUTCAR) against data independent of them:
 *   - every frame's positions and cell against the LAMMPS dump the files
 *     were converted from (tests/data/traj/make.sh), to each format's
 *     precision (DCD from two writers, mdtraj's and MDAnalysis's);
 *   - XTC decoding of close triples (the run-length path) against the g96
 *     text that gmx compressed, and bit for bit against mdtraj's decoding
 *     (GROMACS's xdrfile code);
 *   - OUTCAR cells per step (an NPT layout) and a repeated block;
 *   - a small XTC (plain floats) and a double-precision TRR against their
 *     g96 source; a big-endian DCD with LAMMPS's cosine cell angles;
 *   - cells from text against the analytic cell volume;
 *   - the out-of-core store fed by a binary reader holds the same paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "reader_check.h"

#include "haven/series.h"
#include "haven/traj.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIR HAVEN_TEST_DATA "/traj/"
enum { NA = 48, NF = 81 };

typedef struct {
    double pos[NF][NA][3]; /* A */
    double cell[NF][3][3];
} traj_data;

/* Every frame of a file, through the public API. */
static void read_frames(const char *path, const haven_traj_options *o, traj_data *d, long *n)
{
    haven_traj *t;
    const haven_frame *f;
    if (haven_traj_open(path, o, &t) != HAVEN_OK)
        fail_msg("%s", haven_last_error());
    assert_int_equal(haven_traj_n_atoms(t), NA);
    haven_status s;
    for (*n = 0; (s = haven_traj_read(t, &f)) == HAVEN_OK; (*n)++) {
        assert_true(*n < NF);
        for (size_t i = 0; i < NA; i++)
            for (int k = 0; k < 3; k++)
                d->pos[*n][i][k] = f->pos[i][k] / HAVEN_ANGSTROM;
        for (int j = 0; j < 9; j++)
            d->cell[*n][j / 3][j % 3] = f->cell[j / 3][j % 3] / HAVEN_ANGSTROM;
    }
    if (s != HAVEN_EOF)
        fail_msg("%s", haven_last_error());
    assert_string_equal(haven_traj_species_name(t, 0), "Li");
    assert_int_equal(haven_traj_atom_species(t, 30), 1); /* atoms 25-48 are Cl */
    haven_traj_free(t);
}

static traj_data *reference(void)
{
    static traj_data *ref;
    if (!ref) {
        haven_traj_options o;
        haven_traj_options_init(&o);
        o.types = "1=Li,2=Cl";
        long n;
        ref = malloc(sizeof *ref);
        read_frames(DIR "lj.dump.gz", &o, ref, &n);
        assert_int_equal(n, NF);
    }
    return ref;
}

/* Largest position and cell difference (A) from the dump, over all frames. */
static void compare(const char *file, const char *elements, int cell, double pos_tol,
                    double cell_tol, haven_format want)
{
    char path[512];
    snprintf(path, sizeof path, DIR "%s", file);
    haven_traj_options o;
    haven_traj_options_init(&o);
    o.elements = elements;
    if (cell)
        assert_int_equal(haven_cell_from_text("13.2 13.2 9.9", o.cell), HAVEN_OK);
    traj_data *d = malloc(sizeof *d), *ref = reference();
    long n;
    read_frames(path, &o, d, &n);
    assert_int_equal(n, NF);
    double dp = 0, dc = 0;
    for (int t = 0; t < NF; t++) {
        for (int i = 0; i < NA; i++)
            for (int k = 0; k < 3; k++)
                dp = fmax(dp, fabs(d->pos[t][i][k] - ref->pos[t][i][k]));
        for (int j = 0; j < 9; j++)
            dc = fmax(dc, fabs(d->cell[t][j / 3][j % 3] - ref->cell[t][j / 3][j % 3]));
    }
    free(d);
    haven_traj *t;
    assert_int_equal(haven_traj_open(path, &o, &t), HAVEN_OK);
    assert_int_equal(haven_traj_format(t), want);
    haven_traj_free(t);
    if (!(dp <= pos_tol) || !(dc <= cell_tol))
        fail_msg("%s: positions off by %g A (tolerance %g), cell by %g A (tolerance %g)", file, dp,
                 pos_tol, dc, cell_tol);
}

/* float32 of values in [8, 16) A: half an ulp, 2^-21 A = 4.77e-7 A. */
#define F32_TOL 4.8e-7
/* GROMACS files via g96 (%15.9f nm, 5e-9 A) then float32 in nm: half an
 * ulp of [1, 2) nm, 2^-24 nm = 5.96e-7 A. */
#define F32_NM_TOL (5.96e-7 + 5e-9)
/* Text with 8 or more decimals against the dump's 8: the same digits. */
#define SAME_TOL 1e-12

static void test_dcd(void **state)
{
    /* mdtraj stores the cell lengths as float32 too. */
    (void)state, compare("lj.dcd", "Li:24,Cl:24", 0, F32_TOL, F32_TOL, HAVEN_FMT_DCD);
}
/* The same frames through MDAnalysis's DCDWriter (a second real writer). */
static void test_dcd_mdanalysis(void **state)
{
    (void)state, compare("lj_mda.dcd", "Li:24,Cl:24", 0, F32_TOL, F32_TOL, HAVEN_FMT_DCD);
}
static void test_trr(void **state)
{
    (void)state, compare("lj.trr", "Li:24,Cl:*", 0, F32_NM_TOL, F32_NM_TOL, HAVEN_FMT_TRR);
}
static void test_xtc(void **state)
{
    /* Rounded to 1/1000 nm: at most 0.005 A, plus the float rounding. */
    (void)state, compare("lj.xtc", "Li:24,Cl:*", 0, 0.005 + F32_NM_TOL, F32_NM_TOL, HAVEN_FMT_XTC);
}
static void test_ase(void **state)
{
    (void)state, compare("lj.traj", NULL, 0, SAME_TOL, SAME_TOL, HAVEN_FMT_ASE_TRAJ);
}
static void test_npy_npz(void **state)
{
    (void)state;
    compare("lj.npy", "Li:24,Cl:24", 1, SAME_TOL, SAME_TOL, HAVEN_FMT_NPY);
    compare("lj.npz", NULL, 0, SAME_TOL, SAME_TOL, HAVEN_FMT_NPZ);
}
static void test_xyz_cp2k(void **state)
{
    (void)state;
    compare("lj.xyz.gz", NULL, 1, SAME_TOL, SAME_TOL, HAVEN_FMT_XYZ);
    compare("lj-pos-1.xyz.gz", NULL, 0, SAME_TOL, SAME_TOL, HAVEN_FMT_XYZ);
}
static void test_outcar(void **state)
{
    /* 5 decimals: 5e-6 A. 82 POSITION blocks, one of them repeated. */
    (void)state, compare("lj.OUTCAR.gz", NULL, 0, 5e-6 + 1e-12, SAME_TOL, HAVEN_FMT_OUTCAR);
}

/* NPT layout: 5 steps, the cell and positions scaled by 1.01 per step. */
static void test_outcar_npt(void **state)
{
    (void)state;
    haven_traj *t;
    const haven_frame *f;
    assert_int_equal(haven_traj_open(DIR "npt.OUTCAR", NULL, &t), HAVEN_OK);
    assert_true(fabs(haven_traj_file_timestep(t) - 100e-15) < 1e-20);
    assert_true(fabs(haven_traj_file_temperature(t) - 300) < 1e-12);
    traj_data *ref = reference();
    for (int k = 0; k < 5; k++) {
        assert_int_equal(haven_traj_read(t, &f), HAVEN_OK);
        assert_int_equal(f->step, k);
        double a = 13.2 * pow(1.01, k); /* printed with 9 decimals */
        assert_true(fabs(f->cell[0][0] / HAVEN_ANGSTROM - a) < 1e-9);
        assert_true(fabs(f->pos[7][2] / HAVEN_ANGSTROM - ref->pos[k][7][2] * pow(1.01, k)) < 6e-6);
    }
    assert_int_equal(haven_traj_read(t, &f), HAVEN_EOF);
    haven_traj_free(t);
}

/* A file whose atoms are all of one element (XTC, TRR). */
static haven_traj *open_all(const char *path, const char *elements)
{
    haven_traj *t = tc_open_elements(path, elements);
    if (!t)
        fail_msg("%s", haven_last_error());
    return t;
}

/* mol.xtc: 40 triples 0.1 nm apart, compressed by gmx from mol.g96. */
static void test_xtc_runs(void **state)
{
    (void)state;
    FILE *g = fopen(DIR "mol.g96", "r");
    assert_non_null(g);
    haven_traj *t = open_all(DIR "mol.xtc", "O:*");
    const haven_frame *f;
    assert_int_equal(haven_traj_n_atoms(t), 120);
    char line[256];
    double worst = 0;
    for (int frame = 0; frame < 3; frame++) {
        while (fgets(line, sizeof line, g) && strncmp(line, "POSITIONRED", 11))
            ;
        assert_int_equal(haven_traj_read(t, &f), HAVEN_OK);
        assert_int_equal(f->step, 10 * frame);
        assert_true(fabs(f->time - frame * 0.02e-12) < 1e-20);
        for (int i = 0; i < 120; i++) {
            double r[3];
            assert_non_null(fgets(line, sizeof line, g));
            assert_int_equal(sscanf(line, "%lf %lf %lf", &r[0], &r[1], &r[2]), 3);
            for (int k = 0; k < 3; k++)
                worst = fmax(worst, fabs(f->pos[i][k] * 1e9 - r[k]));
        }
    }
    fclose(g);
    assert_int_equal(haven_traj_read(t, &f), HAVEN_EOF);
    haven_traj_free(t);
    /* Half of the 1e-3 nm precision, plus float32 rounding of ~2 nm. */
    if (!(worst <= 5e-4 + 2e-7))
        fail_msg("mol.xtc differs from mol.g96 by %g nm", worst);
}

/* mol.xtc against mdtraj's decoding of it (GROMACS's xdrfile code, an
 * independent implementation): the same float32 values, bit for bit. */
static void test_xtc_vs_xdrfile(void **state)
{
    (void)state;
    FILE *g = fopen(DIR "mol_xtc_mdtraj.txt", "r");
    assert_non_null(g);
    const haven_frame *f;
    char line[256];
    assert_non_null(fgets(line, sizeof line, g)); /* comment */
    haven_traj *t = open_all(DIR "mol.xtc", "O:*");
    long differ = 0, n = 0;
    while (haven_traj_read(t, &f) == HAVEN_OK)
        for (size_t i = 0; i < f->n_atoms; i++, n++) {
            float want[3];
            assert_non_null(fgets(line, sizeof line, g));
            assert_int_equal(sscanf(line, "%f %f %f", &want[0], &want[1], &want[2]), 3);
            for (int k = 0; k < 3; k++)
                differ += (float)(f->pos[i][k] * 1e9) != want[k];
        }
    assert_int_equal(n, 360);
    assert_null(fgets(line, sizeof line, g));
    fclose(g);
    haven_traj_free(t);
    assert_int_equal(differ, 0);
}

/* Volume of a cell from lengths and angles (the analytic formula). */
static double volume(double a, double b, double c, double al, double be, double ga)
{
    double r = acos(-1.0) / 180, ca = cos(al * r), cb = cos(be * r), cg = cos(ga * r);
    return a * b * c * sqrt(1 - ca * ca - cb * cb - cg * cg + 2 * ca * cb * cg);
}

static double det(double m[3][3])
{
    return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
           m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
           m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
}

static void test_cell_from_text(void **state)
{
    (void)state;
    double c[3][3], A3 = 1e-30;
    assert_int_equal(haven_cell_from_text("3,4,5", c), HAVEN_OK);
    assert_true(c[0][0] == 3e-10 && c[1][1] == 4e-10 && c[2][2] == 5e-10 && c[1][0] == 0);
    assert_int_equal(haven_cell_from_text("4, 5, 6, 80, 95, 105", c), HAVEN_OK);
    assert_true(fabs(det(c) / A3 - volume(4, 5, 6, 80, 95, 105)) < 1e-12 * 120);
    assert_true(fabs(sqrt(c[2][0] * c[2][0] + c[2][1] * c[2][1] + c[2][2] * c[2][2]) - 6e-10) <
                1e-24);
    assert_int_equal(haven_cell_from_text("5 0 0 2.5 4.330127 0 0 0 8", c), HAVEN_OK);
    assert_true(fabs(c[1][1] - 4.330127e-10) < 1e-25);
    const char *bad[] = {"1,2",
                         "1,2,x",
                         "0,1,1",
                         "1,1,1,90,90,180",
                         "1,1,1,10,10,100",
                         "1 0 0 2 0 0 0 0 1",
                         "1,2,3,4,5,6,7,8,9,10",
                         "nan,1,1"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        if (haven_cell_from_text(bad[k], c) == HAVEN_OK)
            fail_msg("'%s' accepted", bad[k]);
}

/* small.xtc (3 atoms: plain floats, no compression) and small_d.trr (written
 * by gmx_d: double precision) against the g96 text they came from. */
static void test_small_and_double(void **state)
{
    (void)state;
    const char *files[2] = {DIR "small.xtc", DIR "small_d.trr"};
    /* float32 of values < 2 nm: half an ulp is 6e-8 nm; double: exact text. */
    const double tol_nm[2] = {6e-8, 1e-12};
    for (int k = 0; k < 2; k++) {
        FILE *g = fopen(DIR "small.g96", "r");
        haven_traj *t = open_all(files[k], "O:3");
        const haven_frame *f;
        char line[256];
        assert_non_null(g);
        int frames = 0;
        double worst = 0;
        while (fgets(line, sizeof line, g)) {
            if (strncmp(line, "POSITIONRED", 11))
                continue;
            assert_int_equal(haven_traj_read(t, &f), HAVEN_OK);
            for (int i = 0; i < 3; i++) {
                double r[3];
                assert_non_null(fgets(line, sizeof line, g));
                assert_int_equal(sscanf(line, "%lf %lf %lf", &r[0], &r[1], &r[2]), 3);
                for (int c = 0; c < 3; c++)
                    worst = fmax(worst, fabs(f->pos[i][c] * 1e9 - r[c]));
            }
            assert_true(fabs(f->cell[1][1] - 2e-9) < 1e-9 * tol_nm[k] + 1e-25);
            frames++;
        }
        fclose(g);
        assert_int_equal(frames, 3);
        assert_int_equal(haven_traj_read(t, &f), HAVEN_EOF);
        haven_traj_free(t);
        if (!(worst <= tol_nm[k]))
            fail_msg("%s: %g nm from small.g96 (tolerance %g)", files[k], worst, tol_nm[k]);
    }
}

/* A DCD as LAMMPS writes it for a triclinic box (angles as cosines), here
 * big-endian: 2 atoms, 2 frames, ISTART 1000, NSAVC 50. */
static void put32(FILE *f, uint32_t v)
{
    unsigned char b[4] = {v >> 24, v >> 16 & 255, v >> 8 & 255, v & 255};
    fwrite(b, 1, 4, f);
}
static void put_f64(FILE *f, double x)
{
    uint64_t u;
    memcpy(&u, &x, 8);
    put32(f, (uint32_t)(u >> 32));
    put32(f, (uint32_t)u);
}
static void put_f32(FILE *f, float x)
{
    uint32_t u;
    memcpy(&u, &x, 4);
    put32(f, u);
}

static void test_dcd_lammps_cosines(void **state)
{
    (void)state;
    char path[512];
    tc_tmp_path(path, sizeof path, "lammps_be.dcd");
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    put32(f, 84);
    fwrite("CORD", 1, 4, f);
    int32_t ic[20] = {2, 1000, 50, 50, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 24};
    for (int k = 0; k < 20; k++)
        put32(f, (uint32_t)ic[k]);
    put32(f, 84);
    put32(f, 84), put32(f, 1), fwrite("LAMMPS-like title", 1, 17, f);
    for (int k = 17; k < 80; k++)
        fputc(' ', f);
    put32(f, 84);
    put32(f, 4), put32(f, 2), put32(f, 4);
    /* a = 10, b = 11, c = 12 A; alpha 80, beta 95, gamma 105 degrees. */
    const double r = acos(-1.0) / 180;
    for (int frame = 0; frame < 2; frame++) {
        put32(f, 48);
        double v[6] = {10, cos(105 * r), 11, cos(95 * r), cos(80 * r), 12};
        for (int k = 0; k < 6; k++)
            put_f64(f, v[k]);
        put32(f, 48);
        for (int k = 0; k < 3; k++) {
            put32(f, 8);
            put_f32(f, (float)(1 + k + frame)), put_f32(f, (float)(4 + k));
            put32(f, 8);
        }
    }
    fclose(f);
    haven_traj_options o;
    haven_traj_options_init(&o);
    o.elements = "Li,Cl";
    haven_traj *t;
    const haven_frame *fr;
    assert_int_equal(haven_traj_open(path, &o, &t), HAVEN_OK);
    assert_int_equal(haven_traj_format(t), HAVEN_FMT_DCD);
    assert_int_equal(haven_traj_file_stride(t), 50);
    assert_int_equal(haven_traj_read(t, &fr), HAVEN_OK);
    assert_int_equal(haven_traj_read(t, &fr), HAVEN_OK);
    assert_int_equal(fr->step, 1050);
    assert_true(fabs(fr->pos[0][0] - 2e-10) < 1e-24 && fabs(fr->pos[1][2] - 6e-10) < 1e-24);
    double(*c)[3] = (double(*)[3])fr->cell, cv[3][3];
    memcpy(cv, c, sizeof cv);
    assert_true(fabs(det(cv) / 1e-30 - volume(10, 11, 12, 80, 95, 105)) < 1e-9);
    assert_true(fabs(c[1][0] - 11e-10 * cos(105 * r)) < 1e-22);
    assert_int_equal(haven_traj_read(t, &fr), HAVEN_EOF);
    haven_traj_free(t);
    remove(path);
}

/* The out-of-core store: the same paths spilled to a scratch file. */
static void test_store_spill(void **state)
{
    (void)state;
    haven_traj_options o;
    haven_traj_options_init(&o);
    o.elements = "Li:24,Cl:*";
    double *path[2];
    for (int pass = 0; pass < 2; pass++) {
        haven_traj *t;
        haven_store *st;
        haven_load_info info;
        haven_load_options lo;
        haven_load_options_init(&lo);
        lo.max_bytes = pass ? 4096 : 0;
        assert_int_equal(haven_traj_open(DIR "lj.xtc", &o, &t), HAVEN_OK);
        assert_int_equal(haven_load(t, &lo, &st, &info), HAVEN_OK);
        assert_int_equal(haven_store_spilled(st), pass);
        assert_int_equal(info.n_frames, NF);
        assert_true(fabs(info.frame_interval - 0.1e-12) < 1e-19);
        path[pass] = malloc(NA * 3 * NF * sizeof *path[pass]);
        assert_int_equal(haven_store_read_atoms(st, 0, NA, path[pass]), HAVEN_OK);
        haven_load_info_clear(&info);
        haven_store_free(st);
        haven_traj_free(t);
    }
    assert_memory_equal(path[0], path[1], NA * 3 * NF * sizeof *path[0]);
    free(path[0]);
    free(path[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dcd),
        cmocka_unit_test(test_dcd_mdanalysis),
        cmocka_unit_test(test_trr),
        cmocka_unit_test(test_xtc),
        cmocka_unit_test(test_ase),
        cmocka_unit_test(test_npy_npz),
        cmocka_unit_test(test_xyz_cp2k),
        cmocka_unit_test(test_outcar),
        cmocka_unit_test(test_outcar_npt),
        cmocka_unit_test(test_xtc_runs),
        cmocka_unit_test(test_cell_from_text),
        cmocka_unit_test(test_store_spill),
        cmocka_unit_test(test_small_and_double),
        cmocka_unit_test(test_dcd_lammps_cosines),
        cmocka_unit_test(test_xtc_vs_xdrfile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
