/* Site statistics from the assignment record, with block-jackknife errors:
 * occupancies, lattice-gas site energies, residence times, jump counts,
 * rates and lengths between site types, back-jumps, D_jump and f. */
#include "structure/sites_internal.h"

#include "core/error.h"
#include "structure/estimate.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Block of frame t among B blocks of T frames. */
static size_t block_of(size_t t, size_t T, size_t B)
{
    return t * B / T;
}

typedef struct {
    size_t B, T;
    double dt;
    double *num, *den; /* B each, scratch */
} blocks;

static void zero(blocks *b)
{
    memset(b->num, 0, b->B * sizeof *b->num);
    memset(b->den, 0, b->B * sizeof *b->den);
}

/* Time (s) covered by each block: frame t stands for the interval ending at
 * it, frame 0 for none. */
static void block_time(const blocks *b, double *out)
{
    for (size_t k = 0; k < b->B; k++)
        out[k] = 0;
    for (size_t t = 1; t < b->T; t++)
        out[block_of(t, b->T, b->B)] += b->dt;
}

static void occupancy(const hs_assign *a, haven_sites_result *r, blocks *b)
{
    for (size_t ty = 0; ty < a->n_types; ty++) {
        zero(b);
        for (size_t t = 0; t < b->T; t++) {
            size_t k = block_of(t, b->T, b->B);
            b->num[k] += a->on[t * a->n_types + ty];
            b->den[k] += (double)r->type_sites[ty];
        }
        hs_ratio_estimate(b->num, b->den, b->B, "1", &r->occupancy[ty]);
    }
}

typedef struct {
    double kT;
} energy_ctx;

static double lattice_gas_energy(double x, void *vc)
{
    const energy_ctx *c = vc;
    return c->kT * log((1 - x) / x);
}

/* E = kT ln((1-x)/x) (Fermi occupation inverted) relative to the type of
 * lowest energy; the errors of the two types combined as independent. */
static void energies(haven_sites_result *r, double T)
{
    energy_ctx c = {HAVEN_KB * T};
    size_t ref = 0;
    int any = 0;
    for (size_t ty = 0; ty < r->n_types; ty++) {
        double x = r->occupancy[ty].value;
        r->energy[ty] = haven_estimate_make(NAN, NAN, 0, "J");
        if (!(T > 0) || !(x > 0 && x < 1))
            continue;
        hs_estimate_map(&r->occupancy[ty], lattice_gas_energy, &c, "J", &r->energy[ty]);
        if (!any || r->energy[ty].value < r->energy[ref].value)
            ref = ty, any = 1;
    }
    if (!any)
        return;
    haven_estimate e0 = r->energy[ref];
    for (size_t ty = 0; ty < r->n_types; ty++) {
        haven_estimate *e = &r->energy[ty];
        if (isfinite(e->value))
            *e = haven_estimate_make(e->value - e0.value, ty == ref ? 0 : hypot(e->err, e0.err),
                                     (double)(r->n_blocks - 1), "J");
    }
}

static void residence(const hs_assign *a, haven_sites_result *r, blocks *b)
{
    for (size_t ty = 0; ty < a->n_types; ty++) {
        zero(b);
        for (size_t i = 0; i < a->n_res; i++)
            if ((size_t)a->res[i].type == ty) {
                size_t k = block_of(a->res[i].end, b->T, b->B);
                b->num[k] += (double)a->res[i].frames * b->dt;
                b->den[k] += 1;
            }
        hs_ratio_estimate(b->num, b->den, b->B, "s", &r->residence[ty]);
    }
}

/* Rate from type A to B: jumps A -> B per unit time an ion belongs to an A
 * site. */
