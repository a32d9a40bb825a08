/* haven regions: MSD and D* of the ions while they are inside a region (a
 * slab, a sphere, or within r of the atoms of a species), for composite
 * electrolytes and interfaces.
 *
 * Ions enter and leave: a displacement over [t0, t0 + t] counts only if the
 * ion is inside the region in every frame of that interval (the conditional
 * MSD of the ions that stay), and the survival probability S(t), the share of
 * (ion, origin) pairs inside at t0 that stay inside through t0 + t, says how
 * far in time the region can be followed. Entries and exits are counted
 * frame by frame. For a slab the displacement parallel to it is reported
 * separately (the perpendicular one is bounded by the slab), and D_parallel
 * = MSD_par / (4 t): motion along the slab is independent of staying in it,
 * so this is unbiased (Liu, Harder and Berne, J. Phys. Chem. B 108, 6595
 * (2004)), fitted over lags with at least 5% survival. In a sphere or a
 * shell the ions that stay are those that moved little: D is fitted only
 * over lags that at least half survive and is biased low (a lower bound,
 * exact as the region grows). D is the least-squares slope of the MSD over
 * that window / (2 d); its error comes from 10 groups of ions fitted
 * separately (ions are independent samples), interval with t(9). The
 * conductivity of the region is given in the
 * Nernst-Einstein form sigma = n q^2 D / kT with n the mean number density of
 * the ions in the region (the collective displacement of a region whose
 * population changes is not defined).
 *
 * Paths come from the series store (out of core when large); the membership
 * of every ion in every frame is kept in a second store. */
#ifndef HAVEN_REGIONS_H
#define HAVEN_REGIONS_H

#include "haven/transport.h"
#include "haven/traj.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    HAVEN_REGION_SLAB = 0, /* lo <= fractional coordinate along `axis` < hi */
    HAVEN_REGION_SPHERE,   /* within radius of a fractional centre (minimum image) */
    HAVEN_REGION_NEAR      /* within radius of any atom flagged in near_atoms */
} haven_region_kind;

typedef struct {
    haven_region_kind kind;
    int axis;              /* slab: 0, 1, 2 (a, b, c) */
    double lo, hi;         /* slab: fractional bounds, lo < hi, within [0, 1] */
    double centre[3];      /* sphere: fractional */
    double radius;         /* m: sphere, near */
    const int *near_atoms; /* near: per-atom flags */
} haven_region;

typedef struct {
    size_t max_lag;        /* frames (0: a quarter of the run, at most 1000) */
    size_t origin_stride;  /* 0: 1 */
    haven_drift_mode drift;
    size_t max_bytes;      /* store budget (0: default) */
} haven_region_options;

typedef struct {
    size_t n_lags;           /* lags 0 .. n_lags - 1 frames */
    double dt;               /* s */
    double *msd;             /* m^2, conditional, all three components */
    double *msd_par;         /* m^2, slab: the two components parallel to it; else NULL */
    double *n_obs;           /* (ion, origin) pairs behind each lag */
    double *survival;        /* S(t) */
    double mean_inside;      /* ions inside, mean over frames */
    double volume;           /* m^3, of the region (slab, sphere; NAN for near) */
    size_t entries, exits;
    haven_estimate D;        /* m^2/s: 3D, or 2D parallel for a slab; NAN when no window */
    size_t fit_lags;         /* lags 1 .. fit_lags used */
    int fit_ok;
} haven_region_msd;

HAVEN_API void haven_region_options_init(haven_region_options *o);
/* select: per-atom flags of the ions. Reads t from its current position. */
HAVEN_API haven_status haven_region_msd_compute(haven_traj *t, const int *select,
                                                const haven_region *region,
                                                const haven_region_options *o,
                                                haven_region_msd *out);
HAVEN_API void haven_region_msd_clear(haven_region_msd *r);

#ifdef __cplusplus
}
#endif
#endif
