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
 * the row is not one the fast path accepts (the range loop only tests for
 * NULL: it finds the rows' ends itself). Called from several threads at
 * once, for distinct rows. */
typedef const char *(*haven_row_fn)(void *ctx, const char *line, size_t row);

/* The next n rows of lr through fn: 1 when all parsed, with their bytes
 * in *len, for haven_lr_consume(lr, n, *len) - the caller may still check
 * the frame as a whole first; 0 (nothing consumed) when the file has fewer
 * rows, a read fails, a line was pushed back or a row fails. A frame of one
 * thread's worth of rows is parsed straight from the buffer as its line
 * ends are found (one pass over the bytes); a larger one is taken as a
 * block (haven_lr_block) and split (haven_rows_parse_ranges). Either way the rows
 * and their outputs are the same. */
int haven_rows_read(haven_linereader *lr, size_t n, haven_row_fn fn, void *ctx, size_t *len);

/* Many rows at once: parse the rows [row0, row0 + n) that start at p,
 * within [p, end), writing only their outputs. Returns the end of the last
 * row parsed (one past its '\n'), with their count in *done - fewer than n
 * where the next row does not end before end - or NULL when a row is not
 * one the fast path accepts. Called from several threads at once, for
 * distinct rows. */
typedef const char *(*haven_range_fn)(void *ctx, const char *p, const char *end, size_t row0,
                                      size_t n, size_t *done);
/* Run fn over the '\n'-ended lines of block (len bytes, padded as
 * haven_lr_block guarantees), in ranges of whole lines. Threads: OpenMP's
 * count (OMP_NUM_THREADS), at most one per HAVEN_ROWS_MIN_BYTES of block.
 * 0 when every row parsed. */
int haven_rows_parse_ranges(const char *block, size_t len, haven_range_fn fn, void *ctx);
/* haven_rows_read() with a range function. */
int haven_rows_read_ranges(haven_linereader *lr, size_t n, haven_range_fn fn, void *ctx,
                           size_t *len);

/* The starts of the lines of [p, end) that end before end, up to max of
 * them: starts[0] = p, starts[i] just past the i-th '\n'; returns their
 * count k (starts has max + 1 entries; starts[k] is where the next line
 * starts). Reads up to 63 bytes past end (HAVEN_LR_PAD). */
size_t haven_line_starts(const char *p, const char *end, size_t max, const char **starts);

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
