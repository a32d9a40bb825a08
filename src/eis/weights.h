/* Residual weights 1/sigma for impedance data, shared by the circuit fit
 * and the DRT. */
#ifndef HAVEN_SRC_EIS_WEIGHTS_H
#define HAVEN_SRC_EIS_WEIGHTS_H

#include "haven/eis.h"

/* w_re[i] = 1/sigma_re, w_im[i] = 1/sigma_im for each point of d. */
void eis_weights(const haven_eis_data *d, haven_eis_weight w, double *w_re, double *w_im);

#endif
