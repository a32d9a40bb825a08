/* The `haven kmc --json` document (docs/json-schema.md): the setting, then
 * "runs" (one per temperature, or per cell size) with per-species objects
 * as `haven diffusion` has them, "arrhenius" over >= 3 temperatures and
 * "finite_size" over the sizes. D in cm^2/s, sigma in mS/cm, E_a in eV;
 * every quantity {"value", "stderr", "ci95", "unit"}. */
#include "analysis/job.h"
#include "haven/kmc.h"

#include "core/error.h"
#include "core/json.h"
#include "core/units.h"

#include <math.h>

/* An estimate (SI) scaled to the display unit. */
static void json_est(haven_json_writer *w, const char *key, haven_estimate e, double scale,
                     const char *unit)
{
    haven_json_quantity(w, key, e.value * scale, e.err * scale, e.lo * scale, e.hi * scale, unit);
}

static void json_lattice(haven_json_writer *w, const haven_kmc_sweep *s)
{
    haven_json_begin_object(w, "lattice");
    haven_json_string(w, "name", s->lattice);
    haven_json_begin_array(w, "cells");
    for (int k = 0; k < 3; k++)
        haven_json_int(w, NULL, s->cells[k]);
    haven_json_end_array(w);
    haven_json_int(w, "sites", (long long)s->sites);
    haven_json_int(w, "coordination", s->coordination);
    haven_json_int(w, "dimension", s->dimension);
    haven_json_number(w, "volume_m3", s->volume);
    haven_json_number(w, "a_A", s->a * HAVEN_A_PER_M);
    haven_json_end_object(w);
}

static void json_setting(haven_json_writer *w, const haven_kmc_sweep *s)
{
    const haven_kmc_params *p = &s->params;
    haven_json_string(w, "command", "kmc");
    json_lattice(w, s);
    haven_json_begin_array(w, "species");
    for (size_t k = 0; k < p->n_species; k++) {
        haven_json_begin_object(w, NULL);
        haven_json_string(w, "name", p->species[k].name);
        haven_json_number(w, "charge", p->species[k].charge);
        haven_json_number(w, "fraction", p->species[k].fraction);
        haven_json_end_object(w);
    }
    haven_json_end_array(w);
    haven_json_number(w, "nu0_Hz", p->nu0);
    haven_json_number(w, "barrier_eV", p->barrier / HAVEN_EV);
    haven_json_number(w, "interaction_eV", p->interaction / HAVEN_EV);
    haven_json_string(w, "disorder", s->disorder);
    haven_json_begin_array(w, "field_V_per_m");
    for (int k = 0; k < 3; k++)
        haven_json_number(w, NULL, p->field[k]);
    haven_json_end_array(w);
    haven_json_int(w, "replicas", p->n_replicas);
    haven_json_int(w, "hops", p->hops);
    haven_json_int(w, "seed", (long long)p->seed);
}

static void json_species(haven_json_writer *w, const haven_kmc_params *p, const haven_kmc_result *r)
{
    haven_json_begin_array(w, "species");
    for (size_t k = 0; k < p->n_species; k++) {
        haven_json_begin_object(w, NULL);
        haven_json_string(w, "name", p->species[k].name);
        json_est(w, "D", r->D[k], haven_json_units(w)->D_scale, haven_json_units(w)->D_unit);
        json_est(w, "jump_rate", r->jump_rate[k], 1, "1/s");
        haven_json_end_object(w);
    }
    haven_json_end_array(w);
}

static void json_diagnostics(haven_json_writer *w, const haven_kmc_result *r)
{
    haven_json_number(w, "jumps", r->jumps);
    haven_json_number(w, "measured_hops", r->measured_hops);
    haven_json_number(w, "equil_hops", r->equil_hops);
    haven_json_int(w, "equil_unsettled", r->equil_unsettled);
    haven_json_number(w, "block_time_s", r->block_time);
    haven_json_number(w, "block_hops_per_ion", r->block_hops);
    haven_json_number(w, "window_time_s", r->window_time);
    haven_json_int(w, "blocks_settled", r->blocks_settled);
    haven_json_int(w, "windows_settled", r->windows_settled);
    haven_json_number(w, "hops_per_second", r->jumps / r->elapsed);
    haven_json_int(w, "error_units", r->n_units);
    if (!r->n_bins)
        return;
    haven_json_begin_array(w, "occupation");
    for (int b = 0; b < r->n_bins; b++) {
        haven_json_begin_object(w, NULL);
        haven_json_number(w, "E_eV", r->bin_energy[b] / HAVEN_EV);
        haven_json_number(w, "sites", r->bin_sites[b]);
        haven_json_number(w, "occupancy", r->bin_occupation[b]);
        haven_json_end_object(w);
    }
    haven_json_end_array(w);
}

