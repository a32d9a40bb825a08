/* haven eis linkk and haven eis batch. */
#include "cli.h"
#include "eis_cli.h"
#include "fig_eis.h"
#include "haven/arrhenius.h"

#include <gsl/gsl_cdf.h>
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

/* ---- batch -------------------------------------------------------------- */

typedef struct {
    double ea, ea_se, ea_lo, ea_hi; /* eV */
    double ln_a, ln_a_se;
    int valid;
    char why[256]; /* when not valid */
} arrhenius;

static const char *const KIND_OF[3] = {"bulk", "grain_boundary", "bulk or grain_boundary"};

/* Weighted fit of ln(sigma T^p) = ln A - Ea/(kB T) through the shared
 * haven_arrhenius_fit, which widens the errors by the Birge ratio when the
 * points scatter more than their errors (impedance fit errors often
 * understate the scatter between samples and temperatures). q selects the
 * quantity (bulk, gb, total) for the reason given when there is no fit. */
static arrhenius fit_arrhenius(const double *T, const eis_sigma *s, size_t n, int power, int q)
{
    arrhenius a = {NAN, NAN, NAN, NAN, NAN, NAN, 0, ""};
    double x[n], y[n], e[n];
    size_t m = 0, with_arc = 0;
    for (size_t i = 0; i < n; i++) {
        with_arc += s[i].valid;
        if (!s[i].valid || !(s[i].value > 0) || !(s[i].stderr_ > 0))
            continue;
        x[m] = T[i];
        y[m] = s[i].value;
        e[m++] = s[i].stderr_;
    }
    haven_arrhenius_result r;
    if (with_arc == 0) {
        snprintf(a.why, sizeof a.why,
                 "no spectrum has an arc classified as %s (see the arcs with --json, or name "
                 "them with --assign R1=bulk,R2=gb)",
                 KIND_OF[q]);
        return a;
    }
    if (m < 3) {
        snprintf(a.why, sizeof a.why,
                 "%zu of %zu spectra give a conductivity with a positive standard error (%zu have "
                 "the arc); 3 are needed",
                 m, n, with_arc);
        return a;
    }
    if (haven_arrhenius_fit(x, y, e, m, power, &r) != HAVEN_OK) {
        snprintf(a.why, sizeof a.why, "Arrhenius fit failed: %s", haven_last_error());
        return a;
    }
    cli_arrhenius_warning("eis batch: Arrhenius fit of sigma", &r);
    double qq = r.q95; /* widened by the Birge ratio inside haven_arrhenius_fit */
    a.ea = r.Ea.value / HAVEN_EV;
    a.ea_se = r.Ea.err / HAVEN_EV;
    a.ea_lo = a.ea - qq * a.ea_se;
    a.ea_hi = a.ea + qq * a.ea_se;
    a.ln_a = r.lnA.value;
    a.ln_a_se = r.lnA.err;
    a.valid = 1;
    return a;
}

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

/* The arcs of one spectrum's fit, as classified (and assigned). */
typedef struct {
    size_t n;
    haven_eis_arc arc[8];
    char name[8][40];
} batch_arcs;

static void batch_json(const eis_cli_opts *o, const double *T, eis_sigma (*s)[3],
                       const double *chi2r, const arrhenius *ar, const batch_arcs *arcs)
{
    static const char *const NAMES[3] = {"sigma_bulk", "sigma_gb", "sigma_total"};
    json_writer w;
    json_init(&w, stdout);
    json_begin_object(&w, NULL);
    json_string(&w, "circuit", o->circuit);
    json_int(&w, "arrhenius_power", o->arrhenius_power);
    json_begin_array(&w, "spectra");
    for (int i = 0; i < o->n_files; i++) {
        json_begin_object(&w, NULL);
        json_string(&w, "file", o->files[i]);
        json_number(&w, "temperature_K", T[i]);
        json_number(&w, "chi2_reduced", chi2r[i]);
        for (int q = 0; q < 3; q++)
            if (s[i][q].valid)
                json_quantity(&w, NAMES[q], s[i][q].value, s[i][q].stderr_, s[i][q].lo, s[i][q].hi,
                              "S/cm");
        json_begin_array(&w, "arcs");
        for (size_t a = 0; a < arcs[i].n; a++) {
            const haven_eis_arc *x = &arcs[i].arc[a];
            json_begin_object(&w, NULL);
            json_string(&w, "resistor", arcs[i].name[a]);
            json_number(&w, "tau_s", x->tau);
            json_number(&w, "capacitance_normalised_F", x->c_normalised);
            json_string(&w, "kind", haven_eis_arc_kind_name(x->kind));
            json_bool(&w, "assigned", x->assigned);
            json_end_object(&w);
        }
        json_end_array(&w);
        json_end_object(&w);
    }
    json_end_array(&w);
    json_begin_object(&w, "activation_energy");
    for (int q = 0; q < 3; q++)
        if (ar[q].valid)
            json_quantity(&w, NAMES[q], ar[q].ea, ar[q].ea_se, ar[q].ea_lo, ar[q].ea_hi, "eV");
    json_end_object(&w);
    json_begin_object(&w, "activation_energy_missing"); /* why a quantity has no E_a */
    for (int q = 0; q < 3; q++)
        if (!ar[q].valid)
            json_string(&w, NAMES[q], ar[q].why);
    json_end_object(&w);
    json_end_object(&w);
    json_finish(&w);
}

