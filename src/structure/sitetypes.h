/* Internal: Wyckoff labels and site sets (see haven/sites.h). */
#ifndef HAVEN_SRC_STRUCTURE_SITETYPES_H
#define HAVEN_SRC_STRUCTURE_SITETYPES_H

#include "haven/sites.h"

/* Label each of n atoms (kind: species index) with its Wyckoff position in
 * the structure, e.g. "24g"; orbits sharing a letter become "4e", "4e-2". */
haven_status hs_wyckoff_labels(const double cell[3][3], size_t n, const double (*frac)[3],
                               const int *kind, double symprec, char (*label)[HAVEN_SITE_NAME]);
/* Sites = atoms with is_site[i]; type = distinct labels in order of first
 * appearance. */
haven_status hs_site_set_build(haven_site_set *out, const double cell[3][3], size_t n,
                               const double (*frac)[3], const int *is_site,
                               const char (*label)[HAVEN_SITE_NAME]);

/* The space-group operations of a structure (spglib), in the basis of the
 * given cell: x' = rot x + trans (fractional). */
typedef struct {
    size_t n;
    int (*rot)[3][3];
    double (*trans)[3];
    char symbol[16]; /* international symbol */
} hs_symops;
haven_status hs_symmetry_ops(const double cell[3][3], size_t n, const double (*frac)[3],
                             const int *kind, double symprec, hs_symops *ops);
void hs_symops_clear(hs_symops *ops);

#endif
