/* pool: the inputs as independent runs of one state point. */
#include "analysis/job.h"

#include "core/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const haven_msd *find_species(const haven_run_result *r, const char *name)
{
    for (size_t g = 0; g < r->n_species; g++)
        if (!strcmp(r->sp[g].name, name))
            return &r->sp[g].msd;
    return NULL;
}

static haven_status pool_species(const haven_analysis_options *o, const haven_run_result *runs,
                                 size_t n, haven_pool_result *out)
{
    size_t K = runs[0].n_species;
    out->name = calloc(K, sizeof *out->name);
    out->fit = calloc(K, sizeof *out->fit);
    const haven_msd **m = calloc(n, sizeof *m);
    haven_status st =
        out->name && out->fit && m ? HAVEN_OK : haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    haven_dfit_options fo;
    haven_job_fit_options(o, &fo);
    for (size_t g = 0; g < K && st == HAVEN_OK; g++) {
        const char *name = runs[0].sp[g].name;
        for (size_t r = 0; r < n && st == HAVEN_OK; r++)
            if (!(m[r] = find_species(&runs[r], name)))
                st = haven_fail(HAVEN_ERR_VALUE,
                                "--pool: %s has no %s (every run must hold the same species)",
                                runs[r].path, name);
        if (st == HAVEN_OK && (st = haven_diffusion_pool(m, n, &fo, &out->fit[g])) != HAVEN_OK)
            haven_error_prefix("--pool: ");
        snprintf(out->name[g], sizeof out->name[g], "%s", name);
        out->n_species = g + 1;
    }
    free(m);
    return st;
}

/* sigma of every run, inverse-variance pooled. */
static haven_status pool_sigma(const haven_run_result *runs, size_t n, haven_pool_result *out)
{
    double *v = calloc(2 * n, sizeof *v);
    if (!v)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t k = 0; k < n; k++) {
        v[k] = runs[k].bary.sigma.value;
        v[n + k] = runs[k].bary.sigma.err;
    }
    haven_status st = haven_pool_estimates(v, v + n, n, &out->sigma);
    if (st != HAVEN_OK)
        haven_error_prefix("--pool: sigma: ");
    out->have_sigma = st == HAVEN_OK;
    free(v);
    return st;
}

haven_status haven_job_pool(const haven_analysis_options *o, const haven_run_result *runs, size_t n,
                            int with_sigma, haven_pool_result *p)
{
    memset(p, 0, sizeof *p);
    haven_status st = pool_species(o, runs, n, p);
    if (st == HAVEN_OK && with_sigma)
        st = pool_sigma(runs, n, p);
    return st;
}

void haven_job_pool_clear(haven_pool_result *p)
{
    for (size_t g = 0; p->fit && g < p->n_species; g++)
        haven_dfit_pool_clear(&p->fit[g]);
    free(p->fit);
    free(p->name);
    memset(p, 0, sizeof *p);
}
