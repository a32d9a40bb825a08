/* The driver: independent replicas in parallel (OpenMP), each equilibrated
 * (until stationary, or for the hops asked) and then measured over a span;
 * in the automatic mode the block and window lengths are chosen from the
 * run and the span doubled until the MSD is linear at them. */
#include "kmc/energy.h"
#include "kmc/equil.h"
#include "kmc/measure.h"
#include "kmc/params.h"
#include "kmc/run.h"

#include "core/error.h"

#include <errno.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A guard against an interval far too short for the run's time scale. */
#define KMC_MAX_FRAMES 1e6
/* A bias is warned of beyond this fraction of the statistical error (and
 * beyond its own 95% band). */
#define BIAS_FRACTION 0.25
/* Default limit of the automatic mode: measured hops <= 64 x hops. */
#define MAX_HOPS_FACTOR 64

typedef struct {
    kmc_state s;
    kmc_progress pr;
    replica_out o;
    char ckpt[4096];
    int live;
} replica;

typedef struct {
    measure_ctx m;
    kmc_layout lay;
    kmc_system sys;
    long max_hops;
    int grow;      /* the span may double */
    kmc_traj traj; /* replica 0's trajectory */
    int has_traj;
    kmc_meter meter;
    int first; /* replica 0's index among all the points run together */
} run_ctx;

static void setup_context(const haven_kmc_lattice *L, const haven_kmc_params *p, run_ctx *c)
{
    memset(c, 0, sizeof *c);
    c->m.L = L;
    c->m.p = p;
    c->m.lay = &c->lay;
    c->sys.n_species = p->n_species;
    size_t n_sites = L->n_sites;
    for (size_t k = 0; k < p->n_species; k++) {
        c->sys.count[k] = (double)llround(p->species[k].fraction * (double)n_sites);
        c->sys.charge[k] = c->m.charge[k] = p->species[k].charge;
    }
    double ions = 0;
    for (size_t k = 0; k < p->n_species; k++)
        ions += c->sys.count[k];
    kmc_layout_init(&c->lay, p, ions > 0 ? ions : 1);
    c->sys.dim = L->dim;
    c->sys.volume = haven_kmc_lattice_volume(L);
    c->sys.kT = HAVEN_KB * p->temperature;
    const double *F = p->field;
    c->sys.field = c->m.field = sqrt(F[0] * F[0] + F[1] * F[1] + F[2] * F[2]);
    for (int k = 0; k < 3; k++)
        c->m.Fhat[k] = c->m.field > 0 ? F[k] / c->m.field : 0;
    c->m.n_bins =
        kmc_energy_range(p, n_sites, &c->m.e_lo, &c->m.e_hi) ? HAVEN_KMC_ENERGY_BINS : 0;
    c->max_hops = p->max_hops > 0 ? p->max_hops : MAX_HOPS_FACTOR * p->hops;
    c->grow = p->n_blocks == 0 && p->n_windows == 0 && !p->checkpoint;
    c->meter.fn = p->progress;
    c->meter.user = p->progress_user;
    c->m.meter = &c->meter;
}

/* Equilibrate a fresh replica and fix its span from the total rate then. */
static haven_status start_replica(const run_ctx *c, replica *r)
{
    const haven_kmc_params *p = c->m.p;
    kmc_state *s = &r->s;
    kmc_progress *pr = &r->pr;
    memset(pr, 0, sizeof *pr);
    if (c->m.n_bins)
        for (size_t x = 0; x < c->m.L->n_sites; x++)
            r->o.bin_sites[kmc_energy_bin(&c->m, s->energy[x])] += 1;
    haven_status st = HAVEN_OK;
    if (p->equil_hops >= 0) {
        pr->equil_hops = (double)p->equil_hops;
        pr->equil_settled = 1;
        if (kmc_advance_hops(s, p->equil_hops) != 0)
            pr->equil_hops = -1;
    } else {
        st = kmc_equilibrate(s, p->hops / 200 > 0 ? p->hops / 200 : 1, c->max_hops,
                             &pr->equil_hops, &pr->equil_settled);
    }
    if (st != HAVEN_OK)
        return st;
    if (pr->equil_hops < 0 || !(kmc_total_rate(s) > 0))
        return haven_fail(HAVEN_ERR_VALUE, "no hop is possible (lattice full or empty of ions)");
    kmc_meter_equilibrated(c->m.meter);
    pr->t0 = s->t;
    pr->tau = (double)p->hops / kmc_total_rate(s);
    /* A window too short to move the clock would never end
     * (kmc_rates_check keeps the rates far from this). */
    double window = pr->tau / c->lay.n_fine;
    if (!(window > 0) || !isfinite(pr->tau) || !(pr->t0 + window > pr->t0))
        return haven_fail(HAVEN_ERR_VALUE,
                          "time window %.3g s too short for the clock at %.3g s (hop rates out "
                          "of range)",
                          window, pr->t0);
    kmc_measure_start(&c->m, s, pr, &r->o);
    return HAVEN_OK;
}

