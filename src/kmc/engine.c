/* Residence-time (n-fold way) KMC: select a carrier from the sum tree,
 * then one of its slots, move the ion, and recompute only the carriers
 * whose rates the move can change. */
#include "kmc/engine.h"

#include "core/error.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

double kmc_hop_rate(const kmc_state *s, int sp, size_t src, int k)
{
    const haven_kmc_lattice *L = s->L;
    size_t slot = src * s->zm + k;
    int dst = L->nbr[slot];
    double dE = s->energy[dst] - s->energy[src];
    /* The ion itself is one of the target's occupied neighbours. */
    if (s->p->interaction != 0)
        dE += s->p->interaction * (s->n_occ_nbr[dst] - 1 - s->n_occ_nbr[src]);
    return kmc_hop_base(s, (size_t)sp, (size_t)kmc_basis(s, src), k) * kmc_uphill(dE, s->kT);
}

double kmc_jump_cos(const haven_kmc_lattice *L, int a, int b)
{
    const double *l = L->jump[a], *d = L->jump[b];
    double l2 = l[0] * l[0] + l[1] * l[1] + l[2] * l[2];
    double d2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
    return (l[0] * d[0] + l[1] * d[1] + l[2] * d[2]) / sqrt(l2 * d2);
}

/* min(1, exp(-(E_to - E_from)/kT)): from the Boltzmann weights, a
 * division instead of an exp and 1 MB instead of a per-site rate table;
 * from the energies when their range is too wide for the weights. */
static inline double boltzmann(const kmc_state *s, size_t from, size_t to)
{
    if (s->bw) {
        double r = s->bw[to] / s->bw[from];
        return r < 1 ? r : 1.0;
    }
    return kmc_uphill(s->energy[to] - s->energy[from], s->kT);
}

/* Rate of slot k of the carrier at x (basis b), whose neighbour there is
 * y; sp is the species of the ion that hops (the carrier's own, or the one
 * at y). The table holds the part fixed by the lattice and the field; with
 * site energies the Boltzmann factor of the hop multiplies it. */
static inline double tab_rate(const kmc_state *s, size_t x, int b, int k, int sp, size_t y)
{
    size_t row = s->tab_per_site ? x : (size_t)b;
    double r = s->rate_tab[sp * s->tab_stride + row * s->zm + k];
    if (!s->tab_energy)
        return r;
    return r * (s->vacancy_carriers ? boltzmann(s, y, x) : boltzmann(s, x, y));
}

/* A carrier's leaf in the tree: the sum of its slots, always in slot
 * order, so the same state gives the same bits however it was reached. */
static inline void carrier_sum(kmc_state *s, size_t c, int z)
{
    const double *r = s->car_rate + c * s->zm;
    double sum = 0;
    for (int k = 0; k < z; k++)
        sum += r[k];
    kmc_tree_set(&s->tree, c, sum);
}

/* Rates of carrier c at site x (basis b) with neighbours nb[0..z). */
static void carrier_fill(kmc_state *s, size_t c, size_t x, int b, const int *nb, int z)
{
    double *r = s->car_rate + c * s->zm;
    for (int k = 0; k < z; k++) {
        int y = nb[k], sp = s->site_sp[y];
        if (s->rate_tab && !s->vacancy_carriers)
            r[k] = sp == KMC_EMPTY ? tab_rate(s, x, b, k, s->site_sp[x], (size_t)y) : 0.0;
        else if (s->rate_tab)
            r[k] = sp != KMC_EMPTY ? tab_rate(s, x, b, k, sp, (size_t)y) : 0.0;
        else if (!s->vacancy_carriers)
            r[k] = sp == KMC_EMPTY ? kmc_hop_rate(s, s->site_sp[x], x, k) : 0.0;
        else
            r[k] = sp != KMC_EMPTY ? kmc_hop_rate(s, sp, (size_t)y, s->L->rev[x * s->zm + k]) : 0.0;
    }
    carrier_sum(s, c, z);
}

