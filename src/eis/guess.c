/* Initial guesses from the spectrum (see guess.h). */
#include "eis/guess.h"

#include "eis/circuit.h"

#include "core/error.h"

#include <math.h>
#include <string.h>

/* -Z'' smoothed over three neighbours, so single noisy points do not count as apexes. */
static void smoothed_minus_zim(const haven_eis_data *d, double *y)
{
    for (size_t i = 0; i < d->n; i++) {
        size_t a = i ? i - 1 : i, b = i + 1 < d->n ? i + 1 : i;
        y[i] = -(d->zim[a] + d->zim[i] + d->zim[b]) / 3.0;
    }
}

static size_t argmin(const double *y, size_t a, size_t b)
{
    size_t k = a;
    for (size_t i = a; i <= b; i++)
        if (y[i] < y[k])
            k = i;
    return k;
}

static void find_arcs(const haven_eis_data *d, const double *y, eis_features *F)
{
    size_t n = d->n, peak[EIS_MAX_ARCS], np = 0;
    double ymax = 0;
    for (size_t i = 0; i < n; i++)
        ymax = fmax(ymax, y[i]);
    /* Walk from high to low frequency so arcs come highest frequency first. */
    for (size_t i = n - 2; i >= 1 && np < EIS_MAX_ARCS; i--)
        if (y[i] > 0.05 * ymax && y[i] > y[i + 1] && y[i] >= y[i - 1])
            peak[np++] = i;
    F->n_arcs = np;
    for (size_t k = 0; k < np; k++) {
        size_t hi_end = k ? peak[k - 1] : n - 1;
        size_t lo_end = k + 1 < np ? peak[k + 1] : 0;
        size_t v_hi = argmin(y, peak[k], hi_end), v_lo = argmin(y, lo_end, peak[k]);
        double r = d->zre[v_lo] - d->zre[v_hi];
        F->arc_r[k] = fmax(r, 2.0 * y[peak[k]]);
        F->arc_tau[k] = 1.0 / (2 * EIS_PI * d->freq[peak[k]]);
    }
}

#define SHOULDER_ALPHA 0.85 /* CPE exponent assumed for arcs found so far */

/* -Z'' left after removing the arcs found so far, each modelled as
 * R / (1 + (j w tau)^a) with a = SHOULDER_ALPHA. */
static void leftover_minus_zim(const haven_eis_data *d, const eis_features *F, double *y)
{
    double c = cos(SHOULDER_ALPHA * EIS_PI / 2), s = sin(SHOULDER_ALPHA * EIS_PI / 2);
    for (size_t i = 0; i < d->n; i++) {
        y[i] = -d->zim[i];
        for (size_t a = 0; a < F->n_arcs; a++) {
            double x = pow(2 * EIS_PI * d->freq[i] * F->arc_tau[a], SHOULDER_ALPHA);
            y[i] -= F->arc_r[a] * x * s / ((1 + x * c) * (1 + x * c) + x * x * s * s);
        }
    }
}

/* An arc hidden as a shoulder of a larger one: the highest maximum of the
 * leftover -Z'' at least half a decade from the arcs found. Its R (from the
 * height of a CPE arc, R tan(a pi/4)/2) is taken from the nearest arc, whose
 * diameter included it. Returns 0 when there is none. */
static int add_shoulder(const haven_eis_data *d, eis_features *F)
{
    size_t n = d->n, best = n;
    double y[n], ymax = 0;
    leftover_minus_zim(d, F, y);
    for (size_t i = 0; i < n; i++)
        ymax = fmax(ymax, -d->zim[i]);
    for (size_t i = 1; i + 1 < n; i++) {
        double far = INFINITY;
        for (size_t a = 0; a < F->n_arcs; a++)
            far = fmin(far, fabs(log10(2 * EIS_PI * d->freq[i] * F->arc_tau[a])));
        if (far > 0.5 && y[i] > 0.05 * ymax && y[i] >= y[i - 1] && y[i] >= y[i + 1] &&
            (best == n || y[i] > y[best]))
            best = i;
    }
    if (best == n || F->n_arcs >= EIS_MAX_ARCS)
        return 0;
    double tau = 1.0 / (2 * EIS_PI * d->freq[best]);
    double r = 2 * y[best] / tan(SHOULDER_ALPHA * EIS_PI / 4);
    size_t near = 0, k = F->n_arcs;
    for (size_t a = 1; a < F->n_arcs; a++)
        if (fabs(log(F->arc_tau[a] / tau)) < fabs(log(F->arc_tau[near] / tau)))
            near = a;
    F->arc_r[near] = fmax(F->arc_r[near] - r, 0.5 * F->arc_r[near]);
    for (; k > 0 && F->arc_tau[k - 1] > tau; k--) { /* keep highest frequency first */
        F->arc_r[k] = F->arc_r[k - 1];
        F->arc_tau[k] = F->arc_tau[k - 1];
    }
    F->arc_r[k] = r;
    F->arc_tau[k] = tau;
    F->n_arcs++;
    return 1;
}