static haven_status open_replica(const run_ctx *c, int i, replica *r)
{
    const haven_kmc_params *p = c->m.p;
    const char *path = NULL;
    if (p->checkpoint) {
        snprintf(r->ckpt, sizeof r->ckpt, "%s.%d", p->checkpoint, i);
        path = r->ckpt;
    }
    haven_status st = kmc_state_init(&r->s, c->m.L, p, p->seed + (unsigned long)i);
    r->live = 1; /* kmc_state_free also undoes a failed set-up */
    if (st != HAVEN_OK)
        return st;
    if ((st = kmc_replica_alloc(&r->o, &c->lay, r->s.n_part)) != HAVEN_OK)
        return st;
    FILE *old = path ? fopen(path, "rb") : NULL;
    if (old) {
        fclose(old);
        return kmc_checkpoint_read(path, &r->s, &r->pr, &c->lay, &r->o);
    }
    return start_replica(c, r);
}

/* Measure the rest of this replica's span (opening it first if needed). */
static haven_status run_replica(const run_ctx *c, int i, replica *r)
{
    const haven_kmc_params *p = c->m.p;
    haven_status st = r->live ? HAVEN_OK : open_replica(c, i, r);
    if (st != HAVEN_OK)
        return st;
    const kmc_traj *traj = i == 0 && c->has_traj ? &c->traj : NULL;
    double frames = traj ? r->pr.tau / p->traj_interval : 0;
    if (frames > KMC_MAX_FRAMES)
        return haven_fail(HAVEN_ERR_ARG,
                          "the trajectory would have %.3g frames (run of %.3g s, interval %.3g "
                          "s); use a longer interval",
                          frames, r->pr.tau, p->traj_interval);
    double span_hops = (double)p->hops * (1 << r->pr.doublings);
    r->s.hop_budget = (long long)(KMC_HOP_BUDGET_FACTOR * span_hops) + 1000000;
    return kmc_measure_span(&c->m, &r->s, traj, p->checkpoint ? r->ckpt : NULL, p->max_blocks,
                            &r->pr, &r->o);
}

/* Error units at tracer level jt and collective length jc: whole
 * replicas, or the blocks of the only one. Returns their number. */
static int collect_units(const run_ctx *c, const replica *reps, int jt, int jc, int c_finest,
                         kmc_sums *units)
{
    const haven_kmc_params *p = c->m.p;
    if (p->n_replicas == 1) {
        for (int u = 0; u < c->lay.n_units; u++)
            kmc_unit_sums(&c->m, &reps[0].o, reps[0].pr.tau, u, c->lay.n_units, jt, jc, c_finest,
                          &units[u]);
        return c->lay.n_units;
    }
    for (int r = 0; r < p->n_replicas; r++)
        kmc_unit_sums(&c->m, &reps[r].o, reps[r].pr.tau, 0, 1, jt, jc, c_finest, &units[r]);
    return p->n_replicas;
}

/* A bias that matters: beyond its own 95% band and not small against the
 * statistical error of what it biases. */
static int bias_matters(haven_estimate bias, haven_estimate x)
{
    double rel = x.err / x.value;
    return isfinite(bias.err) && isfinite(rel) && fabs(bias.value) > 2 * bias.err &&
           fabs(bias.value) > BIAS_FRACTION * rel;
}

/* The part of a bias estimate beyond its own 95% band: what the data
 * show of a bias, not what their noise makes of nothing. */
static double excess(haven_estimate b)
{
    double x = fabs(b.value) - 2 * b.err;
    return x > 0 ? x : 0;
}

