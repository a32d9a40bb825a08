/* Setting up one replica: random placement of the ions, site energies,
 * the static rate tables, the carriers and their tree. */
#include "kmc/energy.h"
#include "kmc/engine.h"

#include "core/error.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Without interactions the lattice-and-field part of a rate depends only
 * on the carrier's basis site and slot, provided the neighbour tables
 * repeat from cell to cell (they do for every supercell the lattice
 * builder accepts; checked here rather than assumed). */
static int tables_repeat(const kmc_state *s)
{
    const haven_kmc_lattice *L = s->L;
    for (size_t x = 0; x < L->n_sites; x++) {
        size_t b = x % L->n_basis;
        for (int k = 0; k < s->zm; k++) {
            int y = L->nbr[x * s->zm + k], yb = L->nbr[b * s->zm + k];
            if ((y < 0) != (yb < 0) || L->rev[x * s->zm + k] != L->rev[b * s->zm + k] ||
                (y >= 0 && y % L->n_basis != yb % L->n_basis))
                return 0;
        }
    }
    return 1;
}

/* Site energies that differ enter each rate as a Boltzmann factor, from
 * per-site weights exp(-(E - E_mid)/kT) unless the energies span more than
 * the doubles' range (then from the energies, with an exp per rate). */
static haven_status set_energy_weights(kmc_state *s)
{
    size_t n = s->L->n_sites;
    double lo = s->energy[0], hi = s->energy[0];
    for (size_t x = 1; x < n; x++) {
        lo = s->energy[x] < lo ? s->energy[x] : lo;
        hi = s->energy[x] > hi ? s->energy[x] : hi;
    }
    s->tab_energy = hi > lo;
    if (!s->tab_energy || (hi - lo) / s->kT > 1400)
        return HAVEN_OK;
    s->bw = malloc(n * sizeof *s->bw);
    if (!s->bw)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory for the weights of %zu sites", n);
    double mid = 0.5 * (lo + hi);
    for (size_t x = 0; x < n; x++)
        s->bw[x] = exp(-(s->energy[x] - mid) / s->kT);
    return HAVEN_OK;
}

static haven_status alloc_state(kmc_state *s)
{
    const haven_kmc_lattice *L = s->L;
    size_t n = L->n_sites;
    size_t nf = s->p->n_species * L->n_basis * s->zm;
    int inter = s->p->interaction != 0;
    s->n_jump = L->n_basis * s->zm;
    s->occ = malloc(n * sizeof *s->occ);
    s->ion = calloc(s->n_part + 1, sizeof *s->ion);
    s->species = malloc(s->n_part + 1);
    s->n_occ_nbr = calloc(n, sizeof *s->n_occ_nbr);
    s->energy = calloc(n, sizeof *s->energy);
    if (L->n_basis <= 256)
        s->site_b = malloc(n);
    s->site_sp = malloc(n);
    s->field_fac = malloc(nf * sizeof *s->field_fac);
    s->jump_len2 = malloc(s->n_jump * sizeof *s->jump_len2);
    /* 128 KB at most: beyond that the per-hop sqrt is cheaper than misses. */
    if (s->n_jump <= 128)
        s->jump_cos = malloc((size_t)s->n_jump * s->n_jump * sizeof *s->jump_cos);
    s->car_site = malloc((s->n_car + 1) * sizeof *s->car_site);
    s->site_car = malloc(n * sizeof *s->site_car);
    s->car_rate = calloc((s->n_car + 1) * s->zm, sizeof *s->car_rate);
    if (inter)
        s->stamp = calloc(n, sizeof *s->stamp);
    s->rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!s->occ || !s->ion || !s->species || !s->n_occ_nbr || !s->energy ||
        (L->n_basis <= 256 && !s->site_b) || !s->site_sp || !s->field_fac || !s->jump_len2 ||
        (s->n_jump <= 128 && !s->jump_cos) || !s->car_site || !s->site_car || !s->car_rate ||
        (inter && !s->stamp) || !s->rng || kmc_tree_init(&s->tree, s->n_car ? s->n_car : 1) != 0 ||
        kmc_grid_init(&s->grid, L) != 0)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory for a KMC replica of %zu sites", n);
    return HAVEN_OK;
}

