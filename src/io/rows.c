/* Rows of a frame in parallel (see rows.h). */
#include "io/rows.h"

#include "io/linereader.h"

#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#define ROWS_MAX_THREADS 256

/* Rows [row0, ...) in [p, end): 0 when all parsed. */
static int parse_range(const char *p, const char *end, size_t row0, haven_row_fn fn, void *ctx)
{
    for (size_t r = row0; p < end; r++) {
        const char *q = fn(ctx, p, r);
        if (!q)
            return 1;
        p = (const char *)memchr(q, '\n', (size_t)(end - q)) + 1;
    }
    return 0;
}

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

int haven_rows_parse(const char *block, size_t len, haven_row_fn fn, void *ctx)
{
    int nt = thread_count(len);
    if (nt == 1)
        return parse_range(block, block + len, 0, fn, ctx);
    /* Range k starts after the first line end at or past k * len / nt. */
    size_t cut[ROWS_MAX_THREADS + 1], lines[ROWS_MAX_THREADS];
    cut[0] = 0;
    cut[nt] = len;
    for (int k = 1; k < nt; k++) {
        size_t at = len / (size_t)nt * (size_t)k;
        at = at < cut[k - 1] ? cut[k - 1] : at;
        const char *nl = memchr(block + at, '\n', len - at);
        cut[k] = (size_t)(nl - block) + 1; /* the block ends with '\n' */
    }
    int failed = 0;
#pragma omp parallel num_threads(nt) reduction(| : failed)
    {
        /* OpenMP may give fewer threads than asked: each takes every
         * got-th range. */
        int id = 0, got = 1;
#ifdef _OPENMP
        id = omp_get_thread_num();
        got = omp_get_num_threads();
#endif
        for (int k = id; k < nt; k += got)
            lines[k] = haven_count_newlines(block + cut[k], cut[k + 1] - cut[k]);
#pragma omp barrier
        for (int k = id; k < nt && !failed; k += got) {
            size_t row0 = 0;
            for (int j = 0; j < k; j++)
                row0 += lines[j];
            failed |= parse_range(block + cut[k], block + cut[k + 1], row0, fn, ctx);
        }
    }
    return failed;
}
