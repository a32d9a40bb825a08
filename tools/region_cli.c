/* haven diffusion --region SPEC: the conditional MSD, survival, entries and
 * exits and D of each species inside a slab, a sphere or a shell around a
 * species (docs/structure.md, Regions). */
#include "region_cli.h"
#include "units_cli.h"

#include "cli.h"
#include "haven/analysis.h"
#include "haven/regions.h"
#include "json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char region_cli_help[] =
    "  --region SPEC      D* only while inside a region: slab:AXIS:LO:HI (AXIS a, b\n"
    "                     or c; fractional bounds), sphere:X,Y,Z:R (fractional centre,\n"
    "                     radius in A) or near:SPECIES:R (within R A of its atoms)\n";

typedef struct {
    haven_region reg;
    const char *near_species;
} region_spec;

static int bad_spec(const char *spec)
{
    cli_error("--region: '%s' is not slab:AXIS:LO:HI, sphere:X,Y,Z:R or near:SPECIES:R", spec);
    return CLI_USAGE;
}

static int parse_spec(const char *spec, region_spec *r, char *buf, size_t cap)
{
    memset(r, 0, sizeof *r);
    snprintf(buf, cap, "%s", spec);
    char *save, *kind = strtok_r(buf, ":", &save), *a = strtok_r(NULL, ":", &save),
                *b = strtok_r(NULL, ":", &save), *c = strtok_r(NULL, ":", &save);
    if (!kind || !a || !b)
        return bad_spec(spec);
    if (!strcmp(kind, "slab")) {
        r->reg.kind = HAVEN_REGION_SLAB;
        r->reg.axis = a[0] >= 'a' && a[0] <= 'c' && !a[1] ? a[0] - 'a' : -1;
        if (r->reg.axis < 0 || !c || cli_parse_double(b, &r->reg.lo) != 0 ||
            cli_parse_double(c, &r->reg.hi) != 0)
            return bad_spec(spec);
        return CLI_OK;
    }
    double radius;
    if (c || cli_parse_double(b, &radius) != 0 || !(radius > 0))
        return bad_spec(spec);
    r->reg.radius = radius * HAVEN_ANGSTROM;
    if (!strcmp(kind, "near")) {
        r->reg.kind = HAVEN_REGION_NEAR;
        r->near_species = a;
        return CLI_OK;
    }
    if (strcmp(kind, "sphere") ||
        sscanf(a, "%lf,%lf,%lf", &r->reg.centre[0], &r->reg.centre[1], &r->reg.centre[2]) != 3)
        return bad_spec(spec);
    r->reg.kind = HAVEN_REGION_SPHERE;
    return CLI_OK;
}

static void flags(haven_traj *t, const char *list, int *out)
{
    for (size_t i = 0; i < haven_traj_n_atoms(t); i++)
        out[i] = haven_species_selected(
            list, haven_traj_species_name(t, (size_t)haven_traj_atom_species(t, i)));
}

/* sigma = n q^2 D / kT of the ions in the region (S/m); NAN without a
 * region volume (near) or a charge. */
typedef struct {
    int want;
    double q, T;
    haven_estimate sigma;
} region_sigma;

static void ne_sigma(region_sigma *s, const haven_region_msd *m)
{
    double c = m->mean_inside / m->volume * s->q * s->q * HAVEN_E_CHARGE * HAVEN_E_CHARGE /
               (HAVEN_KB * s->T);
    s->sigma = (haven_estimate){c * m->D.value, c * m->D.err, c * m->D.lo, c * m->D.hi, "S/m"};
}

static void print_one(const run_opts *o, json_writer *w, const char *file, const char *sp,
                      const haven_region_msd *m, const region_sigma *sg)
{
    const double cm2 = cli_D_unit.scale, mScm = cli_sigma_unit.scale; /* --units */
    const haven_estimate *S = &sg->sigma;
    if (o->json) {
        json_begin_object(w, NULL);
        json_string(w, "file", file);
        json_string(w, "species", sp);
        json_number(w, "mean_inside", m->mean_inside);
        json_number(w, "region_volume_A3", m->volume / 1e-30);
        json_int(w, "entries", (long long)m->entries);
        json_int(w, "exits", (long long)m->exits);
        json_int(w, "fit_lags", (long long)m->fit_lags);
        json_number(w, "fit_end_ps", m->fit_lags * m->dt / HAVEN_PS);
        json_quantity(w, "D", m->D.value * cm2, m->D.err * cm2, m->D.lo * cm2, m->D.hi * cm2,
                      cli_D_unit.name);
        if (sg->want) {
            json_number(w, "charge_e", sg->q);
            json_number(w, "temperature_K", sg->T);
            json_quantity(w, "sigma_NE", S->value * mScm, S->err * mScm, S->lo * mScm, S->hi * mScm,
                          cli_sigma_unit.name);
        }
        json_end_object(w);
        return;
    }
    printf("%s, %s: %.4g inside on average, %zu entries, %zu exits; D%s (lags to %.4g ps):\n"
           "  %12.5g +- %-10.3g [%.5g, %.5g] %s\n",
           file, sp, m->mean_inside, m->entries, m->exits, m->msd_par ? "_parallel" : "",
           m->fit_lags * m->dt / HAVEN_PS, m->D.value * cm2, m->D.err * cm2, m->D.lo * cm2,
           m->D.hi * cm2, cli_D_unit.name);
    if (sg->want)
        printf("  sigma_NE (q = %g, T = %g K, n = %.4g per A^3): %12.5g +- %-10.3g [%.5g, %.5g] "
               "%s\n",
               sg->q, sg->T, m->mean_inside / m->volume * 1e-30, S->value * mScm, S->err * mScm,
               S->lo * mScm, S->hi * mScm, cli_sigma_unit.name);
}

