/* Internal: binary input over zlib (plain and .gz files alike), for the
 * binary trajectory formats (DCD, XTC, TRR, ASE .traj, .npy).
 *
 * Every message names the file and the frame being read ("run.dcd: frame
 * 12: ..."; the header before frame 1), and a short read is always an
 * error naming what was expected, except at a frame boundary, where the
 * reader may ask for HAVEN_EOF instead. */
#ifndef HAVEN_SRC_IO_BINSTREAM_H
#define HAVEN_SRC_IO_BINSTREAM_H

#include "haven/core.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct haven_binstream haven_binstream;

haven_status haven_bs_open(const char *path, haven_binstream **out);
void haven_bs_close(haven_binstream *b);
/* The frame named in messages, 1-based; 0 names the header. */
void haven_bs_set_frame(haven_binstream *b, long frame);
long haven_bs_frame(const haven_binstream *b);

/* Exactly n bytes, or "unexpected end of file (expected <what>)". */
haven_status haven_bs_read(haven_binstream *b, void *buf, size_t n, const char *what);
/* As haven_bs_read, but HAVEN_EOF when the file ends before the first byte
 * (a clean end between frames). */
haven_status haven_bs_read_or_eof(haven_binstream *b, void *buf, size_t n, const char *what);
haven_status haven_bs_skip(haven_binstream *b, unsigned long long n, const char *what);
/* Absolute position (backwards costs a re-read of compressed input). */
haven_status haven_bs_seek(haven_binstream *b, unsigned long long offset, const char *what);
unsigned long long haven_bs_tell(const haven_binstream *b);
/* Size of a plain file: 1 and *size; 0 when compressed (unknown). */
int haven_bs_size(const haven_binstream *b, unsigned long long *size);
haven_status haven_bs_rewind(haven_binstream *b);
/* A count from the file must not promise more bytes than the rest of the
 * file holds: checked before the count sizes an allocation (plain files;
 * compressed input is checked when the bytes do not arrive). */
haven_status haven_bs_check_left(const haven_binstream *b, const char *what,
                                 unsigned long long need);

/* haven_fail() with "path: frame N: " (or "path: header: ") in front. */
haven_status haven_bs_fail(const haven_binstream *b, haven_status s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
const char *haven_bs_path(const haven_binstream *b);

/* Byte order: big = 1 for big-endian (XDR) data. */
static inline uint32_t haven_get_u32(const unsigned char *p, int big)
{
    return big ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
               : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}
static inline uint64_t haven_get_u64(const unsigned char *p, int big)
{
    uint64_t hi = haven_get_u32(p + (big ? 0 : 4), big), lo = haven_get_u32(p + (big ? 4 : 0), big);
    return hi << 32 | lo;
}
static inline int32_t haven_get_i32(const unsigned char *p, int big)
{
    uint32_t u = haven_get_u32(p, big);
    int32_t v;
    memcpy(&v, &u, sizeof v);
    return v;
}
static inline int64_t haven_get_i64(const unsigned char *p, int big)
{
    uint64_t u = haven_get_u64(p, big);
    int64_t v;
    memcpy(&v, &u, sizeof v);
    return v;
}
static inline double haven_get_f32(const unsigned char *p, int big)
{
    uint32_t u = haven_get_u32(p, big);
    float v;
    memcpy(&v, &u, sizeof v);
    return v;
}
static inline double haven_get_f64(const unsigned char *p, int big)
{
    uint64_t u = haven_get_u64(p, big);
    double v;
    memcpy(&v, &u, sizeof v);
    return v;
}

#endif
