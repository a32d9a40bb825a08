/* Internal: an in-memory FILE for documents built with stdio (JSON, SVG,
 * HTML). Unlike glibc's open_memstream, whose growth can fail without
 * setting the stream's error flag (bytes silently dropped), a failed
 * allocation here is a write error: ferror() and fclose() report it. */
#ifndef HAVEN_SRC_CORE_MEMBUF_H
#define HAVEN_SRC_CORE_MEMBUF_H

#include <stdio.h>

typedef struct {
    char *data;
    size_t len, cap;
    int failed; /* a write could not grow the buffer */
} haven_membuf;

/* A stream writing into *b (zeroed here); NULL when out of memory. */
FILE *haven_membuf_open(haven_membuf *b);
/* Closes fp. 0: b->data holds b->len bytes and a NUL (the caller frees
 * it); -1: a write failed, b->data is freed and NULL. */
int haven_membuf_close(FILE *fp, haven_membuf *b);
/* The same check for a stream that another piece of code closed (a
 * library that takes over the FILE): 0 and the data, or -1 and freed. */
int haven_membuf_finish(haven_membuf *b);

#endif
