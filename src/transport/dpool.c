/* Several runs of one state point pooled into one diffusion estimate. */
#include "haven/diffusion.h"
#include "haven/transport.h"

#include "core/error.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void haven_dfit_pool_clear(haven_dfit_pool *p)
{
    if (!p)
        return;
    free(p->per_run);
    memset(p, 0, sizeof *p);
}

static haven_status check_runs(const haven_msd *const *m, size_t R)
{
    if (R < 2)
        return haven_fail(HAVEN_ERR_ARG, "pooling needs at least 2 runs (have %zu)", R);
    for (size_t r = 1; r < R; r++) {
        if (m[r]->n_lags != m[0]->n_lags)
            return haven_fail(HAVEN_ERR_DATA,
                              "run %zu has %zu frames, run 1 has %zu: pooled runs need the same "
                              "number of frames",
                              r + 1, m[r]->n_lags, m[0]->n_lags);
        if (fabs(m[r]->dt / m[0]->dt - 1) > 1e-6)
            return haven_fail(HAVEN_ERR_DATA,
                              "run %zu has frames %g ps apart, run 1 %g ps: pooled runs need the "
                              "same frame interval",
                              r + 1, m[r]->dt / HAVEN_PS, m[0]->dt / HAVEN_PS);
        if (m[r]->stats.n != m[0]->stats.n || m[r]->stats.n_blocks != m[0]->stats.n_blocks)
            return haven_fail(HAVEN_ERR_DATA, "run %zu: window statistics differ from run 1",
                              r + 1);
    }
    if (!m[0]->stats.n)
        return haven_fail(HAVEN_ERR_ARG, "pooling needs the window statistics of each run");
    for (size_t r = 1; r < R; r++)
        if (m[r]->n_atoms != m[0]->n_atoms)
            return haven_fail(HAVEN_ERR_DATA,
                              "run %zu has %zu atoms of the species, run 1 has %zu: pooled runs "
                              "need the same system",
                              r + 1, m[r]->n_atoms, m[0]->n_atoms);
    return HAVEN_OK;
}

/* Statistics of the pooled walkers: variances averaged with the atom counts
 * as weights, the walkers' correlation kept (var_group scaled to the pooled
 * count), and every run's time blocks side by side. */
static haven_status pool_stats(const haven_msd *const *m, size_t R, double N, haven_msd_stats *s)
{
    const haven_msd_stats *s0 = &m[0]->stats;
    size_t P = s0->n, B = s0->n_blocks, Tb = s0->block_frames;
    memset(s, 0, sizeof *s);
    s->n = P;
    s->lag = malloc(P * sizeof *s->lag);
    s->windows = malloc(P * sizeof *s->windows);
    s->mean = calloc(P, sizeof *s->mean);
    s->var = calloc(P, sizeof *s->var);
    s->var_axis = calloc(P, sizeof *s->var_axis);
    s->mean4 = calloc(P, sizeof *s->mean4);
    s->var_group = calloc(P, sizeof *s->var_group);
    s->block_msd = B ? malloc(R * B * 3 * Tb * sizeof *s->block_msd) : NULL;
    if (!s->lag || !s->windows || !s->mean || !s->var || !s->var_axis || !s->mean4 ||
        !s->var_group || (B && !s->block_msd)) {
        haven_msd_stats_clear(s);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    memcpy(s->lag, s0->lag, P * sizeof *s->lag);
    memcpy(s->windows, s0->windows, P * sizeof *s->windows);
    for (size_t r = 0; r < R; r++) {
        const haven_msd_stats *q = &m[r]->stats;
        double w = (double)m[r]->n_atoms / N;
        for (size_t j = 0; j < P; j++) {
            s->mean[j] += w * q->mean[j];
            s->var[j] += w * q->var[j];
            s->mean4[j] += w * q->mean4[j];
            for (int k = 0; k < 3; k++)
                s->var_axis[j][k] += w * q->var_axis[j][k];
            /* g_r = N_r var_group_r / var_r, averaged; var_group = g var / N. */
            double g = q->var[j] > 0 ? (double)q->n_walkers * q->var_group[j] / q->var[j] : 1;
            s->var_group[j] += w * g;
        }
        if (B)
            memcpy(s->block_msd + r * B * 3 * Tb, q->block_msd, B * 3 * Tb * sizeof(double));
    }
    for (size_t j = 0; j < P; j++)
        s->var_group[j] *= s->var[j] / N;
    s->n_walkers = (size_t)N;
    s->n_blocks = R * B;
    s->block_frames = Tb;
    s->block_walkers = m[0]->stats.block_walkers; /* equal runs: one run's atoms */
    return HAVEN_OK;
}

/* The runs' agreement about their inverse-variance mean (haven_pool_estimates);
 * when they disagree the pooled fit's error is widened by the Birge ratio. */
static haven_status agreement(haven_dfit_pool *p)
{
    double *v = malloc(2 * p->n_runs * sizeof *v);
    if (!v)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t r = 0; r < p->n_runs; r++) {
        v[r] = p->per_run[r].D.value;
        v[p->n_runs + r] = p->per_run[r].D.err;
    }
    haven_estimate_pool q;
    haven_status s = haven_pool_estimates(v, v + p->n_runs, p->n_runs, &q);
    free(v);
    if (s != HAVEN_OK)
        return s;
    p->chi2 = q.chi2;
    p->p_value = q.p_value;
    p->agree = q.agree;
    p->birge = q.birge;
    if (!p->agree) {
        haven_dfit_result *f = &p->pooled;
        double half = (f->D.hi - f->D.lo) / 2 * p->birge;
        f->D.err *= p->birge;
        f->D.lo = f->D.value - half;
        f->D.hi = f->D.value + half;
        f->D_upper95 = fmax(f->D.value, 0) + (f->D_upper95 - fmax(f->D.value, 0)) * p->birge;
        f->diffusive = f->D.lo > 0;
    }
    return HAVEN_OK;
}

