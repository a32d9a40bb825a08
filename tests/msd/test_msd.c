/* MSD: the FFT algorithm against the direct windowed sum, tensor identities,
 * the collective correlations, and the out-of-core store. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "haven/msd.h"
#include "check.h"
#include "walkers.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>

enum { N = 37, T = 500, G = 2 };

static int groups[N];

static void setup_groups(void)
{
    for (int i = 0; i < N; i++)
        groups[i] = i % 3 == 2 ? -1 : i % 2; /* every third atom left out */
}

static double max_rel(const double *a, const double *b, size_t n, size_t stride, double floor_)
{
    double worst = 0;
    for (size_t i = 0; i < n; i++) {
        double d = fabs(a[i * stride] - b[i * stride]) / fmax(fabs(b[i * stride]), floor_);
        if (d > worst)
            worst = d;
    }
    return worst;
}

/* (1) FFT = direct to 1e-10 relative, every lag and tensor component. The
 * tolerance is the issue's; the algorithms differ only by rounding. */
static void fft_equals_direct(void **state)
{
    (void)state;
    setup_groups();
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 7);
    haven_store *s = walkers_store(rng, N, T, 1e-11, 2.0, 0);
    assert_non_null(s);
    haven_msd fft[G], dir[G];
    haven_msd_collective cf, cd;
    haven_msd_options o;
    haven_msd_options_init(&o);
    o.collective = 1;
    assert_int_equal(haven_msd_compute(s, groups, G, 1e-12, &o, fft, &cf), HAVEN_OK);
    o.method = HAVEN_MSD_DIRECT;
    assert_int_equal(haven_msd_compute(s, groups, G, 1e-12, &o, dir, &cd), HAVEN_OK);
    for (int g = 0; g < G; g++) {
        assert_true(max_rel(fft[g].msd + 1, dir[g].msd + 1, T - 1, 1, 0) < 1e-10);
        /* Off-diagonal components average to ~0: compare relative to the trace. */
        for (int c = 0; c < 6; c++)
            for (size_t t = 1; t < T; t++)
                assert_true(fabs(fft[g].tensor[t][c] - dir[g].tensor[t][c]) <
                            1e-10 * dir[g].msd[t]);
        assert_true(fabs(fft[g].msd[0]) < 1e-12 * fft[g].msd[1]);
        assert_int_equal(fft[g].n_obs[10], (double)fft[g].n_atoms * (T - 10));
        /* The block MSDs (error bars): FFT summed over walkers before the
         * inverse transform (xcorr.h) against the direct sums. */
        const haven_msd_stats *bf = &fft[g].stats, *bd = &dir[g].stats;
        assert_true(bf->n_blocks > 0);
        assert_int_equal(bf->n_blocks, bd->n_blocks);
        assert_int_equal(bf->block_frames, bd->block_frames);
        for (size_t b = 0; b < bf->n_blocks * 3; b++)
            assert_true(max_rel(bf->block_msd + b * bf->block_frames + 1,
                                bd->block_msd + b * bd->block_frames + 1, bf->block_frames - 1, 1,
                                0) < 1e-10);
    }
    assert_int_equal(fft[0].n_atoms, 13);
    for (size_t p = 0; p < 3; p++)
        for (size_t t = 1; t < T; t++)
            for (int c = 0; c < 9; c++) {
                double scale = cd.corr[p][t][0] + cd.corr[p][t][4] + cd.corr[p][t][8];
                scale = fmax(fabs(scale), cd.corr[0][t][0]);
                assert_true(fabs(cf.corr[p][t][c] - cd.corr[p][t][c]) < 1e-10 * scale);
            }
    for (int g = 0; g < G; g++) {
        haven_msd_clear(&fft[g]);
        haven_msd_clear(&dir[g]);
    }
    haven_msd_collective_clear(&cf);
    haven_msd_collective_clear(&cd);
    haven_store_free(s);
    gsl_rng_free(rng);
}

/* Random walk: MSD(t) = 3 step^2 t, group 1 has 4x the MSD (steps x2).
 * 13 walkers x 499 origins at lag 1: relative sd of the mean ~ sqrt(2/3/6000)
 * ~ 1%, so 5% is a 5-sigma band. */
static void random_walk_msd(void **state)
{
    (void)state;
    setup_groups();
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 11);
    double step = 1e-11;
    haven_store *s = walkers_store(rng, N, T, step, 2.0, 0);
    haven_msd m[G];
    assert_int_equal(haven_msd_compute(s, groups, G, 1e-12, NULL, m, NULL), HAVEN_OK);
    assert_rel(m[0].msd[1], 3 * step * step, 0.05);
    assert_rel(m[1].msd[1], 12 * step * step, 0.05);
    for (int g = 0; g < G; g++)
        haven_msd_clear(&m[g]);
    haven_store_free(s);
    gsl_rng_free(rng);
}

/* A store spilled to disk in many small chunks returns the same paths. */
static void spilled_store_matches_memory(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 3);
    haven_store *mem = walkers_store(rng, N, T, 1e-11, 1.0, 0);
    gsl_rng_set(rng, 3);
    /* 4 KiB budget: chunks of a few frames, so hundreds of chunks on disk. */
    haven_store *disk = walkers_store(rng, N, T, 1e-11, 1.0, 4096);
    assert_false(haven_store_spilled(mem));
    assert_true(haven_store_spilled(disk));
    assert_int_equal(haven_store_n_frames(disk), T);
    double *a = malloc(5 * 3 * T * sizeof *a), *b = malloc(5 * 3 * T * sizeof *b);
    assert_int_equal(haven_store_read_atoms(mem, 30, 35, a), HAVEN_OK);
    assert_int_equal(haven_store_read_atoms(disk, 30, 35, b), HAVEN_OK);
    for (size_t i = 0; i < 5 * 3 * T; i++)
        assert_true(a[i] == b[i]);
    /* Only the kept atoms (group >= 0), in memory and from the scratch
     * file: the same values, the others' slots untouched. */
    setup_groups();
    for (int spilled = 0; spilled < 2; spilled++) {
        for (size_t i = 0; i < 5 * 3 * T; i++)
            b[i] = -7.0;
        assert_int_equal(haven_store_read_kept(spilled ? disk : mem, 30, 35, groups, b), HAVEN_OK);
        for (size_t i = 0; i < 5 * 3 * T; i++)
            assert_true(b[i] == (groups[30 + i / (3 * T)] >= 0 ? a[i] : -7.0));
    }
    free(a);
    free(b);
    haven_store_free(mem);
    haven_store_free(disk);
    gsl_rng_free(rng);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fft_equals_direct),
        cmocka_unit_test(random_walk_msd),
        cmocka_unit_test(spilled_store_matches_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