static haven_status alloc_rate_table(kmc_state *s)
{
    size_t rows = s->tab_per_site ? s->L->n_sites : (size_t)s->L->n_basis;
    s->tab_stride = rows * s->zm;
    s->rate_tab = malloc(s->p->n_species * s->tab_stride * sizeof *s->rate_tab);
    if (!s->rate_tab)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory for the rates of %zu sites",
                          s->L->n_sites);
    return HAVEN_OK;
}

/* Species are dealt to the first sites of a random permutation. */
static void place_particles(kmc_state *s, const size_t *count)
{
    size_t n = s->L->n_sites;
    int *perm = s->site_car; /* scratch until the carriers are set */
    for (size_t i = 0; i < n; i++) {
        perm[i] = (int)i;
        s->occ[i] = -1;
        s->site_sp[i] = KMC_EMPTY;
        if (s->site_b)
            s->site_b[i] = (unsigned char)(i % s->L->n_basis);
    }
    gsl_ran_shuffle(s->rng, perm, n, sizeof *perm);
    size_t p = 0;
    for (size_t sp = 0; sp < s->p->n_species; sp++)
        for (size_t i = 0; i < count[sp]; i++, p++) {
            s->ion[p].site = perm[p];
            s->species[p] = (unsigned char)sp;
            s->occ[perm[p]] = (int)p;
            s->site_sp[perm[p]] = (unsigned char)sp;
            memcpy(s->ion[p].pos, s->L->pos[perm[p]], sizeof(double[3]));
        }
}

static void build_field_factors(kmc_state *s)
{
    const haven_kmc_lattice *L = s->L;
    for (size_t sp = 0; sp < s->p->n_species; sp++)
        for (int b = 0; b < L->n_basis; b++)
            for (int k = 0; k < s->zm; k++) {
                const double *d = L->jump[b * s->zm + k], *F = s->p->field;
                double w = s->p->species[sp].charge * HAVEN_E_CHARGE *
                           (F[0] * d[0] + F[1] * d[1] + F[2] * d[2]);
                s->field_fac[(sp * L->n_basis + b) * s->zm + k] = exp(w / (2 * s->kT));
            }
    for (size_t x = 0; x < L->n_sites; x++)
        for (int k = 0; k < L->z[kmc_basis(s, x)]; k++)
            s->n_occ_nbr[x] += s->occ[L->nbr[x * s->zm + k]] >= 0;
}

static void build_jump_tables(kmc_state *s)
{
    for (int a = 0; a < s->n_jump; a++) {
        const double *d = s->L->jump[a];
        s->jump_len2[a] = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
        for (int b = 0; s->jump_cos && b < s->n_jump; b++)
            s->jump_cos[(size_t)a * s->n_jump + b] = kmc_jump_cos(s->L, a, b);
    }
}

/* The lattice-and-field part of each rate seen from the carrier's site
 * (see kmc_state.rate_tab); a row r is the site r (per site) or the basis
 * site r, i.e. also site r. */
static void build_rate_table(kmc_state *s)
{
    const haven_kmc_lattice *L = s->L;
    size_t rows = s->tab_stride / s->zm, nb = (size_t)L->n_basis;
    for (size_t sp = 0; sp < s->p->n_species; sp++)
        for (size_t x = 0; x < rows; x++)
            for (int k = 0; k < s->zm; k++) {
                double r = 0;
                size_t b = x % nb, slot = x * s->zm + k;
                if (k < L->z[b] && !s->vacancy_carriers)
                    r = kmc_hop_base(s, sp, b, k);
                else if (k < L->z[b]) /* the ion next door hops in */
                    r = kmc_hop_base(s, sp, (size_t)L->nbr[slot] % nb, L->rev[slot]);
                s->rate_tab[sp * s->tab_stride + slot] = r;
            }
}

static void set_carriers(kmc_state *s)
{
    size_t c = 0;
    for (size_t x = 0; x < s->L->n_sites; x++) {
        s->site_car[x] = -1;
        if ((s->occ[x] < 0) == s->vacancy_carriers) {
            s->car_site[c] = (int)x;
            s->site_car[x] = (int)c++;
        }
    }
}

