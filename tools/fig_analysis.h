/* Figures and HTML report of the trajectory jobs (diffusion, analyze,
 * arrhenius), built from the library's haven_analysis. */
#ifndef HAVEN_TOOLS_FIG_ANALYSIS_H
#define HAVEN_TOOLS_FIG_ANALYSIS_H

#include "figure_cli.h"
#include "haven/analysis.h"

/* Per run: the tracer MSD (linear, log-log, local slope) and, for analyze,
 * the conductivity (charge-displacement MSD, Green-Kubo, principal values);
 * across temperatures, the Arrhenius plots. -1 when out of memory. */
int analysis_figures(const haven_analysis *a, fig_set *set);

/* Results, warnings and methods of a into the report. */
void analysis_report(cli_report *r, const haven_analysis *a);

/* --plot / --report of a job: figures and report written, or -1 (reported).
 * paths: the input files (listed with their SHA-256). */
int analysis_outputs(const cli_fig_opts *o, const char *command, const char *const *paths,
                     size_t n_paths, const haven_analysis *a);

#endif
