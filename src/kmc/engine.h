/* Internal: one replica's state and the residence-time KMC step. */
#ifndef HAVEN_SRC_KMC_ENGINE_H
#define HAVEN_SRC_KMC_ENGINE_H

#include "kmc/grid.h"
#include "kmc/lattice.h"
#include "kmc/tree.h"

#include <gsl/gsl_rng.h>
#include <math.h>

#define KMC_EMPTY 255

/* What a hop touches of its ion, in one 32-byte record (one cache line). */
typedef struct {
    double pos[3]; /* unwrapped position, m */
    int last;      /* 1 + index into L->jump of its previous jump; 0: none */
    int site;
} kmc_ion;

typedef struct {
    const haven_kmc_lattice *L;
    const haven_kmc_params *p;
    double kT;
    double pref; /* nu0 exp(-E_a/kT) */
    int zm;      /* lattice zmax */
    /* Occupation. */
    size_t n_part;
    int *occ;               /* site -> particle or -1 */
    kmc_ion *ion;           /* particle -> position, last jump, site */
    unsigned char *species; /* particle -> species */
    int *n_occ_nbr;         /* site -> occupied neighbours (interactions) */
    double *energy;         /* site energy, J */
    unsigned char *site_b;  /* site -> basis site, saving a division; NULL: over 256 */
    unsigned char *site_sp; /* site -> species of its ion, or KMC_EMPTY */
    /* Field factor exp(q F.d / 2kT) per species, basis, slot. */
    double *field_fac;
    /* Without interactions a rate is a table entry per species and
     * carrier slot, [sp * tab_stride + row * zm + k] (ions: the hop out
     * through slot k; vacancies: the hop in from it), the attempt rate and
     * field factor, times the Boltzmann factor min(1, bw[to]/bw[from]) of
     * the two sites when the site energies differ (tab_energy). The rows
     * are the n_basis basis sites (in cache), or every site when the
     * neighbour tables do not repeat from cell to cell. */
    double *rate_tab;
    int tab_per_site, tab_energy;
    double *bw; /* exp(-(E - E_mid)/kT) per site; NULL: exp of the energies */
    kmc_grid grid;
    size_t tab_stride;
    /* Per jump type (basis * zm + slot): squared length, and the cosine
     * between two consecutive jump types (NULL when there are too many
     * types for a table; then computed per hop). */
    double *jump_len2, *jump_cos;
    int n_jump;
    /* Carriers: the particles, or the vacancies when they are fewer. */
    int vacancy_carriers;
    size_t n_car;
    int *car_site, *site_car;
    double *car_rate; /* [carrier * zm + k] */
    kmc_tree tree;
    /* Selection by thinning instead of the tree when every rate is one of
     * a few tabulated values (see engine.c): the largest rate, the bound
     * n_car * zm * rmax on the total, and the hop already drawn. */
    int thin, thin_equal;
    double thin_rmax, thin_bound;
    int (*car_cell)[4]; /* with the grid: each carrier's cell and basis site */
    int pend_c, pend_k;
    unsigned *stamp; /* with interactions: carriers already updated in this hop */
    unsigned stamp_now;
    gsl_rng *rng;
    unsigned long seed;
    double t, t_next;     /* current time and time of the next hop, s */
    long long hop_budget; /* > 0: hops kmc_advance_to may still take (a guard against a
                             clock that barely moves); 0: no limit */
    /* Counters while measuring. */
    int measuring;
    double jumps[HAVEN_KMC_MAX_SPECIES], jump_sq[HAVEN_KMC_MAX_SPECIES];
    double cos_sum[HAVEN_KMC_MAX_SPECIES], cos_n[HAVEN_KMC_MAX_SPECIES];
} kmc_state;

/* Place particles at random, draw site energies, build all rate tables,
 * all from the replica's own generator seeded with seed. */
haven_status kmc_state_init(kmc_state *s, const haven_kmc_lattice *L, const haven_kmc_params *p,
                            unsigned long seed);
/* Rate of an ion of species sp at src hopping through its slot k (the
 * target empty), from the energies and the current neighbour counts. */
double kmc_hop_rate(const kmc_state *s, int sp, size_t src, int k);
/* Cosine between jump types a and b (basis * zm + slot). */
double kmc_jump_cos(const haven_kmc_lattice *L, int a, int b);
/* Recompute every carrier's rates and draw the time of the next hop. */
void kmc_refresh_all(kmc_state *s);
/* The same without drawing a time (restoring a checkpoint). The rates are
 * a function of the state alone, so they come out bit for bit the same. */
void kmc_refresh_rates(kmc_state *s);
void kmc_state_free(kmc_state *s);
/* Memory of one replica's state, bytes (the lattice, shared, not counted). */
size_t kmc_state_bytes(const kmc_state *s);
/* Execute hops until time t_end (the pending hop is kept: deterministic
 * whatever the sampling times). Returns 0, -1 when no hop is possible, -2
 * when the hop budget is spent. */
int kmc_advance_to(kmc_state *s, double t_end);
/* Execute n hops. */
int kmc_advance_hops(kmc_state *s, long n);
/* Sum of all hop rates, 1/s (O(1) with the tree, a pass over the carriers
 * when thinning). */
double kmc_total_rate(const kmc_state *s);
/* Choose between the tree and thinning once the rate tables exist. */
haven_status kmc_choose_selection(kmc_state *s);
/* Whether the pending hop (thinning) is in range and possible: a check on
 * a restored checkpoint. */
int kmc_pending_ok(const kmc_state *s);
static inline int kmc_basis(const kmc_state *s, size_t site)
{
    return s->site_b ? s->site_b[site] : (int)(site % s->L->n_basis);
}
/* The part of a rate fixed by the lattice and the field: an ion of species
 * sp on a site of basis b hopping out through slot k, without the energy
 * term. */
static inline double kmc_hop_base(const kmc_state *s, size_t sp, size_t b, int k)
{
    return s->pref * s->field_fac[(sp * s->L->n_basis + b) * s->zm + k];
}
/* The energy term of a rate: exp(-dE/kT) uphill, 1 downhill. */
static inline double kmc_uphill(double dE, double kT)
{
    return dE > 0 ? exp(-dE / kT) : 1.0;
}

#endif
