/* haven eis: impedance spectra. Dispatches to info, fit, linkk, batch and
 * drt; option parsing and the fit report live here, the other analyses in
 * tools/eis_analyse.c and tools/eis_drt.c. */
#include "cli.h"
#include "fig_eis.h"
#include "eis_cli.h"
#include "units_cli.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
    fputs("usage: haven eis <info|fit|linkk|batch|drt|predict> [options] FILES...\n\n"
          "  info FILE      print the spectrum as read (format, sign convention, points)\n"
          "  fit FILE       equivalent-circuit fit (--circuit required)\n"
          "  linkk FILE     Lin-KK validity test with automatic number of RC elements\n"
          "  batch FILES    fit a temperature series; conductivities and Arrhenius E_a\n"
          "  drt FILE       distribution of relaxation times (Tikhonov + non-negativity)\n"
          "  predict        a saved model (--model) or --circuit/--initial at --freq LIST,\n"
          "                 --freq-range LO:HI:N or a FILE's frequencies\n\n"
          "options:\n"
          "  --circuit STR        e.g. 'R0-p(R1,CPE1)-p(R2,CPE2)-W3' (drt: also fit it, match arcs\n"
          "                       to peaks); elements R C L La CPE W Wo Ws G Gs Zarc K TLM\n"
          "  --initial N=V,...    starting values (SI units) for named parameters\n"
          "  --fixed N=V,...      parameters held at the given values\n"
          "  --bounds N=LO:HI,... fit: parameter bounds (SI; either side may be empty)\n"
          "  --keep-order         fit: do not sort interchangeable arcs by time constant\n"
          "  --assign R1=bulk,... arc kinds (bulk, gb, surface, electrode) instead of the\n"
          "                       capacitance rule\n"
          "  --save-model FILE    fit: write the fitted model as JSON\n"
          "  --model FILE         predict: model written by --save-model\n"
          "  --freq F1,F2,...     predict: frequencies, Hz; --freq-range LO:HI:N log-spaced\n"
          "  --weight W           unit | proportional | modulus (default modulus)\n"
          "  --starts N           multi-start budget (default 16)\n"
          "  --thickness CM       sample thickness, cm  } conductivity sigma = L/(R A) in\n"
          "  --area CM2           electrode area, cm^2  } mS/cm (haven --units S/cm: in S/cm)\n"
          "  --format F           auto | csv | biologic | gamry | zview | versastudio\n"
          "  --sign S             auto | as-is | negated: whether the file's imaginary\n"
          "                       column holds Z'' or -Z'' (auto: header, else data)\n"
          "  --temperatures LIST  batch: K, one per file, comma-separated\n"
          "  --arrhenius-power P  batch: fit ln(sigma T^P) vs 1/T (default 1)\n"
          "  --fmin HZ, --fmax HZ keep only fmin <= f <= fmax\n"
          "  --drop-inductive     drop points with Z'' > 0 (inductive)\n"
          "  --kk-exclude         drop points whose Lin-KK residual exceeds 3x --kk-threshold\n"
          "  --kk-threshold X     linkk: RMS relative residual limit (default 0.005)\n"
          "  --c X                linkk: mu threshold, 0 < c < 1 (default 0.85)\n"
          "  --max-m N            linkk: most RC elements tried (default 50)\n"
          "  --kk-rule R          linkk: last (default: M where mu stays <= c) | first\n"
          "                       (first M with mu <= c, Schoenleber 2014 as published)\n"
          "  --lambda X|RULE      drt: fixed regularisation parameter (dimensionless), or the\n"
          "                       rule choosing it (as --lambda-method)\n"
          "  --lambda-method M    drt: lcurve|lc (default) | gcv | mgcv (modified GCV) | rgcv\n"
          "                       (robust GCV) | reim (re-im cross-validation) | ml (maximum\n"
          "                       marginal likelihood); every rule's lambda is reported\n"
          "  --order N            drt: derivative in the penalty, 1 or 2 (default 2)\n"
          "  --inductance         drt: fit a series inductance (default: when Z'' > 0 at the\n"
          "                       highest frequency); --no-inductance: never\n"
          "  --per-decade N       drt: tau grid points per decade (default 10)\n"
          "  --json               one JSON document on stdout\n"
          "  --csv FILE           curves (fit, Lin-KK residuals, gamma(tau)) as CSV\n"
          CLI_FIG_HELP "\n"
          "example: haven eis fit cell.mpt --circuit 'R0-p(R1,CPE1)-p(R2,CPE2)-W3' "
          "--thickness 0.1 --area 0.5\n"
          "example: haven eis drt cell.mpt --lambda-method gcv --csv drt.csv\n"
          "example: haven eis predict --model m.json --freq-range 0.01:1e6:50\n",
          out);
}

