/* Buffered line reader: large gzread() blocks, lines located with memchr
 * and handed out in place, so the hot path copies nothing. */
#include "io/linereader.h"

#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define LR_BLOCK (4u << 20) /* bytes asked of gzread at a time */
#define LR_GZBUF (1u << 20) /* zlib's own input buffer */

struct haven_linereader {
    gzFile gz;
    char *path;
    char *buf;
    size_t cap; /* allocated bytes (one more than usable, for the NUL) */
    size_t pos; /* start of the next unread line */
    size_t end; /* bytes of valid data in buf */
    int eof;    /* gzread has returned everything */
    long lineno;
    char *last; /* last line handed out, for haven_lr_unread */
    size_t last_len;
    int pushed_back;
};

haven_status haven_lr_fail(const haven_linereader *lr, haven_status s, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return haven_fail(s, "%s:%ld: %s", lr->path, lr->lineno > 0 ? lr->lineno : 1, msg);
}

haven_status haven_lr_open(const char *path, haven_linereader **out)
{
    *out = NULL;
    haven_linereader *lr = calloc(1, sizeof *lr);
    if (!lr)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    lr->path = strdup(path);
    lr->cap = LR_BLOCK + 1;
    lr->buf = malloc(lr->cap);
    if (!lr->path || !lr->buf) {
        haven_lr_close(lr);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    lr->gz = gzopen(path, "rb");
    if (!lr->gz) {
        haven_lr_close(lr);
        return haven_fail(HAVEN_ERR_IO, "%s: cannot open file", path);
    }
    gzbuffer(lr->gz, LR_GZBUF);
    *out = lr;
    return HAVEN_OK;
}

void haven_lr_close(haven_linereader *lr)
{
    if (!lr)
        return;
    if (lr->gz)
        gzclose(lr->gz);
    free(lr->path);
    free(lr->buf);
    free(lr);
}

/* Move the unread tail to the front and append a block from the file,
 * growing the buffer when a single line fills it. */
static haven_status refill(haven_linereader *lr)
{
    size_t tail = lr->end - lr->pos;
    memmove(lr->buf, lr->buf + lr->pos, tail);
    lr->pos = 0;
    lr->end = tail;
    if (lr->cap - 1 - lr->end < LR_BLOCK / 2) {
        char *p = realloc(lr->buf, lr->cap * 2);
        if (!p)
            return haven_fail(HAVEN_ERR_NOMEM, "%s: out of memory for a long line", lr->path);
        lr->buf = p;
        lr->cap *= 2;
    }
    size_t room = lr->cap - 1 - lr->end;
    int n = gzread(lr->gz, lr->buf + lr->end, (unsigned)(room < LR_BLOCK ? room : LR_BLOCK));
    int err = Z_OK;
    const char *msg = gzerror(lr->gz, &err);
    if (n < 0 || (err != Z_OK && err != Z_BUF_ERROR))
        return haven_fail(HAVEN_ERR_IO, "%s: read error (%s)", lr->path, msg);
    if (n == 0 && err == Z_BUF_ERROR)
        return haven_fail(HAVEN_ERR_FORMAT, "%s: compressed stream ends early (truncated .gz)",
                          lr->path);
    if (n == 0)
        lr->eof = 1;
    lr->end += (size_t)n;
    return HAVEN_OK;
}

haven_status haven_lr_next(haven_linereader *lr, char **line, size_t *len)
{
    if (lr->pushed_back) {
        lr->pushed_back = 0;
        lr->lineno++;
        *line = lr->last;
        *len = lr->last_len;
        return HAVEN_OK;
    }
    char *nl;
    while (!(nl = memchr(lr->buf + lr->pos, '\n', lr->end - lr->pos))) {
        if (lr->eof)
            break;
        haven_status s = refill(lr);
        if (s != HAVEN_OK)
            return s;
    }
    if (!nl && lr->pos == lr->end)
        return HAVEN_EOF;
    char *start = lr->buf + lr->pos;
    size_t n = nl ? (size_t)(nl - start) : lr->end - lr->pos;
    lr->pos += n + (nl != NULL);
    if (n > 0 && start[n - 1] == '\r')
        n--;
    start[n] = '\0'; /* the byte after the data is spare (cap = usable + 1) */
    lr->lineno++;
    lr->last = *line = start;
    lr->last_len = *len = n;
    return HAVEN_OK;
}

void haven_lr_unread(haven_linereader *lr)
{
    if (lr->last && !lr->pushed_back) {
        lr->pushed_back = 1;
        lr->lineno--;
    }
}

haven_status haven_lr_rewind(haven_linereader *lr)
{
    if (gzrewind(lr->gz) != 0)
        return haven_fail(HAVEN_ERR_IO, "%s: cannot rewind", lr->path);
    lr->pos = lr->end = 0;
    lr->eof = 0;
    lr->lineno = 0;
    lr->last = NULL;
    lr->pushed_back = 0;
    return HAVEN_OK;
}

long haven_lr_lineno(const haven_linereader *lr)
{
    return lr->lineno;
}
const char *haven_lr_path(const haven_linereader *lr)
{
    return lr->path;
}

haven_status haven_lr_expect(haven_linereader *lr, char **line, const char *what)
{
    size_t len;
    haven_status s = haven_lr_next(lr, line, &len);
    if (s == HAVEN_EOF) {
        lr->lineno++; /* name the line that is missing */
        s = haven_lr_fail(lr, HAVEN_ERR_FORMAT, "unexpected end of file (expected %s)", what);
        lr->lineno--;
    }
    return s;
}
