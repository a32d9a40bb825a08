/* Density grids: normalisation, cube/CHGCAR round trips, percolation of a
 * 1D channel, a 2D layer and a 3D network, the barrier of a bottleneck, and
 * bad inputs. */
#include "haven/structure.h"

#include "check.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#define A 1e-10
#define L 10.0 /* cell edge, Angstrom */

/* Extended XYZ: n Li atoms in a cubic cell; mode 1: a channel along x
 * (y, z Gaussian about the centre, 0.4 A), mode 3: anywhere; plus one S
 * atom that never moves (framework). */
static void write_traj(const char *path, int mode, size_t n, size_t frames)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 7);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    for (size_t f = 0; f < frames; f++) {
        fprintf(fp, "%zu\nLattice=\"%g 0 0 0 %g 0 0 0 %g\" Properties=species:S:1:pos:R:3 Time=%zu\n",
                n + 1, L, L, L, f * 10);
        fprintf(fp, "S 0.0 0.0 0.0\n");
        for (size_t i = 0; i < n; i++) {
            double x = L * gsl_rng_uniform(rng), y, z;
            if (mode == 1) {
                y = 5 + gsl_ran_gaussian(rng, 0.4);
                z = 5 + gsl_ran_gaussian(rng, 0.4);
            } else {
                y = L * gsl_rng_uniform(rng);
                z = L * gsl_rng_uniform(rng);
            }
            fprintf(fp, "Li %.6f %.6f %.6f\n", x, y, z);
        }
    }
    fclose(fp);
    gsl_rng_free(rng);
}

static haven_status density_of(const char *path, double spacing, int only_li, haven_grid *g)
{
    haven_traj *t;
    haven_status s = haven_traj_open(path, NULL, &t);
    if (s != HAVEN_OK)
        return s;
    int *sel = calloc(haven_traj_n_atoms(t), sizeof *sel);
    for (size_t i = 0; i < haven_traj_n_atoms(t); i++)
        sel[i] = only_li ? !strcmp(haven_traj_species_name(t, (size_t)haven_traj_atom_species(t, i)), "Li")
                         : 0;
    haven_density_options o;
    haven_density_options_init(&o);
    o.spacing = spacing;
    o.select = sel;
    haven_density_info info;
    s = haven_density_compute(t, &o, g, &info);
    free(sel);
    haven_traj_free(t);
    return s;
}

static double grid_integral(const haven_grid *g)
{
    double vol = g->cell[0][0] * g->cell[1][1] * g->cell[2][2], sum = 0;
    size_t total = g->n[0] * g->n[1] * g->n[2];
    for (size_t i = 0; i < total; i++)
        sum += g->value[i];
    return sum * vol / (double)total;
}

/* The integral of a number density over the cell is the atom count
 * (exact: every atom lands in one voxel in every frame). A channel
 * percolates in one direction only; a uniform gas in three. */
static void test_channel_and_gas(void **state)
{
    (void)state;
    char path[] = "/tmp/haven_density_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    haven_grid g;
    write_traj(path, 1, 20, 200);
    assert_int_equal(density_of(path, 0.5 * A, 1, &g), HAVEN_OK);
    assert_int_equal(g.n[0], 20);
    assert_rel(grid_integral(&g), 20.0, 1e-12);
    haven_percolation p;
    assert_int_equal(haven_grid_percolation(&g, 300, &p), HAVEN_OK);
    assert_int_equal(p.dimensionality, 1);
    assert_true(isfinite(p.level[0]) && isnan(p.level[1]) && isnan(p.level[2]));
    assert_true(p.barrier[0] > 0);
    haven_grid_clear(&g);

    write_traj(path, 3, 20, 200);
    assert_int_equal(density_of(path, 1.0 * A, 1, &g), HAVEN_OK);
    assert_int_equal(haven_grid_percolation(&g, 300, &p), HAVEN_OK);
    assert_int_equal(p.dimensionality, 3);
    /* 4000 samples over 1000 voxels: every voxel visited, so 3D at the
     * lowest level at the latest */
    assert_true(p.level[2] > 0 && p.level[0] >= p.level[1] && p.level[1] >= p.level[2]);
    haven_grid_clear(&g);

    /* bad input: a selection that matches no atom */
    assert_int_equal(density_of(path, 1.0 * A, 0, &g), HAVEN_ERR_ARG);
    assert_non_null(strstr(haven_last_error(), "no atoms"));
    /* spacing that gives no sensible grid */
    assert_int_equal(density_of(path, 1e-5 * A, 1, &g), HAVEN_ERR_ARG);
    unlink(path);
}

