/* Equilibration until the run is stationary: the replica hops in chunks,
 * recording after each the mean configuration energy per ion and the jump
 * rate; at 20, 40, 80, ... chunks the MSER rule (White, Simulation 69, 323
 * (1997)) finds the truncation point d that minimises the variance of the
 * mean of the rest, sum_{i>=d} (x_i - mean)^2 / (n - d)^2. While either
 * series still drifts, d lands in its second half; once both put d in the
 * first half the start-up transient is over and measuring starts. */
#include "kmc/equil.h"

#include "core/error.h"

#include <stdlib.h>

int kmc_mser(const double *x, int n)
{
    double s1 = 0, s2 = 0, best = 0;
    int d_best = n - 1;
    /* Suffix sums from the end; the last two points alone say nothing. */
    for (int d = n - 1; d >= 0; d--) {
        s1 += x[d];
        s2 += x[d] * x[d];
        int m = n - d;
        if (m < 3)
            continue;
        double v = (s2 - s1 * s1 / m) / ((double)m * m);
        if (d == n - 3 || v <= best) {
            best = v;
            d_best = d;
        }
    }
    return d_best;
}

/* Site energies plus the pair energy, per ion, J. */
static double energy_per_ion(const kmc_state *s)
{
    const haven_kmc_lattice *L = s->L;
    double e = 0;
    long pairs = 0;
    for (size_t i = 0; i < s->n_part; i++) {
        size_t x = (size_t)s->ion[i].site;
        e += s->energy[x];
        if (s->p->interaction != 0)
            for (int k = 0; k < L->z[kmc_basis(s, x)]; k++) {
                int y = L->nbr[x * s->zm + k];
                pairs += y >= 0 && s->occ[y] >= 0;
            }
    }
    return (e + 0.5 * (double)pairs * s->p->interaction) / (double)s->n_part;
}

#define MIN_CHUNKS 20

haven_status kmc_equilibrate(kmc_state *s, long chunk, long max_hops, double *done, int *settled)
{
    int cap = MIN_CHUNKS, n = 0;
    double *x = malloc(2 * cap * sizeof *x);
    if (!x)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    *done = 0;
    *settled = 0;
    for (;;) {
        if (n == cap) {
            int d = kmc_mser(x, n), d_rate = kmc_mser(x + cap, n);
            if ((d > d_rate ? d : d_rate) <= n / 2) {
                *settled = 1;
                break;
            }
            if (*done + (double)chunk * n > (double)max_hops)
                break;
            double *y = realloc(x, 4 * cap * sizeof *x);
            if (!y) {
                free(x);
                return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
            }
            x = y;
            for (int i = n - 1; i >= 0; i--) /* the rates move to the new second half */
                x[2 * cap + i] = x[cap + i];
            cap *= 2;
        }
        double t = s->t;
        if (kmc_advance_hops(s, chunk) != 0)
            break;
        *done += (double)chunk;
        x[n] = energy_per_ion(s);
        x[cap + n] = (double)chunk / (s->t - t);
        n++;
    }
    free(x);
    return HAVEN_OK;
}
