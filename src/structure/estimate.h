/* Internal: estimates from time blocks (see haven/sites.h). */
#ifndef HAVEN_SRC_STRUCTURE_ESTIMATE_H
#define HAVEN_SRC_STRUCTURE_ESTIMATE_H

#include "haven/sites.h"

/* sum(num) / sum(den) over B blocks, its jackknife standard error (leave
 * one block out) and 95% interval with Student t(B - 1). NAN when the
 * denominator sums to 0; stderr NAN with fewer than 2 blocks with a denominator. */
void hs_ratio_estimate(const double *num, const double *den, size_t B, const char *unit,
                       haven_estimate *out);
/* A function g of an estimate with derivative dg at the value: delta
 * method, the interval mapped through g when g is monotonic. */
void hs_estimate_map(const haven_estimate *in, double (*g)(double, void *), void *ctx,
                     const char *unit, haven_estimate *out);

#endif