/* Automatic mode: a length is taken when the bias left in the estimate is
 * below `fraction` of its statistical error. Each bias estimate is tested
 * against its own error: only its excess beyond its 95% band counts, so
 * the noise of an estimate at a long length (about as large as the error
 * of the quantity itself) no longer doubles the span by chance (before,
 * the span a run settled at varied 30x between seeds). The estimate at the next shorter length
 * (prev) is sharper; with MSD/t - s falling as t^-alpha, alpha ~ 0.6 .. 1,
 * the bias at least about halves per doubling, so half its excess bounds
 * the bias here too, and a bias the noise hides here is still seen there.
 * What is left: the ratio MSD/t keeps all of the bias, which the estimate
 * (made for MSD = s t + b) reads up to ~2x low where the MSD bends more
 * slowly (fraction 1/4); the slope over [l/2, l] keeps none of b and about
 * as much as the estimate reads of a slower bend (fraction 1/2). Either
 * way the bias stays below about half the error, which moves a 95%
 * interval's coverage by ~3 points at most. */
static int settled(haven_estimate bias, haven_estimate prev, haven_estimate x, double fraction)
{
    double rel = x.err / x.value;
    if (!isfinite(bias.err) || !isfinite(rel))
        return 0;
    double bound = excess(bias);
    if (isfinite(prev.err) && 0.5 * excess(prev) > bound)
        bound = 0.5 * excess(prev);
    return bound <= fraction * rel;
}

typedef struct {
    int jt, jc, c_finest, t_lo, t_hi, c_lo, c_hi;
} level_choice;

/* Candidate lengths: the tracer blocks from 4 grid steps up to the span
 * (with one replica: the blocks that are its error units), the collective
 * windows from 4 fine windows up to a length that leaves 16 per replica
 * (one replica: 4 per unit); explicit --blocks/--windows fix them. */
static void candidates(const run_ctx *c, level_choice *ch)
{
    const haven_kmc_params *p = c->m.p;
    ch->t_lo = 2;
    ch->t_hi = p->n_blocks > 0 ? 2 : c->lay.n_levels - 1;
    while (p->n_replicas == 1 && ch->t_hi > 2 && (1 << ch->t_hi) > c->lay.n_steps / c->lay.n_units)
        ch->t_hi--;
    ch->c_finest = p->n_windows > 0;
    int per = p->n_replicas == 1 ? c->lay.n_fine / c->lay.n_units / 4 : c->lay.n_fine / 16;
    ch->c_lo = ch->c_finest ? 0 : 2;
    ch->c_hi = ch->c_lo;
    while (!ch->c_finest && (2 << ch->c_hi) <= per)
        ch->c_hi++;
}

/* Raise *j (ch->jt or ch->jc) from lo to hi until the length settles,
 * estimating at each; the tracer (D*, block bias) or the collective
 * quantities (D_sigma, window bias). Returns whether it settled. */
static int scan_lengths(run_ctx *c, const replica *reps, kmc_sums *units, level_choice *ch, int *j,
                        int lo, int hi, int tracer, double fraction, haven_kmc_result *res)
{
    haven_estimate prev = {NAN, NAN, NAN, NAN, NULL};
    for (*j = lo;; (*j)++) {
        int n = collect_units(c, reps, ch->jt, ch->jc, ch->c_finest, units);
        kmc_estimate_all(units, n, &c->sys, res);
        haven_estimate bias = tracer ? res->block_bias : res->window_bias;
        if (!tracer && !isfinite(bias.value))
            return 1; /* too few windows to tell */
        if (settled(bias, prev, tracer ? res->D_tracer : res->D_sigma, fraction))
            return 1;
        if (*j == hi)
            return 0;
        prev = bias;
    }
}

/* Estimates at the shortest lengths whose bias does not matter. */
static void choose_lengths(run_ctx *c, const replica *reps, kmc_sums *units, level_choice *ch,
                           haven_kmc_result *res, int *t_ok, int *c_ok)
{
    candidates(c, ch);
    c->sys.tracer_at = 2;
    c->sys.tracer_slope = c->m.p->n_blocks == 0;
    c->sys.collective_at = ch->c_finest ? 0 : 2;
    ch->jc = ch->c_lo;
    *t_ok = scan_lengths(c, reps, units, ch, &ch->jt, ch->t_lo, ch->t_hi, 1,
                         c->sys.tracer_slope ? 0.5 : BIAS_FRACTION, res);
    *c_ok = scan_lengths(c, reps, units, ch, &ch->jc, ch->c_lo, ch->c_hi, 0, BIAS_FRACTION, res);
}

