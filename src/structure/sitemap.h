/* Internal: the sites of a reference mapped onto a trajectory's
 * (super)cell, with a cell list for the nearest-site search. */
#ifndef HAVEN_SRC_STRUCTURE_SITEMAP_H
#define HAVEN_SRC_STRUCTURE_SITEMAP_H

#include "haven/sites.h"
#include "structure/celllist.h"

typedef struct {
    size_t n;              /* sites in the supercell */
    size_t mult[3];        /* supercell of the reference */
    double (*frac)[3];     /* fractional in the trajectory cell */
    int *type;
    hs_celllist bins;      /* over the sites, bins at least one radius wide */
} hs_sitemap;

/* cell: the trajectory's first cell; radius: the search radius (m). Fails
 * when the cell is not an integer supercell of the reference (within 5%). */
haven_status hs_sitemap_build(hs_sitemap *m, const haven_site_set *ref, const double cell[3][3],
                              double radius, const char *path);
void hs_sitemap_clear(hs_sitemap *m);
/* Nearest site within radius of fractional position fr under cell; -1 if
 * none. *d2 receives its squared distance. */
long hs_sitemap_nearest(const hs_sitemap *m, const double fr[3], const double cell[3][3],
                        double radius, double *d2);
/* Shortest distance between sites of a set, periodic images included. */
double hs_site_min_distance(const haven_site_set *s);

#endif
