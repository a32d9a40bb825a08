/* Site mixing of a structure with partial occupancies (see haven/sites.h). */
#include "haven/analysis.h"
#include "haven/sites.h"

#include "core/error.h"
#include "structure/atoms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void haven_site_mixing_clear(haven_site_mixing *m)
{
    if (!m)
        return;
    free(m->type_name), free(m->type_sites), free(m->species), free(m->fraction);
    free(m->vacant), free(m->entropy);
    memset(m, 0, sizeof *m);
}

/* Species of the list present in the structure, in list order. */
static void species_of(const hs_atoms *a, const char *list, haven_site_mixing *m)
{
    for (size_t i = 0; i < a->n; i++) {
        if (!haven_species_selected(list, a->element[i]))
            continue;
        size_t k = 0;
        while (k < m->n_species && strcmp(m->species[k], a->element[i]))
            k++;
        if (k == m->n_species)
            snprintf(m->species[m->n_species++], 8, "%s", a->element[i]);
    }
}

static size_t type_of(haven_site_mixing *m, const char *label)
{
    size_t t = 0;
    while (t < m->n_types && strcmp(m->type_name[t], label))
        t++;
    if (t == m->n_types)
        memcpy(m->type_name[m->n_types++], label, HAVEN_SITE_NAME);
    return t;
}

static haven_status fill(const hs_atoms *a, const char *list, const size_t *group,
                         const size_t *first, char (*label)[HAVEN_SITE_NAME],
                         haven_site_mixing *m)
{
    size_t n = a->n ? a->n : 1;
    m->type_name = calloc(n, sizeof *m->type_name);
    m->type_sites = calloc(n, sizeof *m->type_sites);
    m->species = calloc(n, sizeof *m->species);
    m->vacant = calloc(n, sizeof *m->vacant);
    m->entropy = calloc(n, sizeof *m->entropy);
    if (!m->type_name || !m->type_sites || !m->species || !m->vacant || !m->entropy)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    species_of(a, list, m);
    if (m->n_species == 0)
        return haven_fail(HAVEN_ERR_DATA, "no atoms of '%s' in the structure", list);
    m->fraction = calloc(n * m->n_species, sizeof *m->fraction);
    if (!m->fraction)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    /* sites holding a species of the list, by their representative atom */
    for (size_t i = 0; i < a->n; i++) {
        if (first[group[i]] != i)
            continue;
        int holds = 0;
        for (size_t j = 0; j < a->n; j++)
            holds |= group[j] == group[i] && haven_species_selected(list, a->element[j]);
        if (holds)
            m->type_sites[type_of(m, label[i])]++;
    }
    for (size_t j = 0; j < a->n; j++) {
        if (!haven_species_selected(list, a->element[j]))
            continue;
        size_t t = type_of(m, label[j]), k = 0;
        while (strcmp(m->species[k], a->element[j]))
            k++;
        m->fraction[t * m->n_species + k] += a->occupancy[j] / (double)m->type_sites[t];
    }
    for (size_t t = 0; t < m->n_types; t++) {
        double x[65], sum = 0;
        size_t ns = m->n_species < 64 ? m->n_species : 64;
        for (size_t k = 0; k < ns; k++)
            sum += x[k] = m->fraction[t * m->n_species + k];
        m->vacant[t] = x[ns] = sum < 1 ? 1 - sum : 0;
        m->entropy[t] = haven_mixing_entropy(x, ns + 1);
    }
    return HAVEN_OK;
}

haven_status haven_structure_mixing(const char *path, const char *species, double symprec,
                                    haven_site_mixing *out)
{
    memset(out, 0, sizeof *out);
    hs_atoms a = {0};
    haven_status s = hs_atoms_read(path, &a);
    size_t *group = NULL;
    char(*label)[HAVEN_SITE_NAME] = NULL;
    if (s == HAVEN_OK) {
        group = malloc(2 * (a.n ? a.n : 1) * sizeof *group);
        label = calloc(a.n ? a.n : 1, sizeof *label);
        if (!group || !label)
            s = haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    if (s == HAVEN_OK &&
        ((s = hs_skeleton_labels(&a, symprec, group, group + a.n, label)) != HAVEN_OK ||
         (s = fill(&a, species, group, group + a.n, label, out)) != HAVEN_OK))
        haven_error_prefix("%s: ", path);
    if (s != HAVEN_OK)
        haven_site_mixing_clear(out);
    free(group), free(label);
    hs_atoms_clear(&a);
    return s;
}
