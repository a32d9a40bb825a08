/* haven eis linkk and haven eis batch. */
#include "cli.h"
#include "eis_cli.h"
#include "fig_eis.h"
#include "haven/analysis.h"
#include "progress.h"
#include "units_cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int eis_cmd_linkk(const eis_cli_opts *o)
{
    if (o->n_files != 1) {
        cli_error("eis linkk: needs one FILE");
        return CLI_USAGE;
    }
    haven_eis_data d;
    if (eis_cli_read(o->files[0], o, &d))
        return CLI_FAIL;
    haven_eis_linkk_options ko = eis_cli_linkk_options(o);
    haven_eis_linkk_result kk;
    int rc = CLI_OK;
    if (haven_eis_linkk(&d, &ko, &kk)) {
        haven_eis_data_free(&d);
        return cli_lib_error("eis linkk");
    }
    if (o->json) {
        json_writer w;
        json_init(&w, stdout);
        json_begin_object(&w, NULL);
        json_string(&w, "file", o->files[0]);
        json_begin_object(&w, "lin_kk");
        json_int(&w, "M", (long long)kk.m);
        json_number(&w, "mu", kk.mu);
        json_number(&w, "c", kk.c);
        json_string(&w, "rule", o->kk_rule ? "first" : "last");
        json_int(&w, "M_first_crossing", (long long)kk.m_first);
        json_begin_array(&w, "mu_by_M");
        for (size_t m = 0; m < kk.max_m; m++)
            json_number(&w, NULL, kk.mu_m[m]);
        json_end_array(&w);
        json_number(&w, "rms_residual_re", kk.rms_re);
        json_number(&w, "rms_residual_im", kk.rms_im);
        json_number(&w, "threshold", o->kk_threshold > 0 ? o->kk_threshold : 0.005);
        json_bool(&w, "valid", kk.valid);
        json_end_object(&w);
        json_end_object(&w);
        json_finish(&w);
    } else {
        printf("# %s: Lin-KK with M = %zu RC elements (mu = %.3f, c = %.3g, rule %s; the "
               "first M with mu <= c is %zu)\n",
               o->files[0], kk.m, kk.mu, kk.c, o->kk_rule ? "first" : "last", kk.m_first);
        printf("# RMS relative residual: re %.3g%%, im %.3g%% -> %s\n", 100 * kk.rms_re,
               100 * kk.rms_im,
               kk.valid ? "valid"
                        : "FLAGGED (not Kramers-Kronig consistent: "
                          "drift, non-linearity or noise)");
        printf("%14s %12s %12s\n", "freq_Hz", "res_re_rel", "res_im_rel");
        for (size_t i = 0; i < d.n; i++)
            printf("%14.6g %12.4g %12.4g\n", d.freq[i], kk.res_re[i], kk.res_im[i]);
    }
    if (o->csv) {
        cli_outfile f;
        if (cli_outfile_open(&f, o->csv) == 0) {
            fprintf(f.fp, "freq_Hz,zre_ohm,zim_ohm,zre_kk_ohm,zim_kk_ohm,res_re_rel,res_im_rel\n");
            for (size_t i = 0; i < d.n; i++)
                fprintf(f.fp, "%.10g,%.10g,%.10g,%.10g,%.10g,%.6g,%.6g\n", d.freq[i], d.zre[i],
                        d.zim[i], kk.zre_fit[i], kk.zim_fit[i], kk.res_re[i], kk.res_im[i]);
            rc = cli_outfile_commit(&f) ? CLI_FAIL : CLI_OK;
        } else
            rc = CLI_FAIL;
    }
    double thr = o->kk_threshold > 0 ? o->kk_threshold : 0.005;
    if (rc == CLI_OK &&
        eis_figures_out(&o->fig, "linkk", o->files[0],
                        cli_fig_wanted(&o->fig) ? eis_linkk_figure(&d, &kk, thr, o->files[0]) : NULL,
                        eis_report_linkk, &kk) != 0)
        rc = CLI_FAIL;
    haven_eis_linkk_result_free(&kk);
    haven_eis_data_free(&d);
    return rc;
}

/* ---- batch: haven_eis_batch, printed ------------------------------------ */

static int parse_temperatures(const char *s, double *T, int n)
{
    char *copy = strdup(s), *save = NULL;
    if (!copy)
        return -2; /* out of memory, not a bad list */
    int k = 0;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (k >= n || cli_parse_double(t, &T[k]) || !(T[k] > 0)) {
            k = -1;
            break;
        }
        k++;
    }
    free(copy);
    return k;
}

