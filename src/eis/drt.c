/* Distribution of relaxation times by Tikhonov-regularised non-negative
 * least squares (Saccoccio, Wan, Chen and Ciucci, Electrochim. Acta 147
 * (2014) 470; Wan, Saccoccio, Chen and Ciucci, Electrochim. Acta 184 (2015)
 * 483). gamma is piecewise constant in ln tau on a grid one decade wider than
 * 1/(2 pi f) on each side; the penalty is the integral of the squared first
 * or second derivative, so lambda does not depend on the grid density.
 * lambda comes from generalised cross-validation (plain, modified or
 * robust), the L-curve, re-im cross-validation (drt_reim.c), the marginal
 * likelihood, or the user. */
#include "eis/circuit.h"
#include "eis/drt.h"
#include "eis/weights.h"

#include "core/error.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_min.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LOG10_LAMBDA_MIN (-10.0) /* search range of lambda (dimensionless) */
#define LOG10_LAMBDA_MAX 2.0

void haven_eis_drt_options_default(haven_eis_drt_options *o)
{
    memset(o, 0, sizeof *o);
    o->method = HAVEN_EIS_DRT_LCURVE;
    o->order = 2;
    o->weight = HAVEN_EIS_WEIGHT_MODULUS;
    o->per_decade = 10;
}

static const char *const METHOD_NAMES[HAVEN_EIS_DRT_N_METHODS] = {"gcv",  "lcurve", "fixed", "reim",
                                                                  "mgcv", "rgcv",   "ml"};

const char *haven_eis_drt_method_name(haven_eis_drt_method m)
{
    return (int)m >= 0 && (int)m < HAVEN_EIS_DRT_N_METHODS ? METHOD_NAMES[m] : NULL;
}

int haven_eis_drt_method_parse(const char *name)
{
    if (name && !strcmp(name, "lc"))
        return HAVEN_EIS_DRT_LCURVE;
    for (int m = 0; name && m < HAVEN_EIS_DRT_N_METHODS; m++)
        if (!strcmp(name, METHOD_NAMES[m]))
            return m;
    return -1;
}

void haven_eis_drt_result_free(haven_eis_drt_result *r)
{
    if (!r)
        return;
    free(r->tau);
    free(r->gamma);
    free(r->peaks);
    free(r->zre_fit);
    free(r->zim_fit);
    free(r->scan_lambda); /* one block for the seven scan arrays */
    memset(r, 0, sizeof *r);
}

static void problem_free(drt_problem *pr)
{
    free(pr->tau);
    gsl_matrix_free(pr->A);
    gsl_matrix_free(pr->D);
    gsl_matrix_free(pr->K);
    gsl_matrix_free(pr->X);
    gsl_matrix_free(pr->G);
    gsl_vector_free(pr->b);
    gsl_vector_free(pr->bk);
    gsl_vector_free(pr->x);
    gsl_vector_free(pr->r);
    free(pr->passive);
    eis_nnls_free(&pr->ws);
}

/* Weighted, scaled design matrix and data vector. */
static void fill_data_rows(drt_problem *pr, const haven_eis_data *d, const double *wre,
                           const double *wim)
{
    size_t n = d->n;
    for (size_t i = 0; i < n; i++) {
        double w = 2 * EIS_PI * d->freq[i], s = pr->scale;
        gsl_matrix_set(pr->A, i, 0, wre[i] * s);
        if (pr->g0 == 2) /* j w L: imaginary only */
            gsl_matrix_set(pr->A, n + i, 1, wim[i] * s * w / pr->w_max);
        for (size_t k = 0; k < pr->m; k++) {
            double wt = w * pr->tau[k], den = 1 + wt * wt;
            gsl_matrix_set(pr->A, i, pr->g0 + k, wre[i] * s * pr->dlnt / den);
            gsl_matrix_set(pr->A, n + i, pr->g0 + k, -wim[i] * s * pr->dlnt * wt / den);
        }
        gsl_vector_set(pr->b, i, wre[i] * d->zre[i]);
        gsl_vector_set(pr->b, n + i, wim[i] * d->zim[i]);
    }
}

