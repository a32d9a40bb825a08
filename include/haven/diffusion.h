/* haven diffusion: D from an MSD by generalised least squares.
 *
 * The MSD at different lags is strongly correlated (the same displacements
 * enter many lags), so ordinary least squares underestimates the error of
 * the slope. Following McCluskey, Coles and Morgan (J. Chem. Theory Comput.
 * 2024; arXiv:2305.18244, the method behind kinisi), the fit is generalised
 * least squares with a model of the covariance between lags. haven uses the
 * exact covariance of the all-origin MSD estimator for N independent
 * Gaussian random walkers observed at T evenly spaced frames:
 *   Cov(M_n, M_m) = 2 d s^4 / (N W_n W_m) * sum_{t,u} overlap(t,n; u,m)^2
 * where W_n = T - n windows at lag n, overlap counts the shared frame
 * intervals of windows (t, t+n] and (u, u+m], and s^2 = 2 D dt is the
 * per-component variance of one frame-to-frame step.
 *
 * With the data's own noise (opt->stats, from haven_msd_compute or
 * haven_msd_stats_series) D is still the GLS estimate with the random-walk
 * weights (the same linear combination of the MSD for every curve, so that
 * fits of sums are sums of fits), but its error and the window tests come
 * from the data: the variance of the MSD at each lag from the observed
 * spread of squared displacements over walkers and non-overlapping windows
 * (V(n) = A n^2 + B n), inflated by the measured correlation between
 * walkers, plus a white term for bounded motion, with the random-walk form
 * only for the correlation between lags (Var = a' C a for the weights a);
 * that error is then rescaled by the scatter of independent time blocks.
 * Without stats, s is taken from the fitted slope (ideal random walk).
 *
 * Window: the diffusive regime starts where the MSD stays linear from there
 * on. Candidate starts from the end of the ballistic regime and the peak of
 * the non-Gaussian parameter alpha_2 (cage escape) onwards, 4 per octave, are
 * tried in turn; the first whose window passes three tests is taken: no change
 * of slope inside the window (a GLS fit with a hinge at the window's
 * geometric middle, |z| <= 2), GLS and OLS slopes agreeing within the
 * standard deviation of their difference (Hausman, |z| <= 3), and chi^2 below
 * its 99th percentile. If none passes, D is reported as not determined, with
 * the reason.
 *
 * Thread safety: haven_diffusion_fit and haven_diffusion_pool are reentrant
 * and may run concurrently on different inputs and results; inputs are only
 * read, so one MSD may be fitted from several threads at once. */
#ifndef HAVEN_DIFFUSION_H
#define HAVEN_DIFFUSION_H

#include "haven/core.h"
#include "haven/msd.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    double start;             /* s, fit window start; NAN: automatic: the first lag from which the
                                 log-log slope of the MSD over each of the next two octaves
                                 (t->2t->4t) is within 1 +- 0.15 (searched in the first eighth
                                 of the run), else 10% of the run */
    double end;               /* s, fit window end; NAN: automatic (50% of the run) */
    size_t max_points;        /* lags used in the GLS (default 200, spread evenly) */
    double noise_s4;          /* > 0: use this s^4 (m^4) for the covariance scale instead of the
                                 one implied by the fitted slope; for off-diagonal tensor
                                 components, whose slope says nothing about the noise */
    int scale_from_residuals; /* 1: take s^4 from the GLS residuals (chi^2 / (n - 2) with
                                 unit scale), for derived series whose slope does not set
                                 their noise; no Birge widening then */
    const haven_msd_stats *stats; /* the data's noise for this curve, or NULL (random-walk
                                     model scaled by the slope) */
    int axis;                     /* with stats and dims 1: the component (0 x, 1 y, 2 z) */
    double min_start;             /* s: with an automatic start, candidates begin no earlier
                                     (e.g. a collective curve: the ions' cage-escape time) */
} haven_dfit_options;

enum {
    HAVEN_DFIT_WARN_SMALL_MSD = 1,     /* MSD at the window end below 5 A^2 */
    HAVEN_DFIT_WARN_SLOPE = 2,         /* log-log slope outside 1 +- 0.15 */
    HAVEN_DFIT_WARN_FEW_OBS = 4,       /* fewer than 30 independent observations */
    HAVEN_DFIT_WARN_NEGATIVE = 8,      /* fitted slope not positive */
    HAVEN_DFIT_WARN_MISFIT = 16,       /* chi^2 beyond the 99th percentile of the noise model:
                                          errors widened by sqrt(chi2_red) */
    HAVEN_DFIT_WARN_CURVED = 32,       /* the MSD changes slope inside the window (hinge test) */
    HAVEN_DFIT_WARN_GLS_OLS = 64,      /* GLS and OLS slopes disagree beyond their errors */
    HAVEN_DFIT_WARN_UNDETERMINED = 128 /* no start makes the window linear: not determined */
};

