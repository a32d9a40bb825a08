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

static double obs_D(const kmc_sums *m, const kmc_system *sys, int sp)
{
    return m->tr[sp] / (sys->count[sp] * 2 * sys->dim * m->time);
}

static double obs_rate(const kmc_sums *m, const kmc_system *sys, int sp)
{
    return m->jumps[sp] / (sys->count[sp] * m->time);
}

static double weighted(const double *x, const kmc_system *sys)
{
    double s = 0;
    for (size_t k = 0; k < sys->n_species; k++)
        s += sys->charge[k] * sys->charge[k] * x[k];
    return s;
}

static double obs_D_tracer(const kmc_sums *m, const kmc_system *sys, int sp)
{
    (void)sp;
    return weighted(m->tr, sys) / (weight_sum(sys) * 2 * sys->dim * m->time);
}

static double obs_D_sigma(const kmc_sums *m, const kmc_system *sys, int sp)
{
    (void)sp;
    return m->mq2 / (weight_sum(sys) * 2 * sys->dim * m->time);
}

static double obs_f(const kmc_sums *m, const kmc_system *sys, int sp)
{
    (void)sp;
    return weighted(m->tr, sys) / weighted(m->jump_sq, sys);
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

/* With MSD(t) = s t + b, the squared displacement over an interval T and
 * the sum over its two halves have expectations s T + b and s T + 2b, so
 * b / (s T) = (halves - whole) / (2 whole - halves). */
static double offset_ratio(double whole, double halves)
{
    return (halves - whole) / (2 * whole - halves);
}

/* Tracer, over blocks of length tau: b / (s tau), all species. */
static double obs_block_bias(const kmc_sums *m, const kmc_system *sys, int sp)
{
    (void)sp;
    double tr = 0, half = 0;
    for (size_t k = 0; k < sys->n_species; k++)
        tr += m->tr[k], half += m->tr_half[k];
    return offset_ratio(tr, half);
}

/* Collective, over windows of length tau_w from pairs of windows (T =
 * 2 tau_w): b / (s tau_w) is twice the pair's ratio. */
static double obs_collective_bias(const kmc_sums *m, const kmc_system *sys, int sp)
{
    (void)sys;
    (void)sp;
    return 2 * offset_ratio(m->mq2_pair, m->mq2_pair_parts);
}

static double obs_haven(const kmc_sums *m, const kmc_system *sys, int sp)
{
    (void)sp;
    return weighted(m->tr, sys) / m->mq2;
}

static double obs_sigma(const kmc_sums *m, const kmc_system *sys, int sp)
{
    (void)sp;
    return m->mq2 * HAVEN_E_CHARGE * HAVEN_E_CHARGE /
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

static haven_kmc_estimate estimate(const kmc_sums *units, int n, const kmc_system *sys,
                                   observable g, int sp)
{
    kmc_sums all, loo;
    mean_sums(units, n, -1, &all);
    haven_kmc_estimate e = {g(&all, sys, sp), NAN, NAN, NAN};
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
    e.stderr_ = sqrt(var * (n - 1) / n);
    double t = gsl_cdf_tdist_Pinv(0.975, n - 1);
    e.lo95 = e.value - t * e.stderr_;
    e.hi95 = e.value + t * e.stderr_;
    return e;
}

void kmc_estimate_all(const kmc_sums *units, int n, const kmc_system *sys, haven_kmc_result *res)
{
    res->n_units = n;
    for (size_t k = 0; k < sys->n_species; k++) {
        res->D[k] = estimate(units, n, sys, obs_D, (int)k);
        res->jump_rate[k] = estimate(units, n, sys, obs_rate, (int)k);
    }
    res->D_tracer = estimate(units, n, sys, obs_D_tracer, 0);
    res->D_sigma = estimate(units, n, sys, obs_D_sigma, 0);
    res->correlation = estimate(units, n, sys, obs_f, 0);
    res->correlation_cos = estimate(units, n, sys, obs_f_cos, 0);
    res->haven_ratio = estimate(units, n, sys, obs_haven, 0);
    res->sigma = estimate(units, n, sys, obs_sigma, 0);
    res->sigma_field = estimate(units, n, sys, obs_sigma_field, 0);
    res->block_bias = estimate(units, n, sys, obs_block_bias, 0);
    res->window_bias = estimate(units, n, sys, obs_collective_bias, 0);
}
