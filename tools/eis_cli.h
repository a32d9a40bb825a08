/* Pieces shared by the `haven eis` subcommands (tools/cmd_eis.c,
 * tools/eis_analyse.c). */
#ifndef HAVEN_TOOLS_EIS_CLI_H
#define HAVEN_TOOLS_EIS_CLI_H

#include "figure_cli.h"
#include "haven/eis.h"
#include "json.h"

typedef struct {
    const char *format;          /* --format */
    haven_eis_sign sign;         /* --sign */
    int json;                    /* --json */
    const char *csv;             /* --csv FILE */
    double thickness_m, area_m2; /* --thickness CM, --area CM2 */
    const char *circuit;         /* --circuit */
    const char *initial;         /* --initial NAME=V,... */
    const char *fixed;           /* --fixed NAME=V,... */
    haven_eis_weight weight;
    long starts;              /* --starts */
    const char *temperatures; /* --temperatures T1,T2,... */
    int arrhenius_power;      /* --arrhenius-power */
    double kk_threshold;      /* --kk-threshold */
    double lambda;            /* drt: --lambda (0: chosen by lambda_method) */
    int lambda_method;        /* drt: --lambda-method, a haven_eis_drt_method (-1: default) */
    int order;                /* drt: --order (0: default) */
    int inductance;           /* drt: --inductance 1, --no-inductance -1, 0 auto */
    long per_decade;          /* drt: --per-decade (0: default) */
    haven_eis_prep_options prep; /* --fmin, --fmax, --drop-inductive, --kk-exclude */
    double kk_c;                 /* --c (0: 0.85) */
    long kk_max_m;               /* --max-m (0: 50) */
    int kk_rule;                 /* --kk-rule last|first, a haven_eis_linkk_rule */
    const char *bounds;          /* --bounds NAME=LO:HI,... */
    const char *assign;          /* --assign R1=bulk,... */
    int keep_order;              /* --keep-order */
    const char *save_model;      /* fit: --save-model FILE */
    const char *model;           /* predict: --model FILE */
    const char *freq;            /* predict: --freq F1,F2,... */
    const char *freq_range;      /* predict: --freq-range LO:HI:N */
    cli_fig_opts fig;            /* --plot, --plot-format, --report */
    char **files;
    int n_files;
} eis_cli_opts;

/* Parse options after the sub-subcommand; returns CLI_OK or CLI_USAGE. */
int eis_cli_parse(int argc, char **argv, eis_cli_opts *o);
/* Read and preprocess (--fmin/--fmax/--drop-inductive/--kk-exclude, with a
 * note on stderr of what was dropped). */
int eis_cli_read(const char *path, const eis_cli_opts *o, haven_eis_data *d);
/* Lin-KK options from --c, --max-m, --kk-rule, --kk-threshold. */
haven_eis_linkk_options eis_cli_linkk_options(const eis_cli_opts *o);
/* Parse --circuit: CLI_USAGE for a bad string, CLI_FAIL when out of memory. */
int eis_cli_circuit(const eis_cli_opts *o, haven_eis_circuit **c);

/* The options as the library's (haven_eis_fit_job, haven_eis_batch). */
haven_eis_job_options eis_cli_job_options(const eis_cli_opts *o);
/* Fit with the options' circuit, initial and fixed values; prints errors.
 * status (may be NULL) receives haven_eis_fit's. */
int eis_cli_fit(const eis_cli_opts *o, const haven_eis_circuit *c, const haven_eis_data *d,
                const double *extra_start, haven_eis_fit_result *r, haven_status *status);

/* A conductivity with its 95% interval (haven_eis_conductivities's) in the CLI's
 * unit, cli_sigma_unit (mS/cm unless --units). */
typedef struct {
    double value, stderr_, lo, hi;
    int valid;
} eis_sigma;
/* Arcs of a fit, classified by capacitance and then by --assign; rc
 * receives CLI_USAGE (message printed) for a bad --assign. */
size_t eis_cli_arcs(const eis_cli_opts *o, const haven_eis_circuit *c,
                    const haven_eis_fit_result *f, haven_eis_arc *arcs, size_t max, int *rc);
void eis_cli_json_arcs(json_writer *w, const eis_cli_opts *o, const haven_eis_circuit *c,
                       const haven_eis_fit_result *r);
/* sigma_bulk, sigma_gb, sigma_total from the arcs of a fit; CLI_USAGE for a
 * bad --assign. */
int eis_cli_conductivities(const eis_cli_opts *o, const haven_eis_circuit *c,
                           const haven_eis_fit_result *f, eis_sigma s[3]);

/* "R0=10,CPE1_1=0.9" into values and flags; 0 on success (errors printed). */
int eis_cli_assignments(const char *s, const haven_eis_circuit *c, double *val, int *set);
/* Write the fitted model as JSON (atomically). */
int eis_cli_save_model(const char *path, const haven_eis_circuit *c, const haven_eis_fit_result *r);

int eis_cmd_linkk(const eis_cli_opts *o);
int eis_cmd_predict(const eis_cli_opts *o);
int eis_cmd_batch(const eis_cli_opts *o);
int eis_cmd_drt(const eis_cli_opts *o);

#endif
