/* Timing and convergence of haven's EIS fit: a two-arc circuit at 60
 * frequencies. Prints ms per fit (default options, multi-start included) and
 * the fraction of random synthetic spectra (random true parameters, 1% noise)
 * whose default fit reaches the chi2 of a 200-start search within 0.1%.
 * Usage: bench_eis_fit [N_SPECTRA] */
#include "haven/eis.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define NF 60

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    int n = argc > 1 ? atoi(argv[1]) : 200;
    haven_eis_circuit *c;
    if (haven_eis_circuit_parse("R0-p(R1,CPE1)-p(R2,CPE2)", &c))
        return 1;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 2024);
    double f[NF], zr[NF], zi[NF];
    for (int i = 0; i < NF; i++)
        f[i] = 0.1 * pow(1e7, i / (NF - 1.0));
    double t_fit = 0;
    int ok = 0, fits = 0;
    for (int s = 0; s < n; s++) {
        /* arcs with apexes log-uniform in 10 Hz .. 100 kHz, one decade or more apart */
        double fa = pow(10, 3 + 2 * gsl_rng_uniform(rng)), fb = fa / pow(10, 1 + 2 * gsl_rng_uniform(rng));
        double R1 = pow(10, 1 + 2 * gsl_rng_uniform(rng)), R2 = pow(10, 1 + 2 * gsl_rng_uniform(rng));
        double a1 = 0.75 + 0.25 * gsl_rng_uniform(rng), a2 = 0.65 + 0.3 * gsl_rng_uniform(rng);
        double p[7] = {R1 * 0.1, R1, pow(1 / (2 * M_PI * fa), a1) / R1, a1,
                       R2, pow(1 / (2 * M_PI * fb), a2) / R2, a2};
        haven_eis_circuit_eval(c, p, f, NF, zr, zi, NULL);
        for (int i = 0; i < NF; i++) {
            double m = 0.01 * hypot(zr[i], zi[i]);
            zr[i] += gsl_ran_gaussian(rng, m);
            zi[i] += gsl_ran_gaussian(rng, m);
        }
        haven_eis_data d;
        haven_eis_data_set(&d, f, zr, zi, NF);
        haven_eis_fit_options o;
        haven_eis_fit_options_default(&o);
        haven_eis_fit_result a, b;
        double t0 = now();
        int st = haven_eis_fit(c, &d, &o, &a);
        t_fit += now() - t0;
        fits++;
        o.max_starts = 200;
        o.seed = 77;
        if (!st && !haven_eis_fit(c, &d, &o, &b)) {
            ok += a.chi2 <= b.chi2 * 1.001;
            haven_eis_fit_result_free(&b);
        }
        if (!st)
            haven_eis_fit_result_free(&a);
        haven_eis_data_free(&d);
    }
    printf("two-arc fit, %d frequencies: %.3f ms per fit (default options), "
           "default guesses reached the 200-start chi2 in %d/%d spectra\n",
           NF, 1e3 * t_fit / fits, ok, n);
    gsl_rng_free(rng);
    haven_eis_circuit_free(c);
    return 0;
}
