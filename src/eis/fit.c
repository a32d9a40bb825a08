/* Equivalent-circuit fitting by complex nonlinear least squares.
 *
 * Free parameters are fitted in a transformed space (log for positive
 * quantities, logit for CPE exponents) so Levenberg-Marquardt never leaves
 * the physical domain; the Jacobian is the analytic one of the circuit times
 * dp/du. Several starts are run (the guess from the spectrum, its arc
 * assignment perturbed, and broad random arcs); the lowest chi^2 wins, and
 * the search stops early once three starts agree on it.
 *
 * Start 1 is a broad random one, so the first pair that can agree comes
 * from independent guesses. The p x p trust-region steps are solved by
 * Cholesky on the normal equations (the LM damping keeps them positive
 * definite) rather than by QR of the 2n x p Jacobian: p is small.
 *
 * Tried and not kept (bench/eis_fit.c and the real-file convergence test):
 * geodesic acceleration made the guess converge in 200/200 bench spectra
 * (189/200 without) but led every start to a local minimum on
 * exampleDataBioLogic.mpt; stopping at two agreeing starts lost spectra;
 * aborting starts whose cost stays far above the best made fits slower
 * (aborted starts never agree, so more starts run). */
#include "eis/circuit.h"
#include "eis/guess.h"
#include "eis/weights.h"

#include "core/error.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define U_MAX 250.0 /* |u| bound keeps exp(u) finite */

/* Map between a parameter p and its unconstrained coordinate u. Without
 * bounds: log p for positive quantities, logit p for exponents in [0, 1].
 * With bounds [lo, hi] (--bounds): a logistic box, in log p when lo > 0 so
 * a range of decades is covered evenly; lo + e^u with only a lower bound. */
typedef enum { X_LOG, X_BOX, X_LOGBOX, X_SHIFTLOG } xform_kind;
typedef struct {
    xform_kind kind;
    double lo, hi; /* X_LOGBOX: their logs */
} xform;

static double sigmoid(double u)
{
    return 1.0 / (1.0 + exp(-u));
}

static double logit_clamped(double s)
{
    s = fmin(fmax(s, 1e-9), 1 - 1e-9);
    return log(s / (1 - s));
}

static double to_p(const xform *x, double u)
{
    u = fmax(-U_MAX, fmin(U_MAX, u));
    switch (x->kind) {
    case X_LOG: return exp(u);
    case X_BOX: return x->lo + (x->hi - x->lo) * sigmoid(u);
    case X_LOGBOX: return exp(x->lo + (x->hi - x->lo) * sigmoid(u));
    case X_SHIFTLOG: return x->lo + exp(u);
    }
    return NAN;
}

static double to_u(const xform *x, double p)
{
    switch (x->kind) {
    case X_LOG: return log(fmax(p, 1e-300));
    case X_BOX: return logit_clamped((p - x->lo) / (x->hi - x->lo));
    case X_LOGBOX: return logit_clamped((log(fmax(p, 1e-300)) - x->lo) / (x->hi - x->lo));
    case X_SHIFTLOG: return log(fmax(p - x->lo, 1e-300));
    }
    return NAN;
}

static double dp_du(const xform *x, double p)
{
    switch (x->kind) {
    case X_LOG: return p;
    case X_BOX: return (p - x->lo) * (x->hi - p) / (x->hi - x->lo);
    case X_LOGBOX: {
        double s = (log(p) - x->lo) / (x->hi - x->lo);
        return p * (x->hi - x->lo) * s * (1 - s);
    }
    case X_SHIFTLOG: return p - x->lo;
    }
    return NAN;
}

/* The map of a parameter with natural transform t and optional bounds
 * (NaN: none); bounds are intersected with the natural domain. */
