/* haven MSD: mean-squared displacements averaged over all time origins.
 *
 * Tracer MSD per group of atoms (usually a species) with the full 3x3
 * displacement tensor, and the collective cross-displacement correlations
 * between group centres (sums of positions), which conductivity and Onsager
 * coefficients are built from. Both come out of one pass over the atoms.
 *
 * Method: per atom, the FFT of each Cartesian component (zero-padded to at
 * least twice the length) gives every cross-correlation at once, so the
 * all-origin MSD costs O(T log T) per atom instead of O(T^2) (the "fast
 * correlation algorithm", Kneller et al., Comput. Phys. Commun. 91, 191
 * (1995); Calandrini et al., JDN 12, 201 (2011)). The direct windowed sum is
 * kept for verification. Memory: one block of atoms' paths (24 bytes per
 * atom-frame, the block sized by the budget), plus per thread O(T) FFT
 * buffers, plus 3 T doubles per group for the collective series.
 *
 * Thread safety: haven_msd_compute may run concurrently on different stores
 * and results (it reads its store, so one store serves one call at a time);
 * it runs OpenMP threads itself and plans FFTs through FFTW's thread-safe
 * planner (haven_library_init). */
#ifndef HAVEN_MSD_H
#define HAVEN_MSD_H

#include "haven/parallel.h"
#include "haven/series.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Tensor component order for symmetric tensors. */
enum { HAVEN_XX = 0, HAVEN_YY, HAVEN_ZZ, HAVEN_XY, HAVEN_XZ, HAVEN_YZ };

/* What the data say about the noise of a squared-displacement curve, sampled at a
 * geometric set of probe lags n (1 .. (T-1)/2) from the non-overlapping windows
 * (t, t+n], t = 0, n, 2n, ..., which are independent of each other for diffusive
 * motion. A "sample" is one walker's squared displacement over one window (for
 * series statistics, the product of two series' displacements). */
typedef struct {
    size_t n;              /* probe lags */
    size_t *lag;           /* frames, ascending */
    double *windows;       /* non-overlapping windows per walker at the lag */
    double *mean;          /* m^2: mean sample (|dr|^2) */
    double *var;           /* m^4: variance of one sample (|dr|^2 summed over components) */
    double (*var_axis)[3]; /* m^4: variance of one component's sample (dx^2, dy^2, dz^2) */
    double *mean4;         /* m^4: mean of |dr|^4 (non-Gaussian parameter); NULL for series */
    double *var_group;     /* m^4: variance over windows of the walkers' mean sample, for the
                              correlation between walkers; NULL for series */
    size_t n_walkers;      /* walkers behind each sample set */
    size_t n_blocks;       /* independent time blocks of the run (0: none) */
    size_t block_frames;   /* frames per block */
    size_t block_walkers;  /* walkers behind each block MSD (pooled runs: one run's) */
    double *block_msd;     /* m^2: per-component MSD of each block, averaged over walkers,
                              block_msd[(b * 3 + k) * block_frames + lag]; for series, the
                              displacement product */
    int pooled;            /* 1: too few samples per lag to trust each on its own (one walker):
                              a fit pools var/n^2 over its window */
} haven_msd_stats;

typedef struct {
    size_t n_lags;         /* lags 0 .. n_lags-1 frames */
    double dt;             /* s per lag step */
    size_t n_atoms;        /* atoms in the group */
    double *msd;           /* m^2: <|dr|^2>, the trace of the tensor */
    double (*tensor)[6];   /* m^2: <dr_a dr_b>, order xx yy zz xy xz yz */
    double *n_obs;         /* (atom, origin) pairs averaged at each lag */
    haven_msd_stats stats; /* sampled noise of the curve (always filled by haven_msd_compute) */
} haven_msd;

/* Collective: for groups a <= b, corr[pair][lag][3*alpha+beta] =
 * < dR_a,alpha(t) dR_b,beta(t) > over origins, where R_g is the sum of the
 * positions of the atoms in group g. Not divided by any atom count. m^2. */
typedef struct {
    size_t n_groups;
    size_t n_lags;
    double dt;
    double (**corr)[9]; /* [pair index haven_pair_index(a,b,n)] -> [n_lags][9] */
    double *sums;       /* m: R_g(t), sums[(g * 3 + k) * n_lags + t], for the noise of
                           any combination (haven_msd_stats_series) */
} haven_msd_collective;

typedef enum { HAVEN_MSD_FFT = 0, HAVEN_MSD_DIRECT } haven_msd_method;

typedef struct {
    haven_msd_method method;
    size_t max_bytes; /* budget for the atom block (0: 8 MiB, at least 4 atoms a thread) */
    int collective;   /* also compute the collective correlations */
    void (*progress)(size_t atoms_done, size_t n_atoms, void *user);
    void *progress_user;
    /* Several processes, each with a store of its own atoms (and group
     * the groups of those atoms): the sums are added over the processes
     * and every process gets the MSDs of all atoms (haven/parallel.h). */
    const haven_partition *partition;
} haven_msd_options;

HAVEN_API void haven_msd_options_init(haven_msd_options *opt);

/* group[i] in 0..n_groups-1 assigns atom i; -1 leaves it out. `tracer` is
 * an array of n_groups results; `coll` may be NULL unless opt->collective. */
HAVEN_API haven_status haven_msd_compute(haven_store *store, const int *group, size_t n_groups,
                                         double dt, const haven_msd_options *opt, haven_msd *tracer,
                                         haven_msd_collective *coll);
HAVEN_API void haven_msd_clear(haven_msd *m);
HAVEN_API void haven_msd_stats_clear(haven_msd_stats *s);

/* Window statistics of one walker made of two 3-component series a, b
 * (component-major, a[k * T + t], m): samples da_k db_k per component and
 * window (a == b: squared displacements). pooled is set. For collective
 * quantities (conductivity, Onsager coefficients), whose one walker gives too
 * few samples per lag to stand alone. */
HAVEN_API haven_status haven_msd_stats_series(const double *a, const double *b, size_t T,
                                              haven_msd_stats *out);
HAVEN_API void haven_msd_collective_clear(haven_msd_collective *c);

/* Index of the unordered pair (a, b) of n groups in a packed upper triangle
 * (a <= b, row-major: (0,0), (0,1), ..., (0,n-1), (1,1), ...), the layout of
 * haven_msd_collective.corr and of every pair-indexed array in
 * haven/transport.h. Thread-safe. */
HAVEN_API size_t haven_pair_index(size_t a, size_t b, size_t n);

#ifdef __cplusplus
}
#endif
#endif