static int write_csv(const run_opts *o, cli_outset *set, const char *sp, size_t k,
                     const haven_region_msd *m)
{
    char name[128];
    snprintf(name, sizeof name, "%s/region_msd_%zu_%s.csv", o->csv_dir, k, sp);
    FILE *fp = cli_outset_open(set, name);
    if (!fp)
        return CLI_FAIL;
    fprintf(fp, "t_ps,msd_A2,msd_parallel_A2,survival,pairs\n");
    for (size_t L = 0; L < m->n_lags; L++)
        fprintf(fp, "%.8g,%.8g,%.8g,%.6g,%.0f\n", L * m->dt / HAVEN_PS, m->msd[L] / 1e-20,
                m->msd_par ? m->msd_par[L] / 1e-20 : NAN, m->survival[L], m->n_obs[L]);
    return CLI_OK;
}

/* One species of one file. */
static int one(const run_opts *o, const region_spec *rs, const char *file, const char *sp,
               haven_region_msd *m)
{
    haven_traj *t;
    if (haven_traj_open(file, &o->a.traj, &t) != HAVEN_OK)
        return cli_lib_error(file);
    size_t n = haven_traj_n_atoms(t);
    int *sel = calloc(n ? n : 1, sizeof *sel), *near = calloc(n ? n : 1, sizeof *near);
    int rc = sel && near ? CLI_OK : (cli_error("out of memory"), CLI_FAIL);
    haven_region reg = rs->reg;
    if (rc == CLI_OK) {
        flags(t, sp, sel);
        flags(t, rs->near_species ? rs->near_species : "", near);
        reg.near_atoms = near;
    }
    haven_region_options ro;
    haven_region_options_init(&ro);
    ro.max_bytes = o->a.max_bytes;
    ro.drift = o->a.drift && !strcmp(o->a.drift, "none") ? HAVEN_DRIFT_NONE : HAVEN_DRIFT_SYSTEM;
    if (rc == CLI_OK && haven_region_msd_compute(t, sel, &reg, &ro, m) != HAVEN_OK)
        rc = cli_lib_error(file);
    free(sel), free(near);
    haven_traj_free(t);
    return rc;
}

/* Charge and temperature of species sp in file k, for sigma. */
static int sigma_setup(const run_opts *o, const char *charges, const double *T, size_t nT,
                       haven_traj *t, size_t k, const char *sp, region_sigma *sg)
{
    memset(sg, 0, sizeof *sg);
    if (!charges)
        return CLI_OK;
    int found;
    if (haven_charge_lookup(charges, sp, &sg->q, &found) != HAVEN_OK)
        return cli_lib_error("--charges");
    sg->T = nT ? T[k] : haven_traj_file_temperature(t);
    if (!(sg->T > 0))
        return cli_error("%s: no temperature: give --temperature", o->files[k]), CLI_FAIL;
    sg->want = found && sg->q != 0;
    return CLI_OK;
}

int region_cli_run(const run_opts *o, const char *spec, const char *charges, const double *T,
                   size_t nT)
{
    if (nT && nT != o->n_files)
        return cli_error("--temperature: %zu values for %zu FILEs", nT, o->n_files), CLI_USAGE;
    region_spec rs;
    char buf[512];
    if (parse_spec(spec, &rs, buf, sizeof buf) != CLI_OK)
        return CLI_USAGE;
    if (o->a.drift && strcmp(o->a.drift, "none") && strcmp(o->a.drift, "system"))
        return cli_error("--region: --drift must be system or none"), CLI_USAGE;
    json_writer w;
    if (o->json) {
        json_init(&w, stdout);
        json_begin_object(&w, NULL);
        json_string(&w, "command", "diffusion --region");
        json_string(&w, "region", spec);
        json_begin_array(&w, "results");
    }
    cli_outset set = {0};
    int rc = CLI_OK;
    for (size_t k = 0; rc == CLI_OK && k < o->n_files; k++) {
        haven_traj *t;
        if (haven_traj_open(o->files[k], &o->a.traj, &t) != HAVEN_OK)
            return cli_lib_error(o->files[k]);
        size_t ns = haven_traj_n_species(t);
        for (size_t s = 0; rc == CLI_OK && s < ns; s++) {
            const char *sp = haven_traj_species_name(t, s);
            if (!haven_species_selected(o->a.species, sp))
                continue;
            haven_region_msd m;
            region_sigma sg;
            rc = sigma_setup(o, charges, T, nT, t, k, sp, &sg);
            if (rc == CLI_OK)
                rc = one(o, &rs, o->files[k], sp, &m);
            if (rc == CLI_OK && sg.want && !isfinite(m.volume))
                sg.want = 0; /* a shell around a species has no fixed volume */
            if (rc == CLI_OK && sg.want)
                ne_sigma(&sg, &m);
            if (rc == CLI_OK && o->csv_dir)
                rc = write_csv(o, &set, sp, k, &m);
            if (rc == CLI_OK)
                print_one(o, &w, o->files[k], sp, &m, &sg);
            if (rc == CLI_OK)
                haven_region_msd_clear(&m);
        }
        haven_traj_free(t);
    }
    if (rc == CLI_OK && cli_outset_commit(&set) != 0)
        rc = CLI_FAIL;
    else if (rc != CLI_OK)
        cli_outset_abort(&set);
    if (o->json && rc == CLI_OK) {
        json_end_array(&w);
        json_end_object(&w);
        json_finish(&w);
    }
    return rc;
}
