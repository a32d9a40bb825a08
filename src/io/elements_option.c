/* Atoms of formats that name no elements (DCD, XTC, TRR, .npy): the
 * elements come from the caller, "Li:32,Cl:32" in file order; the last
 * entry may say "*" for all remaining atoms ("Li:32,Cl:*"). */
#include "io/reader.h"

#include "core/error.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* One "Sym:count" entry at *p; moves *p past it and its comma. */
static haven_status next_entry(const char *list, const char **p, char sym[HAVEN_SPECIES_NAME_MAX],
                               unsigned long *count)
{
    size_t len = strcspn(*p, ":,");
    if (len == 0 || len >= HAVEN_SPECIES_NAME_MAX)
        return haven_fail(HAVEN_ERR_ARG,
                          "elements '%s': expected entries like Li:32 (symbol:count)", list);
    memcpy(sym, *p, len);
    sym[len] = '\0';
    *p += len;
    *count = 1;
    if (**p == ':' && (*p)[1] == '*' && ((*p)[2] == '\0' || (*p)[2] == ',')) {
        *count = ULONG_MAX; /* the remaining atoms */
        *p += 2;
    } else if (**p == ':') {
        char *end;
        const char *num = *p + 1;
        *count = strtoul(num, &end, 10);
        if (end == num || (*end && *end != ',') || *count == 0 || *num == '-')
            return haven_fail(HAVEN_ERR_ARG,
                              "elements '%s': '%s' needs a positive whole count after ':'", list,
                              sym);
        *p = end;
    }
    if (**p == ',')
        (*p)++;
    return HAVEN_OK;
}

haven_status haven_traj_atoms_from_option(haven_traj *t, size_t n_atoms, const char *what)
{
    const char *list = t->opt.elements;
    if (!list || !*list)
        return haven_fail(HAVEN_ERR_ARG,
                          "%s: %s names no elements; give them in file order, e.g. "
                          "--elements Li:%zu (symbol:count, comma-separated)",
                          t->path, what, n_atoms);
    char(*sym)[HAVEN_SPECIES_NAME_MAX] = calloc(n_atoms, sizeof *sym);
    const char **ptr = calloc(n_atoms, sizeof *ptr);
    haven_status s = sym && ptr ? HAVEN_OK : haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    size_t n = 0;
    for (const char *p = list; s == HAVEN_OK && *p;) {
        char e[HAVEN_SPECIES_NAME_MAX];
        unsigned long count = 0;
        s = next_entry(list, &p, e, &count);
        if (s == HAVEN_OK && count == ULONG_MAX && *p != '\0')
            s = haven_fail(HAVEN_ERR_ARG, "elements '%s': only the last count may be '*'", list);
        if (s == HAVEN_OK && count == ULONG_MAX && n < n_atoms)
            count = n_atoms - n;
        if (s == HAVEN_OK && count > n_atoms - n) {
            n = n_atoms + 1; /* more atoms than the file has */
            break;
        }
        for (unsigned long k = 0; s == HAVEN_OK && k < count; k++)
            memcpy(sym[n++], e, sizeof e);
    }
    if (s == HAVEN_OK && n != n_atoms)
        s = haven_fail(HAVEN_ERR_ARG, "%s: --elements '%s' gives %s%zu atoms, but the file has %zu",
                       t->path, list, n > n_atoms ? "more than " : "", n > n_atoms ? n_atoms : n,
                       n_atoms);
    for (size_t i = 0; s == HAVEN_OK && i < n_atoms; i++)
        ptr[i] = sym[i];
    if (s == HAVEN_OK)
        s = haven_traj_set_atoms(t, n_atoms, ptr);
    free(sym);
    free(ptr);
    return s;
}
