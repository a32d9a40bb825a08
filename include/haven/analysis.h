/* haven analysis: the whole jobs of `haven diffusion`, `haven analyze` and
 * `haven arrhenius` as library calls.
 *
 * A job takes trajectories (file paths, or haven_traj handles, e.g. from
 * haven_traj_from_arrays) and returns one haven_analysis with every number
 * the command line prints: per run the tracer MSD and D* of each species
 * (GLS, haven/diffusion.h), and for `analyze` the conductivity, Haven ratio,
 * transference numbers, Onsager coefficients, tensors and Green-Kubo values
 * (haven/transport.h); across runs a pooled estimate (pool) or, with three or
 * more temperatures, Arrhenius/VFT fits with extrapolation and the
 * activation entropy of the hopping model. The policies (fit windows, error
 * widening, which species enter which sum) are the library's, so a C
 * caller, the Python package and the CLI get the same answer; the CLI only
 * turns argv into haven_analysis_options and the result into tables, JSON
 * (haven_analysis_json) and CSV.
 *
 * Units: SI throughout the structs (m^2/s, S/m, K, s, J); the JSON document
 * is the CLI's (cm^2/s, mS/cm, ps, eV), with the unit named in every
 * quantity.
 *
 * Ownership: a haven_analysis owns everything reachable from it; free it
 * with haven_analysis_free. Strings returned by accessors live as long as
 * the result.
 *
 * Thread safety: every function here may be called concurrently on
 * different results and options; one result may be read by several threads
 * at once (nothing in it changes after the job returns). Progress callbacks
 * are called on the calling thread, or on OpenMP workers inside the MSD. */
#ifndef HAVEN_ANALYSIS_H
#define HAVEN_ANALYSIS_H

#include "haven/arrhenius.h"
#include "haven/diffusion.h"
#include "haven/msd.h"
#include "haven/series.h"
#include "haven/traj.h"
#include "haven/transport.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Which job: the subcommand of the same name. */
typedef enum {
    HAVEN_JOB_DIFFUSION = 0, /* D* per species per run (haven diffusion) */
    HAVEN_JOB_ANALYZE,       /* the transport summary (haven analyze); needs charges */
    HAVEN_JOB_ARRHENIUS      /* analyze, then the temperature series is required */
} haven_job;

/* Progress (haven_progress_fn, haven/core.h): stage "load" (done = frames
 * read, total 0) or "msd" (atoms done of total), for the run at `path`. */

/* Zero-initialised options (or haven_analysis_options_init) mean the
 * defaults; every field is named like the CLI option it stands for. */
typedef struct {
    haven_traj_options traj; /* --format, --types, --timestep, --stride (file inputs) */
    const char *species;     /* --species "Li,Na": species to analyse; NULL: all */
    const char *drift;       /* --drift: "system" (NULL), "none" or a species list */
    size_t max_bytes;        /* --max-memory: bytes for held positions (0: half the RAM) */
    double start, end;       /* --start/--end: fit window in s, used when has_start/has_end */
    int has_start, has_end;  /* 0: automatic window (docs/diffusion.md) */
    int direct;              /* --method direct: O(T^2) MSD, for verification */
    int pool;                /* --pool: the inputs are independent runs of one state point */
    int cont;                /* --continue: the inputs are consecutive segments of one run */
    /* analyze / arrhenius */
    const char *charges;        /* --charges "Li=1,Cl=-1" (required); absent species neutral */
    const double *temperature;  /* --temperature: K, one per input (NULL: from the data) */
    size_t n_temperature;       /* entries in temperature (must equal the inputs) */
    const char *frame;          /* --frame: species held at rest for a second frame */
    double at;                  /* --at: extrapolation temperature, K (0: 300) */
    double nu0;                 /* --nu0: attempt frequency, Hz, with jump: the entropy */
    double jump;                /* --jump: jump distance, m */
    double corr_f;              /* --corr-f: correlation factor f (0: 1) */
    int include_nondiffusive;   /* --include-nondiffusive */
    haven_progress_fn progress; /* optional */
    void *progress_user;
    /* Several processes (haven/parallel.h, e.g. MPI ranks): each keeps
     * the paths of its share of the atoms and the MSD sums are added over
     * the processes, which all get the whole result. The self-diffusion
     * Green-Kubo (per-atom velocities) is then skipped, with a note. */
    const haven_partition *partition;
} haven_analysis_options;

/* One species of one run. */
typedef struct {
    char name[16];
    int index; /* species index in the file */
    size_t n_atoms;
    double mass;                   /* kg per atom */
    haven_msd msd;                 /* tracer MSD with its tensor and noise statistics */
    haven_dfit_result fit;         /* D* from |dr|^2 (dims 3) */
    haven_dfit_result fit_axis[3]; /* from dx^2, dy^2, dz^2 (dims 1), on fit's window */
    int fit_ok;                    /* 0: fit_error says why (analyze fails then; diffusion
                                      reports it) */
    char fit_error[256];
} haven_species_result;

/* One run (a file, or the segments of one run with cont). The transport part
 * is filled by HAVEN_JOB_ANALYZE / _ARRHENIUS only. */
typedef struct {
    char *path; /* the first file, or the name given to an in-memory trajectory */
    const char *format;
    size_t n_atoms;
    size_t n_segments;
    haven_load_info info; /* frames, interval, volume, temperature, velocities */
    size_t n_species;     /* species analysed, in file order */
    haven_species_result *sp;
    int have_collective;
    haven_msd_collective coll; /* groups = the analysed species */
    /* transport */
    double T;                  /* K, the temperature used */
    const char *T_source;      /* "velocities", "file" or "option" */
    double *charge;            /* per species, e */
    double *count;             /* per species, atoms */
    haven_dfit_result *tracer; /* copies of sp[a].fit, as the transport sums take them */
    haven_conductivity bary;   /* barycentric frame */
    haven_conductivity framed; /* with opt.frame: that species at rest */
    int frame_index;           /* species index of the frame, -1 none */
    haven_green_kubo gk;       /* with velocities in the file */
    int have_gk;
    haven_tensor *dtensor; /* per species, m^2/s */
} haven_run_result;

/* Across temperatures (analyze with several runs, arrhenius). */
typedef struct {
    int ok; /* 0: note says why there is no series (e.g. < 3 temperatures) */
    char note[160];
    double at;                    /* K, the extrapolation temperature */
    haven_arrhenius_result sigma; /* ln(sigma T) against 1/kT */
    haven_estimate sigma_at;      /* S/m at `at` */
    int have_vft;
    haven_vft_result vft;
    size_t n_species;
    haven_arrhenius_result *D; /* ln D* per species (NAN for a species not diffusing everywhere) */
    haven_estimate *D_at;      /* m^2/s at `at` */
    int have_entropy;
    haven_estimate dS;       /* J/K, activation entropy (stderr; 95% normal) */
    double corr_f;           /* f used */
    double haven_ratio_mean; /* mean H_R over the runs, used in dS */
} haven_series_result;

/* Several runs of one state point (pool). */
typedef struct {
    size_t n_species;
    char (*name)[16];
    haven_dfit_pool *fit;      /* per species */
    int have_sigma;            /* analyze: the runs' sigma pooled */
    haven_estimate_pool sigma; /* S/m */
} haven_pool_result;

typedef struct {
    haven_job job;
    size_t n_runs;
    haven_run_result *runs;
    int have_series; /* analyze with several runs (not pool), or arrhenius */
    haven_series_result series;
    int have_pool;
    haven_pool_result pool;
} haven_analysis;

/* Defaults: all species, drift of the whole system, automatic window, FFT,
 * at = 300 K, f = 1. Thread-safe. */
HAVEN_API void haven_analysis_options_init(haven_analysis_options *opt);

/* The options against each other and the number of inputs (--pool with
 * --continue, --charges syntax, one temperature per input, ...), before any
 * work; the run calls it too. HAVEN_ERR_ARG with the reason. Thread-safe. */
HAVEN_API haven_status haven_analysis_check(haven_job job, size_t n,
                                            const haven_analysis_options *opt);
/* Run a job on n files. Each file is one run (pool: independent runs of
 * one state point; cont: segments of one run, giving one run). On failure
 * *out is NULL and haven_last_error() names the file and the reason. */
HAVEN_API haven_status haven_analysis_run_files(haven_job job, const char *const *paths, size_t n,
                                                const haven_analysis_options *opt,
                                                haven_analysis **out);
/* The same on open trajectories (read from their current position; the
 * handles stay the caller's and are left at their end). opt->traj is not
 * used: the handles were opened with their own options. */
HAVEN_API haven_status haven_analysis_run_trajs(haven_job job, haven_traj *const *trajs, size_t n,
                                                const haven_analysis_options *opt,
                                                haven_analysis **out);
HAVEN_API void haven_analysis_free(haven_analysis *a);

/* The CLI's --json document for this result (the same bytes `haven
 * diffusion|analyze|arrhenius --json` prints), as a new NUL-terminated
 * string; free it with haven_free. */
HAVEN_API haven_status haven_analysis_json(const haven_analysis *a, char **json);
/* The same with conductivities and D in the given units (NULL: the default,
 * mS/cm and cm^2/s; haven/core.h). Every "unit" names them; keys that carry
 * a unit in their name (stderr_model_cm2_s) keep it. */
HAVEN_API haven_status haven_analysis_json_units(const haven_analysis *a, const haven_units *units,
                                                 char **json);
/* Free memory the library allocated for the caller (JSON strings). */
HAVEN_API void haven_free(void *p);

/* Accessors for bindings that do not mirror the structs (the Python
 * package). The pointers are the result's own (valid until
 * haven_analysis_free). HAVEN_ERR_ARG when run or species is out of range. */
HAVEN_API size_t haven_analysis_n_runs(const haven_analysis *a);
/* The tracer MSD of species `name` in run `run`. */
HAVEN_API haven_status haven_analysis_msd(const haven_analysis *a, size_t run, const char *name,
                                          const haven_msd **msd);
/* Green-Kubo running integral sigma(k dt) (S/m, k < *n, *dt s apart) of run
 * `run`; *n = 0 when the run has none. */
HAVEN_API haven_status haven_analysis_gk_running(const haven_analysis *a, size_t run,
                                                 const double **sigma, size_t *n, double *dt);

/* Parse a charge list "Li=1,Cl=-1": the charge of `name` (0 and *found = 0
 * when absent). HAVEN_ERR_ARG on a malformed list. Thread-safe. */
HAVEN_API haven_status haven_charge_lookup(const char *list, const char *name, double *charge,
                                           int *found);
/* Is species `name` in the comma list (NULL selects every species)? */
HAVEN_API int haven_species_selected(const char *list, const char *name);

#ifdef __cplusplus
}
#endif
#endif
