/* Options shared by the trajectory subcommands (diffusion, analyze). */
#ifndef HAVEN_TOOLS_RUN_OPTS_H
#define HAVEN_TOOLS_RUN_OPTS_H

#include "haven/diffusion.h"
#include "haven/series.h"
#include "haven/traj.h"

#include <stddef.h>

#define RUN_MAX_FILES 256

typedef struct {
    const char *files[RUN_MAX_FILES];
    size_t n_files;
    haven_traj_options traj;
    const char *species; /* "Li,Na" or NULL: all species */
    const char *drift;   /* "system", "none" or "Ge,P,S" */
    size_t max_bytes;
    double start_ps, end_ps; /* NAN: automatic */
    int json;
    const char *csv_dir;
    int direct; /* --method direct */
    int progress;
    int pool; /* --pool: the files are independent runs of one state point */
    int cont; /* --continue: the files are consecutive segments of one run */
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

/* Is species `name` selected by the comma list (NULL selects all)? */
int run_species_selected(const char *list, const char *name);

/* Fill load options (drift reference) for an open trajectory. drift_flags
 * must have room for haven_traj_n_species entries. Returns 0 or prints. */
int run_load_options(const run_opts *o, const haven_traj *t, haven_load_options *lo,
                     int *drift_flags);
void run_fit_options(const run_opts *o, haven_dfit_options *fo);
/* --pool and --continue against each other and the file count, before any
 * work: CLI_OK, or CLI_USAGE with the message printed. */
int run_opts_check_runs(const run_opts *o);

#endif
