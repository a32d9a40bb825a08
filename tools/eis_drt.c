/* haven eis drt: distribution of relaxation times, its peaks and gamma(tau). */
#include "cli.h"
#include "fig_eis.h"
#include "eis_cli.h"
#include "progress.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define TWO_PI 6.28318530717958647692

/* Arcs of the --circuit fit and the DRT peak matched to each. */
typedef struct {
    haven_eis_circuit *c;
    size_t n;
    haven_eis_arc arc[16];
    long peak[16];
} drt_arcs;

static int fit_arcs(const eis_cli_opts *o, const haven_eis_data *d, const haven_eis_drt_result *r,
                    drt_arcs *a)
{
    memset(a, 0, sizeof *a);
    if (!o->circuit)
        return CLI_OK;
    int rc = eis_cli_circuit(o, &a->c);
    haven_eis_fit_result f = {0};
    if (rc == CLI_OK)
        rc = eis_cli_fit(o, a->c, d, NULL, &f, NULL);
    if (rc == CLI_OK) {
        a->n = eis_cli_arcs(o, a->c, &f, a->arc, 16, &rc);
        haven_eis_drt_match(r, a->arc, a->n, 0, a->peak);
    }
    haven_eis_fit_result_free(&f);
    return rc;
}

static void print_arcs(const drt_arcs *a, const haven_eis_drt_result *r)
{
    for (size_t i = 0; i < a->n; i++) {
        const haven_eis_arc *x = &a->arc[i];
        printf("# circuit arc %s: tau %.4g s, R %.5g ohm -> ",
               haven_eis_circuit_param_name(a->c, x->r_index), x->tau, x->r.value);
        if (a->peak[i] >= 0)
            printf("DRT peak %ld (tau %.4g s, R %.5g ohm)\n", a->peak[i] + 1,
                   r->peaks[a->peak[i]].tau.value, r->peaks[a->peak[i]].r.value);
        else
            printf("no measured DRT peak within a factor 3 in tau\n");
    }
}

static void json_arcs(json_writer *w, const drt_arcs *a)
{
    json_begin_array(w, "circuit_arcs");
    for (size_t i = 0; i < a->n; i++) {
        json_begin_object(w, NULL);
        json_string(w, "resistor", haven_eis_circuit_param_name(a->c, a->arc[i].r_index));
        json_number(w, "tau_s", a->arc[i].tau);
        json_number(w, "R_ohm", a->arc[i].r.value);
        if (a->peak[i] >= 0)
            json_int(w, "peak", a->peak[i] + 1);
        else
            json_null(w, "peak");
        json_end_object(w);
    }
    json_end_array(w);
}

static void print_drt(const eis_cli_opts *o, const haven_eis_data *d,
                      const haven_eis_drt_options *opt, const haven_eis_drt_result *r,
                      const drt_arcs *a)
{
    printf("# %s: %zu points, format %s; DRT on %zu tau points (%.3g..%.3g s)\n", o->files[0], d->n,
           d->format, r->n_tau, r->tau[0], r->tau[r->n_tau - 1]);
    printf("# lambda %.4g (%s; by rule:", r->lambda, haven_eis_drt_method_name(r->method));
    for (int m = 0; m < HAVEN_EIS_DRT_N_METHODS; m++)
        if (m != HAVEN_EIS_DRT_FIXED)
            printf(" %s %.3g", haven_eis_drt_method_name(m), r->lambda_by_method[m]);
    printf("), penalty order %d, effective parameters %.1f, RMS weighted residual %.3g\n",
           opt->order, r->edf, r->residual_rms);
    printf("# measured window tau %.3g..%.3g s; peaks outside it are marked extrapolated\n",
           r->tau_window[0], r->tau_window[1]);
    printf("# R_inf %.6g +- %.3g ohm, R_pol (total area) %.6g ohm", r->r_inf.value,
           r->r_inf.err, r->r_pol);
    if (r->inductance_fitted)
        printf(", L %.4g H", r->inductance);
    printf("\n%-5s %12s %12s %12s %12s %12s  %s\n", "peak", "tau_s", "tau_stderr", "freq_Hz",
           "R_ohm", "R_stderr", "note");
    for (size_t p = 0; p < r->n_peaks; p++)
        printf("%-5zu %12.5g %12.3g %12.5g %12.6g %12.3g  %s\n", p + 1, r->peaks[p].tau.value,
               r->peaks[p].tau.err, r->peaks[p].freq, r->peaks[p].r.value, r->peaks[p].r.err,
               r->peaks[p].extrapolated ? "extrapolated" : "");
    print_arcs(a, r);
}

