/* Diffusion coefficient from an MSD: GLS with a covariance between lags, a
 * window where the MSD is linear, and the noise taken from the data. */
#include "haven/diffusion.h"

#include "core/error.h"
#include "transport/dnoise.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define Z95_ONE_SIDED 1.6448536269514722
#define MIN_FRAMES 8
#define SMALL_MSD (5.0 * HAVEN_ANGSTROM * HAVEN_ANGSTROM)
#define SLOPE_TOL 0.15
#define MIN_INDEPENDENT 30.0
/* Tests a window must pass (see the header). */
#define LINEAR_Z 2.24 /* two hinges, each at 2.5%: 5% in all (Bonferroni) */
#define GLS_OLS_Z 3.0
/* Ballistic motion has log-log slope 2; below this the free flight is over. */
#define BALLISTIC_SLOPE 1.5
#define STARTS_PER_OCTAVE 4
/* Weight of the noise model against the time blocks, in degrees of freedom. */
#define MODEL_DOF 8.0

void haven_dfit_options_init(haven_dfit_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->start = opt->end = NAN;
    opt->max_points = 200;
}

/* A collective curve (one walker, the noise pooled over the window): a
 * charge or pair displacement rather than a tracer MSD. */
static int is_collective(const haven_dfit_options *o)
{
    return o->stats && o->stats->pooled;
}

/* Local log-log slope of the MSD between lags i and 2i. */
static double octave_slope(const double *msd, size_t i)
{
    return (msd[i] > 0 && msd[2 * i] > 0) ? log2(msd[2 * i] / msd[i]) : 0.0;
}

/* First lag whose next octave is no longer ballistic (slope below 1.5). */
static size_t ballistic_end(const double *msd, size_t limit)
{
    for (size_t i = 1; 2 * i <= limit; i++)
        if (octave_slope(msd, i) < BALLISTIC_SLOPE)
            return i;
    return 1;
}

/* alpha_2 = 3 <r^4> / (5 <r^2>^2) - 1 (3D) at probe j. */
static double alpha2_at(const haven_msd_stats *st, size_t j)
{
    double m2 = st->mean[j];
    return m2 > 0 ? 0.6 * st->mean4[j] / (m2 * m2) - 1.0 : NAN;
}

/* Peak of alpha_2 over the probe lags up to
 * `limit`, the time of cage escape; 0 when the stats have no fourth moment or
 * no peak stands out: a peak counts when alpha_2 exceeds 0.1 (a Gaussian walk
 * has 0; liquids peak at 0.1-0.5, hopping conductors far higher) and three
 * times its sampling error, taken as sqrt(8 / samples) (conservative: the
 * Gaussian value is smaller), and lies after the first probe. */
static size_t alpha2_peak(const haven_msd_stats *st, size_t limit, double dt, haven_dfit_result *r)
{
    r->alpha2_peak = r->alpha2_peak_t = NAN;
    if (!st || !st->mean4)
        return 0;
    size_t best = 0;
    double a_best = -INFINITY;
    for (size_t j = 0; j < st->n && st->lag[j] <= limit; j++) {
        double samples = st->windows[j] * (double)st->n_walkers, a = alpha2_at(st, j);
        if (isfinite(a) && a > a_best && a > 0.1 && a > 3 * sqrt(8 / samples)) {
            a_best = a;
            best = j;
        }
    }
    if (best == 0 || !isfinite(a_best))
        return 0;
    r->alpha2_peak = a_best;
    r->alpha2_peak_t = (double)st->lag[best] * dt;
    return st->lag[best];
}

/* The lag after the alpha_2 peak from which alpha_2 stays below a third of
 * the peak at two probes in a row: the displacements have become Gaussian,
 * the hallmark of the Fickian regime. Between the peak and this lag the MSD
 * still curves (in molten NaCl the local slope is 6% above its long-time
 * value at the peak, 1.5% at this lag); 0 if alpha_2 does not decay before
 * `limit`. */
