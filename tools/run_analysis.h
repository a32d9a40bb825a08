/* One trajectory through the pipeline: open, load, MSD, diffusion fits. */
#ifndef HAVEN_TOOLS_RUN_ANALYSIS_H
#define HAVEN_TOOLS_RUN_ANALYSIS_H

#include "haven/diffusion.h"
#include "haven/msd.h"
#include "run_opts.h"

typedef struct {
    char name[16];
    int index; /* species index in the file */
    size_t n_atoms;
    double mass; /* kg per atom */
    haven_msd msd;
    haven_dfit_result fit;         /* from |dr|^2, dims 3 */
    haven_dfit_result fit_axis[3]; /* from dx^2, dy^2, dz^2, dims 1 */
    int fit_ok;
    char fit_error[256];
} run_species;

typedef struct {
    const char *path;
    const char *format;
    size_t n_atoms;
    haven_load_info info;
    size_t n_species; /* species analysed (groups) */
    run_species *sp;
    int have_collective;
    haven_msd_collective coll; /* groups = the analysed species, in order */
    size_t n_segments;         /* files read as consecutive segments of this run */
} run_result;

/* all_species: analyse every species (needed for conductivity) regardless of
 * --species; collective: also the collective correlations. Returns 0 on
 * success; on failure prints the reason and returns CLI_FAIL. */
int run_analyse_file(const run_opts *o, const char *path, int all_species, int collective,
                     run_result *r);
/* Several files as consecutive segments of one run (--continue). */
int run_analyse_segments(const run_opts *o, const char *const *paths, size_t n_seg, int all_species,
                         int collective, run_result *r);
void run_result_free(run_result *r);

#endif
