/* haven rotation: reorientation of rigid polyanions (PS4, SO4, BH4, ...)
 * and its coupling to the motion of nearby cations (the paddle-wheel
 * mechanism).
 *
 * Groups: every atom of the centre species with the ligand atoms within
 * `cutoff` of it in the first frame (fixed membership: rigid groups). Each
 * centre-ligand bond gives a unit vector u(t) (minimum image in each
 * frame's cell), kept in a series store (out of core when large).
 *   C_l(t) = < P_l(u(t0) . u(t0 + t)) >, l = 1, 2,
 * averaged over bonds and time origins at log-spaced lags, each fitted with
 * a KWW A exp(-(t/tau)^beta) (haven_kww_fit); <tau> = (tau/beta) Gamma(1/beta)
 * is the correlation time; a curve that has not decayed to half its first
 * value by the longest lag is not fitted (kww_ok 0: tau exceeds what the
 * run can determine). For rotational diffusion with coefficient D_r,
 * C_l = exp(-l(l+1) D_r t): tau_1 = 1/(2 D_r), tau_2 = 1/(6 D_r).
 *
 * Coupling: in consecutive windows of length `window`, the rotation angle of
 * each group (mean angle between its bond vectors at the window's ends)
 * against the displacement of every cation within `near` of the group's
 * centre at the window's start: Pearson's r over all such pairs, with the
 * Fisher z test (r = 0 when rotations and cation moves are independent;
 * pairs sharing a group or a cation are not independent, so the p-value is
 * indicative).
 *
 * Thread safety: separate data in separate threads. */
#ifndef HAVEN_ROTATION_H
#define HAVEN_ROTATION_H

#include "haven/fit.h"
#include "haven/traj.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    double cutoff;        /* m, centre-ligand distance (required) */
    size_t n_lags;        /* 0: 24, log-spaced 1 .. T/2 */
    size_t origin_stride; /* 0: 1 */
    double window;        /* s, coupling window (0: no coupling) */
    double near;          /* m, cations within this of a centre (0: 5 A) */
    size_t max_bytes;     /* store budget (0: default) */
} haven_rotation_options;

typedef struct {
    size_t n_groups, n_bonds, min_ligands, max_ligands;
    size_t n_lags;
    size_t *lag; /* frames */
    double dt;   /* s */
    double *c[2];     /* C_1, C_2 per lag */
    double *c_err[2]; /* standard error over bonds (each bond's origin average one sample) */
    haven_fit_result kww[2];
    int kww_ok[2];
    /* coupling */
    size_t coupling_pairs, coupling_windows;
    double coupling_r, coupling_z, coupling_p; /* Pearson r, Fisher z, two-sided p */
} haven_rotation;

HAVEN_API void haven_rotation_options_init(haven_rotation_options *o);
/* centre, ligand, cation: per-atom flags (cation may be NULL: no coupling). */
HAVEN_API haven_status haven_rotation_compute(haven_traj *t, const int *centre,
                                              const int *ligand, const int *cation,
                                              const haven_rotation_options *o,
                                              haven_rotation *out);
HAVEN_API void haven_rotation_clear(haven_rotation *r);

#ifdef __cplusplus
}
#endif
#endif
