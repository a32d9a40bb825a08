/* haven parallel: the work of one analysis split over several processes.
 *
 * A haven_partition says which part of the work this process does and how
 * the processes add up their partial sums. The library itself knows no
 * message passing: with MPI (a build with -DHAVEN_MPI=ON),
 * haven_mpi_partition() in haven/mpi.h fills one from a communicator; any
 * other transport can supply its own sum. Zero-initialised (or NULL where
 * a pointer is asked for): one process does everything.
 *
 * Where it is used:
 *  - haven_load_options.atom_begin/atom_end with haven_partition_atoms():
 *    each process keeps the paths of its own atoms (memory 1/size); the
 *    partition's load, where given, also splits the reading;
 *  - haven_msd_options.partition: the tracer, window, block and collective
 *    sums are added over the processes before the MSDs are formed, so every
 *    process gets the whole result, equal to one process's within rounding
 *    (the sums are added in another order);
 *  - haven_kmc_params.partition: replica r runs on process r % size, and
 *    the replicas' outputs are shared before the estimates, so the results
 *    are bit for bit those of one process with the same seeds; a sweep
 *    (haven_kmc_sweep_run) numbers the replicas of all its temperatures or
 *    sizes together and runs them side by side. */
#ifndef HAVEN_PARALLEL_H
#define HAVEN_PARALLEL_H

#include "haven/core.h"
#include "haven/series.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    int rank; /* this process, 0 .. size-1 */
    int size; /* processes; 0 or 1: one */
    /* Replace buf[0..n) on every process by its sum over all processes (in
     * a fixed order, the same on every process). Must be called by all
     * processes with the same n. Returns nonzero on failure. */
    int (*sum)(double *buf, size_t n, void *user);
    void *user;
    /* Optional: haven_load split over the processes (haven_mpi_load sets
     * it): the same result as haven_load with atom_begin/atom_end of this
     * process, but each process reads part of the file. NULL: every process
     * reads the whole file and keeps its atoms. */
    haven_status (*load)(haven_traj *t, const haven_load_options *opt, haven_store **store,
                         haven_load_info *info, void *user);
} haven_partition;

/* Atoms [*a0, *a1) of n for this process: contiguous, sizes differing by at
 * most one. */
HAVEN_API void haven_partition_atoms(const haven_partition *p, size_t n, size_t *a0, size_t *a1);

/* Sum buf over the processes (nothing to do for one process). A failure is
 * reported as HAVEN_ERR_IO with `what` in the message. */
HAVEN_API haven_status haven_partition_sum(const haven_partition *p, double *buf, size_t n,
                                           const char *what);

#ifdef __cplusplus
}
#endif

#endif
