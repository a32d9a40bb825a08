/* Internal, modules only: haven_fail inside a module (haven_formats.so,
 * haven_cif.so) formats the message and hands it to the host's error
 * state through the function the module's entry stores here. */
#ifndef HAVEN_SRC_IO_PLUGIN_FAIL_H
#define HAVEN_SRC_IO_PLUGIN_FAIL_H

#include "haven/core.h"

extern haven_status (*haven_plugin_fail_to)(haven_status s, const char *msg);

#endif
