/* haven eis: electrochemical impedance spectroscopy.
 *
 * Reading spectra from instrument exports, equivalent-circuit fitting by
 * complex nonlinear least squares, Lin-KK validation, distribution of
 * relaxation times, conductivity from fitted arcs.
 *
 * Conventions: frequencies in Hz (f, not omega), impedance in ohm with the
 * physics sign convention Z = Z' + j Z'' (a capacitive arc has Z'' < 0).
 * Spectra are stored sorted by increasing frequency.
 *
 * Thread safety: every function is reentrant (src/eis holds no mutable
 * global state; GSL's error handler is switched off once at load, see
 * haven_library_init): calls may run concurrently on different objects. A
 * parsed haven_eis_circuit is only read after haven_eis_circuit_parse, so
 * one circuit may be evaluated, fitted and matched from several threads at
 * once; a haven_eis_data, result or model is written by the call that fills
 * it and freed by one thread. Readers open and close their own FILE. Warnings
 * go through the process-wide handler (core.h). */
#ifndef HAVEN_EIS_H
#define HAVEN_EIS_H

#include "haven/arrhenius.h"
#include "haven/core.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- spectra ---------------------------------------------------------- */

/* How the sign of the imaginary column was decided. */
typedef enum {
    HAVEN_EIS_SIGN_AUTO = 0,   /* reader option: decide from header, else from data */
    HAVEN_EIS_SIGN_AS_IS = 1,  /* reader option: the column holds Z'' */
    HAVEN_EIS_SIGN_NEGATED = 2 /* reader option: the column holds -Z'' */
} haven_eis_sign;

typedef struct {
    size_t n;
    double *freq;         /* Hz, increasing */
    double *zre;          /* ohm */
    double *zim;          /* ohm, Z'' (physics convention) */
    char format[24];      /* reader used: "csv", "biologic", "gamry", "zview", "versastudio" */
    int imag_negated;     /* 1 if the file's column held -Z'' */
    char sign_source[16]; /* "header", "detected" or "option" */
} haven_eis_data;

/* Read a spectrum; format NULL or "auto" detects from content. sign says how
 * to read the imaginary column. Rows with zero frequency (DC segments of
 * some exports) are dropped with a warning. */
HAVEN_API haven_status haven_eis_read(const char *path, const char *format, haven_eis_sign sign,
                                      haven_eis_data *out);
/* Build a spectrum from arrays (copied, sorted; validated). */
HAVEN_API haven_status haven_eis_data_set(haven_eis_data *out, const double *freq,
                                          const double *zre, const double *zim, size_t n);
HAVEN_API void haven_eis_data_free(haven_eis_data *d);

/* ---- circuits --------------------------------------------------------- */

/* Circuit strings: series "-", parallel "p(A,B,...)", elements R, C, L,
 * La (L (j w)^a: L, a), CPE (Q, alpha), W (semi-infinite Warburg), Wo / Ws
 * (finite-length open / short: Z0, tau), G (Gerischer: R, tau), Gs
 * (finite-length Gerischer: R, tau, phi), Zarc (R / (1 + (j w tau)^a): R,
 * tau, a), K (Voigt R / (1 + j w tau): R, tau), TLM (Bisquert transmission
 * line: R_ion, R_ct, Q, a), each followed by a number, e.g.
 * "R0-p(R1,CPE1)-p(R2,CPE2)-W3". One-parameter elements name their parameter
 * like the element (R1); others append _k (CPE1_0, CPE1_1). docs/eis.md
 * gives every formula. */
typedef struct haven_eis_circuit haven_eis_circuit;

