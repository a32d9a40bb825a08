/* DRT peaks against the arcs of a circuit fitted to the same spectrum: each
 * arc (an R with a C, CPE, Zarc or K) relaxes at tau = R C or (R Q)^(1/a),
 * where its DRT peak sits, so the two analyses agree when every arc has a
 * measured peak near its tau. */
#include "eis/circuit.h"

#include <math.h>

size_t haven_eis_drt_match(const haven_eis_drt_result *drt, const haven_eis_arc *arcs,
                           size_t n_arcs, double factor, long *peak_of_arc)
{
    double lim = log(factor > 1 ? factor : 3.0);
    for (size_t a = 0; drt && arcs && peak_of_arc && a < n_arcs; a++) {
        peak_of_arc[a] = -1;
        double best = lim;
        for (size_t p = 0; p < drt->n_peaks; p++) {
            double dist = fabs(log(drt->peaks[p].tau.value / arcs[a].tau));
            if (!drt->peaks[p].extrapolated && dist <= best) {
                best = dist;
                peak_of_arc[a] = (long)p;
            }
        }
    }
    return n_arcs;
}
