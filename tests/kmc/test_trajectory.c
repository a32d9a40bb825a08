/* --trajectory output: extended XYZ with unwrapped positions at a fixed
 * time interval. Parsed back here, the tracer MSD of the file gives the
 * engine's own D* (same dynamics, a different but equivalent estimator). */
#include "kmc_test.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_FRAMES 400

typedef struct {
    size_t n, frames;
    double (*pos)[3];        /* [frame * n + i], Angstrom */
    double time[MAX_FRAMES]; /* fs */
    double lattice[9];
} xyz_data;

/* Strict reader of the frames kmc_write_frame produces. */
static void read_xyz(FILE *fp, xyz_data *x)
{
    char line[512];
    memset(x, 0, sizeof *x);
    while (fgets(line, sizeof line, fp)) {
        size_t n = strtoul(line, NULL, 10);
        assert_true(n > 0);
        assert_true(x->frames < MAX_FRAMES);
        if (!x->pos) {
            x->n = n;
            x->pos = malloc(MAX_FRAMES * n * sizeof *x->pos);
        }
        assert_int_equal(n, x->n);
        assert_non_null(fgets(line, sizeof line, fp));
        const char *lat = strstr(line, "Lattice=\""), *t = strstr(line, "Time=");
        assert_non_null(lat);
        assert_non_null(t);
        assert_non_null(strstr(line, "Properties=species:S:1:pos:R:3"));
        assert_non_null(strstr(line, "unwrapped=T"));
        double *c = x->lattice;
        assert_int_equal(sscanf(lat + 9, "%lf %lf %lf %lf %lf %lf %lf %lf %lf", c, c + 1, c + 2,
                                c + 3, c + 4, c + 5, c + 6, c + 7, c + 8),
                         9);
        x->time[x->frames] = strtod(t + 5, NULL);
        for (size_t i = 0; i < n; i++) {
            double *r = x->pos[x->frames * n + i];
            char sym[16];
            assert_non_null(fgets(line, sizeof line, fp));
            assert_int_equal(sscanf(line, "%15s %lf %lf %lf", sym, r, r + 1, r + 2), 4);
            assert_string_equal(sym, "Li");
        }
        x->frames++;
    }
}

static void round_trip(void **state)
{
    (void)state;
    haven_kmc_lattice *L = kmc_test_lattice("sc", 6);
    haven_kmc_params p = kmc_test_params(L, 108);
    p.n_replicas = 1;
    p.n_blocks = 20;
    p.hops = 200000;
    char path[] = "/tmp/haven_kmc_trajXXXXXX", tmp[64];
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    p.trajectory = path;
    p.traj_interval = 2e-12;
    haven_kmc_result r;
    assert_int_equal(haven_kmc_run(L, &p, &r), HAVEN_OK);
    assert_int_equal(access(tmp, F_OK), -1); /* renamed into place */
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    xyz_data x;
    read_xyz(fp, &x);
    fclose(fp);
    unlink(path);
    assert_int_equal(x.n, 108);
    assert_true(x.frames > 200);
    assert_true(fabs(x.lattice[0] - 18) < 1e-9 && fabs(x.lattice[8] - 18) < 1e-9);
    /* Frames at exact multiples of the interval (fs). */
    for (size_t f = 0; f < x.frames; f++)
        assert_true(fabs(x.time[f] - 2000.0 * f) < 1e-6 * (f + 1));
    /* Unwrapped: every change between frames is a sum of 3 A jumps. */
    for (size_t f = 1; f < x.frames; f++)
        for (size_t i = 0; i < x.n; i++)
            for (int k = 0; k < 3; k++) {
                double d = (x.pos[f * x.n + i][k] - x.pos[(f - 1) * x.n + i][k]) / 3.0;
                assert_true(fabs(d - round(d)) < 1e-6);
            }
    /* Tracer MSD at the block length, all time origins. */
    size_t lag = x.frames / p.n_blocks;
    double msd = 0;
    long count = 0;
    for (size_t f = 0; f + lag < x.frames; f++)
        for (size_t i = 0; i < x.n; i++, count++)
            for (int k = 0; k < 3; k++) {
                double d = x.pos[(f + lag) * x.n + i][k] - x.pos[f * x.n + i][k];
                msd += d * d;
            }
    double D_file = msd / count * 1e-20 / (6 * lag * 2e-12);
    printf("D* engine %.4g +- %.2g, from the file %.4g m^2/s\n", r.D[0].value, r.D[0].err, D_file);
    /* Both estimators see the same path; the file's overlapping origins
     * only reduce the noise, so they agree within 3 engine errors. */
    assert_true(fabs(D_file - r.D[0].value) < 3 * r.D[0].err);
    free(x.pos);
    /* A run that fails leaves neither the file nor its temporary. */
    haven_kmc_result fail;
    p.traj_interval = 1e-30; /* far too many frames */
    assert_int_equal(haven_kmc_run(L, &p, &fail), HAVEN_ERR_ARG);
    assert_non_null(strstr(haven_last_error(), "frames"));
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(access(tmp, F_OK), -1);
    haven_kmc_lattice_free(L);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(round_trip)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
