/* Internal: decompression of GROMACS XTC coordinates.
 *
 * XTC stores each coordinate as an integer (x * precision, rounded) and
 * packs each atom's three integers into the fewest bits that hold their
 * range (a mixed-radix number). Runs of atoms close to the previous one
 * are sent as small differences, with the width of the differences
 * adapting frame by frame through a table of sizes (magicints, growing by
 * about 2^(1/3)). The first two atoms of each run are swapped, which
 * packs water (O then two H) better. Written from the description of the
 * algorithm in GROMACS's libxdrf (Frans van Hoesel's xdr3dfcoord), and
 * checked against files written by GROMACS 2022 (tests/io). */
#ifndef HAVEN_SRC_IO_XTC_DECODE_H
#define HAVEN_SRC_IO_XTC_DECODE_H

#include <stddef.h>

typedef struct {
    int natoms;
    float precision; /* integers per nm */
    int minint[3], maxint[3];
    int smallidx; /* initial index into the size table */
} haven_xtc_params;

/* Decode `nbytes` packed bytes into natoms x 3 coordinates (nm). Returns 0,
 * or -1 with a reason in err (damaged data: out-of-range sizes, a run past
 * the atom count, or bits beyond the buffer). */
int haven_xtc_decode(const haven_xtc_params *p, const unsigned char *buf, size_t nbytes, float *out,
                     char *err, size_t errcap);

#endif
