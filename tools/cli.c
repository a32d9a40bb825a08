#include "cli.h"

#include "haven/core.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_progress_enabled = 0;

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

int cli_outfile_open(cli_outfile *f, const char *path)
{
    memset(f, 0, sizeof *f);
    size_t n = strlen(path) + 32;
    f->path = strdup(path);
    f->tmp = malloc(n);
    if (!f->path || !f->tmp) {
        cli_outfile_abort(f);
        cli_error("out of memory");
        return -1;
    }
    snprintf(f->tmp, n, "%s.tmp.%ld", path, (long)getpid());
    f->fp = fopen(f->tmp, "w");
    if (!f->fp) {
        cli_error("cannot write %s: %s", path, strerror(errno));
        cli_outfile_abort(f);
        return -1;
    }
    return 0;
}

int cli_outfile_commit(cli_outfile *f)
{
    int rc = 0;
    if (f->fp && (ferror(f->fp) | fclose(f->fp)) != 0) {
        cli_error("error writing %s", f->path);
        rc = -1;
    }
    f->fp = NULL;
    if (rc == 0 && rename(f->tmp, f->path) != 0) {
        cli_error("cannot create %s: %s", f->path, strerror(errno));
        rc = -1;
    }
    if (rc != 0)
        remove(f->tmp);
    free(f->path);
    free(f->tmp);
    f->path = f->tmp = NULL;
    return rc;
}

void cli_outfile_abort(cli_outfile *f)
{
    if (f->fp)
        fclose(f->fp);
    if (f->tmp)
        remove(f->tmp);
    free(f->path);
    free(f->tmp);
    memset(f, 0, sizeof *f);
}
