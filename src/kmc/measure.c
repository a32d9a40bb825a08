/* Measuring one replica over its span: the tracer grid (squared
 * displacements at 2^j grid steps, per interval) and the collective
 * windows (dM per window), on fixed times; doubling a span; and the sums
 * of an error unit at chosen lengths. See replica.h for the layout. */
#include "kmc/measure.h"
#include "kmc/trajectory.h"

#include "core/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The automatic grid has about one step per hop per ion over the first
 * span (intervals shorter than a hop per ion say nothing about the MSD's
 * approach to a line), a power of two from 32 to 1024 steps; a tracer
 * interval costs a pass over the ions, so this is ~2 ion visits per hop. */
#define AUTO_MIN_STEPS 32
#define AUTO_MAX_STEPS 1024
#define AUTO_UNITS 8    /* one replica: error units (blocks) per span */
#define FINE_PER_STEP 8 /* collective windows per grid step */

void kmc_layout_init(kmc_layout *lay, const haven_kmc_params *p, double ions)
{
    memset(lay, 0, sizeof *lay);
    if (p->n_blocks > 0) {
        lay->n_units = p->n_blocks;
        lay->n_steps = 4 * p->n_blocks;
        lay->n_levels = 3;
    } else {
        lay->n_units = AUTO_UNITS;
        lay->n_steps = AUTO_MIN_STEPS;
        while (lay->n_steps < AUTO_MAX_STEPS && 2.0 * lay->n_steps <= (double)p->hops / ions)
            lay->n_steps *= 2;
        for (lay->n_levels = 1; (1 << lay->n_levels) <= lay->n_steps; lay->n_levels++)
            ;
        lay->top_whole = 1;
    }
    lay->n_fine = p->n_windows > 0 ? lay->n_units * p->n_windows : FINE_PER_STEP * lay->n_steps;
    for (int j = 0; j < lay->n_levels; j++)
        lay->offset[j + 1] = lay->offset[j] + (lay->n_steps >> j);
}