static void rates(const hs_assign *a, haven_sites_result *r, blocks *b)
{
    size_t nt = a->n_types;
    for (size_t from = 0; from < nt; from++)
        for (size_t to = 0; to < nt; to++) {
            zero(b);
            for (size_t t = 1; t < b->T; t++)
                b->den[block_of(t, b->T, b->B)] += a->own[(t - 1) * nt + from] * b->dt;
            double dist = 0;
            size_t n = 0;
            for (size_t j = 0; j < a->n_jumps; j++) {
                const haven_jump *J = &a->jumps[j];
                if ((size_t)a->map.type[J->from] != from || (size_t)a->map.type[J->to] != to)
                    continue;
                b->num[block_of(J->frame, b->T, b->B)] += 1;
                dist += sqrt(J->vec[0] * J->vec[0] + J->vec[1] * J->vec[1] + J->vec[2] * J->vec[2]);
                n++;
            }
            r->jumps[from * nt + to] = n;
            r->distance[from * nt + to] = n ? dist / (double)n : NAN;
            hs_ratio_estimate(b->num, b->den, b->B, "1/s", &r->rate[from * nt + to]);
        }
}

/* Jump rate per ion, D_jump, back-jump fraction and f from the jump vectors:
 * per ion and block the vector sum S and the sum of squares Q, f =
 * sum |S|^2 / sum Q. */
static haven_status jump_totals(const hs_assign *a, haven_sites_result *r, blocks *b)
{
    size_t B = b->B, N = a->n_ions;
    double *time = malloc(B * sizeof *time), *sq = calloc(B, sizeof *sq),
           *S2 = calloc(B, sizeof *S2), *back = calloc(B, sizeof *back),
           *seq = calloc(B, sizeof *seq), *cnt = calloc(B, sizeof *cnt);
    double(*S)[3] = calloc(N, sizeof *S);
    long(*prev)[2] = malloc(N * sizeof *prev);
    size_t *last_block = calloc(N, sizeof *last_block);
    haven_status rc = HAVEN_OK;
    if (!time || !sq || !S2 || !back || !seq || !cnt || !S || !prev || !last_block) {
        rc = haven_fail(HAVEN_ERR_NOMEM, "out of memory");
        goto out;
    }
    block_time(b, time);
    for (size_t q = 0; q < N; q++)
        prev[q][0] = prev[q][1] = -1;
    for (size_t j = 0; j < a->n_jumps; j++) {
        const haven_jump *J = &a->jumps[j];
        size_t k = block_of(J->frame, b->T, b->B), q = J->ion;
        if (k != last_block[q]) { /* the ion's sum for its earlier block is complete */
            S2[last_block[q]] += S[q][0] * S[q][0] + S[q][1] * S[q][1] + S[q][2] * S[q][2];
            S[q][0] = S[q][1] = S[q][2] = 0;
            last_block[q] = k;
        }
        double a2 = 0;
        for (int d = 0; d < 3; d++)
            S[q][d] += J->vec[d], a2 += J->vec[d] * J->vec[d];
        sq[k] += a2;
        cnt[k] += 1;
        if (prev[q][0] >= 0) {
            seq[k] += 1;
            back[k] += prev[q][0] == J->to && prev[q][1] == J->from;
        }
        prev[q][0] = J->from, prev[q][1] = J->to;
    }
    for (size_t q = 0; q < N; q++)
        S2[last_block[q]] += S[q][0] * S[q][0] + S[q][1] * S[q][1] + S[q][2] * S[q][2];
    for (size_t k = 0; k < B; k++)
        b->den[k] = (double)N * time[k];
    hs_ratio_estimate(cnt, b->den, B, "1/s", &r->jump_rate);
    for (size_t k = 0; k < B; k++)
        b->den[k] = 6.0 * (double)N * time[k];
    hs_ratio_estimate(sq, b->den, B, "m^2/s", &r->D_jump);
    hs_ratio_estimate(back, seq, B, "1", &r->back_fraction);
    hs_ratio_estimate(S2, sq, B, "1", &r->f_jumps);
out:
    free(time), free(sq), free(S2), free(back), free(seq), free(cnt), free(S), free(prev);
    free(last_block);
    return rc;
}

