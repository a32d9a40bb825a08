/* Continuous atom paths, in memory or spilled to a scratch file.
 *
 * Frames arrive one at a time (frame-major) but the correlation analysis
 * wants whole time series per atom (atom-major). Pending frames are kept
 * frame-major in a buffer of `chunk` frames; if the trajectory ends before
 * the buffer fills, everything stays in memory. Otherwise each full buffer
 * is transposed to [atom][frame-in-chunk][3] and appended to a scratch file,
 * so reading a block of atoms costs one contiguous read per chunk. */
#include "haven/series.h"

#include "core/bigmem.h"
#include "core/error.h"
#include "series/load_range.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct haven_store {
    size_t n_atoms;
    size_t chunk;    /* frames per buffer */
    size_t n_frames; /* frames appended */
    size_t pending;  /* frames in buf not yet flushed */
    double *buf;     /* [chunk][n_atoms][3] */
    size_t cap;      /* frames buf can hold now (grows up to chunk) */
    FILE *scratch;   /* NULL while everything fits in memory */
    char *scratch_path;
    size_t n_chunks;   /* full chunks written to scratch */
    size_t last_chunk; /* frames in the final (partial) chunk on disk */
    double *tbuf;      /* transposition buffer, chunk frames */
    /* buf's address space when reserved (map.base == buf), else buf is malloc'd */
    haven_bigbuf map;
};

static size_t default_budget(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
    if (pages <= 0 || size <= 0)
        return (size_t)1 << 30;
    return (size_t)pages * (size_t)size / 2;
}

haven_status haven_store_create(size_t n_atoms, size_t max_bytes, const char *scratch_dir,
                                haven_store **out)
{
    *out = NULL;
    if (n_atoms == 0)
        return haven_fail(HAVEN_ERR_ARG, "store: no atoms");
    haven_store *s = calloc(1, sizeof *s);
    if (!s)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    s->n_atoms = n_atoms;
    size_t budget = max_bytes ? max_bytes : default_budget();
    /* The buffer and the transposition buffer share the budget. */
    size_t frame_bytes = n_atoms * 3 * sizeof(double);
    s->chunk = budget / 2 / frame_bytes;
    if (s->chunk < 2)
        s->chunk = 2;
    const char *dir = scratch_dir ? scratch_dir : getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    size_t n = strlen(dir) + 32;
    s->scratch_path = malloc(n);
    if (!s->scratch_path) {
        free(s);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    snprintf(s->scratch_path, n, "%s/haven-XXXXXX", dir);
    *out = s;
    return HAVEN_OK;
}

/* Free the frame buffer, mapped or malloc'd. */
static void release_buf(haven_store *s)
{
    haven_bigmem_free(&s->map, s->buf);
    s->buf = NULL;
    s->cap = 0;
}

/* Room for more frames: the buffer's address space is reserved for the
 * whole chunk on first use and grown in place (bigmem.h); where that
 * cannot be had, realloc'd. Either way by half again (the peak is then at
 * most 1.5x the positions held, rounded up to a huge page). */
static haven_status grow_buf(haven_store *s)
{
    size_t frame = s->n_atoms * 3 * sizeof(double);
    size_t cap = s->cap ? s->cap + s->cap / 2 + 1 : 64;
    if (cap > s->chunk)
        cap = s->chunk;
    if (!s->buf && haven_bigbuf_reserve(&s->map, s->chunk * frame))
        s->buf = (double *)(void *)s->map.base;
    if (s->map.base) {
        if (!haven_bigbuf_grow(&s->map, cap * frame))
            return haven_fail(HAVEN_ERR_NOMEM, "out of memory holding %zu frames of %zu atoms", cap,
                              s->n_atoms);
        s->cap = s->map.usable / frame < s->chunk ? s->map.usable / frame : s->chunk;
        return HAVEN_OK;
    }
    double *p = realloc(s->buf, cap * frame);
    if (!p)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory holding %zu frames of %zu atoms", cap,
                          s->n_atoms);
    s->buf = p;
    s->cap = cap;
    haven_bigmem_advise(p, cap * frame);
    return HAVEN_OK;
}