static void finish_result(const run_ctx *c, const replica *reps, const level_choice *ch,
                          haven_kmc_result *res)
{
    const haven_kmc_params *p = c->m.p;
    int nr = p->n_replicas;
    res->n_bins = c->m.n_bins;
    for (int b = 0; b < c->m.n_bins; b++) {
        double occ = 0, samples = 0;
        res->bin_energy[b] = c->m.e_lo + (b + 0.5) * (c->m.e_hi - c->m.e_lo) / c->m.n_bins;
        res->bin_sites[b] = 0;
        for (int r = 0; r < nr; r++) {
            res->bin_sites[b] += reps[r].o.bin_sites[b];
            occ += reps[r].o.bin_occ[b];
            samples += reps[r].o.bin_samples[b];
        }
        res->bin_occupation[b] = samples > 0 ? occ / samples : NAN;
    }
    double tau = 0, ions = 0;
    res->jumps = res->equil_hops = 0;
    res->equil_unsettled = 0;
    for (int r = 0; r < nr; r++) {
        for (int w = 0; w < c->lay.n_fine; w++)
            for (size_t k = 0; k < p->n_species; k++)
                res->jumps += reps[r].o.win[w].jumps[k];
        tau += reps[r].pr.tau / nr;
        res->equil_hops += reps[r].pr.equil_hops / nr;
        res->equil_unsettled += !reps[r].pr.equil_settled;
    }
    for (size_t k = 0; k < p->n_species; k++)
        ions += c->sys.count[k];
    res->measured_hops = res->jumps / nr;
    res->block_time = tau * (1 << ch->jt) / c->lay.n_steps;
    res->window_time = tau * (1 << ch->jc) / c->lay.n_fine;
    res->block_hops = res->measured_hops * (1 << ch->jt) / c->lay.n_steps / ions;
}

/* Say so when a length in use is too short for the MSD to be linear:
 * with fixed blocks or windows, a bias that matters; in the automatic mode,
 * no length settled within the hop limit. */
static void warn_bias(const haven_kmc_params *p, const haven_kmc_result *r)
{
    haven_estimate e = r->block_bias, d = r->D_tracer, w = r->window_bias, s = r->D_sigma;
    int fixed = p->n_blocks > 0 || p->n_windows > 0;
    const char *hint = fixed ? "use fewer, longer blocks and windows, more hops, or leave "
                               "--blocks and --windows automatic"
                             : "the hop limit was reached; raise it (--max-hops) or --hops";
    if (fixed ? bias_matters(e, d) : !r->blocks_settled)
        haven_warn("kmc: T = %g K: blocks too short for a linear tracer MSD: D* and f %s "
                   "%+.2g%% (+- %.2g%%), against a statistical error of %.2g%%; %s",
                   p->temperature, fixed ? "are biased by" : "may keep part of a bias of",
                   100 * e.value, 100 * e.err, 100 * d.err / d.value, hint);
    if (fixed ? bias_matters(w, s) : !r->windows_settled)
        haven_warn("kmc: T = %g K: windows too short for a linear collective MSD: D_sigma and "
                   "sigma are biased by %+.2g%% (+- %.2g%%), against a statistical error of "
                   "%.2g%%; %s",
                   p->temperature, 100 * w.value, 100 * w.err, 100 * s.err / s.value, hint);
    if (r->equil_unsettled)
        haven_warn("kmc: T = %g K: %d replica(s) not stationary after %.3g hops of "
                   "equilibration (energy or jump rate still drifting)",
                   p->temperature, r->equil_unsettled, r->equil_hops);
}

/* Replica r runs in this process (haven_kmc_params.partition): replica r
 * of the points run together (kmc_run_points) is number first + r of them
 * all, and they are dealt round the processes in that order. */
static int runs_here(const run_ctx *c, int r)
{
    const haven_partition *pt = c->m.p->partition;
    return !pt || pt->size <= 1 || (c->first + r) % pt->size == pt->rank;
}

/* What a replica's estimates need, as doubles: its sums, windows,
 * occupation bins and span. to_buf: copy out (zeros where it did not run
 * here); else copy back. */