/* Rows of the discretised derivative: integral (d^o g / d ln tau^o)^2 dln tau
 * = sum over rows of (difference / dlnt^o)^2 dlnt. */
static void fill_penalty(drt_problem *pr, int order)
{
    double f = pow(pr->dlnt, 0.5 - order);
    for (size_t r = 0; r < pr->npen; r++) {
        size_t c = pr->g0 + r;
        if (order == 1) {
            gsl_matrix_set(pr->D, r, c, -f);
            gsl_matrix_set(pr->D, r, c + 1, f);
        } else {
            gsl_matrix_set(pr->D, r, c, f);
            gsl_matrix_set(pr->D, r, c + 1, -2 * f);
            gsl_matrix_set(pr->D, r, c + 2, f);
        }
    }
}

static haven_status problem_init(drt_problem *pr, const haven_eis_data *d,
                                 const haven_eis_drt_options *o)
{
    memset(pr, 0, sizeof *pr);
    double wmin = 2 * EIS_PI * d->freq[0];
    pr->w_max = 2 * EIS_PI * d->freq[d->n - 1];
    pr->tau_lo = 1.0 / pr->w_max;
    pr->tau_hi = 1.0 / wmin;
    double lt0 = log(0.1 / pr->w_max), lt1 = log(10.0 / wmin);
    pr->m = (size_t)ceil((lt1 - lt0) / log(10.0) * (double)o->per_decade) + 1;
    pr->dlnt = (lt1 - lt0) / (double)(pr->m - 1);
    pr->g0 = o->inductance == 1 ? 2 : 1;
    pr->nc = pr->g0 + pr->m;
    pr->nr = 2 * d->n;
    pr->npen = pr->m - (size_t)o->order;
    pr->tau = malloc(pr->m * sizeof *pr->tau);
    double *wre = malloc(d->n * sizeof *wre), *wim = malloc(d->n * sizeof *wim);
    pr->A = gsl_matrix_calloc(pr->nr, pr->nc);
    pr->D = gsl_matrix_calloc(pr->npen, pr->nc);
    pr->K = gsl_matrix_alloc(pr->nr + pr->npen, pr->nc);
    pr->X = gsl_matrix_alloc(pr->nr, pr->nc);
    pr->G = gsl_matrix_alloc(pr->nc, pr->nc);
    pr->b = gsl_vector_alloc(pr->nr);
    pr->bk = gsl_vector_calloc(pr->nr + pr->npen);
    pr->x = gsl_vector_alloc(pr->nc);
    pr->r = gsl_vector_alloc(pr->nr);
    pr->passive = calloc(pr->nc, sizeof *pr->passive);
    haven_status st = HAVEN_OK;
    if (!pr->tau || !wre || !wim || !pr->A || !pr->D || !pr->K || !pr->X || !pr->G || !pr->b ||
        !pr->bk || !pr->x || !pr->r || !pr->passive)
        st = haven_fail(HAVEN_ERR_NOMEM, "drt: out of memory");
    else
        st = eis_nnls_alloc(&pr->ws, pr->nr + pr->npen, pr->nc);
    if (!st) {
        for (size_t k = 0; k < pr->m; k++)
            pr->tau[k] = exp(lt0 + (double)k * pr->dlnt);
        eis_weights(d, o->weight, wre, wim);
        for (size_t i = 0; i < d->n; i++)
            pr->scale = fmax(pr->scale, hypot(d->zre[i], d->zim[i]));
        if (o->weight == HAVEN_EIS_WEIGHT_UNIT) /* keep residuals dimensionless */
            for (size_t i = 0; i < d->n; i++)
                wre[i] = wim[i] = 1.0 / pr->scale;
        fill_data_rows(pr, d, wre, wim);
        fill_penalty(pr, o->order);
        gsl_vector_view top = gsl_vector_subvector(pr->bk, 0, pr->nr);
        gsl_vector_memcpy(&top.vector, pr->b);
    }
    free(wre);
    free(wim);
    return st;
}