static int need_value(int i, int argc, const char *opt)
{
    if (i + 1 >= argc) {
        cli_error("eis: %s needs a value", opt);
        return 0;
    }
    return 1;
}

static int parse_enum(const char *v, const char *const *names, int *out)
{
    for (int i = 0; names[i]; i++)
        if (!strcmp(v, names[i])) {
            *out = i;
            return 1;
        }
    return 0;
}

/* Options taking a value; returns 1 if argv[i] was one (and consumed i+1). */
static int parse_valued(char **argv, int i, eis_cli_opts *o, int *bad)
{
    static const char *const WEIGHTS[] = {"unit", "proportional", "modulus", 0};
    static const char *const SIGNS[] = {"auto", "as-is", "negated", 0};
    static const char *const KK_RULES[] = {"last", "first", 0};
    const char *a = argv[i], *v = argv[i + 1];
    double x;
    int e = 0;
    long l;
    if (!strcmp(a, "--circuit"))
        o->circuit = v;
    else if (!strcmp(a, "--initial"))
        o->initial = v;
    else if (!strcmp(a, "--fixed"))
        o->fixed = v;
    else if (!strcmp(a, "--format"))
        o->format = v;
    else if (!strcmp(a, "--csv"))
        o->csv = v;
    else if (!strcmp(a, "--temperatures"))
        o->temperatures = v;
    else if (!strcmp(a, "--bounds"))
        o->bounds = v;
    else if (!strcmp(a, "--assign"))
        o->assign = v;
    else if (!strcmp(a, "--save-model"))
        o->save_model = v;
    else if (!strcmp(a, "--model"))
        o->model = v;
    else if (!strcmp(a, "--freq"))
        o->freq = v;
    else if (!strcmp(a, "--freq-range"))
        o->freq_range = v;
    else if (!strcmp(a, "--weight")) {
        *bad = !parse_enum(v, WEIGHTS, &e);
        o->weight = (haven_eis_weight)e;
    } else if (!strcmp(a, "--sign")) {
        *bad = !parse_enum(v, SIGNS, &e);
        o->sign = (haven_eis_sign)e;
    } else if (!strcmp(a, "--lambda-method") ||
               (!strcmp(a, "--lambda") && haven_eis_drt_method_parse(v) >= 0)) {
        e = haven_eis_drt_method_parse(v); /* "fixed" is --lambda X's */
        *bad = e < 0 || e == HAVEN_EIS_DRT_FIXED;
        o->lambda_method = e;
    } else if (!strcmp(a, "--kk-rule")) {
        *bad = !parse_enum(v, KK_RULES, &e);
        o->kk_rule = e;
    } else if (!strcmp(a, "--fmin") || !strcmp(a, "--fmax")) {
        *bad = cli_parse_double(v, &x) || !(x > 0);
        *(!strcmp(a, "--fmin") ? &o->prep.fmin : &o->prep.fmax) = x;
    } else if (!strcmp(a, "--c")) {
        *bad = cli_parse_double(v, &x) || !(x > 0 && x < 1);
        o->kk_c = x;
    } else if (!strcmp(a, "--max-m")) {
        *bad = cli_parse_long(v, &l) || l < 1 || l > 1000;
        o->kk_max_m = l;
    } else if (!strcmp(a, "--thickness") || !strcmp(a, "--area") || !strcmp(a, "--kk-threshold") ||
               !strcmp(a, "--lambda")) {
        *bad = cli_parse_double(v, &x) || !(x > 0);
        if (a[2] == 't')
            o->thickness_m = x * 1e-2;
        else if (a[2] == 'a')
            o->area_m2 = x * 1e-4;
        else if (a[2] == 'l')
            o->lambda = x;
        else
            o->kk_threshold = x;
    } else if (!strcmp(a, "--starts") || !strcmp(a, "--arrhenius-power") || !strcmp(a, "--order") ||
               !strcmp(a, "--per-decade")) {
        *bad = cli_parse_long(v, &l) || l < 0 || l > 1000;
        if (a[2] == 's')
            o->starts = l;
        else if (a[2] == 'o')
            o->order = (int)l;
        else if (a[2] == 'p')
            o->per_decade = l;
        else
            o->arrhenius_power = (int)l;
    } else
        return 0;
    if (*bad)
        cli_error("eis: invalid value '%s' for %s", v, a);
    return 1;
}