static size_t alpha2_decay(const haven_msd_stats *st, size_t peak, double a_peak, size_t limit)
{
    for (size_t j = 0; j + 1 < st->n && st->lag[j + 1] <= limit; j++)
        if (st->lag[j] > peak && alpha2_at(st, j) < a_peak / 3 && alpha2_at(st, j + 1) < a_peak / 3)
            return st->lag[j];
    return 0;
}

static size_t pick_lags(size_t i0, size_t i1, size_t max_points, size_t *lags)
{
    size_t span = i1 - i0 + 1, n = span < max_points ? span : max_points, k = 0;
    for (size_t j = 0; j < n; j++) {
        size_t lag = i0 + (size_t)llround((double)j * (double)(i1 - i0) / (double)(n - 1));
        if (k == 0 || lag != lags[k - 1])
            lags[k++] = lag;
    }
    return k;
}

static haven_status diagnostics(const double *t, const double *y, size_t n, size_t T,
                                size_t last_lag, double walkers, haven_dfit_result *r)
{
    double *lx = malloc(n * sizeof *lx), *ly = malloc(n * sizeof *ly);
    if (!lx || !ly) { /* not a NaN slope and a false "not diffusive" warning */
        free(lx);
        free(ly);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (y[i] > 0 && t[i] > 0) {
            lx[k] = log(t[i]);
            ly[k++] = log(y[i]);
        }
    double a;
    r->slope_loglog = NAN;
    if (k >= 2)
        dnoise_ols(lx, ly, k, &a, &r->slope_loglog, NULL);
    free(lx);
    free(ly);
    r->msd_end = y[n - 1];
    r->n_independent = walkers * (double)(T - 1) / (double)last_lag;
    if (r->msd_end < SMALL_MSD)
        r->warnings |= HAVEN_DFIT_WARN_SMALL_MSD;
    if (!(fabs(r->slope_loglog - 1.0) <= SLOPE_TOL) && r->diffusive)
        r->warnings |= HAVEN_DFIT_WARN_SLOPE;
    if (r->n_independent < MIN_INDEPENDENT)
        r->warnings |= HAVEN_DFIT_WARN_FEW_OBS;
    if (!(r->D.value > 0))
        r->warnings |= HAVEN_DFIT_WARN_NEGATIVE;
    return HAVEN_OK;
}

/* The data's own check of the error of D: the run's time blocks are fitted
 * on their own, per component, over the same window start (ending at half a
 * block) with the same noise model. The model predicts the variance of each
 * block slope; the blocks show their actual scatter. Their ratio kappa (over
 * all blocks and components) rescales the model's error of the whole run:
 * the model supplies only how the error scales from a block to the run, the
 * blocks its level, whatever the noise sources (ions moving together through
 * collective flow in a periodic box, hops, vibrations). The components are
 * taken as independent; the degrees of freedom follow Welch-Satterthwaite.
 * Returns 0 when the blocks are too short for the window. */
static int block_kappa(const haven_msd_stats *st, int dims, int axis, double walkers, size_t i0,
                       size_t i1, double dt, int shared, double *kappa, double *dof)
{
    if (!st || st->n_blocks < 3 || !st->block_msd)
        return 0;
    size_t Tb = st->block_frames, j1 = (Tb - 1) / 2 < i1 ? (Tb - 1) / 2 : i1;
    if (j1 < i0 + 2 || j1 < 2 * i0)
        return 0; /* less than an octave of window in a block */
    size_t lags[64], n = pick_lags(i0, j1, 64, lags);
    double t[64], y[64], sum_v = 0, sum_m = 0, sum_v2 = 0;
    size_t B = st->n_blocks;
    for (int k = 0; k < 3; k++) {
        if (dims == 1 && k != axis)
            continue;
        dnoise bz;
        double bw = st->block_walkers ? (double)st->block_walkers : walkers;
        if (dnoise_init(&bz, Tb, dt, bw, 1, st, k) != HAVEN_OK)
            return 0;
        double s1 = 0, s2 = 0, m = 0;
        for (size_t b = 0; b < B; b++) {
            const double *msd = st->block_msd + (b * 3 + (size_t)k) * Tb;
            for (size_t i = 0; i < n; i++) {
                t[i] = (double)lags[i] * dt;
                y[i] = msd[lags[i]];
            }
            dgls g;
            if (dgls_fit(&bz, lags, t, y, n, 0, 0, shared, &g) != HAVEN_OK)
                return 0;
            s1 += g.slope;
            s2 += g.slope * g.slope;
            m += g.slope_err * g.slope_err / (double)B;
        }
        double v =
            fmax(s2 / (double)B - s1 * s1 / ((double)B * B), 0) * (double)B / (double)(B - 1);
        sum_v += v;
        sum_m += m;
        sum_v2 += v * v / (double)(B - 1);
    }
    if (!(sum_m > 0) || !(sum_v > 0))
        return 0;
    *kappa = sum_v / sum_m;
    *dof = sum_v * sum_v / sum_v2;
    return 1;
}

/* One window [i0, i1]: the line fit and the tests of the header. */
static haven_status fit_window(const double *msd, size_t i0, size_t i1, dnoise *nz,
                               const haven_dfit_options *o, int dims, haven_dfit_result *r)
{
    size_t max_pts = o->max_points >= 3 ? o->max_points : 200;
    size_t *lags = malloc(max_pts * sizeof *lags);
    double *t = malloc(max_pts * sizeof *t), *y = malloc(max_pts * sizeof *y);
    dgls g;
    memset(&g, 0, sizeof g);
    haven_status s = lags && t && y ? HAVEN_OK : haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    size_t n = s == HAVEN_OK ? pick_lags(i0, i1, max_pts, lags) : 0;
    for (size_t i = 0; s == HAVEN_OK && i < n; i++) {
        t[i] = (double)lags[i] * nz->dt;
        y[i] = msd[lags[i]];
        if (!isfinite(y[i]))
            s = haven_fail(HAVEN_ERR_VALUE, "MSD is not finite at lag %zu", lags[i]);
    }
    if (s == HAVEN_OK && n < 3)
        s = haven_fail(HAVEN_ERR_DATA, "fit window holds %zu lags; at least 3 are needed", n);
    if (s == HAVEN_OK)
        s = dgls_fit(nz, lags, t, y, n, o->noise_s4, o->scale_from_residuals, is_collective(o), &g);
    if (s == HAVEN_OK) {
        double a_ols, b_ols, b_ols_err;
        dnoise_ols(t, y, n, &a_ols, &b_ols, &b_ols_err);
        memset(r, 0, sizeof *r);
        r->D.value = g.slope / (2.0 * dims);
        r->D.err = g.slope_err / (2.0 * dims);
        r->intercept = g.intercept;
        r->intercept_err = g.intercept_err;
        r->D_ols = haven_estimate_make(b_ols / (2.0 * dims), b_ols_err / (2.0 * dims), 0, "m^2/s");
        r->chi2_red = g.chi2_red;
        r->linear_z = g.hinge_z;
        r->gls_ols_z = g.ols_z;
        r->walker_corr = nz->walker_corr;
        r->white_noise = g.white;
        r->noise = nz->model;
        r->first_lag = i0;
        r->last_lag = i1;
        r->start = (double)i0 * nz->dt;
        r->end = (double)i1 * nz->dt;
        r->n_points = n;
        r->determined = 1;
        /* Under the model the whitened residuals are standard normal, so
         * chi^2 follows chi^2(n-2). Beyond its 99th percentile the data
         * scatter more than the model allows: widen the errors by the Birge
         * ratio rather than report intervals the data do not support. */
        double q99 = gsl_cdf_chisq_Qinv(0.01, (double)(n - 2)) / (double)(n - 2);
        if (!o->scale_from_residuals && r->chi2_red > q99) {
            double k = sqrt(r->chi2_red);
            r->D.err *= k;
            r->intercept_err *= k;
            r->warnings |= HAVEN_DFIT_WARN_MISFIT;
        }
        if (fabs(r->linear_z) > LINEAR_Z)
            r->warnings |= HAVEN_DFIT_WARN_CURVED;
        if (fabs(r->gls_ols_z) > GLS_OLS_Z)
            r->warnings |= HAVEN_DFIT_WARN_GLS_OLS;
        r->D_err_model = r->D.err;
        double z95_one = Z95_ONE_SIDED, kappa, dof, dof95 = 0; /* 0: normal interval */
        if (block_kappa(o->stats, dims, o->axis, nz->walkers, i0, i1, nz->dt, is_collective(o),
                        &kappa, &dof)) {
            /* The blocks' variance has few degrees of freedom (6-9): it is
             * combined with the model's, which counts as MODEL_DOF more (a
             * prior on the variance), and the interval uses t with the
             * sum. On molten NaCl the blocks alone made the collective
             * error swing between 0.5x and 1.3x of the scatter across runs. */
            double k = (MODEL_DOF + dof * kappa) / (MODEL_DOF + dof);
            r->D.err = r->D_err_model * sqrt(k);
            r->err_kappa = kappa;
            dof += MODEL_DOF;
            r->err_dof = dof;
            r->err_from_blocks = 1;
            r->warnings &= ~HAVEN_DFIT_WARN_MISFIT; /* the blocks measured the scatter */
            dof95 = dof;
            z95_one = gsl_cdf_tdist_Qinv(0.05, dof);
        }
        r->D = haven_estimate_make(r->D.value, r->D.err, dof95, "m^2/s");
        r->diffusive = r->D.lo > 0;
        r->D_upper95 = fmax(r->D.value, 0) + z95_one * r->D.err;
        s = diagnostics(t, y, n, nz->T, lags[n - 1], nz->walkers, r);
    }
    free(lags);
    free(t);
    free(y);
    return s;
}

static int window_passes(const haven_dfit_result *r)
{
    return !(r->warnings &
             (HAVEN_DFIT_WARN_MISFIT | HAVEN_DFIT_WARN_CURVED | HAVEN_DFIT_WARN_GLS_OLS));
}

static void describe_failure(const haven_dfit_result *r, char *buf, size_t cap)
{
    if (r->warnings & HAVEN_DFIT_WARN_CURVED)
        snprintf(buf, cap, "the MSD changes slope inside the window (hinge z = %.1f)", r->linear_z);
    else if (r->warnings & HAVEN_DFIT_WARN_GLS_OLS)
        snprintf(buf, cap, "GLS and OLS slopes disagree (z = %.1f)", r->gls_ols_z);
    else if (r->warnings & HAVEN_DFIT_WARN_MISFIT)
        snprintf(buf, cap, "the line does not fit the MSD (chi^2/dof = %.1f)", r->chi2_red);
    else
        snprintf(buf, cap, "the window passes");
}

/* No start passes: the MSD is still curving at the latest one. The slope of
 * the second half of that window (from its geometric middle) is the best
 * long-time estimate the run allows, with the larger error that goes with it. */
static haven_status late_slope(const double *msd, size_t last, size_t i1, dnoise *nz,
                               const haven_dfit_options *o, int dims,
                               const haven_dfit_result *at_last, haven_dfit_result *r)
{
    size_t mid = (size_t)llround(sqrt((double)last * (double)i1));
    if (mid + 2 > i1)
        mid = last;
    haven_status s = fit_window(msd, mid, i1, nz, o, dims, r);
    if (s != HAVEN_OK)
        return s;
    /* The last resort: its own linearity tests are not applied (one octave
     * of a still-curving MSD), only whether it grows at all. */
    r->warnings |= HAVEN_DFIT_WARN_CURVED;
    r->linear_z = at_last->linear_z;
    if (!r->diffusive) {
        r->determined = 0;
        r->warnings |= HAVEN_DFIT_WARN_UNDETERMINED;
        snprintf(r->window_rule, sizeof r->window_rule,
                 "not determined: the MSD is not linear from any start up to a quarter of the "
                 "window end (%g ps, hinge z = %.1f), and its slope over the last octave, "
                 "%g-%g ps, is not significant",
                 (double)last * nz->dt / HAVEN_PS, at_last->linear_z,
                 (double)mid * nz->dt / HAVEN_PS, (double)i1 * nz->dt / HAVEN_PS);
    } else
        snprintf(r->window_rule, sizeof r->window_rule,
                 "the MSD still curves from the latest start tried (%g ps, hinge z = %.2f): D is "
                 "the slope of the last octave of the window, %g-%g ps",
                 (double)last * nz->dt / HAVEN_PS, at_last->linear_z,
                 (double)mid * nz->dt / HAVEN_PS, (double)i1 * nz->dt / HAVEN_PS);
    return HAVEN_OK;
}

/* Automatic start. A species that does not move significantly in the
 * latest window (a vibrating framework) is reported as not diffusive from
 * that window, with its upper bound; otherwise the first candidate whose
 * window passes the tests of the header wins. */
static haven_status search_start(const double *msd, size_t i1, dnoise *nz,
                                 const haven_dfit_options *o, int dims, haven_dfit_result *out)
{
    haven_dfit_result a2, r, at_last;
    size_t peak = alpha2_peak(o->stats, i1 / 4, nz->dt, &a2);
    size_t ball = ballistic_end(msd, i1);
    size_t last = i1 / 4 > 1 ? i1 / 4 : 1;
    size_t decay = peak ? alpha2_decay(o->stats, peak, a2.alpha2_peak, last) : 0;
    if (peak)
        peak = decay ? decay : last;
    size_t first = peak > ball ? peak : ball;
    /* No earlier than an eighth of the window end: a slow approach to the
     * long-time slope (back-jump correlations decaying over a few hops,
     * hydrodynamic tails) can stay below the tests' power at the first lags
     * while biasing an estimate that weights them most (17% on correlated
     * hops with f = 1/3 when the search began at the first lag). */
    int collective = is_collective(o);
    if (first < i1 / 8 && !collective)
        first = i1 / 8;
    if (o->min_start > 0 && (size_t)ceil(o->min_start / nz->dt - 1e-9) > first)
        first = (size_t)ceil(o->min_start / nz->dt - 1e-9);
    if (first > last)
        first = last;
    haven_status s = fit_window(msd, last, i1, nz, o, dims, &at_last);
    if (s != HAVEN_OK)
        return s;
    int found = 0, tried = 0;
    /* (A collective curve has one walker: its late window alone is too noisy
     * to call it bounded, and charge does move in a conductor.) */
    if (!at_last.diffusive && !collective) {
        /* The linearity tests describe diffusive motion; a bounded MSD fails
         * them trivially, and its upper bound is what matters. */
        r = at_last;
        r.warnings &= ~(HAVEN_DFIT_WARN_CURVED | HAVEN_DFIT_WARN_GLS_OLS | HAVEN_DFIT_WARN_SLOPE |
                        HAVEN_DFIT_WARN_NEGATIVE | HAVEN_DFIT_WARN_FEW_OBS);
        snprintf(r.window_rule, sizeof r.window_rule,
                 "not diffusive: the MSD does not grow significantly over %g-%g ps (D = %.3g "
                 "+- %.2g cm^2/s); 95%% upper bound %.3g cm^2/s",
                 r.start / HAVEN_PS, r.end / HAVEN_PS, r.D.value * 1e4, r.D.err * 1e4,
                 r.D_upper95 * 1e4);
        found = 1;
    }
    /* Candidates: 4 per octave from `first`, always ending on `last`. */
    size_t i0 = first;
    for (int k = 1; !found && s == HAVEN_OK; k++) {
        s = i0 == last ? (r = at_last, HAVEN_OK) : fit_window(msd, i0, i1, nz, o, dims, &r);
        tried++;
        if (s == HAVEN_OK && window_passes(&r)) {
            found = 1;
            snprintf(r.window_rule, sizeof r.window_rule,
                     "start: the earliest of %d tried (from the end of the ballistic regime at "
                     "%g ps%s%.3g ps) from which the MSD stays linear: hinge z = %.2f, GLS-OLS "
                     "z = %.2f, chi^2/dof = %.2f; end: %s",
                     tried, (double)ball * nz->dt / HAVEN_PS,
                     peak ? " and the decay of alpha_2 to a third of its peak at "
                          : ", no alpha_2 peak, ",
                     peak ? (double)peak * nz->dt / HAVEN_PS : 0.0, r.linear_z, r.gls_ols_z,
                     r.chi2_red, isfinite(o->end) ? "given" : "50% of the run");
        }
        if (i0 == last)
            break;
        size_t next = (size_t)llround((double)first * pow(2.0, (double)k / STARTS_PER_OCTAVE));
        i0 = next > i0 ? (next < last ? next : last) : i0 + 1;
    }
    if (s == HAVEN_OK && !found && fabs(at_last.linear_z) <= 2 * LINEAR_Z &&
        !(at_last.warnings & HAVEN_DFIT_WARN_GLS_OLS)) {
        /* Mildly curved at the latest start: that window, with the warning
         * (the last octave alone would double the error for a bias the data
         * barely show). */
        r = at_last;
        r.warnings |= HAVEN_DFIT_WARN_CURVED;
        snprintf(r.window_rule, sizeof r.window_rule,
                 "the MSD still curves mildly from the latest start tried (%g ps, hinge z = %.2f "
                 "< %.2f): D from that window, possibly biased toward its start",
                 (double)last * nz->dt / HAVEN_PS, at_last.linear_z, 2 * LINEAR_Z);
    } else if (s == HAVEN_OK && !found)
        s = late_slope(msd, last, i1, nz, o, dims, &at_last, &r);
    if (s != HAVEN_OK)
        return s;
    r.alpha2_peak = a2.alpha2_peak;
    r.alpha2_peak_t = a2.alpha2_peak_t;
    *out = r;
    return HAVEN_OK;
}

static haven_status window_end(size_t n_lags, double dt, const haven_dfit_options *o, size_t *i1)
{
    double run = (double)(n_lags - 1) * dt;
    double end = isfinite(o->end) ? o->end : 0.5 * run;
    if (end > run * (1 + 1e-9))
        return haven_fail(HAVEN_ERR_ARG, "fit window end %g ps is beyond the run (%g ps)",
                          end / HAVEN_PS, run / HAVEN_PS);
    double b = floor(end / dt + 1e-9);
    *i1 = b > (double)(n_lags - 1) ? n_lags - 1 : (size_t)b;
    if (isfinite(o->start) && !(o->start < end))
        return haven_fail(HAVEN_ERR_ARG, "fit window start %g ps is not before its end %g ps",
                          o->start / HAVEN_PS, end / HAVEN_PS);
    if (*i1 < 3)
        return haven_fail(HAVEN_ERR_DATA,
                          "fit window ends at %g ps, within 3 frames of the start (frames are "
                          "%g ps apart)",
                          end / HAVEN_PS, dt / HAVEN_PS);
    return HAVEN_OK;
}

static haven_status given_start(const double *msd, size_t i1, dnoise *nz,
                                const haven_dfit_options *o, int dims, haven_dfit_result *out)
{
    double a = ceil(o->start / nz->dt - 1e-9);
    size_t i0 = a < 1 ? 1 : (size_t)a;
    if (i1 < i0 + 2)
        return haven_fail(HAVEN_ERR_DATA,
                          "fit window %g-%g ps holds fewer than 3 frames (frames are %g ps "
                          "apart)",
                          o->start / HAVEN_PS, (double)i1 * nz->dt / HAVEN_PS, nz->dt / HAVEN_PS);
    haven_status s = fit_window(msd, i0, i1, nz, o, dims, out);
    if (s == HAVEN_OK) {
        char why[100];
        describe_failure(out, why, sizeof why);
        snprintf(out->window_rule, sizeof out->window_rule, "start and end as given: %s", why);
        haven_dfit_result a2;
        alpha2_peak(o->stats, i1 / 2, nz->dt, &a2);
        out->alpha2_peak = a2.alpha2_peak;
        out->alpha2_peak_t = a2.alpha2_peak_t;
    }
    return s;
}

haven_status haven_diffusion_fit(const double *msd, size_t n_lags, double dt, double n_walkers,
                                 int dims, const haven_dfit_options *opt, haven_dfit_result *out)
{
    haven_dfit_options defaults;
    if (!opt) {
        haven_dfit_options_init(&defaults);
        opt = &defaults;
    }
    memset(out, 0, sizeof *out);
    if (n_lags < MIN_FRAMES)
        return haven_fail(HAVEN_ERR_DATA, "%zu frames: a diffusion fit needs at least %d", n_lags,
                          MIN_FRAMES);
    if (!(dt > 0) || !(n_walkers > 0) || dims < 1 || dims > 3)
        return haven_fail(HAVEN_ERR_ARG, "diffusion fit: bad dt, walker count or dimension");
    if (opt->stats && dims == 1 && (opt->axis < 0 || opt->axis > 2))
        return haven_fail(HAVEN_ERR_ARG, "diffusion fit: axis %d is not 0, 1 or 2", opt->axis);
    size_t i1 = 0;
    haven_status s = window_end(n_lags, dt, opt, &i1);
    if (s != HAVEN_OK)
        return s;
    dnoise nz;
    s = dnoise_init(&nz, n_lags, dt, n_walkers, dims, opt->stats, opt->axis);
    if (s == HAVEN_OK)
        s = isfinite(opt->start) ? given_start(msd, i1, &nz, opt, dims, out)
                                 : search_start(msd, i1, &nz, opt, dims, out);
    return s;
}

void haven_dfit_warning_text(const haven_dfit_result *r, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    const double A2 = HAVEN_ANGSTROM * HAVEN_ANGSTROM;
#define ADD(...)                                                                                   \
    do {                                                                                           \
        if (used < cap)                                                                            \
            used += (size_t)snprintf(buf + used, cap - used, __VA_ARGS__);                         \
    } while (0)
    if (r->warnings & HAVEN_DFIT_WARN_UNDETERMINED)
        ADD("D is %s; ", r->window_rule);
    else if (!r->diffusive)
        ADD("%s; ", r->window_rule);
    else if (r->warnings & HAVEN_DFIT_WARN_CURVED)
        ADD("%s; ", r->window_rule);
    if (r->warnings & HAVEN_DFIT_WARN_NEGATIVE)
        ADD("the MSD does not grow in the fit window (slope <= 0); ");
    if (r->warnings & HAVEN_DFIT_WARN_SMALL_MSD)
        ADD("the MSD reaches only %.2f A^2 by the end of the fit window: ions have barely "
            "moved, D is not converged; ",
            r->msd_end / A2);
    if (r->warnings & HAVEN_DFIT_WARN_SLOPE)
        ADD("the log-log slope of the MSD is %.2f, not 1: the motion is not diffusive in the "
            "fit window; ",
            r->slope_loglog);
    if (r->warnings & HAVEN_DFIT_WARN_FEW_OBS)
        ADD("only %.0f independent observations at the window end (fewer than %.0f); ",
            r->n_independent, MIN_INDEPENDENT);
    if (!(r->warnings & HAVEN_DFIT_WARN_UNDETERMINED) && r->diffusive) {
        if ((r->warnings & HAVEN_DFIT_WARN_CURVED) &&
            strncmp(r->window_rule, "the MSD still", 13) != 0)
            ADD("the MSD changes slope inside the given window (hinge z = %.1f); ", r->linear_z);
        if (r->warnings & HAVEN_DFIT_WARN_GLS_OLS)
            ADD("GLS and OLS slopes disagree in the given window (z = %.1f); ", r->gls_ols_z);
        if (r->warnings & HAVEN_DFIT_WARN_MISFIT)
            ADD("the MSD scatters more than its noise model allows (chi^2/dof = %.1f): error "
                "widened by %.1fx; ",
                r->chi2_red, sqrt(r->chi2_red));
    }
#undef ADD
    if (used >= 2 && used < cap)
        buf[used - 2] = '\0';
}