static xform make_xform(eis_transform t, double lo, double hi)
{
    double nlo = 0, nhi = t == TRANSFORM_LOGIT ? 1 : INFINITY;
    lo = isnan(lo) ? nlo : fmax(lo, nlo);
    hi = isnan(hi) ? nhi : fmin(hi, nhi);
    if (t == TRANSFORM_LOGIT || lo == 0)
        return isinf(hi) ? (xform){X_LOG, 0, 0} : (xform){X_BOX, lo, hi};
    return isinf(hi) ? (xform){X_SHIFTLOG, lo, hi} : (xform){X_LOGBOX, log(lo), log(hi)};
}

typedef struct {
    const haven_eis_circuit *c;
    const haven_eis_data *d;
    size_t np, nfree;
    size_t *free_idx;
    double *p;           /* all parameters; fixed ones hold their values */
    double *w_re, *w_im; /* 1 / sigma */
    double *omega, *lnw;
    xform *x; /* per parameter */
} fit_ctx;

static void unpack(fit_ctx *ctx, const gsl_vector *x)
{
    for (size_t j = 0; j < ctx->nfree; j++) {
        size_t k = ctx->free_idx[j];
        ctx->p[k] = to_p(&ctx->x[k], gsl_vector_get(x, j));
    }
}

static int residual_f(const gsl_vector *x, void *data, gsl_vector *f)
{
    fit_ctx *ctx = data;
    unpack(ctx, x);
    size_t n = ctx->d->n;
    double complex pre[ctx->np];
    eis_circuit_prepare(ctx->c, ctx->p, pre);
    for (size_t i = 0; i < n; i++) {
        double complex z =
            eis_circuit_z_prepared(ctx->c, ctx->p, pre, ctx->omega[i], ctx->lnw[i], NULL);
        gsl_vector_set(f, i, ctx->w_re[i] * (creal(z) - ctx->d->zre[i]));
        gsl_vector_set(f, n + i, ctx->w_im[i] * (cimag(z) - ctx->d->zim[i]));
    }
    return GSL_SUCCESS;
}

static int residual_df(const gsl_vector *x, void *data, gsl_matrix *J)
{
    fit_ctx *ctx = data;
    unpack(ctx, x);
    size_t n = ctx->d->n;
    double complex dz[ctx->np], pre[ctx->np];
    eis_circuit_prepare(ctx->c, ctx->p, pre);
    for (size_t i = 0; i < n; i++) {
        eis_circuit_z_prepared(ctx->c, ctx->p, pre, ctx->omega[i], ctx->lnw[i], dz);
        for (size_t j = 0; j < ctx->nfree; j++) {
            size_t k = ctx->free_idx[j];
            double s = dp_du(&ctx->x[k], ctx->p[k]);
            gsl_matrix_set(J, i, j, ctx->w_re[i] * creal(dz[k]) * s);
            gsl_matrix_set(J, n + i, j, ctx->w_im[i] * cimag(dz[k]) * s);
        }
    }
    return GSL_SUCCESS;
}

void haven_eis_fit_options_default(haven_eis_fit_options *o)
{
    memset(o, 0, sizeof *o);
    o->weight = HAVEN_EIS_WEIGHT_MODULUS;
    o->max_starts = 16;
    o->seed = 1;
    o->max_iter = 200;
}

static void set_weights(fit_ctx *ctx, haven_eis_weight w)
{
    eis_weights(ctx->d, w, ctx->w_re, ctx->w_im);
    for (size_t i = 0; i < ctx->d->n; i++) {
        ctx->omega[i] = 2 * EIS_PI * ctx->d->freq[i];
        ctx->lnw[i] = log(ctx->omega[i]);
    }
}

