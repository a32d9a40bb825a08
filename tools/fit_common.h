/* Shared pieces of the `haven fit MODEL` subcommands: option parsing,
 * loading data columns, and printing a haven_fit_result as a table or JSON. */
#ifndef HAVEN_TOOLS_FIT_COMMON_H
#define HAVEN_TOOLS_FIT_COMMON_H

#include "figure_cli.h"
#include "json.h"

#include "fit/columns.h"

#include "haven/fit.h"

#include <stdio.h>

/* One data file loaded as x, y and optional err (NULL if the file has two columns). */
typedef struct {
    size_t n;
    double *x, *y, *err;
} fit_table;

/* Options every model accepts. */
typedef struct {
    int json;
    const char *csv;         /* curve output file, or NULL */
    const char *data;        /* positional DATA file, or NULL */
    double x_scale, y_scale; /* unit conversion of the data columns to SI */
    cli_fig_opts fig;        /* --plot, --plot-format, --report */
} fit_cli;

/* How a model's data are drawn: the abscissa (the data's x, or a function
 * of it such as the b-value of a gradient or 1000/T), divided by x_unit for
 * display, and the ordinate divided by y_unit. */
typedef struct {
    const char *xlabel, *ylabel; /* with the display units */
    double x_unit, y_unit;       /* SI value of one display unit (0: 1) */
    int xlog, ylog;
    double (*x_of)(double x, const void *opts); /* NULL: x itself */
} fit_plot_axes;

/* A data-fitting model's command-line shape; fit_run_model drives it. */
typedef struct {
    const char *name;
    const char *help; /* full --help text */
    /* Model option argv[*i]: 1 consumed, 0 unknown, -1 usage error (reported). */
    int (*option)(int argc, char **argv, int *i, void *opts);
    /* Check options after parsing: CLI_OK or CLI_USAGE (reported). */
    int (*check)(void *opts);
    haven_status (*fit)(const fit_table *t, const void *opts, haven_fit_result *r);
    /* Fitted curve at x (SI), for --csv. */
    double (*predict)(double x, const haven_fit_result *r, const void *opts);
    /* Extra quantities derived from the fit (may be NULL). */
    void (*derived_table)(const haven_fit_result *r, const void *opts);
    void (*derived_json)(json_writer *w, const haven_fit_result *r, const void *opts);
    fit_plot_axes axes; /* for --plot and --report */
} fit_model_cli;

/* The figure of a data fit: data with error bars, the fitted curve with its
 * 95% confidence band (delta method on the parameters' covariance), and the
 * residuals (tools/fit_plot.c). NULL when out of memory. */
fig *fit_figure(const fit_model_cli *m, const fit_table *t, const haven_fit_result *r,
                const void *opts);
/* The report of a data fit: parameters, fit statistics, method. */
void fit_report_result(cli_report *rep, const char *model, const char *file,
                       const haven_fit_result *r);

/* Parse, load, fit, print. opts must start with a fit_cli member. */
int fit_run_model(const fit_model_cli *m, int argc, char **argv, void *opts);

/* If argv[*i] is a common option, consume it (and its value) and return 1;
 * return 0 if not common, -1 on a usage error (already reported). */
int fit_common_option(int argc, char **argv, int *i, fit_cli *c);
/* Value of option argv[*i] (advances *i); NULL with an error if missing. */
const char *fit_option_value(int argc, char **argv, int *i);
/* Parse "VALUE" or "VALUE:ERR" (both finite); err 0 when absent. */
int fit_parse_value_err(const char *s, double *value, double *err);
/* Parse a number option with a unit factor; reports "--name: expected ..." on failure. */
int fit_parse_number(const char *opt, const char *s, double *out);

/* The option loop of the calculators (models without a data file): --help
 * prints `help`, --json sets *json, and "KEY VALUE" for each of the n_keys
 * keys is handed to set(k, value, ctx), which reports its own errors and
 * returns non-zero on a bad value. Bit k of *seen marks key k as given.
 * Returns CLI_OK, CLI_USAGE, or -1 after printing the help. */
typedef int (*fit_calc_set_fn)(int k, const char *value, void *ctx);
int fit_calc_options(int argc, char **argv, const char *cmd, const char *help,
                     const char *const *keys, int n_keys, fit_calc_set_fn set, void *ctx, int *json,
                     int *seen);

/* Seconds per unit for "s", "ms", "us", "ns", "ps"; -1 with an error otherwise. */
int fit_parse_time_unit(const char *opt, const char *s, double *seconds);

/* Load DATA with 2 or 3 columns (x, y, [err]); x and y scaled by factors. */
int fit_table_load(const char *path, double x_scale, double y_scale, fit_table *t);
void fit_table_free(fit_table *t);
/* The same from columns already read, 2 or 3 of them. */
int fit_table_from_columns(const fit_columns *c, double x_scale, double y_scale, fit_table *t);

/* Human table of all parameters (value, stderr, 95% interval, unit) and the
 * fit statistics. */
void fit_print_table(FILE *out, const haven_fit_result *r);
/* Start the JSON document: {"model", "file", "n_points", "weighted", "parameters": {...}, ...}.
 * The caller may add derived quantities, then calls fit_json_end. */
void fit_json_begin(json_writer *w, const char *model, const char *file, const haven_fit_result *r);
void fit_json_end(json_writer *w, const haven_fit_result *r);
/* One line "name  value  stderr  [lo, hi]  unit" in the table layout. */
void fit_print_quantity(FILE *out, const char *name, double v, double e, double lo, double hi,
                        const char *unit);

/* Write columns to path atomically: header line then rows of n values. */
int fit_write_csv(const char *path, const char *header, size_t rows, size_t cols,
                  void (*row)(size_t i, double *vals, const void *ctx), const void *ctx);

/* The models, one file each (tools/fit_<model>.c); argv[0] is the model name. */
int fit_cmd_arrhenius(int argc, char **argv);
int fit_cmd_vft(int argc, char **argv);
int fit_cmd_pfg(int argc, char **argv);
int fit_cmd_nernst_einstein(int argc, char **argv);
int fit_cmd_bruce_vincent(int argc, char **argv);
int fit_cmd_bpp(int argc, char **argv);
int fit_cmd_exsy(int argc, char **argv);
int fit_cmd_kww(int argc, char **argv);
int fit_cmd_hopping(int argc, char **argv);
/* The --current form of bruce-vincent (tools/fit_bv_trace.c); help is the command's. */
int fit_bruce_vincent_trace(int argc, char **argv, const char *help);

#endif
