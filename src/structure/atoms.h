/* Internal: the atoms of a reference structure, whatever file they came
 * from (a POSCAR through the trajectory readers, or a CIF). */
#ifndef HAVEN_SRC_STRUCTURE_ATOMS_H
#define HAVEN_SRC_STRUCTURE_ATOMS_H

#include "haven/sites.h"

typedef struct {
    double cell[3][3]; /* m, rows */
    size_t n;
    double (*frac)[3];              /* in [0, 1) */
    int *kind;                      /* species index */
    char (*label)[HAVEN_SITE_NAME]; /* the file's label, or the element */
    char (*element)[8];
} hs_atoms;

haven_status hs_atoms_alloc(hs_atoms *a, size_t n);
void hs_atoms_clear(hs_atoms *a);
/* A CIF file: the first data block's cell, symmetry operations
 * (_space_group_symop_operation_xyz or _symmetry_equiv_pos_as_xyz) and
 * atom sites, expanded to the full cell (images closer than 0.01 A merged). */
haven_status hs_atoms_from_cif(const char *path, hs_atoms *a);

#endif
