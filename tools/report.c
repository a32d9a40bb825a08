#include "report.h"
#include "units_cli.h"

#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int report_print_json(const haven_analysis *a)
{
    char *json = NULL;
    haven_units u = cli_units(); /* --units */
    if (haven_analysis_json_units(a, &u, &json) != HAVEN_OK)
        return cli_lib_error("--json");
    fputs(json, stdout);
    haven_free(json);
    return CLI_OK;
}

void report_table_header(FILE *out, const haven_run_result *r)
{
    const haven_load_info *in = &r->info;
    fprintf(out, "%s: %s, %zu atoms, %zu frames %.4g ps apart (%.4g ps)", r->path, r->format,
            r->n_atoms, in->n_frames, in->frame_interval * HAVEN_PS_PER_S,
            (double)(in->n_frames - 1) * in->frame_interval * HAVEN_PS_PER_S);
    if (in->temperature_source == 1)
        fprintf(out, ", T = %.1f +- %.1f K (velocities)", in->temperature, in->temperature_std);
    else if (in->temperature_source == 2)
        fprintf(out, ", T = %.1f K (file)", in->temperature);
    fputc('\n', out);
}

void report_table_diffusion(FILE *out, const haven_run_result *r)
{
    char d[32], ols[48];
    snprintf(d, sizeof d, "D*(%s)", cli_D_unit.name);
    snprintf(ols, sizeof ols, "D_OLS +- err (%s)", cli_D_unit.name);
    fprintf(out, "%-8s %6s  %-11s %-10s %-25s %-15s %-6s %s\n", "species", "N", d, "stderr",
            "95% interval", "window (ps)", "slope", ols);
    for (size_t g = 0; g < r->n_species; g++) {
        const haven_species_result *s = &r->sp[g];
        const haven_dfit_result *f = &s->fit;
        char ci[64], win[32];
        snprintf(ci, sizeof ci, "[%.3e, %.3e]", f->D.lo * cli_D_unit.scale,
                 f->D.hi * cli_D_unit.scale);
        snprintf(win, sizeof win, "%.3g-%.3g", f->start * HAVEN_PS_PER_S, f->end * HAVEN_PS_PER_S);
        if (!f->diffusive && f->determined) {
            fprintf(out, "%-8s %6zu  not diffusive: D* < %.2e (95%% upper bound)    %-15s %-6.2f\n",
                    s->name, s->n_atoms, f->D_upper95 * cli_D_unit.scale, win, f->slope_loglog);
            continue;
        }
        if (!f->determined) {
            fprintf(out, "%-8s %6zu  not determined (see the warning)            %-15s %-6.2f\n",
                    s->name, s->n_atoms, win, f->slope_loglog);
            continue;
        }
        fprintf(out, "%-8s %6zu  %-11.3e %-10.2e %-25s %-15s %-6.2f %.3e +- %.1e\n", s->name,
                s->n_atoms, f->D.value * cli_D_unit.scale, f->D.err * cli_D_unit.scale, ci, win,
                f->slope_loglog, f->D_ols.value * cli_D_unit.scale,
                f->D_ols.err * cli_D_unit.scale);
    }
}

void report_fit_warnings(const haven_run_result *r)
{
    for (size_t g = 0; g < r->n_species; g++) {
        const haven_species_result *s = &r->sp[g];
        if (!s->fit.warnings)
            continue;
        char text[1024];
        haven_dfit_warning_text(&s->fit, text, sizeof text);
        fprintf(stderr, "haven: warning: %s, %s: %s\n", r->path, s->name, text);
    }
}

static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

static int write_species_csv(const char *dir, const haven_run_result *r,
                             const haven_species_result *s, cli_outset *set)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s_%s_msd.csv", dir, base_name(r->path), s->name);
    FILE *fp = cli_outset_open(set, path);
    if (!fp)
        return CLI_FAIL;
    const haven_msd *m = &s->msd;
    fprintf(fp, "time_ps,msd_A2,msd_x_A2,msd_y_A2,msd_z_A2,n_observations\n");
    for (size_t t = 0; t < m->n_lags; t++)
        fprintf(fp, "%.6g,%.8g,%.8g,%.8g,%.8g,%.0f\n", (double)t * m->dt * HAVEN_PS_PER_S,
                m->msd[t] * HAVEN_A2_PER_M2, m->tensor[t][0] * HAVEN_A2_PER_M2, m->tensor[t][1] * HAVEN_A2_PER_M2,
                m->tensor[t][2] * HAVEN_A2_PER_M2, m->n_obs[t]);
    return CLI_OK;
}

int report_write_csv(const char *dir, const haven_run_result *r, cli_outset *set)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        cli_error("cannot create directory %s: %s", dir, strerror(errno));
        return CLI_FAIL;
    }
    for (size_t g = 0; g < r->n_species; g++)
        if (write_species_csv(dir, r, &r->sp[g], set) != CLI_OK)
            return CLI_FAIL;
    return CLI_OK;
}