void eis_features_detect(const haven_eis_data *d, eis_features *F)
{
    memset(F, 0, sizeof *F);
    double zmin = d->zre[0], zmax = d->zre[0], zabs = 0;
    for (size_t i = 0; i < d->n; i++) {
        zmin = fmin(zmin, d->zre[i]);
        zmax = fmax(zmax, d->zre[i]);
        zabs = fmax(zabs, hypot(d->zre[i], d->zim[i]));
    }
    F->span = zmax - zmin > 1e-6 * zabs ? zmax - zmin : 1e-3 * zabs;
    F->r_inf = zmin > 1e-4 * zabs ? zmin : 1e-3 * zabs;
    F->w_min = 2 * EIS_PI * d->freq[0];
    F->w_max = 2 * EIS_PI * d->freq[d->n - 1];
    F->zim_low = fmax(fabs(d->zim[0]), 1e-3 * zabs);
    double y[d->n];
    smoothed_minus_zim(d, y);
    if (d->n >= 3)
        find_arcs(d, y, F);
}

/* Node with single-child series wrappers removed. */
static size_t unwrap(const haven_eis_circuit *c, size_t k)
{
    while (c->node[k].kind == NODE_SERIES && c->node[k].n_child == 1)
        k = c->node[k].child[0];
    return k;
}

/* First R element in a subtree, or (size_t)-1. */
static size_t first_r(const haven_eis_circuit *c, size_t k)
{
    const eis_node *n = &c->node[k];
    if (n->kind == NODE_ELEMENT)
        return n->element == EL_R ? k : (size_t)-1;
    for (size_t i = 0; i < n->n_child; i++) {
        size_t r = first_r(c, n->child[i]);
        if (r != (size_t)-1)
            return r;
    }
    return (size_t)-1;
}

/* For an arc block: its resistor and capacitor element nodes. */
static int arc_parts(const haven_eis_circuit *c, size_t k, size_t *r, size_t *cap)
{
    const eis_node *n = &c->node[k];
    if (n->kind == NODE_ELEMENT && (n->element == EL_ZARC || n->element == EL_K)) {
        *r = *cap = k; /* one element holds R and the time constant */
        return 1;
    }
    if (n->kind != NODE_PARALLEL)
        return 0;
    *r = *cap = (size_t)-1;
    for (size_t i = 0; i < n->n_child; i++) {
        size_t ch = unwrap(c, n->child[i]);
        const eis_node *e = &c->node[ch];
        if (*cap == (size_t)-1 && e->kind == NODE_ELEMENT &&
            (e->element == EL_C || e->element == EL_CPE))
            *cap = ch;
        else if (*r == (size_t)-1)
            *r = first_r(c, ch);
    }
    return *r != (size_t)-1 && *cap != (size_t)-1;
}

size_t eis_circuit_n_arcs(const haven_eis_circuit *c)
{
    size_t n = 0, r, cap;
    for (size_t k = 0; k < c->n_node; k++)
        n += (size_t)arc_parts(c, k, &r, &cap);
    return n;
}

static int inside_parallel(const haven_eis_circuit *c, size_t k)
{
    for (size_t p = c->node[k].parent; p != (size_t)-1; p = c->node[p].parent)
        if (c->node[p].kind == NODE_PARALLEL)
            return 1;
    return 0;
}

