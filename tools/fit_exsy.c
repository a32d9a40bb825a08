/* haven fit exsy: 2D EXSY build-up -> exchange rate -> jump diffusion coefficient. */
#include "cli.h"
#include "units_cli.h"
#include "fit_common.h"

#include <math.h>
#include <string.h>

typedef struct {
    fit_cli c;
    haven_exsy_model model;
    double jump; /* m, or 0 */
    long dim;
} exsy_opts;

static const char help[] =
    "usage: haven fit exsy DATA [options]\n\n"
    "DATA columns: mixing time tm, intensity, [error]. Models:\n"
    "  buildup   I = A (1 - exp(-k tm))   (cross-peak intensity)\n"
    "  two-site  I_cross/I_diag = tanh(k tm)   (symmetric two-site exchange, k = jump rate)\n"
    "The exchange time is tau = 1/k; with --jump, D = a^2 / (2 d tau) (Einstein-Smoluchowski).\n"
    "For symmetric two-site exchange the build-up rate is twice the jump rate (see "
    "docs/fit.md).\n\n"
    "options:\n"
    "  --model M       buildup (default) or two-site\n"
    "  --time-unit U   unit of the mixing-time column: s (default), ms, us\n"
    "  --jump A        jump distance a in Angstrom\n"
    "  --dim D         dimensionality 1, 2 or 3 (default 3: D = a^2/(6 tau))\n"
    "  --csv FILE      write tm (s), I, fit, residual\n"
    CLI_FIG_HELP
    "  --json          print one JSON document\n\n"
    "example: haven fit exsy buildup.csv --time-unit ms --jump 2.5\n";

static int option(int argc, char **argv, int *i, void *vo)
{
    exsy_opts *o = vo;
    const char *a = argv[*i];
    if (!strcmp(a, "--time-unit")) {
        const char *v = fit_option_value(argc, argv, i);
        return v && fit_parse_time_unit(a, v, &o->c.x_scale) == 0 ? 1 : -1;
    }
    if (!strcmp(a, "--model")) {
        const char *v = fit_option_value(argc, argv, i);
        if (v && !strcmp(v, "buildup"))
            o->model = HAVEN_EXSY_BUILDUP;
        else if (v && !strcmp(v, "two-site"))
            o->model = HAVEN_EXSY_TWO_SITE;
        else {
            cli_error("--model: expected 'buildup' or 'two-site'");
            return -1;
        }
        return 1;
    }
    if (!strcmp(a, "--jump")) {
        if (fit_parse_number(a, fit_option_value(argc, argv, i), &o->jump) != 0 || !(o->jump > 0)) {
            cli_error("--jump: expected a distance > 0 in Angstrom");
            return -1;
        }
        o->jump *= HAVEN_ANGSTROM;
        return 1;
    }
    if (!strcmp(a, "--dim")) {
        const char *v = fit_option_value(argc, argv, i);
        if (!v || cli_parse_long(v, &o->dim) != 0 || o->dim < 1 || o->dim > 3) {
            cli_error("--dim: expected 1, 2 or 3");
            return -1;
        }
        return 1;
    }
    return 0;
}

static haven_status fit(const fit_table *t, const void *vo, haven_fit_result *r)
{
    const exsy_opts *o = vo;
    return haven_exsy_fit(t->x, t->y, t->err, t->n, o->model, r);
}

static double predict(double tm, const haven_fit_result *r, const void *vo)
{
    const exsy_opts *o = vo;
    double k = r->param[r->n_params - 1].value;
    return o->model == HAVEN_EXSY_TWO_SITE ? tanh(k * tm) : r->param[0].value * (1 - exp(-k * tm));
}

/* tau = 1/k and D = a^2 k/(2d): first-order errors; intervals map k's interval. */
static void derived(const haven_fit_result *r, const exsy_opts *o, double q[2][4])
{
    size_t j = r->n_params - 1;
    double k = r->param[j].value, e = r->param[j].err;
    q[0][0] = 1 / k, q[0][1] = e / (k * k), q[0][2] = 1 / r->param[j].hi,
    q[0][3] = 1 / r->param[j].lo;
    double f = o->jump > 0 ? haven_einstein_smoluchowski(o->jump, 1.0, (int)o->dim) : NAN;
    q[1][0] = f * k, q[1][1] = f * e, q[1][2] = f * r->param[j].lo, q[1][3] = f * r->param[j].hi;
}

static void derived_table(const haven_fit_result *r, const void *vo)
{
    const exsy_opts *o = vo;
    double q[2][4];
    derived(r, o, q);
    fit_print_quantity(stdout, "tau", q[0][0], q[0][1], q[0][2], q[0][3], "s");
    if (o->jump > 0) {
        printf("  Einstein-Smoluchowski, a = %g A, d = %ld: D = a^2/(2 d tau)\n",
               o->jump / HAVEN_ANGSTROM, o->dim);
        fit_print_quantity(stdout, "D", q[1][0], q[1][1], q[1][2], q[1][3], "m^2/s");
        double c = cli_D_unit.scale; /* cm^2/s unless --units */
        fit_print_quantity(stdout, "D", q[1][0] * c, q[1][1] * c, q[1][2] * c, q[1][3] * c,
                           cli_D_unit.name);
    }
}

static void derived_json(json_writer *w, const haven_fit_result *r, const void *vo)
{
    const exsy_opts *o = vo;
    double q[2][4];
    derived(r, o, q);
    json_quantity(w, "tau", q[0][0], q[0][1], q[0][2], q[0][3], "s");
    if (o->jump > 0) {
        json_number(w, "jump_m", o->jump);
        json_int(w, "dim", o->dim);
        json_quantity(w, "D", q[1][0], q[1][1], q[1][2], q[1][3], "m^2/s");
    }
}

int fit_cmd_exsy(int argc, char **argv)
{
    static const fit_model_cli m = {"exsy", help,    option,        NULL,
                                    fit,    predict, derived_table, derived_json,
                                    {"mixing time t_m (s)", "intensity", 0, 0, 0, 0, NULL}};
    exsy_opts o;
    memset(&o, 0, sizeof o);
    o.dim = 3;
    return fit_run_model(&m, argc, argv, &o);
}
