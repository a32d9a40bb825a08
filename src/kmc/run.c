/* The driver: independent replicas in parallel (OpenMP), each equilibrated
 * and then measured in blocks; sums per unit go to the estimators. */
#include "kmc/energy.h"
#include "kmc/engine.h"
#include "kmc/observe.h"
#include "kmc/params.h"
#include "kmc/replica.h"
#include "kmc/trajectory.h"

#include "core/error.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A guard against an interval far too short for the run's time scale. */
#define KMC_MAX_FRAMES 1e6

typedef struct {
    const haven_kmc_lattice *L;
    const haven_kmc_params *p;
    kmc_system sys;
    double Fhat[3];
    int n_bins;
    double e_lo, e_hi;
} run_ctx;

static int energy_bin(const run_ctx *c, double e)
{
    int b = (int)floor((e - c->e_lo) / (c->e_hi - c->e_lo) * c->n_bins);
    return b < 0 ? 0 : b >= c->n_bins ? c->n_bins - 1 : b;
}

static void sample_occupation(const run_ctx *c, const kmc_state *s, replica_out *o)
{
    for (size_t x = 0; x < c->L->n_sites; x++) {
        int b = energy_bin(c, s->energy[x]);
        o->bin_samples[b] += 1;
        o->bin_occ[b] += s->occ[x] >= 0;
    }
}

static double norm2(const double *d)
{
    return d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
}

static void save_positions(const kmc_state *s, double (*to)[3])
{
    for (size_t i = 0; i < s->n_part; i++)
        memcpy(to[i], s->ion[i].pos, sizeof to[i]);
}

/* Tracer and drift sums of one block from the positions at its start
 * (origin) and middle (mid). */
static void close_block(const run_ctx *c, kmc_state *s, const double (*origin)[3],
                        const double (*mid)[3], double tau, kmc_sums *b)
{
    memset(b, 0, sizeof *b);
    for (size_t i = 0; i < s->n_part; i++) {
        int sp = s->species[i];
        double q = c->p->species[sp].charge, d[3], d1[3], d2[3];
        for (int k = 0; k < 3; k++) {
            d[k] = s->ion[i].pos[k] - origin[i][k];
            d1[k] = mid[i][k] - origin[i][k];
            d2[k] = s->ion[i].pos[k] - mid[i][k];
        }
        b->tr[sp] += norm2(d);
        b->tr_half[sp] += norm2(d1) + norm2(d2);
        b->drift_q += q * (c->Fhat[0] * d[0] + c->Fhat[1] * d[1] + c->Fhat[2] * d[2]);
    }
    memcpy(b->jumps, s->jumps, sizeof b->jumps);
    memcpy(b->jump_sq, s->jump_sq, sizeof b->jump_sq);
    memcpy(b->cos_sum, s->cos_sum, sizeof b->cos_sum);
    memcpy(b->cos_n, s->cos_n, sizeof b->cos_n);
    b->time = tau;
}

/* Charge-weighted sum of the unwrapped positions, e m. */
static void dipole(const run_ctx *c, const kmc_state *s, double m[3])
{
    m[0] = m[1] = m[2] = 0;
    for (size_t i = 0; i < s->n_part; i++) {
        double q = c->p->species[s->species[i]].charge;
        for (int k = 0; k < 3; k++)
            m[k] += q * s->ion[i].pos[k];
    }
}

static void reset_counters(kmc_state *s)
{
    memset(s->jumps, 0, sizeof s->jumps);
    memset(s->jump_sq, 0, sizeof s->jump_sq);
    memset(s->cos_sum, 0, sizeof s->cos_sum);
    memset(s->cos_n, 0, sizeof s->cos_n);
    s->measuring = 1;
}

/* Blocks last a fixed time set from the total rate after equilibration;
 * a landscape whose rates span many decades can trap the ions then and free
 * them later, when a block takes far more hops than asked. Beyond this many
 * times the requested hops the run stops with an error instead of running on
 * (it used to hang: fuzzed site energies of 5-2.4e6 eV at 600 K). */
#define HOP_BUDGET_FACTOR 1000

static haven_status budget_spent(const run_ctx *c)
{
    return haven_fail(HAVEN_ERR_VALUE,
                      "the time blocks took more than %dx the %ld hops asked for: the hop rates "
                      "span too many decades for blocks of fixed duration (ions trapped when "
                      "the block length was set after equilibration; narrow the site-energy "
                      "range or lengthen --equil)",
                      HOP_BUDGET_FACTOR, (long)c->p->hops);
}

