/* Transport coefficients as functions of the mean sums, with jackknife
 * standard errors over independent units and Student-t 95% intervals.
 * The jackknife treats ratios (f, H_R) without a separate error formula. */
#include "kmc/observe.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void kmc_sums_add(kmc_sums *acc, const kmc_sums *x)
{
    double *a = (double *)acc;
    const double *b = (const double *)x;
    for (size_t i = 0; i < sizeof *acc / sizeof(double); i++)
        a[i] += b[i];
}

typedef double (*observable)(const kmc_sums *m, const kmc_system *sys, int sp);

static double weight_sum(const kmc_system *sys)
{
    double w = 0;
    for (size_t k = 0; k < sys->n_species; k++)
        w += sys->count[k] * sys->charge[k] * sys->charge[k];
    return w;
}

/* Tracer squared displacement of species sp over the unit's time: at the
 * chosen length, or with the slope estimate the part s T of s T + b T/l. */
static double tracer(const kmc_sums *m, const kmc_system *sys, size_t sp)
{
    return sys->tracer_slope ? 2 * m->tr[2][sp] - m->tr[1][sp] : m->tr[sys->tracer_at][sp];
}

static double weighted(const double *x, const kmc_system *sys)
{
    double s = 0;
    for (size_t k = 0; k < sys->n_species; k++)
        s += sys->charge[k] * sys->charge[k] * x[k];
    return s;
}

static double tracer_weighted(const kmc_sums *m, const kmc_system *sys)
{
    double x[K_MAX];
    for (size_t k = 0; k < sys->n_species; k++)
        x[k] = tracer(m, sys, k);
    return weighted(x, sys);
}

static double obs_D(const kmc_sums *m, const kmc_system *sys, int sp)
{
    return tracer(m, sys, (size_t)sp) / (sys->count[sp] * 2 * sys->dim * m->time);
}

static double obs_rate(const kmc_sums *m, const kmc_system *sys, int sp)
{
    return m->jumps[sp] / (sys->count[sp] * m->time);
}


static double obs_D_tracer(const kmc_sums *m, const kmc_system *sys, int sp)
{
    (void)sp;
    return tracer_weighted(m, sys) / (weight_sum(sys) * 2 * sys->dim * m->time);
}

static double obs_D_sigma(const kmc_sums *m, const kmc_system *sys, int sp)
{
    (void)sp;
    return m->mq2[sys->collective_at] / (weight_sum(sys) * 2 * sys->dim * m->time);
}

static double obs_f(const kmc_sums *m, const kmc_system *sys, int sp)
{
    (void)sp;
    return tracer_weighted(m, sys) / weighted(m->jump_sq, sys);
}

static double obs_f_cos(const kmc_sums *m, const kmc_system *sys, int sp)
{
    (void)sp;
    double c = 0, n = 0;
    for (size_t k = 0; k < sys->n_species; k++)
        c += m->cos_sum[k], n += m->cos_n[k];
    double mean = c / n;
    return (1 + mean) / (1 - mean);
}

/* The squared displacement summed over intervals of length l, 2l and 4l
 * covering the same time, x[0..2]. With MSD(t) = s t + b the sums are
 * N(sT + b T/l), N(sT + b T/2l), N(sT + b T/4l): a short interval reads
 * high by b/(s l), and the sum for infinitely long intervals is
 * 2 x[2] - x[1] (the halves of the longest intervals against the whole).
 * Returns x[at]/x_inf - 1. Where the MSD bends more slowly (traps of many
 * depths: MSD/t - s falling as t^-alpha, alpha < 1) this reads low, by half
 * for alpha ~ 0.6 (measured on the fcc disorder example); the automatic
 * mode allows for that (see run.c). Extrapolating with an alpha fitted
 * from the three lengths was tried: its noise exceeded the statistical
 * error of D itself. */
double kmc_curvature_bias(const double x[3], int at)
{
    return x[at] / (2 * x[2] - x[1]) - 1;
}

