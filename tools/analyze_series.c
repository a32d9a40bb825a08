/* Across temperatures: Arrhenius (and VFT) fits of sigma and of each D*,
 * extrapolation, and the activation entropy of the hopping model. */
#include "analyze.h"

#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Species with the largest share of the conductivity in the first run. */
static size_t carrier(const analyze_run *r)
{
    size_t best = 0;
    for (size_t a = 1; a < r->run.n_species; a++)
        if (r->bary.sigma_part[a].value > r->bary.sigma_part[best].value)
            best = a;
    return best;
}

/* sigma T = (f/H_R) (c q^2 e^2 a^2 nu0 / (6 k)) exp(dS/k) exp(-dH/kT), so
 * dS = k [ln A - ln((f/H_R) c q^2 e^2 a^2 nu0 / (6 k))]. */
static void entropy(const analyze_opts *o, const analyze_run *runs, size_t n, analyze_series *s)
{
    size_t c = carrier(&runs[0]);
    double conc = 0, hr = 0;
    for (size_t k = 0; k < n; k++) {
        conc += runs[k].count[c] / runs[k].run.info.volume_mean;
        hr += runs[k].bary.haven_ratio.value;
    }
    conc /= (double)n;
    s->haven_ratio_mean = hr / (double)n;
    double q = runs[0].charge[c] * HAVEN_E_CHARGE;
    double pre = (o->corr_f / s->haven_ratio_mean) * conc * q * q * o->jump * o->jump * o->nu0 /
                 (6 * HAVEN_KB);
    s->dS = HAVEN_KB * (s->sigma.lnA - log(pre));
    s->dS_err = HAVEN_KB * s->sigma.lnA_err;
    s->have_entropy = 1;
}

static int distinct_temperatures(const analyze_run *runs, size_t n)
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

static int fit_species_D(const analyze_opts *o, const analyze_run *runs, size_t n,
                         analyze_series *s, double *T, double *y, double *e)
{
    s->n_species = runs[0].run.n_species;
    s->first = &runs[0];
    s->D = calloc(s->n_species, sizeof *s->D);
    s->D_at = calloc(s->n_species, sizeof *s->D_at);
    if (!s->D || !s->D_at)
        return cli_error("out of memory"), CLI_FAIL;
    for (size_t a = 0; a < s->n_species; a++) {
        int moving = 1;
        for (size_t k = 0; k < n; k++) {
            y[k] = runs[k].tracer[a].D;
            e[k] = runs[k].tracer[a].D_err;
            moving &= runs[k].tracer[a].diffusive;
        }
        double *d = s->D_at[a];
        if (!moving) { /* a framework: no activation energy of its D* */
            s->D[a].Ea = s->D[a].Ea_err = s->D[a].lnA = s->D[a].lnA_err = NAN;
            d[0] = d[1] = d[2] = d[3] = NAN;
            fprintf(stderr,
                    "haven: warning: %s does not diffuse at every temperature: no Arrhenius fit "
                    "of its D*\n",
                    runs[0].run.sp[a].name);
            continue;
        }
        if (haven_arrhenius_fit(T, y, e, n, 0, &s->D[a]) != HAVEN_OK)
            return cli_lib_error(runs[0].run.sp[a].name);
        char what[64];
        snprintf(what, sizeof what, "Arrhenius fit of D*(%s)", runs[0].run.sp[a].name);
        cli_arrhenius_warning(what, &s->D[a]);
        haven_arrhenius_predict(&s->D[a], o->at_T, &d[0], &d[1], &d[2], &d[3]);
    }
    return CLI_OK;
}

static int same_species(const analyze_run *runs, size_t n)
{
    for (size_t k = 1; k < n; k++) {
        if (runs[k].run.n_species != runs[0].run.n_species)
            return 0;
        for (size_t a = 0; a < runs[0].run.n_species; a++)
            if (strcmp(runs[k].run.sp[a].name, runs[0].run.sp[a].name))
                return 0;
    }
    return 1;
}

int analyze_fit_series(const analyze_opts *o, const analyze_run *runs, size_t n, analyze_series *s)
{
    memset(s, 0, sizeof *s);
    if (distinct_temperatures(runs, n) < 3) {
        snprintf(s->note, sizeof s->note, "an Arrhenius fit needs runs at 3 or more temperatures");
        return CLI_OK;
    }
    if (!same_species(runs, n)) {
        cli_error("the runs do not contain the same species: no temperature series");
        return CLI_FAIL;
    }
    double *T = malloc(n * sizeof *T), *y = malloc(n * sizeof *y), *e = malloc(n * sizeof *e);
    int rc = (T && y && e) ? CLI_OK : (cli_error("out of memory"), CLI_FAIL);
    for (size_t k = 0; rc == CLI_OK && k < n; k++) {
        T[k] = runs[k].T;
        y[k] = runs[k].bary.sigma.value;
        e[k] = runs[k].bary.sigma.err;
        if (!(y[k] > 0)) {
            cli_error("%s: sigma is not positive: no Arrhenius fit", runs[k].run.path);
            rc = CLI_FAIL;
        }
    }
    if (rc == CLI_OK && haven_arrhenius_fit(T, y, e, n, 1, &s->sigma) == HAVEN_OK)
        cli_arrhenius_warning("Arrhenius fit of sigma T", &s->sigma);
    else if (rc == CLI_OK)
        rc = cli_lib_error("Arrhenius fit of sigma");
    if (rc == CLI_OK) {
        haven_arrhenius_predict(&s->sigma, o->at_T, &s->sigma_at, &s->sigma_at_err, &s->sigma_at_lo,
                                &s->sigma_at_hi);
        s->have_vft = n >= 4 && haven_vft_fit(T, y, e, n, -0.5, &s->vft) == HAVEN_OK;
        rc = fit_species_D(o, runs, n, s, T, y, e);
    }
    if (rc == CLI_OK && o->nu0 > 0 && o->jump > 0)
        entropy(o, runs, n, s);
    s->ok = rc == CLI_OK;
    free(T);
    free(y);
    free(e);
    return rc;
}

void analyze_series_free(analyze_series *s)
{
    free(s->D);
    free(s->D_at);
    memset(s, 0, sizeof *s);
}