HAVEN_API haven_status haven_eis_circuit_parse(const char *text, haven_eis_circuit **out);
HAVEN_API void haven_eis_circuit_free(haven_eis_circuit *c);
HAVEN_API size_t haven_eis_circuit_n_params(const haven_eis_circuit *c);
/* The string the circuit was parsed from. */
HAVEN_API const char *haven_eis_circuit_text(const haven_eis_circuit *c);
HAVEN_API const char *haven_eis_circuit_param_name(const haven_eis_circuit *c, size_t i);
/* SI unit of parameter i ("ohm", "F", "H", "F s^(a-1)", "1", "ohm s^-1/2", "s"). */
HAVEN_API const char *haven_eis_circuit_param_unit(const haven_eis_circuit *c, size_t i);
/* Index of a parameter by name, or -1. */
HAVEN_API long haven_eis_circuit_find(const haven_eis_circuit *c, const char *name);
/* Z at n frequencies (Hz). jac (2 * n * n_params, may be NULL) receives
 * dRe Z_i/dp_k at [i * np + k] and dIm Z_i/dp_k at [(n + i) * np + k]. */
HAVEN_API haven_status haven_eis_circuit_eval(const haven_eis_circuit *c, const double *params,
                                              const double *freq, size_t n, double *zre,
                                              double *zim, double *jac);

/* ---- equivalent-circuit fitting ----------------------------------------- */

typedef enum {
    HAVEN_EIS_WEIGHT_UNIT = 0,         /* sigma = 1 */
    HAVEN_EIS_WEIGHT_PROPORTIONAL = 1, /* sigma_re = |Z'|, sigma_im = |Z''| (floored) */
    HAVEN_EIS_WEIGHT_MODULUS = 2       /* sigma_re = sigma_im = |Z| */
} haven_eis_weight;

typedef struct {
    haven_eis_weight weight;
    const double *initial;  /* n_params values or NULL: guesses from the spectrum */
    const int *has_initial; /* per parameter: use initial[k] (NULL: all when initial given) */
    const int *fixed;       /* per parameter: 1 keeps initial[k] fixed (NULL: none) */
    size_t max_starts;      /* multi-start budget (0: default 16) */
    unsigned long seed;     /* multi-start random seed */
    size_t max_iter;        /* Levenberg-Marquardt iterations per start (0: 200) */
    const double *lower;    /* per parameter lower bound, NaN: none (NULL: no bounds) */
    const double *upper;    /* per parameter upper bound, NaN: none (NULL: no bounds) */
    int keep_order;         /* 1: report interchangeable arcs as found, not by time constant */
} haven_eis_fit_options;

HAVEN_API void haven_eis_fit_options_default(haven_eis_fit_options *o);

typedef struct {
    size_t n_params, n_points;
    double *value;          /* fitted parameters (fixed ones as given), for haven_eis_circuit_eval */
    haven_estimate *param;  /* the same with standard error (0 for fixed), 95% interval
                               (Student t, computed in the transformed log/logit space, so
                               asymmetric) and SI unit */
    int *fixed;
    double *corr;        /* n_params^2 correlation matrix (0 rows for fixed) */
    double chi2;         /* weighted sum of squared residuals */
    double chi2_reduced; /* chi2 / dof */
    size_t dof;
    size_t n_starts;           /* starts run */
    size_t n_agree;            /* starts that reached the best chi2 (rel. 1e-6) */
    size_t n_iter;             /* iterations of the best start */
    double *zre_fit, *zim_fit; /* model at the data frequencies */
    int *at_bound; /* 1: the value sits at a bound of --bounds (within 1e-6 relative), so its
                      error and interval say nothing; the bound, not the data, decided it */
} haven_eis_fit_result;

/* Arcs in series that have the same shape (two p(R,CPE) blocks, two Zarc
 * elements, ...) are interchangeable: the fit reports them in ascending time
 * constant, so the first one in the string ("R1") is always the fastest arc,
 * unless keep_order is set or one of their parameters is fixed or bounded.
 * A warning says when the data hold inductive points (Z'' > 0) and the
 * circuit has no L or La to follow them. */
HAVEN_API haven_status haven_eis_fit(const haven_eis_circuit *c, const haven_eis_data *d,
                                     const haven_eis_fit_options *opt, haven_eis_fit_result *out);
