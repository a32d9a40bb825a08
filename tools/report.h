/* Shared output pieces for trajectory results: units, JSON blocks, CSV. */
#ifndef HAVEN_TOOLS_REPORT_H
#define HAVEN_TOOLS_REPORT_H

#include "cli.h"
#include "haven/analysis.h"

#include "core/units.h" /* units printed by the CLI */

/* Reports are written only after every species' fit succeeded (the
 * commands fail the run otherwise), so they assume fitted species. The JSON
 * document is the library's (haven_analysis_json). */

/* The library's JSON document on stdout. Returns CLI_OK or CLI_FAIL. */
int report_print_json(const haven_analysis *a);
/* Human header line for a file. */
void report_table_header(FILE *out, const haven_run_result *r);
/* Human table of D* per species. */
void report_table_diffusion(FILE *out, const haven_run_result *r);
/* Warnings of every species' fit to stderr. */
void report_fit_warnings(const haven_run_result *r);
/* MSD curves: DIR/<file base>_<species>_msd.csv, written into set (the
 * caller commits the set once everything succeeded). Returns 0 or
 * CLI_FAIL. */
int report_write_csv(const char *dir, const haven_run_result *r, cli_outset *set);

#endif
