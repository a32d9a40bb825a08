/* Sites from a reference structure file. */
#include "haven/analysis.h"
#include "haven/sites.h"

#include "core/error.h"
#include "kmc/lattice.h"
#include "series/cell.h"
#include "structure/atoms.h"
#include "structure/sitetypes.h"
#include "structure/celllist.h"
#include "structure/stream.h"

#define SAME_SITE (0.1 * HAVEN_ANGSTROM) /* atoms this close share a site */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void hs_atoms_clear(hs_atoms *a)
{
    free(a->frac), free(a->kind), free(a->label), free(a->element), free(a->occupancy);
    memset(a, 0, sizeof *a);
}

haven_status hs_atoms_alloc(hs_atoms *a, size_t n)
{
    a->n = n;
    a->frac = calloc(n ? n : 1, sizeof *a->frac);
    a->kind = calloc(n ? n : 1, sizeof *a->kind);
    a->label = calloc(n ? n : 1, sizeof *a->label);
    a->element = calloc(n ? n : 1, sizeof *a->element);
    a->occupancy = malloc((n ? n : 1) * sizeof *a->occupancy);
    if (!a->frac || !a->kind || !a->label || !a->element || !a->occupancy)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        a->occupancy[i] = 1;
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

size_t hs_site_groups(const hs_atoms *a, const int *sel, double tol, size_t *group, size_t *first)
{
    size_t n = 0;
    for (size_t i = 0; i < a->n; i++) {
        group[i] = (size_t)-1;
        if (!sel[i])
            continue;
        size_t g = 0;
        while (g < n && hs_min_image_d2(a->frac[first[g]], a->frac[i], a->cell) >= tol * tol)
            g++;
        if (g == n)
            first[n++] = i;
        group[i] = g;
    }
    return n;
}

haven_status hs_atoms_read(const char *path, hs_atoms *a)
{
    return is_cif(path) ? hs_atoms_from_cif(path, a) : atoms_from_poscar(path, a);
}

/* Composition of the site of atom `first` (its group): "S0.75,Cl0.25". */
static void composition(const hs_atoms *a, const size_t *group, size_t g, char *buf, size_t cap)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < a->n && len + 1 < cap; i++)
        if (group[i] == g)
            len += (size_t)snprintf(buf + len, cap - len, "%s%s%.6g", len ? "," : "",
                                    a->element[i], a->occupancy[i]);
}

haven_status hs_skeleton_labels(const hs_atoms *a, double symprec, size_t *group, size_t *first,
                                char (*label)[HAVEN_SITE_NAME])
{
    int *all = malloc((a->n ? a->n : 1) * sizeof *all);
    if (!all)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < a->n; i++)
        all[i] = 1;
    size_t ng = hs_site_groups(a, all, SAME_SITE, group, first);
    free(all);
    double(*frac)[3] = malloc((ng ? ng : 1) * sizeof *frac);
    int *kind = malloc((ng ? ng : 1) * sizeof *kind);
    char(*comp)[128] = malloc((ng ? ng : 1) * sizeof *comp);
    char(*glabel)[HAVEN_SITE_NAME] = calloc(ng ? ng : 1, sizeof *glabel);
    haven_status s = frac && kind && comp && glabel ? HAVEN_OK
                                                    : haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t g = 0; s == HAVEN_OK && g < ng; g++) {
        memcpy(frac[g], a->frac[first[g]], sizeof frac[g]);
        composition(a, group, g, comp[g], sizeof comp[g]);
        size_t k = 0; /* one spglib type per distinct composition */
        while (k < g && strcmp(comp[k], comp[g]))
            k++;
        kind[g] = k < g ? kind[k] : (int)g;
    }
    if (s == HAVEN_OK)
        s = hs_wyckoff_labels(a->cell, ng, (const double(*)[3])frac, kind,
                              symprec > 0 ? symprec : 0.01 * HAVEN_ANGSTROM, glabel);
    for (size_t i = 0; s == HAVEN_OK && i < a->n; i++)
        memcpy(label[i], glabel[group[i]], HAVEN_SITE_NAME);
    free(frac), free(kind), free(comp), free(glabel);
    return s;
}

haven_status haven_sites_from_structure(const char *path, const char *species,
                                        haven_site_typing typing, double symprec,
                                        haven_site_set *out)
{
    memset(out, 0, sizeof *out);
    hs_atoms a = {0};
    haven_status s = hs_atoms_read(path, &a);
    char(*label)[HAVEN_SITE_NAME] = NULL;
    int *is_site = NULL;
    size_t *group = NULL;
    if (s == HAVEN_OK) {
        label = calloc(a.n ? a.n : 1, sizeof *label);
        is_site = calloc(a.n ? a.n : 1, sizeof *is_site);
        group = malloc((a.n ? a.n : 1) * 2 * sizeof *group);
        if (!label || !is_site || !group)
            s = haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    /* a mixed site (S and Cl at one position) is one site */
    if (s == HAVEN_OK && typing == HAVEN_SITE_TYPES_WYCKOFF)
        s = hs_skeleton_labels(&a, symprec, group, group + a.n, label);
    for (size_t i = 0; s == HAVEN_OK && i < a.n; i++)
        is_site[i] = haven_species_selected(species, a.element[i]);
    if (s == HAVEN_OK)
        hs_site_groups(&a, is_site, SAME_SITE, group, group + a.n);
    for (size_t i = 0; s == HAVEN_OK && i < a.n; i++) {
        is_site[i] = is_site[i] && group[a.n + group[i]] == i;
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
    free(label), free(is_site), free(group);
    hs_atoms_clear(&a);
    return s;
}