int eis_cli_parse(int argc, char **argv, eis_cli_opts *o)
{
    memset(o, 0, sizeof *o);
    o->weight = HAVEN_EIS_WEIGHT_MODULUS;
    o->arrhenius_power = 1;
    o->lambda_method = -1;
    o->files = calloc((size_t)argc + 1, sizeof *o->files);
    if (!o->files) {
        cli_error("out of memory");
        return CLI_FAIL;
    }
    for (int i = 1; i < argc; i++) {
        int bad = 0, fr = cli_fig_option(argc, argv, &i, &o->fig);
        if (fr < 0)
            return CLI_USAGE;
        if (fr > 0)
            continue;
        if (!strcmp(argv[i], "--json")) {
            o->json = 1;
        } else if (!strcmp(argv[i], "--inductance")) {
            o->inductance = 1;
        } else if (!strcmp(argv[i], "--no-inductance")) {
            o->inductance = -1;
        } else if (!strcmp(argv[i], "--keep-order")) {
            o->keep_order = 1;
        } else if (!strcmp(argv[i], "--drop-inductive")) {
            o->prep.drop_inductive = 1;
        } else if (!strcmp(argv[i], "--kk-exclude")) {
            o->prep.kk_exclude = 1;
        } else if (argv[i][0] == '-' && argv[i][1] == '-') {
            if (!need_value(i, argc, argv[i]))
                return CLI_USAGE;
            if (!parse_valued(argv, i, o, &bad)) {
                cli_error("eis: unknown option '%s' (see 'haven eis --help')", argv[i]);
                return CLI_USAGE;
            }
            if (bad)
                return CLI_USAGE;
            i++;
        } else {
            o->files[o->n_files++] = argv[i];
        }
    }
    if (o->prep.fmin > 0 && o->prep.fmax > 0 && o->prep.fmin >= o->prep.fmax) {
        cli_error("eis: --fmin must be below --fmax");
        return CLI_USAGE;
    }
    o->prep.kk = eis_cli_linkk_options(o);
    if ((o->thickness_m > 0) != (o->area_m2 > 0)) {
        cli_error("eis: --thickness and --area go together");
        return CLI_USAGE;
    }
    return CLI_OK;
}

haven_eis_linkk_options eis_cli_linkk_options(const eis_cli_opts *o)
{
    haven_eis_linkk_options k = {o->kk_c, (size_t)o->kk_max_m, o->kk_threshold,
                                 (haven_eis_linkk_rule)o->kk_rule, 0};
    return k;
}

int eis_cli_read(const char *path, const eis_cli_opts *o, haven_eis_data *d)
{
    if (haven_eis_read(path, o->format, o->sign, d))
        return cli_lib_error(NULL);
    const haven_eis_prep_options *p = &o->prep;
    if (!(p->fmin > 0 || p->fmax > 0 || p->drop_inductive || p->kk_exclude))
        return CLI_OK;
    haven_eis_prep_report rep;
    if (haven_eis_preprocess(d, p, &rep)) {
        haven_eis_data_free(d);
        return cli_lib_error(path);
    }
    if (rep.n_out < rep.n_in)
        fprintf(stderr,
                "haven: note: %s: %zu of %zu points kept (dropped: %zu below --fmin, %zu above "
                "--fmax, %zu inductive, %zu Lin-KK outliers)\n",
                path, rep.n_out, rep.n_in, rep.n_below_fmin, rep.n_above_fmax, rep.n_inductive,
                rep.n_kk);
    return CLI_OK;
}

