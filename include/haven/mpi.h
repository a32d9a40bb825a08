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
 * The sum is MPI_Allreduce(MPI_SUM) of doubles; the load is
 * haven_mpi_load. */
HAVEN_API haven_status haven_mpi_partition(MPI_Comm comm, haven_partition *out);

/* haven_load by every rank of comm together (collective): the result is
 * that of haven_load with atom_begin/atom_end set to this rank's atoms
 * (haven_partition_atoms), equal within rounding, but each rank converts
 * only its own range of frames. The frames of the file are indexed
 * (headers read, rows' newlines counted: by every rank over 1/size of the
 * bytes for LAMMPS dumps and XDATCAR, by rank 0 for extended XYZ; H5MD needs
 * no index), every rank reads its range, unwraps it, and the ranges are
 * joined (an exclusive scan of their image shifts) and exchanged all-to-all
 * in blocks of frames, so that memory per rank is ~1/size of one
 * process's. LAMMPS dumps, extended XYZ, constant-cell XDATCAR files that
 * are not compressed, and H5MD files are split so; any other file is read
 * whole by every rank (each keeping its atoms). A failure
 * on any rank is returned on every rank with the message of the first. With
 * $HAVEN_MPI_STATS naming a file, each rank appends a line of timings and
 * bytes sent to it. */
HAVEN_API haven_status haven_mpi_load(MPI_Comm comm, haven_traj *t, const haven_load_options *opt,
                                      haven_store **store, haven_load_info *info);

#ifdef __cplusplus
}
#endif

#endif
