/* Polyanion rotation against a rigid rotor with known rotational
 * diffusion: tetrahedral PS4 groups turned every frame by a rotation whose
 * angle vector is Gaussian with variance 2 D_r dt per component give
 * C_l(t) = exp(-l(l+1) D_r t): tau_1 = 1/(2 D_r), tau_2 = 1/(6 D_r), beta =
 * 1. Li atoms walking on their own show no coupling (Fisher z within 4);
 * Li riding on a ligand's bond does. Bad inputs: a cutoff below the bond
 * length, no cutoff. */
#include "haven/rotation.h"

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
#include <unistd.h>

#include <cmocka.h>

#define A 1e-10
#define NG 8      /* groups on a 2x2x2 grid, 8 A apart */
#define T 6000    /* frames */
#define DT_FS 10.0
#define DR 5e11   /* rotational diffusion coefficient, 1/s: D_r dt = 0.005 */

/* Rotate v by the rotation vector w (Rodrigues). */
static void rotate(double v[3], const double w[3])
{
    double th = sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
    if (th == 0)
        return;
    double k[3] = {w[0] / th, w[1] / th, w[2] / th}, c = cos(th), s = sin(th);
    double kv = k[0] * v[0] + k[1] * v[1] + k[2] * v[2];
    double x[3] = {k[1] * v[2] - k[2] * v[1], k[2] * v[0] - k[0] * v[2], k[0] * v[1] - k[1] * v[0]};
    for (int i = 0; i < 3; i++)
        v[i] = v[i] * c + x[i] * s + k[i] * kv * (1 - c);
}

/* riding: Li sits 1.5 A beyond the first ligand of its group, else walks */
static void write_rotors(const char *path, int riding)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 21);
    const double b = 2.05 / sqrt(3.0), s = sqrt(2 * DR * DT_FS * 1e-15);
    double lig[NG][4][3], li[NG][3];
    for (int g = 0; g < NG; g++)
        for (int l = 0; l < 4; l++) {
            static const double tet[4][3] = {{1, 1, 1}, {1, -1, -1}, {-1, 1, -1}, {-1, -1, 1}};
            for (int k = 0; k < 3; k++)
                lig[g][l][k] = b * tet[l][k], li[g][k] = 4.0 + 8.0 * ((g >> k) & 1) + 2.5;
        }
    FILE *fp = fopen(path, "w");
    for (int f = 0; f < T; f++) {
        fprintf(fp, "%d\nLattice=\"16 0 0 0 16 0 0 0 16\" Properties=species:S:1:pos:R:3 Time=%g\n",
                NG * 6, DT_FS * f);
        for (int g = 0; g < NG; g++) {
            double c[3];
            for (int k = 0; k < 3; k++)
                c[k] = 4.0 + 8.0 * ((g >> k) & 1);
            if (f > 0) {
                double w[3] = {gsl_ran_gaussian(rng, s), gsl_ran_gaussian(rng, s),
                               gsl_ran_gaussian(rng, s)};
                for (int l = 0; l < 4; l++)
                    rotate(lig[g][l], w);
                for (int k = 0; k < 3 && !riding; k++)
                    li[g][k] += gsl_ran_gaussian(rng, 0.05);
            }
            if (riding)
                for (int k = 0; k < 3; k++)
                    li[g][k] = c[k] + lig[g][0][k] * (1 + 1.5 / 2.05);
            fprintf(fp, "P %.6f %.6f %.6f\n", c[0], c[1], c[2]);
            for (int l = 0; l < 4; l++)
                fprintf(fp, "S %.6f %.6f %.6f\n", c[0] + lig[g][l][0], c[1] + lig[g][l][1],
                        c[2] + lig[g][l][2]);
            fprintf(fp, "Li %.6f %.6f %.6f\n", li[g][0], li[g][1], li[g][2]);
        }
    }
    fclose(fp);
    gsl_rng_free(rng);
}

static haven_status run(const char *path, double cutoff, double window, haven_rotation *r)
{
    haven_traj *t;
    assert_int_equal(haven_traj_open(path, NULL, &t), HAVEN_OK);
    size_t n = haven_traj_n_atoms(t);
    int *c = calloc(n, sizeof *c), *l = calloc(n, sizeof *l), *li = calloc(n, sizeof *li);
    for (size_t i = 0; i < n; i++) {
        const char *s = haven_traj_species_name(t, (size_t)haven_traj_atom_species(t, i));
        c[i] = !strcmp(s, "P"), l[i] = !strcmp(s, "S"), li[i] = !strcmp(s, "Li");
    }
    haven_rotation_options o;
    haven_rotation_options_init(&o);
    o.cutoff = cutoff, o.window = window, o.origin_stride = 2;
    haven_status st = haven_rotation_compute(t, c, l, li, &o, r);
    free(c), free(l), free(li);
    haven_traj_free(t);
    return st;
}

static void test_rigid_rotor(void **state)
{
    (void)state;
    char path[] = "/tmp/haven_rot_XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    write_rotors(path, 0);
    haven_rotation r;
    assert_int_equal(run(path, 2.5 * A, 100e-15, &r), HAVEN_OK);
    assert_int_equal(r.n_groups, NG);
    assert_int_equal(r.n_bonds, 4 * NG);
    assert_int_equal(r.min_ligands, 4);
    assert_rel(r.dt, DT_FS * 1e-15, 1e-12);
    assert_true(r.kww_ok[0] && r.kww_ok[1]);
    /* 8 groups over 60 tau_1: the decay is measured to a few percent */
    assert_rel(r.kww[0].param[1].value, 1 / (2 * DR), 0.08);
    assert_rel(r.kww[1].param[1].value, 1 / (6 * DR), 0.08);
    assert_rel(r.kww[0].param[2].value, 1.0, 0.08);
    assert_rel(r.kww[1].param[2].value, 1.0, 0.08);
    /* independent Li: no coupling */
    assert_true(r.coupling_pairs > 1000);
    assert_abs(r.coupling_z, 0, 4);
    haven_rotation_clear(&r);

    write_rotors(path, 1);
    assert_int_equal(run(path, 2.5 * A, 100e-15, &r), HAVEN_OK);
    assert_true(r.coupling_r > 0.5 && r.coupling_p < 1e-6);
    haven_rotation_clear(&r);

    assert_int_equal(run(path, 1.5 * A, 0, &r), HAVEN_ERR_DATA);
    assert_non_null(strstr(haven_last_error(), "no ligand within 1.5 A"));
    assert_int_equal(run(path, 0, 0, &r), HAVEN_ERR_ARG);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rigid_rotor),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