void haven_store_free(haven_store *s)
{
    if (!s)
        return;
    if (s->scratch)
        fclose(s->scratch);
    free(s->scratch_path);
    release_buf(s);
    free(s->tbuf);
    free(s);
}

size_t haven_store_n_atoms(const haven_store *s)
{
    return s->n_atoms;
}
size_t haven_store_n_frames(const haven_store *s)
{
    return s->n_frames;
}
int haven_store_spilled(const haven_store *s)
{
    return s->scratch != NULL;
}

static haven_status open_scratch(haven_store *s)
{
    int fd = mkstemp(s->scratch_path);
    if (fd < 0)
        return haven_fail(HAVEN_ERR_IO, "cannot create scratch file %s: %s", s->scratch_path,
                          strerror(errno));
    /* Unlinked at once: the file disappears with the process, whatever happens. */
    unlink(s->scratch_path);
    s->scratch = fdopen(fd, "w+b");
    if (!s->scratch) {
        close(fd);
        return haven_fail(HAVEN_ERR_IO, "cannot open scratch file: %s", strerror(errno));
    }
    s->tbuf = malloc(s->chunk * s->n_atoms * 3 * sizeof(double));
    if (!s->tbuf)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory for the transposition buffer");
    return HAVEN_OK;
}

/* Write the pending frames transposed to [atom][frame][3]. */
static haven_status flush(haven_store *s)
{
    if (s->pending == 0)
        return HAVEN_OK;
    if (!s->scratch) {
        haven_status st = open_scratch(s);
        if (st != HAVEN_OK)
            return st;
    }
    size_t K = s->pending, N = s->n_atoms;
    for (size_t a = 0; a < N; a++)
        for (size_t k = 0; k < K; k++)
            memcpy(&s->tbuf[(a * K + k) * 3], &s->buf[(k * N + a) * 3], 3 * sizeof(double));
    if (fwrite(s->tbuf, sizeof(double) * 3 * N, K, s->scratch) != K)
        return haven_fail(HAVEN_ERR_IO, "cannot write scratch file (disk full?): %s",
                          strerror(errno));
    if (K == s->chunk)
        s->n_chunks++;
    else
        s->last_chunk = K;
    s->pending = 0;
    return HAVEN_OK;
}

haven_status haven_store_next(haven_store *s, double **slot)
{
    if (s->last_chunk)
        return haven_fail(HAVEN_ERR_ARG, "store: append after finish");
    if (s->pending == s->chunk) {
        haven_status st = flush(s);
        if (st != HAVEN_OK)
            return st;
    }
    if (s->pending == s->cap) {
        haven_status st = grow_buf(s);
        if (st != HAVEN_OK)
            return st;
    }
    *slot = &s->buf[s->pending * s->n_atoms * 3];
    s->pending++;
    s->n_frames++;
    return HAVEN_OK;
}

haven_status haven_store_append(haven_store *s, const double (*pos)[3])
{
    double *slot = NULL;
    haven_status st = haven_store_next(s, &slot);
    if (st == HAVEN_OK)
        memcpy(slot, pos, s->n_atoms * 3 * sizeof(double));
    return st;
}

haven_status haven_store_adopt(haven_store *s, double *frames, size_t n_frames)
{
    if (s->n_frames == 0 && n_frames <= s->chunk) { /* within the budget: held as is */
        release_buf(s);
        s->buf = frames;
        s->cap = s->pending = s->n_frames = n_frames;
        return HAVEN_OK;
    }
    haven_status st = HAVEN_OK;
    for (size_t t = 0; t < n_frames && st == HAVEN_OK; t++)
        st = haven_store_append(s, (const double(*)[3])(frames + t * s->n_atoms * 3));
    free(frames);
    return st;
}

