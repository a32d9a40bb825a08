/* haven fit kww: stretched exponential (QENS intermediate scattering function). */
#include "cli.h"
#include "fit_common.h"

#include <math.h>
#include <string.h>

typedef struct {
    fit_cli c;
} kww_opts;

static const char help[] =
    "usage: haven fit kww DATA [--time-unit ps] [options]\n\n"
    "DATA columns: time t, F(t), [error of F]. Fits F = A exp(-(t/tau)^beta) and\n"
    "reports <tau> = (tau/beta) Gamma(1/beta) with its propagated error. Times in s.\n\n"
    "options:\n"
    "  --time-unit U   unit of the time column: s (default), ms, us, ns, ps\n"
    "  --csv FILE      write t (s), F, fit, residual\n"
    CLI_FIG_HELP
    "  --json          print one JSON document\n\n"
    "example: haven fit kww fqt.dat --time-unit ps\n";

static int option(int argc, char **argv, int *i, void *vo)
{
    kww_opts *o = vo;
    const char *opt = argv[*i];
    if (strcmp(opt, "--time-unit"))
        return 0;
    const char *v = fit_option_value(argc, argv, i);
    return v && fit_parse_time_unit(opt, v, &o->c.x_scale) == 0 ? 1 : -1;
}

static haven_status fit(const fit_table *t, const void *vo, haven_fit_result *r)
{
    (void)vo;
    return haven_kww_fit(t->x, t->y, t->err, t->n, r);
}

static double predict(double t, const haven_fit_result *r, const void *vo)
{
    (void)vo;
    return r->param[0].value * exp(-pow(t / r->param[1].value, r->param[2].value));
}

static void derived_table(const haven_fit_result *r, const void *vo)
{
    (void)vo;
    double m, e, lo, hi;
    if (haven_kww_mean_tau(r, &m, &e, &lo, &hi) == HAVEN_OK)
        fit_print_quantity(stdout, "<tau>", m, e, lo, hi, "s");
}

static void derived_json(json_writer *w, const haven_fit_result *r, const void *vo)
{
    (void)vo;
    double m, e, lo, hi;
    if (haven_kww_mean_tau(r, &m, &e, &lo, &hi) == HAVEN_OK)
        json_quantity(w, "mean_tau", m, e, lo, hi, "s");
}

int fit_cmd_kww(int argc, char **argv)
{
    static const fit_model_cli m = {"kww", help,    option,        NULL,
                                    fit,   predict, derived_table, derived_json,
                                    {"t (s)", "F(t)", 0, 0, 1, 0, NULL}};
    kww_opts o;
    memset(&o, 0, sizeof o);
    return fit_run_model(&m, argc, argv, &o);
}
