/* haven fit hopping: conductivity of thermally activated hopping. */
#include "cli.h"
#include "fit_common.h"
#include "units_cli.h"

#include <math.h>
#include <string.h>

static const char help[] =
    "usage: haven fit hopping --conc N --T K --a A --nu0 HZ --dH EV [options]\n\n"
    "sigma = (1/6) (f/H_R) (c q^2/(kB T)) a^2 nu0 exp(dS/kB) exp(-dH/(kB T))\n\n"
    "options (units):\n"
    "  --conc N     carrier concentration c in cm^-3\n"
    "  --T K        temperature in K\n"
    "  --a A        jump distance in Angstrom\n"
    "  --nu0 HZ     attempt frequency in Hz\n"
    "  --dH EV      migration enthalpy in eV\n"
    "  --dS S       migration entropy in units of kB (default 0)\n"
    "  --z Z        carrier charge number, q = z e (default 1)\n"
    "  --f F        correlation factor (default 1)\n"
    "  --haven H    Haven ratio H_R (default 1)\n"
    "  --json       print one JSON document\n"
    "Output in S/m and in mS/cm (or the unit of haven --units).\n\n"
    "example: haven fit hopping --conc 1e22 --T 300 --a 3 --nu0 1e13 --dH 0.3\n";

static const char *const keys[9] = {"--conc", "--T", "--a", "--nu0",  "--dH",
                                    "--dS",   "--z", "--f", "--haven"};

static int set_value(int k, const char *v, void *ctx)
{
    haven_hopping_input *in = ctx;
    double *dst[9] = {&in->c,  &in->T, &in->a, &in->nu0,  &in->dH,
                      &in->dS, &in->z, &in->f, &in->haven};
    if (fit_parse_number(keys[k], v, dst[k]) != 0)
        return -1;
    double x = *dst[k];
    /* dS may have either sign; the rest is positive, dH may be 0, and an
     * uncharged carrier (z = 0) conducts nothing. */
    const char *bad = k == 4   ? (x >= 0 ? NULL : "an enthalpy >= 0 eV")
                      : k == 5 ? NULL
                      : k == 6 ? (x != 0 ? NULL : "a charge number other than 0")
                               : (x > 0 ? NULL : "a number > 0");
    if (bad) {
        cli_error("%s: expected %s, got '%s'", keys[k], bad, v);
        return -1;
    }
    return 0;
}

int fit_cmd_hopping(int argc, char **argv)
{
    haven_hopping_input in = {1.0, 1.0, 0, 1.0, 0, 0, 0, 0, 0};
    int json, seen;
    int rc = fit_calc_options(argc, argv, "hopping", help, keys, 9, set_value, &in, &json, &seen);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    if ((seen & 31) != 31) {
        cli_error("fit hopping: expected --conc, --T, --a, --nu0 and --dH");
        return CLI_USAGE;
    }
    in.c *= 1e6;            /* cm^-3 -> m^-3 */
    in.a *= HAVEN_ANGSTROM; /* A -> m */
    in.dH *= HAVEN_EV;      /* eV -> J */
    in.dS *= HAVEN_KB;      /* kB -> J/K */
    double s;
    if (haven_hopping_conductivity(&in, &s) != HAVEN_OK)
        return cli_lib_error(NULL);
    if (json) {
        json_writer w;
        json_init(&w, stdout);
        json_begin_object(&w, NULL);
        json_string(&w, "model", "hopping");
        json_begin_object(&w, "parameters");
        json_quantity(&w, "sigma", s, 0, s, s, "S/m");
        char key[48]; /* "sigma_mS_per_cm": the shown unit (--units) */
        double k = cli_sigma_unit.scale;
        snprintf(key, sizeof key, "sigma_%s", cli_sigma_unit.key);
        json_quantity(&w, key, s * k, 0, s * k, s * k, cli_sigma_unit.name);
        json_end_object(&w);
        json_end_object(&w);
        json_finish(&w);
    } else {
        printf("haven fit hopping: T = %g K, c = %g m^-3, a = %g m, nu0 = %g Hz, dH = %g J\n", in.T,
               in.c, in.a, in.nu0, in.dH);
        printf("  sigma = %.6g S/m = %.6g %s\n", s, s * cli_sigma_unit.scale, cli_sigma_unit.name);
    }
    return CLI_OK;
}
