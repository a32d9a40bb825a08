/* Model fits for transport experiments: PFG-NMR (Stejskal-Tanner), NMR
 * relaxometry (BPP), 2D EXSY build-up, stretched exponentials (KWW, QENS),
 * and closed-form calculators (Bruce-Vincent transference number,
 * Nernst-Einstein conductivity and Haven ratio, hopping conductivity).
 * Temperature-dependence fits (Arrhenius, VFT) are in haven/arrhenius.h.
 *
 * Every fit returns a haven_fit_result: parameter values in SI units, their
 * standard errors, 95% intervals and covariance. Weighting follows
 * haven/arrhenius.h: with per-point sigma the errors are taken as known
 * (chi2 = sum ((y - f)/sigma)^2, normal quantile 1.96); without, the fit is
 * unweighted, the covariance is scaled by RSS/dof and intervals use Student's
 * t(dof). AIC/BIC are defined as in haven/arrhenius.h. Parameters that must
 * be positive are fitted as logarithms; their intervals are exp(ln p +- q se)
 * (asymmetric) and their stderr is the delta-method p * se(ln p).
 *
 * Thread safety: every function is reentrant (no shared state) and may run
 * concurrently; results are plain structs owned by the caller. */
#ifndef HAVEN_FIT_H
#define HAVEN_FIT_H

#include "haven/core.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HAVEN_FIT_MAX_PARAMS 8

typedef struct {
    size_t n_params;
    const char *name[HAVEN_FIT_MAX_PARAMS];     /* static strings */
    haven_estimate param[HAVEN_FIT_MAX_PARAMS]; /* value, error, 95% interval (q95) and SI
                                                   unit of each parameter */
    double cov[HAVEN_FIT_MAX_PARAMS][HAVEN_FIT_MAX_PARAMS];
    double chi2; /* weighted chi2, or RSS when unweighted */
    size_t n_points, dof;
    double aic, bic;
    int weighted;
    double q95; /* quantile used for the intervals */
} haven_fit_result;

/* Index of a parameter by name, or -1. */
HAVEN_API int haven_fit_param_index(const haven_fit_result *r, const char *name);

/* ---- PFG-NMR (Stejskal-Tanner) ---------------------------------------- */

/* |gamma| of a nucleus ("1H", "7Li", ...) in rad s^-1 T^-1, 0 if unknown:
 * IUPAC 2001 frequency ratio Xi (Harris et al., Pure Appl. Chem. 73, 1795)
 * times the CODATA 2018 shielded-proton gamma'_p. */
HAVEN_API double haven_nucleus_gamma(const char *name);
/* Name of the i-th tabulated nucleus, NULL past the end. */
HAVEN_API const char *haven_nucleus_name(size_t i);

typedef struct {
    double gamma;     /* rad s^-1 T^-1 */
    double delta;     /* gradient pulse length, s */
    double Delta;     /* diffusion time (pulse separation), s */
    int n_components; /* 1: S0 exp(-D b); 2: A1 exp(-D1 b) + A2 exp(-D2 b) */
} haven_pfg_options;

/* b = gamma^2 g^2 delta^2 (Delta - delta/3) in s/m^2, g in T/m. */
HAVEN_API double haven_pfg_bvalue(const haven_pfg_options *o, double g);
/* Fit S(g). Parameters: mono "S0", "D"; bi "A1", "D1", "A2", "D2" with
 * component 1 the faster one. D in m^2/s, amplitudes in signal units. */
HAVEN_API haven_status haven_pfg_fit(const double *g, const double *S, const double *sigma,
                                     size_t n, const haven_pfg_options *o, haven_fit_result *out);

/* Nernst-Einstein conductivity sigma = e^2/(kB T) sum c_i z_i^2 D_i (S/m)
 * from D_i (m^2/s, errors optional), number densities c_i (m^-3), charges z_i. */
HAVEN_API haven_status haven_nernst_einstein(const double *D, const double *D_err, const double *c,
                                             const int *z, size_t n, double T, double *sigma,
                                             double *sigma_err);
/* Haven ratio H_R = sigma_NE / sigma_measured with first-order error propagation. */
HAVEN_API haven_status haven_haven_ratio(double sigma_ne, double sigma_ne_err, double sigma_meas,
                                         double sigma_meas_err, double *ratio, double *ratio_err);

/* ---- Bruce-Vincent transference number -------------------------------- */
typedef struct {
    double dV, I0, Iss, R0, Rss;                     /* V, A, A, ohm, ohm */
    double dV_err, I0_err, Iss_err, R0_err, Rss_err; /* 0 when exact */
} haven_bruce_vincent_input;
/* t+ = Iss (dV - I0 R0) / (I0 (dV - Iss Rss)), error by first-order propagation. */
HAVEN_API haven_status haven_bruce_vincent(const haven_bruce_vincent_input *in, double *tplus,
                                           double *tplus_err);

/* ---- Chronoamperometry and Bruce-Vincent from the current trace -------- */
/* Fit a potentiostatic polarisation current I(t) (A, t in s, strictly
 * increasing) to I = Iss + A1 exp(-(t - t0)/tau1) [+ A2 exp(-(t - t0)/tau2)],
 * t0 the first time (so A_k is the amplitude at t0; the same model as one
 * counted from t = 0). n_exp 1 or 2 fixes the number of exponentials; 0
 * fits both and keeps the 2-exponential model only when its AIC is lower
 * (and its fit determines every parameter). Parameters "Iss" (A), "A1" (A),
 * "tau1" (s), then "A2" (A), "tau2" (s) with tau1 < tau2. Without sigma the
 * covariance is scaled by chi2/dof (errors widened by sqrt(chi2_red)).
 * aic1, aic2 (may be NULL): AIC of each model, NAN when not fitted. */
