/* Internal: periodic lattice with a neighbour table. Sites are numbered
 * cell-major, (((c0 * L1) + c1) * L2 + c2) * n_basis + b, so the jump
 * vectors depend only on the basis site b = site % n_basis. */
#ifndef HAVEN_SRC_KMC_LATTICE_H
#define HAVEN_SRC_KMC_LATTICE_H

#include "haven/kmc.h"

struct haven_kmc_lattice {
    int dim;      /* 2 or 3: the d in D = <r^2>/(2 d t) */
    int n_basis;  /* sites per unit cell */
    int zmax;     /* slots per site in the tables */
    int cells[3]; /* supercell repeats */
    size_t n_sites;
    double cell[3][3];  /* supercell vectors as rows, m */
    double (*pos)[3];   /* site positions, m */
    int *nbr;           /* [site * zmax + k]: neighbour site or -1 */
    unsigned char *rev; /* [site * zmax + k]: slot of site in nbr's list */
    unsigned char *z;   /* [basis]: neighbours of basis site b */
    double (*jump)[3];  /* [b * zmax + k]: jump vector, m */
};

/* Build from a unit cell (rows, m) and n_basis fractional positions;
 * neighbours are sites closer than cutoff (m). dim 2 searches no images
 * along the third vector. */
haven_status kmc_lattice_build(const double unit[3][3], const double (*frac)[3], int n_basis,
                               int dim, double cutoff, const int cells[3], haven_kmc_lattice **out);

/* The atoms of a POSCAR/CONTCAR or of the first frame of an extended XYZ
 * file (as --structure reads them): cell rows and Cartesian positions in m,
 * element labels. *cart and *label are malloc'ed, owned by the caller. */
#define KMC_LABEL_MAX 16
haven_status kmc_structure_read(const char *path, double cell[3][3], size_t *n,
                                double (**cart)[3], char (**label)[KMC_LABEL_MAX]);

#endif