static void json_point(haven_json_writer *w, const haven_kmc_sweep *s, size_t i)
{
    const haven_kmc_result *r = &s->point[i];
    haven_json_number(w, "T", r->temperature);
    if (s->size_sweep) {
        haven_json_int(w, "cells", s->size_cells[i]);
        haven_json_number(w, "sites", s->size_sites[i]);
    }
    json_species(w, &s->params, r);
    json_est(w, "D_tracer", r->D_tracer, haven_json_units(w)->D_scale, haven_json_units(w)->D_unit);
    json_est(w, "D_sigma", r->D_sigma, haven_json_units(w)->D_scale, haven_json_units(w)->D_unit);
    json_est(w, "correlation_factor", r->correlation, 1, "1");
    json_est(w, "correlation_factor_cos", r->correlation_cos, 1, "1");
    json_est(w, "haven_ratio", r->haven_ratio, 1, "1");
    json_est(w, "block_bias", r->block_bias, 1, "1");
    if (isfinite(r->window_bias.value))
        json_est(w, "window_bias", r->window_bias, 1, "1");
    json_est(w, "sigma", r->sigma, haven_json_units(w)->sigma_scale, haven_json_units(w)->sigma_unit);
    if (isfinite(r->sigma_field.value))
        json_est(w, "sigma_field", r->sigma_field, haven_json_units(w)->sigma_scale, haven_json_units(w)->sigma_unit);
    json_diagnostics(w, r);
}

/* As `haven arrhenius`: "Ea" etc. of sigma T at the top, D* per species
 * under "D". */
static void json_activation(haven_json_writer *w, const haven_kmc_sweep *s)
{
    haven_json_begin_object(w, "arrhenius");
    haven_json_string(w, "model", "sigma T = A exp(-Ea / kT); D = A exp(-Ea / kT)");
    char sigma_T[48]; /* the prefactor of sigma T */
    snprintf(sigma_T, sizeof sigma_T, "%s K", haven_json_units(w)->sigma_unit);
    if (s->Ea_sigma_ok)
        haven_job_json_arrhenius_fit(w, &s->Ea_sigma, haven_json_units(w)->sigma_scale, sigma_T);
    haven_json_begin_object(w, "D");
    for (size_t k = 0; k < s->params.n_species; k++)
        if (s->Ea_D_ok[k]) {
            haven_json_begin_object(w, s->params.species[k].name);
            haven_job_json_arrhenius_fit(w, &s->Ea_D[k], haven_json_units(w)->D_scale, haven_json_units(w)->D_unit);
            haven_json_end_object(w);
        }
    haven_json_end_object(w);
    haven_json_end_object(w);
}

static void json_size_fit(haven_json_writer *w, const char *key, const haven_kmc_size_fit *f,
                          double scale, const char *unit)
{
    haven_json_begin_object(w, key);
    json_est(w, "value_infinite", f->y_inf, scale, unit);
    haven_json_number(w, "slope", f->slope * scale);
    haven_json_number(w, "slope_stderr", f->slope_err * scale);
    haven_json_number(w, "chi2", f->chi2);
    haven_json_int(w, "dof", (long long)f->dof);
    haven_json_number(w, "birge", f->birge);
    haven_json_end_object(w);
}

/* y = y_inf + a/sites: D* per species (in "species"), f, f (cos), D_sigma. */
static void json_sizes(haven_json_writer *w, const haven_kmc_sweep *s)
{
    size_t ns = s->params.n_species;
    haven_json_begin_object(w, "finite_size");
    haven_json_string(w, "model", "y = y_inf + a / sites");
    haven_json_begin_array(w, "species");
    for (size_t k = 0; k < ns; k++) {
        haven_json_begin_object(w, NULL);
        haven_json_string(w, "name", s->params.species[k].name);
        if (s->size_fit_ok[k])
            json_size_fit(w, "D", &s->size_fit[k], haven_json_units(w)->D_scale, haven_json_units(w)->D_unit);
        haven_json_end_object(w);
    }
    haven_json_end_array(w);
    for (size_t q = ns; q < s->n_size_fits; q++)
        if (s->size_fit_ok[q]) {
            int d = q == ns + 2;
            json_size_fit(w, haven_kmc_sweep_size_name(s, q), &s->size_fit[q],
                          d ? haven_json_units(w)->D_scale : 1, d ? haven_json_units(w)->D_unit : "1");
        }
    haven_json_end_object(w);
}

static void write_document(haven_json_writer *w, const void *arg)
{
    const haven_kmc_sweep *s = arg;
    haven_json_begin_object(w, NULL);
    haven_json_string(w, "haven_version", haven_version());
    haven_json_int(w, "schema_version", HAVEN_JSON_SCHEMA_VERSION);
    json_setting(w, s);
    haven_json_begin_array(w, "runs");
    for (size_t i = 0; i < s->n_points; i++) {
        haven_json_begin_object(w, NULL);
        json_point(w, s, i);
        haven_json_end_object(w);
    }
    haven_json_end_array(w);
    if (s->have_activation)
        json_activation(w, s);
    if (s->size_sweep)
        json_sizes(w, s);
    haven_json_end_object(w);
    haven_json_finish(w);
}

haven_status haven_kmc_sweep_json_units(const haven_kmc_sweep *s, const haven_units *units,
                                        char **json)
{
    *json = NULL;
    if (!s)
        return haven_fail(HAVEN_ERR_ARG, "no result");
    return haven_json_document_units(write_document, s, units, json);
}

haven_status haven_kmc_sweep_json(const haven_kmc_sweep *s, char **json)
{
    return haven_kmc_sweep_json_units(s, NULL, json);
}
