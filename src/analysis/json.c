/* The --json documents of the jobs (the CLI prints them as they are): units
 * cm^2/s, mS/cm (Onsager coefficients as e^2 L_ab) or the writer's
 * haven_units, ps, eV, K; every quantity {"value", "stderr", "ci95", "unit"}. */
#include "analysis/job.h"
#include "core/units.h"

#include "core/error.h"
#include "core/json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static const char *temperature_source(int s)
{
    return s == 1 ? "velocities" : s == 2 ? "file" : "none";
}

static void json_run_header(haven_json_writer *w, const haven_run_result *r)
{
    haven_json_string(w, "file", r->path);
    haven_json_string(w, "format", r->format);
    haven_json_int(w, "n_atoms", (long long)r->n_atoms);
    haven_json_int(w, "n_frames", (long long)r->info.n_frames);
    haven_json_number(w, "frame_interval_ps", r->info.frame_interval * HAVEN_PS_PER_S);
    haven_json_number(w, "duration_ps",
                      (double)(r->info.n_frames - 1) * r->info.frame_interval * HAVEN_PS_PER_S);
    haven_json_begin_object(w, "temperature");
    haven_json_number(w, "value", r->info.temperature);
    haven_json_number(w, "std", r->info.temperature_std);
    haven_json_string(w, "unit", "K");
    haven_json_string(w, "source", temperature_source(r->info.temperature_source));
    haven_json_end_object(w);
    haven_json_number(w, "volume_A3", r->info.volume_mean * 1e30);
}

static void json_est(haven_json_writer *w, const char *key, const haven_estimate *e, double scale,
                     const char *unit)
{
    haven_json_quantity(w, key, e->value * scale, e->err * scale, e->lo * scale, e->hi * scale,
                        unit);
}

/* A diffusion coefficient (m^2/s) and a conductivity (S/m) in the writer's units. */
static void json_D(haven_json_writer *w, const char *key, const haven_estimate *e)
{
    json_est(w, key, e, haven_json_units(w)->D_scale, haven_json_units(w)->D_unit);
}

static void json_sigma(haven_json_writer *w, const char *key, const haven_estimate *e)
{
    json_est(w, key, e, haven_json_units(w)->sigma_scale, haven_json_units(w)->sigma_unit);
}

/* Onsager coefficient L_ab (1/(J m s)) -> e^2 L_ab in the conductivity unit. */
static double onsager_scale(const haven_json_writer *w)
{
    return HAVEN_E_CHARGE * HAVEN_E_CHARGE * haven_json_units(w)->sigma_scale;
}

static void json_d(haven_json_writer *w, const char *key, const haven_dfit_result *f)
{
    json_D(w, key, &f->D);
}

static void json_warnings(haven_json_writer *w, const haven_dfit_result *f)
{
    static const struct {
        int bit;
        const char *name;
    } names[] = {
        {HAVEN_DFIT_WARN_SMALL_MSD, "msd_too_small"},
        {HAVEN_DFIT_WARN_SLOPE, "loglog_slope_not_1"},
        {HAVEN_DFIT_WARN_FEW_OBS, "few_independent_observations"},
        {HAVEN_DFIT_WARN_NEGATIVE, "nonpositive_slope"},
        {HAVEN_DFIT_WARN_MISFIT, "noisier_than_model"},
        {HAVEN_DFIT_WARN_CURVED, "msd_curved"},
        {HAVEN_DFIT_WARN_GLS_OLS, "gls_ols_disagree"},
        {HAVEN_DFIT_WARN_UNDETERMINED, "not_determined"},
    };
    haven_json_begin_array(w, "warnings");
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        if (f->warnings & names[k].bit)
            haven_json_string(w, NULL, names[k].name);
    haven_json_end_array(w);
}

