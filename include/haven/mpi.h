/* haven MPI: a haven_partition over an MPI communicator (haven/parallel.h).
 * Only in builds configured with -DHAVEN_MPI=ON; needs <mpi.h>.
 *
 *   MPI_Init(&argc, &argv);
 *   haven_partition part;
 *   haven_mpi_partition(MPI_COMM_WORLD, &part);
 *   params.partition = &part;   // KMC: replicas over the ranks
 *   haven_kmc_run(lat, &params, &res);   // every rank gets the result
 *
 * Thread safety: the sum is a collective call; make it from one thread per
 * rank (MPI_THREAD_FUNNELED is enough), as the library does. */
#ifndef HAVEN_MPI_H
#define HAVEN_MPI_H

#include "haven/parallel.h"

#include <mpi.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Fill *out for this rank of comm; the communicator must outlive *out.
 * The sum is MPI_Allreduce(MPI_SUM) of doubles. */
HAVEN_API haven_status haven_mpi_partition(MPI_Comm comm, haven_partition *out);

#ifdef __cplusplus
}
#endif

#endif