/* Tracer, all species together. */
static double obs_block_bias(const kmc_sums *m, const kmc_system *sys, int sp)
{
    (void)sp;
    double x[3] = {0, 0, 0};
    for (int l = 0; l < 3; l++)
        for (size_t k = 0; k < sys->n_species; k++)
            x[l] += m->tr[l][k];
    return kmc_curvature_bias(x, sys->tracer_at);
}

static double obs_collective_bias(const kmc_sums *m, const kmc_system *sys, int sp)
{
    (void)sp;
    if (!(m->mq2[2] > 0))
        return NAN;
    return kmc_curvature_bias(m->mq2, sys->collective_at);
}

static double obs_haven(const kmc_sums *m, const kmc_system *sys, int sp)
{
    (void)sp;
    return tracer_weighted(m, sys) / m->mq2[sys->collective_at];
}

static double obs_sigma(const kmc_sums *m, const kmc_system *sys, int sp)
{
    (void)sp;
    return m->mq2[sys->collective_at] * HAVEN_E_CHARGE * HAVEN_E_CHARGE /
           (2 * sys->dim * sys->volume * sys->kT * m->time);
}

static double obs_sigma_field(const kmc_sums *m, const kmc_system *sys, int sp)
{
    (void)sp;
    if (!(sys->field > 0))
        return NAN;
    return m->drift_q * HAVEN_E_CHARGE / (sys->volume * sys->field * m->time);
}

static void mean_sums(const kmc_sums *units, int n, int skip, kmc_sums *out)
{
    memset(out, 0, sizeof *out);
    for (int u = 0; u < n; u++)
        if (u != skip)
            kmc_sums_add(out, &units[u]);
}

static haven_estimate estimate(const kmc_sums *units, int n, const kmc_system *sys, observable g,
                               int sp, const char *unit)
{
    kmc_sums all, loo;
    mean_sums(units, n, -1, &all);
    haven_estimate e = {g(&all, sys, sp), NAN, NAN, NAN, unit};
    if (n < 2 || !isfinite(e.value))
        return e;
    /* Leave-one-out values, their spread summed in one pass (Welford):
     * nothing to allocate, so no error bar lost to a failed malloc. */
    double mean = 0, var = 0;
    for (int u = 0; u < n; u++) {
        mean_sums(units, n, u, &loo);
        double theta = g(&loo, sys, sp), d = theta - mean;
        mean += d / (u + 1);
        var += d * (theta - mean);
    }
    e.err = sqrt(var * (n - 1) / n);
    double t = gsl_cdf_tdist_Pinv(0.975, n - 1);
    e.lo = e.value - t * e.err;
    e.hi = e.value + t * e.err;
    return e;
}

void kmc_estimate_all(const kmc_sums *units, int n, const kmc_system *sys, haven_kmc_result *res)
{
    res->n_units = n;
    for (size_t k = 0; k < sys->n_species; k++) {
        res->D[k] = estimate(units, n, sys, obs_D, (int)k, "m^2/s");
        res->jump_rate[k] = estimate(units, n, sys, obs_rate, (int)k, "1/s");
    }
    res->D_tracer = estimate(units, n, sys, obs_D_tracer, 0, "m^2/s");
    res->D_sigma = estimate(units, n, sys, obs_D_sigma, 0, "m^2/s");
    res->correlation = estimate(units, n, sys, obs_f, 0, "1");
    res->correlation_cos = estimate(units, n, sys, obs_f_cos, 0, "1");
    res->haven_ratio = estimate(units, n, sys, obs_haven, 0, "1");
    res->sigma = estimate(units, n, sys, obs_sigma, 0, "S/m");
    res->sigma_field = estimate(units, n, sys, obs_sigma_field, 0, "S/m");
    res->block_bias = estimate(units, n, sys, obs_block_bias, 0, "1");
    res->window_bias = estimate(units, n, sys, obs_collective_bias, 0, "1");
}
