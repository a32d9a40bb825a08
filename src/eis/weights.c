/* Residual weights (see weights.h). */
#include "eis/weights.h"

#include <math.h>

void eis_weights(const haven_eis_data *d, haven_eis_weight w, double *w_re, double *w_im)
{
    for (size_t i = 0; i < d->n; i++) {
        double m = hypot(d->zre[i], d->zim[i]);
        double sr = 1, si = 1;
        if (w == HAVEN_EIS_WEIGHT_MODULUS) {
            sr = si = m;
        } else if (w == HAVEN_EIS_WEIGHT_PROPORTIONAL) {
            /* floor at 1% of |Z| so a zero crossing of Z'' gets no infinite weight */
            sr = fmax(fabs(d->zre[i]), 1e-2 * m);
            si = fmax(fabs(d->zim[i]), 1e-2 * m);
        }
        w_re[i] = 1.0 / sr;
        w_im[i] = 1.0 / si;
    }
}