/* Traces of the influence matrix H = A_P (K_P^T K_P)^-1 A_P^T = X X^T, X =
 * A_P R^-1 with R from the QR of the passive columns of K left by the
 * solve: tr H = ||X||_F^2, tr H^2 = ||X^T X||_F^2; and log det(K_P^T K_P)
 * = 2 sum log |R_ii|. */
static void influence_stats(drt_problem *pr, drt_stats *st)
{
    size_t p = pr->ws.n_passive;
    st->trh = st->trh2 = st->logdet = 0;
    if (p == 0)
        return;
    gsl_matrix_view X = gsl_matrix_submatrix(pr->X, 0, 0, pr->nr, p);
    for (size_t q = 0; q < p; q++) {
        gsl_vector_view col = gsl_matrix_column(pr->A, pr->ws.cols[q]);
        gsl_matrix_set_col(&X.matrix, q, &col.vector);
    }
    gsl_matrix_const_view R = gsl_matrix_const_submatrix(pr->ws.kp, 0, 0, p, p);
    gsl_blas_dtrsm(CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit, 1.0, &R.matrix, &X.matrix);
    gsl_matrix_view G = gsl_matrix_submatrix(pr->G, 0, 0, p, p);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &X.matrix, &X.matrix, 0.0, &G.matrix);
    for (size_t i = 0; i < p; i++) {
        st->trh += gsl_matrix_get(&G.matrix, i, i);
        st->logdet += 2 * log(fabs(gsl_matrix_get(&R.matrix, i, i)));
        for (size_t j = 0; j < p; j++)
            st->trh2 += gsl_matrix_get(&G.matrix, i, j) * gsl_matrix_get(&G.matrix, i, j);
    }
}

/* The rules' scores from one solve, each with pyDRTtools' constants
 * (Maradesa et al. 2023, eqs. 13-16): GCV = n RSS^2 / (n - tr H)^2; mGCV
 * the same with rho tr H, rho = 1.3 for n < 50 data rows, else 2 (Kim and
 * Gu 2004), infinite where n <= rho tr H; rGCV = GCV (xi + (1 - xi) tr H^2
 * / n), xi = 0.2 for n < 100, else 0.3 (Lukas, de Hoog and Anderssen 2016).
 * Marginal likelihood: the penalty is a Gaussian prior on x of precision
 * lambda D^T D / s^2, flat on the q = nc - npen directions it leaves free
 * (R_inf, L, and the polynomials of degree < order); integrating x out and
 * profiling s^2 gives -2 log L = (n - q) log(RSS^2 + lambda ||D x||^2)
 * - npen log lambda + log det(A^T A + lambda D^T D) + const (Wahba's GML,
 * Ann. Statist. 13 (1985) 1378). */
static void score(const drt_problem *pr, drt_stats *st)
{
    double n = (double)pr->nr, r2 = st->rss * st->rss;
    double rho = n < 50 ? 1.3 : 2.0, xi = n < 100 ? 0.2 : 0.3;
    double dof = n - st->trh, mdof = n - rho * st->trh;
    st->gcv = n * r2 / (dof * dof);
    st->mgcv = mdof > 0 ? n * r2 / (mdof * mdof) : INFINITY;
    st->rgcv = st->gcv * (xi + (1 - xi) * st->trh2 / n);
    double q = (double)(pr->nc - pr->npen);
    st->nlml = (n - q) * log(r2 + st->lambda * st->eta * st->eta) -
               (double)pr->npen * log(st->lambda) + st->logdet;
    /* a degenerate solve (zero residual, singular R) must not win a minimum */
    double *sc[4] = {&st->gcv, &st->mgcv, &st->rgcv, &st->nlml};
    for (int k = 0; k < 4; k++)
        if (!isfinite(*sc[k]))
            *sc[k] = INFINITY;
}

