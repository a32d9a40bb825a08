/* Internal: the numpy .npy header (format versions 1 to 3), shared by the
 * .npy reader and the .npz members. Layout: "\x93NUMPY", major, minor, a
 * little-endian header length (2 bytes in version 1, 4 after), and a Python
 * dict literal {'descr': '<f8', 'fortran_order': False, 'shape': (F, N, 3)}. */
#ifndef HAVEN_SRC_IO_NPYHDR_H
#define HAVEN_SRC_IO_NPYHDR_H

#include "haven/traj.h"

#include <stddef.h>

#define HAVEN_NPY_MAX_DIM 4

typedef struct {
    char kind;   /* 'f' float, 'i' signed, 'u' unsigned, 'U' UCS-4 text, 'S' bytes */
    size_t size; /* bytes per element (per character for 'U': size is 4 x count) */
    int big;     /* big-endian data */
    int ndim;
    unsigned long long shape[HAVEN_NPY_MAX_DIM];
    unsigned long long count; /* elements in all */
} haven_npy_header;

/* Reads exactly n bytes from src or fails naming `what`. */
typedef haven_status (*haven_npy_read_fn)(void *src, void *buf, size_t n, const char *what);

/* Read and check the header; `name` prefixes messages. Fortran-ordered
 * arrays are refused (frames would not be contiguous). */
haven_status haven_npy_read_header(haven_npy_read_fn rd, void *src, const char *name,
                                   haven_npy_header *h);

/* Element i of raw data p as a double (kinds f, i, u). */
double haven_npy_value(const haven_npy_header *h, const unsigned char *p, size_t i);

/* Text element i (kinds U and S, ASCII) into out, NUL-terminated. */
void haven_npy_text(const haven_npy_header *h, const unsigned char *p, size_t i, char *out,
                    size_t cap);

/* Positions must be floats of shape (frames, atoms, 3). */
haven_status haven_npy_check_positions(const haven_npy_header *h, const char *name);
/* One frame of raw positions (Angstrom) into f->pos (m). */
void haven_npy_frame_positions(const haven_npy_header *h, const unsigned char *raw, haven_frame *f);

#endif
