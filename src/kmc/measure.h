/* Internal: measuring a replica's span and forming the error units. */
#ifndef HAVEN_SRC_KMC_MEASURE_H
#define HAVEN_SRC_KMC_MEASURE_H

#include "kmc/meter.h"
#include "kmc/replica.h"
#include "kmc/trajectory.h"

#include <math.h>
#include <stdio.h>

/* A span may take at most this many times the hops asked for (see
 * budget_spent in measure.c). */
#define KMC_HOP_BUDGET_FACTOR 1000

/* What measuring needs besides the replica: the same for all replicas. */
typedef struct {
    const haven_kmc_lattice *L;
    const haven_kmc_params *p;
    const kmc_layout *lay;
    double charge[K_MAX]; /* e, per species */
    double field, Fhat[3];
    int n_bins;
    double e_lo, e_hi;
    kmc_meter *meter; /* progress (shared, counted atomically) */
} measure_ctx;

static inline int kmc_energy_bin(const measure_ctx *c, double e)
{
    int b = (int)floor((e - c->e_lo) / (c->e_hi - c->e_lo) * c->n_bins);
    return b < 0 ? 0 : b >= c->n_bins ? c->n_bins - 1 : b;
}

/* Origins at the current positions; counters reset; span from step 0. */
void kmc_measure_start(const measure_ctx *c, kmc_state *s, kmc_progress *pr, replica_out *o);
/* Measure the rest of the span (at most max_steps grid steps when > 0),
 * writing trajectory frames and, with a checkpoint path, saving after
 * every step. An unfinished span is HAVEN_ERR_DATA ("run incomplete"). */
haven_status kmc_measure_span(const measure_ctx *c, kmc_state *s, const kmc_traj *traj, const char *ckpt,
                              int max_steps, kmc_progress *pr, replica_out *o);
/* Double a finished span: merge pairs of windows and of tracer intervals;
 * measuring then continues over the second half. */
void kmc_span_double(const measure_ctx *c, kmc_progress *pr, replica_out *o);
/* Sums of error unit `unit` of n_units (a replica's whole span when 1):
 * tracer at levels jt - 2 .. jt, collective at window lengths 2^jc and
 * the two longer (c_finest) or the two shorter ones. tau: the span, s. */
void kmc_unit_sums(const measure_ctx *c, const replica_out *o, double tau, int unit, int n_units,
                   int jt, int jc, int c_finest, kmc_sums *u);

#endif
