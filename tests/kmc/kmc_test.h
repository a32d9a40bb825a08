/* Shared set-up for the KMC tests (header only: tests/kmc/test_*.c are
 * separate executables). */
#ifndef HAVEN_TESTS_KMC_TEST_H
#define HAVEN_TESTS_KMC_TEST_H

#include "haven/kmc.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define A_NN 3e-10 /* jump distance used by the tests, m */

static inline haven_kmc_lattice *kmc_test_lattice(const char *name, int cells)
{
    haven_kmc_lattice *L = NULL;
    int c[3] = {cells, cells, cells};
    if (haven_kmc_lattice_builtin(name, c, A_NN, &L) != HAVEN_OK)
        fail_msg("lattice %s: %s", name, haven_last_error());
    return L;
}

/* A lattice of mixed coordination from a structure file: the B and O
 * sites of a cubic perovskite (a = 4 A), all of them sites: corners with 6
 * neighbours, edge centres with 2, bonds a/2 = 2 A (cutoff 2.2 A; the next
 * distance is 2.83 A). Every site is a centre of inversion. */
static inline haven_kmc_lattice *kmc_test_mixed_lattice(int cells)
{
    char path[] = "/tmp/haven_kmc_mixed_XXXXXX";
    int fd = mkstemp(path);
    FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!fp)
        fail_msg("cannot write a temporary structure file");
    fputs("4\nLattice=\"4 0 0 0 4 0 0 0 4\" Properties=species:S:1:pos:R:3\n"
          "Li 0 0 0\nLi 2 0 0\nLi 0 2 0\nLi 0 0 2\n",
          fp);
    fclose(fp);
    int c[3] = {cells, cells, cells};
    haven_kmc_lattice *L = NULL;
    haven_status st = haven_kmc_lattice_from_file(path, "Li", 2.2e-10, c, &L);
    unlink(path);
    if (st != HAVEN_OK)
        fail_msg("mixed lattice: %s", haven_last_error());
    return L;
}

/* Parameters for n_ions ions (one species) on lattice L, barrier 0. */
static inline haven_kmc_params kmc_test_params(const haven_kmc_lattice *L, double n_ions)
{
    haven_kmc_params p;
    haven_kmc_params_init(&p);
    p.species[0].fraction = n_ions / (double)haven_kmc_lattice_n_sites(L);
    p.barrier = 0;
    p.has_barrier = 1;
    p.seed = 1;
    p.nu0 = 1e12;
    /* Fixed blocks and windows: the engine tests compare against exact
     * values at a known cost (the automatic mode is tested on its own). */
    p.n_blocks = 10;
    p.n_windows = 20;
    return p;
}

/* |x - expected| within k standard errors (and the error itself small, so
 * the check cannot pass by being vague). */
static inline void assert_within(const char *what, haven_estimate x, double expected, double k,
                                 double max_rel_err)
{
    double dev = fabs(x.value - expected);
    printf("%-28s %.6g +- %.2g (expected %.6g, %.1f sigma)\n", what, x.value, x.err, expected,
           dev / x.err);
    if (!(x.err <= max_rel_err * fabs(expected)))
        fail_msg("%s: standard error %g too large (> %g relative)", what, x.err, max_rel_err);
    if (!(dev <= k * x.err))
        fail_msg("%s = %g +- %g, expected %g", what, x.value, x.err, expected);
}

#endif
