/* Internal: small cell helpers shared by the readers (lattice vectors are
 * rows, as in haven_frame.cell). */
#ifndef HAVEN_SRC_IO_CELLMATH_H
#define HAVEN_SRC_IO_CELLMATH_H

#include "io/linereader.h"

/* cart = frac[0]*a + frac[1]*b + frac[2]*c, times `scale` (unit factor). */
static inline void haven_frac_to_cart(const double cell[3][3], const double frac[3], double scale,
                                      double cart[3])
{
    for (int k = 0; k < 3; k++)
        cart[k] = scale * (frac[0] * cell[0][k] + frac[1] * cell[1][k] + frac[2] * cell[2][k]);
}

/* Determinant of the lattice vectors (the signed volume). Inline, so the
 * reader module (plugin.h) needs no object of the host for it. */
static inline double haven_cell_det(const double m[3][3])
{
    return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
           m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
           m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
}

/* Copy a cell given in Angstrom into a frame cell in metres, failing with
 * "path:line: degenerate cell" when the vectors are (nearly) coplanar or
 * not finite. */
haven_status haven_cell_store(const haven_linereader *lr, const double cell_A[3][3],
                              double cell_m[3][3]);

/* Element symbol from a species label: "Li_sv" or "Li/1a2b" -> "Li". */
void haven_label_to_symbol(const char *label, size_t len, char *sym, size_t cap);

#endif
