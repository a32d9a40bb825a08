/* Buffered line reader: gzread() blocks (a plain file is read by zlib's
 * transparent mode, read(2) straight into the buffer), lines located with
 * memchr and handed out in place, so the hot path copies nothing after the
 * read. The file is not mapped: on the machines measured (virtual, shared)
 * the page faults and first touches of a mapping cost the row parsers
 * 25-45% more CPU time than read(2)'s copy into a buffer that stays in
 * cache (docs/scaling.md, "Parsing text trajectories in parallel"). */
#include "io/linereader.h"

#include "core/bigmem.h"
#include "core/error.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Buffers start small, so opening a small file (a test, a fuzz input)
 * costs little, and double up to LR_BLOCK_MAX while the file keeps coming,
 * so a large file is still read in big blocks. Only a line longer than half
 * the buffer grows it beyond that. */
#define LR_BLOCK_START (64u << 10)
#define LR_BLOCK_MAX (4u << 20)
#define LR_GZBUF (32u << 10)             /* zlib's own input buffer */
#define LR_BLOCK_CAP ((size_t)512 << 20) /* largest block of rows (~12M atoms' worth) */

struct haven_linereader {
    gzFile gz;
    char *path;
    unsigned long long size; /* bytes of a plain file; 0 when compressed or unknown */
    char *buf;
    /* buf's memory when on huge pages (a large plain file), else malloc'd */
    haven_bigbuf map;
    size_t cap; /* usable bytes + 1 for the NUL; HAVEN_LR_PAD more are allocated */
    size_t pos; /* start of the next unread line */
    size_t end; /* bytes of valid data in buf */
    int eof;    /* gzread has returned everything */
    int filled; /* the last gzread filled the buffer: the file is large */
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
    if (!lr->path) {
        haven_lr_close(lr);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    lr->cap = LR_BLOCK_START + 1;
    lr->buf = calloc(1, lr->cap + HAVEN_LR_PAD);
    if (!lr->buf) {
        haven_lr_close(lr);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    lr->gz = gzopen(path, "rb");
    if (!lr->gz) {
        haven_lr_close(lr);
        return haven_fail(HAVEN_ERR_IO, "%s: cannot open file", path);
    }
    gzbuffer(lr->gz, LR_GZBUF);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && gzdirect(lr->gz) == 1)
        lr->size = (unsigned long long)st.st_size;
    /* A large plain file gets the largest block at once, on huge pages:
     * doubling up to it through realloc first-touched ~1000 small pages,
     * each a trap into the kernel (docs/scaling.md). */
    char *big = lr->size >= 2 * LR_BLOCK_MAX
                    ? haven_bigmem_alloc(&lr->map, LR_BLOCK_MAX + 1 + HAVEN_LR_PAD)
                    : NULL;
    if (big) {
        free(lr->buf);
        lr->buf = big;
        lr->cap = LR_BLOCK_MAX + 1;
    }
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
    haven_bigmem_free(&lr->map, lr->buf);
    free(lr);
}

/* Double the buffer (see LR_BLOCK_START). */
static haven_status grow(haven_linereader *lr)
{
    size_t usable = lr->cap - 1;
    char *p = NULL;
    if (usable <= SIZE_MAX / 4 && !lr->map.base) {
        p = realloc(lr->buf, 2 * usable + 1 + HAVEN_LR_PAD);
    } else if (usable <= SIZE_MAX / 4 && (p = malloc(2 * usable + 1 + HAVEN_LR_PAD))) {
        memcpy(p, lr->buf, lr->end); /* from the reservation to the heap: a long line */
        haven_bigmem_free(&lr->map, lr->buf);
    }
    if (!p)
        return haven_fail(HAVEN_ERR_NOMEM, "%s: out of memory for a line of %zu bytes", lr->path,
                          lr->end - lr->pos);
    lr->buf = p;
    lr->cap = 2 * usable + 1;
    return HAVEN_OK;
}

/* Move the unread tail to the front and append a block from the file,
 * growing the buffer while the file is large or a single line fills half
 * of it. */
static haven_status refill(haven_linereader *lr)
{
    size_t tail = lr->end - lr->pos;
    memmove(lr->buf, lr->buf + lr->pos, tail);
    lr->pos = 0;
    lr->end = tail;
    lr->last = NULL; /* moved: haven_lr_unread only follows haven_lr_next */
    if ((lr->filled && lr->cap - 1 < LR_BLOCK_MAX) || tail > (lr->cap - 1) / 2) {
        haven_status s = grow(lr);
        if (s != HAVEN_OK)
            return s;
    }
    size_t room = lr->cap - 1 - lr->end;
    room = room < INT_MAX / 2 ? room : INT_MAX / 2;
    int n = gzread(lr->gz, lr->buf + lr->end, (unsigned)room);
    int err = Z_OK;
    const char *msg = gzerror(lr->gz, &err);
    if (n < 0 || (err != Z_OK && err != Z_BUF_ERROR))
        return haven_fail(HAVEN_ERR_IO, "%s: read error (%s)", lr->path, msg);
    if (n == 0 && err == Z_BUF_ERROR)
        return haven_fail(HAVEN_ERR_FORMAT, "%s: compressed stream ends early (truncated .gz)",
                          lr->path);
    if (n == 0)
        lr->eof = 1;
    lr->filled = n > 0 && (size_t)n == room;
    lr->end += (size_t)n;
    /* Defined bytes after the data for the row parsers' 8-byte reads. */
    memset(lr->buf + lr->end, 0, HAVEN_LR_PAD);
    return HAVEN_OK;
}

/* Newlines in [p, p + n), 16 bytes at a time where SSE2 is there: the
 * byte compare masks are subtracted into byte counters (at most 255 rounds)
 * and summed with psadbw. */
size_t haven_count_newlines(const char *p, size_t n)
{
    size_t c = 0, i = 0;
#ifdef __SSE2__
    const __m128i nl = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
    while (n - i >= 16) {
        __m128i acc = zero;
        for (int r = 0; r < 255 && n - i >= 16; r++, i += 16)
            acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(p + i)), nl));
        __m128i sum = _mm_sad_epu8(acc, zero);
        c += (size_t)_mm_cvtsi128_si32(sum) + (size_t)_mm_extract_epi16(sum, 4);
    }
