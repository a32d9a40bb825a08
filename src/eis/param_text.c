/* Parameter values and bounds given as text ("R0=10,CPE1_1=0.9",
 * "R1=10:1000,CPE1_1=0.5:"), the form the CLI's --initial, --fixed and
 * --bounds and the Python keywords use. */
#include "core/error.h"
#include "haven/eis.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A finite number filling the whole of s. */
static int parse_number(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (!*s || *end || errno == ERANGE || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

haven_status haven_eis_parse_values(const haven_eis_circuit *c, const char *text, double *value,
                                    int *set)
{
    if (!c || !text || !value || !set)
        return haven_fail(HAVEN_ERR_ARG, "haven_eis_parse_values: NULL argument");
    char *copy = strdup(text), *save = NULL;
    if (!copy)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    haven_status st = HAVEN_OK;
    for (char *t = strtok_r(copy, ",", &save); t && !st; t = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(t, '=');
        long k = -1;
        if (eq) {
            *eq = '\0';
            k = haven_eis_circuit_find(c, t);
        }
        if (k < 0 || parse_number(eq + 1, &value[k]))
            st = haven_fail(HAVEN_ERR_ARG,
                            "bad assignment '%s%s%s' (expected NAME=VALUE with NAME a circuit "
                            "parameter and VALUE a finite number)",
                            t, eq ? "=" : "", eq ? eq + 1 : "");
        else
            set[k] = 1;
    }
    free(copy);
    return st;
}

haven_status haven_eis_parse_bounds(const haven_eis_circuit *c, const char *text, double *lower,
                                    double *upper)
{
    if (!c || !text || !lower || !upper)
        return haven_fail(HAVEN_ERR_ARG, "haven_eis_parse_bounds: NULL argument");
    char *copy = strdup(text), *save = NULL;
    if (!copy)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    haven_status st = HAVEN_OK;
    for (char *t = strtok_r(copy, ",", &save); t && !st; t = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(t, '='), *colon = eq ? strchr(eq + 1, ':') : NULL;
        long k = -1;
        if (colon) {
            *eq = *colon = '\0';
            k = haven_eis_circuit_find(c, t);
        }
        double a = NAN, b = NAN;
        if (k < 0 || (eq[1] && parse_number(eq + 1, &a)) ||
            (colon[1] && parse_number(colon + 1, &b)) || (isnan(a) && isnan(b)))
            st = haven_fail(HAVEN_ERR_ARG,
                            "bad bounds entry near '%s' (expected NAME=LO:HI with NAME a circuit "
                            "parameter; either side may be empty)",
                            t);
        else {
            lower[k] = a;
            upper[k] = b;
        }
    }
    free(copy);
    return st;
}