/* Advance to time t, writing the trajectory frames due on the way. */
static haven_status advance_with_frames(const run_ctx *c, kmc_state *s, FILE *traj, double t0,
                                        double t, long *frame)
{
    for (double dt = c->p->traj_interval; traj && t0 + *frame * dt <= t; (*frame)++) {
        if (kmc_advance_to(s, t0 + *frame * dt) == -2)
            return budget_spent(c);
        kmc_write_frame(traj, s, *frame * dt);
    }
    return kmc_advance_to(s, t) == -2 ? budget_spent(c) : HAVEN_OK;
}

/* Measure the remaining blocks of equal time, each split into windows for
 * the collective displacement (dM per window); replica 0 also writes
 * frames. With a checkpoint path the state is saved after every block. */
static haven_status measure(const run_ctx *c, kmc_state *s, FILE *traj, const char *ckpt,
                            kmc_progress *pr, replica_out *o)
{
    const haven_kmc_params *p = c->p;
    int nw = p->n_windows;
    double frames = traj ? p->n_blocks * pr->tau / p->traj_interval : 0;
    if (frames > KMC_MAX_FRAMES)
        return haven_fail(HAVEN_ERR_ARG,
                          "the trajectory would have %.3g frames (run of %.3g s, interval %.3g "
                          "s); use a longer interval",
                          frames, p->n_blocks * pr->tau, p->traj_interval);
    /* Positions at the start and the middle of the block. */
    double(*origin)[3] = malloc(2 * s->n_part * sizeof *origin), m0[3], m1[3];
    if (!origin)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    double(*mid)[3] = origin + s->n_part;
    haven_status st = HAVEN_OK;
    int last = p->max_blocks > 0 && pr->next_block + p->max_blocks < p->n_blocks
                   ? pr->next_block + p->max_blocks
                   : p->n_blocks;
    dipole(c, s, m0);
    for (int b = pr->next_block; st == HAVEN_OK && b < last; b++) {
        save_positions(s, origin);
        reset_counters(s);
        double t_mid = pr->t0 + (b + 0.5) * pr->tau;
        int mid_done = 0;
        for (int w = 0; w < nw; w++) {
            double t = pr->t0 + b * pr->tau + (w + 1) * pr->tau / nw;
            /* An extra stop does not change the run (the pending hop is
             * kept). */
            if (!mid_done && t_mid <= t) {
                if ((st = advance_with_frames(c, s, traj, pr->t0, t_mid, &pr->frame)) != HAVEN_OK)
                    break;
                save_positions(s, mid);
                mid_done = 1;
            }
            if ((st = advance_with_frames(c, s, traj, pr->t0, t, &pr->frame)) != HAVEN_OK)
                break;
            dipole(c, s, m1);
            for (int k = 0; k < 3; k++) {
                o->dm[b * nw + w][k] = m1[k] - m0[k];
                m0[k] = m1[k];
            }
        }
        if (st != HAVEN_OK)
            break;
        close_block(c, s, (const double(*)[3])origin, (const double(*)[3])mid, pr->tau,
                    &o->blocks[b]);
        if (c->n_bins)
            sample_occupation(c, s, o);
        pr->next_block = b + 1;
        if (ckpt)
            st = kmc_checkpoint_write(ckpt, s, pr, o);
    }
    free(origin);
    if (st == HAVEN_OK && pr->next_block < p->n_blocks)
        st = haven_fail(HAVEN_ERR_DATA,
                        "run incomplete (%d of %d blocks): resume from the checkpoint %s",
                        pr->next_block, p->n_blocks, p->checkpoint);
    return st;
}

/* Sum over a block's windows of |dM|^2; under a field centred on the
 * replica's mean drift per window (with the n/(n-1) correction), so it
 * measures fluctuations only. */
