/* Cells given by the user (--cell) or by lengths and angles (DCD headers):
 * lattice vectors in the standard orientation, a along x and b in the xy
 * plane, as LAMMPS, CHARMM and ASE build them. */
#include "haven/traj.h"

#include "core/error.h"
#include "io/cellmath.h"
#include "io/parse.h"

#include <math.h>
#include <string.h>

haven_status haven_cell_from_parameters(const double len[3], const double angle_deg[3],
                                        double cell[3][3])
{
    const double rad = acos(-1.0) / 180.0;
    double ca = cos(angle_deg[0] * rad), cb = cos(angle_deg[1] * rad);
    double cg = cos(angle_deg[2] * rad), sg = sin(angle_deg[2] * rad);
    for (int k = 0; k < 3; k++)
        if (!(len[k] > 0) || !isfinite(len[k]) || !(angle_deg[k] > 0 && angle_deg[k] < 180))
            return haven_fail(HAVEN_ERR_VALUE,
                              "cell lengths must be positive and angles within (0, 180) "
                              "degrees, found %g %g %g A, %g %g %g deg",
                              len[0] / HAVEN_ANGSTROM, len[1] / HAVEN_ANGSTROM,
                              len[2] / HAVEN_ANGSTROM, angle_deg[0], angle_deg[1], angle_deg[2]);
    double cy = (ca - cb * cg) / sg, cz2 = 1.0 - cb * cb - cy * cy;
    if (!(cz2 > 1e-12))
        return haven_fail(HAVEN_ERR_VALUE,
                          "cell angles %g %g %g degrees give no volume (no such cell)",
                          angle_deg[0], angle_deg[1], angle_deg[2]);
    memset(cell, 0, 9 * sizeof cell[0][0]);
    cell[0][0] = len[0];
    cell[1][0] = len[1] * cg;
    cell[1][1] = len[1] * sg;
    cell[2][0] = len[2] * cb;
    cell[2][1] = len[2] * cy;
    cell[2][2] = len[2] * sqrt(cz2);
    /* Round-off would leave 6e-17 for a right angle; keep exact zeros. */
    for (int i = 1; i < 3; i++)
        for (int k = 0; k < i; k++)
            if (fabs(cell[i][k]) < 1e-15 * len[i])
                cell[i][k] = 0.0;
    return HAVEN_OK;
}

/* Up to `cap` numbers separated by commas and blanks; *n how many. */
static haven_status parse_list(const char *text, double *v, int cap, int *n)
{
    char buf[512];
    if (!text || strlen(text) >= sizeof buf)
        return haven_fail(HAVEN_ERR_ARG, "cell: expected a,b,c[,alpha,beta,gamma] or 9 numbers");
    strcpy(buf, text);
    for (char *c = buf; *c; c++)
        if (*c == ',' || *c == ';')
            *c = ' ';
    const char *p = haven_skip_space(buf);
    *n = 0;
    while (*p) {
        if (*n == cap)
            return haven_fail(HAVEN_ERR_ARG, "cell '%s': more than %d numbers", text, cap);
        haven_parse_result r = haven_parse_double(&p, &v[*n]);
        if (r != HAVEN_PARSE_OK)
            return haven_fail(HAVEN_ERR_ARG, "cell '%s': expected numbers (%s)", text,
                              r == HAVEN_PARSE_NONFINITE ? "found a non-finite value"
                                                         : "found something else");
        (*n)++;
        p = haven_skip_space(p);
    }
    return HAVEN_OK;
}

haven_status haven_cell_from_text(const char *text, double cell[3][3])
{
    double v[9];
    int n = 0;
    haven_status s = parse_list(text, v, 9, &n);
    if (s != HAVEN_OK)
        return s;
    if (n == 3 || n == 6) {
        double len[3] = {v[0] * HAVEN_ANGSTROM, v[1] * HAVEN_ANGSTROM, v[2] * HAVEN_ANGSTROM};
        double ang[3] = {90, 90, 90};
        if (n == 6)
            memcpy(ang, v + 3, sizeof ang);
        s = haven_cell_from_parameters(len, ang, cell);
        if (s != HAVEN_OK)
            haven_error_prefix("cell '%s': ", text);
        return s;
    }
    if (n != 9)
        return haven_fail(HAVEN_ERR_ARG,
                          "cell '%s': %d numbers (expected 3 lengths, 3 lengths and 3 angles, "
                          "or the 9 components of the lattice vectors)",
                          text, n);
    for (int i = 0; i < 9; i++)
        cell[i / 3][i % 3] = v[i] * HAVEN_ANGSTROM;
    if (!(fabs(haven_cell_det((const double(*)[3])cell)) > 0))
        return haven_fail(HAVEN_ERR_ARG, "cell '%s': the lattice vectors have no volume", text);
    return HAVEN_OK;
}
