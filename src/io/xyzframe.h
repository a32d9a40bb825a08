/* Internal: what the XYZ-family readers share (atom count lines, and the
 * atoms of frame 1 from its rows), used by xyz.c and extxyz.c. */
#ifndef HAVEN_SRC_IO_XYZFRAME_H
#define HAVEN_SRC_IO_XYZFRAME_H

#include "io/linereader.h"
#include "io/reader.h"

/* The atom count line of the next frame (blank lines before it skipped);
 * HAVEN_EOF at the end of the file. The count must be positive. */
haven_status haven_xyz_count(haven_linereader *lr, long *n);

/* Reads one atom row, giving its element symbol. */
typedef haven_status (*haven_xyz_row_fn)(void *ctx, char sym[HAVEN_SPECIES_NAME_MAX]);

/* The atoms of frame 1: n rows through `row`, the symbols kept in an array
 * grown as rows arrive (never sized from the count alone), each a known
 * element; then haven_traj_set_atoms. */
haven_status haven_xyz_atoms(haven_traj *t, haven_linereader *lr, long n, haven_xyz_row_fn row,
                             void *ctx);

/* Reads the comment line of frame 1 (e.g. an extended XYZ's column layout,
 * needed before its rows); NULL: the comment is passed over. */
typedef haven_status (*haven_xyz_comment_fn)(void *ctx, char *line);

/* Frame 1 whole: its count (HAVEN_EOF is "no frames"; the count checked
 * against the bytes left at min_row bytes a row), its comment line, and its
 * atoms through haven_xyz_atoms; then the frame arrays. The caller rewinds. */
haven_status haven_xyz_first_frame(haven_traj *t, haven_linereader *lr, size_t min_row,
                                   haven_xyz_comment_fn comment, haven_xyz_row_fn row, void *ctx);

#endif