haven_status haven_diffusion_pool(const haven_msd *const *msds, size_t n_runs,
                                  const haven_dfit_options *opt, haven_dfit_pool *out)
{
    memset(out, 0, sizeof *out);
    haven_status s = check_runs(msds, n_runs);
    if (s != HAVEN_OK)
        return s;
    size_t T = msds[0]->n_lags;
    double N = 0;
    for (size_t r = 0; r < n_runs; r++)
        N += (double)msds[r]->n_atoms;
    double *msd = calloc(T, sizeof *msd);
    out->per_run = calloc(n_runs, sizeof *out->per_run);
    haven_msd_stats st;
    memset(&st, 0, sizeof st);
    if (!msd || !out->per_run)
        s = haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t r = 0; s == HAVEN_OK && r < n_runs; r++)
        for (size_t t = 0; t < T; t++)
            msd[t] += (double)msds[r]->n_atoms / N * msds[r]->msd[t];
    if (s == HAVEN_OK)
        s = pool_stats(msds, n_runs, N, &st);
    haven_dfit_options o;
    if (opt)
        o = *opt;
    else
        haven_dfit_options_init(&o);
    o.stats = &st;
    if (s == HAVEN_OK)
        s = haven_diffusion_fit(msd, T, msds[0]->dt, N, 3, &o, &out->pooled);
    out->n_runs = n_runs;
    /* Each run on the pooled window, with its own statistics. */
    o.start = out->pooled.start;
    o.end = out->pooled.end;
    for (size_t r = 0; s == HAVEN_OK && r < n_runs; r++) {
        o.stats = &msds[r]->stats;
        s = haven_diffusion_fit(msds[r]->msd, T, msds[r]->dt, (double)msds[r]->n_atoms, 3, &o,
                                &out->per_run[r]);
        if (s != HAVEN_OK)
            haven_error_prefix("run %zu: ", r + 1);
    }
    if (s == HAVEN_OK)
        s = agreement(out);
    haven_msd_stats_clear(&st);
    free(msd);
    if (s != HAVEN_OK)
        haven_dfit_pool_clear(out);
    return s;
}

haven_status haven_pool_estimates(const double *value, const double *err, size_t n,
                                  haven_estimate_pool *out)
{
    memset(out, 0, sizeof *out);
    if (n < 2)
        return haven_fail(HAVEN_ERR_ARG, "pooling needs at least 2 estimates (have %zu)", n);
    double sw = 0, swv = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(err[i] > 0) || !isfinite(value[i]))
            return haven_fail(HAVEN_ERR_VALUE, "estimate %zu has no positive error", i + 1);
        sw += 1 / (err[i] * err[i]);
        swv += value[i] / (err[i] * err[i]);
    }
    out->n = n;
    double mean = swv / sw, se = sqrt(1 / sw);
    for (size_t i = 0; i < n; i++)
        out->chi2 += pow((value[i] - mean) / err[i], 2);
    double dof = (double)(n - 1);
    out->p_value = gsl_cdf_chisq_Q(out->chi2, dof);
    out->agree = out->p_value >= 0.01;
    out->birge = 1;
    if (!out->agree) {
        out->birge = sqrt(out->chi2 / dof);
        se *= out->birge;
    }
    /* Normal interval when the runs agree; Student's t when the scatter
     * itself set the error. */
    out->mean = haven_estimate_make(mean, se, out->agree ? 0 : dof, NULL);
    return HAVEN_OK;
}
