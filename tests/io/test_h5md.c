/* H5MD reader: positions, cells, units and metadata against the fixture
 * written by tests/support/write_h5md.c, and every kind of bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
/* cmocka.h needs the three above first */
#include <cmocka.h>

#include "fixture.h"
#include "haven/traj.h"
#include "traj_check.h"

#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Binary doubles: the only error is the nm/A scaling (1e-16 relative) and
 * the image unwrapping sum; 1e-9 relative to a 10 A cell is 1e-8 A. */
#define POS_TOL 1e-8
#define assert_close(a, b, tol) assert_true(fabs((a) - (b)) <= (tol))

static haven_traj *open_ok(const char *path)
{
    haven_traj *t = NULL;
    if (haven_traj_open(path, NULL, &t) != HAVEN_OK)
        fail_msg("open %s: %s", path, haven_last_error());
    return t;
}

static void roundtrip_sized(size_t n_atoms, size_t n_frames, int triclinic, int npt, unsigned flags,
                            haven_coord_kind kind)
{
    fixture_system s;
    char path[256];
    assert_int_equal(fixture_make(&s, n_atoms, n_frames, 9u, triclinic, npt), 0);
    scratch_path(path, sizeof path, "h5md", ".h5");
    assert_int_equal(fixture_write_h5md_flags(&s, path, flags), 0);
    haven_traj *t = open_ok(path);
    assert_int_equal(haven_traj_format(t), HAVEN_FMT_H5MD);
    assert_int_equal(haven_traj_n_atoms(t), n_atoms);
    assert_int_equal(haven_traj_n_species(t), 3);
    assert_string_equal(haven_traj_species_name(t, 1), "Cl");
    assert_string_equal(haven_traj_species_name(t, 2), "La");
    const haven_frame *fr;
    assert_int_equal(haven_traj_read(t, &fr), HAVEN_OK);
    assert_int_equal(fr->coords, kind);
    if (flags & FIXTURE_H5MD_VELOCITY) /* velocity numbers = position numbers, per ps */
        assert_close(fr->vel[3][1], fr->pos[3][1] / 1e-12, 1e-12 * fabs(fr->pos[3][1] / 1e-12));
    else
        assert_null(fr->vel);
    assert_int_equal(haven_traj_rewind(t), HAVEN_OK);
    traj_check c = traj_compare(&s, t);
    assert_int_equal(c.last_status, HAVEN_EOF);
    assert_int_equal(c.n_frames, n_frames);
    assert_true(c.max_pos_err < POS_TOL);
    assert_true(c.max_cell_err < POS_TOL);
    haven_traj_free(t);
    unlink(path);
    fixture_free(&s);
}

static void roundtrip(int triclinic, int npt, unsigned flags, haven_coord_kind kind)
{
    roundtrip_sized(12, 25, triclinic, npt, flags, kind);
}

/* Frames are read in blocks of about 1 MiB and step/time in blocks of 1024:
 * 2000 atoms x 50 frames crosses three position blocks, which then also
 * cut through 64-frame chunks; every frame must still match (test_metadata
 * crosses a step/time block). */
static void test_block_edges(void **st)
{
    (void)st;
    roundtrip_sized(2000, 50, 1, 1, 0, HAVEN_COORD_IMAGES);
    roundtrip_sized(2000, 50, 1, 1, FIXTURE_H5MD_CHUNK64, HAVEN_COORD_IMAGES);
}

static void test_orthorhombic(void **st)
{
    (void)st;
    roundtrip(0, 0, 0, HAVEN_COORD_IMAGES);
}
static void test_triclinic(void **st)
{
    (void)st;
    roundtrip(1, 0, 0, HAVEN_COORD_IMAGES);
}
static void test_npt(void **st)
{
    (void)st;
    roundtrip(1, 1, 0, HAVEN_COORD_IMAGES);
}