int eis_cli_circuit(const eis_cli_opts *o, haven_eis_circuit **c)
{
    haven_status st = haven_eis_circuit_parse(o->circuit, c);
    if (st == HAVEN_OK)
        return CLI_OK;
    /* A bad circuit string is a usage error; running out of memory is not. */
    return st == HAVEN_ERR_NOMEM ? cli_lib_error(NULL) : cli_lib_error(NULL) + 1;
}

/* "R0=10,CPE1_1=0.9" into values and flags; 0 on success (errors printed). */
int eis_cli_assignments(const char *s, const haven_eis_circuit *c, double *val, int *set)
{
    return haven_eis_parse_values(c, s, val, set) ? (cli_lib_error("eis"), -1) : 0;
}

haven_eis_job_options eis_cli_job_options(const eis_cli_opts *o)
{
    haven_eis_job_options b;
    haven_eis_job_options_init(&b);
    b.format = o->format;
    b.sign = o->sign;
    b.prep = o->prep;
    b.weight = o->weight;
    b.starts = o->starts > 0 ? (size_t)o->starts : 0;
    b.initial = o->initial;
    b.fixed = o->fixed;
    b.bounds = o->bounds;
    b.assign = o->assign;
    b.keep_order = o->keep_order;
    b.thickness_m = o->thickness_m;
    b.area_m2 = o->area_m2;
    b.arrhenius_power = o->arrhenius_power;
    return b;
}

int eis_cli_fit(const eis_cli_opts *o, const haven_eis_circuit *c, const haven_eis_data *d,
                const double *extra_start, haven_eis_fit_result *r, haven_status *status)
{
    haven_eis_job_options job = eis_cli_job_options(o);
    haven_status st = haven_eis_fit_job(c, d, &job, extra_start, r);
    if (status)
        *status = st;
    if (st != HAVEN_OK)
        cli_lib_error("eis fit");
    /* Bad --initial, --fixed or --bounds values are the caller's, a usage error. */
    return st == HAVEN_OK ? CLI_OK : st == HAVEN_ERR_ARG ? CLI_USAGE : CLI_FAIL;
}

size_t eis_cli_arcs(const eis_cli_opts *o, const haven_eis_circuit *c,
                    const haven_eis_fit_result *f, haven_eis_arc *arcs, size_t max, int *rc)
{
    size_t na = haven_eis_arcs(c, f, o->thickness_m, o->area_m2, arcs, max);
    *rc = CLI_OK;
    if (o->assign && haven_eis_arcs_assign(c, o->assign, arcs, na)) {
        cli_lib_error("eis --assign");
        *rc = CLI_USAGE;
    }
    return na;
}

int eis_cli_conductivities(const eis_cli_opts *o, const haven_eis_circuit *c,
                           const haven_eis_fit_result *f, eis_sigma s[3])
{
    haven_estimate e[3];
    int valid[3];
    if (haven_eis_conductivities(c, f, o->thickness_m, o->area_m2, o->assign, e, valid)) {
        cli_lib_error("eis --assign");
        return CLI_USAGE;
    }
    double k = cli_sigma_unit.scale; /* S/m -> the shown unit (--units) */
    for (int q = 0; q < 3; q++) {
        eis_sigma x = {e[q].value * k, e[q].err * k, e[q].lo * k, e[q].hi * k, valid[q]};
        s[q] = x;
    }
    return CLI_OK;
}

