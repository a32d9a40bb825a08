/* Unwrapping.
 *
 * Wrapped input: the displacement between consecutive frames is taken as
 * the minimum image in fractional coordinates of each frame's own cell, and
 * the continuous path advances by the Cartesian displacement minus the
 * lattice translation n . cell(t+1) (the scheme recommended for constant-
 * pressure runs by von Buelow, Bullerjahn and Hummer, J. Chem. Phys. 153,
 * 021101 (2020): it never rescales the accumulated path with the box).
 * Image flags and unwrapped columns are used as given. */
#include "series/unwrap.h"

#include "core/error.h"
#include "series/cell.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_JUMP_WARNINGS 5

haven_status haven_unwrapper_init(haven_unwrapper *u, size_t n_atoms, double max_jump)
{
    memset(u, 0, sizeof *u);
    u->n_atoms = n_atoms;
    u->max_jump = max_jump > 0 ? max_jump : 0.25;
    u->prev_frac = malloc(n_atoms * sizeof *u->prev_frac);
    u->prev_wrap = malloc(n_atoms * sizeof *u->prev_wrap);
    u->path = malloc(n_atoms * sizeof *u->path);
    if (!u->prev_frac || !u->prev_wrap || !u->path) {
        haven_unwrapper_clear(u);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory for %zu atoms", n_atoms);
    }
    return HAVEN_OK;
}

void haven_unwrapper_clear(haven_unwrapper *u)
{
    free(u->prev_frac);
    free(u->prev_wrap);
    free(u->path);
    memset(u, 0, sizeof *u);
}

static void note_large_jump(haven_unwrapper *u, const char *path, size_t atom, long frame,
                            double jump)
{
    if (u->n_large++ < MAX_JUMP_WARNINGS)
        haven_warn("%s: atom %zu moved %.2f of the cell between frames %ld and %ld; the frames "
                   "are too far apart to unwrap reliably (save frames more often)",
                   path, atom + 1, jump, frame - 1, frame);
}

static void step_wrapped(haven_unwrapper *u, const haven_frame *f, const double inv[3][3],
                         const char *path)
{
    for (size_t i = 0; i < u->n_atoms; i++) {
        double fr[3];
        haven_cart_to_frac(f->pos[i], inv, fr);
        if (u->frames > 0) {
            double n[3], shift[3], worst = 0;
            for (int k = 0; k < 3; k++) {
                double d = fr[k] - u->prev_frac[i][k];
                n[k] = nearbyint(d);
                if (fabs(d - n[k]) > worst)
                    worst = fabs(d - n[k]);
            }
            if (worst > u->max_jump)
                note_large_jump(u, path, i, f->index, worst);
            haven_frac_to_cart(n, f->cell, shift);
            for (int k = 0; k < 3; k++)
                u->path[i][k] += f->pos[i][k] - u->prev_wrap[i][k] - shift[k];
        } else {
            memcpy(u->path[i], f->pos[i], sizeof u->path[i]);
        }
        memcpy(u->prev_frac[i], fr, sizeof fr);
        memcpy(u->prev_wrap[i], f->pos[i], sizeof u->prev_wrap[i]);
    }
}

static void step_images(haven_unwrapper *u, const haven_frame *f)
{
    for (size_t i = 0; i < u->n_atoms; i++) {
        double n[3] = {f->image[i][0], f->image[i][1], f->image[i][2]}, shift[3];
        haven_frac_to_cart(n, f->cell, shift);
        for (int k = 0; k < 3; k++)
            u->path[i][k] = f->pos[i][k] + shift[k];
    }
}

haven_status haven_unwrapper_step(haven_unwrapper *u, const haven_frame *f, const char *path)
{
    if (f->n_atoms != u->n_atoms)
        return haven_fail(HAVEN_ERR_FORMAT, "%s: frame %ld has %zu atoms, expected %zu", path,
                          f->index + 1, f->n_atoms, u->n_atoms);
    for (size_t i = 0; i < u->n_atoms; i++)
        for (int k = 0; k < 3; k++)
            if (!isfinite(f->pos[i][k]))
                return haven_fail(HAVEN_ERR_VALUE,
                                  "%s: frame %ld: atom %zu has a non-finite "
                                  "coordinate",
                                  path, f->index + 1, i + 1);
    double inv[3][3];
    double det = haven_cell_inverse(f->cell, inv);
    if (!(fabs(det) > 0) || !isfinite(det))
        return haven_fail(HAVEN_ERR_VALUE, "%s: frame %ld: the cell is missing or singular", path,
                          f->index + 1);
    switch (f->coords) {
    case HAVEN_COORD_WRAPPED: step_wrapped(u, f, inv, path); break;
    case HAVEN_COORD_IMAGES: step_images(u, f); break;
    case HAVEN_COORD_UNWRAPPED: memcpy(u->path, f->pos, u->n_atoms * sizeof *u->path); break;
    }
    u->frames++;
    return HAVEN_OK;
}