static void json_species(haven_json_writer *w, const haven_species_result *s)
{
    haven_json_string(w, "name", s->name);
    haven_json_int(w, "n_atoms", (long long)s->n_atoms);
    const haven_dfit_result *f = &s->fit;
    json_d(w, "D", f);
    haven_json_bool(w, "diffusive", f->diffusive);
    haven_json_bool(w, "determined", f->determined);
    haven_json_number(w, "D_upper95", f->D_upper95 * haven_json_units(w)->D_scale);
    json_D(w, "D_ols", &f->D_ols);
    haven_json_begin_object(w, "D_axes");
    json_d(w, "x", &s->fit_axis[0]);
    json_d(w, "y", &s->fit_axis[1]);
    json_d(w, "z", &s->fit_axis[2]);
    haven_json_end_object(w);
    haven_json_begin_object(w, "fit");
    haven_json_string(w, "method",
                      f->noise == HAVEN_NOISE_RANDOM_WALK
                          ? "generalised least squares, random-walk covariance"
                          : "generalised least squares, covariance from the data");
    haven_json_string(w, "error",
                      f->err_from_blocks
                          ? "noise model rescaled by the scatter of independent time blocks"
                          : "noise model");
    haven_json_number(w, "error_kappa", f->err_from_blocks ? f->err_kappa : NAN);
    haven_json_number(w, "error_dof", f->err_from_blocks ? f->err_dof : NAN);
    haven_json_number(w, "stderr_model_cm2_s", f->D_err_model * HAVEN_CM2_PER_M2);
    haven_json_string(w, "window_rule", f->window_rule);
    haven_json_number(w, "alpha2_peak", f->alpha2_peak);
    haven_json_number(w, "alpha2_peak_ps", f->alpha2_peak_t * HAVEN_PS_PER_S);
    haven_json_number(w, "walker_correlation", f->walker_corr);
    haven_json_number(w, "white_noise_fraction", f->white_noise);
    haven_json_number(w, "linearity_z", f->linear_z);
    haven_json_number(w, "gls_ols_z", f->gls_ols_z);
    haven_json_number(w, "start_ps", f->start * HAVEN_PS_PER_S);
    haven_json_number(w, "end_ps", f->end * HAVEN_PS_PER_S);
    haven_json_int(w, "n_lags", (long long)f->n_points);
    haven_json_number(w, "msd_slope_loglog", f->slope_loglog);
    haven_json_number(w, "msd_end_A2", f->msd_end * HAVEN_A2_PER_M2);
    haven_json_number(w, "intercept_A2", f->intercept * HAVEN_A2_PER_M2);
    haven_json_number(w, "n_independent", f->n_independent);
    haven_json_number(w, "chi2_reduced", f->chi2_red);
    json_warnings(w, f);
    haven_json_end_object(w);
}

static const char *frame_name(const haven_run_result *r, int frame)
{
    return frame < 0 ? "barycentric" : r->sp[frame].name;
}

static void json_transference(haven_json_writer *w, const haven_run_result *r,
                              const haven_conductivity *c)
{
    for (size_t a = 0; a < r->n_species; a++) {
        haven_json_begin_object(w, NULL);
        haven_json_string(w, "name", r->sp[a].name);
        haven_json_string(w, "frame", frame_name(r, c->frame));
        json_est(w, "ideal", &c->t_ideal[a], 1, "1");
        json_est(w, "correlated", &c->t_corr[a], 1, "1");
        json_sigma(w, "sigma_part", &c->sigma_part[a]);
        haven_json_end_object(w);
    }
}

static void json_onsager(haven_json_writer *w, const haven_run_result *r,
                         const haven_conductivity *c, const char *key)
{
    size_t K = r->n_species;
    haven_json_begin_object(w, key);
    haven_json_string(w, "frame", frame_name(r, c->frame));
    haven_json_string(w, "quantity", "e^2 L_ab");
    haven_json_string(w, "unit", haven_json_units(w)->sigma_unit);
    haven_json_begin_array(w, "pairs");
    for (size_t a = 0; a < K; a++)
        for (size_t b = a; b < K; b++) {
            size_t p = haven_pair_index(a, b, K);
            haven_json_begin_object(w, NULL);
            haven_json_string(w, "a", r->sp[a].name);
            haven_json_string(w, "b", r->sp[b].name);
            json_est(w, "L", &c->L[p], onsager_scale(w), haven_json_units(w)->sigma_unit);
            json_est(w, "self", &c->L_self[p], onsager_scale(w), haven_json_units(w)->sigma_unit);
            json_est(w, "distinct", &c->L_distinct[p], onsager_scale(w),
                     haven_json_units(w)->sigma_unit);
            haven_json_end_object(w);
        }
    haven_json_end_array(w);
    haven_json_end_object(w);
}