/* Fixed diagonal box, names attribute, Angstrom, velocities, no images. */
static void test_variants(void **st)
{
    (void)st;
    roundtrip(0, 0,
              FIXTURE_H5MD_FIXED_BOX | FIXTURE_H5MD_NAMES | FIXTURE_H5MD_ANGSTROM |
                  FIXTURE_H5MD_VELOCITY | FIXTURE_H5MD_NO_IMAGE,
              HAVEN_COORD_WRAPPED);
    roundtrip(1, 0, FIXTURE_H5MD_VELOCITY, HAVEN_COORD_IMAGES);
}

/* step and time of every frame; 1100 frames cross a 1024-entry block. */
static void test_metadata(void **st)
{
    (void)st;
    fixture_system s;
    char path[256];
    assert_int_equal(fixture_make(&s, 6, 1100, 3u, 0, 0), 0);
    scratch_path(path, sizeof path, "h5md_meta", ".h5");
    assert_int_equal(fixture_write_h5md(&s, path), 0);
    haven_traj *t = open_ok(path);
    const haven_frame *fr;
    for (long f = 0; f < 1100; f++) {
        assert_int_equal(haven_traj_read(t, &fr), HAVEN_OK);
        assert_int_equal(fr->step, f * 10);
        /* time written in ps as f*10*2e-3: a few roundings, 1e-12 relative. */
        assert_close(fr->time, (double)f * 20e-15, 1e-12 * (double)f * 20e-15);
    }
    assert_int_equal(haven_traj_read(t, &fr), HAVEN_EOF);
    haven_traj_free(t);
    unlink(path);
    fixture_free(&s);
}

/* ---- bad input ------------------------------------------------------------ */

typedef void (*mutation)(hid_t file);

/* Fixture file (6 atoms, 6 frames, writer flags) changed by `mutate`. */
static void write_mutated_flags(const char *path, unsigned flags, mutation mutate)
{
    fixture_system s;
    assert_int_equal(fixture_make(&s, 6, 6, 4u, 0, 0), 0);
    assert_int_equal(fixture_write_h5md_flags(&s, path, flags), 0);
    fixture_free(&s);
    hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    assert_true(f >= 0);
    mutate(f);
    H5Fclose(f);
}

static void write_mutated(const char *path, mutation mutate)
{
    write_mutated_flags(path, 0, mutate);
}

static void expect_open_fails(const char *path, haven_status status, const char *what)
{
    haven_traj_options o;
    haven_traj_options_init(&o);
    o.format = HAVEN_FMT_H5MD;
    haven_traj *t = NULL;
    assert_int_equal(haven_traj_open(path, &o, &t), status);
    assert_null(t);
    const char *msg = haven_last_error();
    if (!strstr(msg, path) || !strstr(msg, what))
        fail_msg("message lacks '%s' or the file: %s", what, msg);
}

static void expect_open_error(const char *path, haven_status status, const char *what)
{
    expect_open_fails(path, status, what);
    unlink(path);
}

static void test_empty(void **st)
{
    (void)st;
    char path[256];
    scratch_path(path, sizeof path, "h5md_empty", ".h5");
    FILE *f = fopen(path, "wb");
    fclose(f);
    expect_open_error(path, HAVEN_ERR_FORMAT, "HDF5");
}

/* HDF5 cannot open a cut file (its superblock states the full size). */
static void test_truncated(void **st)
{
    (void)st;
    char path[256];
    scratch_path(path, sizeof path, "h5md_cut", ".h5");
    fixture_system s;
    assert_int_equal(fixture_make(&s, 6, 50, 4u, 0, 0), 0);
    assert_int_equal(fixture_write_h5md(&s, path), 0);
    fixture_free(&s);
    FILE *f = fopen(path, "rb");
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fclose(f);
    assert_int_equal(truncate(path, len / 2), 0);
    /* HDF5's own error stack, captured instead of printed */
    expect_open_fails(path, HAVEN_ERR_FORMAT, "(HDF5: H5Fopen: truncated file: eof = ");
    expect_open_error(path, HAVEN_ERR_FORMAT, "truncated");
}