static haven_status alloc_result(haven_sites_result *r, size_t nt, size_t n_sites)
{
    r->n_types = nt;
    r->site_type = malloc(n_sites * sizeof *r->site_type);
    r->site_frac = malloc(n_sites * sizeof *r->site_frac);
    r->site_occupancy = malloc(n_sites * sizeof *r->site_occupancy);
    r->type_sites = calloc(nt, sizeof *r->type_sites);
    r->occupancy = calloc(nt, sizeof *r->occupancy);
    r->energy = calloc(nt, sizeof *r->energy);
    r->residence = calloc(nt, sizeof *r->residence);
    r->jumps = calloc(nt * nt, sizeof *r->jumps);
    r->rate = calloc(nt * nt, sizeof *r->rate);
    r->distance = calloc(nt * nt, sizeof *r->distance);
    if (!r->site_type || !r->site_frac || !r->site_occupancy || !r->type_sites || !r->occupancy || !r->energy ||
        !r->residence || !r->jumps || !r->rate || !r->distance)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    return HAVEN_OK;
}

void haven_sites_result_clear(haven_sites_result *r)
{
    if (!r)
        return;
    free(r->site_type), free(r->site_frac), free(r->site_occupancy), free(r->type_sites), free(r->occupancy);
    free(r->energy), free(r->residence), free(r->jumps), free(r->rate), free(r->distance);
    free(r->jump);
    memset(r, 0, sizeof *r);
}

static haven_status fill(hs_assign *a, const haven_site_set *sites, const haven_sites_options *o,
                         double dt, haven_sites_result *r)
{
    size_t T = a->n_frames, want = o && o->n_blocks ? o->n_blocks : 10;
    if (T < 2)
        return haven_fail(HAVEN_ERR_DATA, "at least 2 frames are needed, got %zu", T);
    r->n_ions = a->n_ions, r->n_frames = T, r->dt = dt, r->duration = (double)(T - 1) * dt;
    r->n_sites = a->map.n, r->radius = a->radius, r->type_name = (const char(*)[HAVEN_SITE_NAME])sites->type_name;
    memcpy(r->supercell, a->map.mult, sizeof r->supercell);
    memcpy(r->cell, a->cell0, sizeof r->cell);
    r->n_blocks = want < T - 1 ? want : T - 1;
    haven_status rc = alloc_result(r, a->n_types, a->map.n);
    if (rc != HAVEN_OK)
        return rc;
    for (size_t s = 0; s < a->map.n; s++) {
        r->site_type[s] = a->map.type[s];
        memcpy(r->site_frac[s], a->map.frac[s], sizeof r->site_frac[s]);
        r->site_occupancy[s] = (double)a->site_count[s] / (double)T;
        r->type_sites[a->map.type[s]]++;
    }
    r->on_site_fraction = (double)a->on_total / ((double)T * (double)a->n_ions);
    blocks b = {r->n_blocks, T, dt, malloc(r->n_blocks * sizeof(double)),
                malloc(r->n_blocks * sizeof(double))};
    if (!b.num || !b.den)
        rc = haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    if (rc == HAVEN_OK) {
        occupancy(a, r, &b);
        energies(r, o ? o->temperature : 0);
        residence(a, r, &b);
        rates(a, r, &b);
        rc = jump_totals(a, r, &b);
    }
    free(b.num), free(b.den);
    /* the jump record moves to the result */
    r->jump = a->jumps, r->n_jumps = a->n_jumps;
    a->jumps = NULL, a->n_jumps = 0;
    return rc;
}

haven_status haven_sites_analyse(haven_traj *t, const haven_site_set *sites, const int *select,
                                 const haven_sites_options *o, haven_sites_result *out)
{
    memset(out, 0, sizeof *out);
    hs_assign a;
    double dt = NAN;
    haven_status rc = hs_assign_run(t, sites, select, o, &a, &dt);
    if (rc == HAVEN_OK)
        rc = fill(&a, sites, o, dt, out);
    hs_assign_clear(&a);
    if (rc != HAVEN_OK)
        haven_sites_result_clear(out);
    return rc;
}