haven_status eis_drt_solve(drt_problem *pr, double lambda, int constrained, drt_stats *st)
{
    gsl_matrix_view top = gsl_matrix_submatrix(pr->K, 0, 0, pr->nr, pr->nc);
    gsl_matrix_view pen = gsl_matrix_submatrix(pr->K, pr->nr, 0, pr->npen, pr->nc);
    gsl_matrix_memcpy(&top.matrix, pr->A);
    gsl_matrix_memcpy(&pen.matrix, pr->D);
    gsl_matrix_scale(&pen.matrix, sqrt(lambda));
    haven_status s = constrained ? eis_nnls_solve(pr->K, pr->bk, pr->x, pr->passive, &pr->ws)
                                 : eis_lsq_solve(pr->K, pr->bk, pr->x, &pr->ws);
    if (s)
        return s;
    gsl_vector_memcpy(pr->r, pr->b);
    gsl_blas_dgemv(CblasNoTrans, 1.0, pr->A, pr->x, -1.0, pr->r);
    gsl_vector_view pv = gsl_vector_subvector(pr->ws.r, 0, pr->npen); /* scratch */
    gsl_blas_dgemv(CblasNoTrans, 1.0, pr->D, pr->x, 0.0, &pv.vector);
    st->lambda = lambda;
    st->rss = gsl_blas_dnrm2(pr->r);
    st->eta = gsl_blas_dnrm2(&pv.vector);
    influence_stats(pr, st);
    score(pr, st);
    return HAVEN_OK;
}

/* lambda is chosen on the unconstrained ridge problem, whose influence
 * matrix is well defined (as in pyDRTtools, Maradesa et al., J.
 * Electrochem. Soc. 170 (2023) 030502); the bounds enter the final solve. */

/* The scan (minimising rules and L-curve) and the re-im cross-validation
 * each solve at SCAN_POINTS lambdas: progress counts both. */
#define SCAN_POINTS ((size_t)((LOG10_LAMBDA_MAX - LOG10_LAMBDA_MIN) * 4) + 1)

static void progress(const haven_eis_drt_options *o, size_t done)
{
    if (o->progress)
        o->progress("lambda scan", NULL, done, 2 * SCAN_POINTS, o->progress_user);
}

/* Ridge solves on a log10 lambda grid, four points per decade. */
static haven_status scan(drt_problem *pr, const haven_eis_drt_options *o, drt_stats *grid,
                         size_t *n)
{
    *n = SCAN_POINTS;
    for (size_t k = 0; k < *n; k++) {
        double l10 = LOG10_LAMBDA_MAX - (double)k / 4;
        haven_status st = eis_drt_solve(pr, pow(10.0, l10), 0, &grid[*n - 1 - k]);
        if (st)
            return st;
        progress(o, k + 1);
    }
    return HAVEN_OK;
}

/* The score a minimising rule reads off a solve. */
static double rule_score(const drt_stats *st, haven_eis_drt_method rule)
{
    switch (rule) {
    case HAVEN_EIS_DRT_MGCV: return st->mgcv;
    case HAVEN_EIS_DRT_RGCV: return st->rgcv;
    case HAVEN_EIS_DRT_ML: return st->nlml;
    default: return st->gcv;
    }
}

typedef struct {
    drt_problem *pr;
    haven_eis_drt_method rule;
    int failed;
} score_ctx;

static double score_of(double l10, void *data)
{
    score_ctx *g = data;
    drt_stats st;
    if (eis_drt_solve(g->pr, pow(10.0, l10), 0, &st)) {
        g->failed = 1;
        return INFINITY;
    }
    return rule_score(&st, g->rule);
}

/* Brent minimisation of a rule's score over log10 lambda inside the
 * bracket [a, c] around the grid minimum b. */