HAVEN_API void haven_eis_fit_result_free(haven_eis_fit_result *r);
/* Initial guesses derived from the spectrum (arc diameters, apex frequencies). */
HAVEN_API haven_status haven_eis_initial_guess(const haven_eis_circuit *c, const haven_eis_data *d,
                                               double *params);

/* ---- fitted models as JSON -------------------------------------------------- */

/* A circuit with its parameter values (and standard errors, NaN if unknown). */
typedef struct {
    haven_eis_circuit *circuit;
    size_t n_params;
    double *value, *stderr_;
} haven_eis_model;

/* The model as a JSON document (malloc'd, the caller frees it); values to
 * 17 significant digits, so haven_eis_model_from_json gives them back
 * exactly. stderr_ may be NULL. */
HAVEN_API haven_status haven_eis_model_to_json(const haven_eis_circuit *c, const double *value,
                                               const double *stderr_, char **json);
/* Parse a model written by haven_eis_model_to_json (every parameter of the
 * circuit exactly once); errors name the byte offset. */
HAVEN_API haven_status haven_eis_model_from_json(const char *text, haven_eis_model *m);
HAVEN_API void haven_eis_model_free(haven_eis_model *m);

/* ---- Lin-KK ------------------------------------------------------------ */

/* How the number of RC elements M is chosen from mu(M), M = 1..max_m. */
typedef enum {
    /* Smallest M after which mu stays <= c up to max_m (the onset of lasting
     * over-fitting; Yrjana and Bobacka, Electrochim. Acta 504 (2024) 144951,
     * iterate from the top for the same reason). Default. */
    HAVEN_EIS_LINKK_LAST_CROSSING = 0,
    /* First M with mu <= c (Schoenleber 2014 as published, and impedance.py):
     * stops in the under-fitted region when mu fluctuates at small M, as it
     * does for spectra with one or two sharp time constants. */
    HAVEN_EIS_LINKK_FIRST_CROSSING = 1
} haven_eis_linkk_rule;

typedef struct {
    double c;         /* mu threshold (0: 0.85, Schoenleber 2014) */
    size_t max_m;     /* largest number of RC elements (0: 50; capped at points - 3) */
    double threshold; /* RMS relative residual above which the spectrum is flagged (0: 0.005) */
    haven_eis_linkk_rule rule;
    /* 1: compute mu only for the M the rule needs (M, mu, m_first, the
     * residuals and the verdict are the same; mu_m of the M not fitted is
     * NaN). ~2-4x less work on 40-point spectra, whose large models cost
     * the most. 0: every M (mu_m complete, for the mu(M) figure). */
    int verdict_only;
} haven_eis_linkk_options;

typedef struct {
    size_t n, m;             /* points, RC elements chosen */
    double mu;               /* 1 - sum|R_k<0| / sum|R_k>=0| at the chosen M */
    double rms_re, rms_im;   /* RMS of the relative residuals */
    int valid;               /* 1 when both RMS are below the threshold */
    double *res_re, *res_im; /* (Z - Z_kk) / |Z|, per point */
    double *zre_fit, *zim_fit;
    size_t max_m;   /* M tried: 1..max_m */
    double *mu_m;   /* mu for M = 1..max_m (mu_m[M - 1]; NaN where not fitted) */
    size_t m_first; /* first M with mu <= c (the published rule; max_m if none) */
    double c;       /* threshold used */
} haven_eis_linkk_result;

HAVEN_API haven_status haven_eis_linkk(const haven_eis_data *d, const haven_eis_linkk_options *opt,
                                       haven_eis_linkk_result *out);
HAVEN_API void haven_eis_linkk_result_free(haven_eis_linkk_result *r);

/* ---- preprocessing -------------------------------------------------------- */

typedef struct {
    double fmin, fmax;  /* Hz: keep fmin <= f <= fmax (0: no limit) */
    int drop_inductive; /* drop points with Z'' > 0 (impedance.py's ignoreBelowX) */
    int kk_exclude;     /* drop points whose Lin-KK residual (re or im, relative to |Z|)
                           exceeds kk_point_limit, Lin-KK run on what the crop kept */
    double kk_point_limit;      /* 0: 3 x the Lin-KK RMS threshold (1.5%) */
    haven_eis_linkk_options kk; /* for kk_exclude */
} haven_eis_prep_options;

