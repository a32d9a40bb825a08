/* Sites from a reference structure file. */
#include "haven/analysis.h"
#include "haven/sites.h"

#include "core/error.h"
#include "kmc/lattice.h"
#include "series/cell.h"
#include "structure/atoms.h"
#include "structure/sitetypes.h"
#include "structure/stream.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void hs_atoms_clear(hs_atoms *a)
{
    free(a->frac), free(a->kind), free(a->label), free(a->element);
    memset(a, 0, sizeof *a);
}

haven_status hs_atoms_alloc(hs_atoms *a, size_t n)
{
    a->n = n;
    a->frac = calloc(n ? n : 1, sizeof *a->frac);
    a->kind = calloc(n ? n : 1, sizeof *a->kind);
    a->label = calloc(n ? n : 1, sizeof *a->label);
    a->element = calloc(n ? n : 1, sizeof *a->element);
    if (!a->frac || !a->kind || !a->label || !a->element)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    return HAVEN_OK;
}

/* A POSCAR/CONTCAR or extended XYZ file, read as haven kmc --structure
 * reads it. Species index = order of first appearance of each label. */
static haven_status atoms_from_poscar(const char *path, hs_atoms *a)
{
    size_t n;
    double(*cart)[3];
    char(*label)[KMC_LABEL_MAX];
    haven_status s = kmc_structure_read(path, a->cell, &n, &cart, &label);
    if (s != HAVEN_OK)
        return s;
    double inv[3][3];
    if (!(fabs(haven_cell_inverse(a->cell, inv)) > 0))
        s = haven_fail(HAVEN_ERR_FORMAT, "%s: degenerate cell", path);
    if (s == HAVEN_OK)
        s = hs_atoms_alloc(a, n);
    int n_kinds = 0;
    for (size_t i = 0; s == HAVEN_OK && i < n; i++) {
        haven_cart_to_frac(cart[i], inv, a->frac[i]);
        for (int k = 0; k < 3; k++)
            a->frac[i][k] = hs_wrap01(a->frac[i][k]);
        size_t j = 0;
        while (j < i && strcmp(label[j], label[i]))
            j++;
        a->kind[i] = j < i ? a->kind[j] : n_kinds++;
        snprintf(a->element[i], sizeof a->element[i], "%s", label[i]);
        snprintf(a->label[i], HAVEN_SITE_NAME, "%s", label[i]);
    }
    free(cart), free(label);
    return s;
}

static int is_cif(const char *path)
{
    size_t n = strlen(path);
    return n > 4 && !strcasecmp(path + n - 4, ".cif");
}

haven_status haven_sites_from_structure(const char *path, const char *species,
                                        haven_site_typing typing, double symprec,
                                        haven_site_set *out)
{
    memset(out, 0, sizeof *out);
    hs_atoms a = {0};
    haven_status s = is_cif(path) ? hs_atoms_from_cif(path, &a) : atoms_from_poscar(path, &a);
    char(*label)[HAVEN_SITE_NAME] = NULL;
    int *is_site = NULL;
    if (s == HAVEN_OK) {
        label = calloc(a.n ? a.n : 1, sizeof *label);
        is_site = calloc(a.n ? a.n : 1, sizeof *is_site);
        if (!label || !is_site)
            s = haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    if (s == HAVEN_OK && typing == HAVEN_SITE_TYPES_WYCKOFF)
        s = hs_wyckoff_labels(a.cell, a.n, (const double(*)[3])a.frac, a.kind,
                              symprec > 0 ? symprec : 0.01 * HAVEN_ANGSTROM, label);
    for (size_t i = 0; s == HAVEN_OK && i < a.n; i++) {
        is_site[i] = haven_species_selected(species, a.element[i]);
        if (typing == HAVEN_SITE_TYPES_LABEL)
            memcpy(label[i], a.label[i], HAVEN_SITE_NAME);
        else if (typing == HAVEN_SITE_TYPES_ONE)
            snprintf(label[i], HAVEN_SITE_NAME, "%s", a.element[i]);
    }
    if (s == HAVEN_OK)
        s = hs_site_set_build(out, a.cell, a.n, (const double(*)[3])a.frac, is_site,
                              (const char(*)[HAVEN_SITE_NAME])label);
    if (s == HAVEN_ERR_DATA)
        s = haven_fail(HAVEN_ERR_DATA, "%s: no atoms of element '%s' to take as sites", path,
                       species ? species : "");
    free(label), free(is_site);
    hs_atoms_clear(&a);
    return s;
}