static void json_tensor(haven_json_writer *w, const char *key, const haven_tensor *t, double scale,
                        const char *unit)
{
    haven_json_begin_object(w, key);
    haven_json_string(w, "unit", unit);
    haven_json_begin_array(w, "components");
    for (int a = 0; a < 3; a++) {
        haven_json_begin_array(w, NULL);
        for (int b = 0; b < 3; b++)
            haven_json_number(w, NULL, t->comp[a][b].value * scale);
        haven_json_end_array(w);
    }
    haven_json_end_array(w);
    haven_json_begin_array(w, "principal");
    for (int k = 0; k < 3; k++) {
        double v = t->principal[k] * scale, e = t->principal_err[k] * scale;
        haven_json_begin_object(w, NULL);
        haven_json_number(w, "value", v);
        haven_json_number(w, "stderr", e);
        haven_json_begin_array(w, "axis");
        for (int c = 0; c < 3; c++)
            haven_json_number(w, NULL, t->axes[k][c]);
        haven_json_end_array(w);
        haven_json_end_object(w);
    }
    haven_json_end_array(w);
    haven_json_number(w, "anisotropy", t->anisotropy);
    haven_json_end_object(w);
}

static void json_dimensionality(haven_json_writer *w, const haven_tensor *t)
{
    haven_json_begin_object(w, "dimensionality");
    haven_json_int(w, "value", t->dimensionality);
    haven_json_string(w, "criterion",
                      "principal directions whose 95% upper bound reaches 10% of "
                      "the largest principal conductivity");
    haven_json_end_object(w);
}

static void json_gk_value(haven_json_writer *w, const char *key, const haven_gk_value *v,
                          double scale, const char *unit)
{
    if (!v->ok) {
        haven_json_null(w, key);
        return;
    }
    json_est(w, key, &v->est, scale, unit);
    haven_json_number(w, "window_start_ps", v->window_start * HAVEN_PS_PER_S);
    haven_json_number(w, "window_end_ps", v->window_end * HAVEN_PS_PER_S);
}

static void json_gk_self(haven_json_writer *w, const haven_run_result *r)
{
    haven_json_begin_array(w, "D");
    for (size_t a = 0; a < r->n_species; a++) {
        const haven_gk_value *v = &r->gk.D[a];
        const haven_dfit_result *d = &r->tracer[a];
        haven_estimate msd = d->D;
        haven_json_begin_object(w, NULL);
        haven_json_string(w, "name", r->sp[a].name);
        json_gk_value(w, "D", v, haven_json_units(w)->D_scale, haven_json_units(w)->D_unit);
        json_D(w, "D_msd", &msd);
        haven_json_number(w, "z_vs_msd", v->ok ? haven_estimate_z(&v->est, &msd) : NAN);
        haven_json_number(w, "vacf_lag1", v->lag1);
        haven_json_int(w, "n_blocks", (long long)v->n_blocks);
        haven_json_end_object(w);
    }
    haven_json_end_array(w);
    haven_json_string(w, "D_note", r->gk.self_note);
}

static void json_gk_onsager(haven_json_writer *w, const haven_run_result *r)
{
    size_t K = r->n_species;
    haven_json_begin_array(w, "onsager");
    for (size_t a = 0; a < K; a++)
        for (size_t b = a; b < K; b++) {
            size_t p = haven_pair_index(a, b, K);
            haven_json_begin_object(w, NULL);
            haven_json_string(w, "a", r->sp[a].name);
            haven_json_string(w, "b", r->sp[b].name);
            json_gk_value(w, "L", &r->gk.L[p], onsager_scale(w), haven_json_units(w)->sigma_unit);
            haven_json_number(w, "z_vs_einstein_helfand",
                              r->gk.L[p].ok ? haven_estimate_z(&r->gk.L[p].est, &r->bary.L[p])
                                            : NAN);
            haven_json_end_object(w);
        }
    haven_json_end_array(w);
}

