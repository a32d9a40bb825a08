#include "report.h"

#include "cli.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

static const char *temperature_source(int s)
{
    return s == 1 ? "velocities" : s == 2 ? "file" : "none";
}

void report_json_run_header(json_writer *w, const run_result *r)
{
    json_string(w, "file", r->path);
    json_string(w, "format", r->format);
    json_int(w, "n_atoms", (long long)r->n_atoms);
    json_int(w, "n_frames", (long long)r->info.n_frames);
    json_number(w, "frame_interval_ps", r->info.frame_interval * PS_PER_S);
    json_number(w, "duration_ps",
                (double)(r->info.n_frames - 1) * r->info.frame_interval * PS_PER_S);
    json_begin_object(w, "temperature");
    json_number(w, "value", r->info.temperature);
    json_number(w, "std", r->info.temperature_std);
    json_string(w, "unit", "K");
    json_string(w, "source", temperature_source(r->info.temperature_source));
    json_end_object(w);
    json_number(w, "volume_A3", r->info.volume_mean * 1e30);
}

static void json_d(json_writer *w, const char *key, const haven_dfit_result *f)
{
    json_quantity(w, key, f->D * CM2_PER_M2, f->D_err * CM2_PER_M2, f->D_lo * CM2_PER_M2,
                  f->D_hi * CM2_PER_M2, "cm^2/s");
}

static void json_warnings(json_writer *w, const haven_dfit_result *f)
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
    json_begin_array(w, "warnings");
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        if (f->warnings & names[k].bit)
            json_string(w, NULL, names[k].name);
    json_end_array(w);
}

void report_json_species(json_writer *w, const run_species *s)
{
    json_string(w, "name", s->name);
    json_int(w, "n_atoms", (long long)s->n_atoms);
    const haven_dfit_result *f = &s->fit;
    json_d(w, "D", f);
    json_bool(w, "diffusive", f->diffusive);
    json_bool(w, "determined", f->determined);
    json_number(w, "D_upper95", f->D_upper95 * CM2_PER_M2);
    double ci = 1.959963984540054 * f->D_ols_err;
    json_quantity(w, "D_ols", f->D_ols * CM2_PER_M2, f->D_ols_err * CM2_PER_M2,
                  (f->D_ols - ci) * CM2_PER_M2, (f->D_ols + ci) * CM2_PER_M2, "cm^2/s");
    json_begin_object(w, "D_axes");
    json_d(w, "x", &s->fit_axis[0]);
    json_d(w, "y", &s->fit_axis[1]);
    json_d(w, "z", &s->fit_axis[2]);
    json_end_object(w);
    json_begin_object(w, "fit");
    json_string(w, "method",
                f->noise == HAVEN_NOISE_RANDOM_WALK
                    ? "generalised least squares, random-walk covariance"
                    : "generalised least squares, covariance from the data");
    json_string(w, "error",
                f->err_from_blocks
                    ? "noise model rescaled by the scatter of independent time blocks"
                    : "noise model");
    json_number(w, "error_kappa", f->err_from_blocks ? f->err_kappa : NAN);
    json_number(w, "error_dof", f->err_from_blocks ? f->err_dof : NAN);
    json_number(w, "stderr_model_cm2_s", f->D_err_model * CM2_PER_M2);
    json_string(w, "window_rule", f->window_rule);
    json_number(w, "alpha2_peak", f->alpha2_peak);
    json_number(w, "alpha2_peak_ps", f->alpha2_peak_t * PS_PER_S);
    json_number(w, "walker_correlation", f->walker_corr);
    json_number(w, "white_noise_fraction", f->white_noise);
    json_number(w, "linearity_z", f->linear_z);
    json_number(w, "gls_ols_z", f->gls_ols_z);
    json_number(w, "start_ps", f->start * PS_PER_S);
    json_number(w, "end_ps", f->end * PS_PER_S);
    json_int(w, "n_lags", (long long)f->n_points);
    json_number(w, "msd_slope_loglog", f->slope_loglog);
    json_number(w, "msd_end_A2", f->msd_end * A2_PER_M2);
    json_number(w, "intercept_A2", f->intercept * A2_PER_M2);
    json_number(w, "n_independent", f->n_independent);
    json_number(w, "chi2_reduced", f->chi2_red);
    json_warnings(w, f);
    json_end_object(w);
}

