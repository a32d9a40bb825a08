/* Transport tensors: component fits and principal-axis analysis. */
#include "haven/transport.h"

#include "core/error.h"

#include <gsl/gsl_eigen.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define Z95 haven_quantile95(0)
#define BLOCKED_FRACTION 0.1

static const int comp_a[6] = {0, 1, 2, 0, 0, 1}, comp_b[6] = {0, 1, 2, 1, 2, 2};

haven_status haven_tensor_fit(const double (*tensor)[6], size_t n_lags, double dt, double n_walkers,
                              const haven_dfit_options *opt, haven_tensor *out)
{
    memset(out, 0, sizeof *out);
    double *y = malloc(n_lags * sizeof *y);
    if (!y)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    haven_dfit_options o = *opt;
    o.stats = NULL; /* the scalar curve's statistics do not describe the components */
    double step_var[3] = {0, 0, 0};
    haven_status s = HAVEN_OK;
    /* Diagonal first: their slopes give the per-step variance that sets the
     * noise of the off-diagonal components, Var(dx dy) = s_x^2 s_y^2 + c^2. */
    for (int c = 0; c < 6 && s == HAVEN_OK; c++) {
        for (size_t t = 0; t < n_lags; t++)
            y[t] = tensor[t][c];
        o.noise_s4 = 0;
        if (c >= 3) {
            double sx = step_var[comp_a[c]], sy = step_var[comp_b[c]];
            o.noise_s4 = 0.5 * sx * sy;
        }
        haven_dfit_result r;
        s = haven_diffusion_fit(y, n_lags, dt, n_walkers, 1, &o, &r);
        if (s != HAVEN_OK)
            break;
        if (c < 3)
            step_var[c] = fmax(2.0 * r.D.value * dt, 0);
        else if (o.noise_s4 > 0) {
            /* Add the c^2 term now that the slope is known, and refit. */
            double cxy = 2.0 * r.D.value * dt;
            o.noise_s4 += 0.5 * cxy * cxy;
            s = haven_diffusion_fit(y, n_lags, dt, n_walkers, 1, &o, &r);
        }
        out->comp[comp_a[c]][comp_b[c]] = haven_estimate_make(r.D.value, r.D.err, 0, "m^2/s");
        out->comp[comp_b[c]][comp_a[c]] = out->comp[comp_a[c]][comp_b[c]];
    }
    free(y);
    if (s == HAVEN_OK)
        s = haven_tensor_analyse(out);
    return s;
}

static void principal_errors(haven_tensor *t)
{
    for (int k = 0; k < 3; k++) {
        double var = 0;
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++) {
                double w = t->axes[k][a] * t->axes[k][b];
                var += w * w * t->comp[a][b].err * t->comp[a][b].err;
            }
        t->principal_err[k] = sqrt(var);
    }
}

haven_status haven_tensor_analyse(haven_tensor *t)
{
    gsl_matrix *m = gsl_matrix_alloc(3, 3), *v = gsl_matrix_alloc(3, 3);
    gsl_vector *e = gsl_vector_alloc(3);
    gsl_eigen_symmv_workspace *w = gsl_eigen_symmv_alloc(3);
    if (!m || !v || !e || !w) {
        gsl_matrix_free(m);
        gsl_matrix_free(v);
        gsl_vector_free(e);
        gsl_eigen_symmv_free(w);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++)
            gsl_matrix_set(m, a, b, t->comp[a][b].value);
    gsl_eigen_symmv(m, e, v, w);
    gsl_eigen_symmv_sort(e, v, GSL_EIGEN_SORT_VAL_DESC);
    for (int k = 0; k < 3; k++) {
        t->principal[k] = gsl_vector_get(e, k);
        for (int a = 0; a < 3; a++)
            t->axes[k][a] = gsl_matrix_get(v, a, k);
    }
    principal_errors(t);
    t->anisotropy = t->principal[2] > 0 ? t->principal[0] / t->principal[2] : INFINITY;
    t->dimensionality = 0;
    for (int k = 0; k < 3; k++)
        if (t->principal[k] + Z95 * t->principal_err[k] >= BLOCKED_FRACTION * t->principal[0])
            t->dimensionality++;
    gsl_matrix_free(m);
    gsl_matrix_free(v);
    gsl_vector_free(e);
    gsl_eigen_symmv_free(w);
    return HAVEN_OK;
}