static void print_fit_table(const eis_cli_opts *o, const haven_eis_circuit *c,
                            const haven_eis_data *d, const haven_eis_fit_result *r,
                            const haven_eis_linkk_result *kk, const eis_sigma s[3])
{
    printf("# %s: %zu points, format %s, imaginary sign from %s\n", o->files[0], d->n, d->format,
           d->sign_source);
    printf("# circuit %s, chi2 %.6g (reduced %.6g, dof %zu), %zu starts (%zu agree)\n", o->circuit,
           r->chi2, r->chi2_reduced, r->dof, r->n_starts, r->n_agree);
    printf("%-10s %14s %12s %14s %14s  %s\n", "parameter", "value", "stderr", "ci95_lo", "ci95_hi",
           "unit");
    for (size_t k = 0; k < r->n_params; k++)
        printf("%-10s %14.6g %12.4g %14.6g %14.6g  %s%s\n", haven_eis_circuit_param_name(c, k),
               r->param[k].value, r->param[k].err, r->param[k].lo, r->param[k].hi,
               r->param[k].unit,
               r->fixed[k] ? " (fixed)" : r->at_bound[k] ? " (at its bound: error meaningless)" : "");
    haven_eis_arc arcs[16];
    int rc;
    size_t na = eis_cli_arcs(o, c, r, arcs, 16, &rc);
    for (size_t a = 0; a < na; a++)
        printf("# arc %s: tau = %.4g s, C = %.4g F (normalised %.4g F) -> %s%s\n",
               haven_eis_circuit_param_name(c, arcs[a].r_index), arcs[a].tau, arcs[a].capacitance,
               arcs[a].c_normalised, haven_eis_arc_kind_name(arcs[a].kind),
               arcs[a].assigned ? " (assigned)" : "");
    const char *names[3] = {"sigma_bulk", "sigma_gb", "sigma_total"};
    for (int i = 0; i < 3; i++)
        if (s[i].valid)
            printf("%-12s %12.5g +- %.3g %s  [%.5g, %.5g]\n", names[i], s[i].value, s[i].stderr_,
                   cli_sigma_unit.name, s[i].lo, s[i].hi);
    if (kk)
        printf("# lin-kk: M = %zu, mu = %.3f, rms residual re %.3g%% im %.3g%% -> %s\n", kk->m,
               kk->mu, 100 * kk->rms_re, 100 * kk->rms_im, kk->valid ? "valid" : "FLAGGED");
}

void eis_cli_json_arcs(json_writer *w, const eis_cli_opts *o, const haven_eis_circuit *c,
                       const haven_eis_fit_result *r)
{
    haven_eis_arc arcs[16];
    int rc;
    size_t na = eis_cli_arcs(o, c, r, arcs, 16, &rc);
    json_begin_array(w, "arcs");
    for (size_t a = 0; a < na; a++) {
        json_begin_object(w, NULL);
        json_string(w, "resistor", haven_eis_circuit_param_name(c, arcs[a].r_index));
        json_number(w, "tau_s", arcs[a].tau);
        json_number(w, "capacitance_F", arcs[a].capacitance);
        json_number(w, "capacitance_normalised_F", arcs[a].c_normalised);
        json_string(w, "kind", haven_eis_arc_kind_name(arcs[a].kind));
        json_bool(w, "assigned", arcs[a].assigned);
        json_end_object(w);
    }
    json_end_array(w);
}

