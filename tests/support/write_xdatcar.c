/* XDATCAR writer for the fixture system. Atom order is kept: consecutive
 * atoms of one element form a group, and a species may appear in several
 * groups ("Li Cl Li ..."), as VASP allows. One header when the cell is
 * fixed, a header per frame when it varies. Fractional coordinates with
 * 17 significant digits, so the reader can be checked to ~1e-15. */
#include "fixture.h"

#include <stdio.h>
#include <string.h>

static int cell_fixed(const fixture_system *s)
{
    for (size_t f = 1; f < s->n_frames; f++)
        if (memcmp(s->cell[f], s->cell[0], sizeof s->cell[0]))
            return 0;
    return 1;
}

static void write_header(FILE *fp, const fixture_system *s, size_t f)
{
    fprintf(fp, "haven fixture %zu atoms\n   1.0\n", s->n_atoms);
    for (int a = 0; a < 3; a++)
        fprintf(fp, " %.17g %.17g %.17g\n", s->cell[f][a][0], s->cell[f][a][1], s->cell[f][a][2]);
    for (size_t i = 0; i < s->n_atoms; i++)
        if (i == 0 || strcmp(s->symbols[i], s->symbols[i - 1]))
            fprintf(fp, " %s", s->symbols[i]);
    fputc('\n', fp);
    for (size_t i = 0, run = 0; i < s->n_atoms; i++) {
        run++;
        if (i + 1 == s->n_atoms || strcmp(s->symbols[i], s->symbols[i + 1])) {
            fprintf(fp, " %zu", run);
            run = 0;
        }
    }
    fputc('\n', fp);
}

int fixture_write_xdatcar(const fixture_system *s, const char *path)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return -1;
    int fixed = cell_fixed(s);
    for (size_t f = 0; f < s->n_frames; f++) {
        if (f == 0 || !fixed)
            write_header(fp, s, f);
        fprintf(fp, "Direct configuration= %5zu\n", f + 1);
        for (size_t i = 0; i < s->n_atoms; i++) {
            double cart[3], frac[3];
            int img[3];
            fixture_wrapped(s, f, i, cart, frac, img);
            fprintf(fp, "  %.17f  %.17f  %.17f\n", frac[0], frac[1], frac[2]);
        }
    }
    return fclose(fp) == 0 ? 0 : -1;
}