/* Hand-made grids with known answers. */
static void make_grid(haven_grid *g, size_t n)
{
    size_t dims[3] = {n, n, n};
    double cell[3][3] = {{n * A, 0, 0}, {0, n * A, 0}, {0, 0, n * A}};
    assert_int_equal(haven_grid_alloc(g, dims, cell), HAVEN_OK);
}

#define AT(g, i, j, k) (g).value[((i) * (g).n[1] + (j)) * (g).n[2] + (k)]

/* A channel along b with one bottleneck voxel at 1/10 of the maximum: it
 * percolates in 1D at exactly that level, barrier kT ln 10; a layer in the
 * a-b plane is 2D; all voxels equal is 3D at that level. */
static void test_levels(void **state)
{
    (void)state;
    haven_grid g;
    haven_percolation p;
    make_grid(&g, 8);
    for (size_t j = 0; j < 8; j++)
        AT(g, 3, j, 4) = 1.0 + 0.01 * (double)j;
    AT(g, 3, 5, 4) = 0.1;
    assert_int_equal(haven_grid_percolation(&g, 500, &p), HAVEN_OK);
    assert_int_equal(p.dimensionality, 1);
    assert_rel(p.level[0], 0.1, 1e-15);
    assert_rel(p.barrier[0], 1.380649e-23 * 500 * log(1.07 / 0.1), 1e-12);
    assert_true(isnan(p.level[1]) && isnan(p.barrier[2]));
    haven_grid_clear(&g);

    make_grid(&g, 6);
    for (size_t i = 0; i < 6; i++)
        for (size_t j = 0; j < 6; j++)
            AT(g, i, j, 2) = 2.0;
    assert_int_equal(haven_grid_percolation(&g, 300, &p), HAVEN_OK);
    assert_int_equal(p.dimensionality, 2);
    assert_rel(p.level[1], 2.0, 0);
    assert_true(isnan(p.level[2]));
    /* a diagonal staircase is connected only across faces: a 1D path */
    haven_grid_clear(&g);
    make_grid(&g, 5);
    for (size_t i = 0; i < 5; i++) {
        AT(g, i, i, 0) = 1.0;
        AT(g, i, (i + 1) % 5, 0) = 1.0;
    }
    assert_int_equal(haven_grid_percolation(&g, 300, &p), HAVEN_OK);
    assert_int_equal(p.dimensionality, 1);
    haven_grid_clear(&g);

    make_grid(&g, 4);
    for (size_t i = 0; i < 64; i++)
        g.value[i] = 3.0;
    assert_int_equal(haven_grid_percolation(&g, 300, &p), HAVEN_OK);
    assert_int_equal(p.dimensionality, 3);
    assert_rel(p.barrier[2], 0.0, 0);
    g.value[7] = NAN;
    assert_int_equal(haven_grid_percolation(&g, 300, &p), HAVEN_ERR_VALUE);
    haven_grid_clear(&g);
}

/* Writing and reading back: the same grid, cell and atoms, up to the
 * printed digits (9 significant for cube, 12 for CHGCAR). */