haven_status kmc_replica_alloc(replica_out *o, const kmc_layout *lay, size_t n_part)
{
    memset(o, 0, sizeof *o);
    o->tr = calloc((size_t)lay->offset[lay->n_levels] * K_MAX, sizeof *o->tr);
    o->win = calloc((size_t)lay->n_fine, sizeof *o->win);
    o->origin = malloc((size_t)lay->n_levels * (n_part ? n_part : 1) * sizeof *o->origin);
    if (!o->tr || !o->win || !o->origin) {
        kmc_replica_free(o);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    return HAVEN_OK;
}

void kmc_replica_free(replica_out *o)
{
    free(o->tr);
    free(o->win);
    free(o->origin);
    memset(o, 0, sizeof *o);
}

/* Charge-weighted sum of the unwrapped positions, e m. */
static void dipole(const measure_ctx *c, const kmc_state *s, double m[3])
{
    m[0] = m[1] = m[2] = 0;
    for (size_t i = 0; i < s->n_part; i++) {
        double q = c->charge[s->species[i]];
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

void kmc_measure_start(const measure_ctx *c, kmc_state *s, kmc_progress *pr, replica_out *o)
{
    for (int j = 0; j < c->lay->n_levels; j++)
        for (size_t i = 0; i < s->n_part; i++)
            memcpy(o->origin[j * s->n_part + i], s->ion[i].pos, sizeof *o->origin);
    dipole(c, s, o->m0);
    reset_counters(s);
    pr->next_step = pr->next_win = 0;
}

static void close_window(const measure_ctx *c, kmc_state *s, kmc_window *w, replica_out *o)
{
    double m1[3];
    dipole(c, s, m1);
    for (int k = 0; k < 3; k++) {
        w->dm[k] = m1[k] - o->m0[k];
        o->m0[k] = m1[k];
    }
    memcpy(w->jumps, s->jumps, sizeof w->jumps);
    memcpy(w->jump_sq, s->jump_sq, sizeof w->jump_sq);
    memcpy(w->cos_sum, s->cos_sum, sizeof w->cos_sum);
    memcpy(w->cos_n, s->cos_n, sizeof w->cos_n);
    reset_counters(s);
}

static double norm2(const double *d)
{
    return d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
}

/* Step g (1-based) is done: close the intervals of every level that ends
 * here. The whole-span interval of the automatic mode keeps its origin
 * (the start of measuring), so that a doubled span extends it. */
static void close_step(const measure_ctx *c, kmc_state *s, int g, replica_out *o)
{
    const kmc_layout *lay = c->lay;
    for (int j = 0; j < lay->n_levels && g % (1 << j) == 0; j++) {
        double *sum = &o->tr[(size_t)(lay->offset[j] + g / (1 << j) - 1) * K_MAX];
        double(*origin)[3] = o->origin + (size_t)j * s->n_part;
        int keep = lay->top_whole && j == lay->n_levels - 1;
        for (size_t i = 0; i < s->n_part; i++) {
            const double *r = s->ion[i].pos;
            double d[3] = {r[0] - origin[i][0], r[1] - origin[i][1], r[2] - origin[i][2]};
            sum[s->species[i]] += norm2(d);
            if (!keep)
                memcpy(origin[i], r, sizeof *origin);
        }
    }
}

static void sample_occupation(const measure_ctx *c, const kmc_state *s, replica_out *o)
{
    for (size_t x = 0; x < s->L->n_sites; x++) {
        int b = kmc_energy_bin(c, s->energy[x]);
        o->bin_samples[b] += 1;
        o->bin_occ[b] += s->occ[x] >= 0;
    }
}

/* Blocks last a fixed time set from the total rate after equilibration;
 * a landscape whose rates span many decades can trap the ions then and free
 * them later, when a block takes far more hops than asked. Beyond the hop
 * budget the run stops with an error instead of running on (it used to
 * hang: fuzzed site energies of 5-2.4e6 eV at 600 K). */
static haven_status budget_spent(const measure_ctx *c)
{
    return haven_fail(HAVEN_ERR_VALUE,
                      "the measuring span took more than %dx the %ld hops asked for: the hop "
                      "rates span too many decades for windows of fixed duration (ions trapped "
                      "when the span was set after equilibration; narrow the site-energy "
                      "range or lengthen --equil)",
                      KMC_HOP_BUDGET_FACTOR, (long)c->p->hops);
}

/* Advance to time t, writing the trajectory frames due on the way. */
static haven_status advance_with_frames(const measure_ctx *c, kmc_state *s, const kmc_traj *traj,
                                        double t0, double t, long *frame)
{
    for (double dt = c->p->traj_interval; traj && t0 + *frame * dt <= t; (*frame)++) {
        if (kmc_advance_to(s, t0 + *frame * dt) == -2)
            return budget_spent(c);
        haven_status st = kmc_traj_frame(traj, s, *frame * dt);
        if (st != HAVEN_OK)
            return st;
    }
    return kmc_advance_to(s, t) == -2 ? budget_spent(c) : HAVEN_OK;
}

haven_status kmc_measure_span(const measure_ctx *c, kmc_state *s, const kmc_traj *traj,
                              const char *ckpt, int max_steps, kmc_progress *pr, replica_out *o)
{
    const kmc_layout *lay = c->lay;
    int ns = lay->n_steps, nf = lay->n_fine, last = ns;
    if (max_steps > 0 && pr->next_step + max_steps < ns)
        last = pr->next_step + max_steps;
    haven_status st = HAVEN_OK;
    while (st == HAVEN_OK && pr->next_step < last) {
        double t_step = pr->t0 + (pr->next_step + 1) * pr->tau / ns;
        double t_win = pr->next_win < nf ? pr->t0 + (pr->next_win + 1) * pr->tau / nf : INFINITY;
        double t = t_win < t_step ? t_win : t_step;
        if ((st = advance_with_frames(c, s, traj, pr->t0, t, &pr->frame)) != HAVEN_OK)
            break;
        if (t_win <= t)
            close_window(c, s, &o->win[pr->next_win++], o);
        if (t_step <= t) {
            /* The last window ends with the span, whatever the rounding. */
            if (pr->next_step + 1 == ns && pr->next_win < nf)
                close_window(c, s, &o->win[pr->next_win++], o);
            close_step(c, s, ++pr->next_step, o);
            kmc_meter_step(c->meter);
            if (c->n_bins)
                sample_occupation(c, s, o);
            if (ckpt)
                st = kmc_checkpoint_write(ckpt, s, pr, lay, o);
        }
    }
    if (st == HAVEN_OK && pr->next_step < ns)
        st = haven_fail(HAVEN_ERR_DATA,
                        "run incomplete (%d of %d steps): resume from the checkpoint %s",
                        pr->next_step, ns, c->p->checkpoint);
    return st;
}

static void window_add(kmc_window *a, const kmc_window *b)
{
    double *x = (double *)a;
    const double *y = (const double *)b;
    for (size_t i = 0; i < sizeof *a / sizeof(double); i++)
        x[i] += y[i];
}

void kmc_span_double(const measure_ctx *c, kmc_progress *pr, replica_out *o)
{
    const kmc_layout *lay = c->lay;
    int nf = lay->n_fine, top = lay->n_levels - 1;
    for (int i = 0; i < nf / 2; i++) {
        o->win[i] = o->win[2 * i];
        window_add(&o->win[i], &o->win[2 * i + 1]);
    }
    memset(o->win + nf / 2, 0, (size_t)(nf - nf / 2) * sizeof *o->win);
    /* Level j + 1 of the old span is level j of the new one. */
    for (int j = 0; j < top; j++) {
        int n = lay->n_steps >> (j + 1); /* intervals of the old level j + 1 */
        memcpy(&o->tr[(size_t)lay->offset[j] * K_MAX], &o->tr[(size_t)lay->offset[j + 1] * K_MAX],
               (size_t)n * K_MAX * sizeof *o->tr);
        memset(&o->tr[(size_t)(lay->offset[j] + n) * K_MAX], 0,
               (size_t)((lay->n_steps >> j) - n) * K_MAX * sizeof *o->tr);
    }
    memset(&o->tr[(size_t)lay->offset[top] * K_MAX], 0, K_MAX * sizeof *o->tr);
    pr->tau *= 2;
    pr->next_step = lay->n_steps / 2;
    pr->next_win = nf / 2;
    pr->doublings++;
}

/* Sum over windows [from, to) of |dM|^2 at length 2^j windows, scaled to
 * the whole time of [from, to) when the windows do not tile it. Under a
 * field dM is centred on the mean drift per window (mean: per fine window),
 * with the n/(n - 1) correction of a mean taken from the same data. */
static double collective_sum(const kmc_window *win, int from, int to, int j, const double *mean,
                             int n_total)
{
    int len = 1 << j, n = (to - from) / len;
    if (n < 1)
        return NAN;
    double sum = 0;
    for (int w = 0; w < n; w++) {
        double d[3] = {0, 0, 0};
        for (int i = from + w * len; i < from + (w + 1) * len; i++)
            for (int k = 0; k < 3; k++)
                d[k] += win[i].dm[k];
        for (int k = 0; k < 3; k++)
            d[k] -= mean[k] * len;
        sum += norm2(d);
    }
    double windows = (double)n_total / len; /* windows of this length in the span */
    double scale = mean[3] > 0 && windows > 1 ? windows / (windows - 1) : 1.0;
    return sum * scale * (double)(to - from) / ((double)n * len);
}

void kmc_unit_sums(const measure_ctx *c, const replica_out *o, double tau, int unit, int n_units,
                   int jt, int jc, int c_finest, kmc_sums *u)
{
    const kmc_layout *lay = c->lay;
    memset(u, 0, sizeof *u);
    int ns = lay->n_steps, nf = lay->n_fine;
    /* Tracer: levels jt - 2, jt - 1, jt over this unit's steps. */
    int s0 = unit * ns / n_units, s1 = (unit + 1) * ns / n_units;
    for (int l = 0; l < 3; l++) {
        int j = jt - 2 + l, len = 1 << j;
        for (int i = s0 / len; i < s1 / len; i++)
            for (size_t k = 0; k < c->p->n_species; k++)
                u->tr[l][k] += o->tr[(size_t)(lay->offset[j] + i) * K_MAX + k];
    }
    int w0 = unit * nf / n_units, w1 = (unit + 1) * nf / n_units;
    double mean[4] = {0, 0, 0, 0};
    if (c->field > 0) {
        for (int w = 0; w < nf; w++)
            for (int k = 0; k < 3; k++)
                mean[k] += o->win[w].dm[k] / nf;
        mean[3] = 1;
    }
    for (int w = w0; w < w1; w++) {
        const kmc_window *x = &o->win[w];
        for (size_t k = 0; k < c->p->n_species; k++) {
            u->jumps[k] += x->jumps[k];
            u->jump_sq[k] += x->jump_sq[k];
            u->cos_sum[k] += x->cos_sum[k];
            u->cos_n[k] += x->cos_n[k];
        }
        u->drift_q += x->dm[0] * c->Fhat[0] + x->dm[1] * c->Fhat[1] + x->dm[2] * c->Fhat[2];
    }
    /* Collective: three lengths from jc (finest first: jc, jc+1, jc+2 when
     * the chosen length is the finest, else jc-2, jc-1, jc). */
    int j0 = c_finest ? jc : jc - 2;
    for (int l = 0; l < 3; l++)
        u->mq2[l] = collective_sum(o->win, w0, w1, j0 + l, mean, nf);
    u->time = (double)(w1 - w0) / nf * tau;
}