typedef struct {
    size_t n_in, n_out;                           /* points before and after */
    size_t n_below_fmin, n_above_fmax, n_inductive, n_kk; /* dropped by each step, in order */
} haven_eis_prep_report;

/* Crop, drop inductive points, drop Lin-KK outliers (in that order), in place.
 * Fails (the data untouched) when fewer than 4 points would remain. */
HAVEN_API haven_status haven_eis_preprocess(haven_eis_data *d, const haven_eis_prep_options *o,
                                            haven_eis_prep_report *rep);
/* Points with Z'' > 0 (inductive). */
HAVEN_API size_t haven_eis_n_inductive(const haven_eis_data *d);

/* ---- distribution of relaxation times ------------------------------------ */

/* Z(w) = R_inf [+ j w L] + sum_k gamma_k dlnt / (1 + j w tau_k) on a
 * log-spaced tau grid, gamma >= 0 by non-negative least squares with a
 * Tikhonov penalty lambda * integral (d^order gamma / d ln tau^order)^2. */
typedef enum {
    HAVEN_EIS_DRT_GCV = 0,    /* lambda minimising generalised cross-validation */
    HAVEN_EIS_DRT_LCURVE = 1, /* lambda at the L-curve's corner (maximum curvature) */
    HAVEN_EIS_DRT_FIXED = 2,  /* lambda as given */
    HAVEN_EIS_DRT_REIM = 3,   /* re-im cross-validation: gamma from Z' must predict Z''
                                 and vice versa (Saccoccio et al. 2014) */
    HAVEN_EIS_DRT_MGCV = 4,   /* modified GCV, tr H weighted by rho = 1.3 (n < 50) or 2
                                 (Kim and Gu 2004; as pyDRTtools) */
    HAVEN_EIS_DRT_RGCV = 5,   /* robust GCV, GCV (xi + (1 - xi) tr H^2 / n), xi = 0.2
                                 (n < 100) or 0.3 (Lukas et al. 2016; as pyDRTtools) */
    HAVEN_EIS_DRT_ML = 6      /* Bayesian: maximum marginal likelihood (evidence) of the
                                 Gaussian prior the penalty stands for (Wahba's GML, 1985) */
} haven_eis_drt_method;
#define HAVEN_EIS_DRT_N_METHODS 7

/* Short name of a rule ("gcv", "lcurve", "fixed", "reim", "mgcv", "rgcv",
 * "ml"); NULL when out of range. */
HAVEN_API const char *haven_eis_drt_method_name(haven_eis_drt_method m);
/* The rule called name (also "lc" for the L-curve); -1 when unknown. */
HAVEN_API int haven_eis_drt_method_parse(const char *name);

typedef struct {
    haven_eis_drt_method method;
    double lambda;  /* HAVEN_EIS_DRT_FIXED only (> 0) */
    int order;      /* derivative in the penalty: 1 or 2 */
    int inductance; /* series inductance L >= 0: 0 auto (fitted when Z'' > 0 at the
                       highest frequency), 1 always, -1 never */
    haven_eis_weight weight;
    size_t per_decade; /* tau grid points per decade */
    haven_progress_fn progress; /* optional: stage "lambda scan", solves done of total */
    void *progress_user;
} haven_eis_drt_options;

/* L-curve, second-order penalty, inductance auto, modulus weights, 10 per
 * decade. (GCV and re-im cross-validation follow small, real-looking
 * structure when the model misfits, e.g. the discrete peak series of a
 * finite-length diffusion on impedance.py's exampleData: docs/eis.md.) */
HAVEN_API void haven_eis_drt_options_default(haven_eis_drt_options *o);