static void roundtrip(int chgcar)
{
    haven_grid g, h;
    size_t dims[3] = {5, 6, 7};
    double cell[3][3] = {{7.1 * A, 0, 0}, {1.2 * A, 6.3 * A, 0}, {0.4 * A, -0.7 * A, 8.2 * A}};
    assert_int_equal(haven_grid_alloc(&g, dims, cell), HAVEN_OK);
    for (size_t i = 0; i < 210; i++)
        g.value[i] = 1e28 * (1.0 + sin(0.37 * (double)i));
    g.n_atoms = 3;
    g.atom_frac = malloc(3 * sizeof *g.atom_frac);
    g.atom_z = malloc(3 * sizeof *g.atom_z);
    int z[3] = {16, 3, 16};
    for (int a = 0; a < 3; a++) {
        g.atom_z[a] = z[a];
        for (int k = 0; k < 3; k++)
            g.atom_frac[a][k] = 0.1 * (a + 1) + 0.05 * k;
    }
    char path[] = "/tmp/haven_grid_XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    haven_grid_format fmt = chgcar ? HAVEN_GRID_CHGCAR : HAVEN_GRID_CUBE;
    assert_int_equal(haven_grid_write(&g, fmt, "test", path), HAVEN_OK);
    /* the file holds exactly the text formatted in memory */
    char *text, file[64 * 1024];
    size_t len;
    assert_int_equal(haven_grid_format_text(&g, fmt, "test", &text, &len), HAVEN_OK);
    FILE *fp = fopen(path, "r");
    size_t got = fread(file, 1, sizeof file, fp);
    fclose(fp);
    assert_int_equal(got, len);
    assert_int_equal(strlen(text), len);
    assert_memory_equal(file, text, len);
    free(text);
    assert_int_equal(chgcar ? haven_grid_read_chgcar(path, &h) : haven_grid_read_cube(path, &h),
                     HAVEN_OK);
    for (int k = 0; k < 3; k++)
        assert_int_equal(h.n[k], g.n[k]);
    for (size_t i = 0; i < 210; i++)
        assert_rel(h.value[i], g.value[i], chgcar ? 1e-10 : 1e-7);
    for (int a = 0; a < 3; a++)
        for (int k = 0; k < 3; k++)
            assert_abs(h.cell[a][k], g.cell[a][k], 1e-6 * A);
    assert_int_equal(h.n_atoms, 3);
    /* CHGCAR groups atoms by element: S, S, Li */
    int order[3] = {0, chgcar ? 2 : 1, chgcar ? 1 : 2};
    for (int a = 0; a < 3; a++) {
        assert_int_equal(h.atom_z[a], g.atom_z[order[a]]);
        for (int k = 0; k < 3; k++)
            assert_abs(h.atom_frac[a][k], g.atom_frac[order[a]][k], 1e-6);
    }
    haven_grid_clear(&h);
    /* truncated file: a clear error naming the file */
    assert_int_equal(truncate(path, 300), 0);
    assert_int_equal(chgcar ? haven_grid_read_chgcar(path, &h) : haven_grid_read_cube(path, &h),
                     HAVEN_ERR_FORMAT);
    assert_non_null(strstr(haven_last_error(), path));
    unlink(path);
    haven_grid_clear(&g);
}

static void test_cube_roundtrip(void **state)
{
    (void)state;
    roundtrip(0);
}

static void test_chgcar_roundtrip(void **state)
{
    (void)state;
    roundtrip(1);
}

/* Smoothing keeps the integral (the kernel is normalised, periodic). */
static void test_smooth(void **state)
{
    (void)state;
    haven_grid g;
    make_grid(&g, 10);
    AT(g, 2, 3, 4) = 1000.0;
    assert_int_equal(haven_grid_smooth(&g, 1.0 * A), HAVEN_OK);
    double sum = 0;
    for (size_t i = 0; i < 1000; i++)
        sum += g.value[i];
    assert_rel(sum, 1000.0, 1e-12);
    /* Gaussian of sigma 1 voxel: neighbour / centre = exp(-1/2) per axis */
    assert_rel(AT(g, 3, 3, 4) / AT(g, 2, 3, 4), exp(-0.5), 1e-3);
    assert_int_equal(haven_grid_smooth(&g, -1), HAVEN_ERR_ARG);
    haven_grid_clear(&g);
}

/* Time blocks: they partition the frames and the counts; identical frames
 * give identical leave-one-out densities, so the jackknife error of the
 * barrier is exactly 0; a fluctuating channel gives a finite error. */
