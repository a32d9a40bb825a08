/* Non-negative least squares, min ||K x - b|| subject to x >= 0, by the
 * active-set method of Lawson and Hanson (Solving Least Squares Problems,
 * 1974, ch. 23), each subproblem solved by GSL's Householder QR. */
#ifndef HAVEN_SRC_EIS_NNLS_H
#define HAVEN_SRC_EIS_NNLS_H

#include "haven/core.h"

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

/* Workspace for problems of at most m rows and n columns (allocated once,
 * reused for every solve). */
typedef struct {
    size_t m, n;
    gsl_matrix *kp; /* m x n: passive columns of K, then their QR */
    gsl_vector *tau, *z, *r, *w, *bp;
    size_t *cols; /* passive column indices, in kp's column order */
    size_t n_passive;
} eis_nnls_work;

haven_status eis_nnls_alloc(eis_nnls_work *ws, size_t m, size_t n);
void eis_nnls_free(eis_nnls_work *ws);

/* Solve for x (length n); passive (length n) receives the final passive set
 * (1 for the columns free to be positive). On success ws->kp holds the QR
 * of the final passive columns (ws->n_passive of them, listed in ws->cols). */
haven_status eis_nnls_solve(const gsl_matrix *K, const gsl_vector *b, gsl_vector *x, int *passive,
                            eis_nnls_work *ws);

/* Unconstrained least squares with the same workspace (all columns passive,
 * so ws->kp holds the QR of K afterwards). */
haven_status eis_lsq_solve(const gsl_matrix *K, const gsl_vector *b, gsl_vector *x,
                           eis_nnls_work *ws);

#endif