static void carrier_update(kmc_state *s, size_t c)
{
    size_t x = (size_t)s->car_site[c];
    int nb[KMC_MAX_Z];
    int b = kmc_basis(s, x);
    int z = kmc_grid_neighbours(&s->grid, s->L, x, b, nb);
    carrier_fill(s, c, x, b, nb, z);
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

/* With interactions a slot's rate also depends on the neighbour counts,
 * which reach one shell beyond the two sites: every carrier within two
 * bonds of src or dst is recomputed (once, by the stamps). */
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
        for (int k = 0; k < L->z[kmc_basis(s, x)]; k++) {
            size_t y = (size_t)L->nbr[x * s->zm + k];
            touch(s, y);
            for (int j = 0; j < L->z[kmc_basis(s, y)]; j++)
                touch(s, (size_t)L->nbr[y * s->zm + j]);
        }
    }
}

/* Set slot j of the carrier at site y (basis yb). */
static inline void set_slot(kmc_state *s, size_t y, int yb, int j, double rate)
{
    size_t c = (size_t)s->site_car[y];
    s->car_rate[c * s->zm + j] = rate;
    carrier_sum(s, c, s->L->z[yb]);
}

/* Without interactions a slot's rate depends only on the occupation of its
 * two sites. The moved carrier is recomputed; every other carrier next to
 * x (src or dst; neighbours nb[0..z)) changes only in the slot that points
 * at x: a slot into x, which now holds species sp (KMC_EMPTY: nothing). */
static void update_neighbours(kmc_state *s, size_t x, int b, const int *nb, int z, size_t other,
                              int sp)
{
    for (int k = 0; k < z; k++) {
        size_t y = (size_t)nb[k];
        int spy = s->site_sp[y];
        if (y == other || (spy == KMC_EMPTY) != s->vacancy_carriers)
            continue;
        int j = kmc_grid_rev(&s->grid, s->L, x, b, k);
        int yb = kmc_grid_nbr_basis(&s->grid, s->L, b, k, y);
        double r;
        if (s->vacancy_carriers) /* the ion at x may hop into y */
            r = sp == KMC_EMPTY ? 0.0 : tab_rate(s, y, yb, j, sp, x);
        else /* the ion at y may hop into x */
            r = sp == KMC_EMPTY ? tab_rate(s, y, yb, j, spy, x) : 0.0;
        set_slot(s, y, yb, j, r);
    }
}

/* bs, bd: basis sites of src and dst; row: neighbours of the carrier's
 * old site (dst for vacancies, src for ions), already at hand. */
static void update_slots(kmc_state *s, size_t src, int bs, size_t dst, int bd, const int *row)
{
    int other[KMC_MAX_Z], vac = s->vacancy_carriers;
    size_t moved = vac ? src : dst;
    int bm = vac ? bs : bd, bo = vac ? bd : bs;
    int zm = kmc_grid_neighbours(&s->grid, s->L, moved, bm, other), zo = s->L->z[bo];
    carrier_fill(s, (size_t)s->site_car[moved], moved, bm, other, zm);
    const int *nd = vac ? row : other, *ns = vac ? other : row;
    update_neighbours(s, dst, bd, nd, vac ? zo : zm, src, s->site_sp[dst]);
    update_neighbours(s, src, bs, ns, vac ? zm : zo, dst, KMC_EMPTY);
}

static void record_jump(kmc_state *s, kmc_ion *ion, int sp, int jump)
{
    if (s->measuring) {
        s->jumps[sp] += 1;
        s->jump_sq[sp] += s->jump_len2[jump];
        if (ion->last) {
            int a = ion->last - 1;
            s->cos_sum[sp] += s->jump_cos ? s->jump_cos[(size_t)a * s->n_jump + jump]
                                          : kmc_jump_cos(s->L, a, jump);
            s->cos_n[sp] += 1;
        }
    }
    ion->last = jump + 1;
}

/* The ion (species sp) has hopped to dst by jump type jump. */
static inline void ion_moved(kmc_state *s, kmc_ion *ion, int sp, int jump, size_t dst)
{
    ion->site = (int)dst;
    for (int j = 0; j < 3; j++)
        ion->pos[j] += s->L->jump[jump][j];
    record_jump(s, ion, sp, jump);
}

/* The ion at src hops through its slot k to dst; bs, bd, row: see
 * update_slots.
 * The ion's record is a cache miss on large lattices: it is fetched first
 * and written last, after the rate updates that do not need it. */