typedef struct {
    haven_estimate tau; /* s: log-centroid exp(<ln tau>) of the peak (interval from ln tau) */
    double tau_apex;    /* s: grid point of the maximum */
    double freq;        /* Hz: 1 / (2 pi tau) */
    haven_estimate r;   /* ohm: area sum gamma dlnt over the peak */
    int extrapolated; /* 1: tau outside the measured window [1/(2 pi f_max), 1/(2 pi f_min)],
                         so the peak stands for a trend beyond the data, not a resolved arc */
} haven_eis_drt_peak;

typedef struct {
    size_t n_tau;
    double *tau;                /* s, increasing */
    double *gamma;              /* ohm (per unit ln tau) */
    double dlnt;                /* grid spacing in ln tau */
    haven_estimate r_inf;       /* ohm */
    double inductance;          /* H (0 unless requested) */
    double r_pol;               /* ohm: total area sum gamma dlnt */
    double lambda;              /* regularisation parameter used */
    haven_eis_drt_method method; /* how it was chosen */
    /* What each rule chooses, indexed by haven_eis_drt_method (all computed;
     * the FIXED slot holds the given lambda, 0 otherwise). */
    double lambda_by_method[HAVEN_EIS_DRT_N_METHODS];
    int inductance_fitted;       /* 1 if L was a free parameter */
    double tau_window[2];        /* s: 1/(2 pi f_max), 1/(2 pi f_min) */
    double residual_rms; /* RMS of the weighted residuals (relative to |Z| for modulus weights) */
    double edf;          /* effective number of parameters, trace of the influence matrix */
    size_t n_peaks;      /* peaks in order of increasing tau */
    haven_eis_drt_peak *peaks;
    size_t n_points;
    double *zre_fit, *zim_fit; /* model at the data frequencies */
    /* The lambda scan behind GCV, mGCV, rGCV, ML and the L-curve (four per
     * decade, ascending; unconstrained ridge solves): residual norm, penalty
     * norm, the GCV, mGCV and rGCV scores and -2 log of the marginal
     * likelihood (up to a constant) at each lambda, for plotting the selection. */
    size_t n_scan;
    double *scan_lambda, *scan_rss, *scan_eta, *scan_gcv, *scan_mgcv, *scan_rgcv, *scan_nlml;
} haven_eis_drt_result;

/* At least 10 frequencies are required. opt NULL: defaults. */
HAVEN_API haven_status haven_eis_drt(const haven_eis_data *d, const haven_eis_drt_options *opt,
                                     haven_eis_drt_result *out);
HAVEN_API void haven_eis_drt_result_free(haven_eis_drt_result *r);


/* ---- arcs and conductivity ---------------------------------------------- */

typedef enum {
    HAVEN_EIS_ARC_BULK = 0,
    HAVEN_EIS_ARC_GRAIN_BOUNDARY = 1,
    HAVEN_EIS_ARC_SURFACE = 2,
    HAVEN_EIS_ARC_ELECTRODE = 3
} haven_eis_arc_kind;

typedef struct {
    size_t r_index;      /* parameter index of the arc's resistor */
    haven_estimate r;    /* ohm: the fit's estimate of the arc's resistance */
    double capacitance;  /* F, effective (Brug/Hsu-Mansfeld for a CPE) */
    double c_normalised; /* F/cm at cell constant 1 cm^-1 (= capacitance if no geometry) */
    haven_eis_arc_kind kind;
    double tau;   /* s: R C, (R Q)^(1/a) for a CPE, tau for Zarc / K */
    int assigned; /* 1: kind set by haven_eis_arcs_assign, not by capacitance */
} haven_eis_arc;

/* Arcs are parallel blocks holding one R and one C or CPE, and Zarc or K
 * elements. Ranges after
 * Irvine, Sinclair and West (1990) on C normalised to l/A = 1 cm^-1:
 * < 1e-11 F bulk, < 1e-8 grain boundary, < 1e-7 surface layer, else electrode.
 * thickness_m / area_m2 may be 0 (no geometry). Returns the count (<= max). */
