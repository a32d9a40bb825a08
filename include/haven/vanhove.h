/* haven vanhove: space-time correlations of the ions.
 *
 * Self part (from the series store, so out of core when large):
 *   G_s(r, t) = < delta(r - |r_i(t0 + t) - r_i(t0)|) > / (4 pi r^2), normalised so that
 *               int 4 pi r^2 G_s dr = 1 (m^-3);
 *   F_s(Q, t) = < sin(Q |dr|) / (Q |dr|) >, the powder-averaged self-intermediate
 *               scattering function (isotropic average of exp(i Q . dr)),
 * averaged over the atoms of a group and over time origins, at a set of lags,
 * and a KWW fit F_s = A exp(-(t/tau)^beta) per Q (haven_kww_fit) where F_s
 * decays below half its first value within the lags (else tau is not
 * determined by the run: kww_ok 0).
 *
 * Distinct part and RDF (streamed frames, a ring of the last max-lag frames):
 *   G_d(r, t) = V / (N_a N_b) < sum_{i in a, j in b, i != j}
 *               delta(r - |r_j(t0 + t) - r_i(t0)|) > / (4 pi r^2),
 * normalised to 1 for uncorrelated positions; at t = 0 the radial
 * distribution function g_ab(r). Minimum image in each frame's own cell; a
 * cell list makes each origin O(N). r_max must not exceed half the
 * smallest perpendicular width of the cell.
 *
 * Thread safety: separate data in separate threads. */
#ifndef HAVEN_VANHOVE_H
#define HAVEN_VANHOVE_H

#include "haven/fit.h"
#include "haven/series.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    size_t n_lags;      /* lags (0: 24, log-spaced from 1 frame to half the run) */
    const size_t *lags; /* or these lags, frames, ascending (overrides n_lags) */
    size_t origin_stride; /* frames between time origins (0: 1) */
    double r_max;       /* m (0: 10 A) */
    size_t n_bins;      /* histogram bins (0: 200) */
    const double *q;    /* 1/m, for F_s */
    size_t n_q;
} haven_vanhove_options;

typedef struct {
    size_t n_lags;
    size_t *lag;       /* frames */
    double dt;         /* s per frame */
    size_t n_bins;
    double r_max, dr;  /* m; bin b covers [b dr, (b+1) dr) */
    double *gs;        /* [lag * n_bins + b], m^-3 */
    size_t n_q;
    double *q;         /* 1/m */
    double *fs;        /* [q * n_lags + lag] */
    double *fs_err;    /* standard error over atoms (each atom's origin average one sample) */
    haven_fit_result *kww; /* per Q: A, tau (s), beta; kww_ok[q] says if the fit converged */
    int *kww_ok;
    size_t n_atoms;
} haven_vanhove_self;

HAVEN_API void haven_vanhove_options_init(haven_vanhove_options *o);
/* group[i] != 0 selects atom i; dt: s per frame. */
HAVEN_API haven_status haven_vanhove_self_compute(haven_store *store, const int *group,
                                                  double dt, const haven_vanhove_options *o,
                                                  haven_vanhove_self *out);
HAVEN_API void haven_vanhove_self_clear(haven_vanhove_self *v);

typedef struct {
    size_t n_lags;
    size_t *lag;
    double dt;
    size_t n_bins;
    double r_max, dr;
    double *gd;         /* [lag * n_bins + b], dimensionless; lag 0 (if asked) is g(r) */
    double *coordination; /* [lag * n_bins + b]: running number of b-atoms within r of an
                             a-atom, rho_b int 4 pi r^2 G_d dr */
    size_t n_a, n_b;
} haven_vanhove_distinct;

/* Atoms with a_sel[i] at t0 against atoms with b_sel[j] at t0 + t (a_sel ==
 * b_sel for one species). Lags from o (lag 0 allowed: the RDF); frames
 * streamed from the current position of t. */
HAVEN_API haven_status haven_vanhove_distinct_compute(haven_traj *t, const int *a_sel,
                                                      const int *b_sel,
                                                      const haven_vanhove_options *o,
                                                      haven_vanhove_distinct *out);
HAVEN_API void haven_vanhove_distinct_clear(haven_vanhove_distinct *v);

/* Chudley-Elliott jump diffusion with isotropically oriented jumps of one
 * length a: F_s(Q, t) = exp(-Gamma t (1 - sin(Qa)/(Qa))), Gamma the jump
 * rate per ion (1/s). */
HAVEN_API double haven_chudley_elliott(double q, double a, double gamma, double t);
/* Chudley-Elliott on a Bravais lattice with the n jump vectors a_j (m),
 * each taken with rate Gamma / n, powder-averaged exactly:
 *   F_s(Q, t) = < exp(-Gamma t (1 - (1/n) sum_j cos(Q . a_j))) > over the
 *   directions of Q
 * (64-point Gauss-Legendre in cos theta x 128 points in phi; the
 * exponential of the averaged rate, haven_chudley_elliott, is its small-Q
 * limit only). The reference for lattice hopping (haven kmc). */
HAVEN_API double haven_chudley_elliott_powder(double q, const double (*jumps)[3], size_t n,
                                              double gamma, double t);
/* Nearest-neighbour jump vectors of a cubic lattice "sc" (6), "bcc" (8) or
 * "fcc" (12) with jump length a (m); returns the count, 0 for an unknown
 * name. out needs room for 12. */
HAVEN_API size_t haven_cubic_jumps(const char *lattice, double a, double (*out)[3]);

#ifdef __cplusplus
}
#endif
#endif
