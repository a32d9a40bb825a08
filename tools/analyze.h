/* haven analyze: the whole transport summary for one or more trajectories. */
#ifndef HAVEN_TOOLS_ANALYZE_H
#define HAVEN_TOOLS_ANALYZE_H

#include "haven/arrhenius.h"
#include "haven/transport.h"
#include "json.h"
#include "run_analysis.h"

typedef struct {
    run_opts run;
    const char *charges;      /* "Li=1,Cl=-1" */
    const char *temperatures; /* "900,1000" (one per file) or NULL */
    const char *frame;        /* species held at rest for a second frame, or NULL */
    double at_T;              /* K, extrapolation temperature (300) */
    double nu0;               /* Hz, attempt frequency (0: no entropy) */
    double jump;              /* m, jump distance */
    double corr_f;            /* correlation factor f for the entropy (1) */
    int arrhenius_only;       /* `haven arrhenius`: print only the series fit */
    int include_nondiffusive; /* non-diffusive species also in sigma_NE, t_ideal, H_R */
} analyze_opts;

typedef struct {
    run_result run;
    double T;             /* K */
    const char *T_source; /* "velocities", "file", "option" */
    double *charge;       /* per analysed species, e */
    double *count;
    haven_dfit_result *tracer;
    haven_conductivity bary; /* barycentric frame */
    haven_conductivity framed;
    int frame_index; /* species index of the frame, -1 none */
    haven_green_kubo gk;
    int have_gk;
    haven_tensor *dtensor; /* per species, m^2/s */
} analyze_run;

/* Arrhenius fits across runs (>= 3 temperatures). */
typedef struct {
    int ok;
    char note[160];
    haven_arrhenius_result sigma;                            /* ln(sigma T) */
    double sigma_at, sigma_at_err, sigma_at_lo, sigma_at_hi; /* S/m at at_T */
    int have_vft;
    haven_vft_result vft;
    size_t n_species;
    const analyze_run *first;  /* species names come from the first run */
    haven_arrhenius_result *D; /* ln D per species */
    double (*D_at)[4];         /* value, err, lo, hi (m^2/s) */
    int have_entropy;
    double dS, dS_err; /* J/K */
    double haven_ratio_mean;
} analyze_series;

int analyze_file(const analyze_opts *o, const char *path, size_t index, analyze_run *r);
void analyze_run_free(analyze_run *r);
haven_estimate analyze_msd_D(const analyze_run *r, size_t a);
int analyze_fit_series(const analyze_opts *o, const analyze_run *runs, size_t n, analyze_series *s);
void analyze_series_free(analyze_series *s);

void analyze_json_run(json_writer *w, const analyze_run *r);
void analyze_json_series(json_writer *w, const analyze_opts *o, const analyze_series *s);
void analyze_table_run(FILE *out, const analyze_run *r);
void analyze_table_series(FILE *out, const analyze_opts *o, const analyze_series *s);

#endif
