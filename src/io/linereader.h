/* Internal: buffered line reader over zlib (plain and .gz files alike).
 *
 * Lines are handed out in place, NUL-terminated, without the newline (and
 * without a trailing '\r'); the pointer stays valid until the next call
 * of haven_lr_next(). The reader counts 1-based line numbers so every
 * parser can name the file and line in its messages. */
#ifndef HAVEN_SRC_IO_LINEREADER_H
#define HAVEN_SRC_IO_LINEREADER_H

#include "haven/core.h"

#include <stddef.h>

typedef struct haven_linereader haven_linereader;

haven_status haven_lr_open(const char *path, haven_linereader **out);
void haven_lr_close(haven_linereader *lr);

/* Next line; HAVEN_EOF at the end of the file (after the last line). */
haven_status haven_lr_next(haven_linereader *lr, char **line, size_t *len);
/* Hand the last line out again on the next haven_lr_next() call, for
 * parsers that detect the end of a block only by reading past it. */
void haven_lr_unread(haven_linereader *lr);
haven_status haven_lr_rewind(haven_linereader *lr);

/* Bytes after the data in the buffer that may be read (they are zero):
 * the row parsers read a row 64 bytes at a time. */
#define HAVEN_LR_PAD 64

/* The next n lines as one block in place: *block up to and including the
 * n-th '\n' (*len bytes, followed by HAVEN_LR_PAD readable bytes), read
 * into the buffer as needed but not consumed. Returns 0 - and hands the
 * lines to haven_lr_next() as before - when the file ends first, a read
 * fails, a line was pushed back or the block would pass 512 MiB: the
 * line-by-line path then meets the same end or error and reports it. */
int haven_lr_block(haven_linereader *lr, size_t n, const char **block, size_t *len);
/* The unread bytes already in the buffer, followed by HAVEN_LR_PAD readable bytes, without reading
 * more: *len may end within a line. 0 when none, or a line was pushed back. */
int haven_lr_peek(const haven_linereader *lr, const char **p, size_t *len);
/* Read more of the file into the buffer, keeping the unread bytes (which
 * may move: peek again). 0 when nothing more came - the end of the file, a
 * read error (the line-by-line path meets it again), a pushed-back line, or
 * 512 MiB unread already. */
int haven_lr_more(haven_linereader *lr);
/* '\n' bytes in [p, p + n), at memory speed. */
size_t haven_count_newlines(const char *p, size_t n);
/* Consume a block from haven_lr_block(): n lines, len bytes. */
void haven_lr_consume(haven_linereader *lr, size_t n, size_t len);

/* Where the next line starts, for an index of frames (parallel readers
 * start at a frame of their own): the byte offset in the file and the
 * number of lines before it. Returns 0 - no position - for compressed input
 * (gzseek would decompress from the start) and after haven_lr_unread(). */
int haven_lr_tell(const haven_linereader *lr, unsigned long long *offset, long *lineno);
/* Continue at a position from haven_lr_tell() on the same file. */
haven_status haven_lr_seek(haven_linereader *lr, unsigned long long offset, long lineno);
/* Pass over the next n lines without handing them out (at memory speed);
 * fails with "unexpected end of file (expected <what>)" when fewer are left. */
haven_status haven_lr_skip(haven_linereader *lr, size_t n, const char *what);

/* Line number of the last line handed out (0 before the first). */
long haven_lr_lineno(const haven_linereader *lr);
const char *haven_lr_path(const haven_linereader *lr);

/* Bytes of the file after the last line handed out. Returns 0 (unknown)
 * for compressed input, whose size is known only once it is read. */
int haven_lr_bytes_left(const haven_linereader *lr, unsigned long long *left);

/* A count from a header (`what`, e.g. "atom count") must not promise more
 * rows of at least min_row_bytes each than the rest of the file can hold:
 * fails with "path:line: <what> is N, but the B bytes left ..." otherwise.
 * Checked before the count sizes any allocation; compressed input is not
 * checked here, so readers must still grow arrays as rows arrive. */
haven_status haven_lr_check_count(const haven_linereader *lr, const char *what,
                                  unsigned long long count, size_t min_row_bytes);

/* haven_fail() with "path:line: " in front of the message. */
haven_status haven_lr_fail(const haven_linereader *lr, haven_status s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Read the next line or fail with "path:line: unexpected end of file
 * (expected <what>)" - the shape of every truncated-input message. */
haven_status haven_lr_expect(haven_linereader *lr, char **line, const char *what);

#endif