haven_status haven_store_finish(haven_store *s)
{
    /* Everything in memory: keep it there, without the growth slack (a
     * reservation's untouched tail holds no memory). */
    if (!s->scratch) {
        double *p = s->pending && !s->map.base
                        ? realloc(s->buf, s->pending * s->n_atoms * 3 * sizeof *p)
                        : NULL;
        if (p) {
            s->buf = p;
            s->cap = s->pending;
        }
        return HAVEN_OK;
    }
    haven_status st = flush(s);
    if (st == HAVEN_OK && fflush(s->scratch) != 0)
        st = haven_fail(HAVEN_ERR_IO, "cannot write scratch file: %s", strerror(errno));
    release_buf(s);
    return st;
}

/* Frame-major buffer -> atom-major paths, transposed in tiles of
 * GATHER_ATOMS x GATHER_FRAMES so that both the reads (rows of a frame) and
 * the writes (runs of one path) stay in cache. */
#define GATHER_ATOMS 32
#define GATHER_FRAMES 256

static void gather_memory(const haven_store *s, size_t a0, size_t a1, const int *keep, double *out)
{
    size_t T = s->n_frames, N = s->n_atoms;
    for (size_t b0 = a0; b0 < a1; b0 += GATHER_ATOMS) {
        size_t b1 = b0 + GATHER_ATOMS < a1 ? b0 + GATHER_ATOMS : a1;
        for (size_t t0 = 0; t0 < T; t0 += GATHER_FRAMES) {
            size_t t1 = t0 + GATHER_FRAMES < T ? t0 + GATHER_FRAMES : T;
            for (size_t t = t0; t < t1; t++) {
                const double *row = &s->buf[(t * N + b0) * 3];
                for (size_t a = b0; a < b1; a++, row += 3)
                    for (size_t k = 0; k < 3 && (!keep || keep[a] >= 0); k++)
                        out[((a - a0) * 3 + k) * T + t] = row[k];
            }
        }
    }
}

static haven_status gather_disk(haven_store *s, size_t a0, size_t a1, const int *keep, double *out)
{
    size_t T = s->n_frames, N = s->n_atoms, B = a1 - a0;
    size_t n_chunks = s->n_chunks + (s->last_chunk ? 1 : 0);
    for (size_t c = 0; c < n_chunks; c++) {
        size_t K = c < s->n_chunks ? s->chunk : s->last_chunk;
        off_t off = (off_t)((c * s->chunk * N + a0 * K) * 3 * sizeof(double));
        size_t bytes = B * K * 3 * sizeof(double);
        if (pread(fileno(s->scratch), s->tbuf, bytes, off) != (ssize_t)bytes)
            return haven_fail(HAVEN_ERR_IO, "cannot read scratch file: %s", strerror(errno));
        size_t t0 = c * s->chunk;
        for (size_t b = 0; b < B; b++)
            for (size_t k = 0; k < K && (!keep || keep[a0 + b] >= 0); k++)
                for (int d = 0; d < 3; d++)
                    out[(b * 3 + (size_t)d) * T + t0 + k] = s->tbuf[(b * K + k) * 3 + d];
    }
    return HAVEN_OK;
}

haven_status haven_store_read_kept(haven_store *s, size_t a0, size_t a1, const int *keep,
                                   double *out)
{
    if (a0 >= a1 || a1 > s->n_atoms)
        return haven_fail(HAVEN_ERR_ARG, "store: atom range [%zu, %zu) outside 0..%zu", a0, a1,
                          s->n_atoms);
    if (!s->scratch) {
        gather_memory(s, a0, a1, keep, out);
        return HAVEN_OK;
    }
    return gather_disk(s, a0, a1, keep, out);
}

haven_status haven_store_read_atoms(haven_store *s, size_t a0, size_t a1, double *out)
{
    return haven_store_read_kept(s, a0, a1, NULL, out);
}
