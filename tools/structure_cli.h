/* Shared pieces of the structure subcommands (density, sites, vanhove,
 * rotation): trajectory options, the species selection, output helpers. */
#ifndef HAVEN_TOOLS_STRUCTURE_CLI_H
#define HAVEN_TOOLS_STRUCTURE_CLI_H

#include "figure_cli.h"
#include "haven/traj.h"
#include "cli.h"
#include "json.h"

#include <stdio.h>

#define ST_MAX_FILES 64

typedef struct {
    const char *file;      /* the first FILE */
    const char *files[ST_MAX_FILES];
    size_t n_files, max_files; /* max_files > 1: the command takes several FILEs */
    haven_traj_options traj;
    const char *species; /* comma list, required by most commands */
    int json;
    const char *csv_dir;
    double temperature; /* K; NAN: from the file */
    cli_fig_opts fig;   /* --plot, --plot-format, --report */
} st_common;

extern const char st_common_help[];

void st_common_init(st_common *c);
/* Consume argv[*i] if it is a shared option (1), not one (0), or a bad
 * value (-1, reported). */
int st_common_option(st_common *c, int argc, char **argv, int *i);
/* The value of option argv[*i] (reported when missing). */
const char *st_value(int argc, char **argv, int *i);
/* Parse a positive length in Angstrom into metres; -1 (reported) if bad. */
int st_parse_length(const char *opt, const char *v, double *m);

/* The argument loop of a structure subcommand: -h/--help (usage(stdout),
 * returns -1), the shared options, the command's flags (flag: 1 used, 0 not
 * its) and valued options (value: 0 used, 1 not its, -1 bad and reported),
 * one FILE. Returns CLI_OK, CLI_USAGE (reported) or -1 after the help. */
typedef int (*st_flag_fn)(void *ctx, const char *opt);
typedef int (*st_value_fn)(void *ctx, const char *opt, const char *value);
int st_parse(int argc, char **argv, const char *cmd, st_common *c, void (*usage)(FILE *),
             st_flag_fn flag, st_value_fn value, void *ctx);

/* Open c->file; per-atom flags for the species of c->species (all when
 * NULL). Fails, reported, when no atom matches. *sel is malloc'ed. */
int st_open(const st_common *c, haven_traj **t, int **sel, size_t *n_sel);
/* Temperature: the option, else the file's, else NAN. */
double st_temperature(const st_common *c, const haven_traj *t);

/* "  name   value +- err [lo, hi] unit" */
void st_print_quantity(FILE *out, const char *name, double v, double e, double lo, double hi,
                       const char *unit);
/* A CSV file DIR/NAME in an output set; NULL (reported) on failure. */
FILE *st_csv_open(cli_outset *outset, const char *dir, const char *name);

/* The --plot/--report step of a structure command: the figure built by
 * make(ctx) (only when one is wanted) written with --plot, and with
 * --report a page titled "haven CMD: FILE" over the FILEs, filled by
 * fill(r, ctx) and followed by the figure. CLI_OK or CLI_FAIL (reported). */
typedef fig *(*st_figure_fn)(const void *ctx);
int st_fig_outputs(const st_common *c, const char *cmd, st_figure_fn make, cli_report_fill_fn fill,
                   const void *ctx);
/* Report rows for an estimate scaled to display units. */
void st_report_estimate(cli_report *r, const char *name, haven_estimate e, double scale,
                        const char *unit);

#endif
