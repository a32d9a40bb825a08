#include "cli.h"

#include "analysis/job.h"
#include "haven/core.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("haven: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_lib_error(const char *context)
{
    if (context && *context)
        cli_error("%s: %s", context, haven_last_error());
    else
        cli_error("%s", haven_last_error());
    return CLI_FAIL;
}

int cli_parse_double(const char *s, double *out)
{
    if (!s || !*s)
        return -1;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*end != '\0' || errno == ERANGE || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int cli_parse_long(const char *s, long *out)
{
    if (!s || !*s)
        return -1;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*end != '\0' || errno == ERANGE)
        return -1;
    *out = v;
    return 0;
}

int cli_parse_bytes(const char *s, size_t *out)
{
    if (!s || !*s)
        return -1;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno == ERANGE || !(v > 0))
        return -1;
    double mult = 1;
    switch (*end) {
    case '\0': break;
    case 'k':
    case 'K':
        mult = 1024.0;
        end++;
        break;
    case 'm':
    case 'M':
        mult = 1024.0 * 1024;
        end++;
        break;
    case 'g':
    case 'G':
        mult = 1024.0 * 1024 * 1024;
        end++;
        break;
    default: return -1;
    }
    if (*end == 'B' || *end == 'b')
        end++;
    /* inf, or beyond size_t, would make the conversion undefined. */
    if (*end != '\0' || !(v * mult < 0x1p62))
        return -1;
    *out = (size_t)(v * mult);
    return 0;
}

static void print_warning(const char *msg, void *user)
{
    (void)user;
    fprintf(stderr, "haven: warning: %s\n", msg);
}

void cli_install_warnings(void)
{
    haven_set_warning_handler(print_warning, NULL);
}

void cli_arrhenius_warning(const char *what, const haven_arrhenius_result *a)
{
    haven_job_arrhenius_warning(what, a); /* through the warning sink above */
}