#endif
    for (; i < n; i++)
        c += p[i] == '\n';
    return c;
}

/* End (one past the '\n') of the n-th line at p within [p, end), or NULL.
 * Counted a block at a time, so the search runs at memory speed. */
static const char *nth_line_end(const char *p, const char *end, size_t n)
{
    enum { STEP = 4096 };
    while (n > 0 && p < end) {
        size_t len = (size_t)(end - p) < STEP ? (size_t)(end - p) : STEP;
        size_t c = haven_count_newlines(p, len);
        if (c < n) {
            n -= c;
            p += len;
            continue;
        }
        for (;; n--) {
            p = (const char *)memchr(p, '\n', (size_t)(end - p)) + 1;
            if (n == 1)
                return p;
        }
    }
    return n == 0 ? p : NULL;
}

int haven_lr_block(haven_linereader *lr, size_t n, const char **block, size_t *len)
{
    if (lr->pushed_back || n == 0)
        return 0;
    const char *e;
    while (!(e = nth_line_end(lr->buf + lr->pos, lr->buf + lr->end, n))) {
        /* refill() grows the buffer once the tail fills half of it; past
         * LR_BLOCK_CAP the rows go line by line (a count no file backs, in a
         * .gz whose size is unknown, must not pull the whole file in). */
        if (lr->eof || lr->end - lr->pos >= LR_BLOCK_CAP || refill(lr) != HAVEN_OK)
            return 0; /* the line-by-line path meets the end or the error again */
    }
    *block = lr->buf + lr->pos;
    *len = (size_t)(e - *block);
    return 1;
}

void haven_lr_consume(haven_linereader *lr, size_t n, size_t len)
{
    lr->pos += len;
    lr->lineno += (long)n;
    lr->last = NULL;
}

