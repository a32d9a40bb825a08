/* Internal: the state of a site assignment pass and its raw record, shared
 * by sites_assign.c (the pass) and sites_stats.c (the estimates). */
#ifndef HAVEN_SRC_STRUCTURE_SITES_INTERNAL_H
#define HAVEN_SRC_STRUCTURE_SITES_INTERNAL_H

#include "haven/sites.h"
#include "structure/sitemap.h"

typedef struct {
    long site;           /* belongs to (last settled on), -1 before the first */
    size_t since;        /* frame of settling */
    int entered_by_jump; /* 0 for the first site: its residence started before the run */
    double img[3];       /* continuous position of the site image, m */
} hs_ion;

typedef struct {
    int type;
    size_t frames; /* settle to settle */
    size_t end;    /* frame of the jump that ended it */
} hs_residence;

typedef struct {
    hs_sitemap map;
    double cell0[3][3]; /* first frame's cell */
    double radius;
    size_t n_ions, n_types;
    hs_ion *ion;
    size_t *site_count; /* frames with an ion inside, per site */
    size_t on_total;
    size_t n_frames, cap_frames;
    unsigned *on, *own; /* [frame * n_types + type]: ions inside / belonging */
    haven_jump *jumps;
    size_t n_jumps, cap_jumps;
    hs_residence *res;
    size_t n_res, cap_res;
} hs_assign;

haven_status hs_assign_run(haven_traj *t, const haven_site_set *sites, const int *select,
                           const haven_sites_options *o, hs_assign *a, double *dt);
void hs_assign_clear(hs_assign *a);

#endif
