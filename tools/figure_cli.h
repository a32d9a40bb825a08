/* The options every command shares for figures and reports:
 *   --plot PREFIX        figures as PREFIX-<name>.png
 *   --plot-format F      png (default), svg or pdf
 *   --report FILE.html   one self-contained HTML report
 * and the step that writes what was asked for, once the results are out. */
#ifndef HAVEN_TOOLS_FIGURE_CLI_H
#define HAVEN_TOOLS_FIGURE_CLI_H

#include "figure.h"
#include "html_report.h"

typedef struct {
    const char *plot;   /* PREFIX, or NULL */
    fig_format format;
    const char *report; /* FILE.html, or NULL */
} cli_fig_opts;

/* Help lines for the three options (a literal, to join help texts). */
#define CLI_FIG_HELP                                                                               \
    "  --plot PREFIX      figures as PREFIX-<name>.png (see --plot-format)\n"                     \
    "  --plot-format F    png (default), svg or pdf\n"                                            \
    "  --report FILE      one self-contained HTML report: results, figures, warnings,\n"          \
    "                     methods and provenance\n"

/* argv[*i] one of the options: consume it and its value, return 1; 0 when it
 * is not one of them; -1 on a bad value (reported). */
int cli_fig_option(int argc, char **argv, int *i, cli_fig_opts *o);

/* Whether any figure is wanted (builders can be skipped otherwise). */
static inline int cli_fig_wanted(const cli_fig_opts *o)
{
    return o->plot || o->report;
}

/* Writes the figures of s (when --plot) and puts them into the report r
 * (when r is not NULL). 0, or -1 (reported). */
int cli_fig_emit(const cli_fig_opts *o, const fig_set *s, cli_report *r);

/* The whole --plot/--report step of a command: with --report, a report
 * titled `title` listing the inputs (size, SHA-256), filled by fill(r, ctx)
 * and followed by the figures, written to its file; with --plot, the
 * figures. set is cleared. 0, or -1 (reported). */
typedef void (*cli_report_fill_fn)(cli_report *r, const void *ctx);
int cli_fig_outputs(const cli_fig_opts *o, const char *title, const char *const *inputs,
                    size_t n_inputs, fig_set *set, cli_report_fill_fn fill, const void *ctx);

#endif