static void collective_moments(const run_ctx *c, replica_out *o)
{
    int n = c->p->n_blocks * c->p->n_windows;
    double mean[3] = {0, 0, 0};
    if (c->sys.field > 0)
        for (int w = 0; w < n; w++)
            for (int k = 0; k < 3; k++)
                mean[k] += o->dm[w][k] / n;
    double scale = c->sys.field > 0 ? (double)n / (n - 1) : 1.0;
    for (int w = 0; w < n; w++) {
        double m2 = 0;
        for (int k = 0; k < 3; k++)
            m2 += (o->dm[w][k] - mean[k]) * (o->dm[w][k] - mean[k]);
        kmc_sums *b = &o->blocks[w / c->p->n_windows];
        b->mq2 += m2 * scale;
        /* Pairs (w - 1, w) for odd w, counted in the block of w. */
        if (w % 2 == 1) {
            double s2 = 0, parts = 0;
            for (int k = 0; k < 3; k++) {
                double d1 = o->dm[w - 1][k] - mean[k], d2 = o->dm[w][k] - mean[k];
                s2 += (d1 + d2) * (d1 + d2);
                parts += d1 * d1 + d2 * d2;
            }
            b->mq2_pair += s2 * scale;
            b->mq2_pair_parts += parts * scale;
        }
    }
}

/* Equilibrate a fresh replica and fix its block duration. */
static haven_status start_replica(const run_ctx *c, kmc_state *s, kmc_progress *pr, replica_out *o)
{
    if (c->n_bins)
        for (size_t x = 0; x < c->L->n_sites; x++)
            o->bin_sites[energy_bin(c, s->energy[x])] += 1;
    if (kmc_advance_hops(s, c->p->equil_hops) != 0 || !(kmc_total_rate(s) > 0))
        return haven_fail(HAVEN_ERR_VALUE, "no hop is possible (lattice full or empty of ions)");
    pr->t0 = s->t;
    pr->tau = (double)c->p->hops / c->p->n_blocks / kmc_total_rate(s);
    s->hop_budget = (long long)HOP_BUDGET_FACTOR * (c->p->hops > 0 ? c->p->hops : 1) + 1000000;
    /* A window too short to move the clock would never end
     * (kmc_rates_check keeps the rates far from this). */
    double window = pr->tau / c->p->n_windows;
    if (!(window > 0) || !isfinite(pr->tau) || !(pr->t0 + window > pr->t0))
        return haven_fail(HAVEN_ERR_VALUE,
                          "time window %.3g s too short for the clock at %.3g s (hop rates out "
                          "of range)",
                          window, pr->t0);
    pr->frame = 0;
    pr->next_block = 0;
    return HAVEN_OK;
}

static haven_status run_replica(const run_ctx *c, int r, replica_out *o)
{
    kmc_state s;
    kmc_progress pr;
    char ckpt[4096], *path = NULL;
    if (c->p->checkpoint) {
        snprintf(ckpt, sizeof ckpt, "%s.%d", c->p->checkpoint, r);
        path = ckpt;
    }
    haven_status st = kmc_state_init(&s, c->L, c->p, c->p->seed + (unsigned long)r);
    FILE *old = path && st == HAVEN_OK ? fopen(path, "rb") : NULL;
    if (old) {
        fclose(old);
        st = kmc_checkpoint_read(path, &s, &pr, o);
    } else if (st == HAVEN_OK) {
        st = start_replica(c, &s, &pr, o);
    }
    if (st == HAVEN_OK)
        st = measure(c, &s, r == 0 ? c->p->trajectory : NULL, path, &pr, o);
    if (st == HAVEN_OK)
        collective_moments(c, o);
    kmc_state_free(&s);
    return st;
}

static void setup_context(const haven_kmc_lattice *L, const haven_kmc_params *p, run_ctx *c)
{
    memset(c, 0, sizeof *c);
    c->L = L;
    c->p = p;
    c->sys.n_species = p->n_species;
    size_t n_sites = L->n_sites;
    for (size_t k = 0; k < p->n_species; k++) {
        c->sys.count[k] = (double)llround(p->species[k].fraction * (double)n_sites);
        c->sys.charge[k] = p->species[k].charge;
    }
    c->sys.dim = L->dim;
    c->sys.volume = haven_kmc_lattice_volume(L);
    c->sys.kT = HAVEN_KB * p->temperature;
    const double *F = p->field;
    c->sys.field = sqrt(F[0] * F[0] + F[1] * F[1] + F[2] * F[2]);
    for (int k = 0; k < 3; k++)
        c->Fhat[k] = c->sys.field > 0 ? F[k] / c->sys.field : 0;
    c->n_bins = kmc_energy_range(p, n_sites, &c->e_lo, &c->e_hi) ? HAVEN_KMC_ENERGY_BINS : 0;
}

