/* Across temperatures: Arrhenius (and VFT) fits of sigma and of each D*,
 * extrapolation, and the activation entropy of the hopping model. */
#include "analysis/job.h"

#include "core/error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void haven_job_arrhenius_warning(const char *what, const haven_arrhenius_result *a)
{
    if (a->birge > 1)
        haven_warn("%s: the points scatter more than their errors (chi^2/dof = %.2f%s): the "
                   "errors of E_a and the prefactor are widened %.2fx (Birge ratio)",
                   what, a->birge * a->birge, a->misfit ? ", beyond its 99th percentile" : "",
                   a->birge);
}

/* Species with the largest share of the conductivity in the first run. */
static size_t carrier(const haven_run_result *r)
{
    size_t best = 0;
    for (size_t a = 1; a < r->n_species; a++)
        if (r->bary.sigma_part[a].value > r->bary.sigma_part[best].value)
            best = a;
    return best;
}

/* sigma T = (f/H_R) (c q^2 e^2 a^2 nu0 / (6 k)) exp(dS/k) exp(-dH/kT), so
 * dS = k [ln A - ln((f/H_R) c q^2 e^2 a^2 nu0 / (6 k))]. */
static void entropy(const haven_analysis_options *o, const haven_run_result *runs, size_t n,
                    haven_series_result *s)
{
    size_t c = carrier(&runs[0]);
    double conc = 0, hr = 0;
    for (size_t k = 0; k < n; k++) {
        conc += runs[k].count[c] / runs[k].info.volume_mean;
        hr += runs[k].bary.haven_ratio.value;
    }
    conc /= (double)n;
    s->haven_ratio_mean = hr / (double)n;
    double q = runs[0].charge[c] * HAVEN_E_CHARGE;
    double pre = (s->corr_f / s->haven_ratio_mean) * conc * q * q * o->jump * o->jump * o->nu0 /
                 (6 * HAVEN_KB);
    double dS = HAVEN_KB * (s->sigma.lnA.value - log(pre)), err = HAVEN_KB * s->sigma.lnA.err;
    s->dS = haven_estimate_make(dS, err, 0, "J/K");
    s->have_entropy = 1;
}

static int distinct_temperatures(const haven_run_result *runs, size_t n)
{
    size_t distinct = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < i && fabs(runs[j].T - runs[i].T) > 1e-6 * runs[i].T)
            j++;
        distinct += j == i;
    }
    return (int)distinct;
}

static haven_estimate predict(const haven_arrhenius_result *f, double T)
{
    haven_estimate e;
    haven_arrhenius_predict(f, T, &e);
    return e;
}

static haven_status fit_species_D(const haven_run_result *runs, size_t n, haven_series_result *s,
                                  double *T, double *y, double *e)
{
    s->n_species = runs[0].n_species;
    s->D = calloc(s->n_species, sizeof *s->D);
    s->D_at = calloc(s->n_species, sizeof *s->D_at);
    if (!s->D || !s->D_at)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t a = 0; a < s->n_species; a++) {
        int moving = 1;
        for (size_t k = 0; k < n; k++) {
            y[k] = runs[k].tracer[a].D.value;
            e[k] = runs[k].tracer[a].D.err;
            moving &= runs[k].tracer[a].diffusive;
        }
        const char *name = runs[0].sp[a].name;
        if (!moving) { /* a framework: no activation energy of its D* */
            s->D[a].Ea.value = s->D[a].Ea.err = s->D[a].lnA.value = s->D[a].lnA.err = NAN;
            s->D_at[a] = haven_estimate_make(NAN, NAN, 0, "m^2/s");
            haven_warn("%s does not diffuse at every temperature: no Arrhenius fit of its D*",
                       name);
            continue;
        }
        haven_status st = haven_arrhenius_fit(T, y, e, n, 0, &s->D[a]);
        if (st != HAVEN_OK)
            return haven_error_prefix("%s: ", name), st;
        char what[64];
        snprintf(what, sizeof what, "Arrhenius fit of D*(%s)", name);
        haven_job_arrhenius_warning(what, &s->D[a]);
        s->D_at[a] = predict(&s->D[a], s->at);
    }
    return HAVEN_OK;
}

static int same_species(const haven_run_result *runs, size_t n)
{
    for (size_t k = 1; k < n; k++) {
        if (runs[k].n_species != runs[0].n_species)
            return 0;
        for (size_t a = 0; a < runs[0].n_species; a++)
            if (strcmp(runs[k].sp[a].name, runs[0].sp[a].name))
                return 0;
    }
    return 1;
}

static haven_status fit_sigma(const haven_run_result *runs, size_t n, haven_series_result *s,
                              double *T, double *y, double *e)
{
    for (size_t k = 0; k < n; k++) {
        T[k] = runs[k].T;
        y[k] = runs[k].bary.sigma.value;
        e[k] = runs[k].bary.sigma.err;
        if (!(y[k] > 0))
            return haven_fail(HAVEN_ERR_VALUE, "%s: sigma is not positive: no Arrhenius fit",
                              runs[k].path);
    }
    haven_status st = haven_arrhenius_fit(T, y, e, n, 1, &s->sigma);
    if (st != HAVEN_OK)
        return haven_error_prefix("Arrhenius fit of sigma: "), st;
    haven_job_arrhenius_warning("Arrhenius fit of sigma T", &s->sigma);
    s->sigma_at = predict(&s->sigma, s->at);
    s->have_vft = n >= 4 && haven_vft_fit(T, y, e, n, -0.5, &s->vft) == HAVEN_OK;
    return HAVEN_OK;
}

haven_status haven_job_series(const haven_analysis_options *o, const haven_run_result *runs,
                              size_t n, haven_series_result *s)
{
    memset(s, 0, sizeof *s);
    s->at = o->at > 0 ? o->at : 300;
    s->corr_f = o->corr_f > 0 ? o->corr_f : 1;
    if (distinct_temperatures(runs, n) < 3) {
        snprintf(s->note, sizeof s->note, "an Arrhenius fit needs runs at 3 or more temperatures");
        return HAVEN_OK;
    }
    if (!same_species(runs, n))
        return haven_fail(HAVEN_ERR_VALUE,
                          "the runs do not contain the same species: no temperature series");
    double *T = malloc(n * sizeof *T), *y = malloc(n * sizeof *y), *e = malloc(n * sizeof *e);
    haven_status st = (T && y && e) ? HAVEN_OK : haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    if (st == HAVEN_OK)
        st = fit_sigma(runs, n, s, T, y, e);
    if (st == HAVEN_OK)
        st = fit_species_D(runs, n, s, T, y, e);
    if (st == HAVEN_OK && o->nu0 > 0 && o->jump > 0)
        entropy(o, runs, n, s);
    s->ok = st == HAVEN_OK;
    free(T);
    free(y);
    free(e);
    return st;
}

void haven_job_series_clear(haven_series_result *s)
{
    free(s->D);
    free(s->D_at);
    memset(s, 0, sizeof *s);
}