static void test_blocks(void **state)
{
    (void)state;
    char path[] = "/tmp/haven_blocks_XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    for (int fluctuating = 0; fluctuating < 2; fluctuating++) {
        if (fluctuating)
            write_traj(path, 1, 20, 300);
        else { /* the first frame of a channel, 300 times */
            write_traj(path, 1, 20, 1);
            FILE *fp = fopen(path, "r");
            char buf[64 * 1024];
            size_t len = fread(buf, 1, sizeof buf, fp);
            fclose(fp);
            fp = fopen(path, "w");
            for (int f = 0; f < 300; f++) {
                char *second = strchr(buf, '\n') + 1; /* rewrite Time= per frame */
                char *after = strchr(second, '\n') + 1;
                fprintf(fp, "%.*s", (int)(second - buf), buf);
                fprintf(fp, "Lattice=\"%g 0 0 0 %g 0 0 0 %g\" Properties=species:S:1:pos:R:3 Time=%d\n",
                        L, L, L, 10 * f);
                fwrite(after, 1, len - (size_t)(after - buf), fp);
            }
            fclose(fp);
        }
        haven_traj *t;
        assert_int_equal(haven_traj_open(path, NULL, &t), HAVEN_OK);
        int sel[21] = {0};
        for (int i = 1; i <= 20; i++)
            sel[i] = 1;
        haven_density_options o;
        haven_density_options_init(&o);
        o.spacing = 0.5 * A, o.sigma = 0.8 * A, o.select = sel, o.n_blocks = 4;
        haven_grid g;
        haven_density_info info;
        assert_int_equal(haven_density_compute(t, &o, &g, &info), HAVEN_OK);
        haven_traj_free(t);
        assert_true(info.n_blocks >= 4 && info.n_blocks <= 7);
        size_t frames = 0, nvox = g.n[0] * g.n[1] * g.n[2];
        double counts = 0;
        for (size_t b = 0; b < info.n_blocks; b++) {
            frames += info.block_frames[b];
            for (size_t v = 0; v < nvox; v++)
                counts += info.block_counts[b * nvox + v];
        }
        assert_int_equal(frames, 300);
        assert_rel(counts, 20.0 * 300, 1e-12);
        haven_percolation p;
        haven_estimate bar[3];
        assert_int_equal(haven_grid_percolation(&g, 300, &p), HAVEN_OK);
        assert_int_equal(haven_percolation_jackknife(&g, &info, o.sigma, 300, &p, bar), HAVEN_OK);
        assert_rel(bar[0].value, p.barrier[0], 0);
        if (fluctuating)
            assert_true(bar[0].err > 0 && bar[0].err < bar[0].value);
        else
            assert_abs(bar[0].err, 0, 1e-30);
        haven_grid_clear(&g);
        haven_density_info_clear(&info);
    }
    unlink(path);
}

/* Writing is all-or-nothing: a failed write (a CHGCAR without atoms, a
 * missing directory, a directory in the way) leaves the target as it was
 * and no temporary file behind. */
