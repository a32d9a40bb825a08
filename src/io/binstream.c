/* Binary input through gzread: zlib reads plain files directly, so one
 * code path serves .dcd and .dcd.gz alike. */
#include "io/binstream.h"

#include "core/error.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <zlib.h>

struct haven_binstream {
    gzFile gz;
    char *path;
    unsigned long long size; /* bytes of a plain file; 0 when compressed */
    unsigned long long pos;
    long frame;
};

haven_status haven_bs_fail(const haven_binstream *b, haven_status s, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (b->frame > 0)
        return haven_fail(s, "%s: frame %ld: %s", b->path, b->frame, msg);
    return haven_fail(s, "%s: header: %s", b->path, msg);
}

haven_status haven_bs_open(const char *path, haven_binstream **out)
{
    *out = NULL;
    haven_binstream *b = calloc(1, sizeof *b);
    if (!b || !(b->path = strdup(path))) {
        free(b);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    b->gz = gzopen(path, "rb");
    if (!b->gz) {
        haven_bs_close(b);
        return haven_fail(HAVEN_ERR_IO, "%s: cannot open file", path);
    }
    gzbuffer(b->gz, 256u << 10);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && gzdirect(b->gz) == 1)
        b->size = (unsigned long long)st.st_size;
    *out = b;
    return HAVEN_OK;
}

void haven_bs_close(haven_binstream *b)
{
    if (!b)
        return;
    if (b->gz)
        gzclose(b->gz);
    free(b->path);
    free(b);
}

void haven_bs_set_frame(haven_binstream *b, long frame)
{
    b->frame = frame;
}
long haven_bs_frame(const haven_binstream *b)
{
    return b->frame;
}
const char *haven_bs_path(const haven_binstream *b)
{
    return b->path;
}
unsigned long long haven_bs_tell(const haven_binstream *b)
{
    return b->pos;
}

int haven_bs_size(const haven_binstream *b, unsigned long long *size)
{
    *size = b->size;
    return b->size > 0;
}

/* Up to n bytes; *got how many arrived. */
static haven_status read_some(haven_binstream *b, void *buf, size_t n, size_t *got)
{
    *got = 0;
    while (*got < n) {
        size_t want = n - *got < INT_MAX / 2 ? n - *got : INT_MAX / 2;
        int r = gzread(b->gz, (char *)buf + *got, (unsigned)want);
        int err = Z_OK;
        const char *msg = gzerror(b->gz, &err);
        if (r < 0 || (err != Z_OK && err != Z_BUF_ERROR))
            return haven_bs_fail(b, HAVEN_ERR_IO, "read error (%s)", msg);
        if (r == 0 && err == Z_BUF_ERROR)
            return haven_bs_fail(b, HAVEN_ERR_FORMAT,
                                 "compressed stream ends early (truncated .gz)");
        if (r == 0)
            break;
        *got += (size_t)r;
        b->pos += (unsigned long long)r;
    }
    return HAVEN_OK;
}

static haven_status short_read(const haven_binstream *b, size_t got, size_t n, const char *what)
{
    return haven_bs_fail(b, HAVEN_ERR_FORMAT,
                         "unexpected end of file at byte %llu (expected %s: %zu bytes, %zu "
                         "there; truncated file?)",
                         b->pos, what, n, got);
}

haven_status haven_bs_read(haven_binstream *b, void *buf, size_t n, const char *what)
{
    size_t got;
    haven_status s = read_some(b, buf, n, &got);
    if (s == HAVEN_OK && got < n)
        s = short_read(b, got, n, what);
    return s;
}

haven_status haven_bs_read_or_eof(haven_binstream *b, void *buf, size_t n, const char *what)
{
    size_t got;
    haven_status s = read_some(b, buf, n, &got);
    if (s == HAVEN_OK && got == 0 && n > 0)
        return HAVEN_EOF;
    if (s == HAVEN_OK && got < n)
        s = short_read(b, got, n, what);
    return s;
}

haven_status haven_bs_seek(haven_binstream *b, unsigned long long offset, const char *what)
{
    if (b->size && offset > b->size)
        return haven_bs_fail(b, HAVEN_ERR_FORMAT,
                             "%s at byte %llu lies beyond the end of the file (%llu bytes; "
                             "truncated file?)",
                             what, offset, b->size);
    if (offset > (unsigned long long)LLONG_MAX / 2 ||
        gzseek(b->gz, (z_off_t)offset, SEEK_SET) != (z_off_t)offset)
        return haven_bs_fail(b, HAVEN_ERR_FORMAT, "cannot reach %s at byte %llu (truncated file?)",
                             what, offset);
    b->pos = offset;
    return HAVEN_OK;
}

haven_status haven_bs_skip(haven_binstream *b, unsigned long long n, const char *what)
{
    if (n > ULLONG_MAX - b->pos)
        return haven_bs_fail(b, HAVEN_ERR_FORMAT, "%s: size %llu out of range", what, n);
    return haven_bs_seek(b, b->pos + n, what);
}

haven_status haven_bs_rewind(haven_binstream *b)
{
    if (gzrewind(b->gz) != 0)
        return haven_fail(HAVEN_ERR_IO, "%s: cannot rewind", b->path);
    b->pos = 0;
    b->frame = 0;
    return HAVEN_OK;
}

haven_status haven_bs_check_left(const haven_binstream *b, const char *what,
                                 unsigned long long need)
{
    if (!b->size || need <= b->size - (b->pos < b->size ? b->pos : b->size))
        return HAVEN_OK;
    return haven_bs_fail(b, HAVEN_ERR_FORMAT,
                         "%s needs %llu bytes, but only %llu are left in the file (a damaged "
                         "count, or a truncated file)",
                         what, need, b->pos < b->size ? b->size - b->pos : 0);
}
