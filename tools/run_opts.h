/* Options shared by the trajectory subcommands (diffusion, analyze). */
#ifndef HAVEN_TOOLS_RUN_OPTS_H
#define HAVEN_TOOLS_RUN_OPTS_H

#include "figure_cli.h"
#include "haven/analysis.h"

#include <stddef.h>

#define RUN_MAX_FILES 256

typedef struct {
    const char *files[RUN_MAX_FILES];
    size_t n_files;
    haven_analysis_options a; /* what the library's job takes */
    int json;
    const char *csv_dir;
    int progress;
    cli_fig_opts fig; /* --plot, --plot-format, --report */
} run_opts;

/* Outcome of parsing one argument. */
enum { RUN_ARG_NO = 0, RUN_ARG_USED = 1, RUN_ARG_BAD = -1 };

void run_opts_init(run_opts *o);
/* Try to consume argv[*i] (and its value). Unknown options return RUN_ARG_NO. */
int run_opts_parse(run_opts *o, int argc, char **argv, int *i);
/* Value of "--name VALUE" or "--name=VALUE" at argv[*i]; NULL if not this option. */
const char *cli_option_value(const char *name, int argc, char **argv, int *i, int *missing);

/* Help text for the shared options. */
extern const char run_opts_help[];

/* The job's progress on stderr, when shown (a terminal, or --progress). */
void run_opts_progress(run_opts *o);
/* Run a job on the files; on failure the message is printed and the exit
 * code returned (a usage error for options the library rejects up front). */
int run_opts_job(const run_opts *o, haven_job job, haven_analysis **out);

#endif