/* Guesses for an element not claimed by an arc block, from its role. */
static void guess_element(const haven_eis_circuit *c, size_t k, const eis_features *F,
                          size_t n_series_r, double *p)
{
    const eis_node *n = &c->node[k];
    double *q = p + n->p0, wl = F->w_min;
    switch (n->element) {
    case EL_R:
        q[0] = inside_parallel(c, k) ? F->span : F->r_inf / (double)(n_series_r ? n_series_r : 1);
        break;
    case EL_C: q[0] = 1.0 / (wl * F->zim_low); break;
    case EL_L: q[0] = 1e-3 * F->r_inf / F->w_max; break;
    case EL_CPE:
        q[1] = 0.8;
        q[0] = sin(q[1] * EIS_PI / 2) / (F->zim_low * pow(wl, q[1]));
        break;
    case EL_W: q[0] = F->zim_low * sqrt(wl); break;
    case EL_WO:
    case EL_WS:
    case EL_G:
        q[0] = F->span;
        q[1] = 1.0 / wl;
        break;
    case EL_LA:
        q[1] = 0.9;
        q[0] = 1e-3 * F->r_inf / pow(F->w_max, q[1]);
        break;
    case EL_GS: /* from the largest arc when one is seen: with tau at 1/w_min
                   the search drifts to the phi -> infinity plateau (a plain
                   Gerischer), a local minimum every start agreed on */
        q[0] = F->n_arcs ? F->arc_r[0] : F->span;
        q[1] = F->n_arcs ? F->arc_tau[0] : 1.0 / wl;
        q[2] = 1.0;
        break;
    case EL_ZARC: /* arcs overwrite R and tau (eis_guess_from) */
    case EL_K:
        q[0] = F->span;
        q[1] = 1.0 / sqrt(F->w_min * F->w_max);
        if (n->element == EL_ZARC)
            q[2] = 0.85;
        break;
    case EL_TLM:
        q[0] = q[1] = F->span;
        q[3] = 0.9;
        q[2] = pow(1.0 / sqrt(F->w_min * F->w_max), q[3]) / q[1];
        break;
    }
}

void eis_guess_from(const haven_eis_circuit *c, const eis_features *F, const double *arc_r,
                    const double *arc_tau, size_t n_arcs, double *params)
{
    size_t n_series_r = 0;
    for (size_t k = 0; k < c->n_node; k++)
        if (c->node[k].kind == NODE_ELEMENT && c->node[k].element == EL_R && !inside_parallel(c, k))
            n_series_r++;
    for (size_t k = 0; k < c->n_node; k++)
        if (c->node[k].kind == NODE_ELEMENT)
            guess_element(c, k, F, n_series_r, params);
    size_t a = 0, r, cap;
    size_t n_blocks = eis_circuit_n_arcs(c);
    for (size_t k = 0; k < c->n_node; k++) {
        if (!arc_parts(c, k, &r, &cap))
            continue;
        double R, tau;
        if (a < n_arcs) {
            R = arc_r[a];
            tau = arc_tau[a];
        } else { /* more blocks than arcs seen: spread over the window */
            R = F->span / (double)n_blocks;
            double x = (a + 0.5) / (double)n_blocks;
            tau = 1.0 / (F->w_max * pow(F->w_min / F->w_max, x));
        }
        a++;
        params[c->node[r].p0] = R;
        double *q = params + c->node[cap].p0;
        if (c->node[cap].element == EL_ZARC || c->node[cap].element == EL_K) {
            q[1] = tau;
        } else if (c->node[cap].element == EL_C) {
            q[0] = tau / R;
        } else {
            q[1] = 0.85;
            q[0] = pow(tau, q[1]) / R;
        }
    }
}

haven_status haven_eis_initial_guess(const haven_eis_circuit *c, const haven_eis_data *d,
                                     double *params)
{
    if (!c || !d || !params || d->n < 3)
        return haven_fail(HAVEN_ERR_ARG, "haven_eis_initial_guess: NULL argument or < 3 points");
    eis_features F;
    eis_features_detect(d, &F);
    size_t nb = eis_circuit_n_arcs(c);
    /* shoulders compete with the arcs found by their size below */
    for (size_t k = 0; k < nb && F.n_arcs > 0 && add_shoulder(d, &F); k++)
        ;
    size_t na = F.n_arcs;
    double r[EIS_MAX_ARCS], tau[EIS_MAX_ARCS];
    /* Keep the nb largest arcs, still ordered highest frequency first. */
    int keep[EIS_MAX_ARCS];
    for (size_t i = 0; i < na; i++) {
        size_t larger = 0;
        for (size_t j = 0; j < na; j++)
            larger += F.arc_r[j] > F.arc_r[i] || (F.arc_r[j] == F.arc_r[i] && j < i);
        keep[i] = larger < nb;
    }
    size_t m = 0;
    for (size_t i = 0; i < na; i++)
        if (keep[i]) {
            r[m] = F.arc_r[i];
            tau[m++] = F.arc_tau[i];
        }
    eis_guess_from(c, &F, r, tau, m, params);
    return HAVEN_OK;
}