/* Starting point number s in u-space (free parameters only). */
static void make_start(fit_ctx *ctx, const haven_eis_fit_options *o, const double *guess,
                       const eis_features *F, size_t s, gsl_rng *rng, gsl_vector *x)
{
    double p[ctx->np];
    memcpy(p, guess, sizeof p);
    if (s % 2 == 1) { /* broad random arcs over the frequency window */
        size_t na = eis_circuit_n_arcs(ctx->c);
        double r[EIS_MAX_ARCS], tau[EIS_MAX_ARCS];
        na = na < EIS_MAX_ARCS ? na : EIS_MAX_ARCS;
        double lo = log(0.1 / F->w_max), hi = log(10.0 / F->w_min);
        for (size_t a = 0; a < na; a++) {
            tau[a] = exp(lo + (hi - lo) * gsl_rng_uniform(rng));
            r[a] = F->span * pow(10.0, -1.5 + 1.8 * gsl_rng_uniform(rng));
        }
        for (size_t a = 1; a < na; a++) /* keep highest frequency first */
            for (size_t b = a; b > 0 && tau[b] < tau[b - 1]; b--) {
                double t = tau[b];
                tau[b] = tau[b - 1];
                tau[b - 1] = t;
            }
        eis_guess_from(ctx->c, F, r, tau, na, p);
    }
    for (size_t k = 0; k < ctx->np; k++)
        if (o->initial && (!o->has_initial || o->has_initial[k]))
            p[k] = o->initial[k];
    for (size_t j = 0; j < ctx->nfree; j++) {
        size_t k = ctx->free_idx[j];
        double u = to_u(&ctx->x[k], p[k]);
        if (s > 0)
            u += gsl_ran_gaussian(rng, ctx->c->transform[k] == TRANSFORM_LOG ? 1.0 : 0.7);
        gsl_vector_set(x, j, u);
    }
}

static haven_status alloc_result(haven_eis_fit_result *r, size_t np, size_t n)
{
    memset(r, 0, sizeof *r);
    r->n_params = np;
    r->n_points = n;
    r->value = calloc(np, sizeof *r->value);
    r->param = calloc(np, sizeof *r->param);
    r->fixed = calloc(np, sizeof *r->fixed);
    r->corr = calloc(np * np, sizeof *r->corr);
    r->zre_fit = calloc(n, sizeof *r->zre_fit);
    r->zim_fit = calloc(n, sizeof *r->zim_fit);
    r->at_bound = calloc(np, sizeof *r->at_bound);
    if (!r->value || !r->param || !r->fixed || !r->corr || !r->zre_fit ||
        !r->zim_fit || !r->at_bound) {
        haven_eis_fit_result_free(r);
        return haven_fail(HAVEN_ERR_NOMEM, "eis fit: out of memory");
    }
    return HAVEN_OK;
}

void haven_eis_fit_result_free(haven_eis_fit_result *r)
{
    if (!r)
        return;
    free(r->value);
    free(r->param);
    free(r->fixed);
    free(r->corr);
    free(r->zre_fit);
    free(r->zim_fit);
    free(r->at_bound);
    memset(r, 0, sizeof *r);
}

/* Errors from the covariance s^2 (J^T J)^-1 in u-space, s^2 = chi2 / dof. */
static void fill_errors(fit_ctx *ctx, gsl_multifit_nlinear_workspace *w, const gsl_vector *ubest,
                        haven_eis_fit_result *r)
{
    size_t nf = ctx->nfree, np = ctx->np;
    gsl_matrix *cov = gsl_matrix_alloc(nf, nf);
    gsl_matrix *J = gsl_matrix_alloc(2 * ctx->d->n, nf);
    if (!cov || !J) {
        gsl_matrix_free(cov);
        gsl_matrix_free(J);
        return;
    }
    residual_df(ubest, ctx, J);
    (void)w;
    gsl_multifit_nlinear_covar(J, 0.0, cov);
    double s2 = r->dof ? r->chi2 / (double)r->dof : NAN;
    double t = r->dof ? haven_quantile95((double)r->dof) : NAN;
    for (size_t a = 0; a < nf; a++) {
        size_t k = ctx->free_idx[a];
        double u = gsl_vector_get(ubest, a), su = sqrt(s2 * gsl_matrix_get(cov, a, a));
        const xform *tr = &ctx->x[k];
        r->param[k].err = su * dp_du(tr, r->value[k]);
        r->param[k].lo = to_p(tr, u - t * su);
        r->param[k].hi = to_p(tr, u + t * su);
        for (size_t b = 0; b < nf; b++) {
            double den = sqrt(gsl_matrix_get(cov, a, a) * gsl_matrix_get(cov, b, b));
            r->corr[k * np + ctx->free_idx[b]] = den > 0 ? gsl_matrix_get(cov, a, b) / den : NAN;
        }
    }
    gsl_matrix_free(cov);
    gsl_matrix_free(J);
}

