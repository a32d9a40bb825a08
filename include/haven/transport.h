/* haven transport: conductivity, Nernst-Einstein, Haven ratio, Onsager
 * coefficients, transference numbers and transport tensors, from the
 * tracer and collective MSDs of haven_msd_compute.
 *
 * Conventions (SI): sigma in S/m, D in m^2/s, L_ab in 1/(J m s) (number
 * based: J_a = sum_b L_ab X_b with X_b the force per particle), charges in
 * units of e (formal charges). Every collective quantity is fitted by the
 * same GLS machinery as D* (haven/diffusion.h) with one "walker". */
#ifndef HAVEN_TRANSPORT_H
#define HAVEN_TRANSPORT_H

#include "haven/diffusion.h"
#include "haven/msd.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    double value, err, lo, hi; /* estimate, standard error, 95% interval */
} haven_estimate;

/* Principal analysis of a symmetric 3x3 transport tensor. */
typedef struct {
    haven_estimate comp[3][3]; /* the tensor */
    double principal[3];       /* eigenvalues, largest first */
    double principal_err[3];   /* first-order propagated standard errors */
    double axes[3][3];         /* axes[k] = unit eigenvector of principal[k] */
    double anisotropy;         /* largest / smallest principal value (inf if <= 0) */
    int dimensionality;        /* 1, 2 or 3: see haven_tensor_analyse */
} haven_tensor;

/* Eigen-decomposition and dimensionality. A principal direction counts as
 * conducting unless the upper end of its 95% interval is below 10% of the
 * largest principal value; dimensionality is the number of conducting
 * directions. */
HAVEN_API haven_status haven_tensor_analyse(haven_tensor *t);

/* Fit a 3x3 MSD-like tensor (tensor[lag][6], order xx yy zz xy xz yz) to
 * D_ab = slope_ab / 2, each component by GLS with the random-walk covariance
 * (off-diagonal noise from the diagonal). Result in m^2/s. */
HAVEN_API haven_status haven_tensor_fit(const double (*tensor)[6], size_t n_lags, double dt,
                                        double n_walkers, const haven_dfit_options *opt,
                                        haven_tensor *out);

typedef struct {
    size_t n_species;
    const double *charge;             /* e, per species */
    const double *count;              /* atoms per species */
    const haven_dfit_result *tracer;  /* D* fit per species */
    const haven_msd_collective *coll; /* groups = species, same order */
    double volume;                    /* m^3 */
    double temperature;               /* K */
    int frame;                        /* -1: barycentric; k: species k at rest */
    haven_dfit_options fit;           /* window for the collective fits */
    int ne_all; /* 1: every species enters sigma_NE, the ideal transference numbers and the
                   Haven ratio; 0: species whose tracer fit is not diffusive (a vibrating
                   framework) are left out of those (their charge still counts in sigma) */
} haven_cond_input;

typedef struct {
    int frame;                    /* as requested */
    haven_estimate sigma;         /* S/m, Einstein-Helfand */
    haven_estimate sigma_ne;      /* S/m, Nernst-Einstein from D* */
    haven_estimate d_sigma;       /* m^2/s, charge diffusivity */
    haven_estimate haven_ratio;   /* sigma_NE / sigma (= D* / D_sigma for one carrier) */
    haven_dfit_result charge_fit; /* fit of the charge-displacement MSD, e^2 m^2 */
    size_t n_species;
    haven_estimate *L;          /* [haven_pair_index] 1/(J m s) */
    haven_estimate *L_self;     /* self part (N_a D*_a / (V k T) on the diagonal) */
    haven_estimate *L_distinct; /* L - L_self */
    haven_estimate *sigma_part; /* per species: q_a sum_b q_b L_ab e^2, S/m */
    haven_estimate *t_ideal;    /* Nernst-Einstein transference numbers */
    haven_estimate *t_corr;     /* from the L_ab in this frame */
    haven_tensor tensor;        /* conductivity tensor, S/m */
} haven_conductivity;

/* Independent estimates of one quantity (one per run) combined: the
 * inverse-variance mean, chi^2 of the estimates about it on n - 1 degrees of
 * freedom, p-value; when p < 0.01 (the runs disagree) the error is widened
 * by the Birge ratio sqrt(chi^2 / dof). 95% interval mean +- 1.96 err (t with
 * n - 1 dof when widened). */
typedef struct {
    size_t n;
    double mean, err, lo, hi;
    double chi2, p_value, birge;
    int agree;
} haven_estimate_pool;
HAVEN_API haven_status haven_pool_estimates(const double *value, const double *err, size_t n,
                                            haven_estimate_pool *out);

HAVEN_API haven_status haven_conductivity_compute(const haven_cond_input *in,
                                                  haven_conductivity *out);
HAVEN_API void haven_conductivity_clear(haven_conductivity *c);

/* Green-Kubo conductivity from the charge current J = sum_a q_a V_a, with
 * V_a the summed velocity of species a (haven_load_info.vel_sums):
 *   sigma(tau) = e^2 / (3 V k T) int_0^tau <J(0) . J(t)> dt   (trapezoid rule).
 * The plateau window [m, 2m] starts at the first lag m after which the
 * autocorrelation stays within 2% of its initial value for as long again;
 * sigma is the mean of sigma(tau) over the window and its error the spread
 * of the same estimate over 4-8 independent blocks of the run. When frames
 * are too sparse to resolve the current autocorrelation (C(1)/C(0) < 0.5)
 * no value is given (ok = 0) and `note` says why. */
typedef struct {
    int ok;
    char note[200];
    haven_estimate sigma;              /* S/m */
    double plateau_start, plateau_end; /* s */
    double acf_lag1;                   /* C(dt) / C(0) */
    size_t n_blocks;
    double *running; /* sigma(k dt), S/m, k < n_running */
    size_t n_running;
} haven_green_kubo;

HAVEN_API haven_status haven_green_kubo_compute(const double *vel_sums, size_t n_frames,
                                                size_t n_groups, const double *charge, double dt,
                                                double volume, double temperature,
                                                haven_green_kubo *out);
HAVEN_API void haven_green_kubo_clear(haven_green_kubo *g);

#ifdef __cplusplus
}
#endif
#endif