static void json_green_kubo(haven_json_writer *w, const haven_run_result *r)
{
    haven_json_begin_object(w, "green_kubo");
    haven_json_string(
        w, "method",
        "running integral averaged over [2m,4m], m the first lag where its drift over "
        "[m,2m] and [2m,4m] is within 2 standard errors; errors from 10 blocks of the "
        "run (sigma, L; D*: window from 10 groups of atoms, error from 5 blocks); "
        "docs/greenkubo.md");
    haven_json_bool(w, "ok", r->gk.ok);
    if (r->gk.ok) {
        json_sigma(w, "sigma", &r->gk.sigma);
        haven_json_number(w, "plateau_start_ps", r->gk.plateau_start * HAVEN_PS_PER_S);
        haven_json_number(w, "plateau_end_ps", r->gk.plateau_end * HAVEN_PS_PER_S);
        haven_json_number(w, "z_vs_einstein_helfand",
                          haven_estimate_z(&r->gk.sigma, &r->bary.sigma));
    }
    haven_json_int(w, "n_blocks", (long long)r->gk.n_blocks);
    haven_json_number(w, "acf_lag1", r->gk.acf_lag1);
    haven_json_string(w, "note", r->gk.note);
    if (r->gk.L)
        json_gk_onsager(w, r);
    if (r->gk.D)
        json_gk_self(w, r);
    else
        haven_json_string(w, "D_note", r->gk.self_note);
    haven_json_end_object(w);
}

static void json_analyze_run(haven_json_writer *w, const haven_run_result *r)
{
    json_run_header(w, r);
    haven_json_begin_object(w, "temperature_used");
    haven_json_number(w, "value", r->T);
    haven_json_string(w, "unit", "K");
    haven_json_string(w, "source", r->T_source);
    haven_json_end_object(w);
    haven_json_begin_array(w, "species");
    for (size_t a = 0; a < r->n_species; a++) {
        haven_json_begin_object(w, NULL);
        json_species(w, &r->sp[a]);
        haven_json_number(w, "charge", r->charge[a]);
        haven_json_number(w, "concentration_per_nm3", r->count[a] / r->info.volume_mean * 1e-27);
        json_tensor(w, "D_tensor", &r->dtensor[a], haven_json_units(w)->D_scale,
                    haven_json_units(w)->D_unit);
        haven_json_end_object(w);
    }
    haven_json_end_array(w);
    const haven_conductivity *c = &r->bary;
    json_sigma(w, "sigma", &c->sigma);
    const haven_dfit_result *f = &c->charge_fit;
    haven_json_begin_object(w, "sigma_fit");
    haven_json_number(w, "start_ps", f->start * 1e12);
    haven_json_number(w, "end_ps", f->end * 1e12);
    haven_json_string(w, "error",
                      f->err_from_blocks
                          ? "noise model rescaled by the scatter of independent time blocks"
                          : "noise model");
    haven_json_number(w, "error_kappa", f->err_from_blocks ? f->err_kappa : NAN);
    haven_json_number(w, "error_dof", f->err_from_blocks ? f->err_dof : NAN);
    haven_json_number(w, "stderr_model_rel", f->D_err_model / f->D.value);
    haven_json_number(w, "white_noise_fraction", f->white_noise);
    haven_json_number(w, "linearity_z", f->linear_z);
    haven_json_number(w, "chi2_reduced", f->chi2_red);
    haven_json_end_object(w);
    json_sigma(w, "sigma_NE", &c->sigma_ne);
    json_D(w, "D_sigma", &c->d_sigma);
    json_est(w, "haven_ratio", &c->haven_ratio, 1, "1");
    haven_json_begin_array(w, "transference");
    json_transference(w, r, c);
    if (r->frame_index >= 0)
        json_transference(w, r, &r->framed);
    haven_json_end_array(w);
    json_onsager(w, r, c, "onsager");
    if (r->frame_index >= 0)
        json_onsager(w, r, &r->framed, "onsager_frame");
    json_tensor(w, "sigma_tensor", &c->tensor, haven_json_units(w)->sigma_scale,
                haven_json_units(w)->sigma_unit);
    json_dimensionality(w, &c->tensor);
    if (r->have_gk)
        json_green_kubo(w, r);
}

