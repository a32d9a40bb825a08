#include "fit/nlfit.h"

#include "core/error.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <math.h>
#include <string.h>

#define FIT_MAX_ITER 500

typedef struct {
    const fit_model *m;
    const double *x, *y, *sigma;
} fit_data;

double fit_to_internal(const fit_model *m, size_t j, double p)
{
    switch (m->tf[j]) {
    case FIT_TF_LOWER: return log(p - m->bound[j]);
    case FIT_TF_UPPER: return log(m->bound[j] - p);
    case FIT_TF_NONE: break;
    }
    return p;
}

double fit_to_public(const fit_model *m, size_t j, double theta)
{
    switch (m->tf[j]) {
    case FIT_TF_LOWER: return m->bound[j] + exp(theta);
    case FIT_TF_UPPER: return m->bound[j] - exp(theta);
    case FIT_TF_NONE: break;
    }
    return theta;
}

/* dp/dtheta for the delta-method covariance. */
static double dpublic(const fit_model *m, size_t j, double theta)
{
    switch (m->tf[j]) {
    case FIT_TF_LOWER: return exp(theta);
    case FIT_TF_UPPER: return -exp(theta);
    case FIT_TF_NONE: break;
    }
    return 1.0;
}

static double point_weight(const fit_data *d, size_t i)
{
    return d->sigma ? 1.0 / d->sigma[i] : 1.0;
}

static int residuals(const gsl_vector *theta, void *params, gsl_vector *f)
{
    const fit_data *d = params;
    double grad[HAVEN_FIT_MAX_PARAMS];
    for (size_t i = 0; i < f->size; i++) {
        double fi;
        d->m->eval(d->x[i], theta->data, d->m->ctx, &fi, grad);
        gsl_vector_set(f, i, (fi - d->y[i]) * point_weight(d, i));
    }
    return GSL_SUCCESS;
}

static int jacobian(const gsl_vector *theta, void *params, gsl_matrix *J)
{
    const fit_data *d = params;
    double grad[HAVEN_FIT_MAX_PARAMS];
    for (size_t i = 0; i < J->size1; i++) {
        double fi;
        d->m->eval(d->x[i], theta->data, d->m->ctx, &fi, grad);
        for (size_t j = 0; j < J->size2; j++)
            gsl_matrix_set(J, i, j, grad[j] * point_weight(d, i));
    }
    return GSL_SUCCESS;
}

double fit_q95(int weighted, size_t dof)
{
    return haven_quantile95(weighted ? 0 : (double)dof); /* dof 0: normal */
}

void fit_information(double chi2, size_t n, size_t k, int weighted, double *aic, double *bic)
{
    double dn = (double)n;
    if (weighted) {
        *aic = chi2 + 2.0 * (double)k;
        *bic = chi2 + (double)k * log(dn);
    } else {
        double ll = dn * log(chi2 / dn);
        *aic = ll + 2.0 * (double)(k + 1);
        *bic = ll + (double)(k + 1) * log(dn);
    }
}

haven_status fit_check_data(const double *x, const double *y, const double *sigma, size_t n,
                            size_t min_n, int positive_x, int positive_y)
{
    if (!x || !y)
        return haven_fail(HAVEN_ERR_ARG, "fit: NULL data array");
    if (n < min_n)
        return haven_fail(HAVEN_ERR_DATA, "fit: %zu points, need at least %zu", n, min_n);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]) || !isfinite(y[i]))
            return haven_fail(HAVEN_ERR_VALUE, "fit: point %zu: expected finite values", i + 1);
        if (positive_x && !(x[i] > 0))
            return haven_fail(HAVEN_ERR_VALUE, "fit: point %zu: expected x > 0, got %g", i + 1,
                              x[i]);
        if (positive_y && !(y[i] > 0))
            return haven_fail(HAVEN_ERR_VALUE, "fit: point %zu: expected y > 0, got %g", i + 1,
                              y[i]);
        if (sigma && !(sigma[i] > 0 && isfinite(sigma[i])))
            return haven_fail(HAVEN_ERR_VALUE, "fit: point %zu: expected uncertainty > 0, got %g",
                              i + 1, sigma[i]);
    }
    return HAVEN_OK;
}

/* (J^T J)^-1 = V S^-2 V^T from the SVD of J. Done here rather than with
 * gsl_multifit_nlinear_covar, which invokes GSL's aborting error handler
 * on a rank-zero Jacobian; a singular value below 1e-12 of the largest means
 * a parameter is not determined by the data. */
static haven_status covariance(const gsl_matrix *J, gsl_matrix *cov)
{
    size_t k = J->size2;
    gsl_matrix *U = gsl_matrix_alloc(J->size1, k), *V = gsl_matrix_alloc(k, k);
    gsl_vector *S = gsl_vector_alloc(k), *work = gsl_vector_alloc(k);
    haven_status st = HAVEN_OK;
    if (!U || !V || !S || !work) {
        st = haven_fail(HAVEN_ERR_NOMEM, "fit: out of memory");
        goto done;
    }
    gsl_matrix_memcpy(U, J);
    gsl_linalg_SV_decomp(U, V, S, work);
    double smax = gsl_vector_get(S, 0);
    for (size_t j = 0; j < k; j++) {
        double sj = gsl_vector_get(S, j);
        if (!(sj > 1e-12 * smax) || !isfinite(sj)) {
            st = haven_fail(HAVEN_ERR_NUMERIC,
                            "fit: the parameters are not all determined by the data "
                            "(singular Jacobian)");
            goto done;
        }
    }
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < k; b++) {
            double c = 0;
            for (size_t j = 0; j < k; j++)
                c += gsl_matrix_get(V, a, j) * gsl_matrix_get(V, b, j) /
                     (gsl_vector_get(S, j) * gsl_vector_get(S, j));
            gsl_matrix_set(cov, a, b, c);
        }
