/* haven eis batch as a library call: one circuit fitted to a temperature
 * series of spectra, conductivities from the arcs, Arrhenius E_a of each. */
#include "analysis/job.h"
#include "core/error.h"
#include "haven/arrhenius.h"
#include "haven/eis.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const KIND_OF[3] = {"bulk", "grain_boundary", "bulk or grain_boundary"};

void haven_eis_job_options_init(haven_eis_job_options *o)
{
    memset(o, 0, sizeof *o);
    o->weight = HAVEN_EIS_WEIGHT_MODULUS;
    o->arrhenius_power = 1;
}

/* Read and preprocess one file, saying what preprocessing dropped. */
static haven_status read_spectrum(const char *path, const haven_eis_job_options *o,
                                  haven_eis_data *d)
{
    haven_status st = haven_eis_read(path, o->format, o->sign, d);
    if (st)
        return st;
    const haven_eis_prep_options *p = &o->prep;
    if (!(p->fmin > 0 || p->fmax > 0 || p->drop_inductive || p->kk_exclude))
        return HAVEN_OK;
    haven_eis_prep_report rep;
    if ((st = haven_eis_preprocess(d, p, &rep))) {
        haven_eis_data_free(d);
        haven_error_prefix("%s: ", path);
        return st;
    }
    if (rep.n_out < rep.n_in)
        haven_warn("%s: %zu of %zu points kept (dropped: %zu below fmin, %zu above fmax, %zu "
                   "inductive, %zu Lin-KK outliers)",
                   path, rep.n_out, rep.n_in, rep.n_below_fmin, rep.n_above_fmax, rep.n_inductive,
                   rep.n_kk);
    return HAVEN_OK;
}

haven_status haven_eis_fit_job(const haven_eis_circuit *c, const haven_eis_data *d,
                               const haven_eis_job_options *o, const double *start,
                               haven_eis_fit_result *r)
{
    if (!c || !d || !o || !r)
        return haven_fail(HAVEN_ERR_ARG, "haven_eis_fit_job: NULL argument");
    size_t np = haven_eis_circuit_n_params(c);
    double val[np], lo[np], hi[np];
    int has[np], fixed[np];
    for (size_t k = 0; k < np; k++) {
        val[k] = start ? start[k] : 0;
        has[k] = start != NULL;
        fixed[k] = 0;
        lo[k] = hi[k] = NAN;
    }
    haven_status st = HAVEN_OK;
    if ((o->initial && (st = haven_eis_parse_values(c, o->initial, val, has))) ||
        (o->fixed && (st = haven_eis_parse_values(c, o->fixed, val, fixed))) ||
        (o->bounds && (st = haven_eis_parse_bounds(c, o->bounds, lo, hi))))
        return st;
    for (size_t k = 0; k < np; k++)
        has[k] |= fixed[k];
    haven_eis_fit_options f;
    haven_eis_fit_options_default(&f);
    f.weight = o->weight;
    f.initial = val;
    f.has_initial = has;
    f.fixed = fixed;
    f.lower = lo;
    f.upper = hi;
    f.keep_order = o->keep_order;
    if (o->starts > 0)
        f.max_starts = o->starts;
    return haven_eis_fit(c, d, &f, r);
}

/* The better of a fit from the options alone and one that also starts from
 * the previous spectrum's values (which may fail to converge: then the first
 * stands, unless memory ran out). */
static haven_status fit_spectrum(const haven_eis_job_options *o, const haven_eis_circuit *c,
                                 const haven_eis_data *d, const double *prev,
                                 haven_eis_fit_result *r)
{
    haven_status st = haven_eis_fit_job(c, d, o, NULL, r);
    if (st || !prev)
        return st;
    haven_eis_fit_result r2 = {0};
    haven_status st2 = haven_eis_fit_job(c, d, o, prev, &r2);
    if (st2 == HAVEN_OK && r2.chi2 < r->chi2) {
        haven_eis_fit_result_free(r);
        *r = r2;
        return HAVEN_OK;
    }
    haven_eis_fit_result_free(&r2);
    if (st2 == HAVEN_ERR_NOMEM) {
        haven_eis_fit_result_free(r);
        return st2;
    }
    return HAVEN_OK;
}

/* Summarise one fit: chi2, arcs (classified, assigned), conductivities. */
static haven_status summarise(const haven_eis_job_options *o, const haven_eis_circuit *c,
                              const haven_eis_fit_result *r, haven_eis_batch_spectrum *s)
{
    s->chi2_reduced = r->chi2_reduced;
    s->n_arcs = haven_eis_arcs(c, r, o->thickness_m, o->area_m2, s->arcs, 8);
    if (o->assign && haven_eis_arcs_assign(c, o->assign, s->arcs, s->n_arcs))
        return HAVEN_ERR_ARG;
    for (size_t a = 0; a < s->n_arcs; a++)
        snprintf(s->arc_resistor[a], sizeof s->arc_resistor[a], "%s",
                 haven_eis_circuit_param_name(c, s->arcs[a].r_index));
    return haven_eis_conductivities(c, r, o->thickness_m, o->area_m2, o->assign, s->sigma,
                                    s->has_sigma);
}