/* An energy (J) in eV. */
static void json_ev(haven_json_writer *w, const char *key, const haven_estimate *e)
{
    haven_json_quantity(w, key, e->value / HAVEN_EV, e->err / HAVEN_EV, e->lo / HAVEN_EV,
                        e->hi / HAVEN_EV, "eV");
}

void haven_job_json_arrhenius_fit(haven_json_writer *w, const haven_arrhenius_result *f,
                               double pre_scale, const char *pre_unit)
{
    double q = f->q95;
    json_ev(w, "Ea", &f->Ea);
    double A = exp(f->lnA.value) * pre_scale;
    haven_json_quantity(w, "prefactor", A, A * f->lnA.err, A * exp(-q * f->lnA.err),
                        A * exp(q * f->lnA.err), pre_unit);
    haven_json_number(w, "chi2", f->chi2);
    haven_json_number(w, "aic", f->aic);
    haven_json_number(w, "bic", f->bic);
}

static void json_series(haven_json_writer *w, const haven_series_result *s,
                        const haven_run_result *first)
{
    if (!s->ok) {
        haven_json_null(w, "arrhenius");
        haven_json_string(w, "arrhenius_note", s->note);
        return;
    }
    char key[32];
    haven_json_begin_object(w, "arrhenius");
    haven_json_string(w, "model", "sigma T = A exp(-Ea / kT); D = A exp(-Ea / kT)");
    const haven_units *u = haven_json_units(w);
    char sigma_T[48]; /* the prefactor of sigma T: S/m K -> mS/cm K */
    snprintf(sigma_T, sizeof sigma_T, "%s K", u->sigma_unit);
    haven_job_json_arrhenius_fit(w, &s->sigma, u->sigma_scale, sigma_T);
    haven_json_number(w, "T_extrapolated", s->at);
    snprintf(key, sizeof key, "sigma_%.0fK", s->at);
    json_sigma(w, key, &s->sigma_at);
    snprintf(key, sizeof key, "D_%.0fK", s->at);
    haven_json_begin_object(w, key);
    for (size_t a = 0; a < s->n_species; a++)
        json_D(w, first->sp[a].name, &s->D_at[a]);
    haven_json_end_object(w);
    haven_json_begin_object(w, "D");
    for (size_t a = 0; a < s->n_species; a++) {
        haven_json_begin_object(w, first->sp[a].name);
        haven_job_json_arrhenius_fit(w, &s->D[a], u->D_scale, u->D_unit);
        haven_json_end_object(w);
    }
    haven_json_end_object(w);
    if (s->have_vft) {
        const haven_vft_result *v = &s->vft;
        haven_json_begin_object(w, "vft");
        json_ev(w, "B", &v->B);
        json_est(w, "T0", &v->T0, 1, "K");
        haven_json_number(w, "aic", v->aic);
        haven_json_number(w, "bic", v->bic);
        haven_json_end_object(w);
        haven_json_string(w, "preferred", v->aic < s->sigma.aic ? "vft" : "arrhenius");
    }
    if (s->have_entropy)
        json_est(w, "activation_entropy", &s->dS, 1 / HAVEN_KB, "k_B");
    haven_json_end_object(w);
}

