/* An H5MD trajectory for the MPI CLI test and bench/mpi_split.sh: the
 * fixture random walk (Li, Cl, La; orthorhombic 10 x 11 x 12 A box,
 * wrapped positions with image flags, one frame per HDF5 chunk).
 * usage: mpi_write_h5md FILE N_ATOMS N_FRAMES [chunk64] */
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc < 4 || atol(argv[2]) < 1 || atol(argv[3]) < 2) {
        fprintf(stderr, "usage: %s FILE N_ATOMS N_FRAMES [chunk64]\n", argv[0]);
        return 2;
    }
    fixture_system s;
    unsigned flags = argc > 4 && !strcmp(argv[4], "chunk64") ? FIXTURE_H5MD_CHUNK64 : 0;
    int rc = fixture_make(&s, (size_t)atol(argv[2]), (size_t)atol(argv[3]), 11, 0, 0) ||
             fixture_write_h5md_flags(&s, argv[1], flags);
    fixture_free(&s);
    if (rc)
        fprintf(stderr, "%s: cannot write\n", argv[1]);
    return rc;
}
