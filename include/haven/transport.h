/* haven transport: conductivity, Nernst-Einstein, Haven ratio, Onsager
 * coefficients, transference numbers and transport tensors, from the
 * tracer and collective MSDs of haven_msd_compute.
 *
 * Conventions (SI): sigma in S/m, D in m^2/s, L_ab in 1/(J m s) (number
 * based: J_a = sum_b L_ab X_b with X_b the force per particle), charges in
 * units of e (formal charges). Every collective quantity is fitted by the
 * same GLS machinery as D* (haven/diffusion.h) with one "walker".
 *
 * Thread safety: every function may run concurrently on different outputs
 * (inputs are only read); a result must not be written by two threads. The
 * FFTs of the Green-Kubo functions plan through FFTW's thread-safe planner
 * (haven_library_init). */
#ifndef HAVEN_TRANSPORT_H
#define HAVEN_TRANSPORT_H

#include "haven/diffusion.h"
#include "haven/msd.h"

#ifdef __cplusplus
extern "C" {
#endif

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
    haven_estimate mean; /* inverse-variance mean, widened error and its 95% interval
                            (unit: the caller's, NULL here) */
    double chi2, p_value, birge;
    int agree;
} haven_estimate_pool;
HAVEN_API haven_status haven_pool_estimates(const double *value, const double *err, size_t n,
                                            haven_estimate_pool *out);

HAVEN_API haven_status haven_conductivity_compute(const haven_cond_input *in,
                                                  haven_conductivity *out);
HAVEN_API void haven_conductivity_clear(haven_conductivity *c);

/* Green-Kubo transport coefficients from velocities.
 *
 * Each coefficient is scale x int_0^inf C(t) dt for a correlation function C
 * averaged over all time origins (zero-padded FFT, trapezoid rule):
 *   sigma  = e^2 / (3 V k T) int <J(0) . J(t)> dt,  J = sum_a q_a V_a
 *   L_ab   = 1 / (3 V k T) int <V_a(0) . V_b(t)> dt (symmetrised in a, b)
 *   D*_a   = 1 / 3 int <v_i(0) . v_i(t)> dt, averaged over the atoms of a
 * with V_a the summed velocity of species a (haven_load_info.vel_sums) and
 * v_i the velocity of atom i (haven_load_info.velocities).
 *
 * Where to read the running integral I(t): the run is cut into nb = 10
 * consecutive blocks (fewer, at least 4, for runs under 640 frames) and C is
 * computed within each block as well (if this finds no m, again with 5
 * blocks twice as long). m is the first lag at which the drift
 * of I over [m, 2m] and over [2m, 4m] are each within 2 standard errors of
 * the same drift over the blocks (m below an eighth of a block); the value is
 * the whole-run mean of I over [2m, 4m], its error the standard error of the
 * same mean over the blocks, the 95% interval Student-t with nb - 1 degrees
 * of freedom. Unlike a threshold on C/C(0), this works for collective
 * currents whose noise floor is a few percent of C(0).
 * For D* the window is found with 10 groups of the species' atoms (atom k
 * in group k mod 10; at least 4 atoms) in place of blocks, each over the
 * whole run, so that lags up to half the run are available: the running
 * integral of a velocity autocorrelation can drift for picoseconds (the slow
 * negative tail of a molten salt). The error is then taken from 5 blocks of
 * the run (lags up to 3/4 of a block) where the window fits in them, since
 * the atom groups miss fluctuations all atoms share; else from the groups.
 * Refused (ok = 0, `note` says why) when the frames
 * are too sparse to resolve the correlation (C(dt)/C(0) < 0.5), or when I is
 * still drifting at the longest lag the blocks allow. */
typedef struct {
    int ok;
    haven_estimate est;  /* SI: S/m, 1/(J m s) or m^2/s */
    double window_start; /* s: I averaged over [start, end] */
    double window_end;
    double lag1;     /* C(dt) / C(0) */
    size_t n_blocks; /* behind the error: sigma, L_ab: 10 blocks, or 5 where 10 found no
                        flat window; D*: 5 blocks, or 10 atom groups */
} haven_gk_value;

typedef struct {
    int ok; /* sigma reported */
    char note[200];
    haven_estimate sigma;              /* S/m */
    double plateau_start, plateau_end; /* s, the window of sigma */
    double acf_lag1;                   /* C(dt) / C(0) of the charge current */
    size_t n_blocks;
    double *running; /* sigma(k dt), S/m, k < n_running */
    size_t n_running;
    size_t n_species;
    haven_gk_value *L;   /* [haven_pair_index], 1/(J m s); NULL if not computed */
    haven_gk_value *D;   /* per species, m^2/s; NULL until haven_green_kubo_self */
    char self_note[200]; /* why a D* is missing */
} haven_green_kubo;

/* sigma and the L_ab from the species currents, vel_sums[(t * n_groups + g)
 * * 3 + k] in m/s (haven_load_info.vel_sums), frames dt apart. */
HAVEN_API haven_status haven_green_kubo_compute(const double *vel_sums, size_t n_frames,
                                                size_t n_groups, const double *charge, double dt,
                                                double volume, double temperature,
                                                haven_green_kubo *out);
/* D* of each group from the per-atom velocity autocorrelations, added to a
 * result of haven_green_kubo_compute (whose n_species must equal n_groups).
 * velocities: one path per atom (m/s, haven_load_info.velocities); group:
 * per atom, -1 for none. Cost: two FFTs of the run length per atom and
 * component; memory: one atom's series at a time besides the store. */
HAVEN_API haven_status haven_green_kubo_self(haven_store *velocities, const int *group,
                                             size_t n_groups, double dt, haven_green_kubo *g);
HAVEN_API void haven_green_kubo_clear(haven_green_kubo *g);

/* (a - b) / sqrt(err_a^2 + err_b^2): two estimates of one quantity, e.g.
 * sigma from Green-Kubo and from Einstein-Helfand; NAN if either is missing.
 * They are consistent when |z| < HAVEN_Z_DISAGREE. */
#define HAVEN_Z_DISAGREE 2.5
HAVEN_API double haven_estimate_z(const haven_estimate *a, const haven_estimate *b);

#ifdef __cplusplus
}
#endif
#endif
