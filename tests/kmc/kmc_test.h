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

#define A_NN 3e-10 /* jump distance used by the tests, m */

static inline haven_kmc_lattice *kmc_test_lattice(const char *name, int cells)
{
    haven_kmc_lattice *L = NULL;
    int c[3] = {cells, cells, cells};
    if (haven_kmc_lattice_builtin(name, c, A_NN, &L) != HAVEN_OK)
        fail_msg("lattice %s: %s", name, haven_last_error());
    return L;
}

/* Parameters for n_ions ions (one species) on lattice L, barrier 0. */
static inline haven_kmc_params kmc_test_params(const haven_kmc_lattice *L, double n_ions)
{
    haven_kmc_params p;
    haven_kmc_params_init(&p);
    p.species[0].fraction = n_ions / (double)haven_kmc_lattice_n_sites(L);
    p.barrier = 0;
    p.nu0 = 1e12;
    return p;
}

/* |x - expected| within k standard errors (and the error itself small, so
 * the check cannot pass by being vague). */
static inline void assert_within(const char *what, haven_kmc_estimate x, double expected, double k,
                                 double max_rel_err)
{
    double dev = fabs(x.value - expected);
    printf("%-28s %.6g +- %.2g (expected %.6g, %.1f sigma)\n", what, x.value, x.stderr_, expected,
           dev / x.stderr_);
    if (!(x.stderr_ <= max_rel_err * fabs(expected)))
        fail_msg("%s: standard error %g too large (> %g relative)", what, x.stderr_, max_rel_err);
    if (!(dev <= k * x.stderr_))
        fail_msg("%s = %g +- %g, expected %g", what, x.value, x.stderr_, expected);
}

#endif