static void move(kmc_state *s, size_t src, int bs, size_t dst, int bd, int k, const int *row)
{
    const haven_kmc_lattice *L = s->L;
    int p = s->occ[src];
    kmc_ion *ion = &s->ion[p];
    KMC_PREFETCH(ion);
    s->occ[dst] = p;
    s->occ[src] = -1;
    int sp = s->site_sp[src];
    s->site_sp[dst] = (unsigned char)sp;
    s->site_sp[src] = KMC_EMPTY;
    /* The carrier moves with the ion, or the vacancy moves the other way. */
    size_t from = s->vacancy_carriers ? dst : src, to = s->vacancy_carriers ? src : dst;
    int c = s->site_car[from];
    s->car_site[c] = (int)to;
    s->site_car[to] = c;
    s->site_car[from] = -1;
    if (s->rate_tab) {
        update_slots(s, src, bs, dst, bd, row);
    } else {
        for (int j = 0; j < L->z[kmc_basis(s, src)]; j++)
            s->n_occ_nbr[L->nbr[src * s->zm + j]]--;
        for (int j = 0; j < L->z[kmc_basis(s, dst)]; j++)
            s->n_occ_nbr[L->nbr[dst * s->zm + j]]++;
        update_around(s, src, dst);
    }
    ion_moved(s, ion, sp, bs * s->zm + k, dst);
}

static int hop(kmc_state *s)
{
    double total = kmc_tree_total(&s->tree);
    if (!(total > 0))
        return -1;
    double u = gsl_rng_uniform(s->rng) * total;
    size_t c = kmc_tree_select(&s->tree, u, &u);
    const double *r = s->car_rate + c * s->zm;
    size_t x = (size_t)s->car_site[c];
    int row[KMC_MAX_Z], b = kmc_basis(s, x);
    int z = kmc_grid_neighbours(&s->grid, s->L, x, b, row), k = 0, last = -1;
    for (k = 0; k < z; k++) {
        if (r[k] > 0)
            last = k;
        if (u < r[k])
            break;
        u -= r[k];
    }
    if (k == z) /* rounding at the end of the leaf */
        k = last;
    if (k < 0) /* a leaf of zero rate: the descent never picks one */
        return -1;
    size_t y = (size_t)row[k];
    int yb = kmc_grid_nbr_basis(&s->grid, s->L, b, k, y);
    if (!s->vacancy_carriers)
        move(s, x, b, y, yb, k, row);
    else
        move(s, y, yb, x, b, kmc_grid_rev(&s->grid, s->L, x, b, k), row);
    return 0;
}

/* Selection by thinning. When every rate is one of a few tabulated values
 * (no site energies, no interactions: the rate depends only on species,
 * basis site and slot), the hops are the accepted events of a Poisson
 * process of rate thin_bound = n_car * zm * rmax over all (carrier, slot)
 * pairs: a pair drawn uniformly is accepted when its hop is possible, with
 * probability rate / rmax. Accepted pairs are distributed as the rates, and
 * the waiting time of N attempts is a sum of N exponentials of rate
 * thin_bound, drawn as -log of a product of N uniforms: exactly the
 * residence-time algorithm, with no tree and no rates to update after a
 * hop, only the occupation. */

/* Uniform integer in [0, n), n < 2^32, by Lemire's multiply-and-reject:
 * exact, and no division in the common case. */
static inline uint32_t uniform_below(gsl_rng *rng, uint32_t n)
{
    uint64_t m = (uint64_t)(uint32_t)gsl_rng_get(rng) * n;
    if ((uint32_t)m < n) {
        uint32_t floor = (uint32_t)(-n) % n;
        while ((uint32_t)m < floor)
            m = (uint64_t)(uint32_t)gsl_rng_get(rng) * n;
    }
    return (uint32_t)(m >> 32);
}

/* Neighbour of carrier c through slot k (k < z of its site): index, and
 * with the grid its cell into w and basis into *yb. */
static inline size_t thin_target(const kmc_state *s, size_t c, int k, int *w, int *yb)
{
    if (s->car_cell)
        return (size_t)kmc_grid_step(&s->grid, s->car_cell[c], s->car_cell[c][3], k, w, yb);
    size_t y = (size_t)s->L->nbr[(size_t)s->car_site[c] * s->zm + k];
    *yb = kmc_basis(s, y);
    return y;
}