static void replica_doubles(const run_ctx *c, replica *r, double *q, int to_buf, int here)
{
    size_t nt = (size_t)c->lay.offset[c->lay.n_levels] * K_MAX;
    size_t nw = (size_t)c->lay.n_fine * sizeof(kmc_window) / sizeof(double);
    struct {
        double *x;
        size_t n;
    } part[] = {{r->o.tr, nt},
                {(double *)r->o.win, nw},
                {r->o.bin_sites, HAVEN_KMC_ENERGY_BINS},
                {r->o.bin_occ, HAVEN_KMC_ENERGY_BINS},
                {r->o.bin_samples, HAVEN_KMC_ENERGY_BINS},
                {&r->pr.tau, 1},
                {&r->pr.equil_hops, 1}};
    for (size_t i = 0; i < sizeof part / sizeof *part; q += part[i].n, i++)
        if (to_buf && here)
            memcpy(q, part[i].x, part[i].n * sizeof *q);
        else if (!to_buf)
            memcpy(part[i].x, q, part[i].n * sizeof *q);
    if (to_buf && here)
        *q = r->pr.equil_settled;
    else if (!to_buf)
        r->pr.equil_settled = (int)*q;
}

_Static_assert(sizeof(kmc_window) % sizeof(double) == 0, "kmc_window is shared as doubles");

/* With a partition: a failure anywhere fails all, and every replica's
 * outputs are summed over the processes (zeros where it did not run), so
 * each value is its owner's exactly and every process chooses the same
 * lengths as one process would. */
static haven_status share_replicas(const run_ctx *c, replica *reps, haven_status first)
{
    const haven_kmc_params *p = c->m.p;
    const haven_partition *pt = p->partition;
    if (!pt || pt->size <= 1)
        return first;
    size_t per = (size_t)c->lay.offset[c->lay.n_levels] * K_MAX +
                 (size_t)c->lay.n_fine * sizeof(kmc_window) / sizeof(double) +
                 3 * HAVEN_KMC_ENERGY_BINS + 3;
    size_t n = 1 + (size_t)p->n_replicas * per;
    double *buf = calloc(n, sizeof *buf);
    haven_status st = buf ? HAVEN_OK : haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (int r = 0; st == HAVEN_OK && r < p->n_replicas; r++)
        if (!reps[r].o.tr)
            st = kmc_replica_alloc(&reps[r].o, &c->lay, 0);
    if (st != HAVEN_OK) {
        free(buf);
        return st;
    }
    buf[0] = first != HAVEN_OK;
    for (int r = 0; r < p->n_replicas && first == HAVEN_OK; r++)
        replica_doubles(c, &reps[r], buf + 1 + r * per, 1, runs_here(c, r));
    st = haven_partition_sum(pt, buf, n, "KMC replica results");
    if (st == HAVEN_OK && first == HAVEN_OK && buf[0] > 0)
        st = haven_fail(HAVEN_ERR_DATA, "a replica failed on another process (see its message)");
    for (int r = 0; r < p->n_replicas && st == HAVEN_OK && first == HAVEN_OK; r++)
        replica_doubles(c, &reps[r], buf + 1 + r * per, 0, 0);
    free(buf);
    return first != HAVEN_OK ? first : st;
}

/* One point (a temperature, or a lattice) of those run together: its
 * context, replicas and error units, and how it stands. */
typedef struct {
    run_ctx c;
    replica *reps;
    kmc_sums *units;
    level_choice ch;
    haven_kmc_result *res;
    int done;           /* its lengths are chosen: no more spans */
    haven_status st;    /* the first failure of its replicas here */
    char message[1024]; /* and its message (haven_fail's are per thread) */
    char tmp[4200];     /* the trajectory's temporary path */
} point;

/* The progress counters for a round: the replicas here of the points still
 * measuring, each from the step it stands at to its span's last. */
static void meter_round(point *pts, size_t n)
{
    kmc_meter *m = pts[0].c.m.meter;
    m->done = m->total = m->replicas = 0;
    for (size_t i = 0; i < n; i++)
        for (int r = 0; !pts[i].done && r < pts[i].c.m.p->n_replicas; r++)
            if (runs_here(&pts[i].c, r)) {
                m->replicas++;
                m->total += (size_t)pts[i].c.lay.n_steps;
                m->done += pts[i].reps[r].live ? (size_t)pts[i].reps[r].pr.next_step : 0;
            }
}

/* Replica r of point i, numbered across the points still measuring. */
typedef struct {
    int point, replica;
} task;