#define N_AGREE 3 /* starts that must reach the best chi2 before stopping */

/* One Levenberg-Marquardt run from x0; returns chi2 (inf on failure).
 * xtol 1e-8 on u = log p is parameter precision far below any standard error. */
static double run_lm(gsl_multifit_nlinear_workspace *w, gsl_multifit_nlinear_fdf *fdf,
                     const gsl_vector *x0, size_t max_iter, size_t *iters)
{
    if (gsl_multifit_nlinear_init(x0, fdf, w))
        return INFINITY;
    int info;
    int st = gsl_multifit_nlinear_driver(max_iter, 1e-8, 1e-8, 0.0, NULL, NULL, &info, w);
    if (st != GSL_SUCCESS && st != GSL_EMAXITER)
        return INFINITY;
    double chi2;
    gsl_blas_ddot(w->f, w->f, &chi2);
    *iters = gsl_multifit_nlinear_niter(w);
    return isfinite(chi2) ? chi2 : INFINITY;
}

/* Interchangeable arcs in ascending tau (eis_arc_order): permute ctx->p
 * and the best u-vector alike, so the errors are computed at the same model. */
static void canonical_order(fit_ctx *ctx, const haven_eis_fit_options *o, gsl_vector *best)
{
    size_t np = ctx->np, perm[np];
    int pinned[np];
    for (size_t k = 0; k < np; k++)
        pinned[k] = (o->fixed && o->fixed[k]) || (o->lower && !isnan(o->lower[k])) ||
                    (o->upper && !isnan(o->upper[k]));
    if (!eis_arc_order(ctx->c, ctx->p, pinned, perm))
        return;
    double q[np];
    for (size_t k = 0; k < np; k++)
        q[k] = ctx->p[perm[k]];
    memcpy(ctx->p, q, sizeof q);
    for (size_t j = 0; j < ctx->nfree; j++) {
        size_t k = ctx->free_idx[j];
        gsl_vector_set(best, j, to_u(&ctx->x[k], ctx->p[k]));
    }
}

