/* Green-Kubo conductivity, Onsager coefficients and tracer diffusion
 * coefficients from velocity correlations (rule: transport.h, gkint.c). */
#include "haven/transport.h"

#include "core/error.h"
#include "transport/gkint.h"

#include <gsl/gsl_cdf.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIN_LAG1 0.5
#define ATOMS_PER_READ 64

double haven_estimate_z(const haven_estimate *a, const haven_estimate *b)
{
    double e = hypot(a->err, b->err);
    return isfinite(a->value) && isfinite(b->value) && e > 0 ? (a->value - b->value) / e : NAN;
}

static void sparse_note(char *note, size_t size, const char *what, double dt, double lag1)
{
    snprintf(note, size,
             "frames %.3g fs apart are too sparse to resolve the %s autocorrelation "
             "(C(dt)/C(0) = %.2f): save velocities more often",
             dt * 1e15, what, lag1);
}

/* The reading of c as a haven_gk_value (ok = 0 if not flat anywhere). */
static haven_gk_value read_value(const gk_corr *c, double dt, double scale)
{
    gk_reading r = gk_read(c, dt, scale);
    haven_gk_value v = {
        .ok = r.ok, .est = r.est, .lag1 = c->full[1] / c->full[0], .n_blocks = r.nb};
    v.window_start = (double)r.start * dt;
    v.window_end = (double)(2 * r.start) * dt;
    if (!r.ok)
        v.est.value = v.est.err = v.est.lo = v.est.hi = NAN;
    return v;
}

/* x[k * T + t] = sum_g w[g] vel_sums[(t * G + g) * 3 + k]. */
static void combine(const double *vel_sums, size_t T, size_t G, const double *w, double *x)
{
    for (size_t t = 0; t < T; t++)
        for (size_t k = 0; k < 3; k++) {
            double s = 0;
            for (size_t g = 0; g < G; g++)
                s += w[g] * vel_sums[(t * G + g) * 3 + k];
            x[k * T + t] = s;
        }
}

/* sigma from the charge current. */
static haven_status charge_current(const double *vel_sums, size_t T, size_t G, const double *charge,
                                   double dt, double scale, double *x, haven_green_kubo *g)
{
    gk_corr c;
    haven_status s = gk_corr_init(&c, T);
    if (s != HAVEN_OK)
        return s;
    combine(vel_sums, T, G, charge, x);
    gk_corr_add(&c, x, 1.0);
    g->running = malloc(c.n_full * sizeof *g->running);
    if (!g->running) {
        gk_corr_clear(&c);
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    g->n_running = c.n_full;
    gk_running(c.full, c.n_full, dt, scale, g->running);
    haven_gk_value v = read_value(&c, dt, scale);
    g->n_blocks = v.n_blocks;
    g->acf_lag1 = v.lag1;
    if (!(v.lag1 >= MIN_LAG1))
        sparse_note(g->note, sizeof g->note, "current", dt, v.lag1);
    else if (!v.ok)
        snprintf(g->note, sizeof g->note,
                 "the running integral of the current autocorrelation is still drifting at "
                 "%.3g ps, the longest lag its blocks allow: run longer",
                 4.0 * (double)gk_max_lag(&c) * dt * 1e12);
    else {
        g->ok = 1;
        g->sigma = v.est;
        g->sigma.unit = "S/m";
        g->plateau_start = v.window_start;
        g->plateau_end = v.window_end;
    }
    gk_corr_clear(&c);
    return HAVEN_OK;
}

/* L_ab = (ACF(V_a + V_b) - ACF(V_a - V_b)) / 4 (symmetrised), ACF(V_a) on the
 * diagonal; read with the rule of each. Only where sigma itself is. */
static haven_status onsager(const double *vel_sums, size_t T, size_t G, double dt, double scale,
                            double *x, haven_green_kubo *g)
{
    g->L = calloc(G * (G + 1) / 2, sizeof *g->L);
    double *w = calloc(G, sizeof *w);
    haven_status s = (g->L && w) ? HAVEN_OK : haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t a = 0; a < G && s == HAVEN_OK; a++)
        for (size_t b = a; b < G && s == HAVEN_OK; b++) {
            gk_corr c;
            if ((s = gk_corr_init(&c, T)) != HAVEN_OK)
                break;
            memset(w, 0, G * sizeof *w);
            w[a] += 1;
            w[b] += 1;
            combine(vel_sums, T, G, w, x);
            gk_corr_add(&c, x, 0.25);
            if (a != b) {
                w[b] = -1;
                combine(vel_sums, T, G, w, x);
                gk_corr_add(&c, x, -0.25);
            }
            haven_gk_value v = read_value(&c, dt, scale);
            v.ok = v.ok && g->ok;
            v.est.unit = "1/(J m s)";
            g->L[haven_pair_index(a, b, G)] = v;
            gk_corr_clear(&c);
        }
    free(w);
    return s;
}