static double refine_min(drt_problem *pr, haven_eis_drt_method rule, double a, double b, double c,
                         double fb)
{
    score_ctx g = {pr, rule, 0};
    gsl_function F = {score_of, &g};
    gsl_min_fminimizer *m = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
    if (!m ||
        gsl_min_fminimizer_set_with_values(m, &F, b, fb, a, score_of(a, &g), c, score_of(c, &g))) {
        gsl_min_fminimizer_free(m);
        return b;
    }
    for (int it = 0; it < 30 && !g.failed; it++) {
        if (gsl_min_fminimizer_iterate(m))
            break;
        double lo = gsl_min_fminimizer_x_lower(m), hi = gsl_min_fminimizer_x_upper(m);
        if (hi - lo < 0.02) /* lambda to 5%: the scores are flat on that scale */
            break;
    }
    double best = g.failed ? b : gsl_min_fminimizer_x_minimum(m);
    gsl_min_fminimizer_free(m);
    return best;
}

/* A rule's lambda: the grid minimum of its score, refined by Brent unless
 * it lies at the end of the range (*edge set then). */
static double minimise_rule(drt_problem *pr, const drt_stats *g, size_t n,
                            haven_eis_drt_method rule, int *edge)
{
    size_t k = 0;
    for (size_t i = 1; i < n; i++)
        if (rule_score(&g[i], rule) < rule_score(&g[k], rule))
            k = i;
    *edge = k == 0 || k + 1 == n;
    if (*edge)
        return g[k].lambda;
    return pow(10.0, refine_min(pr, rule, log10(g[k - 1].lambda), log10(g[k].lambda),
                                log10(g[k + 1].lambda), rule_score(&g[k], rule)));
}

/* Corner of the L-curve (log rss, log eta) as its point of largest
 * curvature, by central differences along log lambda. */
static size_t lcurve_corner(const drt_stats *g, size_t n)
{
    size_t best = n / 2;
    double kbest = -INFINITY;
    for (size_t k = 1; k + 1 < n; k++) {
        double x0 = log(g[k - 1].rss), x1 = log(g[k].rss), x2 = log(g[k + 1].rss);
        double y0 = log(g[k - 1].eta), y1 = log(g[k].eta), y2 = log(g[k + 1].eta);
        double dx = (x2 - x0) / 2, dy = (y2 - y0) / 2;
        double ddx = x2 - 2 * x1 + x0, ddy = y2 - 2 * y1 + y0;
        double kappa = (dx * ddy - ddx * dy) / pow(dx * dx + dy * dy, 1.5);
        if (isfinite(kappa) && kappa > kbest) {
            kbest = kappa;
            best = k;
        }
    }
    return best;
}

/* lambda by re-im cross-validation on a log grid (four points per decade). */
static haven_status reim_lambda(drt_problem *pr, const haven_eis_drt_options *o, double *lambda)
{
    size_t n = SCAN_POINTS;
    double best = INFINITY;
    for (size_t k = 0; k < n; k++) {
        double l = pow(10.0, LOG10_LAMBDA_MIN + (double)k / 4), score;
        haven_status st = eis_drt_reim_score(pr, l, &score);
        if (st)
            return st;
        progress(o, n + k + 1);
        if (score < best) {
            best = score;
            *lambda = l;
        }
    }
    return HAVEN_OK;
}

/* The scan kept in the result (one allocation, scan_lambda its start). */
static haven_status keep_scan(const drt_stats *g, size_t n, haven_eis_drt_result *out)
{
    double *b = malloc(7 * n * sizeof *b);
    if (!b)
        return haven_fail(HAVEN_ERR_NOMEM, "drt: out of memory");
    double **col[7] = {&out->scan_lambda, &out->scan_rss,  &out->scan_eta, &out->scan_gcv,
                       &out->scan_mgcv,   &out->scan_rgcv, &out->scan_nlml};
    for (size_t c = 0; c < 7; c++)
        *col[c] = b + c * n;
    out->n_scan = n;
    for (size_t k = 0; k < n; k++) {
        out->scan_lambda[k] = g[k].lambda;
        out->scan_rss[k] = g[k].rss;
        out->scan_eta[k] = g[k].eta;
        out->scan_gcv[k] = g[k].gcv;
        out->scan_mgcv[k] = g[k].mgcv;
        out->scan_rgcv[k] = g[k].rgcv;
        out->scan_nlml[k] = g[k].nlml;
    }
    return HAVEN_OK;
}

