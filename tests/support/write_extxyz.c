/* Extended XYZ writer for the fixture system (ASE / libAtoms style):
 * wrapped Cartesian positions, an extra `forces` column the reader must
 * skip, Time= in fs and Step= from the fixture's time step and stride. */
#include "fixture.h"

#include <stdio.h>

int fixture_write_extxyz(const fixture_system *s, const char *path)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return -1;
    for (size_t f = 0; f < s->n_frames; f++) {
        long step = (long)f * s->stride;
        fprintf(fp, "%zu\nLattice=\"", s->n_atoms);
        for (int a = 0; a < 3; a++)
            for (int k = 0; k < 3; k++)
                fprintf(fp, "%s%.17g", a + k ? " " : "", s->cell[f][a][k]);
        fprintf(fp,
                "\" Properties=species:S:1:pos:R:3:forces:R:3 Time=%.17g Step=%ld "
                "pbc=\"T T T\"\n",
                (double)step * s->timestep_fs, step);
        for (size_t i = 0; i < s->n_atoms; i++) {
            double cart[3], frac[3];
            int img[3];
            fixture_wrapped(s, f, i, cart, frac, img);
            fprintf(fp, "%-2s %.17g %.17g %.17g 0.0 0.0 %zu\n", s->symbols[i], cart[0], cart[1],
                    cart[2], i);
        }
    }
    return fclose(fp) == 0 ? 0 : -1;
}