static void json_drt(const eis_cli_opts *o, const haven_eis_data *d,
                     const haven_eis_drt_options *opt, const haven_eis_drt_result *r,
                     const drt_arcs *a)
{
    json_writer w;
    json_init(&w, stdout);
    json_begin_object(&w, NULL);
    json_string(&w, "file", o->files[0]);
    json_string(&w, "format", d->format);
    json_int(&w, "n_points", (long long)d->n);
    json_begin_object(&w, "drt");
    json_number(&w, "lambda", r->lambda);
    json_string(&w, "lambda_method", haven_eis_drt_method_name(r->method));
    json_begin_object(&w, "lambda_by_method");
    for (int m = 0; m < HAVEN_EIS_DRT_N_METHODS; m++)
        if (m != HAVEN_EIS_DRT_FIXED)
            json_number(&w, haven_eis_drt_method_name(m), r->lambda_by_method[m]);
    json_end_object(&w);
    json_begin_array(&w, "tau_window_s");
    json_number(&w, NULL, r->tau_window[0]);
    json_number(&w, NULL, r->tau_window[1]);
    json_end_array(&w);
    json_int(&w, "order", opt->order);
    json_number(&w, "effective_parameters", r->edf);
    json_number(&w, "residual_rms", r->residual_rms);
    json_estimate(&w, "R_inf", &r->r_inf);
    if (r->inductance_fitted)
        json_number(&w, "L_H", r->inductance);
    json_number(&w, "R_pol_ohm", r->r_pol);
    json_begin_array(&w, "tau_s");
    for (size_t k = 0; k < r->n_tau; k++)
        json_number(&w, NULL, r->tau[k]);
    json_end_array(&w);
    json_begin_array(&w, "gamma_ohm");
    for (size_t k = 0; k < r->n_tau; k++)
        json_number(&w, NULL, r->gamma[k]);
    json_end_array(&w);
    json_begin_array(&w, "peaks");
    for (size_t p = 0; p < r->n_peaks; p++) {
        const haven_eis_drt_peak *pk = &r->peaks[p];
        json_begin_object(&w, NULL);
        json_estimate(&w, "tau", &pk->tau);
        json_number(&w, "tau_apex_s", pk->tau_apex);
        json_number(&w, "freq_Hz", pk->freq);
        json_estimate(&w, "R", &pk->r);
        json_bool(&w, "extrapolated", pk->extrapolated);
        json_end_object(&w);
    }
    json_end_array(&w);
    json_end_object(&w);
    if (a->c)
        json_arcs(&w, a);
    json_end_object(&w);
    json_finish(&w);
}

static int write_drt_csv(const char *path, const haven_eis_drt_result *r)
{
    cli_outfile f;
    if (cli_outfile_open(&f, path))
        return CLI_FAIL;
    fprintf(f.fp, "tau_s,freq_Hz,gamma_ohm\n");
    for (size_t k = 0; k < r->n_tau; k++)
        fprintf(f.fp, "%.10g,%.10g,%.10g\n", r->tau[k], 1.0 / (TWO_PI * r->tau[k]), r->gamma[k]);
    return cli_outfile_commit(&f) ? CLI_FAIL : CLI_OK;
}

int eis_cmd_drt(const eis_cli_opts *o)
{
    if (o->n_files != 1) {
        cli_error("eis drt: needs one FILE");
        return CLI_USAGE;
    }
    haven_eis_drt_options opt;
    haven_eis_drt_options_default(&opt);
    if (o->lambda > 0)
        opt.method = HAVEN_EIS_DRT_FIXED;
    else if (o->lambda_method >= 0)
        opt.method = (haven_eis_drt_method)o->lambda_method;
    opt.lambda = o->lambda;
    opt.inductance = o->inductance;
    opt.weight = o->weight;
    if (o->order)
        opt.order = o->order;
    if (o->per_decade)
        opt.per_decade = (size_t)o->per_decade;
    if (opt.order > 2 || opt.per_decade < 2 || opt.per_decade > 100) {
        cli_error("eis drt: --order must be 1 or 2, --per-decade 2..100");
        return CLI_USAGE;
    }
    haven_eis_data d;
    if (eis_cli_read(o->files[0], o, &d))
        return CLI_FAIL;
    char what[96];
    snprintf(what, sizeof what, "DRT of %s: choosing lambda", o->files[0]);
    cli_progress_sink bar = {.what = what, .unit = "solves"};
    opt.progress = cli_progress_call;
    opt.progress_user = &bar;
    haven_eis_drt_result r;
    int rc = CLI_OK;
    haven_status st = haven_eis_drt(&d, &opt, &r);
    cli_progress_sink_end(&bar);
    if (st) {
        haven_eis_data_free(&d);
        return cli_lib_error("eis drt");
    }
    drt_arcs arcs;
    rc = fit_arcs(o, &d, &r, &arcs);
    if (rc == CLI_OK && o->json)
        json_drt(o, &d, &opt, &r, &arcs);
    else if (rc == CLI_OK)
        print_drt(o, &d, &opt, &r, &arcs);
    if (rc == CLI_OK && o->csv)
        rc = write_drt_csv(o->csv, &r);
    if (rc == CLI_OK && eis_figures_out(&o->fig, "drt", o->files[0],
                                        cli_fig_wanted(&o->fig) ? eis_drt_figure(&d, &r, o->files[0])
                                                                : NULL,
                                        eis_report_drt, &r) != 0)
        rc = CLI_FAIL;
    haven_eis_circuit_free(arcs.c);
    haven_eis_drt_result_free(&r);
    haven_eis_data_free(&d);
    return rc;
}
