/* The CLI under mpirun (builds with -DHAVEN_MPI=ON): MPI is started around
 * the command, rank 0 alone writes stdout and stderr, and the commands that
 * split their work take the partition from cli_partition(). Without MPI,
 * or with one rank, cli_partition() is NULL and nothing changes. */
#include "cli.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#ifdef HAVEN_MPI
#include "haven/mpi.h"

static haven_partition part;
static int have_part;
static int saved_stderr = -1; /* the real stderr of ranks > 0, for "rank k failed" */

void cli_mpi_begin(int *argc, char ***argv)
{
    int provided;
    MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
    if (haven_mpi_partition(MPI_COMM_WORLD, &part) != HAVEN_OK || part.size <= 1)
        return;
    have_part = 1;
    if (part.rank > 0) { /* the same results on every rank: rank 0 reports them */
        saved_stderr = dup(STDERR_FILENO);
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
            return;
    }
}

int cli_mpi_end(int rc)
{
    /* A rank that failed alone must not leave the others waiting in a
     * collective call: abort them all. Rank 0 has printed its message; a
     * rank > 0 says that it failed and gives rank 0 a moment to print its
     * own (the same failure on every rank is the usual case). Usage errors
     * happen on every rank before any collective call: a normal exit. */
    if (have_part && rc != CLI_OK && rc != CLI_USAGE) {
        fflush(stdout);
        fflush(stderr);
        if (part.rank > 0) {
            if (saved_stderr >= 0)
                dprintf(saved_stderr, "haven: rank %d of %d failed (see rank 0's message)\n",
                        part.rank, part.size);
            sleep(2);
        } else {
            /* The launcher forwards rank 0's stderr through a pipe; aborting at once
             * lost the message now and then (MPICH's hydra: 1 run in ~10 of
             * mpi_cli_h5md's truncated file). */
            nanosleep(&(struct timespec){0, 500000000L}, NULL);
        }
        MPI_Abort(MPI_COMM_WORLD, rc);
    }
    MPI_Finalize();
    return rc;
}

const haven_partition *cli_partition(void)
{
    return have_part ? &part : NULL;
}
#else
void cli_mpi_begin(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
}

int cli_mpi_end(int rc)
{
    return rc;
}

const haven_partition *cli_partition(void)
{
    return NULL;
}
#endif
