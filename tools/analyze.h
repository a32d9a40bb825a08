/* haven analyze: tables of the transport summary (the numbers come from
 * the library's job, haven/analysis.h). */
#ifndef HAVEN_TOOLS_ANALYZE_H
#define HAVEN_TOOLS_ANALYZE_H

#include "haven/analysis.h"

#include <stdio.h>

void analyze_table_run(FILE *out, const haven_run_result *r);
void analyze_table_series(FILE *out, const haven_series_result *s, const haven_run_result *first);

#endif
