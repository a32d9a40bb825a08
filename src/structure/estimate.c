/* Block jackknife for ratios of sums. */
#include "structure/estimate.h"

#include <math.h>
#include <stdlib.h>

void hs_ratio_estimate(const double *num, const double *den, size_t B, const char *unit,
                       haven_estimate *out)
{
    double sn = 0, sd = 0;
    size_t with_data = 0;
    int nonneg = 1;
    for (size_t b = 0; b < B; b++)
        sn += num[b], sd += den[b], with_data += den[b] > 0, nonneg &= num[b] >= 0;
    *out = haven_estimate_make(sd > 0 ? sn / sd : NAN, NAN, 0, unit);
    /* one block with data says nothing about the spread */
    if (!(sd > 0) || with_data < 2)
        return;
    double mean = 0, ss = 0;
    size_t used = 0;
    double *loo = malloc(B * sizeof *loo);
    if (!loo)
        return;
    for (size_t b = 0; b < B; b++) {
        double d = sd - den[b];
        if (d > 0)
            mean += loo[used++] = (sn - num[b]) / d;
    }
    if (used >= 2) {
        mean /= (double)used;
        for (size_t b = 0; b < used; b++)
            ss += (loo[b] - mean) * (loo[b] - mean);
        *out = haven_estimate_make(out->value, sqrt((double)(used - 1) / (double)used * ss),
                                   (double)(used - 1), unit);
        /* A ratio of counts (rates, occupancies) is >= 0: with few events
         * the symmetric interval would reach below what is possible. */
        if (nonneg && out->lo < 0)
            out->lo = 0;
    }
    free(loo);
}

void hs_estimate_map(const haven_estimate *in, double (*g)(double, void *), void *ctx,
                     const char *unit, haven_estimate *out)
{
    double v = in->value, h = 1e-6 * (fabs(v) > 0 ? fabs(v) : 1.0);
    double gv = g(v, ctx), slope = (g(v + h, ctx) - g(v - h, ctx)) / (2 * h);
    double a = g(in->lo, ctx), b = g(in->hi, ctx);
    out->unit = unit;
    out->value = gv;
    out->err = fabs(slope) * in->err;
    out->lo = a < b ? a : b;
    out->hi = a < b ? b : a;
}
