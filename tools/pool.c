#include "pool.h"

#include "cli.h"
#include "report.h"

#define MS_CM_PER_S_M_POOL 10.0 /* S/m -> mS/cm */

#include <stdlib.h>
#include <string.h>

static const haven_msd *find_species(const run_result *r, const char *name)
{
    for (size_t g = 0; g < r->n_species; g++)
        if (!strcmp(r->sp[g].name, name))
            return &r->sp[g].msd;
    return NULL;
}

int pool_runs(const run_opts *o, const run_result *const *res, size_t n_runs, pool_result *out)
{
    memset(out, 0, sizeof *out);
    size_t K = res[0]->n_species;
    out->name = calloc(K, sizeof *out->name);
    out->fit = calloc(K, sizeof *out->fit);
    const haven_msd **m = calloc(n_runs, sizeof *m);
    if (!out->name || !out->fit || !m) {
        free(m);
        return cli_error("out of memory"), CLI_FAIL;
    }
    haven_dfit_options fo;
    run_fit_options(o, &fo);
    int rc = CLI_OK;
    for (size_t g = 0; g < K && rc == CLI_OK; g++) {
        const char *name = res[0]->sp[g].name;
        for (size_t r = 0; r < n_runs && rc == CLI_OK; r++)
            if (!(m[r] = find_species(res[r], name))) {
                cli_error("--pool: %s has no %s (every run must hold the same species)",
                          res[r]->path, name);
                rc = CLI_FAIL;
            }
        if (rc == CLI_OK && haven_diffusion_pool(m, n_runs, &fo, &out->fit[g]) != HAVEN_OK)
            rc = cli_lib_error("--pool");
        snprintf(out->name[g], sizeof out->name[g], "%s", name);
        out->n_species = g + 1;
    }
    free(m);
    return rc;
}

void pool_result_free(pool_result *p)
{
    for (size_t g = 0; g < p->n_species; g++)
        haven_dfit_pool_clear(&p->fit[g]);
    free(p->fit);
    free(p->name);
    memset(p, 0, sizeof *p);
}

void pool_print_table(FILE *out, const pool_result *p)
{
    if (!p->n_species)
        return;
    fprintf(out, "\npooled over %zu runs (one state point):\n", p->fit[0].n_runs);
    fprintf(out, "%-8s %-11s %-10s %-25s %-15s %s\n", "species", "D*(cm^2/s)", "stderr",
            "95% interval", "window (ps)", "runs agree (chi2/dof, p)");
    for (size_t g = 0; g < p->n_species; g++) {
        const haven_dfit_pool *f = &p->fit[g];
        const haven_dfit_result *d = &f->pooled;
        char ci[64], win[32];
        snprintf(ci, sizeof ci, "[%.3e, %.3e]", d->D_lo * CM2_PER_M2, d->D_hi * CM2_PER_M2);
        snprintf(win, sizeof win, "%.3g-%.3g", d->start * PS_PER_S, d->end * PS_PER_S);
        if (!d->diffusive)
            fprintf(out, "%-8s not diffusive: D* < %.2e (95%% upper bound)   %-15s ", p->name[g],
                    d->D_upper95 * CM2_PER_M2, win);
        else
            fprintf(out, "%-8s %-11.3e %-10.2e %-25s %-15s ", p->name[g], d->D * CM2_PER_M2,
                    d->D_err * CM2_PER_M2, ci, win);
        fprintf(out, "%s (%.2f, %.3g)\n", f->agree ? "yes" : "NO",
                f->chi2 / (double)(f->n_runs - 1), f->p_value);
    }
    if (p->have_sigma) {
        const haven_estimate_pool *q = &p->sigma;
        double k = MS_CM_PER_S_M_POOL;
        fprintf(out,
                "sigma    %.4g +- %.2g mS/cm, 95%% [%.4g, %.4g] (inverse-variance mean of the "
                "runs); runs agree: %s (%.2f, %.3g)\n",
                q->mean * k, q->err * k, q->lo * k, q->hi * k, q->agree ? "yes" : "NO",
                q->chi2 / (double)(q->n - 1), q->p_value);
    }
}

void pool_json(json_writer *w, const pool_result *p)
{
    json_begin_object(w, "pooled");
    json_int(w, "n_runs", p->n_species ? (long long)p->fit[0].n_runs : 0);
    json_begin_array(w, "species");
    for (size_t g = 0; g < p->n_species; g++) {
        const haven_dfit_pool *f = &p->fit[g];
        const haven_dfit_result *d = &f->pooled;
        json_begin_object(w, NULL);
        json_string(w, "name", p->name[g]);
        json_quantity(w, "D", d->D * CM2_PER_M2, d->D_err * CM2_PER_M2, d->D_lo * CM2_PER_M2,
                      d->D_hi * CM2_PER_M2, "cm^2/s");
        json_bool(w, "diffusive", d->diffusive);
        json_number(w, "D_upper95", d->D_upper95 * CM2_PER_M2);
        json_number(w, "start_ps", d->start * PS_PER_S);
        json_number(w, "end_ps", d->end * PS_PER_S);
        json_string(w, "window_rule", d->window_rule);
        json_bool(w, "runs_agree", f->agree);
        json_number(w, "chi2", f->chi2);
        json_int(w, "dof", (long long)f->n_runs - 1);
        json_number(w, "p_value", f->p_value);
        json_number(w, "birge", f->birge);
        json_begin_array(w, "per_run");
        for (size_t r = 0; r < f->n_runs; r++) {
            const haven_dfit_result *q = &f->per_run[r];
            json_quantity(w, NULL, q->D * CM2_PER_M2, q->D_err * CM2_PER_M2, q->D_lo * CM2_PER_M2,
                          q->D_hi * CM2_PER_M2, "cm^2/s");
        }
        json_end_array(w);
        json_end_object(w);
    }
    json_end_array(w);
    if (p->have_sigma) {
        const haven_estimate_pool *q = &p->sigma;
        json_quantity(w, "sigma", q->mean * MS_CM_PER_S_M_POOL, q->err * MS_CM_PER_S_M_POOL,
                      q->lo * MS_CM_PER_S_M_POOL, q->hi * MS_CM_PER_S_M_POOL, "mS/cm");
        json_begin_object(w, "sigma_pooling");
        json_string(w, "method", "inverse-variance mean of the runs' Einstein-Helfand sigma");
        json_bool(w, "runs_agree", q->agree);
        json_number(w, "chi2", q->chi2);
        json_number(w, "p_value", q->p_value);
        json_number(w, "birge", q->birge);
        json_end_object(w);
    }
    json_end_object(w);
}

void pool_warnings(const pool_result *p)
{
    for (size_t g = 0; g < p->n_species; g++) {
        const haven_dfit_pool *f = &p->fit[g];
        if (!f->agree)
            fprintf(stderr,
                    "haven: warning: --pool, %s: the runs disagree (chi^2 = %.1f on %zu dof, p = "
                    "%.2g): not one state point? The pooled error is widened %.2fx\n",
                    p->name[g], f->chi2, f->n_runs - 1, f->p_value, f->birge);
    }
}
