/* Figures of the structure commands (tools/fig_structure.c). */
#ifndef HAVEN_TOOLS_FIG_STRUCTURE_H
#define HAVEN_TOOLS_FIG_STRUCTURE_H

#include "figure_cli.h"
#include "haven/vanhove.h"

/* F_s(Q,t) with its errors and the KWW fit per Q; 4 pi r^2 G_s(r,t) at a
 * few lags; g(r) with the running coordination number when d holds lag 0.
 * NULL when out of memory. */
fig *vanhove_figure(const haven_vanhove_self *s, const haven_vanhove_distinct *d,
                    const char *file);

#endif