/* lambda by the four minimising rules (grid minimum refined by Brent) and
 * by the L-curve corner, all from one scan at four points per decade;
 * edge[rule] is set when a minimum lies at the end of the range. */
static haven_status scan_rules(drt_problem *pr, const haven_eis_drt_options *o, double *by,
                               int *edge, haven_eis_drt_result *out)
{
    static const haven_eis_drt_method MIN_RULES[] = {HAVEN_EIS_DRT_GCV, HAVEN_EIS_DRT_MGCV,
                                                     HAVEN_EIS_DRT_RGCV, HAVEN_EIS_DRT_ML};
    drt_stats *g = malloc(SCAN_POINTS * sizeof *g);
    if (!g)
        return haven_fail(HAVEN_ERR_NOMEM, "drt: out of memory");
    size_t n;
    haven_status st = scan(pr, o, g, &n);
    if (!st) {
        by[HAVEN_EIS_DRT_LCURVE] = g[lcurve_corner(g, n)].lambda;
        for (size_t i = 0; i < sizeof MIN_RULES / sizeof *MIN_RULES; i++)
            by[MIN_RULES[i]] = minimise_rule(pr, g, n, MIN_RULES[i], &edge[MIN_RULES[i]]);
        st = keep_scan(g, n, out);
    }
    free(g);
    return st;
}

/* Every rule's lambda into out (for the report); the one asked for into
 * *lambda. */
static haven_status choose_lambda(drt_problem *pr, const haven_eis_drt_options *o, double *lambda,
                                  haven_eis_drt_result *out)
{
    double *by = out->lambda_by_method;
    int edge[HAVEN_EIS_DRT_N_METHODS] = {0};
    haven_status st = scan_rules(pr, o, by, edge, out);
    if (!st)
        st = reim_lambda(pr, o, &by[HAVEN_EIS_DRT_REIM]);
    if (st)
        return st;
    by[HAVEN_EIS_DRT_FIXED] = o->method == HAVEN_EIS_DRT_FIXED ? o->lambda : 0.0;
    *lambda = by[o->method];
    if (edge[o->method])
        haven_warn("drt: the %s minimum lies at the end of the search range (lambda = %.3g)",
                   haven_eis_drt_method_name(o->method), *lambda);
    return HAVEN_OK;
}

static haven_status check_input(const haven_eis_data *d, const haven_eis_drt_options *o)
{
    if (!d)
        return haven_fail(HAVEN_ERR_ARG, "haven_eis_drt: NULL argument");
    if (d->n < 10)
        return haven_fail(HAVEN_ERR_DATA, "drt: %zu frequencies; at least 10 are needed", d->n);
    if (o->order != 1 && o->order != 2)
        return haven_fail(HAVEN_ERR_ARG, "drt: penalty order %d (expected 1 or 2)", o->order);
    if (!haven_eis_drt_method_name(o->method))
        return haven_fail(HAVEN_ERR_ARG, "drt: unknown lambda method %d", (int)o->method);
    if (o->inductance < -1 || o->inductance > 1)
        return haven_fail(HAVEN_ERR_ARG, "drt: inductance %d (expected -1, 0 or 1)", o->inductance);
    if (o->method == HAVEN_EIS_DRT_FIXED && !(o->lambda > 0 && isfinite(o->lambda)))
        return haven_fail(HAVEN_ERR_ARG, "drt: lambda %g (expected a positive number)", o->lambda);
    if (o->per_decade < 2 || o->per_decade > 100)
        return haven_fail(HAVEN_ERR_ARG, "drt: %zu grid points per decade (expected 2..100)",
                          o->per_decade);
    for (size_t i = 0; i < d->n; i++)
        if (!(d->freq[i] > 0) || !isfinite(d->zre[i]) || !isfinite(d->zim[i]))
            return haven_fail(HAVEN_ERR_VALUE,
                              "drt: point %zu (f = %g Hz) is not finite and "
                              "positive in frequency",
                              i + 1, d->freq[i]);
    return HAVEN_OK;
}

