/* The units the CLI shows: conductivity in mS/cm and diffusion coefficients
 * in cm^2/s in every command's tables, JSON, CSV, figures and reports,
 * unless the global --units option (main.c) says otherwise, e.g.
 * `--units S/cm` or `--units S/m,m2/s`. Values are SI inside; a shown value
 * is SI * scale, and every JSON "unit" names the unit shown. */
#ifndef HAVEN_TOOLS_UNITS_CLI_H
#define HAVEN_TOOLS_UNITS_CLI_H

#include "haven/core.h"

typedef struct {
    double scale;      /* shown = SI value * scale */
    const char *name;  /* ASCII, for JSON "unit", CSV headers and tables: "mS/cm" */
    const char *label; /* UTF-8, for figure axes and reports: "mS/cm", "cm²/s" */
    const char *key;   /* for JSON keys and CSV columns: "mS_per_cm" */
} cli_unit;

extern cli_unit cli_sigma_unit; /* from S/m */
extern cli_unit cli_D_unit;     /* from m^2/s */
/* The same as the library's haven_units (for its JSON documents). */
haven_units cli_units(void);
/* Onsager coefficient L_ab (1/(J m s)) -> e^2 L_ab in the conductivity unit */
double cli_onsager_scale(void);

/* "--units" value: comma-separated units, each of a conductivity (S/m,
 * S/cm, mS/cm) or a diffusion coefficient (m2/s, cm2/s; also m^2/s,
 * cm^2/s); 0, or -1 with the error printed. */
int cli_units_parse(const char *text);

/* Help lines (a literal, joined into the global help). */
#define CLI_UNITS_HELP                                                                             \
    "  --units LIST conductivity in S/m, S/cm or mS/cm (default mS/cm), D in m2/s or\n"            \
    "               cm2/s (default cm2/s), e.g. --units S/cm or --units S/m,m2/s\n"

#endif
