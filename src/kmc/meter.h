/* Internal: progress of a run for haven_kmc_params.progress. Replicas run
 * on OpenMP threads and count their grid steps (and equilibrations) in
 * shared counters, once per step, never per hop; only the caller's thread
 * (OpenMP thread 0) calls the callback, so a caller's callback is never
 * entered twice at once. */
#ifndef HAVEN_SRC_KMC_METER_H
#define HAVEN_SRC_KMC_METER_H

#include "haven/kmc.h"

#include <omp.h>

typedef struct {
    haven_kmc_progress_fn fn;
    void *user;
    size_t done, total; /* of the current stage */
    size_t equilibrated, replicas;
} kmc_meter;

static inline void kmc_meter_call(kmc_meter *m, const char *stage, size_t done, size_t total)
{
    if (m && m->fn && omp_get_thread_num() == 0)
        m->fn(stage, done, total, m->user);
}

/* A replica finished equilibrating. */
static inline void kmc_meter_equilibrated(kmc_meter *m)
{
    if (!m || !m->fn)
        return;
    size_t n;
#pragma omp atomic capture
    n = ++m->equilibrated;
    kmc_meter_call(m, "equilibrate", n, m->replicas);
}

/* A replica measured one more grid step. */
static inline void kmc_meter_step(kmc_meter *m)
{
    if (!m || !m->fn)
        return;
    size_t n;
#pragma omp atomic capture
    n = ++m->done;
    kmc_meter_call(m, "measure", n, m->total);
}

#endif
