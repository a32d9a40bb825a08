/* In-memory FILE with reported allocation failures (membuf.h). */
#define _GNU_SOURCE /* fopencookie */

#include "core/membuf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static ssize_t membuf_write(void *cookie, const char *buf, size_t n)
{
    haven_membuf *b = cookie;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d) {
            b->failed = 1;
            errno = ENOMEM;
            return -1; /* stdio marks the stream as failed */
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, buf, n);
    b->len += n;
    b->data[b->len] = 0;
    return (ssize_t)n;
}

FILE *haven_membuf_open(haven_membuf *b)
{
    memset(b, 0, sizeof *b);
    cookie_io_functions_t io = {.write = membuf_write};
    return fopencookie(b, "w", io);
}

int haven_membuf_close(FILE *fp, haven_membuf *b)
{
    int bad = ferror(fp);
    bad |= fclose(fp) != 0;
    if (bad)
        b->failed = 1;
    return haven_membuf_finish(b);
}

int haven_membuf_finish(haven_membuf *b)
{
    int bad = b->failed;
    if (!bad && !b->data) /* nothing written: an empty string */
        bad = !(b->data = calloc(1, 1));
    if (bad) {
        free(b->data);
        memset(b, 0, sizeof *b);
        return -1;
    }
    return 0;
}