/* Units for the error bars: whole replicas, or the blocks of the only one. */
static int collect_units(const run_ctx *c, replica_out *out, kmc_sums *units)
{
    const haven_kmc_params *p = c->p;
    if (p->n_replicas == 1) {
        memcpy(units, out[0].blocks, p->n_blocks * sizeof *units);
        return p->n_blocks;
    }
    for (int r = 0; r < p->n_replicas; r++) {
        memset(&units[r], 0, sizeof units[r]);
        for (int b = 0; b < p->n_blocks; b++)
            kmc_sums_add(&units[r], &out[r].blocks[b]);
    }
    return p->n_replicas;
}

static void finish_result(const run_ctx *c, replica_out *out, haven_kmc_result *res)
{
    const haven_kmc_params *p = c->p;
    res->n_bins = c->n_bins;
    for (int b = 0; b < c->n_bins; b++) {
        double occ = 0, samples = 0;
        res->bin_energy[b] = c->e_lo + (b + 0.5) * (c->e_hi - c->e_lo) / c->n_bins;
        res->bin_sites[b] = 0;
        for (int r = 0; r < p->n_replicas; r++) {
            res->bin_sites[b] += out[r].bin_sites[b];
            occ += out[r].bin_occ[b];
            samples += out[r].bin_samples[b];
        }
        res->bin_occupation[b] = samples > 0 ? occ / samples : NAN;
    }
    res->jumps = 0;
    for (int r = 0; r < p->n_replicas; r++)
        for (int b = 0; b < p->n_blocks; b++)
            for (size_t k = 0; k < p->n_species; k++)
                res->jumps += out[r].blocks[b].jumps[k];
}

/* Say so when blocks are too short for the tracer MSD to be linear: a
 * real bias (3 standard errors) that is not small against the statistical
 * error of D*. */
static int bias_matters(haven_kmc_estimate bias, haven_kmc_estimate x)
{
    double rel = x.stderr_ / x.value;
    return isfinite(bias.stderr_) && isfinite(rel) && fabs(bias.value) > 3 * bias.stderr_ &&
           fabs(bias.value) > 0.5 * rel;
}

static void warn_block_bias(const haven_kmc_params *p, const haven_kmc_result *r)
{
    haven_kmc_estimate e = r->block_bias, d = r->D_tracer, w = r->window_bias, s = r->D_sigma;
    if (bias_matters(e, d))
        haven_warn("kmc: T = %g K: blocks too short for a linear tracer MSD: D* and f are biased "
                   "by %+.2g%% (+- %.2g%%), against a statistical error of %.2g%%; use fewer, "
                   "longer blocks or more hops",
                   p->temperature, 100 * e.value, 100 * e.stderr_, 100 * d.stderr_ / d.value);
    if (bias_matters(w, s))
        haven_warn("kmc: T = %g K: windows too short for a linear collective MSD: D_sigma and "
                   "sigma are biased by %+.2g%% (+- %.2g%%), against a statistical error of "
                   "%.2g%%; use fewer windows per block or more hops",
                   p->temperature, 100 * w.value, 100 * w.stderr_, 100 * s.stderr_ / s.value);
}

static void free_outputs(replica_out *out, int n)
{
    for (int r = 0; out && r < n; r++) {
        free(out[r].blocks);
        free(out[r].dm);
    }
    free(out);
}

_Static_assert(sizeof(kmc_sums) % sizeof(double) == 0, "kmc_sums is shared as doubles");

/* Replica r runs in this process (haven_kmc_params.partition). */
static int runs_here(const haven_kmc_params *p, int r)
{
    const haven_partition *pt = p->partition;
    return !pt || pt->size <= 1 || r % pt->size == pt->rank;
}

/* With a partition: the failure of any process fails all, and every
 * replica's outputs (zero where it did not run) are summed over the
 * processes - each value then is its owner's, exactly. */
