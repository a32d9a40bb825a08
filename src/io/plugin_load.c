/* Where haven's modules are looked for (see plugin_load.h). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* dladdr */
#endif
#include "io/plugin_load.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef HAVEN_PLUGIN_INSTALL_DIR
#define HAVEN_PLUGIN_INSTALL_DIR ""
#endif
#ifndef HAVEN_PLUGIN_BUILD_DIR
#define HAVEN_PLUGIN_BUILD_DIR ""
#endif
#ifndef HAVEN_INSTALL_LIBDIR
#define HAVEN_INSTALL_LIBDIR "lib"
#endif

typedef struct {
    const char *file;
    char *why;
    size_t cap, used;
} attempt;

/* dlopen dir/rel/file, or note in a->why why not. */
static void *try_load(attempt *a, const char *dir, const char *rel)
{
    char path[1024];
    if (!dir || !*dir)
        return NULL;
    snprintf(path, sizeof path, "%s%s%s/%s", dir, *rel ? "/" : "", rel, a->file);
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (h)
        return h;
    const char *e = dlerror();
    /* A file that exists but does not load (a missing HDF5...) is the
     * message to give; "no such file" only lists where we looked. */
    int missing = !e || strstr(e, "No such file") || strstr(e, "Not a directory");
    if (a->used + 1 < a->cap)
        a->used += (size_t)snprintf(a->why + a->used, a->cap - a->used, "%s%s%s%s",
                                    a->used ? ", " : "", path, missing ? "" : ": ",
                                    missing ? "" : e);
    if (a->used >= a->cap)
        a->used = a->cap - 1;
    return NULL;
}

/* The folder of the binary holding this code: libhaven.so, or the program
 * (dladdr gives argv[0] for it, a bare name when found on $PATH). */
static void own_dir(char *dir, size_t cap)
{
    Dl_info self;
    snprintf(dir, cap, ".");
    if (!dladdr((void *)own_dir, &self) || !self.dli_fname)
        return;
    char *slash = strrchr(self.dli_fname, '/');
    if (slash)
        snprintf(dir, cap, "%.*s", (int)(slash - self.dli_fname), self.dli_fname);
    else {
        ssize_t n = readlink("/proc/self/exe", dir, cap - 1);
        dir[n > 0 ? n : 0] = '\0';
        slash = strrchr(dir, '/');
        if (slash)
            *slash = '\0';
        else
            snprintf(dir, cap, ".");
    }
}

/* Is dir inside the build folder? Only programs of the build tree look
 * there, so an installed haven never takes a module from a build. */
static int in_build_tree(const char *dir)
{
    char real[PATH_MAX];
    size_t n = strlen(HAVEN_PLUGIN_BUILD_DIR);
    return n && realpath(dir, real) && strncmp(real, HAVEN_PLUGIN_BUILD_DIR, n) == 0 &&
           (real[n] == '/' || real[n] == '\0');
}

void *haven_plugin_dlopen(const char *file, char *why, size_t cap)
{
    attempt a = {file, why, cap, 0};
    char dir[1024], up[1100];
    why[0] = '\0';
    own_dir(dir, sizeof dir);
    snprintf(up, sizeof up, "%s/../%s", dir, HAVEN_INSTALL_LIBDIR);
    void *h = try_load(&a, getenv("HAVEN_PLUGIN_DIR"), "");
    if (!h)
        h = try_load(&a, dir, "");
    if (!h)
        h = try_load(&a, dir, "haven");
    if (!h)
        h = try_load(&a, up, "haven");
    if (!h)
        h = try_load(&a, HAVEN_PLUGIN_INSTALL_DIR, "");
    if (!h && in_build_tree(dir))
        h = try_load(&a, HAVEN_PLUGIN_BUILD_DIR, "");
    if (!h && !why[0])
        snprintf(why, cap, "no folder");
    return h;
}