/* Every replica here of every point still measuring through its span, in
 * parallel; then each point's replicas shared over the processes, point by
 * point in the same order on every process. The first error wins. */
static haven_status run_round(point *pts, size_t n, task *tasks)
{
    int nt = 0;
    for (size_t i = 0; i < n; i++)
        for (int r = 0; !pts[i].done && r < pts[i].c.m.p->n_replicas; r++)
            if (runs_here(&pts[i].c, r))
                tasks[nt++] = (task){(int)i, r};
    meter_round(pts, n);
#pragma omp parallel for schedule(dynamic, 1) if (nt > 1)
    for (int k = 0; k < nt; k++) {
        point *pt = &pts[tasks[k].point];
        int r = tasks[k].replica;
        haven_status rs = run_replica(&pt->c, r, &pt->reps[r]);
        if (rs != HAVEN_OK) {
#pragma omp critical(haven_kmc_error)
            if (pt->st == HAVEN_OK) {
                pt->st = rs;
                snprintf(pt->message, sizeof pt->message, "%s", haven_last_error());
            }
        }
    }
    /* Thread 0 may have had no replica to run: the span's end, from here. */
    kmc_meter *m = pts[0].c.m.meter;
    kmc_meter_call(m, "measure", m->done, m->total);
    haven_status first = HAVEN_OK;
    for (size_t i = 0; i < n; i++) {
        if (pts[i].done)
            continue;
        if (pts[i].st != HAVEN_OK)
            haven_fail(pts[i].st, "%s", pts[i].message);
        haven_status st = share_replicas(&pts[i].c, pts[i].reps, pts[i].st);
        if (first == HAVEN_OK)
            first = st;
    }
    return first;
}

/* After a round: the point's lengths, and whether it is done (settled, not
 * growing, or at its hop limit) or doubles its span. */
static void decide(point *pt)
{
    run_ctx *c = &pt->c;
    const haven_kmc_params *p = c->m.p;
    int t_ok, c_ok;
    choose_lengths(c, pt->reps, pt->units, &pt->ch, pt->res, &t_ok, &c_ok);
    pt->res->blocks_settled = t_ok;
    pt->res->windows_settled = c_ok;
    double next = (double)p->hops * (2 << pt->reps[0].pr.doublings);
    if ((t_ok && c_ok) || !c->grow || next > (double)c->max_hops) {
        finish_result(c, pt->reps, &pt->ch, pt->res);
        pt->done = 1;
        return;
    }
    for (int r = 0; r < p->n_replicas; r++)
        kmc_span_double(&c->m, &pt->reps[r].pr, &pt->reps[r].o);
    if (c->meter.fn)
        c->meter.fn("span", (size_t)(next / 2), (size_t)c->max_hops, c->meter.user);
}

/* Rounds until every point's lengths are chosen. */
static haven_status measure_points(point *pts, size_t n)
{
    size_t all = 0;
    for (size_t i = 0; i < n; i++)
        all += (size_t)pts[i].c.m.p->n_replicas;
    task *tasks = malloc(all * sizeof *tasks);
    if (!tasks)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    haven_status st = HAVEN_OK;
    for (size_t left = n; st == HAVEN_OK && left > 0;) {
        st = run_round(pts, n, tasks);
        for (size_t i = 0; st == HAVEN_OK && i < n; i++)
            if (!pts[i].done) {
                decide(&pts[i]);
                left -= pts[i].done;
            }
    }
    free(tasks);
    return st;
}

/* The trajectory goes to "<path>.tmp", renamed when the run succeeds. */
static haven_status open_trajectory(const haven_kmc_params *p, char *tmp, size_t size, FILE **fp)
{
    *fp = NULL;
    if (!p->trajectory)
        return HAVEN_OK;
    if ((size_t)snprintf(tmp, size, "%s.tmp", p->trajectory) >= size)
        return haven_fail(HAVEN_ERR_ARG, "trajectory path too long: %s", p->trajectory);
    *fp = fopen(tmp, "w");
    return *fp ? HAVEN_OK
               : haven_fail(HAVEN_ERR_IO, "%s: cannot write the trajectory: %s", tmp,
                            strerror(errno));
}