static void json_pool(haven_json_writer *w, const haven_pool_result *p)
{
    haven_json_begin_object(w, "pooled");
    haven_json_int(w, "n_runs", p->n_species ? (long long)p->fit[0].n_runs : 0);
    haven_json_begin_array(w, "species");
    for (size_t g = 0; g < p->n_species; g++) {
        const haven_dfit_pool *f = &p->fit[g];
        const haven_dfit_result *d = &f->pooled;
        haven_json_begin_object(w, NULL);
        haven_json_string(w, "name", p->name[g]);
        json_D(w, "D", &d->D);
        haven_json_bool(w, "diffusive", d->diffusive);
        haven_json_number(w, "D_upper95", d->D_upper95 * haven_json_units(w)->D_scale);
        haven_json_number(w, "start_ps", d->start * HAVEN_PS_PER_S);
        haven_json_number(w, "end_ps", d->end * HAVEN_PS_PER_S);
        haven_json_string(w, "window_rule", d->window_rule);
        haven_json_bool(w, "runs_agree", f->agree);
        haven_json_number(w, "chi2", f->chi2);
        haven_json_int(w, "dof", (long long)f->n_runs - 1);
        haven_json_number(w, "p_value", f->p_value);
        haven_json_number(w, "birge", f->birge);
        haven_json_begin_array(w, "per_run");
        for (size_t r = 0; r < f->n_runs; r++) {
            const haven_dfit_result *q = &f->per_run[r];
            json_D(w, NULL, &q->D);
        }
        haven_json_end_array(w);
        haven_json_end_object(w);
    }
    haven_json_end_array(w);
    if (p->have_sigma) {
        const haven_estimate_pool *q = &p->sigma;
        json_sigma(w, "sigma", &q->mean);
        haven_json_begin_object(w, "sigma_pooling");
        haven_json_string(w, "method", "inverse-variance mean of the runs' Einstein-Helfand sigma");
        haven_json_bool(w, "runs_agree", q->agree);
        haven_json_number(w, "chi2", q->chi2);
        haven_json_number(w, "p_value", q->p_value);
        haven_json_number(w, "birge", q->birge);
        haven_json_end_object(w);
    }
    haven_json_end_object(w);
}

/* haven diffusion: the file fields and the species' D*. */
static void json_diffusion_run(haven_json_writer *w, const haven_run_result *r)
{
    json_run_header(w, r);
    haven_json_begin_array(w, "species");
    for (size_t g = 0; g < r->n_species; g++) {
        haven_json_begin_object(w, NULL);
        json_species(w, &r->sp[g]);
        haven_json_end_object(w);
    }
    haven_json_end_array(w);
}

static void json_run(haven_json_writer *w, const haven_analysis *a, const haven_run_result *r)
{
    if (a->job == HAVEN_JOB_DIFFUSION)
        json_diffusion_run(w, r);
    else
        json_analyze_run(w, r);
}

/* The same shape for one run and several (docs/json-schema.md): "runs",
 * then the pool or the series; arrhenius: the series only. */
static void json_document(haven_json_writer *w, const haven_analysis *a)
{
    haven_json_begin_object(w, NULL);
    haven_json_string(w, "haven_version", haven_version());
    haven_json_int(w, "schema_version", HAVEN_JSON_SCHEMA_VERSION);
    if (a->job != HAVEN_JOB_ARRHENIUS) {
        haven_json_begin_array(w, "runs");
        for (size_t k = 0; k < a->n_runs; k++) {
            haven_json_begin_object(w, NULL);
            json_run(w, a, &a->runs[k]);
            haven_json_end_object(w);
        }
        haven_json_end_array(w);
    }
    if (a->have_pool)
        json_pool(w, &a->pool);
    else if (a->have_series)
        json_series(w, &a->series, &a->runs[0]);
    haven_json_end_object(w);
    haven_json_finish(w);
}

static void write_document(haven_json_writer *w, const void *a)
{
    json_document(w, a);
}

haven_status haven_analysis_json(const haven_analysis *a, char **json)
{
    return haven_analysis_json_units(a, NULL, json);
}

haven_status haven_analysis_json_units(const haven_analysis *a, const haven_units *units,
                                       char **json)
{
    *json = NULL;
    if (!a)
        return haven_fail(HAVEN_ERR_ARG, "no result");
    return haven_json_document_units(write_document, a, units, json);
}
