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
    double *occupancy; /* CIF _atom_site_occupancy (1 when absent, and for other files) */
} hs_atoms;

/* Sites of the selected atoms: atoms closer than tol (m) share one (a
 * mixed or partially occupied site lists one atom per species there).
 * group[i]: the site of atom i, or (size_t)-1 when not selected; first[g]
 * an atom of site g. Returns the number of sites. */
size_t hs_site_groups(const hs_atoms *a, const int *sel, double tol, size_t *group, size_t *first);

/* Wyckoff labels (spglib) of every atom, from the structure with the atoms
 * that share a position merged into one site whose spglib type is its
 * composition. group/first: room for a->n each (filled as hs_site_groups
 * over all atoms). */
haven_status hs_skeleton_labels(const hs_atoms *a, double symprec, size_t *group, size_t *first,
                                char (*label)[HAVEN_SITE_NAME]);

/* The atoms of a structure file: CIF by extension, else POSCAR/XYZ. */
haven_status hs_atoms_read(const char *path, hs_atoms *a);

haven_status hs_atoms_alloc(hs_atoms *a, size_t n);
void hs_atoms_clear(hs_atoms *a);
/* A CIF file: the first data block's cell, symmetry operations
 * (_space_group_symop_operation_xyz or _symmetry_equiv_pos_as_xyz) and
 * atom sites, expanded to the full cell (images closer than 0.01 A merged). */
haven_status hs_atoms_from_cif(const char *path, hs_atoms *a);

#endif
