/* Calibration of the diffusion fit's 95% interval: R independent replicas of
 * N Gaussian 3D random walkers over T frames with a known D, each written
 * straight into a haven_store, MSD by haven_msd_compute (FFT, all origins),
 * fitted by haven_diffusion_fit with its default options (window 10-50% of
 * the run, GLS with the random-walk covariance). For each size it reports
 *   gls_cover  fraction of replicas whose [D_lo, D_hi] contains the true D
 *   raw_cover  the same before the Birge widening of misfit fits
 *   ols_cover  the same for D_ols +- 1.96 D_ols_err (textbook OLS interval)
 * each with its binomial standard error sqrt(p (1 - p) / R), and
 *   bias       mean(D) / D_true - 1
 *   err_ratio  mean reported stderr / standard deviation of D over replicas
 *              (1 = calibrated; < 1 = errors too small)
 *   misfit     fraction of fits whose errors were widened (chi^2 test beyond
 *              its 99th percentile: 0.01 expected for random walks)
 *   misfit_s4  the same when the fit is given the true step variance
 *              (haven_dfit_options.noise_s4) instead of the fitted one.
 *
 * usage: bench_coverage [REPLICAS] [SEED]   (default 1000, 1) */
#include "haven/diffusion.h"
#include "haven/msd.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define STEP 1e-10 /* m, per component and frame */
#define DT 1e-13   /* s between frames */
#define Z95 1.959963984540054

typedef struct {
    size_t n_in_gls, n_in_raw, n_in_ols, n_misfit, n_misfit_s4, n;
    double sum_d, sum_d2, sum_err, sum_err_ols, sum_dols, sum_dols2;
} tally;

/* One replica: n walkers x T frames into a fresh store. */
static haven_store *walk(gsl_rng *rng, size_t n, size_t T, double (*pos)[3])
{
    haven_store *s;
    if (haven_store_create(n, (size_t)64 << 20, NULL, &s) != HAVEN_OK)
        return NULL;
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < 3; k++)
            pos[i][k] = 0;
    for (size_t t = 0; t < T; t++) {
        if (t > 0)
            for (size_t i = 0; i < n; i++)
                for (int k = 0; k < 3; k++)
                    pos[i][k] += gsl_ran_gaussian_ziggurat(rng, STEP);
        if (haven_store_append(s, (const double(*)[3])pos) != HAVEN_OK)
            return haven_store_free(s), NULL;
    }
    if (haven_store_finish(s) != HAVEN_OK)
        return haven_store_free(s), NULL;
    return s;
}

static int replica(gsl_rng *rng, size_t n, size_t T, double (*pos)[3], int *group, tally *y)
{
    const double D_true = STEP * STEP / (2 * DT);
    haven_store *s = walk(rng, n, T, pos);
    haven_msd_options mo;
    haven_msd_options_init(&mo);
    haven_msd m;
    if (!s || haven_msd_compute(s, group, 1, DT, &mo, &m, NULL) != HAVEN_OK)
        return haven_store_free(s), -1;
    haven_store_free(s);
    haven_dfit_options fo;
    haven_dfit_options_init(&fo);
    haven_dfit_result r;
    haven_status st = haven_diffusion_fit(m.msd, m.n_lags, m.dt, (double)n, 3, &fo, &r);
    /* The same fit with the covariance scaled by the true s^4 rather than
     * the one implied by the fitted slope: tells whether misfit flags come
     * from the chi^2 inheriting the noise of the fitted D. */
    haven_dfit_result r_s4;
    fo.noise_s4 = STEP * STEP * STEP * STEP;
    if (st == HAVEN_OK)
        st = haven_diffusion_fit(m.msd, m.n_lags, m.dt, (double)n, 3, &fo, &r_s4);
    haven_msd_clear(&m);
    if (st != HAVEN_OK)
        return -1;
    y->n_misfit_s4 += (r_s4.warnings & HAVEN_DFIT_WARN_MISFIT) != 0;
    y->n++;
    y->n_in_gls += r.D.lo <= D_true && D_true <= r.D.hi;
    /* the interval before the chi^2 test's Birge widening, to see its effect */
    double raw = r.D.err / ((r.warnings & HAVEN_DFIT_WARN_MISFIT) ? sqrt(r.chi2_red) : 1.0);
    y->n_in_raw += fabs(r.D.value - D_true) <= Z95 * raw;
    y->n_in_ols += fabs(r.D_ols.value - D_true) <= Z95 * r.D_ols.err;
    y->n_misfit += (r.warnings & HAVEN_DFIT_WARN_MISFIT) != 0;
    y->sum_d += r.D.value / D_true;
    y->sum_d2 += (r.D.value / D_true) * (r.D.value / D_true);
    y->sum_err += r.D.err / D_true;
    y->sum_dols += r.D_ols.value / D_true;
    y->sum_dols2 += (r.D_ols.value / D_true) * (r.D_ols.value / D_true);
    y->sum_err_ols += r.D_ols.err / D_true;
    return 0;
}

static double binom_se(double p, size_t n)
{
    return sqrt(p * (1 - p) / (double)n);
}

static double sd(double sum, double sum2, size_t n)
{
    double mean = sum / (double)n;
    return sqrt((sum2 / (double)n - mean * mean) * (double)n / (double)(n - 1));
}

static void report(size_t n, size_t T, const tally *y)
{
    double pg = (double)y->n_in_gls / (double)y->n, po = (double)y->n_in_ols / (double)y->n;
    double pr = (double)y->n_in_raw / (double)y->n;
    printf("%4zu x %-5zu %5zu  %.3f +- %.3f  %.3f +- %.3f  %.3f +- %.3f  %+7.4f  %6.3f  %6.3f  "
           "%.3f  %.3f\n",
           n, T, y->n, pg, binom_se(pg, y->n), pr, binom_se(pr, y->n), po, binom_se(po, y->n),
           y->sum_d / (double)y->n - 1, y->sum_err / (double)y->n / sd(y->sum_d, y->sum_d2, y->n),
           y->sum_err_ols / (double)y->n / sd(y->sum_dols, y->sum_dols2, y->n),
           (double)y->n_misfit / (double)y->n, (double)y->n_misfit_s4 / (double)y->n);
}

int main(int argc, char **argv)
{
    size_t R = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000;
    unsigned long seed = argc > 2 ? strtoul(argv[2], NULL, 10) : 1;
    static const size_t sizes[][2] = {{16, 300}, {64, 1000}, {1, 2000}, {256, 200}};
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    printf("# %zu replicas per size, seed %lu, true D = %g m^2/s\n", R, seed,
           STEP * STEP / (2 * DT));
    printf("# N x T        reps  gls_cover        raw_cover        ols_cover        bias     "
           "err_gls err_ols misfit misfit_s4\n");
    for (size_t c = 0; c < sizeof sizes / sizeof sizes[0]; c++) {
        size_t n = sizes[c][0], T = sizes[c][1];
        double(*pos)[3] = malloc(n * sizeof *pos);
        int *group = calloc(n, sizeof *group);
        tally y = {0};
        for (size_t k = 0; pos && group && k < R; k++)
            if (replica(rng, n, T, pos, group, &y) != 0) {
                fprintf(stderr, "replica %zu of %zu x %zu: %s\n", k, n, T, haven_last_error());
                return 1;
            }
        free(pos);
        free(group);
        report(n, T, &y);
        fflush(stdout);
    }
    gsl_rng_free(rng);
    return 0;
}