static haven_status check_args(const haven_eis_circuit *c, const haven_eis_data *d,
                               const haven_eis_fit_options *o, size_t *nfree)
{
    if (!c || !d || !o)
        return haven_fail(HAVEN_ERR_ARG, "haven_eis_fit: NULL argument");
    *nfree = 0;
    for (size_t k = 0; k < c->n_params; k++) {
        int fx = o->fixed && o->fixed[k];
        int given = o->initial && (!o->has_initial || o->has_initial[k]);
        if (fx && !given)
            return haven_fail(HAVEN_ERR_ARG, "parameter %s is fixed but has no value",
                              c->param_name[k]);
        /* Outside its domain a value has no transformed coordinate: a
         * start would silently move to the boundary, a fixed value give a
         * model no circuit has. */
        double v = given ? o->initial[k] : 1;
        if (c->transform[k] == TRANSFORM_LOG && !(v > 0 && isfinite(v)))
            return haven_fail(HAVEN_ERR_ARG, "parameter %s = %g: must be > 0", c->param_name[k], v);
        if (c->transform[k] == TRANSFORM_LOGIT && !(v >= 0 && v <= 1))
            return haven_fail(HAVEN_ERR_ARG, "parameter %s = %g: must be in [0, 1]",
                              c->param_name[k], v);
        double lo = o->lower ? o->lower[k] : NAN, hi = o->upper ? o->upper[k] : NAN;
        if ((!isnan(lo) && !isfinite(lo)) || (!isnan(hi) && !(hi > 0)) ||
            (!isnan(lo) && !isnan(hi) && !(lo < hi)) ||
            (c->transform[k] == TRANSFORM_LOGIT && !isnan(lo) && !(lo < 1)))
            return haven_fail(HAVEN_ERR_ARG, "parameter %s: bounds [%g, %g] are empty or outside "
                              "its domain", c->param_name[k], lo, hi);
        if (given && !fx && ((!isnan(lo) && v < lo) || (!isnan(hi) && v > hi)))
            return haven_fail(HAVEN_ERR_ARG, "parameter %s: initial value %g outside its bounds "
                              "[%g, %g]", c->param_name[k], v, lo, hi);
        *nfree += !fx;
    }
    if (*nfree == 0)
        return haven_fail(HAVEN_ERR_ARG, "all parameters are fixed; nothing to fit");
    if (2 * d->n <= *nfree)
        return haven_fail(HAVEN_ERR_DATA,
                          "%zu points give %zu residuals, not enough for %zu free "
                          "parameters",
                          d->n, 2 * d->n, *nfree);
    return HAVEN_OK;
}

typedef struct {
    gsl_multifit_nlinear_workspace *w;
    gsl_vector *x, *best;
    gsl_rng *rng;
} fit_work;

static void work_free(fit_work *fw)
{
    if (fw->w)
        gsl_multifit_nlinear_free(fw->w);
    gsl_vector_free(fw->x);
    gsl_vector_free(fw->best);
    gsl_rng_free(fw->rng);
}

/* Multi-start search; leaves the best u in fw->best. */
static double multistart(fit_ctx *ctx, const haven_eis_fit_options *o, fit_work *fw,
                         gsl_multifit_nlinear_fdf *fdf, haven_eis_fit_result *out)
{
    eis_features F;
    eis_features_detect(ctx->d, &F);
    double guess[ctx->np];
    haven_eis_initial_guess(ctx->c, ctx->d, guess);
    size_t max_starts = o->max_starts ? o->max_starts : 16;
    size_t max_iter = o->max_iter ? o->max_iter : 200;
    double best = INFINITY;
    for (size_t s = 0; s < max_starts && out->n_agree < N_AGREE; s++) {
        make_start(ctx, o, guess, &F, s, fw->rng, fw->x);
        size_t it = 0;
        double chi2 = run_lm(fw->w, fdf, fw->x, max_iter, &it);
        out->n_starts++;
        if (chi2 < best * (1 - 1e-6)) {
            out->n_agree = 1;
            best = chi2;
            out->n_iter = it;
            gsl_vector_memcpy(fw->best, fw->w->x);
        } else if (chi2 <= best * (1 + 1e-6)) {
            out->n_agree++;
        }
    }
    return best;
}

