/* Atom count lines and frame-1 atoms for the XYZ-family readers. */
#include "io/xyzframe.h"

#include "core/error.h"
#include "haven/elements.h"
#include "io/grow.h"
#include "io/parse.h"

#include <stdlib.h>

haven_status haven_xyz_count(haven_linereader *lr, long *n)
{
    char *line;
    size_t len;
    haven_status s;
    while ((s = haven_lr_next(lr, &line, &len)) == HAVEN_OK && haven_line_blank(line))
        ;
    const char *p = line;
    if (s == HAVEN_OK && (s = haven_lr_long(lr, &p, n)) == HAVEN_OK && *n <= 0)
        s = haven_lr_fail(lr, HAVEN_ERR_FORMAT, "atom count must be positive, found %ld", *n);
    return s;
}

haven_status haven_xyz_atoms(haven_traj *t, haven_linereader *lr, long n, haven_xyz_row_fn row,
                             void *ctx)
{
    char(*sym)[HAVEN_SPECIES_NAME_MAX] = NULL;
    const char **ptrs = NULL;
    size_t cap = 0;
    haven_status s = HAVEN_OK;
    for (long i = 0; s == HAVEN_OK && i < n; i++) {
        void *p = haven_grow(sym, &cap, (size_t)i + 1, sizeof *sym);
        if (!p)
            s = haven_fail(HAVEN_ERR_NOMEM, "out of memory for %ld atoms", i + 1);
        else if ((s = row(ctx, (sym = p)[i])) == HAVEN_OK && haven_element_mass(sym[i]) <= 0)
            s = haven_lr_fail(lr, HAVEN_ERR_FORMAT, "unknown element '%s'", sym[i]);
    }
    if (s == HAVEN_OK && !(ptrs = calloc(n > 0 ? (size_t)n : 1, sizeof *ptrs)))
        s = haven_fail(HAVEN_ERR_NOMEM, "out of memory for %ld atoms", n);
    for (long i = 0; s == HAVEN_OK && i < n; i++)
        ptrs[i] = sym[i];
    if (s == HAVEN_OK)
        s = haven_traj_set_atoms(t, (size_t)n, ptrs);
    free(ptrs);
    free(sym);
    return s;
}

haven_status haven_xyz_first_frame(haven_traj *t, haven_linereader *lr, size_t min_row,
                                   haven_xyz_comment_fn comment, haven_xyz_row_fn row, void *ctx)
{
    long n;
    char *line;
    haven_status s = haven_xyz_count(lr, &n);
    if (s == HAVEN_EOF)
        return haven_lr_fail(lr, HAVEN_ERR_FORMAT, "no frames (empty file?)");
    if (s == HAVEN_OK)
        s = haven_lr_check_count(lr, "atom count", (unsigned long long)n, min_row);
    if (s == HAVEN_OK && (s = haven_lr_expect(lr, &line, "comment line")) == HAVEN_OK && comment)
        s = comment(ctx, line);
    if (s == HAVEN_OK)
        s = haven_xyz_atoms(t, lr, n, row, ctx);
    return s == HAVEN_OK ? haven_traj_alloc_frame(t, 0, 0) : s;
}