static void json_fit(const eis_cli_opts *o, const haven_eis_circuit *c, const haven_eis_data *d,
                     const haven_eis_fit_result *r, const haven_eis_linkk_result *kk,
                     const eis_sigma s[3])
{
    json_writer w;
    json_init(&w, stdout);
    json_begin_object(&w, NULL);
    json_string(&w, "file", o->files[0]);
    json_string(&w, "format", d->format);
    json_string(&w, "imag_sign_source", d->sign_source);
    json_bool(&w, "imag_column_negated", d->imag_negated);
    json_int(&w, "n_points", (long long)d->n);
    json_string(&w, "circuit", o->circuit);
    static const char *const WN[] = {"unit", "proportional", "modulus"};
    json_string(&w, "weight", WN[o->weight]);
    json_begin_object(&w, "parameters");
    for (size_t k = 0; k < r->n_params; k++)
        json_estimate(&w, haven_eis_circuit_param_name(c, k), &r->param[k]);
    json_end_object(&w);
    json_begin_array(&w, "fixed");
    for (size_t k = 0; k < r->n_params; k++)
        if (r->fixed[k])
            json_string(&w, NULL, haven_eis_circuit_param_name(c, k));
    json_end_array(&w);
    json_begin_array(&w, "at_bound");
    for (size_t k = 0; k < r->n_params; k++)
        if (r->at_bound[k])
            json_string(&w, NULL, haven_eis_circuit_param_name(c, k));
    json_end_array(&w);
    json_begin_array(&w, "correlation");
    for (size_t a = 0; a < r->n_params; a++) {
        json_begin_array(&w, NULL);
        for (size_t b = 0; b < r->n_params; b++)
            json_number(&w, NULL, r->fixed[a] || r->fixed[b] ? NAN : r->corr[a * r->n_params + b]);
        json_end_array(&w);
    }
    json_end_array(&w);
    json_number(&w, "chi2", r->chi2);
    json_number(&w, "chi2_reduced", r->chi2_reduced);
    json_int(&w, "dof", (long long)r->dof);
    json_int(&w, "starts", (long long)r->n_starts);
    json_int(&w, "starts_agreeing", (long long)r->n_agree);
    eis_cli_json_arcs(&w, o, c, r);
    const char *names[3] = {"sigma_bulk", "sigma_gb", "sigma_total"};
    for (int i = 0; i < 3; i++)
        if (s[i].valid)
            json_quantity(&w, names[i], s[i].value, s[i].stderr_, s[i].lo, s[i].hi,
                          cli_sigma_unit.name);
    if (kk) {
        json_begin_object(&w, "lin_kk");
        json_int(&w, "M", (long long)kk->m);
        json_number(&w, "mu", kk->mu);
        json_number(&w, "rms_residual_re", kk->rms_re);
        json_number(&w, "rms_residual_im", kk->rms_im);
        json_bool(&w, "valid", kk->valid);
        json_end_object(&w);
    }
    json_end_object(&w);
    json_finish(&w);
}

static int write_fit_csv(const char *path, const haven_eis_data *d, const haven_eis_fit_result *r)
{
    cli_outfile f;
    if (cli_outfile_open(&f, path))
        return CLI_FAIL;
    fprintf(f.fp, "freq_Hz,zre_ohm,zim_ohm,zre_fit_ohm,zim_fit_ohm,res_re_rel,res_im_rel\n");
    for (size_t i = 0; i < d->n; i++) {
        double m = hypot(d->zre[i], d->zim[i]);
        fprintf(f.fp, "%.10g,%.10g,%.10g,%.10g,%.10g,%.6g,%.6g\n", d->freq[i], d->zre[i], d->zim[i],
                r->zre_fit[i], r->zim_fit[i], (d->zre[i] - r->zre_fit[i]) / m,
                (d->zim[i] - r->zim_fit[i]) / m);
    }
    return cli_outfile_commit(&f) ? CLI_FAIL : CLI_OK;
}

