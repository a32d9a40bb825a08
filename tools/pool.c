#include "pool.h"
#include "units_cli.h"

#include "cli.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>

void pool_print_table(FILE *out, const haven_pool_result *p)
{
    if (!p->n_species)
        return;
    fprintf(out, "\npooled over %zu runs (one state point):\n", p->fit[0].n_runs);
    char dh[32];
    snprintf(dh, sizeof dh, "D*(%s)", cli_D_unit.name);
    fprintf(out, "%-8s %-11s %-10s %-25s %-15s %s\n", "species", dh, "stderr", "95% interval",
            "window (ps)", "runs agree (chi2/dof, p)");
    for (size_t g = 0; g < p->n_species; g++) {
        const haven_dfit_pool *f = &p->fit[g];
        const haven_dfit_result *d = &f->pooled;
        char ci[64], win[32];
        snprintf(ci, sizeof ci, "[%.3e, %.3e]", d->D.lo * cli_D_unit.scale,
                 d->D.hi * cli_D_unit.scale);
        snprintf(win, sizeof win, "%.3g-%.3g", d->start * HAVEN_PS_PER_S, d->end * HAVEN_PS_PER_S);
        if (!d->diffusive)
            fprintf(out, "%-8s not diffusive: D* < %.2e (95%% upper bound)   %-15s ", p->name[g],
                    d->D_upper95 * cli_D_unit.scale, win);
        else
            fprintf(out, "%-8s %-11.3e %-10.2e %-25s %-15s ", p->name[g],
                    d->D.value * cli_D_unit.scale, d->D.err * cli_D_unit.scale, ci, win);
        fprintf(out, "%s (%.2f, %.3g)\n", f->agree ? "yes" : "NO",
                f->chi2 / (double)(f->n_runs - 1), f->p_value);
    }
    if (p->have_sigma) {
        const haven_estimate_pool *q = &p->sigma;
        double k = cli_sigma_unit.scale;
        fprintf(out,
                "sigma    %.4g +- %.2g %s, 95%% [%.4g, %.4g] (inverse-variance mean of the "
                "runs); runs agree: %s (%.2f, %.3g)\n",
                q->mean.value * k, q->mean.err * k, cli_sigma_unit.name, q->mean.lo * k,
                q->mean.hi * k, q->agree ? "yes" : "NO", q->chi2 / (double)(q->n - 1), q->p_value);
    }
}

void pool_warnings(const haven_pool_result *p)
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
