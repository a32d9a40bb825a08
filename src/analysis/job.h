/* Internal: the pieces of a job (src/analysis/), shared between its files. */
#ifndef HAVEN_SRC_ANALYSIS_JOB_H
#define HAVEN_SRC_ANALYSIS_JOB_H

#include "haven/analysis.h"
#include "core/json.h"

/* One run through the pipeline: load (segments of one run when n_seg > 1),
 * MSD of the species (all of them with all_species, else opt->species),
 * with the collective correlations when asked, then D* of every species. */
haven_status haven_job_run(const haven_analysis_options *o, haven_traj *const *t, size_t n_seg,
                           int all_species, int collective, haven_run_result *r);
void haven_job_run_clear(haven_run_result *r);

/* analyze: charges, temperature (index: the run's place in the inputs),
 * conductivities, tensors and Green-Kubo of a run from haven_job_run. */
haven_status haven_job_transport(const haven_analysis_options *o, size_t index,
                                 haven_run_result *r);

/* Across temperatures: Arrhenius/VFT fits and the entropy. */
haven_status haven_job_series(const haven_analysis_options *o, const haven_run_result *runs,
                              size_t n, haven_series_result *s);
void haven_job_series_clear(haven_series_result *s);
/* Warn when an Arrhenius fit's points scatter more than their errors (the
 * errors were widened by the Birge ratio). */
void haven_job_arrhenius_warning(const char *what, const haven_arrhenius_result *a);

/* An Arrhenius fit's "Ea" (eV), "prefactor" (exp(lnA) x pre_scale, in
 * pre_unit), "chi2", "aic" and "bic" into the open JSON object. */
void haven_job_json_arrhenius_fit(haven_json_writer *w, const haven_arrhenius_result *f,
                                  double pre_scale, const char *pre_unit);

/* pool: every species of the first run across all runs; with_sigma adds
 * the runs' sigma. */
haven_status haven_job_pool(const haven_analysis_options *o, const haven_run_result *runs, size_t n,
                            int with_sigma, haven_pool_result *p);
void haven_job_pool_clear(haven_pool_result *p);

/* Fit options from the window options. */
void haven_job_fit_options(const haven_analysis_options *o, haven_dfit_options *fo);

#endif
