/* Internal: what one replica accumulates, and where its measurement
 * stands (so that a checkpoint can resume it).
 *
 * The measured span T of a replica is cut two ways, both on fixed times:
 * - a grid of n_steps steps for the tracer: the squared displacement of
 *   every ion over every interval of 2^j steps (level j) is summed per
 *   interval, so the tracer MSD is known at n_levels lengths from one run;
 * - n_fine windows for the collective: the change dM of sum q r per window,
 *   from which the collective MSD at any length 2^j windows follows.
 * In the automatic mode the span can double: pairs of windows and of
 * tracer intervals merge (level j + 1 becomes level j), so the arrays keep
 * their size and the run continues where it stopped. */
#ifndef HAVEN_SRC_KMC_REPLICA_H
#define HAVEN_SRC_KMC_REPLICA_H

#include "kmc/engine.h"
#include "kmc/observe.h"

#define KMC_MAX_LEVELS 24

/* Additive per-window record. */
typedef struct {
    double dm[3]; /* change of sum q r, e m */
    double jumps[K_MAX], jump_sq[K_MAX], cos_sum[K_MAX], cos_n[K_MAX];
} kmc_window;

/* The cut of a span, the same for every replica of a run. */
typedef struct {
    int n_steps;  /* tracer grid steps per span */
    int n_levels; /* tracer levels j = 0 .. n_levels - 1 (2^j steps) */
    int n_fine;   /* collective windows per span */
    int n_units;  /* with one replica: error units (blocks) per span */
    int offset[KMC_MAX_LEVELS + 1]; /* first interval of level j in the tracer sums */
    int top_whole; /* the top level's interval is the whole span (automatic mode) */
} kmc_layout;

typedef struct {
    double *tr;      /* [(offset[j] + i) * K_MAX + species]: sum of |dr|^2 */
    kmc_window *win; /* n_fine */
    double (*origin)[3]; /* n_levels x n_part: start of each level's open interval */
    double m0[3];        /* sum q r at the start of the open window */
    double bin_sites[HAVEN_KMC_ENERGY_BINS], bin_occ[HAVEN_KMC_ENERGY_BINS];
    double bin_samples[HAVEN_KMC_ENERGY_BINS];
} replica_out;

typedef struct {
    double t0, tau; /* start of measuring and span duration, s */
    long frame;     /* next trajectory frame */
    int next_step;  /* tracer grid steps done in this span */
    int next_win;   /* windows done in this span */
    int doublings;  /* times the span has doubled */
    double equil_hops; /* hops before measuring */
    int equil_settled; /* equilibration detected (1) or cut at its limit (0) */
} kmc_progress;

/* The cut for a run of these parameters with this many ions. */
void kmc_layout_init(kmc_layout *lay, const haven_kmc_params *p, double ions);
haven_status kmc_replica_alloc(replica_out *o, const kmc_layout *lay, size_t n_part);
void kmc_replica_free(replica_out *o);

/* Save replica state after a step (atomically: PATH.tmp, then rename). */
haven_status kmc_checkpoint_write(const char *path, const kmc_state *s, const kmc_progress *pr,
                                  const kmc_layout *lay, const replica_out *o);
/* Restore into s, which kmc_state_init set up with the same lattice,
 * parameters and seed; a file from other parameters is an error. */
haven_status kmc_checkpoint_read(const char *path, kmc_state *s, kmc_progress *pr,
                                 const kmc_layout *lay, replica_out *o);

#endif