static haven_status fit_all(const char *const *paths, const haven_eis_circuit *c,
                            const haven_eis_job_options *o, haven_eis_batch_result *out)
{
    size_t np = haven_eis_circuit_n_params(c);
    double prev[np];
    for (size_t i = 0; i < out->n; i++) {
        if (o->progress)
            o->progress("fit", paths[i], i, out->n, o->progress_user);
        haven_eis_data d;
        haven_eis_fit_result r = {0};
        haven_status st = read_spectrum(paths[i], o, &d);
        if (st)
            return st;
        st = fit_spectrum(o, c, &d, i ? prev : NULL, &r);
        haven_eis_data_free(&d);
        if (st) {
            haven_error_prefix("%s: fit failed: ", paths[i]);
            return st;
        }
        memcpy(prev, r.value, sizeof prev);
        out->spectra[i].value = malloc(sizeof prev);
        if (!out->spectra[i].value) {
            haven_eis_fit_result_free(&r);
            return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
        }
        memcpy(out->spectra[i].value, prev, sizeof prev);
        out->spectra[i].n_params = np;
        st = summarise(o, c, &r, &out->spectra[i]);
        haven_eis_fit_result_free(&r);
        if (st)
            return st;
    }
    if (o->progress)
        o->progress("fit", paths[out->n - 1], out->n, out->n, o->progress_user);
    return HAVEN_OK;
}

/* Weighted fit of ln(sigma T^p) = ln A - Ea/(kB T) through
 * haven_arrhenius_fit, which widens the errors by the Birge ratio when the
 * points scatter more than their errors (impedance fit errors often
 * understate the scatter between samples and temperatures); or why not. */
static void arrhenius_of(haven_eis_batch_result *out, int q)
{
    size_t n = out->n, m = 0, with_arc = 0;
    double x[n], y[n], e[n];
    for (size_t i = 0; i < n; i++) {
        const haven_eis_batch_spectrum *s = &out->spectra[i];
        with_arc += s->has_sigma[q];
        if (!s->has_sigma[q] || !(s->sigma[q].value > 0) || !(s->sigma[q].err > 0))
            continue;
        x[m] = s->temperature_K;
        y[m] = s->sigma[q].value;
        e[m++] = s->sigma[q].err;
    }
    char *why = out->why_no_Ea[q];
    size_t nw = sizeof out->why_no_Ea[q];
    haven_arrhenius_result r;
    if (with_arc == 0)
        snprintf(why, nw,
                 "no spectrum has an arc classified as %s (see the arcs with --json, or name "
                 "them with --assign R1=bulk,R2=gb)",
                 KIND_OF[q]);
    else if (m < 3)
        snprintf(why, nw,
                 "%zu of %zu spectra give a conductivity with a positive standard error (%zu have "
                 "the arc); 3 are needed",
                 m, n, with_arc);
    else if (haven_arrhenius_fit(x, y, e, m, out->arrhenius_power, &r) != HAVEN_OK)
        snprintf(why, nw, "Arrhenius fit failed: %s", haven_last_error());
    else {
        static const char *const WHAT[3] = {"eis batch: Arrhenius fit of sigma_bulk",
                                            "eis batch: Arrhenius fit of sigma_gb",
                                            "eis batch: Arrhenius fit of sigma_total"};
        haven_job_arrhenius_warning(WHAT[q], &r);
        out->Ea[q] = r.Ea;
        out->lnA[q] = r.lnA;
        out->arrhenius[q] = r;
        out->has_Ea[q] = 1;
    }
}

static haven_status check_args(const char *const *paths, const double *T, size_t n,
                               const char *circuit, const haven_eis_job_options *o)
{
    if (!paths || !T || !circuit || !o)
        return haven_fail(HAVEN_ERR_ARG, "haven_eis_batch: NULL argument");
    if (n < 1)
        return haven_fail(HAVEN_ERR_ARG, "eis batch: no spectra");
    if (!(o->thickness_m > 0) || !(o->area_m2 > 0))
        return haven_fail(HAVEN_ERR_ARG,
                          "eis batch: the sample thickness and electrode area must be > 0");
    for (size_t i = 0; i < n; i++)
        if (!paths[i] || !(T[i] > 0) || !isfinite(T[i]))
            return haven_fail(HAVEN_ERR_ARG,
                              "eis batch: spectrum %zu needs a file and a temperature > 0 K", i);
    return HAVEN_OK;
}

haven_status haven_eis_batch(const char *const *paths, const double *T_K, size_t n,
                             const char *circuit, const haven_eis_job_options *opt,
                             haven_eis_batch_result *out)
{
    if (!out)
        return haven_fail(HAVEN_ERR_ARG, "haven_eis_batch: NULL result");
    memset(out, 0, sizeof *out);
    haven_status st = check_args(paths, T_K, n, circuit, opt);
    if (st)
        return st;
    haven_eis_circuit *c = NULL;
    if ((st = haven_eis_circuit_parse(circuit, &c)))
        return st;
    out->circuit = strdup(circuit);
    out->spectra = calloc(n, sizeof *out->spectra);
    out->n = n;
    out->arrhenius_power = opt->arrhenius_power;
    for (size_t i = 0; out->spectra && i < n; i++) {
        out->spectra[i].file = strdup(paths[i]);
        out->spectra[i].temperature_K = T_K[i];
        if (!out->spectra[i].file)
            out->n = i; /* free only what was made */
    }
    if (!out->circuit || !out->spectra || out->n < n)
        st = haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    if (!st)
        st = fit_all(paths, c, opt, out);
    haven_eis_circuit_free(c);
    if (st) {
        haven_eis_batch_result_free(out);
        return st;
    }
    for (int q = 0; q < 3; q++)
        arrhenius_of(out, q);
    return HAVEN_OK;
}

void haven_eis_batch_result_free(haven_eis_batch_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; r->spectra && i < r->n; i++) {
        free(r->spectra[i].file);
        free(r->spectra[i].value);
    }
    free(r->spectra);
    free(r->circuit);
    memset(r, 0, sizeof *r);
}
