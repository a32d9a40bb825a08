/* Lawson-Hanson active-set NNLS (see nnls.h). The passive set P holds the
 * columns allowed to be positive; each step solves the unconstrained least
 * squares problem on P and, where that leaves the feasible region, moves
 * only as far as the boundary and drops the columns that reached zero. */
#include "eis/nnls.h"

#include "core/error.h"

#include <float.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdlib.h>

haven_status eis_nnls_alloc(eis_nnls_work *ws, size_t m, size_t n)
{
    ws->m = m;
    ws->n = n;
    ws->n_passive = 0;
    ws->kp = gsl_matrix_alloc(m, n);
    ws->tau = gsl_vector_alloc(n);
    ws->z = gsl_vector_alloc(n);
    ws->r = gsl_vector_alloc(m);
    ws->w = gsl_vector_alloc(n);
    ws->bp = gsl_vector_alloc(m);
    ws->cols = malloc(n * sizeof *ws->cols);
    if (!ws->kp || !ws->tau || !ws->z || !ws->r || !ws->w || !ws->bp || !ws->cols) {
        eis_nnls_free(ws);
        return haven_fail(HAVEN_ERR_NOMEM, "nnls: out of memory");
    }
    return HAVEN_OK;
}

void eis_nnls_free(eis_nnls_work *ws)
{
    gsl_matrix_free(ws->kp);
    gsl_vector_free(ws->tau);
    gsl_vector_free(ws->z);
    gsl_vector_free(ws->r);
    gsl_vector_free(ws->w);
    gsl_vector_free(ws->bp);
    free(ws->cols);
    /* All of them: a failed eis_nnls_alloc frees, and its caller frees again. */
    ws->kp = NULL;
    ws->tau = ws->z = ws->r = ws->w = ws->bp = NULL;
    ws->cols = NULL;
}

/* Least squares on the passive columns; the solution, scattered to full
 * length, goes to ws->z (zero outside P). m >= |P| is required by QR. */
static int solve_passive(const gsl_matrix *K, const gsl_vector *b, const int *passive,
                         eis_nnls_work *ws)
{
    size_t p = 0;
    for (size_t j = 0; j < ws->n; j++)
        if (passive[j]) {
            gsl_vector_const_view col = gsl_matrix_const_column(K, j);
            gsl_matrix_set_col(ws->kp, p, &col.vector);
            ws->cols[p++] = j;
        }
    ws->n_passive = p;
    gsl_vector_set_zero(ws->z);
    if (p == 0)
        return 0;
    gsl_matrix_view a = gsl_matrix_submatrix(ws->kp, 0, 0, ws->m, p);
    gsl_vector_view t = gsl_vector_subvector(ws->tau, 0, p);
    gsl_vector_view zp = gsl_vector_subvector(ws->w, 0, p); /* w is free scratch here */
    if (gsl_linalg_QR_decomp(&a.matrix, &t.vector) ||
        gsl_linalg_QR_lssolve(&a.matrix, &t.vector, b, &zp.vector, ws->r))
        return -1;
    for (size_t q = 0; q < p; q++)
        gsl_vector_set(ws->z, ws->cols[q], gsl_vector_get(&zp.vector, q));
    return 0;
}

/* Inner loop: from a feasible x, solve on P and step back to the boundary
 * until the passive solution is positive. */
static int inner(const gsl_matrix *K, const gsl_vector *b, gsl_vector *x, int *passive,
                 eis_nnls_work *ws, size_t *iter, size_t max_iter)
{
    for (; *iter < max_iter; (*iter)++) {
        if (solve_passive(K, b, passive, ws))
            return -1;
        double alpha = INFINITY;
        size_t jstop = ws->n; /* the column that limits the step */
        for (size_t j = 0; j < ws->n; j++) {
            double zj = gsl_vector_get(ws->z, j), xj = gsl_vector_get(x, j);
            if (passive[j] && zj <= 0 && xj / (xj - zj) < alpha) {
                alpha = xj / (xj - zj);
                jstop = j;
            }
        }
        if (jstop == ws->n) {
            gsl_vector_memcpy(x, ws->z);
            return 0;
        }
        for (size_t j = 0; j < ws->n; j++) {
            double xj = gsl_vector_get(x, j);
            xj += alpha * (gsl_vector_get(ws->z, j) - xj);
            if (passive[j] && (j == jstop || xj <= 0)) /* reached the boundary: leaves P */
                passive[j] = 0;
            gsl_vector_set(x, j, passive[j] ? xj : 0);
        }
    }
    return -1;
}

haven_status eis_nnls_solve(const gsl_matrix *K, const gsl_vector *b, gsl_vector *x, int *passive,
                            eis_nnls_work *ws)
{
    size_t m = K->size1, n = K->size2, iter = 0, max_iter = 30 * n + 100, banned = n;
    if (m != ws->m || n != ws->n || m < n)
        return haven_fail(HAVEN_ERR_ARG, "nnls: %zu x %zu problem for a %zu x %zu workspace", m, n,
                          ws->m, ws->n);
    double knorm = 0; /* tolerance as in Lawson-Hanson: scaled by the size of K */
    for (size_t j = 0; j < n; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(K, j);
        knorm = fmax(knorm, gsl_blas_dasum(&col.vector));
    }
    double tol = 10 * DBL_EPSILON * knorm * (double)n;
    gsl_vector_set_zero(x);
    for (size_t j = 0; j < n; j++)
        passive[j] = 0;
    for (; iter < max_iter; iter++) {
        gsl_vector_memcpy(ws->r, b); /* r = b - K x, w = K^T r */
        gsl_blas_dgemv(CblasNoTrans, -1.0, K, x, 1.0, ws->r);
        gsl_blas_dgemv(CblasTrans, 1.0, K, ws->r, 0.0, ws->w);
        size_t jmax = n;
        for (size_t j = 0; j < n; j++)
            if (!passive[j] && j != banned && gsl_vector_get(ws->w, j) > tol &&
                (jmax == n || gsl_vector_get(ws->w, j) > gsl_vector_get(ws->w, jmax)))
                jmax = j;
        if (jmax == n)
            return solve_passive(K, b, passive, ws)
                       ? haven_fail(HAVEN_ERR_NUMERIC, "nnls: least-squares step failed")
                       : HAVEN_OK;
        passive[jmax] = 1;
        if (inner(K, b, x, passive, ws, &iter, max_iter))
            break;
        /* a column dropped straight away (its gradient was rounding noise)
         * is not tried again until another column has entered */
        banned = passive[jmax] ? n : jmax;
    }
    return haven_fail(HAVEN_ERR_NUMERIC, "nnls: no convergence in %zu iterations", max_iter);
}

haven_status eis_lsq_solve(const gsl_matrix *K, const gsl_vector *b, gsl_vector *x,
                           eis_nnls_work *ws)
{
    int all[ws->n];
    for (size_t j = 0; j < ws->n; j++)
        all[j] = 1;
    if (solve_passive(K, b, all, ws))
        return haven_fail(HAVEN_ERR_NUMERIC, "least squares: QR solve failed");
    gsl_vector_memcpy(x, ws->z);
    return HAVEN_OK;
}