static void test_write_all_or_nothing(void **state)
{
    (void)state;
    haven_grid g;
    make_grid(&g, 3);
    char dir[] = "/tmp/haven_gridw_XXXXXX", path[128], tmp[160], buf[16] = {0};
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/old", dir);
    FILE *fp = fopen(path, "w");
    fputs("old\n", fp);
    fclose(fp);
    assert_int_equal(haven_grid_write(&g, HAVEN_GRID_CHGCAR, "x", path), HAVEN_ERR_ARG);
    assert_non_null(strstr(haven_last_error(), "at least one atom"));
    fp = fopen(path, "r");
    assert_int_equal(fread(buf, 1, sizeof buf - 1, fp), 4);
    fclose(fp);
    assert_string_equal(buf, "old\n");
    /* a directory where the file should go: the rename fails */
    snprintf(path, sizeof path, "%s/sub", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    assert_int_equal(haven_grid_write(&g, HAVEN_GRID_CUBE, "x", path), HAVEN_ERR_IO);
    assert_non_null(strstr(haven_last_error(), path));
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld.0", path, (long)getpid());
    assert_int_not_equal(access(tmp, F_OK), 0);
    assert_int_equal(rmdir(path), 0);
    snprintf(path, sizeof path, "%s/missing/cube", dir);
    assert_int_equal(haven_grid_write(&g, HAVEN_GRID_CUBE, "x", path), HAVEN_ERR_IO);
    assert_non_null(strstr(haven_last_error(), path));
    assert_int_equal(haven_grid_write(&g, (haven_grid_format)7, "x", path), HAVEN_ERR_ARG);
    snprintf(path, sizeof path, "%s/old", dir);
    unlink(path);
    assert_int_equal(rmdir(dir), 0); /* empty: nothing left behind */
    haven_grid_clear(&g);
}

/* The percolation curve: hand-made grids with counted answers, and on a
 * random grid its thresholds are exactly those of haven_grid_percolation. */
static void test_curve(void **state)
{
    (void)state;
    haven_grid g;
    make_grid(&g, 8); /* channel along b, bottleneck 0.1 at j = 5 */
    for (size_t j = 0; j < 8; j++)
        AT(g, 3, j, 4) = 1.0 + 0.01 * (double)j;
    AT(g, 3, 5, 4) = 0.1;
    double lv[5] = {2.0, 1.0, nextafter(0.1, 1.0), 0.1, 0.0}, c[20];
    assert_int_equal(haven_grid_percolation_curve(&g, lv, 5, c), HAVEN_OK);
    double want[4][5] = {{0, 7, 7, 8, 8}, {0, 0, 0, 8, 8}, {0}, {0}};
    for (int d = 0; d < 4; d++)
        for (int k = 0; k < 5; k++)
            assert_rel(c[d * 5 + k], want[d][k] / 512.0, 1e-15);
    lv[0] = NAN;
    assert_int_equal(haven_grid_percolation_curve(&g, lv, 5, c), HAVEN_ERR_ARG);
    haven_grid_clear(&g);

    make_grid(&g, 6); /* a layer: 2D, not 3D */
    for (size_t i = 0; i < 6; i++)
        for (size_t j = 0; j < 6; j++)
            AT(g, i, j, 2) = 2.0;
    double l2 = 2.0;
    assert_int_equal(haven_grid_percolation_curve(&g, &l2, 1, c), HAVEN_OK);
    assert_rel(c[0], 36 / 216.0, 1e-15);
    assert_rel(c[1], 36 / 216.0, 1e-15);
    assert_rel(c[2], 36 / 216.0, 1e-15);
    assert_true(c[3] == 0);
    haven_grid_clear(&g);

    make_grid(&g, 12);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 11);
    for (size_t i = 0; i < 1728; i++)
        g.value[i] = gsl_rng_uniform(rng) < 0.2 ? 0 : gsl_rng_uniform_pos(rng);
    gsl_rng_free(rng);
    haven_percolation p;
    assert_int_equal(haven_grid_percolation(&g, 300, &p), HAVEN_OK);
    assert_int_equal(p.dimensionality, 3);
    for (int d = 0; d < 3; d++) {
        double at[2] = {p.level[d], nextafter(p.level[d], INFINITY)}, cc[8];
        assert_int_equal(haven_grid_percolation_curve(&g, at, 2, cc), HAVEN_OK);
        assert_true(cc[(d + 1) * 2] > 0);      /* wraps at the level */
        assert_true(cc[(d + 1) * 2 + 1] == 0); /* not just above it */
        /* nested: wrapping in more directions is a subset */
        for (int k = 0; k < 2; k++)
            for (int e = 1; e < 4; e++)
                assert_true(cc[e * 2 + k] <= cc[(e - 1) * 2 + k]);
    }
    double zero = 0;
    assert_int_equal(haven_grid_percolation_curve(&g, &zero, 1, c), HAVEN_OK);
    assert_rel(c[0], p.visited_fraction, 1e-15);
    haven_grid_clear(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_channel_and_gas), cmocka_unit_test(test_levels),
        cmocka_unit_test(test_cube_roundtrip),  cmocka_unit_test(test_chgcar_roundtrip),
        cmocka_unit_test(test_smooth),  cmocka_unit_test(test_blocks),
        cmocka_unit_test(test_write_all_or_nothing), cmocka_unit_test(test_curve),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
