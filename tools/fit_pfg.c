/* haven fit pfg: PFG-NMR Stejskal-Tanner fit -> D. */
#include "cli.h"
#include "units_cli.h"
#include "fit_common.h"

#include <math.h>
#include <string.h>

typedef struct {
    fit_cli c;
    const char *nucleus;
    haven_pfg_options o;
} pfg_opts;

static const char help[] =
    "usage: haven fit pfg DATA --nucleus 7Li --delta MS --Delta MS [options]\n\n"
    "DATA columns: gradient g (T/m, or G/cm with --gauss-cm), signal S, [error of S].\n"
    "Fits S = S0 exp(-D b) (or A1 exp(-D1 b) + A2 exp(-D2 b) with --bi),\n"
    "b = gamma^2 g^2 delta^2 (Delta - delta/3). D printed in m^2/s and cm^2/s (or the unit\n"
    "of haven --units).\n\n"
    "options:\n"
    "  --nucleus NAME  1H 2H 6Li 7Li 9Be 11B 13C 15N 17O 19F 23Na 25Mg 27Al 29Si 31P\n"
    "                  35Cl 39K 43Ca 67Zn 133Cs (IUPAC 2001 / CODATA 2018 gamma)\n"
    "  --gamma G       gyromagnetic ratio in rad s^-1 T^-1 instead of --nucleus\n"
    "  --delta MS      gradient pulse length (ms)\n"
    "  --Delta MS      diffusion time (ms)\n"
    "  --gauss-cm      gradient column in G/cm (1 G/cm = 0.01 T/m)\n"
    "  --bi            two components (component 1 = faster)\n"
    "  --csv FILE      write g (T/m), S, fit, residual\n" CLI_FIG_HELP
    "  --json          print one JSON document\n\n"
    "example: haven fit pfg li_decay.csv --nucleus 7Li --delta 2 --Delta 50\n";

static int option(int argc, char **argv, int *i, void *vo)
{
    pfg_opts *o = vo;
    const char *a = argv[*i];
    double v;
    if (!strcmp(a, "--nucleus")) {
        o->nucleus = fit_option_value(argc, argv, i);
        if (!o->nucleus)
            return -1;
        o->o.gamma = haven_nucleus_gamma(o->nucleus);
        if (o->o.gamma == 0) {
            cli_error("--nucleus: unknown nucleus '%s' (see --help)", o->nucleus);
            return -1;
        }
    } else if (!strcmp(a, "--gamma")) {
        if (fit_parse_number(a, fit_option_value(argc, argv, i), &o->o.gamma) != 0)
            return -1;
        o->o.gamma = fabs(o->o.gamma);
    } else if (!strcmp(a, "--delta") || !strcmp(a, "--Delta")) {
        if (fit_parse_number(a, fit_option_value(argc, argv, i), &v) != 0)
            return -1;
        *(a[2] == 'd' ? &o->o.delta : &o->o.Delta) = v * 1e-3;
    } else if (!strcmp(a, "--gauss-cm")) {
        o->c.x_scale = 0.01;
    } else if (!strcmp(a, "--bi")) {
        o->o.n_components = 2;
    } else {
        return 0;
    }
    return 1;
}

static int check(void *vo)
{
    pfg_opts *o = vo;
    if (!(o->o.gamma > 0) || !(o->o.delta > 0) || !(o->o.Delta > 0)) {
        cli_error("fit pfg: expected --nucleus (or --gamma), --delta and --Delta (ms)");
        return CLI_USAGE;
    }
    return CLI_OK;
}

static haven_status fit(const fit_table *t, const void *vo, haven_fit_result *r)
{
    const pfg_opts *o = vo;
    return haven_pfg_fit(t->x, t->y, t->err, t->n, &o->o, r);
}

static double predict(double g, const haven_fit_result *r, const void *vo)
{
    const pfg_opts *o = vo;
    double b = haven_pfg_bvalue(&o->o, g), s = 0;
    for (size_t k = 0; k + 1 < r->n_params; k += 2)
        s += r->param[k].value * exp(-r->param[k + 1].value * b);
    return s;
}

/* D's again in the shown unit (cm^2/s unless --units). */
static void derived_table(const haven_fit_result *r, const void *vo)
{
    const pfg_opts *o = vo;
    printf("  gamma = %.8g rad s^-1 T^-1%s%s, delta = %g ms, Delta = %g ms\n", o->o.gamma,
           o->nucleus ? " for " : "", o->nucleus ? o->nucleus : "", o->o.delta * 1e3,
           o->o.Delta * 1e3);
    for (size_t k = 1; k < r->n_params; k += 2)
        fit_print_quantity(stdout, r->name[k], r->param[k].value * cli_D_unit.scale,
                           r->param[k].err * cli_D_unit.scale, r->param[k].lo * cli_D_unit.scale,
                           r->param[k].hi * cli_D_unit.scale, cli_D_unit.name);
}

static void derived_json(json_writer *w, const haven_fit_result *r, const void *vo)
{
    const pfg_opts *o = vo;
    json_number(w, "gamma", o->o.gamma);
    json_number(w, "delta_s", o->o.delta);
    json_number(w, "Delta_s", o->o.Delta);
    for (size_t k = 1; k < r->n_params; k += 2) {
        char key[32];
        double c = cli_D_unit.scale;
        snprintf(key, sizeof key, "%s_%s", r->name[k], cli_D_unit.key);
        json_quantity(w, key, r->param[k].value * c, r->param[k].err * c, r->param[k].lo * c,
                      r->param[k].hi * c, cli_D_unit.name);
    }
}

static double pfg_b(double g, const void *vo)
{
    const pfg_opts *o = vo;
    return haven_pfg_bvalue(&o->o, g);
}

int fit_cmd_pfg(int argc, char **argv)
{
    static const fit_model_cli m = {"pfg", help,    option,        check,
                                    fit,   predict, derived_table, derived_json,
                                    {"b (10⁹ s m⁻²)", "signal S", 1e9, 0, 0, 1, pfg_b}};
    pfg_opts o;
    memset(&o, 0, sizeof o);
    o.o.n_components = 1;
    return fit_run_model(&m, argc, argv, &o);
}
