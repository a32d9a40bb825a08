/* haven fit bruce-vincent: cation transference number from potentiostatic
 * polarisation (Evans, Vincent, Bruce, Polymer 28, 2324 (1987)). */
#include "cli.h"
#include "fit_common.h"

#include <math.h>
#include <string.h>

static const char help[] =
    "usage: haven fit bruce-vincent --dV V --I0 A --Iss A --R0 OHM --Rss OHM [--json]\n"
    "       haven fit bruce-vincent --current FILE --dV V --R0 OHM --Rss OHM [--I0 A]\n"
    "                               [--exp 1|2] [--csv FILE] [--json] [figure options]\n\n"
    "t+ = Iss (dV - I0 R0) / (I0 (dV - Iss Rss)). Each value may carry an uncertainty\n"
    "as VALUE:ERROR; errors propagate to first order (independent inputs).\n"
    "Units: dV in V, currents in A, interfacial resistances in ohm (SI).\n\n"
    "With --current, FILE holds the polarisation current trace: columns t (s), I (A),\n"
    "[error of I (A)]; '#' comments. It is fitted to I = Iss + A1 exp(-(t-t0)/tau1)\n"
    "[+ A2 exp(-(t-t0)/tau2)] (the second exponential kept when its AIC is lower,\n"
    "or as --exp says); I0 is the first measured point unless --I0 gives it.\n"
    "  --csv FILE      write t (s), I (A), fit (A), residual (A)\n"
    CLI_FIG_HELP
    "\nexample: haven fit bruce-vincent --dV 0.01 --I0 2.0e-5:1e-7 --Iss 1.1e-5:1e-7 --R0 210:5 "
    "--Rss 260:5\n"
    "example: haven fit bruce-vincent --current polarisation.dat --dV 0.01 --R0 210 --Rss 260 "
    "--plot bv\n";

static const char *const keys[5] = {"--dV", "--I0", "--Iss", "--R0", "--Rss"};

/* "VALUE" or "VALUE:ERROR" into the k-th input and its error. */
static int set_value(int k, const char *v, void *ctx)
{
    haven_bruce_vincent_input *in = ctx;
    double *vals[5][2] = {{&in->dV, &in->dV_err},
                          {&in->I0, &in->I0_err},
                          {&in->Iss, &in->Iss_err},
                          {&in->R0, &in->R0_err},
                          {&in->Rss, &in->Rss_err}};
    if (!v || fit_parse_value_err(v, vals[k][0], vals[k][1]) != 0) {
        cli_error("%s: expected VALUE or VALUE:ERROR", keys[k]);
        return -1;
    }
    return 0;
}

int fit_cmd_bruce_vincent(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--current"))
            return fit_bruce_vincent_trace(argc, argv, help);
    haven_bruce_vincent_input in;
    memset(&in, 0, sizeof in);
    int json, seen;
    int rc =
        fit_calc_options(argc, argv, "bruce-vincent", help, keys, 5, set_value, &in, &json, &seen);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    if (seen != 31) {
        cli_error("fit bruce-vincent: expected all of --dV --I0 --Iss --R0 --Rss");
        return CLI_USAGE;
    }
    double t, e, q = 1.959964;
    if (haven_bruce_vincent(&in, &t, &e) != HAVEN_OK)
        return cli_lib_error(NULL);
    if (json) {
        json_writer w;
        json_init(&w, stdout);
        json_begin_object(&w, NULL);
        json_string(&w, "model", "bruce-vincent");
        json_begin_object(&w, "parameters");
        json_quantity(&w, "t_plus", t, e, t - q * e, t + q * e, "");
        json_end_object(&w);
        json_end_object(&w);
        json_finish(&w);
    } else {
        printf("haven fit bruce-vincent: dV = %g V, I0 = %g A, Iss = %g A, R0 = %g ohm, Rss = %g "
               "ohm\n",
               in.dV, in.I0, in.Iss, in.R0, in.Rss);
        fit_print_quantity(stdout, "t+", t, e, t - q * e, t + q * e,
                           "(first-order errors, normal 95%)");
    }
    return CLI_OK;
}