/* Rate of the hop of carrier c (site x, basis b) through slot k into y,
 * or 0 when it is not possible. */
static inline double thin_rate(const kmc_state *s, size_t x, int b, int k, size_t y)
{
    int spy = s->site_sp[y];
    if (s->vacancy_carriers)
        return spy != KMC_EMPTY ? tab_rate(s, x, b, k, spy, y) : 0.0;
    return spy == KMC_EMPTY ? tab_rate(s, x, b, k, s->site_sp[x], y) : 0.0;
}

/* Whether the attempt (c, k) is accepted; *ion_site: where its ion is. */
static inline int thin_try(kmc_state *s, size_t c, int k, size_t *ion_site)
{
    size_t x = (size_t)s->car_site[c];
    int b = s->car_cell ? s->car_cell[c][3] : kmc_basis(s, x), w[3], yb;
    if (k >= s->L->z[b])
        return 0;
    size_t y = thin_target(s, c, k, w, &yb);
    double r = thin_rate(s, x, b, k, y);
    *ion_site = s->vacancy_carriers ? y : x;
    if (s->thin_equal || !(r > 0))
        return r > 0;
    return gsl_rng_uniform(s->rng) * s->thin_rmax < r;
}

/* thin_rate of carrier c's slot k from the neighbour table (0 past the
 * site's coordination): for passes over all slots and checks, not hops. */
static double slot_rate(const kmc_state *s, size_t c, int k)
{
    size_t x = (size_t)s->car_site[c];
    int b = kmc_basis(s, x);
    return k < s->L->z[b] ? thin_rate(s, x, b, k, (size_t)s->L->nbr[x * s->zm + k]) : 0.0;
}

int kmc_pending_ok(const kmc_state *s)
{
    return s->pend_c >= 0 && (size_t)s->pend_c < s->n_car && s->pend_k >= 0 && s->pend_k < s->zm &&
           slot_rate(s, (size_t)s->pend_c, s->pend_k) > 0;
}

static void thin_draw(kmc_state *s)
{
    /* A hop that was possible can be reversed, so the total rate, once
     * positive (checked by kmc_refresh_all), stays positive and the loop
     * ends. */
    double prod = 1, sum = 0;
    uint32_t n = (uint32_t)(s->n_car * (size_t)s->zm);
    size_t ion_site;
    for (;;) {
        prod *= gsl_rng_uniform_pos(s->rng);
        if (prod < 1e-280) { /* long rejection runs: keep the product normal */
            sum -= log(prod);
            prod = 1;
        }
        uint32_t v = uniform_below(s->rng, n);
        size_t c = v / (uint32_t)s->zm;
        int k = (int)(v % (uint32_t)s->zm);
        if (thin_try(s, c, k, &ion_site)) {
            s->pend_c = (int)c;
            s->pend_k = k;
            break;
        }
    }
    /* The ion's record is a cache miss on large lattices: fetch it now,
     * while the previous hop finishes (thin_step). */
    KMC_PREFETCH(&s->ion[s->occ[ion_site]]);
    s->t_next = s->t + (sum - log(prod)) / s->thin_bound;
}

/* Execute the pending hop and draw the next one. The carrier moves from x
 * to y either way (an ion x -> y, or a vacancy x -> y as the ion at y
 * fills x). The occupation changes first, then the next hop is drawn (it
 * needs the new occupation) and its ion's record fetched, and only then is
 * this hop's ion record, fetched during the previous draw, written. */
static void thin_step(kmc_state *s)
{
    size_t c = (size_t)s->pend_c, x = (size_t)s->car_site[c];
    int k = s->pend_k, b = s->car_cell ? s->car_cell[c][3] : kmc_basis(s, x), w[3], yb;
    size_t y = thin_target(s, c, k, w, &yb);
    int vac = s->vacancy_carriers;
    size_t src = vac ? y : x, dst = vac ? x : y;
    int jump = vac ? yb * s->zm + kmc_grid_rev(&s->grid, s->L, x, b, k) : b * s->zm + k;
    int p = s->occ[src], sp = s->site_sp[src];
    s->occ[dst] = p;
    s->occ[src] = -1;
    s->site_sp[dst] = (unsigned char)sp;
    s->site_sp[src] = KMC_EMPTY;
    s->car_site[c] = (int)y;
    if (s->car_cell) {
        memcpy(s->car_cell[c], w, sizeof w);
        s->car_cell[c][3] = yb;
    }
    thin_draw(s);
    ion_moved(s, &s->ion[p], sp, jump, dst);
}