void report_table_header(FILE *out, const run_result *r)
{
    const haven_load_info *in = &r->info;
    fprintf(out, "%s: %s, %zu atoms, %zu frames %.4g ps apart (%.4g ps)", r->path, r->format,
            r->n_atoms, in->n_frames, in->frame_interval * PS_PER_S,
            (double)(in->n_frames - 1) * in->frame_interval * PS_PER_S);
    if (in->temperature_source == 1)
        fprintf(out, ", T = %.1f +- %.1f K (velocities)", in->temperature, in->temperature_std);
    else if (in->temperature_source == 2)
        fprintf(out, ", T = %.1f K (file)", in->temperature);
    fputc('\n', out);
}

void report_table_diffusion(FILE *out, const run_result *r)
{
    fprintf(out, "%-8s %6s  %-11s %-10s %-25s %-15s %-6s %s\n", "species", "N", "D*(cm^2/s)",
            "stderr", "95% interval", "window (ps)", "slope", "D_OLS +- err (cm^2/s)");
    for (size_t g = 0; g < r->n_species; g++) {
        const run_species *s = &r->sp[g];
        const haven_dfit_result *f = &s->fit;
        char ci[64], win[32];
        snprintf(ci, sizeof ci, "[%.3e, %.3e]", f->D_lo * CM2_PER_M2, f->D_hi * CM2_PER_M2);
        snprintf(win, sizeof win, "%.3g-%.3g", f->start * PS_PER_S, f->end * PS_PER_S);
        if (!f->diffusive && f->determined) {
            fprintf(out, "%-8s %6zu  not diffusive: D* < %.2e (95%% upper bound)    %-15s %-6.2f\n",
                    s->name, s->n_atoms, f->D_upper95 * CM2_PER_M2, win, f->slope_loglog);
            continue;
        }
        if (!f->determined) {
            fprintf(out, "%-8s %6zu  not determined (see the warning)            %-15s %-6.2f\n",
                    s->name, s->n_atoms, win, f->slope_loglog);
            continue;
        }
        fprintf(out, "%-8s %6zu  %-11.3e %-10.2e %-25s %-15s %-6.2f %.3e +- %.1e\n", s->name,
                s->n_atoms, f->D * CM2_PER_M2, f->D_err * CM2_PER_M2, ci, win, f->slope_loglog,
                f->D_ols * CM2_PER_M2, f->D_ols_err * CM2_PER_M2);
    }
}

void report_fit_warnings(const run_result *r)
{
    for (size_t g = 0; g < r->n_species; g++) {
        const run_species *s = &r->sp[g];
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

static int write_species_csv(const char *dir, const run_result *r, const run_species *s,
                             cli_outset *set)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s_%s_msd.csv", dir, base_name(r->path), s->name);
    FILE *fp = cli_outset_open(set, path);
    if (!fp)
        return CLI_FAIL;
    const haven_msd *m = &s->msd;
    fprintf(fp, "time_ps,msd_A2,msd_x_A2,msd_y_A2,msd_z_A2,n_observations\n");
    for (size_t t = 0; t < m->n_lags; t++)
        fprintf(fp, "%.6g,%.8g,%.8g,%.8g,%.8g,%.0f\n", (double)t * m->dt * PS_PER_S,
                m->msd[t] * A2_PER_M2, m->tensor[t][0] * A2_PER_M2, m->tensor[t][1] * A2_PER_M2,
                m->tensor[t][2] * A2_PER_M2, m->n_obs[t]);
    return CLI_OK;
}

int report_write_csv(const char *dir, const run_result *r, cli_outset *set)
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
