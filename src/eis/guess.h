/* Initial guesses for equivalent-circuit parameters from the shape of a
 * spectrum: arcs are found as maxima of -Z'' against log f; an arc's
 * diameter comes from the Z' span between the valleys around it, its time
 * constant from the apex frequency (tau = 1 / (2 pi f_apex)). */
#ifndef HAVEN_SRC_EIS_GUESS_H
#define HAVEN_SRC_EIS_GUESS_H

#include "haven/eis.h"

#define EIS_MAX_ARCS 16

typedef struct {
    double r_inf;        /* high-frequency intercept, ohm (> 0) */
    double span;         /* max Z' - min Z', ohm (> 0) */
    double w_min, w_max; /* angular frequency window, rad/s */
    double zim_low;      /* |Z''| at the lowest frequency, ohm */
    size_t n_arcs;       /* arcs found, highest frequency first */
    double arc_r[EIS_MAX_ARCS], arc_tau[EIS_MAX_ARCS];
} eis_features;

void eis_features_detect(const haven_eis_data *d, eis_features *F);
/* Number of arc blocks (parallel R with C/CPE) in the circuit. */
size_t eis_circuit_n_arcs(const haven_eis_circuit *c);
/* Fill params from features, using arc_r / arc_tau (n_arcs of them) for the
 * circuit's arc blocks in order of appearance. */
void eis_guess_from(const haven_eis_circuit *c, const eis_features *F, const double *arc_r,
                    const double *arc_tau, size_t n_arcs, double *params);

#endif