/* gamma, R_inf, L and the model curve from the last solve. */
static haven_status fill_result(const drt_problem *pr, const haven_eis_data *d,
                                haven_eis_drt_result *out)
{
    out->n_tau = pr->m;
    out->n_points = d->n;
    out->dlnt = pr->dlnt;
    out->tau = malloc(pr->m * sizeof *out->tau);
    out->gamma = malloc(pr->m * sizeof *out->gamma);
    out->zre_fit = malloc(d->n * sizeof *out->zre_fit);
    out->zim_fit = malloc(d->n * sizeof *out->zim_fit);
    if (!out->tau || !out->gamma || !out->zre_fit || !out->zim_fit)
        return haven_fail(HAVEN_ERR_NOMEM, "drt: out of memory");
    out->r_inf = haven_estimate_make(pr->scale * gsl_vector_get(pr->x, 0), 0, 0, "ohm");
    out->inductance = pr->g0 == 2 ? pr->scale * gsl_vector_get(pr->x, 1) / pr->w_max : 0.0;
    out->r_pol = 0;
    for (size_t k = 0; k < pr->m; k++) {
        out->tau[k] = pr->tau[k];
        out->gamma[k] = pr->scale * gsl_vector_get(pr->x, pr->g0 + k);
        out->r_pol += out->gamma[k] * pr->dlnt;
    }
    for (size_t i = 0; i < d->n; i++) {
        double w = 2 * EIS_PI * d->freq[i], zr = out->r_inf.value, zi = w * out->inductance;
        for (size_t k = 0; k < pr->m; k++) {
            double wt = w * pr->tau[k], a = out->gamma[k] * pr->dlnt / (1 + wt * wt);
            zr += a;
            zi -= a * wt;
        }
        out->zre_fit[i] = zr;
        out->zim_fit[i] = zi;
    }
    return HAVEN_OK;
}

haven_status haven_eis_drt(const haven_eis_data *d, const haven_eis_drt_options *opt,
                           haven_eis_drt_result *out)
{
    haven_eis_drt_options o;
    if (opt)
        o = *opt;
    else
        haven_eis_drt_options_default(&o);
    if (!out)
        return haven_fail(HAVEN_ERR_ARG, "haven_eis_drt: NULL argument");
    memset(out, 0, sizeof *out);
    haven_status st = check_input(d, &o);
    if (st)
        return st;
    if (o.inductance == 0) /* auto: an inductive top end needs L, or gamma is distorted */
        o.inductance = d->zim[d->n - 1] > 0 ? 1 : -1;
    else if (o.inductance == -1 && d->zim[d->n - 1] > 0)
        haven_warn("drt: Z'' > 0 at the highest frequency (%g Hz): the spectrum is inductive "
                   "there and no inductance is fitted",
                   d->freq[d->n - 1]);
    drt_problem pr;
    drt_stats s = {0};
    double lambda = 0;
    if (!(st = problem_init(&pr, d, &o)) && !(st = choose_lambda(&pr, &o, &lambda, out)) &&
        !(st = eis_drt_solve(&pr, lambda, 1, &s)) && !(st = fill_result(&pr, d, out))) {
        double dof = (double)pr.nr - s.trh;
        double s2 = dof > 0 ? s.rss * s.rss / dof : NAN;
        double c0[pr.nc];
        memset(c0, 0, sizeof c0);
        c0[0] = 1;
        out->lambda = lambda;
        out->method = o.method;
        out->inductance_fitted = pr.g0 == 2;
        out->tau_window[0] = pr.tau_lo;
        out->tau_window[1] = pr.tau_hi;
        out->edf = s.trh;
        out->residual_rms = s.rss / sqrt((double)pr.nr);
        out->r_inf = haven_estimate_make(out->r_inf.value,
                                         pr.scale * sqrt(eis_drt_variance(&pr, c0, s2)), 0, "ohm");
        st = eis_drt_peaks(&pr, s2, out);
    }
    problem_free(&pr);
    if (st)
        haven_eis_drt_result_free(out);
    return st;
}
