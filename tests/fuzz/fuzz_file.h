/* The fuzz targets' one helper: haven's readers take a path, so each input
 * is written to an in-memory file (memfd) and read back through
 * /proc/self/fd/N, or, where the reader needs a name of its own (the KMC
 * checkpoint is found as PREFIX.0), to a file in a private directory. */
#ifndef HAVEN_FUZZ_FILE_H
#define HAVEN_FUZZ_FILE_H

#define _GNU_SOURCE
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* As the CLI does: haven checks GSL's return codes itself. */
__attribute__((constructor)) static void fuzz_gsl_quiet(void)
{
    gsl_set_error_handler_off();
}

/* Holds the input as the file /proc/self/fd/N; returns the path (static). */
static inline const char *fuzz_file(const unsigned char *data, size_t size)
{
    static int fd = -1;
    static char path[64];
    if (fd < 0) {
        fd = memfd_create("haven-fuzz", 0);
        if (fd < 0) {
            perror("memfd_create");
            abort();
        }
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    }
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
        abort();
    return path;
}

/* A private directory (created once, removed at exit). */
static char fuzz_dir_path[256];
static inline void fuzz_dir_remove(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fuzz_dir_path);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", fuzz_dir_path);
}
static inline const char *fuzz_dir(void)
{
    if (!fuzz_dir_path[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(fuzz_dir_path, sizeof fuzz_dir_path, "%s/haven-fuzz-XXXXXX",
                 tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(fuzz_dir_path))
            abort();
        atexit(fuzz_dir_remove);
    }
    return fuzz_dir_path;
}

/* Write the input to DIR/name and return that path (static). */
static inline const char *fuzz_named_file(const char *name, const unsigned char *data, size_t size)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", fuzz_dir(), name);
    FILE *fp = fopen(path, "wb");
    if (!fp || fwrite(data, 1, size, fp) != size || fclose(fp) != 0)
        abort();
    return path;
}

#endif
