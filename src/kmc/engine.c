/* Residence-time (n-fold way) KMC: select a carrier from the sum tree,
 * then one of its slots, move the ion, and recompute only the carriers
 * whose rates the move can change. */
#include "kmc/engine.h"

#include "core/error.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static inline int basis_of(const kmc_state *s, size_t site) { return (int)(site % s->L->n_basis); }

double kmc_hop_rate(const kmc_state *s, int sp, size_t src, int k)
{
    const haven_kmc_lattice *L = s->L;
    size_t slot = src * s->zm + k;
    int dst = L->nbr[slot];
    double dE = s->energy[dst] - s->energy[src];
    /* The ion itself is one of the target's occupied neighbours. */
    if (s->p->interaction != 0)
        dE += s->p->interaction * (s->n_occ_nbr[dst] - 1 - s->n_occ_nbr[src]);
    double f = dE > 0 ? exp(-dE / s->kT) : 1.0;
    return s->pref * f *
           s->field_fac[((size_t)sp * L->n_basis + basis_of(s, src)) * s->zm + k];
}

static inline double kmc_slot_rate(const kmc_state *s, size_t src, int k)
{
    return kmc_hop_rate(s, s->site_sp[src], src, k);
}

static void carrier_update(kmc_state *s, size_t c)
{
    const haven_kmc_lattice *L = s->L;
    size_t x = (size_t)s->car_site[c];
    int z = s->site_z[x];
    const int *nb = L->nbr + x * s->zm;
    double *r = s->car_rate + c * s->zm, sum = 0;
    if (s->rate_tab) {
        size_t slots = L->n_sites * s->zm;
        const double *tab = s->rate_tab + x * s->zm;
        for (int k = 0; k < z; k++) {
            int sp = s->site_sp[nb[k]];
            if (!s->vacancy_carriers)
                r[k] = sp == KMC_EMPTY ? tab[s->site_sp[x] * slots + k] : 0.0;
            else
                r[k] = sp != KMC_EMPTY ? tab[sp * slots + k] : 0.0;
            sum += r[k];
        }
    } else {
        for (int k = 0; k < z; k++) {
            int y = nb[k];
            if (!s->vacancy_carriers)
                r[k] = s->site_sp[y] == KMC_EMPTY ? kmc_slot_rate(s, x, k) : 0.0;
            else
                r[k] = s->site_sp[y] != KMC_EMPTY
                           ? kmc_slot_rate(s, (size_t)y, L->rev[x * s->zm + k])
                           : 0.0;
            sum += r[k];
        }
    }
    kmc_tree_set(&s->tree, c, sum);
}

static inline void touch(kmc_state *s, size_t site)
{
    /* The species byte says whether a carrier sits here, from a table
     * four times smaller than site_car. */
    if ((s->site_sp[site] == KMC_EMPTY) != s->vacancy_carriers)
        return;
    int c = s->site_car[site];
    if (s->stamp[site] == s->stamp_now)
        return;
    s->stamp[site] = s->stamp_now;
    carrier_update(s, (size_t)c);
}

/* Without interactions a slot's rate depends only on its two sites, so the
 * carriers at and next to src and dst change; with interactions it also
 * depends on the neighbour counts, which reach one shell further. */
static void update_around(kmc_state *s, size_t src, size_t dst)
{
    const haven_kmc_lattice *L = s->L;
    if (++s->stamp_now == 0) {
        memset(s->stamp, 0, L->n_sites * sizeof *s->stamp);
        s->stamp_now = 1;
    }
    size_t centre[2] = {src, dst};
    for (int c = 0; c < 2; c++) {
        size_t x = centre[c];
        touch(s, x);
        for (int k = 0; k < s->site_z[x]; k++) {
            size_t y = (size_t)L->nbr[x * s->zm + k];
            touch(s, y);
            if (s->p->interaction == 0)
                continue;
            for (int j = 0; j < s->site_z[y]; j++)
                touch(s, (size_t)L->nbr[y * s->zm + j]);
        }
    }
}