haven_status haven_green_kubo_compute(const double *vel_sums, size_t n_frames, size_t n_groups,
                                      const double *charge, double dt, double volume,
                                      double temperature, haven_green_kubo *out)
{
    memset(out, 0, sizeof *out);
    if (!(volume > 0) || !(temperature > 0) || !(dt > 0))
        return haven_fail(HAVEN_ERR_ARG, "Green-Kubo needs positive volume, T and dt");
    double *x = malloc(n_frames * 3 * sizeof *x);
    if (!x)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    out->n_species = n_groups;
    if (n_frames < GK_MIN_FRAMES) {
        snprintf(out->note, sizeof out->note, "%zu frames with velocities: Green-Kubo needs %d",
                 n_frames, GK_MIN_FRAMES);
        free(x);
        return HAVEN_OK;
    }
    double scale_L = 1.0 / (3.0 * volume * HAVEN_KB * temperature);
    double scale = HAVEN_E_CHARGE * HAVEN_E_CHARGE * scale_L;
    haven_status s = charge_current(vel_sums, n_frames, n_groups, charge, dt, scale, x, out);
    if (s == HAVEN_OK)
        s = onsager(vel_sums, n_frames, n_groups, dt, scale_L, x, out);
    free(x);
    if (s != HAVEN_OK)
        haven_green_kubo_clear(out);
    return s;
}

/* D*: the window from NB_ATOMS groups of each species' atoms (atom k of
 * the species in group k mod NB_ATOMS), so that the whole run's lags are
 * available: a velocity autocorrelation may drift for picoseconds (the slow
 * negative tail in molten salts), beyond what short blocks of the run allow.
 * The error from NB_TIME blocks of the run (lags up to 3/4 of a block),
 * where the window fits: atom groups miss the fluctuations all atoms share
 * (1.5x too small on the NaCl ensemble of docs/greenkubo.md; the blocks'
 * error matched the run-to-run spread there), so they give the error only
 * where the window is beyond the blocks. */
#define NB_ATOMS 10
#define MIN_ATOMS 4
#define NB_TIME 5

typedef struct {
    size_t count, nb, seen; /* atoms, groups, atoms added so far */
    gk_corr c;
    gk_blocks time;
} self_acc;

static size_t group_size(const self_acc *s, size_t j)
{
    return s->count / s->nb + (j < s->count % s->nb);
}

/* Velocity autocorrelations of atoms [a0, a1) added to their species'. */
static haven_status add_atoms(haven_store *vel, const int *group, size_t a0, size_t a1, double *buf,
                              self_acc *acc)
{
    size_t T = haven_store_n_frames(vel);
    haven_status s = haven_store_read_atoms(vel, a0, a1, buf);
    for (size_t i = a0; i < a1 && s == HAVEN_OK; i++) {
        if (group[i] < 0 || acc[group[i]].nb == 0)
            continue;
        self_acc *p = &acc[group[i]];
        size_t j = p->seen++ % p->nb;
        gk_corr_add_member(&p->c, buf + (i - a0) * 3 * T, 1.0,
                           (double)p->count / (double)group_size(p, j), j);
        gk_blocks_add(&p->time, buf + (i - a0) * 3 * T, T, 1.0, p->c.seg, p->c.tmp);
    }
    return s;
}