HAVEN_API haven_status haven_chrono_fit(const double *t, const double *I, const double *sigma,
                                        size_t n, int n_exp, haven_fit_result *out, double *aic1,
                                        double *aic2);
/* Fitted current (A) at time t of a haven_chrono_fit result; t0 the first time. */
HAVEN_API double haven_chrono_current(const haven_fit_result *r, double t0, double t);

typedef struct {
    double dV, R0, Rss;             /* V, ohm, ohm */
    double dV_err, R0_err, Rss_err; /* 0 when exact */
    /* Initial current: > 0 given (A, with I0_err); 0 the first measured
     * point, the current after the double-layer charging as Evans, Vincent
     * and Bruce (Polymer 28, 2324 (1987)) take it. Its error is then
     * sigma[0], or without sigma the residual standard deviation of the fit. */
    double I0, I0_err;
    int n_exp; /* as in haven_chrono_fit */
} haven_bruce_vincent_trace_options;

enum { HAVEN_BV_I0_FIRST_POINT = 0, HAVEN_BV_I0_GIVEN = 1 };

typedef struct {
    haven_fit_result fit;   /* the I(t) fit */
    double aic1, aic2;      /* as in haven_chrono_fit */
    haven_estimate Iss, I0; /* A */
    int I0_source;          /* HAVEN_BV_I0_* */
    haven_estimate t_plus;  /* first-order error (Iss and I0 taken as independent) */
} haven_bruce_vincent_trace_result;

/* Bruce-Vincent t+ from the current trace: Iss from haven_chrono_fit, I0 as
 * in the options, then haven_bruce_vincent. Intervals of Iss and t+ use the
 * fit's quantile (Student t without sigma). */
HAVEN_API haven_status haven_bruce_vincent_trace(const double *t, const double *I,
                                                 const double *sigma, size_t n,
                                                 const haven_bruce_vincent_trace_options *o,
                                                 haven_bruce_vincent_trace_result *out);

/* ---- BPP relaxometry --------------------------------------------------- */
/* 1/T1 = sum_k C_k [J_k(w0) + 4 J_k(2 w0)], J(w) = tau/(1 + (w tau)^2),
 * tau_k = tau0_k exp(Ea_k/(kB T)); fitted on ln(1/T1). Parameters per
 * process k = 1, 2: "C1" (s^-2), "tau01" (s), "Ea1" (J), then "C2", ... */
HAVEN_API haven_status haven_bpp_fit(const double *T, const double *T1, const double *T1_err,
                                     size_t n, double larmor_hz, int n_processes,
                                     haven_fit_result *out);
/* Jump rate 1/tau_k(T) (s^-1) of process k (0-based) with stderr and 95% interval. */
HAVEN_API haven_status haven_bpp_rate(const haven_fit_result *r, int k, double T, double *rate,
                                      double *err, double *lo95, double *hi95);

/* ---- 2D EXSY build-up ---------------------------------------------------- */
typedef enum {
    HAVEN_EXSY_BUILDUP = 0, /* I = A (1 - exp(-k tm)) */
    HAVEN_EXSY_TWO_SITE = 1 /* I_cross/I_diag = tanh(k tm): symmetric two-site, k = jump rate */
} haven_exsy_model;
/* Parameters "A" (signal units; absent for TWO_SITE) and "k" (s^-1). */
HAVEN_API haven_status haven_exsy_fit(const double *tm, const double *I, const double *sigma,
                                      size_t n, haven_exsy_model model, haven_fit_result *out);
/* Einstein-Smoluchowski D = a^2 / (2 d tau) (m^2/s) for jump length a (m),
 * residence time tau (s) and dimensionality d (1, 2 or 3). */
HAVEN_API double haven_einstein_smoluchowski(double a, double tau, int d);

/* ---- KWW stretched exponential ----------------------------------------- */
/* F(t) = A exp(-(t/tau)^beta); parameters "A", "tau" (s), "beta". */
HAVEN_API haven_status haven_kww_fit(const double *t, const double *F, const double *sigma,
                                     size_t n, haven_fit_result *out);
/* <tau> = (tau/beta) Gamma(1/beta) with delta-method error and 95% interval. */
HAVEN_API haven_status haven_kww_mean_tau(const haven_fit_result *r, double *mean, double *err,
                                          double *lo95, double *hi95);

/* ---- Hopping conductivity ------------------------------------------------- */
typedef struct {
    double f;     /* correlation factor */
    double haven; /* Haven ratio H_R */
    double c;     /* carrier number density, m^-3 */
    double z;     /* carrier charge number (q = z e) */
    double T;     /* K */
    double a;     /* jump distance, m */
    double nu0;   /* attempt frequency, Hz */
    double dS;    /* migration entropy, J/K */
    double dH;    /* migration enthalpy, J */
} haven_hopping_input;
/* sigma = (1/6) (f/H_R) (c q^2/(kB T)) a^2 nu0 exp(dS/kB) exp(-dH/(kB T)), S/m. */
HAVEN_API haven_status haven_hopping_conductivity(const haven_hopping_input *in, double *sigma);

#ifdef __cplusplus
}
#endif
#endif
