/* haven diffusion --region: D* of each species while inside a region
 * (haven/regions.h). */
#ifndef HAVEN_TOOLS_REGION_CLI_H
#define HAVEN_TOOLS_REGION_CLI_H

#include "run_opts.h"

extern const char region_cli_help[];
/* The region analysis of every file and species of o; output as o asks.
 * With charges (haven analyze): also the Nernst-Einstein conductivity of
 * the ions in the region, at T[k] for file k (nT of them; else the file's). */
int region_cli_run(const run_opts *o, const char *spec, const char *charges, const double *T,
                   size_t nT);

#endif
