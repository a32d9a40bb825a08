/* Progress on stderr for work longer than a second: a bar redrawn in place
 * when stderr is a terminal, or a line every few seconds with --progress
 * when it is not; nothing with --quiet. Nothing is shown before the work
 * has run for PROGRESS_DELAY seconds, so short commands stay silent. */
#ifndef HAVEN_TOOLS_PROGRESS_H
#define HAVEN_TOOLS_PROGRESS_H

#include <stddef.h>

enum { CLI_PROGRESS_OFF = 0, CLI_PROGRESS_AUTO, CLI_PROGRESS_ON };
/* Set by main.c: --quiet -> OFF, --progress -> ON, else AUTO (a terminal). */
extern int cli_progress_mode;
/* --quiet: also no informational notes (figures written, ...). */
extern int cli_quiet;

typedef struct {
    char what[96];
    double total;      /* 0: unknown (a count is shown instead of a bar) */
    const char *unit;  /* of done/total, e.g. "frames", "atoms", "hops" */
    double t0, last;   /* monotonic seconds: start, last drawing */
    int tty, shown, active;
} cli_progress;

void cli_progress_begin(cli_progress *p, const char *what, double total, const char *unit);
void cli_progress_update(cli_progress *p, double done);
/* Clears the bar (terminal) or prints the final line (--progress). */
void cli_progress_end(cli_progress *p);

/* A library call's progress (haven_progress_fn, haven/core.h) shown as one
 * bar: give cli_progress_call as the callback and the sink as its user data;
 * the bar begins at the first call, titled `what`, counting `unit`. */
typedef struct {
    cli_progress bar;
    const char *what, *unit;
    int open;
} cli_progress_sink;
void cli_progress_call(const char *stage, const char *path, size_t done, size_t total, void *user);
/* Ends the bar, if one began. */
void cli_progress_sink_end(cli_progress_sink *s);

#endif