HAVEN_API size_t haven_eis_arcs(const haven_eis_circuit *c, const haven_eis_fit_result *fit,
                                double thickness_m, double area_m2, haven_eis_arc *arcs,
                                size_t max);
HAVEN_API const char *haven_eis_arc_kind_name(haven_eis_arc_kind k);
/* Manual assignment "R1=bulk,R2=gb" (kinds bulk, gb or grain_boundary,
 * surface, electrode) overriding the capacitance rule for the named arcs
 * (by their resistance parameter). HAVEN_ERR_ARG for an unknown name or kind. */
HAVEN_API haven_status haven_eis_arcs_assign(const haven_eis_circuit *c, const char *spec,
                                             haven_eis_arc *arcs, size_t n);

/* The DRT peak standing for each arc of a fitted circuit on the same
 * spectrum: the non-extrapolated peak nearest in ln tau, if within a factor
 * `factor` (0: 3) of the arc's tau; peak_of_arc[a] = index or -1. Arcs as
 * haven_eis_arcs lists them (at most max). Returns the number of arcs. */
HAVEN_API size_t haven_eis_drt_match(const haven_eis_drt_result *drt, const haven_eis_arc *arcs,
                                     size_t n_arcs, double factor, long *peak_of_arc);

/* ---- conductivity and parameters as text --------------------------------- */

/* Which conductivity: HAVEN_EIS_SIGMA_TOTAL is from R_bulk + R_gb. */
enum { HAVEN_EIS_SIGMA_BULK = 0, HAVEN_EIS_SIGMA_GB = 1, HAVEN_EIS_SIGMA_TOTAL = 2 };

/* sigma = L / (R A) in S/m from the first arc of each kind (haven_eis_arcs,
 * then the manual assignment `assign` "R1=bulk,R2=gb" or NULL); the total
 * from R_bulk + R_gb with their correlation. stderr by the delta method; the
 * 95% interval is R's mapped through 1/R (asymmetric). valid[q] = 0 when there
 * is no such arc or no geometry (thickness_m, area_m2 > 0). HAVEN_ERR_ARG for
 * a bad `assign`. Thread-safe. */
HAVEN_API haven_status haven_eis_conductivities(const haven_eis_circuit *c,
                                                const haven_eis_fit_result *fit,
                                                double thickness_m, double area_m2,
                                                const char *assign, haven_estimate sigma[3],
                                                int valid[3]);

/* "R0=10,CPE1_1=0.9": value[k] and set[k] = 1 for each named parameter
 * (others untouched). "R1=10:1000,CPE1_1=0.5:": lower[k] / upper[k] (an
 * empty side leaves NaN, no bound). HAVEN_ERR_ARG naming the bad entry.
 * Thread-safe. */
HAVEN_API haven_status haven_eis_parse_values(const haven_eis_circuit *c, const char *text,
                                              double *value, int *set);
HAVEN_API haven_status haven_eis_parse_bounds(const haven_eis_circuit *c, const char *text,
                                              double *lower, double *upper);

/* ---- a temperature series: haven eis batch ------------------------------- */

/* The `haven eis` options of a whole job (reading, preprocessing, fitting
 * with parameters given as text, geometry, Arrhenius), for haven_eis_fit_job
 * and haven_eis_batch. haven_eis_job_options_init sets the CLI's defaults
 * (modulus weights, Arrhenius power 1); zero-initialised means unit weights
 * and power 0 (ln sigma vs 1/T). */