typedef enum {
    HAVEN_NOISE_RANDOM_WALK = 0, /* ideal random walk, scale from the slope */
    HAVEN_NOISE_DATA = 1,        /* per-lag variance from the data */
    HAVEN_NOISE_DATA_POOLED = 2  /* data variance pooled over the window (one walker) */
} haven_noise_model;

typedef struct {
    haven_estimate D;                /* m^2/s (for an MSD in m^2; unit "m^2/s"): the GLS
                                        estimate, its error and 95% interval (Student's t with
                                        err_dof when the error is from time blocks) */
    double intercept, intercept_err; /* m^2 */
    haven_estimate D_ols;            /* m^2/s: ordinary least squares on the same lags, for
                                        comparison (normal interval) */
    double chi2_red;                 /* GLS chi^2 / (points - 2) under the covariance model */
    double start, end;               /* s, fit window */
    size_t first_lag, last_lag;      /* frames */
    size_t n_points;                 /* lags used */
    double slope_loglog;             /* d ln MSD / d ln t over the window */
    double msd_end;                  /* m^2 at the window end */
    double n_independent;            /* walkers x (run length / window end) */
    int warnings;                    /* HAVEN_DFIT_WARN_* bits */
    int determined;   /* 0: the data do not determine D (see warnings, window_rule) */
    int diffusive;    /* 1: D significantly above 0 (95% lower bound > 0) */
    double D_upper95; /* m^2/s: one-sided 95% upper bound, max(D, 0) + 1.645 stderr */
    double linear_z;  /* hinge statistic (change of slope in the window / its error) */
    double gls_ols_z; /* (D_OLS - D) / sd of the difference */
    double alpha2_peak, alpha2_peak_t; /* non-Gaussian parameter's peak and its time (s); NAN
                                          when unknown or the peak is at the first lag */
    double walker_corr;                /* variance inflation from correlated walkers (>= 1) */
    double D_err_model;                /* m^2/s: the error the noise model alone gives */
    int err_from_blocks;     /* 1: D_err is the spread of independent time blocks (the data's own
                                error); the 95% interval then uses Student's t */
    double err_dof;          /* degrees of freedom of D_err (blocks), 0 otherwise */
    double err_kappa;        /* observed / model-predicted variance of the block slopes */
    double white_noise;      /* share of the MSD variance at the window end that is white
                                (bounded motion, uncorrelated between lags), fitted so that
                                chi^2/dof = 1; 0 when the model fits without it */
    haven_noise_model noise; /* how the variance of the MSD was obtained */
    char window_rule[384];   /* which rule chose the window, and why */
} haven_dfit_result;

HAVEN_API void haven_dfit_options_init(haven_dfit_options *opt);

/* msd[0..n_lags-1] at lags k*dt (n_lags = number of frames, as from
 * haven_msd_compute); n_walkers independent walkers (atoms for a tracer
 * MSD, 1 for a collective one); dims = dimensionality of the displacement
 * (3 for |dr|^2, 1 for one Cartesian component). MSD = 2 dims D t. */
HAVEN_API haven_status haven_diffusion_fit(const double *msd, size_t n_lags, double dt,
                                           double n_walkers, int dims,
                                           const haven_dfit_options *opt, haven_dfit_result *out);

/* Independent runs of one state point (or time segments of one run) pooled
 * into one estimate. The MSDs (same species, frame interval and number of
 * frames) are averaged with the atom counts as weights and fitted as one run
 * of sum(N) walkers, with the window chosen on the pooled curve and the
 * error rescaled by the scatter of all the runs' time blocks together; each
 * run is then fitted on that same window. Their agreement is tested with
 * chi^2 = sum (D_r - D_w)^2 / err_r^2 (D_w the inverse-variance mean) on
 * n_runs - 1 degrees of freedom; when p < 0.01 the runs disagree (different
 * state points, an unequilibrated run) and the pooled error is widened by
 * the Birge ratio sqrt(chi^2 / dof). */
typedef struct {
    haven_dfit_result pooled; /* the fit of the pooled MSD (errors widened if disagreeing) */
    size_t n_runs;
    haven_dfit_result *per_run; /* each run on the pooled window */
    double chi2;                /* of the per-run estimates about their weighted mean */
    double p_value;             /* P(chi^2 >= observed | the runs agree) */
    int agree;                  /* p_value >= 0.01 */
    double birge;               /* widening applied to the pooled error (1: none) */
} haven_dfit_pool;

/* msds[r]: the same species in run r (haven_msd_compute, with statistics).
 * dims 3 (|dr|^2). opt: window (start/end) and points; stats are taken from
 * the runs. Free with haven_dfit_pool_clear. */
HAVEN_API haven_status haven_diffusion_pool(const haven_msd *const *msds, size_t n_runs,
                                            const haven_dfit_options *opt, haven_dfit_pool *out);
HAVEN_API void haven_dfit_pool_clear(haven_dfit_pool *p);

/* Describe the warnings of a fit in one sentence each (for the CLI). */
HAVEN_API void haven_dfit_warning_text(const haven_dfit_result *r, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif
