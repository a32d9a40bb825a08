/* haven kmc: rejection-free lattice kinetic Monte Carlo of ion hopping.
 *
 * Ions hop between nearest-neighbour sites of a periodic lattice with site
 * exclusion. The rate of a hop i -> j of an ion of charge q is
 *     k = nu0 exp(-E_b / kT),
 *     E_b = E_a + max(0, dE) - q F.d / 2,
 * where dE is the change of the configuration energy (site energies plus a
 * nearest-neighbour pair energy J per occupied pair), F the external field
 * and d the jump vector. Every term satisfies detailed balance.
 *
 * The engine is the residence-time (n-fold way) algorithm with a binary
 * sum tree over "carriers" (the ions, or the vacancies when they are
 * fewer), so event selection and each local update cost O(log n).
 *
 * Units are SI: lengths m, energies J, rates Hz, fields V/m, charges in
 * units of the elementary charge (dimensionless), D in m^2/s, sigma in S/m.
 *
 * Thread safety: every function may be called concurrently with any other
 * on different objects. A lattice is read-only after creation and may be
 * shared by any number of threads and runs; haven_kmc_run runs its replicas
 * in parallel with OpenMP (callers' threads may each run their own).
 * Each function's comment repeats what it touches. */
#ifndef HAVEN_KMC_H
#define HAVEN_KMC_H

#include "haven/arrhenius.h"
#include "haven/core.h"
#include "haven/parallel.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HAVEN_KMC_MAX_SPECIES 4
#define HAVEN_KMC_NAME_MAX 16
#define HAVEN_KMC_ENERGY_BINS 24

typedef struct haven_kmc_lattice haven_kmc_lattice;

/* Built-in lattice: "sc", "bcc", "fcc", "diamond" (3D, cubic cells) or
 * "square", "triangular", "honeycomb" (2D, one layer of thickness a).
 * `a` is the nearest-neighbour (jump) distance in m; cells[k] >= 1 unit
 * cells along each vector (cells[2] is ignored for 2D lattices). */
HAVEN_API haven_status haven_kmc_lattice_builtin(const char *name, const int cells[3], double a,
                                                 haven_kmc_lattice **out);
/* Lattice from a structure file of sites: VASP POSCAR/CONTCAR, or extended
 * XYZ with a Lattice= comment. Only atoms whose symbol equals site_label
 * are sites (NULL: all atoms). Neighbours are sites closer than cutoff (m).
 * The cell is repeated cells[0] x cells[1] x cells[2] times. */
HAVEN_API haven_status haven_kmc_lattice_from_file(const char *path, const char *site_label,
                                                   double cutoff, const int cells[3],
                                                   haven_kmc_lattice **out);
/* Both create a new lattice (thread-safe: no shared state; a file is only
 * read). Free accepts NULL; not while another thread uses the lattice. */
HAVEN_API void haven_kmc_lattice_free(haven_kmc_lattice *lat);
/* Read-only queries, thread-safe on a shared lattice. */
HAVEN_API size_t haven_kmc_lattice_n_sites(const haven_kmc_lattice *lat);
/* Largest number of neighbours of any site. */
HAVEN_API int haven_kmc_lattice_coordination(const haven_kmc_lattice *lat);
HAVEN_API int haven_kmc_lattice_dim(const haven_kmc_lattice *lat);
HAVEN_API double haven_kmc_lattice_volume(const haven_kmc_lattice *lat); /* m^3 */
/* Supercell vectors as rows, m. */
HAVEN_API void haven_kmc_lattice_cell(const haven_kmc_lattice *lat, double cell[3][3]);

typedef enum {
    HAVEN_KMC_DISORDER_NONE = 0,
    HAVEN_KMC_DISORDER_GAUSSIAN, /* E_i ~ N(0, width^2) */
    HAVEN_KMC_DISORDER_UNIFORM,  /* E_i uniform in [-width/2, width/2] */
    HAVEN_KMC_DISORDER_TABLE     /* E_i = site_energies[i] (same for every replica) */
} haven_kmc_disorder;

typedef struct {
    char name[HAVEN_KMC_NAME_MAX];
    double charge;   /* elementary charges */
    double fraction; /* share of all sites occupied by this species, 0..1 */
} haven_kmc_species;

/* Progress of a run: called with stage "equilibrate" (done = replicas
 * equilibrated of total), "measure" (grid steps measured, summed over the
 * replicas, of total: the replicas' steps of the current span) or "span"
 * (the span was doubled: done = measured hops so far per replica, total =
 * the limit), and by haven_kmc_sweep_run with stage "point" (points done of
 * total). Called on the caller's thread only (OpenMP thread 0: after each
 * replica equilibration or grid step it runs itself, with the counts of all
 * replicas, and once at each span's end), never from the hop loop; so the
 * callback needs no lock. The replicas' other threads only count. */
typedef void (*haven_kmc_progress_fn)(const char *stage, size_t done, size_t total, void *user);

/* A sink for the trajectory text (extended XYZ), given one whole frame at a
 * time; returns 0, or nonzero to fail the run (HAVEN_ERR_IO). Called from
 * the thread that runs replica 0. */
typedef int (*haven_kmc_write_fn)(const char *text, size_t len, void *user);

/* Run parameters. Zero-initialised (or haven_kmc_params_init) means the
 * defaults, given with each field. */
typedef struct {
    size_t n_species; /* 0: one species "Li", charge +1, at half filling */
    haven_kmc_species species[HAVEN_KMC_MAX_SPECIES];
    double nu0;         /* attempt frequency, Hz (0: 1e13) */
    double barrier;     /* E_a of a hop between equal sites, J (0: 0.3 eV unless has_barrier) */
    int has_barrier;    /* 1: barrier as given, also 0 (a flat landscape) */
    double interaction; /* nearest-neighbour pair energy J, J (> 0 repulsive; 0: none) */
    haven_kmc_disorder disorder;
    double disorder_width;       /* J */
    const double *site_energies; /* J, one per site, for HAVEN_KMC_DISORDER_TABLE */
    double field[3];             /* V/m; keep q|F|a/kT well below 1 */
    double temperature;          /* K (0: 300) */
    unsigned long seed;          /* replica r uses seed + r (0 is a seed like any other) */
    int n_replicas;              /* independent replicas (disorder realisations; 0: 8) */
    /* Hops per replica before measuring: 0 (the default): until the
     * occupation energy and the jump rate are stationary (MSER rule, see
     * docs/kmc.md), at least hops/10 and at most max_hops; > 0: exactly
     * this many; HAVEN_KMC_EQUIL_NONE (any value < 0): none. */
    long equil_hops;
    long hops; /* measured hops per replica (sets the first span; at least this many; 0: 1e6) */
    /* 0 (the default): automatic. The tracer block length and the
     * collective window length are chosen from the run, as the shortest at
     * which the MSD is linear within its error, and the run is doubled
     * (up to max_hops) until there is one. Otherwise n_blocks blocks per
     * replica for the tracer MSD and n_windows windows per block for the
     * collective MSD, both fixed (the old behaviour; a bias is warned of). */
    int n_blocks;
    int n_windows;
    long max_hops; /* automatic mode: most measured hops per replica (0: 64 x hops) */
    /* Optional trajectory of replica 0 (NULL: none): extended XYZ frames
     * every traj_interval seconds of simulated time, unwrapped positions,
     * written to "<trajectory>.tmp" and renamed to this path when the run
     * succeeds (removed when it fails: never a half-written file). */
    const char *trajectory;
    /* Or (instead of a path) frames handed to this sink, e.g. to a file the
     * caller replaces atomically with its own signal handling (the CLI). */
    haven_kmc_write_fn trajectory_write;
    void *trajectory_user;
    double traj_interval;
    /* Optional checkpoint: replica r saves its state to "<checkpoint>.<r>"
     * after every block; a run with the same parameters finds those files
     * and resumes from them, giving the same numbers as an uninterrupted
     * run. Binary files for this build only; not with a trajectory. */
    const char *checkpoint;
    /* With a checkpoint: measure at most this many new blocks per replica
     * in this call (0: no limit). Unfinished replicas make haven_kmc_run
     * return HAVEN_ERR_DATA ("resume from the checkpoint"), for runs split
     * into several jobs. */
    int max_blocks;
    /* Several processes (haven/parallel.h): replica r runs on process
     * r % size, the others receive its outputs, and every process gets the
     * result one process would (bit for bit, same seeds). NULL: all here. */
    const haven_partition *partition;
    haven_kmc_progress_fn progress; /* optional; see haven_kmc_progress_fn */
    void *progress_user;
} haven_kmc_params;

#define HAVEN_KMC_EQUIL_NONE (-1L)

/* The defaults written out, the same as a zeroed struct (one species "Li" (+1) at half filling, nu0
 * 1e13 Hz, E_a 0.3 eV, no disorder or interaction, 300 K, seed 0, 8 replicas, at least 10^6 hops,
 * equilibration, blocks and windows automatic). The CLI's default seed is 1. Thread-safe. */
HAVEN_API void haven_kmc_params_init(haven_kmc_params *p);

/* Every estimate is a mean with standard error and 95% interval (Student
 * t) over the independent units: replicas when n_replicas >= 2, else
 * blocks; its unit is named (SI). */
typedef struct {
    double temperature;                          /* K */
    int n_units;                                 /* replicas or blocks the error bars come from */
    haven_estimate D[HAVEN_KMC_MAX_SPECIES];     /* tracer D*, m^2/s */
    haven_estimate jump_rate[HAVEN_KMC_MAX_SPECIES]; /* jumps per ion per s */
    /* Charge-weighted over species (each ion weighted by q^2): */
    haven_estimate D_tracer;        /* sum N q^2 D* / sum N q^2, m^2/s */
    haven_estimate D_sigma;         /* collective D from <|sum q dr|^2>, m^2/s */
    haven_estimate correlation;     /* f = <dr^2> / sum of squared jumps */
    haven_estimate correlation_cos; /* (1+<cos>)/(1-<cos>), consecutive jumps */
    haven_estimate haven_ratio;     /* D_tracer / D_sigma */
    haven_estimate sigma;           /* Einstein, S/m */
    haven_estimate sigma_field;     /* drift under the field, S/m (NaN without field) */
    /* Relative bias of D* and f from blocks too short for the tracer MSD
     * to be linear: the MSD at blocks of l/4, l/2 and l gives its approach
     * to a straight line (a power law, or s t + b), extrapolated to
     * infinitely long blocks (0 within error when blocks are long enough). */
    haven_estimate block_bias;
    /* The same for D_sigma and sigma (Einstein) over the windows (NaN with
     * fewer than four windows). */
    haven_estimate window_bias;
    double block_time, window_time; /* lengths used for D* and D_sigma, s */
    double block_hops;              /* hops per ion in a block */
    /* Automatic mode: whether a block and window length with a linear MSD
     * were found (0: the longest was used and is warned of). */
    int blocks_settled, windows_settled;
    double measured_hops; /* per replica (after doublings) */
    double equil_hops;    /* per replica before measuring, mean over replicas */
    int equil_unsettled;  /* replicas whose equilibration hit its limit */
    double jumps;   /* total measured hops, all replicas */
    double elapsed; /* wall seconds of the run */
    /* Time-averaged occupation vs site energy (n_bins = 0 without disorder). */
    int n_bins;
    double bin_energy[HAVEN_KMC_ENERGY_BINS];     /* bin centre, J */
    double bin_sites[HAVEN_KMC_ENERGY_BINS];      /* sites in the bin, all replicas */
    double bin_occupation[HAVEN_KMC_ENERGY_BINS]; /* mean occupancy 0..1 */
} haven_kmc_result;

/* Run all replicas at p->temperature and fill *res. Thread-safe: the
 * lattice and parameters are only read, *res is the caller's; concurrent
 * runs must not share a checkpoint or trajectory path. */
HAVEN_API haven_status haven_kmc_run(const haven_kmc_lattice *lat, const haven_kmc_params *p,
                                     haven_kmc_result *res);

/* Arrhenius fit of KMC estimates over a temperature sweep (n >= 3):
 * haven_arrhenius_fit of ln(y T^p) against 1/(kB T), p = 0 for D, 1 for
 * sigma T, weighted by the standard errors when every point has one
 * (else unweighted). Reentrant. */
HAVEN_API haven_status haven_kmc_activation(const double *T, const haven_estimate *y, size_t n,
                                            int temperature_power, haven_arrhenius_result *out);

/* Finite-size extrapolation over cell sizes: y = y_inf + a/N (N sites),
 * weighted by the standard errors; the errors widened by the Birge ratio
 * when more than two points scatter more than their errors say.
 * Reentrant. */
typedef struct {
    haven_estimate y_inf;     /* the value for an infinite cell */
    double slope, slope_err;  /* a, in units of y times sites */
    double chi2;
    size_t dof;
    double birge;
} haven_kmc_size_fit;
HAVEN_API haven_status haven_kmc_size_extrapolate(const double *n_sites, const haven_estimate *y,
                                                  size_t n, haven_kmc_size_fit *out);

/* ---- The job of `haven kmc`: a temperature or a finite-size sweep ---- *
 *
 * Builds the lattice, runs every temperature (or every cell size at one
 * temperature), and fits E_a over three or more temperatures (ln D* per
 * species and ln(sigma T), haven_kmc_activation: weighted, errors widened
 * by the Birge ratio) or y_inf + a/N over the sizes
 * (haven_kmc_size_extrapolate), warning on stderr's sink
 * (haven_set_warning_handler) where a fit's points scatter or a size's
 * shift exceeds its error. The CLI only turns argv into these options and
 * the result into its table, CSV and haven_kmc_sweep_json's document. */

/* Zero-initialised (or haven_kmc_sweep_options_init) means the defaults;
 * fields are named like the CLI options, in SI. */
typedef struct {
    const char *lattice;   /* --lattice: built-in name (NULL: "fcc") */
    const char *structure; /* --structure: sites from a POSCAR / extended XYZ file instead */
    const char *site;      /* --site: only atoms with this symbol are sites (NULL: all) */
    double cutoff;         /* --cutoff: neighbour cutoff with structure, m (required there) */
    double a;              /* --a: nearest-neighbour (jump) distance, m (0: 3 Angstrom) */
    int cells[3];          /* --cells AxBxC (0: 8 each; 1 each with structure) */
    /* --cells N1,N2,...: finite-size sweep over N x N x N cells at one
     * temperature (n_sizes >= 2; then cells is not used) */
    const int *sizes;
    size_t n_sizes;
    /* --occupancy: fraction of sites occupied (0: 0.5), shared equally by
     * the species of params whose fraction is < 0 (what their explicit
     * fractions leave), or the whole of it for the one default species */
    double occupancy;
    /* --disorder file:PATH: per-site energies (eV) read from this file
     * (params.disorder becomes HAVEN_KMC_DISORDER_TABLE). */
    const char *site_energy_file;
    const double *T; /* --T: temperatures, K (NULL: the one of params.temperature) */
    size_t n_T;
    /* Everything else (--species, --nu0, --Ea, ..., --seed): the run
     * parameters; temperature and site_energies are set per point. With
     * several temperatures and a checkpoint, temperature T uses the prefix
     * "<checkpoint>.T<T>"; a trajectory covers the first temperature. */
    haven_kmc_params params;
} haven_kmc_sweep_options;

HAVEN_API void haven_kmc_sweep_options_init(haven_kmc_sweep_options *o);

/* The result: plain data, freed by haven_kmc_sweep_free. */
typedef struct {
    haven_kmc_params params; /* as run: defaults filled in, species' fractions settled;
                                its pointers (site energies, paths) are NULL */
    char lattice[256];       /* built-in name, or the structure file */
    char disorder[300];      /* "none", "gaussian:W", "uniform:W" (eV) or "file:PATH" */
    double a;                /* m */
    int cells[3];            /* of the (last) lattice */
    size_t sites;            /* of the (last) lattice */
    int coordination, dimension;
    double volume; /* m^3, of the (last) lattice */
    size_t n_points;
    haven_kmc_result *point; /* per temperature, or per size */
    int size_sweep;          /* 1: the points are cell sizes */
    int size_cells[64];      /* size sweep: N of each point */
    double size_sites[64];   /* size sweep: sites of each point */
    /* >= 3 temperatures: E_a of D* per species and of sigma T (ok: fitted) */
    int have_activation;
    haven_arrhenius_result Ea_D[HAVEN_KMC_MAX_SPECIES];
    int Ea_D_ok[HAVEN_KMC_MAX_SPECIES];
    haven_arrhenius_result Ea_sigma;
    int Ea_sigma_ok;
    /* size sweep: y_inf + a/N of D* per species, then f, f (cos), D_sigma */
    size_t n_size_fits;
    haven_kmc_size_fit size_fit[HAVEN_KMC_MAX_SPECIES + 3];
    int size_fit_ok[HAVEN_KMC_MAX_SPECIES + 3];
    /* bit q of size_shifted[i]: at size i the fitted shift a/N of quantity q
     * exceeds its statistical error (warned of; use the extrapolated value) */
    unsigned size_shifted[64];
} haven_kmc_sweep;

/* Run the sweep; on failure *out is NULL and haven_last_error() says why.
 * Thread-safe (concurrent sweeps must not share checkpoint or trajectory
 * paths); the progress callback of o->params is also called with stage
 * "point" after each temperature or size. */
HAVEN_API haven_status haven_kmc_sweep_run(const haven_kmc_sweep_options *o, haven_kmc_sweep **out);
HAVEN_API void haven_kmc_sweep_free(haven_kmc_sweep *s);
/* Name of size-fit quantity q (the species' name for D*, then
 * "correlation_factor", "correlation_factor_cos", "D_sigma"). */
HAVEN_API const char *haven_kmc_sweep_size_name(const haven_kmc_sweep *s, size_t q);
/* The `haven kmc --json` document (docs/json-schema.md), a new string for
 * haven_free. Thread-safe. */
HAVEN_API haven_status haven_kmc_sweep_json(const haven_kmc_sweep *s, char **json);
/* The same in the display units given (NULL: mS/cm and cm^2/s), as
 * haven_analysis_json_units. Thread-safe. */
HAVEN_API haven_status haven_kmc_sweep_json_units(const haven_kmc_sweep *s, const haven_units *units,
                                                  char **json);

/* Read per-site energies (eV, whitespace separated, '#' comments) into a
 * new array of n values in J (free() it). Thread-safe. */
HAVEN_API haven_status haven_kmc_read_site_energies(const char *path, size_t n, double **out);

#ifdef __cplusplus
}
#endif
#endif
