/* Small 3x3 helpers for lattice vectors stored as rows. */
#ifndef HAVEN_SRC_SERIES_CELL_H
#define HAVEN_SRC_SERIES_CELL_H

/* Inverse of a cell (rows = lattice vectors); returns the determinant
 * (the signed volume), 0 when singular. frac = cart * inv. */
double haven_cell_inverse(const double cell[3][3], double inv[3][3]);

static inline void haven_cart_to_frac(const double r[3], const double inv[3][3], double f[3])
{
    for (int k = 0; k < 3; k++)
        f[k] = r[0] * inv[0][k] + r[1] * inv[1][k] + r[2] * inv[2][k];
}

static inline void haven_frac_to_cart(const double f[3], const double cell[3][3], double r[3])
{
    for (int k = 0; k < 3; k++)
        r[k] = f[0] * cell[0][k] + f[1] * cell[1][k] + f[2] * cell[2][k];
}

#endif
