/* Internal: the atom rows of one frame parsed in parallel.
 *
 * A reader that knows a frame has n rows takes them as one block from the
 * line reader (haven_lr_block), splits the block into byte ranges at line
 * ends, one per thread, and parses each row with a row function that
 * writes only that row's outputs. The row function is the fast form of the
 * reader's own line-by-line code (haven_parse_double_padded, columns ended
 * by '\n'): it gives the same values, and where it meets anything it does
 * not accept it fails, the block is left unconsumed, and the reader parses
 * the frame line by line again - so errors carry the same file, line and
 * message as before, and results are bit for bit those of the serial path
 * whatever the thread count. */
#ifndef HAVEN_SRC_IO_ROWS_H
#define HAVEN_SRC_IO_ROWS_H

#include "io/linereader.h"

#include <stddef.h>

/* Parse the row starting at `line` (ended by '\n'), row index `row` in the
 * frame. Returns a pointer within the line past what it read, or NULL when
 * the row is not one the fast path accepts (haven_rows_parse only tests for
 * NULL: it finds the rows' ends itself). Called from several threads at
 * once, for distinct rows. */
typedef const char *(*haven_row_fn)(void *ctx, const char *line, size_t row);

/* Run fn over the '\n'-ended lines of block (len bytes, padded as
 * haven_lr_block guarantees). Threads: OpenMP's count (OMP_NUM_THREADS),
 * at most one per HAVEN_ROWS_MIN_BYTES of block. 0 when every row parsed. */
int haven_rows_parse(const char *block, size_t len, haven_row_fn fn, void *ctx);

/* The next n rows of lr through fn: 1 when all parsed, with their bytes
 * in *len, for haven_lr_consume(lr, n, *len) - the caller may still check
 * the frame as a whole first; 0 (nothing consumed) when the file has fewer
 * rows, a read fails, a line was pushed back or a row fails. A frame of one
 * thread's worth of rows is parsed straight from the buffer as its line
 * ends are found (one pass over the bytes); a larger one is taken as a
 * block (haven_lr_block) and split (haven_rows_parse). Either way the rows
 * and their outputs are the same. */
int haven_rows_read(haven_linereader *lr, size_t n, haven_row_fn fn, void *ctx, size_t *len);

/* Bytes of rows per thread at the least. A fork and join costs ~5 us on
 * idle cores but a whole time slice (ms) on a machine with more threads
 * than cores; 512 KiB take ~1 ms to parse. */
#define HAVEN_ROWS_MIN_BYTES (512u << 10)

/* Token end for row parsers: the first blank, '\n' or NUL. */
static inline const char *haven_row_token_end(const char *p)
{
    while (*p && *p != ' ' && *p != '\n' && *p != '\t' && *p != '\r' && *p != '\v' && *p != '\f')
        p++;
    return p;
}

#endif