done:
    gsl_matrix_free(U);
    gsl_matrix_free(V);
    gsl_vector_free(S);
    gsl_vector_free(work);
    return st;
}

/* Map the internal covariance to public parameters and fill out. */
static haven_status fill_result(const fit_model *m, const gsl_vector *theta, const gsl_matrix *cov,
                                double chi2, size_t n, const double *sigma, haven_fit_result *out)
{
    size_t k = m->n_params;
    out->n_params = k;
    out->n_points = n;
    out->dof = n - k;
    out->chi2 = chi2;
    out->weighted = sigma != NULL;
    out->q95 = fit_q95(out->weighted, out->dof);
    double scale = out->weighted ? 1.0 : chi2 / (double)out->dof;
    fit_information(chi2, n, k, out->weighted, &out->aic, &out->bic);
    for (size_t j = 0; j < k; j++) {
        double sj = m->scale[j] != 0 ? m->scale[j] : 1.0;
        double tj = gsl_vector_get(theta, j), var = gsl_matrix_get(cov, j, j) * scale;
        if (!(var > 0) || !isfinite(var))
            return haven_fail(HAVEN_ERR_NUMERIC,
                              "fit: parameter '%s' is not determined by the data", m->name[j]);
        out->name[j] = m->name[j];
        out->param[j].unit = m->unit[j];
        out->param[j].value = sj * fit_to_public(m, j, tj);
        double a = sj * fit_to_public(m, j, tj - out->q95 * sqrt(var));
        double b = sj * fit_to_public(m, j, tj + out->q95 * sqrt(var));
        out->param[j].lo = fmin(a, b);
        out->param[j].hi = fmax(a, b);
        for (size_t l = 0; l < k; l++) {
            double sl = m->scale[l] != 0 ? m->scale[l] : 1.0;
            out->cov[j][l] = gsl_matrix_get(cov, j, l) * scale * sj * dpublic(m, j, tj) * sl *
                             dpublic(m, l, gsl_vector_get(theta, l));
        }
        out->param[j].err = sqrt(out->cov[j][j]);
    }
    return HAVEN_OK;
}

haven_status fit_nonlinear(const fit_model *m, const double *x, const double *y,
                           const double *sigma, size_t n, const double *p0, haven_fit_result *out)
{
    size_t k = m->n_params;
    memset(out, 0, sizeof *out);
    if (k == 0 || k > HAVEN_FIT_MAX_PARAMS || n <= k)
        return haven_fail(HAVEN_ERR_DATA, "fit: %zu points for %zu parameters, need more points", n,
                          k);
    gsl_vector *theta0 = gsl_vector_alloc(k);
    gsl_matrix *cov = gsl_matrix_alloc(k, k);
    fit_data d = {m, x, y, sigma};
    gsl_multifit_nlinear_fdf fdf = {.f = residuals, .df = jacobian, .n = n, .p = k, .params = &d};
    gsl_multifit_nlinear_parameters par = gsl_multifit_nlinear_default_parameters();
    /* The default QR solver calls GSL's aborting error handler on a zero
     * Jacobian (e.g. a model that is flat in every parameter for these x);
     * SVD handles rank deficiency through the LM damping. */
    par.solver = gsl_multifit_nlinear_solver_svd;
    gsl_multifit_nlinear_workspace *w =
        theta0 && cov ? gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &par, n, k) : NULL;
    haven_status st = HAVEN_OK;
    if (!w) {
        st = haven_fail(HAVEN_ERR_NOMEM, "fit: out of memory");
        goto done;
    }
    for (size_t j = 0; j < k; j++)
        gsl_vector_set(theta0, j, fit_to_internal(m, j, p0[j]));
    int info, gs = gsl_multifit_nlinear_init(theta0, &fdf, w);
    if (gs == GSL_SUCCESS)
        gs = gsl_multifit_nlinear_driver(FIT_MAX_ITER, 1e-12, 1e-12, 0.0, NULL, NULL, &info, w);
    /* No progress means the minimum is reached to working precision; the
     * driver reports that case at the first iteration (a start already at
     * the minimum, as for exact data) as GSL_EMAXITER with few iterations. */
    if (gs == GSL_EMAXITER && gsl_multifit_nlinear_niter(w) < FIT_MAX_ITER)
        gs = GSL_SUCCESS;
    if (gs != GSL_SUCCESS && gs != GSL_ENOPROG) {
        st = haven_fail(HAVEN_ERR_NUMERIC, "fit: least squares did not converge (%s)",
                        gs == GSL_EMAXITER ? "iteration limit" : "solver failure");
        goto done;
    }
    double chi2;
    gsl_blas_ddot(w->f, w->f, &chi2);
    if (!isfinite(chi2)) {
        st = haven_fail(HAVEN_ERR_NUMERIC, "fit: model is not finite at the solution");
        goto done;
    }
    st = covariance(w->J, cov);
    if (st == HAVEN_OK)
        st = fill_result(m, w->x, cov, chi2, n, sigma, out);
done:
    gsl_multifit_nlinear_free(w);
    gsl_vector_free(theta0);
    gsl_matrix_free(cov);
    return st;
}

int haven_fit_param_index(const haven_fit_result *r, const char *name)
{
    for (size_t j = 0; j < r->n_params; j++)
        if (r->name[j] && !strcmp(r->name[j], name))
            return (int)j;
    return -1;
}

haven_estimate haven_lognormal_estimate(double lny, double sd, double q95)
{
    double v = exp(lny);
    return (haven_estimate){v, v * sd, exp(lny - q95 * sd), exp(lny + q95 * sd), NULL};
}