static int cmd_fit(const eis_cli_opts *o)
{
    if (o->n_files != 1 || !o->circuit) {
        cli_error("eis fit: needs one FILE and --circuit (see 'haven eis --help')");
        return CLI_USAGE;
    }
    haven_eis_circuit *c = NULL;
    int crc = eis_cli_circuit(o, &c);
    if (crc != CLI_OK)
        return crc;
    haven_eis_data d;
    int rc = eis_cli_read(o->files[0], o, &d);
    haven_eis_fit_result r = {0};
    haven_eis_linkk_result kk = {0};
    if (rc == CLI_OK)
        rc = eis_cli_fit(o, c, &d, NULL, &r, NULL);
    haven_status kst = HAVEN_OK;
    if (rc == CLI_OK) {
        haven_eis_linkk_options ko = eis_cli_linkk_options(o);
        ko.verdict_only = 1; /* the fit shows the verdict, not mu(M) */
        kst = haven_eis_linkk(&d, &ko, &kk);
        if (kst == HAVEN_ERR_NOMEM) /* the fit is shown without Lin-KK only when KK cannot run */
            rc = cli_lib_error("lin-kk");
    }
    eis_sigma s[3];
    if (rc == CLI_OK)
        rc = eis_cli_conductivities(o, c, &r, s);
    if (rc == CLI_OK) {
        int have_kk = kst == HAVEN_OK;
        if (o->json)
            json_fit(o, c, &d, &r, have_kk ? &kk : NULL, s);
        else
            print_fit_table(o, c, &d, &r, have_kk ? &kk : NULL, s);
        if (o->csv)
            rc = write_fit_csv(o->csv, &d, &r);
        if (rc == CLI_OK && o->save_model)
            rc = eis_cli_save_model(o->save_model, c, &r);
    }
    if (rc == CLI_OK && cli_fig_wanted(&o->fig)) {
        eis_fit_report rep = {c, &r, kst == HAVEN_OK ? &kk : NULL, s};
        if (eis_figures_out(&o->fig, "fit", o->files[0], eis_fit_figure(c, &d, &r, o->files[0]),
                            eis_report_fit, &rep) != 0)
            rc = CLI_FAIL;
    }
    haven_eis_linkk_result_free(&kk);
    haven_eis_fit_result_free(&r);
    haven_eis_data_free(&d);
    haven_eis_circuit_free(c);
    return rc;
}

static int cmd_info(const eis_cli_opts *o)
{
    if (o->n_files != 1) {
        cli_error("eis info: needs one FILE");
        return CLI_USAGE;
    }
    haven_eis_data d;
    if (eis_cli_read(o->files[0], o, &d))
        return CLI_FAIL;
    if (o->json) {
        json_writer w;
        json_init(&w, stdout);
        json_begin_object(&w, NULL);
        json_string(&w, "file", o->files[0]);
        json_string(&w, "format", d.format);
        json_string(&w, "imag_sign_source", d.sign_source);
        json_bool(&w, "imag_column_negated", d.imag_negated);
        json_int(&w, "n_points", (long long)d.n);
        json_number(&w, "freq_min_Hz", d.freq[0]);
        json_number(&w, "freq_max_Hz", d.freq[d.n - 1]);
        json_end_object(&w);
        json_finish(&w);
    } else {
        printf("# %s: format %s, %zu points, %.4g..%.4g Hz, imaginary column %s (from %s)\n",
               o->files[0], d.format, d.n, d.freq[0], d.freq[d.n - 1],
               d.imag_negated ? "held -Z''" : "held Z''", d.sign_source);
        printf("%14s %14s %14s\n", "freq_Hz", "zre_ohm", "zim_ohm");
        for (size_t i = 0; i < d.n; i++)
            printf("%14.6g %14.6g %14.6g\n", d.freq[i], d.zre[i], d.zim[i]);
    }
    haven_eis_data_free(&d);
    return CLI_OK;
}

int cmd_eis(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_USAGE : CLI_OK;
    }
    for (int i = 2; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return CLI_OK;
        }
    eis_cli_opts o;
    int rc = eis_cli_parse(argc - 1, argv + 1, &o);
    if (rc == CLI_OK) {
        const char *sub = argv[1];
        if (!strcmp(sub, "fit"))
            rc = cmd_fit(&o);
        else if (!strcmp(sub, "info"))
            rc = cmd_info(&o);
        else if (!strcmp(sub, "linkk"))
            rc = eis_cmd_linkk(&o);
        else if (!strcmp(sub, "batch"))
            rc = eis_cmd_batch(&o);
        else if (!strcmp(sub, "drt"))
            rc = eis_cmd_drt(&o);
        else if (!strcmp(sub, "predict"))
            rc = eis_cmd_predict(&o);
        else {
            cli_error("eis: unknown subcommand '%s' (info, fit, linkk, batch, drt, predict)", sub);
            rc = CLI_USAGE;
        }
    }
    free(o.files);
    return rc;
}