typedef struct {
    const char *format;          /* NULL or "auto": detected per file */
    haven_eis_sign sign;         /* the imaginary column's sign */
    haven_eis_prep_options prep; /* cropping, inductive and Lin-KK outliers (zero: none) */
    haven_eis_weight weight;
    size_t starts;               /* multi-start budget (0: 16) */
    const char *initial;         /* "NAME=V,..." starting values (SI) or NULL */
    const char *fixed;           /* "NAME=V,..." held values or NULL */
    const char *bounds;          /* "NAME=LO:HI,..." or NULL */
    const char *assign;          /* "R1=bulk,R2=gb" arc kinds or NULL (capacitance rule) */
    int keep_order;              /* 1: do not sort interchangeable arcs by tau */
    double thickness_m, area_m2; /* sample geometry (required, > 0) */
    int arrhenius_power;         /* fit ln(sigma T^P) = ln A - Ea/(kB T) */
    haven_progress_fn progress;  /* batch, optional: stage "fit", the file, spectra done of n */
    void *progress_user;
} haven_eis_job_options;

HAVEN_API void haven_eis_job_options_init(haven_eis_job_options *o);

/* haven_eis_fit with the options' weight, starts, keep_order and the text
 * initial, fixed and bounds; `start` (n_params values or NULL) adds initial
 * values for the parameters `initial` does not name (a previous fit's).
 * HAVEN_ERR_ARG for bad text. Thread-safe. */
HAVEN_API haven_status haven_eis_fit_job(const haven_eis_circuit *c, const haven_eis_data *d,
                                         const haven_eis_job_options *opt, const double *start,
                                         haven_eis_fit_result *out);

/* One spectrum's fit, as summarised by the batch. */
typedef struct {
    char *file;
    double temperature_K;
    double chi2_reduced;
    haven_estimate sigma[3]; /* S/m, indexed by HAVEN_EIS_SIGMA_* */
    int has_sigma[3];        /* 0: no arc of that kind */
    size_t n_arcs;
    haven_eis_arc arcs[8];     /* classified, then assigned */
    char arc_resistor[8][40]; /* the arc's resistance parameter ("R1") */
    size_t n_params;
    double *value; /* the fitted parameters, for haven_eis_circuit_eval (a Nyquist plot) */
} haven_eis_batch_spectrum;

typedef struct {
    char *circuit;
    int arrhenius_power;
    size_t n;
    haven_eis_batch_spectrum *spectra;
    haven_estimate Ea[3];   /* J, per HAVEN_EIS_SIGMA_*; errors widened by the Birge ratio */
    haven_estimate lnA[3];  /* ln(S/m K^P) */
    int has_Ea[3];
    char why_no_Ea[3][256]; /* when !has_Ea[q]: why (no arc of that kind, too few spectra, ...) */
    haven_arrhenius_result arrhenius[3]; /* the whole fit when has_Ea[q] (sigma in S/m), for
                                            haven_arrhenius_predict: the line and its band */
} haven_eis_batch_result;

/* Fit `circuit` to each of n spectra (files at temperatures T_K, K); each
 * fit also restarts from the previous file's parameters (neighbouring
 * temperatures have similar spectra) and keeps the better. Conductivities as
 * haven_eis_conductivities, then a weighted Arrhenius fit of each through
 * haven_arrhenius_fit (at least 3 spectra with the arc and a positive
 * standard error). A failed read or fit fails the whole batch, naming the
 * file; HAVEN_ERR_ARG for bad options (initial, fixed, bounds, assign,
 * temperatures, geometry). Warnings (points dropped, Arrhenius scatter) go
 * through the warning handler. Thread-safe on different results. */
HAVEN_API haven_status haven_eis_batch(const char *const *paths, const double *T_K, size_t n,
                                       const char *circuit, const haven_eis_job_options *opt,
                                       haven_eis_batch_result *out);
HAVEN_API void haven_eis_batch_result_free(haven_eis_batch_result *r);
/* The CLI's `haven eis batch --json` document (conductivities in mS/cm,
 * E_a in eV), malloc'd; the caller frees it with haven_free. Thread-safe. */
HAVEN_API haven_status haven_eis_batch_json(const haven_eis_batch_result *r, char **json);
/* The same with conductivities in units->sigma_* (NULL: the default). */
HAVEN_API haven_status haven_eis_batch_json_units(const haven_eis_batch_result *r,
                                                  const haven_units *units, char **json);

#ifdef __cplusplus
}
#endif
#endif
