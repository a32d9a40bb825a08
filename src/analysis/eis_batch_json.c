/* The `haven eis batch --json` document of a haven_eis_batch_result:
 * conductivities in mS/cm and activation energies in eV, as the CLI prints. */
#include "core/error.h"
#include "core/json.h"
#include "haven/eis.h"

static const char *const NAMES[3] = {"sigma_bulk", "sigma_gb", "sigma_total"};

/* An estimate written in another unit (value * scale). */
static void quantity(haven_json_writer *w, const char *key, haven_estimate e, double scale,
                     const char *unit)
{
    haven_json_quantity(w, key, e.value * scale, e.err * scale, e.lo * scale, e.hi * scale, unit);
}

static void spectrum(haven_json_writer *w, const haven_eis_batch_spectrum *s)
{
    const haven_units *u = haven_json_units(w);
    haven_json_begin_object(w, NULL);
    haven_json_string(w, "file", s->file);
    haven_json_number(w, "temperature_K", s->temperature_K);
    haven_json_number(w, "chi2_reduced", s->chi2_reduced);
    for (int q = 0; q < 3; q++)
        if (s->has_sigma[q])
            quantity(w, NAMES[q], s->sigma[q], u->sigma_scale, u->sigma_unit);
    haven_json_begin_array(w, "arcs");
    for (size_t a = 0; a < s->n_arcs; a++) {
        const haven_eis_arc *x = &s->arcs[a];
        haven_json_begin_object(w, NULL);
        haven_json_string(w, "resistor", s->arc_resistor[a]);
        haven_json_number(w, "tau_s", x->tau);
        haven_json_number(w, "capacitance_normalised_F", x->c_normalised);
        haven_json_string(w, "kind", haven_eis_arc_kind_name(x->kind));
        haven_json_bool(w, "assigned", x->assigned);
        haven_json_end_object(w);
    }
    haven_json_end_array(w);
    haven_json_end_object(w);
}

static void document(haven_json_writer *w, const void *arg)
{
    const haven_eis_batch_result *r = arg;
    haven_json_begin_object(w, NULL);
    haven_json_string(w, "circuit", r->circuit);
    haven_json_int(w, "arrhenius_power", r->arrhenius_power);
    haven_json_begin_array(w, "spectra");
    for (size_t i = 0; i < r->n; i++)
        spectrum(w, &r->spectra[i]);
    haven_json_end_array(w);
    haven_json_begin_object(w, "activation_energy");
    for (int q = 0; q < 3; q++)
        if (r->has_Ea[q])
            haven_json_quantity(w, NAMES[q], r->Ea[q].value / HAVEN_EV, r->Ea[q].err / HAVEN_EV,
                                r->Ea[q].lo / HAVEN_EV, r->Ea[q].hi / HAVEN_EV, "eV");
    haven_json_end_object(w);
    haven_json_begin_object(w, "activation_energy_missing"); /* why a quantity has no E_a */
    for (int q = 0; q < 3; q++)
        if (!r->has_Ea[q])
            haven_json_string(w, NAMES[q], r->why_no_Ea[q]);
    haven_json_end_object(w);
    haven_json_end_object(w);
    haven_json_finish(w);
}

haven_status haven_eis_batch_json_units(const haven_eis_batch_result *r, const haven_units *units,
                                        char **json)
{
    if (!json || !r)
        return haven_fail(HAVEN_ERR_ARG, "haven_eis_batch_json: NULL argument");
    return haven_json_document_units(document, r, units, json);
}

haven_status haven_eis_batch_json(const haven_eis_batch_result *r, char **json)
{
    return haven_eis_batch_json_units(r, NULL, json);
}