int haven_lr_peek(const haven_linereader *lr, const char **p, size_t *len)
{
    if (lr->pushed_back || lr->pos >= lr->end)
        return 0;
    *p = lr->buf + lr->pos;
    *len = lr->end - lr->pos;
    return 1;
}

int haven_lr_more(haven_linereader *lr)
{
    size_t before = lr->end - lr->pos;
    if (lr->pushed_back || lr->eof || before >= LR_BLOCK_CAP || refill(lr) != HAVEN_OK)
        return 0;
    return lr->end - lr->pos > before;
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
    if (gzrewind(lr->gz) != 0) {
        return haven_fail(HAVEN_ERR_IO, "%s: cannot rewind", lr->path);
    } else {
        lr->pos = lr->end = 0;
        lr->eof = 0;
    }
    lr->lineno = 0;
    lr->last = NULL;
    lr->pushed_back = 0;
    return HAVEN_OK;
}

int haven_lr_tell(const haven_linereader *lr, unsigned long long *offset, long *lineno)
{
    if (lr->size == 0 || lr->pushed_back)
        return 0;
    long long told = (long long)gztell(lr->gz); /* bytes handed to the buffer */
    if (told < 0 || (unsigned long long)told < lr->end - lr->pos)
        return 0;
    *offset = (unsigned long long)told - (lr->end - lr->pos);
    *lineno = lr->lineno;
    return 1;
}

haven_status haven_lr_seek(haven_linereader *lr, unsigned long long offset, long lineno)
{
    if (lr->size == 0 || offset > lr->size || offset > (unsigned long long)LLONG_MAX)
        return haven_fail(HAVEN_ERR_IO, "%s: cannot seek to byte %llu", lr->path, offset);
    if (gzseek(lr->gz, (z_off_t)offset, SEEK_SET) < 0) {
        return haven_fail(HAVEN_ERR_IO, "%s: cannot seek to byte %llu", lr->path, offset);
    } else {
        lr->pos = lr->end = 0;
        lr->eof = 0;
    }
    lr->lineno = lineno;
    lr->last = NULL;
    lr->pushed_back = 0;
    return HAVEN_OK;
}

haven_status haven_lr_skip(haven_linereader *lr, size_t n, const char *what)
{
    const char *block;
    size_t len;
    if (haven_lr_block(lr, n, &block, &len)) {
        haven_lr_consume(lr, n, len);
        return HAVEN_OK;
    }
    for (size_t i = 0; i < n; i++) {
        char *line;
        haven_status s = haven_lr_expect(lr, &line, what);
        if (s != HAVEN_OK)
            return s;
    }
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

int haven_lr_bytes_left(const haven_linereader *lr, unsigned long long *left)
{
    if (lr->size == 0)
        return 0;
    /* gztell counts the bytes handed to this reader; those still in the
     * buffer (and a line pushed back) are not consumed yet. */
    unsigned long long unread = lr->end - lr->pos;
    if (lr->pushed_back)
        unread += lr->last_len + 1;
    long long told = (long long)gztell(lr->gz);
    unsigned long long consumed =
        told > 0 && (unsigned long long)told > unread ? (unsigned long long)told - unread : 0;
    *left = consumed < lr->size ? lr->size - consumed : 0;
    return 1;
}

haven_status haven_lr_check_count(const haven_linereader *lr, const char *what,
                                  unsigned long long count, size_t min_row_bytes)
{
    unsigned long long left;
    if (!haven_lr_bytes_left(lr, &left) || min_row_bytes == 0)
        return HAVEN_OK;
    /* The last row may lack its newline: one byte less. */
    unsigned long long room = (left + 1) / min_row_bytes;
    if (count <= room)
        return HAVEN_OK;
    return haven_lr_fail(lr, HAVEN_ERR_FORMAT,
                         "%s is %llu, but the %llu bytes left in the file hold at most %llu "
                         "rows (expected a count that matches the file)",
                         what, count, left, room);
}