static void batch_table(const eis_cli_opts *o, const double *T, eis_sigma (*s)[3],
                        const double *chi2r, const arrhenius *ar)
{
    static const char *const NAMES[3] = {"sigma_bulk", "sigma_gb", "sigma_total"};
    printf("# circuit %s; conductivities in S/cm\n", o->circuit);
    printf("%10s %12s %12s %12s %12s  %s\n", "T_K", NAMES[0], NAMES[1], NAMES[2], "chi2_red",
           "file");
    for (int i = 0; i < o->n_files; i++) {
        printf("%10.2f", T[i]);
        for (int q = 0; q < 3; q++) { /* "-": no arc of that kind, said below */
            if (s[i][q].valid)
                printf(" %12.4g", s[i][q].value);
            else
                printf(" %12s", "-");
        }
        printf(" %12.4g  %s\n", chi2r[i], o->files[i]);
    }
    for (int q = 0; q < 3; q++)
        if (ar[q].valid)
            printf("# E_a(%s) = %.4f +- %.4f eV [%.4f, %.4f] (ln(sigma T^%d) vs 1/T)\n", NAMES[q],
                   ar[q].ea, ar[q].ea_se, ar[q].ea_lo, ar[q].ea_hi, o->arrhenius_power);
        else
            printf("# E_a(%s) not computed: %s\n", NAMES[q], ar[q].why);
}

/* Fit every file; each fit also starts from the previous file's result,
 * since neighbouring temperatures have similar spectra. */
static int batch_fits(const eis_cli_opts *o, const haven_eis_circuit *c, eis_sigma (*s)[3],
                      double *chi2r, batch_arcs *arcs)
{
    size_t np = haven_eis_circuit_n_params(c);
    double prev[np];
    int have_prev = 0;
    for (int i = 0; i < o->n_files; i++) {
        haven_eis_data d;
        haven_eis_fit_result r = {0};
        if (eis_cli_read(o->files[i], o, &d))
            return CLI_FAIL;
        int rc = eis_cli_fit(o, c, &d, NULL, &r, NULL);
        if (rc == CLI_OK && have_prev) {
            /* The retry from the previous file's values may fail to converge,
             * not run out of memory. */
            haven_eis_fit_result r2 = {0};
            haven_status st2 = HAVEN_OK;
            if (eis_cli_fit(o, c, &d, prev, &r2, &st2) == CLI_OK && r2.chi2 < r.chi2) {
                haven_eis_fit_result_free(&r);
                r = r2;
            } else {
                haven_eis_fit_result_free(&r2);
                if (st2 == HAVEN_ERR_NOMEM) {
                    haven_eis_fit_result_free(&r);
                    rc = CLI_FAIL;
                }
            }
        }
        haven_eis_data_free(&d);
        if (rc != CLI_OK) {
            cli_error("eis batch: fit of %s failed", o->files[i]);
            return rc;
        }
        memcpy(prev, r.value, sizeof prev);
        have_prev = 1;
        chi2r[i] = r.chi2_reduced;
        int arc_rc;
        arcs[i].n = eis_cli_arcs(o, c, &r, arcs[i].arc, 8, &arc_rc);
        for (size_t a = 0; a < arcs[i].n; a++)
            snprintf(arcs[i].name[a], sizeof arcs[i].name[a], "%s",
                     haven_eis_circuit_param_name(c, arcs[i].arc[a].r_index));
        if (arc_rc == CLI_OK)
            arc_rc = eis_cli_conductivities(o, c, &r, s[i]);
        haven_eis_fit_result_free(&r);
        if (arc_rc != CLI_OK)
            return arc_rc;
    }
    return CLI_OK;
}

int eis_cmd_batch(const eis_cli_opts *o)
{
    if (o->n_files < 1 || !o->circuit || !o->temperatures || !(o->thickness_m > 0)) {
        cli_error("eis batch: needs FILES, --circuit, --temperatures, --thickness and --area");
        return CLI_USAGE;
    }
    double *T = calloc((size_t)o->n_files, sizeof *T),
           *chi2r = calloc((size_t)o->n_files, sizeof *chi2r);
    eis_sigma(*s)[3] = calloc((size_t)o->n_files, sizeof *s);
    batch_arcs *arcs = calloc((size_t)o->n_files, sizeof *arcs);
    haven_eis_circuit *c = NULL;
    int rc = CLI_OK, nt = 0;
    if (!T || !chi2r || !s || !arcs || (nt = parse_temperatures(o->temperatures, T, o->n_files)) == -2) {
        cli_error("out of memory");
        rc = CLI_FAIL;
    } else if (nt != o->n_files) {
        cli_error("eis batch: --temperatures needs %d positive values (K), one per file",
                  o->n_files);
        rc = CLI_USAGE;
    } else {
        rc = eis_cli_circuit(o, &c);
    }
    if (rc == CLI_OK)
        rc = batch_fits(o, c, s, chi2r, arcs);
    if (rc == CLI_OK) {
        arrhenius ar[3];
        for (int q = 0; q < 3; q++) {
            eis_sigma col[o->n_files];
            for (int i = 0; i < o->n_files; i++)
                col[i] = s[i][q];
            ar[q] = fit_arrhenius(T, col, (size_t)o->n_files, o->arrhenius_power, q);
        }
        if (o->json)
            batch_json(o, T, s, chi2r, ar, arcs);
        else
            batch_table(o, T, s, chi2r, ar);
    }
    haven_eis_circuit_free(c);
    free(T);
    free(chi2r);
    free(s);
    free(arcs);
    return rc;
}
