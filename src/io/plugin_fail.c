/* haven_fail for the modules (see plugin_fail.h): built into each module,
 * never into the library. */
#include "io/plugin_fail.h"

#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>

haven_status (*haven_plugin_fail_to)(haven_status s, const char *msg);

haven_status haven_fail(haven_status s, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return haven_plugin_fail_to(s, msg);
}
