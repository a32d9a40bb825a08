/* haven fit bpp: NMR spin-lattice relaxation T1(T) with the BPP model. */
#include "cli.h"
#include "fit_common.h"

#include <math.h>
#include <string.h>

#define BPP_MAX_AT 8

typedef struct {
    fit_cli c;
    double larmor; /* Hz */
    long processes;
    size_t n_at;
    double at[BPP_MAX_AT]; /* K */
} bpp_opts;

static const char help[] =
    "usage: haven fit bpp DATA --larmor MHZ [options]\n\n"
    "DATA columns: T (K), T1 (s, or ms with --ms), [error of T1].\n"
    "Fits 1/T1 = sum_k C_k [J(w0) + 4 J(2 w0)], J(w) = tau/(1 + (w tau)^2),\n"
    "tau = tau0 exp(Ea/(kB T)), w0 = 2 pi x Larmor frequency, on ln(1/T1).\n\n"
    "options:\n"
    "  --larmor MHZ     Larmor frequency in MHz\n"
    "  --processes N    1 (default) or 2 motional processes\n"
    "  --ms             T1 column in ms\n"
    "  --at T           report the jump rate 1/tau at T (K); repeatable (up to 8)\n"
    "  --csv FILE       write T (K), T1 (s), fitted T1, residual\n"
    CLI_FIG_HELP
    "  --json           print one JSON document\n\n"
    "example: haven fit bpp t1.csv --larmor 116.6 --at 300\n";

static int option(int argc, char **argv, int *i, void *vo)
{
    bpp_opts *o = vo;
    const char *a = argv[*i];
    if (!strcmp(a, "--larmor")) {
        if (fit_parse_number(a, fit_option_value(argc, argv, i), &o->larmor) != 0)
            return -1;
        o->larmor *= 1e6;
    } else if (!strcmp(a, "--processes")) {
        const char *v = fit_option_value(argc, argv, i);
        if (!v || cli_parse_long(v, &o->processes) != 0 || o->processes < 1 || o->processes > 2) {
            cli_error("--processes: expected 1 or 2");
            return -1;
        }
    } else if (!strcmp(a, "--ms")) {
        o->c.y_scale = 1e-3;
    } else if (!strcmp(a, "--at")) {
        double T;
        if (fit_parse_number(a, fit_option_value(argc, argv, i), &T) != 0 || !(T > 0) ||
            o->n_at == BPP_MAX_AT) {
            cli_error("--at: expected up to %d temperatures > 0 K", BPP_MAX_AT);
            return -1;
        }
        o->at[o->n_at++] = T;
    } else {
        return 0;
    }
    return 1;
}

static int check(void *vo)
{
    const bpp_opts *o = vo;
    if (!(o->larmor > 0)) {
        cli_error("fit bpp: expected --larmor MHZ > 0");
        return CLI_USAGE;
    }
    return CLI_OK;
}

static haven_status fit(const fit_table *t, const void *vo, haven_fit_result *r)
{
    const bpp_opts *o = vo;
    return haven_bpp_fit(t->x, t->y, t->err, t->n, o->larmor, (int)o->processes, r);
}

static double predict(double T, const haven_fit_result *r, const void *vo)
{
    const bpp_opts *o = vo;
    double w0 = 2 * 3.14159265358979323846 * o->larmor, R = 0;
    for (size_t k = 0; k + 2 < r->n_params; k += 3) {
        double tau = r->param[k + 1].value * exp(r->param[k + 2].value / (HAVEN_KB * T));
        R += r->param[k].value *
             (tau / (1 + pow(w0 * tau, 2)) + 4 * tau / (1 + pow(2 * w0 * tau, 2)));
    }
    return 1 / R;
}

static void derived_table(const haven_fit_result *r, const void *vo)
{
    const bpp_opts *o = vo;
    for (int k = 0; k < (int)o->processes; k++) {
        printf("  process %d: Ea = %.4g eV\n", k + 1, r->param[3 * k + 2].value / HAVEN_EV);
        for (size_t i = 0; i < o->n_at; i++) {
            double v, e, lo, hi;
            char name[32];
            snprintf(name, sizeof name, "1/tau(%gK)", o->at[i]);
            if (haven_bpp_rate(r, k, o->at[i], &v, &e, &lo, &hi) == HAVEN_OK)
                fit_print_quantity(stdout, name, v, e, lo, hi, "1/s");
        }
    }
}

static void derived_json(json_writer *w, const haven_fit_result *r, const void *vo)
{
    const bpp_opts *o = vo;
    json_number(w, "larmor_hz", o->larmor);
    json_begin_array(w, "rates");
    for (int k = 0; k < (int)o->processes; k++)
        for (size_t i = 0; i < o->n_at; i++) {
            double v, e, lo, hi;
            if (haven_bpp_rate(r, k, o->at[i], &v, &e, &lo, &hi) != HAVEN_OK)
                continue;
            json_begin_object(w, NULL);
            json_int(w, "process", k + 1);
            json_number(w, "T", o->at[i]);
            json_quantity(w, "rate", v, e, lo, hi, "1/s");
            json_end_object(w);
        }
    json_end_array(w);
}

static double inverse_T(double T, const void *vo)
{
    (void)vo;
    return 1000.0 / T;
}

int fit_cmd_bpp(int argc, char **argv)
{
    static const fit_model_cli m = {"bpp", help,    option,        check,
                                    fit,   predict, derived_table, derived_json,
                                    {"1000/T (K⁻¹)", "T₁ (s)", 0, 0, 0, 1, inverse_T}};
    bpp_opts o;
    memset(&o, 0, sizeof o);
    o.processes = 1;
    return fit_run_model(&m, argc, argv, &o);
}
