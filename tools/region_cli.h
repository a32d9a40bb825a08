/* haven diffusion --region: D* of each species while inside a region
 * (haven/regions.h). */
#ifndef HAVEN_TOOLS_REGION_CLI_H
#define HAVEN_TOOLS_REGION_CLI_H

#include "run_opts.h"

extern const char region_cli_help[];
/* The region analysis of every file and species of o; output as o asks. */
int region_cli_run(const run_opts *o, const char *spec);

#endif
