/* Rows of a frame in parallel (see rows.h). */
#include "io/rows.h"

#include "io/linereader.h"

#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#ifdef _OPENMP
#include <omp.h>
#endif

#define ROWS_MAX_THREADS 256

#ifdef __SSE2__
/* Bit i set where byte i of the 64 at p is '\n'. */
static inline uint64_t newlines64(const char *p)
{
    const __m128i nl = _mm_set1_epi8('\n');
    uint64_t m = 0;
    for (int k = 0; k < 4; k++) {
        __m128i b = _mm_loadu_si128((const __m128i *)(p + 16 * k));
        m |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, nl)) << (16 * k);
    }
    return m;
}

/* Rows [row0, row0 + n) from p, within [p, end): returns the end of the
 * last row parsed (one past its '\n'), the n-th or the last that ends
 * before end, with their count in *done; NULL when a row fails. The line ends come from a scan of
 * 64 bytes at a time, so where a row starts does not wait for the parse of the row before it (the
 * processor overlaps rows), and no call per row looks for its end. Reads up to 63 bytes past end:
 * the buffer's padding (HAVEN_LR_PAD). */
static const char *parse_range(const char *p, const char *end, size_t row0, size_t n,
                               haven_row_fn fn, void *ctx, size_t *done)
{
    const char *row = p;
    size_t r = row0, last = row0 + n;
    for (const char *c = p; c < end && r < last; c += 64) {
        uint64_t nl = newlines64(c);
        if (end - c < 64)
            nl &= (UINT64_C(1) << (end - c)) - 1;
        for (; nl && r < last; nl &= nl - 1) {
            if (!fn(ctx, row, r++))
                return NULL;
            row = c + __builtin_ctzll(nl) + 1;
        }
    }
    *done = r - row0;
    return row;
}
#else
/* Rows [row0, row0 + n) from p, within [p, end): see above. */
static const char *parse_range(const char *p, const char *end, size_t row0, size_t n,
                               haven_row_fn fn, void *ctx, size_t *done)
{
    size_t r = row0;
    for (const char *nl; r < row0 + n && p < end && (nl = memchr(p, '\n', (size_t)(end - p)));
         p = nl + 1)
        if (!fn(ctx, p, r++))
            return NULL;
    *done = r - row0;
    return p;
}
#endif

#ifdef __SSE2__
size_t haven_line_starts(const char *p, const char *end, size_t max, const char **starts)
{
    size_t k = 0;
    starts[0] = p;
    for (const char *c = p; c < end && k < max; c += 64) {
        uint64_t nl = newlines64(c);
        if (end - c < 64)
            nl &= (UINT64_C(1) << (end - c)) - 1;
        for (; nl && k < max; nl &= nl - 1)
            starts[++k] = c + __builtin_ctzll(nl) + 1;
    }
    return k;
}
#else
size_t haven_line_starts(const char *p, const char *end, size_t max, const char **starts)
{
    size_t k = 0;
    starts[0] = p;
    for (const char *nl; k < max && p < end && (nl = memchr(p, '\n', (size_t)(end - p)));)
        starts[++k] = p = nl + 1;
    return k;
}
#endif

static int thread_count(size_t len)
{
#ifdef _OPENMP
    size_t nt = (size_t)omp_get_max_threads(), by_size = len / HAVEN_ROWS_MIN_BYTES;
    if (nt > by_size)
        nt = by_size;
    return nt < 1 ? 1 : nt > ROWS_MAX_THREADS ? ROWS_MAX_THREADS : (int)nt;
#else
    (void)len;
    return 1;
#endif
}

/* A row function as a range function. */
typedef struct {
    haven_row_fn fn;
    void *ctx;
} row_ctx;

static const char *row_range(void *ctx, const char *p, const char *end, size_t row0, size_t n,
                             size_t *done)
{
    const row_ctx *c = ctx;
    return parse_range(p, end, row0, n, c->fn, c->ctx, done);
}

int haven_rows_read(haven_linereader *lr, size_t n, haven_row_fn fn, void *ctx, size_t *len)
{
    row_ctx c = {fn, ctx};
    return haven_rows_read_ranges(lr, n, row_range, &c, len);
}

int haven_rows_parse_ranges(const char *block, size_t len, haven_range_fn fn, void *ctx)
{
    int nt = thread_count(len);
    size_t done;
    if (nt == 1) /* the block ends with '\n': all parsed when the end is reached */
        return fn(ctx, block, block + len, 0, len, &done) != block + len;
    /* Range k starts after the first line end at or past k * len / nt;
     * its first row is the count of line ends before it (counted here, at
     * memory speed, so the team meets only once: a barrier inside costs a
     * time slice whenever the machine has more threads than cores). */
    size_t cut[ROWS_MAX_THREADS + 1], row0[ROWS_MAX_THREADS];
    cut[0] = 0;
    cut[nt] = len;
    row0[0] = 0;
    for (int k = 1; k < nt; k++) {
        size_t at = len / (size_t)nt * (size_t)k;
        at = at < cut[k - 1] ? cut[k - 1] : at;
        const char *nl = memchr(block + at, '\n', len - at);
        cut[k] = (size_t)(nl - block) + 1; /* the block ends with '\n' */
        row0[k] = row0[k - 1] + haven_count_newlines(block + cut[k - 1], cut[k] - cut[k - 1]);
    }
    int failed = 0;
#pragma omp parallel for num_threads(nt) schedule(static, 1) reduction(| : failed) private(done)
    for (int k = 0; k < nt; k++)
        failed |=
            fn(ctx, block + cut[k], block + cut[k + 1], row0[k], len, &done) != block + cut[k + 1];
    return failed;
}

int haven_rows_read_ranges(haven_linereader *lr, size_t n, haven_range_fn fn, void *ctx,
                           size_t *len)
{
    const char *p, *nl;
    size_t avail;
    /* (An empty buffer - the header ended at its end - is filled first.) */
    if (!haven_lr_peek(lr, &p, &avail) && !(haven_lr_more(lr) && haven_lr_peek(lr, &p, &avail)))
        return 0;
    /* More than one thread's worth of rows (by the first row's length):
     * counted (reading more as needed), split, parsed. */
    if ((nl = memchr(p, '\n', avail)) && thread_count((size_t)(nl - p + 1) * n) > 1) {
        const char *block;
        return haven_lr_block(lr, n, &block, len) && !haven_rows_parse_ranges(block, *len, fn, ctx);
    }
    /* One thread's worth: parsed straight from the buffer as the line ends
     * are found, one pass over the bytes (counting the rows first read
     * them twice); the buffer is topped up where the frame runs past it. */
    size_t got = 0, bytes = 0;
    for (;;) {
        size_t done;
        const char *end = fn(ctx, p + bytes, p + avail, got, n - got, &done);
        if (!end)
            return 0;
        got += done;
        bytes = (size_t)(end - p);
        if (got == n) {
            *len = bytes;
            return 1;
        }
        if (!haven_lr_more(lr) || !haven_lr_peek(lr, &p, &avail))
            return 0;
    }
}