static void read_self(self_acc *acc, double dt, haven_green_kubo *g)
{
    for (size_t a = 0; a < g->n_species; a++) {
        if (acc[a].count == 0)
            continue;
        if (acc[a].nb == 0) {
            snprintf(g->self_note, sizeof g->self_note,
                     "D* from the velocity autocorrelation needs at least %d atoms of a species",
                     MIN_ATOMS);
            continue;
        }
        double scale = 1.0 / (3.0 * (double)acc[a].count);
        haven_gk_value v = read_value(&acc[a].c, dt, scale);
        double se =
            v.ok ? gk_window_error(&acc[a].time, dt, scale, (size_t)llround(v.window_start / dt))
                 : NAN;
        if (isfinite(se)) {
            double t95 = haven_quantile95((double)(acc[a].time.nb - 1));
            v.est.err = se;
            v.est.lo = v.est.value - t95 * se;
            v.est.hi = v.est.value + t95 * se;
            v.n_blocks = acc[a].time.nb;
        }
        v.est.unit = "m^2/s";
        g->D[a] = v;
        if (!(v.lag1 >= MIN_LAG1)) {
            g->D[a].ok = 0;
            sparse_note(g->self_note, sizeof g->self_note, "velocity", dt, v.lag1);
        } else if (!v.ok)
            snprintf(g->self_note, sizeof g->self_note,
                     "the running integral of a velocity autocorrelation is still drifting at "
                     "%.3g ps, half the run: run longer",
                     4.0 * (double)gk_max_lag(&acc[a].c) * dt * 1e12);
    }
}

haven_status haven_green_kubo_self(haven_store *vel, const int *group, size_t n_groups, double dt,
                                   haven_green_kubo *g)
{
    if (n_groups != g->n_species)
        return haven_fail(HAVEN_ERR_ARG, "Green-Kubo: %zu groups for %zu species", n_groups,
                          g->n_species);
    size_t T = haven_store_n_frames(vel), N = haven_store_n_atoms(vel);
    if (T < GK_MIN_FRAMES) {
        snprintf(g->self_note, sizeof g->self_note,
                 "%zu frames with velocities: Green-Kubo needs %d", T, GK_MIN_FRAMES);
        return HAVEN_OK;
    }
    self_acc *acc = calloc(n_groups, sizeof *acc);
    free(g->D);
    g->D = calloc(n_groups, sizeof *g->D);
    double *buf = malloc(ATOMS_PER_READ * 3 * T * sizeof *buf);
    haven_status s = (acc && g->D && buf) ? HAVEN_OK : haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < N && s == HAVEN_OK; i++)
        if (group[i] >= 0 && (size_t)group[i] < n_groups)
            acc[group[i]].count++;
    for (size_t a = 0; a < n_groups && s == HAVEN_OK; a++) {
        acc[a].nb =
            acc[a].count >= MIN_ATOMS ? (acc[a].count < NB_ATOMS ? acc[a].count : NB_ATOMS) : 0;
        if (acc[a].nb && (s = gk_corr_init_groups(&acc[a].c, T, acc[a].nb)) == HAVEN_OK &&
            !gk_blocks_init(&acc[a].time, T, NB_TIME, 3 * (T / NB_TIME) / 4))
            s = haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    }
    for (size_t a0 = 0; a0 < N && s == HAVEN_OK; a0 += ATOMS_PER_READ)
        s = add_atoms(vel, group, a0, a0 + ATOMS_PER_READ < N ? a0 + ATOMS_PER_READ : N, buf, acc);
    if (s == HAVEN_OK)
        read_self(acc, dt, g);
    for (size_t a = 0; acc && a < n_groups; a++) {
        gk_corr_clear(&acc[a].c);
        gk_blocks_clear(&acc[a].time);
    }
    free(acc);
    free(buf);
    return s;
}

void haven_green_kubo_clear(haven_green_kubo *g)
{
    if (!g)
        return;
    free(g->running);
    free(g->L);
    free(g->D);
    memset(g, 0, sizeof *g);
}
