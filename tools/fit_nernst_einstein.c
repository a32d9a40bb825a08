/* haven fit nernst-einstein: conductivity from self-diffusion coefficients
 * and concentrations, and the Haven ratio against a measured conductivity. */
#include "cli.h"
#include "core/units.h"
#include "fit_common.h"
#include "units_cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NE_MAX_IONS 8

typedef struct {
    int json, cgs;
    double T, sigma, sigma_err; /* sigma NAN if not given */
    size_t n;
    char name[NE_MAX_IONS][16];
    double D[NE_MAX_IONS], D_err[NE_MAX_IONS], c[NE_MAX_IONS];
    int z[NE_MAX_IONS];
} ne_opts;

static const char help[] =
    "usage: haven fit nernst-einstein --T K --ion NAME,D,c,z[,Derr] ... [--sigma S[:ERR]]\n\n"
    "sigma_NE = e^2/(kB T) sum_i c_i z_i^2 D_i; Haven ratio H_R = sigma_NE / sigma.\n"
    "Units: D in m^2/s, c in mol/L, sigma in S/m; with --cgs D in cm^2/s and sigma in S/cm.\n"
    "sigma_NE is printed in S/m and in mS/cm (or the unit of haven --units).\n"
    "Errors of D (optional) and sigma propagate to first order; c and T are exact.\n\n"
    "options:\n"
    "  --T K                  temperature\n"
    "  --ion NAME,D,c,z[,E]   one species (repeat, up to 8): D, concentration, charge, error of D\n"
    "  --sigma S[:ERR]        measured (EIS) conductivity for the Haven ratio\n"
    "  --cgs                  D in cm^2/s, sigma in S/cm\n"
    "  --json                 print one JSON document\n\n"
    "example: haven fit nernst-einstein --T 298.15 --ion Li,1.2e-10,1.0,1 --ion PF6,2.1e-10,1.0,-1 "
    "--sigma 0.95:0.02\n";

static int parse_ion(const char *s, ne_opts *o)
{
    char buf[160], *save = NULL, *f[6];
    int n = 0;
    if (strlen(s) >= sizeof buf || o->n == NE_MAX_IONS)
        return -1;
    strcpy(buf, s);
    for (char *t = strtok_r(buf, ",", &save); t && n < 6; t = strtok_r(NULL, ",", &save))
        f[n++] = t;
    double z;
    size_t i = o->n;
    if ((n != 4 && n != 5) || strlen(f[0]) >= sizeof o->name[0] ||
        cli_parse_double(f[1], &o->D[i]) || cli_parse_double(f[2], &o->c[i]) ||
        cli_parse_double(f[3], &z) || z != floor(z) ||
        (n == 5 && (cli_parse_double(f[4], &o->D_err[i]) || !(o->D_err[i] >= 0))))
        return -1;
    strcpy(o->name[i], f[0]);
    o->z[i] = (int)z;
    o->n++;
    return 0;
}

static int parse(int argc, char **argv, ne_opts *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(help, stdout);
            return -1;
        } else if (!strcmp(a, "--json")) {
            o->json = 1;
        } else if (!strcmp(a, "--cgs")) {
            o->cgs = 1;
        } else if (!strcmp(a, "--T")) {
            if (fit_parse_number(a, fit_option_value(argc, argv, &i), &o->T) != 0)
                return CLI_USAGE;
        } else if (!strcmp(a, "--ion")) {
            if (!(v = fit_option_value(argc, argv, &i)) || parse_ion(v, o) != 0) {
                cli_error("--ion: expected NAME,D,c,z[,Derr] with numbers, integer z and Derr >= "
                          "0 (at most %d ions)",
                          NE_MAX_IONS);
                return CLI_USAGE;
            }
        } else if (!strcmp(a, "--sigma")) {
            if (!(v = fit_option_value(argc, argv, &i)) ||
                fit_parse_value_err(v, &o->sigma, &o->sigma_err)) {
                cli_error("--sigma: expected VALUE or VALUE:ERROR");
                return CLI_USAGE;
            }
        } else {
            cli_error("fit nernst-einstein: unknown option '%s'", a);
            return CLI_USAGE;
        }
    }
    if (!(o->T > 0) || o->n == 0) {
        cli_error("fit nernst-einstein: expected --T > 0 and at least one --ion");
        return CLI_USAGE;
    }
    return CLI_OK;
}

int fit_cmd_nernst_einstein(int argc, char **argv)
{
    ne_opts o;
    memset(&o, 0, sizeof o);
    o.sigma = NAN;
    int rc = parse(argc, argv, &o);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    /* --cgs inputs: cm^2/s and S/cm */
    double dconv = o.cgs ? 1 / HAVEN_CM2_PER_M2 : 1.0, sconv = o.cgs ? 1 / HAVEN_S_CM_PER_S_M : 1.0;
    double c[NE_MAX_IONS], k = cli_sigma_unit.scale;
    for (size_t i = 0; i < o.n; i++) {
        o.D[i] *= dconv;
        o.D_err[i] *= dconv;
        c[i] = o.c[i] * 1e3 * HAVEN_NA; /* mol/L -> m^-3 */
    }
    double s, se, h = NAN, he = NAN, q = 1.959964;
    if (haven_nernst_einstein(o.D, o.D_err, c, o.z, o.n, o.T, &s, &se) != HAVEN_OK)
        return cli_lib_error("nernst-einstein");
    if (isfinite(o.sigma) &&
        haven_haven_ratio(s, se, o.sigma * sconv, o.sigma_err * sconv, &h, &he) != HAVEN_OK)
        return cli_lib_error("nernst-einstein");
    if (o.json) {
        json_writer w;
        json_init(&w, stdout);
        json_begin_object(&w, NULL);
        json_string(&w, "model", "nernst-einstein");
        json_number(&w, "T", o.T);
        json_begin_object(&w, "parameters");
        json_quantity(&w, "sigma_NE", s, se, s - q * se, s + q * se, "S/m");
        char key[48]; /* "sigma_NE_mS_per_cm": the shown unit (--units) */
        snprintf(key, sizeof key, "sigma_NE_%s", cli_sigma_unit.key);
        json_quantity(&w, key, s * k, se * k, (s - q * se) * k, (s + q * se) * k,
                      cli_sigma_unit.name);
        if (isfinite(h))
            json_quantity(&w, "haven_ratio", h, he, h - q * he, h + q * he, "");
        json_end_object(&w);
        json_end_object(&w);
        json_finish(&w);
        return CLI_OK;
    }
    printf("haven fit nernst-einstein: T = %g K\n", o.T);
    for (size_t i = 0; i < o.n; i++)
        printf("  %-8s D = %.4g +- %.2g m^2/s, c = %g mol/L, z = %+d\n", o.name[i], o.D[i],
               o.D_err[i], o.c[i], o.z[i]);
    fit_print_quantity(stdout, "sigma_NE", s, se, s - q * se, s + q * se, "S/m");
    fit_print_quantity(stdout, "sigma_NE", s * k, se * k, (s - q * se) * k, (s + q * se) * k,
                       cli_sigma_unit.name);
    if (isfinite(h))
        fit_print_quantity(stdout, "H_R", h, he, h - q * he, h + q * he, "(sigma_NE / sigma)");
    return CLI_OK;
}
