#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define HAVEN_MSG_MAX 1024

static _Thread_local char last_message[HAVEN_MSG_MAX];
/* Process-wide so warnings raised inside OpenMP workers still reach the sink. */
static haven_warning_fn warn_fn;
static void *warn_user;

const char *haven_last_error(void)
{
    return last_message;
}

const char *haven_status_string(haven_status s)
{
    switch (s) {
    case HAVEN_OK: return "ok";
    case HAVEN_EOF: return "end of data";
    case HAVEN_ERR_IO: return "i/o error";
    case HAVEN_ERR_FORMAT: return "format error";
    case HAVEN_ERR_VALUE: return "invalid value";
    case HAVEN_ERR_NOMEM: return "out of memory";
    case HAVEN_ERR_ARG: return "invalid argument";
    case HAVEN_ERR_NUMERIC: return "numerical failure";
    case HAVEN_ERR_DATA: return "insufficient data";
    }
    return "unknown status";
}

const char *haven_version(void)
{
    return HAVEN_VERSION_STRING;
}

haven_status haven_fail(haven_status s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_message, sizeof last_message, fmt, ap);
    va_end(ap);
    return s;
}

void haven_error_prefix(const char *fmt, ...)
{
    char prefix[HAVEN_MSG_MAX], old[HAVEN_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, last_message, sizeof old);
    /* Truncation of an over-long message is acceptable; build it piecewise
     * so the compiler can see the bounds. */
    size_t n = strlen(prefix);
    memcpy(last_message, prefix, n + 1);
    size_t room = sizeof last_message - 1 - n;
    size_t m = strlen(old);
    if (m > room)
        m = room;
    memcpy(last_message + n, old, m);
    last_message[n + m] = '\0';
}

void haven_set_warning_handler(haven_warning_fn fn, void *user)
{
    warn_fn = fn;
    warn_user = user;
}

void haven_warn(const char *fmt, ...)
{
    if (!warn_fn)
        return;
    char msg[HAVEN_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    warn_fn(msg, warn_user);
}
