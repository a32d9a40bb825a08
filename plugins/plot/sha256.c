/* SHA-256 of a report's input files (nettle), in the plot plugin: only
 * --report needs it, so the CLI does not load nettle at start-up. */
#include "figure.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define EXPORT __attribute__((visibility("default")))

/* hex: 64 digits and a NUL; 0, or an errno value. The file is streamed. */
EXPORT int haven_plot_sha256_v1(const char *path, char *hex, long long *size)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return errno;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return e;
    }
    *size = (long long)st.st_size;
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    enum { CHUNK = 1 << 20 };
    unsigned char *b = malloc(CHUNK);
    ssize_t n = b ? 0 : -1;
    int err = b ? 0 : ENOMEM;
    while (b && (n = read(fd, b, CHUNK)) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            err = errno;
            break;
        }
        sha256_update(&ctx, (size_t)n, b);
    }
    free(b);
    close(fd);
    if (n != 0)
        return err ? err : EIO;
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, SHA256_DIGEST_SIZE, d);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
    return 0;
}