static haven_status close_trajectory(const haven_kmc_params *p, const char *tmp, FILE *fp,
                                     haven_status st)
{
    if (!fp)
        return st;
    int ok = !ferror(fp);
    ok = fclose(fp) == 0 && ok;
    if (st == HAVEN_OK && (!ok || rename(tmp, p->trajectory) != 0))
        st = haven_fail(HAVEN_ERR_IO, "%s: cannot write the trajectory: %s", p->trajectory,
                        strerror(errno));
    if (st != HAVEN_OK)
        remove(tmp);
    return st;
}

/* A point's replicas, error units and trajectory; then its first replica's
 * index among all the points' (*first, advanced) and the shared meter. */
static haven_status open_point(const haven_kmc_lattice *L, const haven_kmc_params *q,
                               haven_kmc_result *res, point *pt, int *first, kmc_meter *meter)
{
    run_ctx *c = &pt->c;
    setup_context(L, q, c);
    c->first = *first;
    *first += q->n_replicas;
    if (meter)
        c->m.meter = meter;
    pt->res = res;
    res->temperature = q->temperature;
    haven_status st = open_trajectory(q, pt->tmp, sizeof pt->tmp, &c->traj.fp);
    c->traj.write = q->trajectory_write;
    c->traj.user = q->trajectory_user;
    c->has_traj = c->traj.fp || c->traj.write;
    int nr = q->n_replicas;
    pt->reps = calloc(nr, sizeof *pt->reps);
    pt->units = malloc((nr > c->lay.n_units ? nr : c->lay.n_units) * sizeof *pt->units);
    if (st == HAVEN_OK && (!pt->reps || !pt->units))
        st = haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    return st;
}

static haven_status close_point(point *pt, haven_status st)
{
    const haven_kmc_params *q = pt->c.m.p;
    st = close_trajectory(q, pt->tmp, pt->c.traj.fp, st);
    if (st == HAVEN_OK)
        warn_bias(q, pt->res);
    for (int r = 0; pt->reps && r < q->n_replicas; r++) {
        if (pt->reps[r].live)
            kmc_state_free(&pt->reps[r].s);
        kmc_replica_free(&pt->reps[r].o);
    }
    free(pt->reps);
    free(pt->units);
    return st;
}

/* The points on the parameters with their defaults filled in (q), all
 * measured together, round by round (one point: haven_kmc_run). */
static haven_status run_resolved(const haven_kmc_lattice *const *L, const haven_kmc_params *q,
                                 size_t n, haven_kmc_result *res)
{
    haven_status st = HAVEN_OK;
    for (size_t i = 0; st == HAVEN_OK && i < n; i++) {
        st = kmc_params_check(&q[i], L[i]->n_sites);
        if (st == HAVEN_OK)
            st = kmc_rates_check(L[i], &q[i]);
    }
    if (st != HAVEN_OK)
        return st;
    point *pts = calloc(n, sizeof *pts);
    if (!pts)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    int first = 0;
    size_t opened = 0;
    for (; st == HAVEN_OK && opened < n; opened++)
        st = open_point(L[opened], &q[opened], &res[opened], &pts[opened], &first,
                        opened ? &pts[0].c.meter : NULL);
    double t0 = omp_get_wtime();
    if (st == HAVEN_OK)
        st = measure_points(pts, n);
    for (size_t i = 0; i < n; i++)
        res[i].elapsed = omp_get_wtime() - t0;
    for (size_t i = 0; i < opened; i++) {
        haven_status cs = close_point(&pts[i], st);
        if (st == HAVEN_OK)
            st = cs;
    }
    free(pts);
    return st;
}

haven_status kmc_run_points(const haven_kmc_lattice *const *L, const haven_kmc_params *p,
                            size_t n, haven_kmc_result *res)
{
    memset(res, 0, n * sizeof *res);
    haven_kmc_params *q = malloc(n * sizeof *q);
    if (!q)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        kmc_params_resolve(&p[i], &q[i]);
    haven_status st = run_resolved(L, q, n, res);
    free(q);
    return st;
}

haven_status haven_kmc_run(const haven_kmc_lattice *L, const haven_kmc_params *p,
                           haven_kmc_result *res)
{
    memset(res, 0, sizeof *res);
    if (!L || !p)
        return haven_fail(HAVEN_ERR_ARG, "haven_kmc_run: no lattice or parameters");
    haven_kmc_params q;
    kmc_params_resolve(p, &q);
    return run_resolved(&L, &q, 1, res);
}
