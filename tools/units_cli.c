/* The CLI's display units (tools/units_cli.h). */
#include "units_cli.h"

#include "cli.h"
#include "core/units.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *spelling;
    int is_sigma; /* else D */
    cli_unit unit;
} known_unit;

static const known_unit KNOWN[] = {
    {"mS/cm", 1, {HAVEN_MS_CM_PER_S_M, "mS/cm", "mS/cm", "mS_per_cm"}},
    {"S/cm", 1, {HAVEN_S_CM_PER_S_M, "S/cm", "S/cm", "S_per_cm"}},
    {"S/m", 1, {1.0, "S/m", "S/m", "S_per_m"}},
    {"cm2/s", 0, {HAVEN_CM2_PER_M2, "cm^2/s", "cm²/s", "cm2_per_s"}},
    {"cm^2/s", 0, {HAVEN_CM2_PER_M2, "cm^2/s", "cm²/s", "cm2_per_s"}},
    {"m2/s", 0, {1.0, "m^2/s", "m²/s", "m2_per_s"}},
    {"m^2/s", 0, {1.0, "m^2/s", "m²/s", "m2_per_s"}},
};

cli_unit cli_sigma_unit = {HAVEN_MS_CM_PER_S_M, "mS/cm", "mS/cm", "mS_per_cm"};
cli_unit cli_D_unit = {HAVEN_CM2_PER_M2, "cm^2/s", "cm²/s", "cm2_per_s"};

haven_units cli_units(void)
{
    haven_units u = {cli_sigma_unit.scale, cli_sigma_unit.name, cli_D_unit.scale, cli_D_unit.name};
    return u;
}

double cli_onsager_scale(void)
{
    return HAVEN_E_CHARGE * HAVEN_E_CHARGE * cli_sigma_unit.scale;
}

static int take(const char *word)
{
    for (size_t k = 0; k < sizeof KNOWN / sizeof *KNOWN; k++)
        if (!strcmp(word, KNOWN[k].spelling)) {
            *(KNOWN[k].is_sigma ? &cli_sigma_unit : &cli_D_unit) = KNOWN[k].unit;
            return 0;
        }
    cli_error("--units: unknown unit '%s' (conductivity: S/m, S/cm, mS/cm; D: m2/s, cm2/s)", word);
    return -1;
}

int cli_units_parse(const char *text)
{
    size_t n = strlen(text);
    if (n == 0 || text[0] == ',' || text[n - 1] == ',' || strstr(text, ",,")) {
        cli_error("--units: expected units separated by commas, e.g. --units S/cm,m2/s; got '%s'",
                  text);
        return -1;
    }
    char *copy = strdup(text), *save = NULL;
    if (!copy) {
        cli_error("out of memory");
        return -1;
    }
    int rc = 0;
    for (char *w = strtok_r(copy, ",", &save); w && rc == 0; w = strtok_r(NULL, ",", &save))
        rc = take(w);
    free(copy);
    return rc;
}