haven_status kmc_state_init(kmc_state *s, const haven_kmc_lattice *L, const haven_kmc_params *p,
                            unsigned long seed)
{
    memset(s, 0, sizeof *s);
    s->L = L;
    s->p = p;
    s->zm = L->zmax;
    s->kT = HAVEN_KB * p->temperature;
    s->pref = p->nu0 * exp(-p->barrier / s->kT);
    size_t count[HAVEN_KMC_MAX_SPECIES] = {0};
    for (size_t sp = 0; sp < p->n_species; sp++) {
        count[sp] = (size_t)llround(p->species[sp].fraction * (double)L->n_sites);
        s->n_part += count[sp];
    }
    if (s->n_part == 0 || s->n_part > L->n_sites)
        return haven_fail(HAVEN_ERR_VALUE,
                          "species fractions give %zu ions on %zu sites; need 1..%zu", s->n_part,
                          L->n_sites, L->n_sites);
    s->vacancy_carriers = L->n_sites - s->n_part < s->n_part;
    s->n_car = s->vacancy_carriers ? L->n_sites - s->n_part : s->n_part;
    haven_status st = alloc_state(s);
    if (st != HAVEN_OK)
        return st;
    s->seed = seed;
    gsl_rng_set(s->rng, seed);
    place_particles(s, count);
    kmc_draw_energies(s->energy, L->n_sites, p, s->rng);
    build_field_factors(s);
    build_jump_tables(s);
    if (p->interaction == 0) {
        s->tab_per_site = !tables_repeat(s);
        if ((st = set_energy_weights(s)) != HAVEN_OK)
            return st;
        if ((st = alloc_rate_table(s)) != HAVEN_OK)
            return st;
        build_rate_table(s);
    }
    /* Tables that stay in cache are faster to read than the arithmetic
     * (three divisions per site) is to do: measured, fcc 8^3 ran 12%
     * slower with it, 32^3 1.8x faster. */
    if (L->n_sites * L->zmax * (sizeof *L->nbr + 1) < KMC_GRID_MIN_TABLES)
        s->grid.on = 0;
    set_carriers(s);
    if ((st = kmc_choose_selection(s)) != HAVEN_OK)
        return st;
    kmc_refresh_all(s);
    return HAVEN_OK;
}

size_t kmc_state_bytes(const kmc_state *s)
{
    size_t n = s->L->n_sites, slots = (size_t)s->L->n_basis * s->zm;
    size_t per_site = sizeof *s->occ + sizeof *s->n_occ_nbr + sizeof *s->energy +
                      (s->site_car ? sizeof *s->site_car : 0) + 1 + (s->site_b ? 1 : 0) +
                      (s->stamp ? sizeof *s->stamp : 0);
    size_t b = n * per_site + (s->n_part + 1) * (sizeof *s->ion + 1);
    b += (s->n_car + 1) * (sizeof *s->car_site + (s->car_rate ? s->zm * sizeof *s->car_rate : 0) +
                           (s->car_cell ? sizeof *s->car_cell : 0));
    b += s->tree.n_nodes * sizeof *s->tree.node;
    b += s->rate_tab ? s->p->n_species * s->tab_stride * sizeof *s->rate_tab : 0;
    b += s->bw ? n * sizeof *s->bw : 0;
    b += s->p->n_species * slots * sizeof *s->field_fac + s->n_jump * sizeof *s->jump_len2;
    b += s->jump_cos ? (size_t)s->n_jump * s->n_jump * sizeof *s->jump_cos : 0;
    b += slots * (sizeof *s->grid.off + sizeof *s->grid.shift + 1);
    return b;
}

void kmc_state_free(kmc_state *s)
{
    free(s->occ);
    free(s->ion);
    free(s->species);
    free(s->n_occ_nbr);
    free(s->energy);
    free(s->site_b);
    free(s->site_sp);
    free(s->rate_tab);
    free(s->bw);
    free(s->field_fac);
    free(s->jump_len2);
    free(s->jump_cos);
    free(s->car_site);
    free(s->site_car);
    free(s->car_rate);
    free(s->car_cell);
    free(s->stamp);
    gsl_rng_free(s->rng);
    kmc_tree_free(&s->tree);
    kmc_grid_free(&s->grid);
    memset(s, 0, sizeof *s);
}