static void test_wrong_format(void **st)
{
    (void)st;
    char path[256];
    scratch_path(path, sizeof path, "h5md_text", ".h5");
    FILE *f = fopen(path, "wb");
    fputs("ITEM: TIMESTEP\n0\n", f);
    fclose(f);
    expect_open_error(path, HAVEN_ERR_FORMAT, "HDF5");
    /* HDF5, but not H5MD. */
    hid_t h = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    H5Fclose(h);
    expect_open_error(path, HAVEN_ERR_FORMAT, "/h5md");
}

static void drop_edges(hid_t f)
{
    H5Ldelete(f, "particles/all/box/edges", H5P_DEFAULT);
}

static void test_missing_cell(void **st)
{
    (void)st;
    char path[256];
    scratch_path(path, sizeof path, "h5md_nobox", ".h5");
    write_mutated(path, drop_edges);
    expect_open_error(path, HAVEN_ERR_FORMAT, "edges");
}

/* position/value replaced by strings of the same shape. */
static void string_positions(hid_t f)
{
    H5Ldelete(f, "particles/all/position/value", H5P_DEFAULT);
    hsize_t dims[3] = {6, 6, 3};
    hid_t sp = H5Screate_simple(3, dims, NULL);
    hid_t ty = H5Tcopy(H5T_C_S1);
    H5Tset_size(ty, 8);
    hid_t d = H5Dcreate2(f, "particles/all/position/value", ty, sp, H5P_DEFAULT, H5P_DEFAULT,
                         H5P_DEFAULT);
    H5Dclose(d);
    H5Tclose(ty);
    H5Sclose(sp);
}

static void test_non_numeric(void **st)
{
    (void)st;
    char path[256];
    scratch_path(path, sizeof path, "h5md_text_pos", ".h5");
    write_mutated(path, string_positions);
    expect_open_error(path, HAVEN_ERR_FORMAT, "not numeric");
}

/* Frame 3, atom 2, y := NaN. */
static void nan_position(hid_t f)
{
    hid_t d = H5Dopen2(f, "particles/all/position/value", H5P_DEFAULT);
    hid_t fs = H5Dget_space(d);
    hsize_t start[3] = {3, 1, 1}, count[3] = {1, 1, 1};
    H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL);
    hid_t ms = H5Screate_simple(3, count, NULL);
    double nan = NAN;
    H5Dwrite(d, H5T_NATIVE_DOUBLE, ms, fs, H5P_DEFAULT, &nan);
    H5Sclose(ms);
    H5Sclose(fs);
    H5Dclose(d);
}

static void test_nan(void **st)
{
    (void)st;
    char path[256];
    scratch_path(path, sizeof path, "h5md_nan", ".h5");
    write_mutated(path, nan_position);
    haven_traj *t = open_ok(path);
    const haven_frame *fr;
    for (int k = 0; k < 3; k++)
        assert_int_equal(haven_traj_read(t, &fr), HAVEN_OK);
    assert_int_equal(haven_traj_read(t, &fr), HAVEN_ERR_VALUE);
    const char *msg = haven_last_error();
    if (!strstr(msg, path) || !strstr(msg, "frame 3") || !strstr(msg, "atom 2"))
        fail_msg("message lacks file/frame/atom: %s", msg);
    haven_traj_free(t);
    unlink(path);
}

/* species with one entry fewer than the positions. */
static void short_species(hid_t f)
{
    H5Ldelete(f, "particles/all/species", H5P_DEFAULT);
    hsize_t n = 5;
    int z[5] = {3, 17, 3, 17, 3};
    hid_t sp = H5Screate_simple(1, &n, NULL);
    hid_t d = H5Dcreate2(f, "particles/all/species", H5T_STD_I32LE, sp, H5P_DEFAULT, H5P_DEFAULT,
                         H5P_DEFAULT);
    H5Dwrite(d, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, z);
    H5Dclose(d);
    H5Sclose(sp);
}

/* image/value for 5 atoms while positions have 6. */
static void short_images(hid_t f)
{
    H5Ldelete(f, "particles/all/image/value", H5P_DEFAULT);
    hsize_t dims[3] = {6, 5, 3};
    hid_t sp = H5Screate_simple(3, dims, NULL);
    hid_t d = H5Dcreate2(f, "particles/all/image/value", H5T_STD_I32LE, sp, H5P_DEFAULT,
                         H5P_DEFAULT, H5P_DEFAULT);
    H5Dclose(d);
    H5Sclose(sp);
}

