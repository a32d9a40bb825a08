/* Internal error and warning helpers. */
#ifndef HAVEN_SRC_CORE_ERROR_H
#define HAVEN_SRC_CORE_ERROR_H

#include "haven/core.h"

/* Record a message for haven_last_error() and return the status, so
 * callers can write `return haven_fail(HAVEN_ERR_FORMAT, "...", ...);`. */
haven_status haven_fail(haven_status s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prefix the current message with context ("file.xyz: " ...). */
void haven_error_prefix(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Emit a warning through the installed handler, if any. */
void haven_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