static void batch_table(const haven_eis_batch_result *r)
{
    static const char *const NAMES[3] = {"sigma_bulk", "sigma_gb", "sigma_total"};
    printf("# circuit %s; conductivities in %s\n", r->circuit, cli_sigma_unit.name);
    printf("%10s %12s %12s %12s %12s  %s\n", "T_K", NAMES[0], NAMES[1], NAMES[2], "chi2_red",
           "file");
    for (size_t i = 0; i < r->n; i++) {
        const haven_eis_batch_spectrum *s = &r->spectra[i];
        printf("%10.2f", s->temperature_K);
        for (int q = 0; q < 3; q++) { /* "-": no arc of that kind, said below */
            if (s->has_sigma[q])
                printf(" %12.4g", s->sigma[q].value * cli_sigma_unit.scale);
            else
                printf(" %12s", "-");
        }
        printf(" %12.4g  %s\n", s->chi2_reduced, s->file);
    }
    for (int q = 0; q < 3; q++)
        if (r->has_Ea[q])
            printf("# E_a(%s) = %.4f +- %.4f eV [%.4f, %.4f] (ln(sigma T^%d) vs 1/T)\n", NAMES[q],
                   r->Ea[q].value / HAVEN_EV, r->Ea[q].err / HAVEN_EV, r->Ea[q].lo / HAVEN_EV,
                   r->Ea[q].hi / HAVEN_EV, r->arrhenius_power);
        else
            printf("# E_a(%s) not computed: %s\n", NAMES[q], r->why_no_Ea[q]);
}

static int batch_print(const haven_eis_batch_result *r, int json)
{
    if (!json) {
        batch_table(r);
        return CLI_OK;
    }
    char *doc = NULL;
    haven_units u = cli_units();
    if (haven_eis_batch_json_units(r, &u, &doc))
        return cli_lib_error("eis batch");
    fputs(doc, stdout);
    haven_free(doc);
    return CLI_OK;
}

int eis_cmd_batch(const eis_cli_opts *o)
{
    if (o->n_files < 1 || !o->circuit || !o->temperatures || !(o->thickness_m > 0)) {
        cli_error("eis batch: needs FILES, --circuit, --temperatures, --thickness and --area");
        return CLI_USAGE;
    }
    double *T = calloc((size_t)o->n_files, sizeof *T);
    int nt = T ? parse_temperatures(o->temperatures, T, o->n_files) : -2;
    if (nt != o->n_files) {
        free(T);
        if (nt == -2) {
            cli_error("out of memory");
            return CLI_FAIL;
        }
        cli_error("eis batch: --temperatures needs %d positive values (K), one per file",
                  o->n_files);
        return CLI_USAGE;
    }
    haven_eis_circuit *c = NULL; /* a bad circuit string is a usage error */
    int crc = eis_cli_circuit(o, &c);
    haven_eis_circuit_free(c);
    if (crc != CLI_OK) {
        free(T);
        return crc;
    }
    haven_eis_job_options b = eis_cli_job_options(o);
    cli_progress_sink bar = {.what = "eis batch: fitting", .unit = "spectra"};
    b.progress = cli_progress_call;
    b.progress_user = &bar;
    haven_eis_batch_result r;
    haven_status st =
        haven_eis_batch((const char *const *)o->files, T, (size_t)o->n_files, o->circuit, &b, &r);
    cli_progress_sink_end(&bar);
    free(T);
    if (st) {
        cli_lib_error("eis batch");
        /* the caller's circuit, values, bounds or assignment: a usage error */
        return st == HAVEN_ERR_ARG ? CLI_USAGE : CLI_FAIL;
    }
    int rc = batch_print(&r, o->json);
    fig_set set = {0};
    if (rc == CLI_OK && cli_fig_wanted(&o->fig)) {
        if (eis_batch_figures(o, &r, &set) != 0) {
            fig_set_clear(&set);
            rc = CLI_FAIL;
        } else if (cli_fig_outputs(&o->fig, "haven eis batch", (const char *const *)o->files,
                                   (size_t)o->n_files, &set, eis_report_batch, &r) != 0)
            rc = CLI_FAIL;
    }
    haven_eis_batch_result_free(&r);
    return rc;
}
