/* Internal: finding and loading one of haven's modules (haven_formats.so,
 * haven_cif.so), the libraries that hold code needing large dependencies
 * so that a program not using it never loads them. */
#ifndef HAVEN_SRC_IO_PLUGIN_LOAD_H
#define HAVEN_SRC_IO_PLUGIN_LOAD_H

#include <stddef.h>

/* dlopen(file) from the first folder that has it, in order: $HAVEN_PLUGIN_DIR;
 * next to the binary holding this code (the build tree: CLI and libhaven.so
 * sit next to the modules) and in its haven/ and ../<libdir>/haven/ folders
 * (the installed layout, for libhaven.so and for bin/haven); the install
 * folder named at build time; the build folder, for programs inside it
 * (tests in subfolders).
 * NULL when none loaded; why (cap bytes) then lists what was tried, with
 * the loader's message for a file that exists but did not load. */
void *haven_plugin_dlopen(const char *file, char *why, size_t cap);

#endif