haven_status haven_eis_fit(const haven_eis_circuit *c, const haven_eis_data *d,
                           const haven_eis_fit_options *o, haven_eis_fit_result *out)
{
    size_t nfree = 0;
    haven_status st = check_args(c, d, o, &nfree);
    if (st || (st = alloc_result(out, c->n_params, d->n)))
        return st;
    fit_ctx ctx = {c, d, c->n_params, nfree, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    ctx.free_idx = malloc(nfree * sizeof *ctx.free_idx);
    ctx.p = malloc(c->n_params * sizeof *ctx.p);
    ctx.w_re = malloc(d->n * sizeof *ctx.w_re);
    ctx.w_im = malloc(d->n * sizeof *ctx.w_im);
    ctx.omega = malloc(d->n * sizeof *ctx.omega);
    ctx.lnw = malloc(d->n * sizeof *ctx.lnw);
    ctx.x = malloc(c->n_params * sizeof *ctx.x);
    fit_work fw = {0};
    gsl_multifit_nlinear_parameters par = gsl_multifit_nlinear_default_parameters();
    par.trs = gsl_multifit_nlinear_trs_lm;
    par.solver = gsl_multifit_nlinear_solver_cholesky;
    if (ctx.free_idx && ctx.p && ctx.w_re && ctx.w_im && ctx.omega && ctx.lnw && ctx.x) {
        fw.w = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &par, 2 * d->n, nfree);
        fw.x = gsl_vector_alloc(nfree);
        fw.best = gsl_vector_alloc(nfree);
        fw.rng = gsl_rng_alloc(gsl_rng_mt19937);
    }
    if (!fw.w || !fw.x || !fw.best || !fw.rng) {
        st = haven_fail(HAVEN_ERR_NOMEM, "eis fit: out of memory");
        goto done;
    }
    gsl_rng_set(fw.rng, o->seed);
    for (size_t k = 0; k < c->n_params; k++)
        ctx.x[k] = make_xform(c->transform[k], o->lower ? o->lower[k] : NAN,
                              o->upper ? o->upper[k] : NAN);
    size_t n_ind = haven_eis_n_inductive(d);
    if (n_ind && !eis_circuit_inductive(c))
        haven_warn("eis fit: %zu of %zu points are inductive (Z'' > 0) and circuit '%s' has no L "
                   "or La to follow them; drop them (--drop-inductive) or add an inductor",
                   n_ind, d->n, c->text);
    for (size_t k = 0, j = 0; k < c->n_params; k++) {
        out->fixed[k] = o->fixed && o->fixed[k];
        if (out->fixed[k])
            ctx.p[k] = o->initial[k];
        else
            ctx.free_idx[j++] = k;
    }
    set_weights(&ctx, o->weight);
    gsl_multifit_nlinear_fdf fdf = {residual_f, residual_df, NULL, 2 * d->n, nfree, &ctx, 0, 0, 0};
    out->chi2 = multistart(&ctx, o, &fw, &fdf, out);
    if (!isfinite(out->chi2)) {
        st =
            haven_fail(HAVEN_ERR_NUMERIC, "eis fit: no start converged (%zu tried)", out->n_starts);
        goto done;
    }
    unpack(&ctx, fw.best);
    if (!o->keep_order)
        canonical_order(&ctx, o, fw.best);
    memcpy(out->value, ctx.p, c->n_params * sizeof *ctx.p);
    for (size_t k = 0; k < c->n_params; k++) {
        double v = out->value[k], lo = o->lower ? o->lower[k] : NAN, hi = o->upper ? o->upper[k] : NAN;
        out->at_bound[k] = !out->fixed[k] && ((!isnan(lo) && fabs(v - lo) <= 1e-6 * fabs(lo)) ||
                                              (!isnan(hi) && fabs(v - hi) <= 1e-6 * fabs(hi)));
    }
    out->dof = 2 * d->n - nfree;
    out->chi2_reduced = out->chi2 / (double)out->dof;
    for (size_t k = 0; k < c->n_params; k++) { /* fixed ones keep err 0, interval [v, v] */
        double v = out->value[k];
        haven_estimate e = {v, 0, v, v, haven_eis_circuit_param_unit(c, k)};
        out->param[k] = e;
    }
    fill_errors(&ctx, fw.w, fw.best, out);
    haven_eis_circuit_eval(c, out->value, d->freq, d->n, out->zre_fit, out->zim_fit, NULL);
done:
    work_free(&fw);
    free(ctx.free_idx);
    free(ctx.p);
    free(ctx.w_re);
    free(ctx.w_im);
    free(ctx.omega);
    free(ctx.lnw);
    free(ctx.x);
    if (st)
        haven_eis_fit_result_free(out);
    return st;
}
