/* Shared output pieces for trajectory results: units, JSON blocks, CSV. */
#ifndef HAVEN_TOOLS_REPORT_H
#define HAVEN_TOOLS_REPORT_H

#include "cli.h"
#include "json.h"
#include "run_analysis.h"

/* Units printed by the CLI. */
#define CM2_PER_M2 1e4
#define A2_PER_M2 1e20
#define PS_PER_S 1e12

/* Reports are written only after every species' fit succeeded (the
 * commands fail the run otherwise), so they assume fitted species. */

/* The file-level fields (file, format, atoms, frames, interval, temperature). */
void report_json_run_header(json_writer *w, const run_result *r);
/* One species' diffusion block: name, n_atoms, D, D_ols, D_x/y/z, fit. */
void report_json_species(json_writer *w, const run_species *s);
/* Human header line for a file. */
void report_table_header(FILE *out, const run_result *r);
/* Human table of D* per species. */
void report_table_diffusion(FILE *out, const run_result *r);
/* Warnings of every species' fit to stderr. */
void report_fit_warnings(const run_result *r);
/* MSD curves: DIR/<file base>_<species>_msd.csv, written into set (the
 * caller commits the set once everything succeeded). Returns 0 or
 * CLI_FAIL. */
int report_write_csv(const char *dir, const run_result *r, cli_outset *set);

#endif
