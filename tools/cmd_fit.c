/* haven fit MODEL DATA: model fits and calculators for transport experiments. */
#include "cli.h"
#include "fit_common.h"

#include <stdio.h>
#include <string.h>

static const cli_command models[] = {
    {"arrhenius", "Arrhenius fit of sigma(T) or D(T), compared with VFT", fit_cmd_arrhenius},
    {"vft", "Vogel-Fulcher-Tammann fit of sigma(T) or D(T), compared with Arrhenius", fit_cmd_vft},
    {"pfg", "PFG-NMR Stejskal-Tanner decay -> D (mono/bi-exponential)", fit_cmd_pfg},
    {"nernst-einstein", "conductivity from D's and concentrations; Haven ratio",
     fit_cmd_nernst_einstein},
    {"bruce-vincent", "Li+ transference number from polarisation currents", fit_cmd_bruce_vincent},
    {"bpp", "NMR T1(T) relaxometry (BPP) -> tau0, Ea, jump rate", fit_cmd_bpp},
    {"exsy", "2D EXSY build-up -> exchange rate, jump D", fit_cmd_exsy},
    {"kww", "stretched exponential (QENS) -> tau, beta, <tau>", fit_cmd_kww},
    {"hopping", "hopping conductivity from jump parameters", fit_cmd_hopping},
    {0, 0, 0},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: haven fit MODEL [options] [DATA]\n\n"
                 "Fit a model to experimental data (columns x, y, [err]; CSV or whitespace,\n"
                 "optional header, '#' comments) or evaluate a calculator. Every model\n"
                 "accepts --json (one JSON document) and --help.\n\nmodels:\n");
    for (const cli_command *m = models; m->name; m++)
        fprintf(out, "  %-16s %s\n", m->name, m->summary);
    fprintf(out, "\nexample: haven fit arrhenius conductivity.csv --quantity sigma --at 298.15\n");
}

int cmd_fit(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(stdout);
        return CLI_OK;
    }
    for (const cli_command *m = models; m->name; m++)
        if (!strcmp(argv[1], m->name))
            return m->run(argc - 1, argv + 1);
    cli_error("fit: unknown model '%s' (see 'haven fit --help')", argv[1]);
    return CLI_USAGE;
}