static void record_jump(kmc_state *s, kmc_ion *ion, int sp, int jump)
{
    const double *d = s->L->jump[jump];
    double d2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
    if (s->measuring) {
        s->jumps[sp] += 1;
        s->jump_sq[sp] += d2;
        if (ion->last) {
            const double *l = s->L->jump[ion->last - 1];
            double l2 = l[0] * l[0] + l[1] * l[1] + l[2] * l[2];
            s->cos_sum[sp] += (l[0] * d[0] + l[1] * d[1] + l[2] * d[2]) / sqrt(l2 * d2);
            s->cos_n[sp] += 1;
        }
    }
    ion->last = jump + 1;
}

static void move(kmc_state *s, size_t src, int k)
{
    const haven_kmc_lattice *L = s->L;
    size_t dst = (size_t)L->nbr[src * s->zm + k];
    int p = s->occ[src];
    s->occ[dst] = p;
    s->occ[src] = -1;
    s->site_sp[dst] = s->site_sp[src];
    s->site_sp[src] = KMC_EMPTY;
    kmc_ion *ion = &s->ion[p];
    ion->site = (int)dst;
    int jump = basis_of(s, src) * s->zm + k;
    for (int j = 0; j < 3; j++)
        ion->pos[j] += L->jump[jump][j];
    record_jump(s, ion, s->site_sp[dst], jump);
    /* The carrier moves with the ion, or the vacancy moves the other way. */
    size_t from = s->vacancy_carriers ? dst : src, to = s->vacancy_carriers ? src : dst;
    int c = s->site_car[from];
    s->car_site[c] = (int)to;
    s->site_car[to] = c;
    s->site_car[from] = -1;
    if (s->p->interaction != 0) {
        for (int j = 0; j < s->site_z[src]; j++)
            s->n_occ_nbr[L->nbr[src * s->zm + j]]--;
        for (int j = 0; j < s->site_z[dst]; j++)
            s->n_occ_nbr[L->nbr[dst * s->zm + j]]++;
    }
    update_around(s, src, dst);
}

static int hop(kmc_state *s)
{
    double total = kmc_total_rate(s);
    if (!(total > 0))
        return -1;
    double u = gsl_rng_uniform(s->rng) * total;
    size_t c = kmc_tree_select(&s->tree, u, &u);
    const double *r = s->car_rate + c * s->zm;
    size_t x = (size_t)s->car_site[c];
    int z = s->site_z[x], k = 0, last = -1;
    for (k = 0; k < z; k++) {
        if (r[k] > 0)
            last = k;
        if (u < r[k])
            break;
        u -= r[k];
    }
    if (k == z) /* rounding at the end of the leaf */
        k = last;
    if (!s->vacancy_carriers) {
        move(s, x, k);
    } else {
        size_t src = (size_t)s->L->nbr[x * s->zm + k];
        move(s, src, s->L->rev[x * s->zm + k]);
    }
    return 0;
}

static void draw_next(kmc_state *s)
{
    double total = kmc_total_rate(s);
    s->t_next = total > 0 ? s->t - log(gsl_rng_uniform_pos(s->rng)) / total : INFINITY;
}

void kmc_refresh_rates(kmc_state *s)
{
    for (size_t c = 0; c < s->n_car; c++)
        carrier_update(s, c);
}

void kmc_refresh_all(kmc_state *s)
{
    kmc_refresh_rates(s);
    draw_next(s);
}

int kmc_advance_to(kmc_state *s, double t_end)
{
    while (s->t_next <= t_end) {
        s->t = s->t_next;
        if (hop(s) != 0)
            return -1;
        draw_next(s);
    }
    s->t = t_end;
    return 0;
}

int kmc_advance_hops(kmc_state *s, long n)
{
    for (long i = 0; i < n; i++) {
        if (!isfinite(s->t_next))
            return -1;
        s->t = s->t_next;
        if (hop(s) != 0)
            return -1;
        draw_next(s);
    }
    return 0;
}
