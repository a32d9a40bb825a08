/* Helpers for the reader tests: temporary paths, gzip copies, and reading
 * a whole trajectory to see how it ends. */
#ifndef HAVEN_TESTS_READER_CHECK_H
#define HAVEN_TESTS_READER_CHECK_H

#include "haven/traj.h"

#include "fixture.h"

#include <stddef.h>

/* "<tmpdir>/haven_<pid>_<name>" into buf. */
void tc_tmp_path(char *buf, size_t cap, const char *name);
int tc_write_text(const char *path, const char *text);
/* Compress src into dst with zlib (gzip format). */
int tc_gzip(const char *src, const char *dst);

/* Open with the given format and read to the end. Returns the first
 * failing status (HAVEN_OK if every frame was read), the frame count in
 * *n_frames. */
haven_status tc_read_all(const char *path, haven_format fmt, const char *types, long *n_frames);

/* Open a file that names no elements (DCD, XTC, TRR, .npy) with
 * --elements `elements`; NULL on failure (haven_last_error() says why). */
haven_traj *tc_open_elements(const char *path, const char *elements);

/* 1 when haven_last_error() holds "<path>:<line>:" and `text`. */
int tc_error_is(const char *path, long line, const char *text);

/* Bad-input check: write `text` to a temporary file `name`, read it all
 * with format `fmt`, and return 1 when the status is `want` and the message
 * holds "<path>:<line>:" (line > 0) and `phrase`; otherwise print why to
 * stderr and return 0. The file is removed. */
int tc_check_bad(const char *name, const char *text, haven_format fmt, const char *types,
                 haven_status want, long line, const char *phrase);

/* Largest |reader position - fixture position| over all frames and atoms,
 * in Angstrom, comparing the reader's positions (made continuous with the
 * image flags when it gives them) with the fixture's wrapped positions
 * (`unwrapped` = 0) or unwrapped ones (`unwrapped` = 1). Also checks the
 * cell; returns -1 on any structural mismatch (atom/frame count). */
double tc_max_pos_error(haven_traj *t, const fixture_system *s, int unwrapped,
                        double *max_cell_error);

#endif
