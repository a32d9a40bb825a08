/* haven analyze: tables of the transport summary (the numbers come from
 * the library's job, haven/analysis.h). */
#ifndef HAVEN_TOOLS_ANALYZE_H
#define HAVEN_TOOLS_ANALYZE_H

#include "haven/analysis.h"

#include <stdio.h>

void analyze_table_run(FILE *out, const haven_run_result *r);
void analyze_table_series(FILE *out, const haven_series_result *s, const haven_run_result *first);
/* The runs as points of the series, sorted by T: sigma, H_R and each D*
 * with their errors (table; CSV with the 95% intervals and the file). */
void analyze_table_temperatures(FILE *out, const haven_analysis *a);
int analyze_csv_temperatures(FILE *out, const haven_analysis *a);

#endif
