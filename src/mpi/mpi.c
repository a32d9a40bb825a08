/* haven_partition over MPI (haven/mpi.h). Built only with HAVEN_MPI. */
#include "haven/mpi.h"

#include "core/error.h"

#include <limits.h>
#include <stdint.h>

/* MPI_Allreduce counts are int: large buffers go in pieces. The same
 * pieces on every rank, so the order of the additions is fixed. */
static int allreduce_sum(double *buf, size_t n, void *user)
{
    MPI_Comm comm = MPI_Comm_f2c((MPI_Fint)(intptr_t)user);
    const size_t piece = (size_t)INT_MAX / 2;
    for (size_t i = 0; i < n; i += piece) {
        int m = (int)(n - i < piece ? n - i : piece);
        if (MPI_Allreduce(MPI_IN_PLACE, buf + i, m, MPI_DOUBLE, MPI_SUM, comm) != MPI_SUCCESS)
            return 1;
    }
    return 0;
}

static haven_status load_hook(haven_traj *t, const haven_load_options *opt, haven_store **store,
                              haven_load_info *info, void *user)
{
    return haven_mpi_load(MPI_Comm_f2c((MPI_Fint)(intptr_t)user), t, opt, store, info);
}

haven_status haven_mpi_partition(MPI_Comm comm, haven_partition *out)
{
    int rank, size;
    if (MPI_Comm_rank(comm, &rank) != MPI_SUCCESS || MPI_Comm_size(comm, &size) != MPI_SUCCESS)
        return haven_fail(HAVEN_ERR_ARG, "not a valid MPI communicator (MPI_Init called?)");
    out->rank = rank;
    out->size = size;
    out->sum = allreduce_sum;
    out->load = load_hook;
    /* The handle as an integer (MPI_Comm is a pointer in Open MPI, an int
     * in MPICH): no state to keep alive besides the communicator. */
    out->user = (void *)(intptr_t)MPI_Comm_c2f(comm);
    return HAVEN_OK;
}
