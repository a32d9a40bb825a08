/* Fixture writer: VASP vasprun.xml in VASP's own layout (header, atominfo,
 * initialpos, one <calculation> per frame, finalpos), wrapped fractional
 * positions with 16 decimals so readers can be checked to 1e-9. */
#include "fixture.h"

#include <string.h>
#include <zlib.h>

static void write_structure(gzFile g, const fixture_system *s, size_t f, const char *name)
{
    gzprintf(g, name ? " <structure name=\"%s\" >\n" : "  <structure>\n", name);
    gzprintf(g, "   <crystal>\n    <varray name=\"basis\" >\n");
    for (int a = 0; a < 3; a++)
        gzprintf(g, "     <v> %22.16f %22.16f %22.16f </v>\n", s->cell[f][a][0], s->cell[f][a][1],
                 s->cell[f][a][2]);
    gzprintf(g, "    </varray>\n    <i name=\"volume\">   1000.0 </i>\n   </crystal>\n");
    gzprintf(g, "   <varray name=\"positions\" >\n");
    for (size_t i = 0; i < s->n_atoms; i++) {
        double cart[3], frac[3];
        int img[3];
        fixture_wrapped(s, f, i, cart, frac, img);
        gzprintf(g, "    <v> %20.16f %20.16f %20.16f </v>\n", frac[0], frac[1], frac[2]);
    }
    gzprintf(g, "   </varray>\n  </structure>\n");
}

static void write_header(gzFile g, const fixture_system *s, unsigned flags)
{
    int ml = (flags & FIXTURE_VASPRUN_ML) != 0;
    gzprintf(g,
             "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<modeling>\n <generator>\n"
             "  <i name=\"program\" type=\"string\">vasp </i>\n"
             "  <i name=\"version\" type=\"string\">%s </i>\n </generator>\n",
             ml ? "6.4.3" : "5.4.4.18Apr17-6-g9f103f2a35");
    gzprintf(g,
             " <incar>\n  <i name=\"POTIM\">   %12.8f</i>\n"
             "  <i type=\"int\" name=\"NBLOCK\">   %ld</i>\n  <i name=\"TEBEG\">   %12.8f</i>\n",
             s->timestep_fs, s->stride, s->temperature);
    if (ml)
        gzprintf(g,
                 "  <i type=\"logical\" name=\"ML_LMLFF\"> T  </i>\n"
                 "  <i type=\"int\" name=\"ML_OUTBLOCK\">   %ld</i>\n",
                 s->stride);
    gzprintf(g,
             " </incar>\n <parameters>\n  <separator name=\"ionic\" >\n"
             "   <i name=\"POTIM\">   %12.8f</i>\n  </separator>\n </parameters>\n",
             s->timestep_fs);
    gzprintf(g,
             " <atominfo>\n  <atoms>   %zu </atoms>\n  <array name=\"atoms\" >\n"
             "   <dimension dim=\"1\">ion</dimension>\n   <field type=\"string\">element</field>\n"
             "   <field type=\"int\">atomtype</field>\n   <set>\n",
             s->n_atoms);
    for (size_t i = 0; i < s->n_atoms; i++)
        gzprintf(g, "    <rc><c>%-2s</c><c>   1</c></rc>\n", s->symbols[i]);
    gzprintf(g, "   </set>\n  </array>\n </atominfo>\n");
}

int fixture_write_vasprun_flags(const fixture_system *s, const char *path, unsigned flags)
{
    size_t len = strlen(path);
    int gz = len > 3 && strcmp(path + len - 3, ".gz") == 0;
    gzFile g = gzopen(path, gz ? "wb6" : "wT");
    if (!g)
        return -1;
    int ml = (flags & FIXTURE_VASPRUN_ML) != 0;
    write_header(g, s, flags);
    write_structure(g, s, 0, "initialpos");
    for (size_t f = 0; f < s->n_frames; f++) {
        gzprintf(g, " <calculation>\n");
        if (!ml)
            gzprintf(g, "  <scstep>\n   <energy>\n    <i name=\"e_fr_energy\">  -1.0 </i>\n"
                        "   </energy>\n  </scstep>\n");
        write_structure(g, s, f, NULL);
        gzprintf(g, "  <varray name=\"forces\" >\n");
        for (size_t i = 0; i < s->n_atoms; i++)
            gzprintf(g, "   <v>   0.01 -0.02 0.03 </v>\n");
        gzprintf(g, "  </varray>\n");
        if (!ml)
            gzprintf(g, "  <energy>\n   <i name=\"e_fr_energy\">  -1.0 </i>\n  </energy>\n");
        gzprintf(g, "  <time name=\"totalsc\">    1.00    1.00</time>\n </calculation>\n");
    }
    write_structure(g, s, s->n_frames - 1, "finalpos");
    gzprintf(g, "</modeling>\n");
    return gzclose(g) == Z_OK ? 0 : -1;
}

int fixture_write_vasprun(const fixture_system *s, const char *path)
{
    return fixture_write_vasprun_flags(s, path, 0);
}
