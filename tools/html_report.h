/* --report FILE.html: one self-contained page (inline CSS and SVG figures,
 * no script, nothing fetched) with every number and its interval, the
 * warnings in words, the methods with references, and provenance (haven
 * version, the command line, the inputs with size and SHA-256, the date).
 *
 * Built section by section while a command prints its results; written
 * atomically at the end. Text given to the functions is plain UTF-8 and is
 * escaped here. */
#ifndef HAVEN_TOOLS_HTML_REPORT_H
#define HAVEN_TOOLS_HTML_REPORT_H

#include "figure.h"

typedef struct cli_report cli_report;

/* The command line of the process (main.c), for the provenance. */
void cli_report_set_argv(int argc, char **argv);

/* NULL when out of memory (reported). */
cli_report *cli_report_create(const char *title);
void cli_report_free(cli_report *r);

/* An input file, listed with its size and SHA-256 (read once, streamed). */
int cli_report_input(cli_report *r, const char *path);

/* A section heading (h2); everything after it belongs to it. */
void cli_report_section(cli_report *r, const char *heading);
void cli_report_text(cli_report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A table: header cells, then rows of the same width. */
void cli_report_table(cli_report *r, const char *caption, const char *const *head, int n);
void cli_report_row(cli_report *r, const char *const *cells, int n);
void cli_report_table_end(cli_report *r);

/* A row for an estimate: name, value +- stderr [lo, hi] in unit, in a
 * table with the head {quantity, value, std. error, 95% interval, unit}. */
void cli_report_estimate_table(cli_report *r, const char *caption);
void cli_report_estimate(cli_report *r, const char *name, double value, double err, double lo,
                         double hi, const char *unit);

/* Listed in the warnings section at the top. */
void cli_report_warning(cli_report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Listed in the methods section: what was done, and where it comes from. */
void cli_report_method(cli_report *r, const char *name, const char *text, const char *reference);

/* The figure drawn as inline SVG, with its caption. */
int cli_report_figure(cli_report *r, const fig *f);

/* Writes the page to PATH (atomically); -1 on failure (reported). */
int cli_report_write(cli_report *r, const char *path);

#endif
