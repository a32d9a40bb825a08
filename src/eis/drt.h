/* Internal state of a DRT inversion, shared by drt.c (set-up, lambda
 * selection) and drt_peaks.c (peaks and their uncertainties).
 *
 * Unknowns are scaled to be O(1): column 0 is R_inf / scale, column 1 (when
 * an inductance is fitted) L w_max / scale, then gamma_k / scale on the tau
 * grid. Rows are the weighted real parts, then the weighted imaginary parts,
 * then (in K only) sqrt(lambda) times the derivative penalty. */
#ifndef HAVEN_SRC_EIS_DRT_H
#define HAVEN_SRC_EIS_DRT_H

#include "eis/nnls.h"
#include "haven/eis.h"

typedef struct {
    size_t nr, nc, npen, m,
        g0; /* data rows, columns, penalty rows, tau points, first gamma column */
    double scale, w_max, dlnt;
    double tau_lo, tau_hi; /* measured window, 1/w_max .. 1/w_min */
    double *tau;
    gsl_matrix *A, *D, *K, *X; /* X: A_P R^-1 after a solve (nr x |P|) */
    gsl_matrix *G;             /* X^T X (|P| x |P|), for tr H^2 */
    gsl_vector *b, *bk, *x, *r;
    int *passive;
    eis_nnls_work ws;
} drt_problem;

/* One solve's statistics: rss, eta the norms of the residual and of D x;
 * trh, trh2 the traces of the influence matrix H and of H^2; logdet
 * log det(K_P^T K_P); then the scores of the lambda rules (smaller is
 * better): gcv, mgcv, rgcv and nlml (-2 log marginal likelihood + const). */
typedef struct {
    double lambda, rss, eta, trh, trh2, logdet, gcv, mgcv, rgcv, nlml;
} drt_stats;

/* Solve at lambda: with x >= 0 when constrained, else the plain ridge
 * problem. */
haven_status eis_drt_solve(drt_problem *pr, double lambda, int constrained, drt_stats *st);
/* Variance of the linear functional c . x (c over all nc columns, scaled
 * space) for the last solve, with residual variance s2. */
double eis_drt_variance(const drt_problem *pr, const double *c, double s2);
/* Re-im cross-validation score at lambda (drt_reim.c). */
haven_status eis_drt_reim_score(const drt_problem *pr, double lambda, double *score);
/* Peaks of the last solution into out (allocates out->peaks). */
haven_status eis_drt_peaks(const drt_problem *pr, double s2, haven_eis_drt_result *out);

#endif
