/* --pool: the files as independent runs of one state point. */
#ifndef HAVEN_TOOLS_POOL_H
#define HAVEN_TOOLS_POOL_H

#include "json.h"
#include "haven/transport.h"
#include "run_analysis.h"

#include <stdio.h>

typedef struct {
    size_t n_species;
    char (*name)[16];
    haven_dfit_pool *fit;      /* per species */
    int have_sigma;            /* analyze: the runs' sigma pooled */
    haven_estimate_pool sigma; /* S/m */
} pool_result;

/* Pool every species of the first run across all runs (each run must hold
 * it). Returns CLI_OK or prints the reason. */
int pool_runs(const run_opts *o, const run_result *const *res, size_t n_runs, pool_result *out);
void pool_result_free(pool_result *p);
void pool_print_table(FILE *out, const pool_result *p);
void pool_json(json_writer *w, const pool_result *p);
void pool_warnings(const pool_result *p);

#endif
