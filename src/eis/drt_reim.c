/* Re-Im cross-validation for the DRT's lambda (Saccoccio, Wan, Chen and
 * Ciucci, Electrochim. Acta 147 (2014) 470, as in DRTtools and pyDRTtools):
 * the real and the imaginary part of a Kramers-Kronig consistent spectrum
 * carry the same gamma, so gamma fitted to one part at a good lambda must
 * predict the other. The score at lambda is
 *   ||A_re g_im + c - b_re||^2 + ||A_im g_re + l a_L - b_im||^2,
 * with g_re from the real rows alone (with R_inf), g_im from the imaginary
 * rows alone (with L when fitted), and the offsets c (R_inf) and l (L),
 * which one part cannot see, set to their best values. Unconstrained ridge
 * solves, like GCV and the L-curve (see drt.c). */
#include "eis/drt.h"

#include "core/error.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_multifit.h>
#include <math.h>
#include <stdlib.h>

/* Ridge fit of the data rows [r0, r0 + n) on columns cols[0..nc) (gamma
 * columns penalised through D); x over all pr->nc columns, zero elsewhere. */
static haven_status ridge_part(const drt_problem *pr, size_t r0, const size_t *cols, size_t nc,
                               double lambda, gsl_vector *x)
{
    size_t n = pr->nr / 2, rows = n + pr->npen;
    gsl_matrix *K = gsl_matrix_calloc(rows, nc), *cov = gsl_matrix_alloc(nc, nc);
    gsl_vector *b = gsl_vector_calloc(rows), *y = gsl_vector_alloc(nc);
    gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc(rows, nc);
    haven_status st = HAVEN_OK;
    if (!K || !cov || !b || !y || !w) {
        st = haven_fail(HAVEN_ERR_NOMEM, "drt: out of memory");
        goto done;
    }
    double sl = sqrt(lambda), chi2;
    for (size_t j = 0; j < nc; j++) {
        for (size_t i = 0; i < n; i++)
            gsl_matrix_set(K, i, j, gsl_matrix_get(pr->A, r0 + i, cols[j]));
        for (size_t i = 0; i < pr->npen; i++)
            gsl_matrix_set(K, n + i, j, sl * gsl_matrix_get(pr->D, i, cols[j]));
    }
    for (size_t i = 0; i < n; i++)
        gsl_vector_set(b, i, gsl_vector_get(pr->b, r0 + i));
    if (gsl_multifit_linear(K, b, y, cov, &chi2, w)) {
        st = haven_fail(HAVEN_ERR_NUMERIC, "drt: re-im ridge solve failed");
        goto done;
    }
    gsl_vector_set_zero(x);
    for (size_t j = 0; j < nc; j++)
        gsl_vector_set(x, cols[j], gsl_vector_get(y, j));
done:
    gsl_matrix_free(K);
    gsl_matrix_free(cov);
    gsl_vector_free(b);
    gsl_vector_free(y);
    if (w)
        gsl_multifit_linear_free(w);
    return st;
}

/* ||A_rows x + best multiple of column `free_col` - b_rows||^2 over rows
 * [r0, r0 + n); free_col (size_t)-1 for none. */
static double part_misfit(const drt_problem *pr, size_t r0, const gsl_vector *x, size_t free_col)
{
    size_t n = pr->nr / 2;
    double res[n], aa = 0, ar = 0, s = 0;
    for (size_t i = 0; i < n; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(pr->A, r0 + i);
        double v;
        gsl_blas_ddot(&row.vector, x, &v);
        res[i] = gsl_vector_get(pr->b, r0 + i) - v;
        if (free_col != (size_t)-1) {
            double a = gsl_matrix_get(pr->A, r0 + i, free_col);
            aa += a * a;
            ar += a * res[i];
        }
    }
    double c = aa > 0 ? ar / aa : 0;
    for (size_t i = 0; i < n; i++) {
        double a = free_col != (size_t)-1 ? gsl_matrix_get(pr->A, r0 + i, free_col) : 0;
        s += (res[i] - c * a) * (res[i] - c * a);
    }
    return s;
}

haven_status eis_drt_reim_score(const drt_problem *pr, double lambda, double *score)
{
    size_t n = pr->nr / 2, cols[pr->nc], nre = 0, nim = 0;
    size_t im_cols[pr->nc];
    cols[nre++] = 0; /* R_inf: real rows only */
    if (pr->g0 == 2)
        im_cols[nim++] = 1; /* L: imaginary rows only */
    for (size_t k = 0; k < pr->m; k++) {
        cols[nre++] = pr->g0 + k;
        im_cols[nim++] = pr->g0 + k;
    }
    gsl_vector *xre = gsl_vector_alloc(pr->nc), *xim = gsl_vector_alloc(pr->nc);
    haven_status st = xre && xim ? HAVEN_OK : haven_fail(HAVEN_ERR_NOMEM, "drt: out of memory");
    if (!st)
        st = ridge_part(pr, 0, cols, nre, lambda, xre);
    if (!st)
        st = ridge_part(pr, n, im_cols, nim, lambda, xim);
    if (!st)
        *score = part_misfit(pr, 0, xim, 0) +
                 part_misfit(pr, n, xre, pr->g0 == 2 ? 1 : (size_t)-1);
    gsl_vector_free(xre);
    gsl_vector_free(xim);
    return st;
}