static haven_status share_replicas(const haven_kmc_params *p, replica_out *out,
                                   haven_status first)
{
    const haven_partition *pt = p->partition;
    if (!pt || pt->size <= 1)
        return first;
    size_t per_block = sizeof(kmc_sums) / sizeof(double) + 3 * (size_t)p->n_windows;
    size_t per_rep = (size_t)p->n_blocks * per_block + 3 * HAVEN_KMC_ENERGY_BINS;
    size_t n = 1 + (size_t)p->n_replicas * per_rep;
    double *buf = calloc(n, sizeof *buf);
    if (!buf)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    buf[0] = first != HAVEN_OK;
    for (int r = 0; r < p->n_replicas && first == HAVEN_OK; r++) {
        double *q = buf + 1 + (size_t)r * per_rep;
        memcpy(q, out[r].blocks, (size_t)p->n_blocks * sizeof(kmc_sums));
        q += (size_t)p->n_blocks * sizeof(kmc_sums) / sizeof(double);
        memcpy(q, out[r].dm, (size_t)p->n_blocks * p->n_windows * sizeof *out[r].dm);
        q += 3 * (size_t)p->n_blocks * p->n_windows;
        memcpy(q, out[r].bin_sites, sizeof out[r].bin_sites);
        memcpy(q + HAVEN_KMC_ENERGY_BINS, out[r].bin_occ, sizeof out[r].bin_occ);
        memcpy(q + 2 * HAVEN_KMC_ENERGY_BINS, out[r].bin_samples, sizeof out[r].bin_samples);
    }
    haven_status s = haven_partition_sum(pt, buf, n, "KMC replica results");
    if (s == HAVEN_OK && first == HAVEN_OK && buf[0] > 0)
        s = haven_fail(HAVEN_ERR_DATA, "a replica failed on another process (see its message)");
    for (int r = 0; r < p->n_replicas && s == HAVEN_OK && first == HAVEN_OK; r++) {
        const double *q = buf + 1 + (size_t)r * per_rep;
        memcpy(out[r].blocks, q, (size_t)p->n_blocks * sizeof(kmc_sums));
        q += (size_t)p->n_blocks * sizeof(kmc_sums) / sizeof(double);
        memcpy(out[r].dm, q, (size_t)p->n_blocks * p->n_windows * sizeof *out[r].dm);
        q += 3 * (size_t)p->n_blocks * p->n_windows;
        memcpy(out[r].bin_sites, q, sizeof out[r].bin_sites);
        memcpy(out[r].bin_occ, q + HAVEN_KMC_ENERGY_BINS, sizeof out[r].bin_occ);
        memcpy(out[r].bin_samples, q + 2 * HAVEN_KMC_ENERGY_BINS, sizeof out[r].bin_samples);
    }
    free(buf);
    return first != HAVEN_OK ? first : s;
}

haven_status haven_kmc_run(const haven_kmc_lattice *L, const haven_kmc_params *p,
                           haven_kmc_result *res)
{
    memset(res, 0, sizeof *res);
    haven_status st = kmc_params_check(p, L->n_sites);
    if (st == HAVEN_OK)
        st = kmc_rates_check(L, p);
    if (st != HAVEN_OK)
        return st;
    run_ctx c;
    setup_context(L, p, &c);
    res->temperature = p->temperature;
    int nr = p->n_replicas;
    replica_out *out = calloc(nr, sizeof *out);
    kmc_sums *units = malloc((nr > p->n_blocks ? nr : p->n_blocks) * sizeof *units);
    if (!out || !units) {
        free(out);
        free(units);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    int nomem = 0;
    for (int r = 0; r < nr; r++) {
        out[r].blocks = calloc(p->n_blocks, sizeof *out[r].blocks);
        out[r].dm = calloc((size_t)p->n_blocks * p->n_windows, sizeof *out[r].dm);
        nomem |= !out[r].blocks || !out[r].dm;
    }
    /* haven_fail messages are thread-local: carry a worker's to the caller. */
    haven_status first = nomem ? HAVEN_ERR_NOMEM : HAVEN_OK;
    char message[1024] = "out of memory";
    double t0 = omp_get_wtime();
#pragma omp parallel for schedule(dynamic, 1) if (!nomem && nr > 1)
    for (int r = 0; r < nr; r++) {
        haven_status rs = nomem             ? HAVEN_ERR_NOMEM
                          : !runs_here(p, r) ? HAVEN_OK
                                             : run_replica(&c, r, &out[r]);
        if (rs != HAVEN_OK) {
#pragma omp critical(haven_kmc_error)
            if (first == HAVEN_OK) {
                first = rs;
                snprintf(message, sizeof message, "%s", haven_last_error());
            }
        }
    }
    res->elapsed = omp_get_wtime() - t0;
    haven_status shared = share_replicas(p, out, first);
    if (first == HAVEN_OK && shared != HAVEN_OK) {
        first = shared;
    } else if (first == HAVEN_OK) {
        int n = collect_units(&c, out, units);
        kmc_estimate_all(units, n, &c.sys, res);
        warn_block_bias(p, res);
        finish_result(&c, out, res);
    } else {
        haven_fail(first, "%s", message);
    }
    free_outputs(out, nr);
    free(units);
    return first;
}