/* species as element names (fixed-length strings, space padded). */
static void string_species(hid_t f)
{
    H5Ldelete(f, "particles/all/species", H5P_DEFAULT);
    hsize_t n = 6;
    char names[6][4] = {"Li ", "Cl ", "Li ", "Cl ", "Li ", "La "};
    hid_t ty = H5Tcopy(H5T_C_S1);
    H5Tset_size(ty, 4);
    hid_t sp = H5Screate_simple(1, &n, NULL);
    hid_t d = H5Dcreate2(f, "particles/all/species", ty, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dwrite(d, ty, H5S_ALL, H5S_ALL, H5P_DEFAULT, names);
    H5Dclose(d);
    H5Sclose(sp);
    H5Tclose(ty);
}

/* species as 1-based type numbers (LAMMPS style), values in `z`. */
static void write_int_species(hid_t f, const int z[6])
{
    H5Ldelete(f, "particles/all/species", H5P_DEFAULT);
    hsize_t n = 6;
    hid_t sp = H5Screate_simple(1, &n, NULL);
    hid_t d = H5Dcreate2(f, "particles/all/species", H5T_STD_I32LE, sp, H5P_DEFAULT, H5P_DEFAULT,
                         H5P_DEFAULT);
    H5Dwrite(d, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, z);
    H5Dclose(d);
    H5Sclose(sp);
}

static void type_species(hid_t f)
{
    static const int types[6] = {1, 2, 1, 2, 1, 3};
    write_int_species(f, types);
}

static void bad_z_species(hid_t f)
{
    static const int z[6] = {3, 17, 3, 17, 3, 250};
    write_int_species(f, z);
}

static void check_species(const char *path, const char *types)
{
    haven_traj_options o;
    haven_traj_options_init(&o);
    o.types = types;
    haven_traj *t = NULL;
    if (haven_traj_open(path, &o, &t) != HAVEN_OK)
        fail_msg("%s", haven_last_error());
    assert_int_equal(haven_traj_n_species(t), 3);
    assert_string_equal(haven_traj_species_name(t, 0), "Li");
    assert_string_equal(haven_traj_species_name(t, 1), "Cl");
    assert_string_equal(haven_traj_species_name(t, 2), "La");
    assert_int_equal(haven_traj_atom_species(t, 5), 2);
    haven_traj_free(t);
    unlink(path);
}

/* Names, a --types map for type numbers, and an impossible atomic number. */
static void test_species_forms(void **st)
{
    (void)st;
    char path[256];
    scratch_path(path, sizeof path, "h5md_species", ".h5");
    write_mutated(path, string_species);
    check_species(path, NULL);
    write_mutated(path, type_species);
    check_species(path, "1=Li,2=Cl,3=La");
    write_mutated(path, bad_z_species);
    expect_open_error(path, HAVEN_ERR_FORMAT, "species 250");
}

static void set_unit(hid_t f, const char *dataset, const char *unit)
{
    hid_t d = H5Dopen2(f, dataset, H5P_DEFAULT);
    H5Adelete(d, "unit");
    hid_t ty = H5Tcopy(H5T_C_S1);
    H5Tset_size(ty, strlen(unit) + 1);
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(d, "unit", ty, sp, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, ty, unit);
    H5Aclose(a);
    H5Sclose(sp);
    H5Tclose(ty);
    H5Dclose(d);
}

static void slash_units(hid_t f)
{
    set_unit(f, "particles/all/velocity/value", "nm/fs");
    set_unit(f, "particles/all/position/time", "fs");
}

static void odd_unit(hid_t f)
{
    set_unit(f, "particles/all/position/value", "furlong");
}

/* "nm/fs" velocities are 1000x "nm ps-1"; "fs" times are 1e-3 of "ps";
 * an unknown length unit is an error naming it. */
static void test_units(void **st)
{
    (void)st;
    char path[256];
    scratch_path(path, sizeof path, "h5md_units", ".h5");
    write_mutated_flags(path, FIXTURE_H5MD_VELOCITY, slash_units);
    haven_traj *t = open_ok(path);
    const haven_frame *fr;
    assert_int_equal(haven_traj_read(t, &fr), HAVEN_OK);
    assert_int_equal(haven_traj_read(t, &fr), HAVEN_OK);
    /* velocity numbers equal the position numbers (nm): v = x / 1 fs. */
    assert_close(fr->vel[2][0], fr->pos[2][0] / 1e-15, 1e-12 * fabs(fr->pos[2][0] / 1e-15));
    /* frame 1: time stored as 10 * 2e-3 (ps numbers), now read as fs. */
    assert_close(fr->time, 0.02e-15, 1e-12 * 0.02e-15);
    haven_traj_free(t);
    unlink(path);
    write_mutated(path, odd_unit);
    expect_open_error(path, HAVEN_ERR_FORMAT, "furlong");
}

static void test_atom_count(void **st)
{
    (void)st;
    char path[256];
    scratch_path(path, sizeof path, "h5md_count", ".h5");
    write_mutated(path, short_species);
    expect_open_error(path, HAVEN_ERR_FORMAT, "species has 5 entries, positions have 6");
    write_mutated(path, short_images);
    expect_open_error(path, HAVEN_ERR_FORMAT, "expected [frames][6][3]");
}

/* ---- damaged files: shapes, types and storage checked before reads -------- */

/* Inputs found by fuzzing (tests/data/fuzz-repro): each used to crash. */
static void test_fuzz_repro(void **st)
{
    (void)st;
    /* box/dimension of 4096 ints was read into one int (stack overflow) */
    expect_open_fails(HAVEN_TEST_DATA "/fuzz-repro/box_dimension_attr_4096.h5", HAVEN_ERR_FORMAT,
                      "/particles/all/box: attribute 'dimension' holds 4096 integer value(s), "
                      "expected 1 number(s)");
    /* position/step's offset of 8000 doubles was read into one double */
    expect_open_fails(HAVEN_TEST_DATA "/fuzz-repro/step_offset_attr_8000.h5", HAVEN_ERR_FORMAT,
                      "/particles/all/position/step: attribute 'offset' holds 8000 float "
                      "value(s), expected 1 number(s)");
    /* a compact position/step of 0 stored bytes: H5Dread copied from nowhere */
    expect_open_fails(HAVEN_TEST_DATA "/fuzz-repro/corrupt.h5", HAVEN_ERR_FORMAT,
                      "/particles/all/position/step: 0 bytes stored, but its shape and type "
                      "need 12 (damaged file)");
    /* image/value of 184-byte integers: HDF5 overran its 72-byte chunks */
    expect_open_fails(HAVEN_TEST_DATA "/fuzz-repro/h5md_image_type_184_bytes.h5", HAVEN_ERR_FORMAT,
                      "/particles/all/image/value is not numeric (expected integers or floats "
                      "of at most 8 bytes, found 184-byte values)");
}

/* Replace attribute `name` of object `obj` by n ints (n = 0: a string). */
static void set_attr(hid_t f, const char *obj, const char *name, hsize_t n)
{
    hid_t o = H5Oopen(f, obj, H5P_DEFAULT);
    H5Adelete(o, name);
    int v[8] = {3, 3, 3, 3, 3, 3, 3, 3};
    hid_t ty = n ? H5Tcopy(H5T_STD_I32LE) : H5Tcopy(H5T_C_S1);
    if (!n)
        H5Tset_size(ty, 4);
    hid_t sp = n ? H5Screate_simple(1, &n, NULL) : H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(o, name, ty, sp, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, n ? H5T_NATIVE_INT : ty, n ? (const void *)v : "abc");
    H5Aclose(a);
    H5Sclose(sp);
    H5Tclose(ty);
    H5Oclose(o);
}

static void dimension_string(hid_t f)
{
    set_attr(f, "particles/all/box", "dimension", 0);
}
static void version_three(hid_t f)
{
    set_attr(f, "h5md", "version", 3);
}
static void names_ints(hid_t f)
{
    set_attr(f, "particles/all/species", "species_names", 3);
}

/* position/step as [T][2]: neither one number per frame nor an interval. */
static void step_rank2(hid_t f)
{
    H5Ldelete(f, "particles/all/position/step", H5P_DEFAULT);
    hsize_t dims[2] = {6, 2};
    hid_t sp = H5Screate_simple(2, dims, NULL);
    hid_t d = H5Dcreate2(f, "particles/all/position/step", H5T_STD_I32LE, sp, H5P_DEFAULT,
                         H5P_DEFAULT, H5P_DEFAULT);
    int v[12] = {0};
    H5Dwrite(d, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, v);
    H5Dclose(d);
    H5Sclose(sp);
}

/* Attributes of the wrong shape or type, and series of the wrong rank. */
static void test_attribute_shapes(void **st)
{
    (void)st;
    char path[256];
    scratch_path(path, sizeof path, "h5md_attr", ".h5");
    write_mutated(path, dimension_string);
    expect_open_error(path, HAVEN_ERR_FORMAT,
                      "attribute 'dimension' holds 1 string value(s), expected 1 number(s)");
    write_mutated(path, version_three);
    expect_open_error(path, HAVEN_ERR_FORMAT,
                      "/h5md: attribute 'version' holds 3 integer value(s), expected 2");
    write_mutated_flags(path, FIXTURE_H5MD_NAMES, names_ints);
    expect_open_error(path, HAVEN_ERR_FORMAT, "species_names holds 3 value(s), expected 1 to");
    write_mutated(path, step_rank2);
    expect_open_error(path, HAVEN_ERR_FORMAT,
                      "/particles/all/position/step holds 12 numeric value(s) of rank 2");
}

/* Copy dataset `name` into a new one of the given layout (same data). */
static void relayout(hid_t f, const char *name, H5D_layout_t layout)
{
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
    hid_t sp = H5Dget_space(d), ty = H5Dget_type(d);
    size_t bytes = (size_t)H5Sget_simple_extent_npoints(sp) * H5Tget_size(ty);
    void *buf = malloc(bytes);
    H5Dread(d, ty, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
    H5Dclose(d);
    H5Ldelete(f, name, H5P_DEFAULT);
    hid_t pl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_layout(pl, layout);
    d = H5Dcreate2(f, name, ty, sp, H5P_DEFAULT, pl, H5P_DEFAULT);
    H5Dwrite(d, ty, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
    H5Dclose(d);
    H5Pclose(pl);
    H5Tclose(ty);
    H5Sclose(sp);
    free(buf);
}

static void compact_step_contiguous_positions(hid_t f)
{
    relayout(f, "particles/all/position/step", H5D_COMPACT);
    relayout(f, "particles/all/position/value", H5D_CONTIGUOUS);
}

/* The storage checks pass intact compact and contiguous data. */
static void test_layouts(void **st)
{
    (void)st;
    char path[256];
    scratch_path(path, sizeof path, "h5md_layout", ".h5");
    write_mutated(path, compact_step_contiguous_positions);
    haven_traj *t = open_ok(path);
    const haven_frame *fr;
    long n = 0, last_step = -1;
    while (haven_traj_read(t, &fr) == HAVEN_OK) {
        last_step = fr->step;
        n++;
    }
    assert_int_equal(n, 6);
    assert_int_equal(last_step, 5 * 10); /* fixture stride 10 */
    haven_traj_free(t);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_orthorhombic),
        cmocka_unit_test(test_triclinic),
        cmocka_unit_test(test_npt),
        cmocka_unit_test(test_variants),
        cmocka_unit_test(test_block_edges),
        cmocka_unit_test(test_species_forms),
        cmocka_unit_test(test_units),
        cmocka_unit_test(test_metadata),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_wrong_format),
        cmocka_unit_test(test_missing_cell),
        cmocka_unit_test(test_non_numeric),
        cmocka_unit_test(test_nan),
        cmocka_unit_test(test_atom_count),
        cmocka_unit_test(test_fuzz_repro),
        cmocka_unit_test(test_attribute_shapes),
        cmocka_unit_test(test_layouts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
