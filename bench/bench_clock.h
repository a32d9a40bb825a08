/* Clocks for the benchmarks. On a shared machine the wall clock also
 * measures the other jobs; the process CPU clock does not. */
#ifndef HAVEN_BENCH_CLOCK_H
#define HAVEN_BENCH_CLOCK_H

#include <time.h>

static inline double bench_clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static inline double bench_wall(void)
{
    return bench_clock_s(CLOCK_MONOTONIC);
}
static inline double bench_cpu(void)
{
    return bench_clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

#endif
