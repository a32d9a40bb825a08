/* Site types from symmetry: the Wyckoff position of each atom of a
 * structure (spglib), named by multiplicity and letter ("24g"), and the
 * site set built from the atoms that are sites. */
#include "structure/sitetypes.h"

#include "core/error.h"

#include <spglib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void haven_site_set_clear(haven_site_set *s)
{
    if (!s)
        return;
    free(s->frac);
    free(s->type);
    free(s->type_name);
    memset(s, 0, sizeof *s);
}

haven_status hs_wyckoff_labels(const double cell[3][3], size_t n, const double (*frac)[3],
                               const int *kind, double symprec, char (*label)[HAVEN_SITE_NAME])
{
    double lattice[3][3]; /* spglib: lattice vectors as columns, any length unit */
    for (int a = 0; a < 3; a++)
        for (int k = 0; k < 3; k++)
            lattice[k][a] = cell[a][k] / HAVEN_ANGSTROM;
    int *types = malloc(n * sizeof *types);
    double(*pos)[3] = malloc(n * sizeof *pos);
    if (!types || !pos) {
        free(types), free(pos);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    memcpy(pos, frac, n * sizeof *pos);
    memcpy(types, kind, n * sizeof *types);
    SpglibDataset *d = spg_get_dataset(lattice, pos, types, (int)n, symprec / HAVEN_ANGSTROM);
    free(types), free(pos);
    if (!d)
        return haven_fail(HAVEN_ERR_NUMERIC, "spglib found no symmetry: %s",
                          spg_get_error_message(spg_get_error_code()));
    size_t *orbit = calloc(n, sizeof *orbit);
    if (!orbit) {
        spg_free_dataset(d);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        orbit[d->equivalent_atoms[i]]++;
    for (size_t i = 0; i < n; i++) {
        size_t size = orbit[d->equivalent_atoms[i]];
        /* multiplicity in the conventional cell, as the tables give it */
        size_t mult = size * (size_t)d->n_std_atoms % n == 0 ? size * (size_t)d->n_std_atoms / n
                                                               : size;
        snprintf(label[i], HAVEN_SITE_NAME, "%zu%c", mult, 'a' + d->wyckoffs[i]);
    }
    /* two different orbits with one Wyckoff letter (their free parameters
     * differ): the later ones are numbered, "4e-2" */
    for (size_t i = 0; i < n; i++) {
        if ((size_t)d->equivalent_atoms[i] != i)
            continue;
        int copy = 1;
        for (size_t j = 0; j < i; j++)
            copy += (size_t)d->equivalent_atoms[j] == j && !strcmp(label[j], label[i]);
        orbit[i] = (size_t)copy;
    }
    for (size_t i = 0; i < n; i++) {
        size_t rep = (size_t)d->equivalent_atoms[i];
        if (orbit[rep] > 1 && rep == i) {
            size_t len = strlen(label[i]);
            snprintf(label[i] + len, HAVEN_SITE_NAME - len, "-%zu", orbit[rep]);
        }
    }
    for (size_t i = 0; i < n; i++)
        memcpy(label[i], label[d->equivalent_atoms[i]], HAVEN_SITE_NAME);
    free(orbit);
    spg_free_dataset(d);
    return HAVEN_OK;
}

haven_status hs_site_set_build(haven_site_set *out, const double cell[3][3], size_t n,
                               const double (*frac)[3], const int *is_site,
                               const char (*label)[HAVEN_SITE_NAME])
{
    memset(out, 0, sizeof *out);
    memcpy(out->cell, cell, sizeof out->cell);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        m += is_site[i] != 0;
    if (m == 0)
        return haven_fail(HAVEN_ERR_DATA, "no sites: no atom of the site species");
    out->frac = malloc(m * sizeof *out->frac);
    out->type = malloc(m * sizeof *out->type);
    out->type_name = calloc(m, sizeof *out->type_name);
    if (!out->frac || !out->type || !out->type_name) {
        haven_site_set_clear(out);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        if (!is_site[i])
            continue;
        size_t s = out->n_sites++, t = 0;
        memcpy(out->frac[s], frac[i], sizeof out->frac[s]);
        while (t < out->n_types && strcmp(out->type_name[t], label[i]))
            t++;
        if (t == out->n_types)
            memcpy(out->type_name[out->n_types++], label[i], HAVEN_SITE_NAME);
        out->type[s] = (int)t;
    }
    return HAVEN_OK;
}

haven_status hs_symmetry_ops(const double cell[3][3], size_t n, const double (*frac)[3],
                             const int *kind, double symprec, hs_symops *ops)
{
    memset(ops, 0, sizeof *ops);
    double lattice[3][3];
    for (int a = 0; a < 3; a++)
        for (int k = 0; k < 3; k++)
            lattice[k][a] = cell[a][k] / HAVEN_ANGSTROM;
    SpglibDataset *d = spg_get_dataset(lattice, (double(*)[3])frac, (int *)kind, (int)n,
                                       symprec / HAVEN_ANGSTROM);
    if (!d)
        return haven_fail(HAVEN_ERR_NUMERIC, "spglib found no symmetry: %s",
                          spg_get_error_message(spg_get_error_code()));
    ops->n = (size_t)d->n_operations;
    ops->rot = malloc(ops->n * sizeof *ops->rot);
    ops->trans = malloc(ops->n * sizeof *ops->trans);
    if (!ops->rot || !ops->trans) {
        spg_free_dataset(d);
        hs_symops_clear(ops);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    memcpy(ops->rot, d->rotations, ops->n * sizeof *ops->rot);
    memcpy(ops->trans, d->translations, ops->n * sizeof *ops->trans);
    snprintf(ops->symbol, sizeof ops->symbol, "%s", d->international_symbol);
    spg_free_dataset(d);
    return HAVEN_OK;
}

void hs_symops_clear(hs_symops *ops)
{
    free(ops->rot), free(ops->trans);
    memset(ops, 0, sizeof *ops);
}