static void draw_next(kmc_state *s)
{
    if (s->thin) {
        thin_draw(s);
        return;
    }
    double total = kmc_tree_total(&s->tree);
    s->t_next = total > 0 ? s->t - log(gsl_rng_uniform_pos(s->rng)) / total : INFINITY;
}

double kmc_total_rate(const kmc_state *s)
{
    if (!s->thin)
        return kmc_tree_total(&s->tree);
    double total = 0;
    for (size_t c = 0; c < s->n_car; c++)
        for (int k = 0; k < s->zm; k++)
            total += slot_rate(s, c, k);
    return total;
}

haven_status kmc_choose_selection(kmc_state *s)
{
    const haven_kmc_lattice *L = s->L;
    s->thin = 0;
    if (!s->rate_tab || s->tab_energy || s->n_car == 0 ||
        s->n_car * (size_t)s->zm >= ((size_t)1 << 32) - 1)
        return HAVEN_OK;
    double lo = INFINITY, hi = 0;
    size_t rows = s->tab_stride / s->zm;
    for (size_t sp = 0; sp < s->p->n_species; sp++)
        for (size_t x = 0; x < rows; x++)
            for (int k = 0; k < L->z[kmc_basis(s, x)]; k++) {
                double r = tab_rate(s, x, kmc_basis(s, x), k, (int)sp, 0);
                lo = r < lo ? r : lo;
                hi = r > hi ? r : hi;
            }
    /* Rates far apart (a strong field), or sites with far fewer neighbours
     * than the most connected one, would reject most attempts. */
    double z_sum = 0;
    for (int b = 0; b < L->n_basis; b++)
        z_sum += L->z[b];
    if (!(hi > 0) || lo < 0.25 * hi || z_sum < 0.25 * s->zm * L->n_basis)
        return HAVEN_OK;
    s->thin = 1;
    s->thin_equal = lo == hi;
    s->thin_rmax = hi;
    s->thin_bound = (double)s->n_car * s->zm * hi;
    if (s->grid.on) {
        s->car_cell = malloc((s->n_car + 1) * sizeof *s->car_cell);
        if (!s->car_cell)
            return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    /* The tree, the per-carrier rates and the site -> carrier map are not
     * used. */
    free(s->car_rate);
    s->car_rate = NULL;
    free(s->site_car);
    s->site_car = NULL;
    kmc_tree_free(&s->tree);
    s->tree.n_nodes = 0;
    return HAVEN_OK;
}

void kmc_refresh_rates(kmc_state *s)
{
    if (s->thin) {
        for (size_t c = 0; s->car_cell && c < s->n_car; c++) {
            kmc_grid_cell(&s->grid, (size_t)s->car_site[c], s->car_cell[c]);
            s->car_cell[c][3] = kmc_basis(s, (size_t)s->car_site[c]);
        }
        return;
    }
    for (size_t c = 0; c < s->n_car; c++)
        carrier_update(s, c);
}

void kmc_refresh_all(kmc_state *s)
{
    kmc_refresh_rates(s);
    if (s->thin && !(kmc_total_rate(s) > 0))
        s->t_next = INFINITY;
    else
        draw_next(s);
}

/* One hop and the draw of the next. */
static int step(kmc_state *s)
{
    if (s->thin) {
        thin_step(s);
        return 0;
    }
    if (hop(s) != 0)
        return -1;
    draw_next(s);
    return 0;
}

int kmc_advance_to(kmc_state *s, double t_end)
{
    while (s->t_next <= t_end) {
        if (s->hop_budget > 0 && --s->hop_budget == 0)
            return -2;
        s->t = s->t_next;
        if (step(s) != 0)
            return -1;
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
        if (step(s) != 0)
            return -1;
    }
    return 0;
}
