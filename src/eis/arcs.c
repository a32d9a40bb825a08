/* Arc assignment from capacitances (Irvine, Sinclair and West, Adv. Mater.
 * 2 (1990) 132): capacitance normalised to a cell constant l/A = 1 cm^-1
 * identifies the process: ~1e-12 F bulk, 1e-11..1e-8 grain boundary,
 * 1e-9..1e-7 surface layer, 1e-7..1e-5 electrode interface. The ranges
 * overlap in the literature; haven cuts at 1e-11, 1e-8 and 1e-7 F. A CPE's
 * effective capacitance is C = (R Q)^(1/a) / R (Hsu and Mansfeld 2001, for
 * a CPE parallel to a resistor). */
#include "eis/circuit.h"

#include "core/error.h"

#include <math.h>
#include <string.h>

const char *haven_eis_arc_kind_name(haven_eis_arc_kind k)
{
    switch (k) {
    case HAVEN_EIS_ARC_BULK: return "bulk";
    case HAVEN_EIS_ARC_GRAIN_BOUNDARY: return "grain_boundary";
    case HAVEN_EIS_ARC_SURFACE: return "surface";
    case HAVEN_EIS_ARC_ELECTRODE: return "electrode";
    }
    return "unknown";
}

static haven_eis_arc_kind classify(double c_norm)
{
    if (c_norm < 1e-11)
        return HAVEN_EIS_ARC_BULK;
    if (c_norm < 1e-8)
        return HAVEN_EIS_ARC_GRAIN_BOUNDARY;
    if (c_norm < 1e-7)
        return HAVEN_EIS_ARC_SURFACE;
    return HAVEN_EIS_ARC_ELECTRODE;
}

/* A parallel block whose direct branches are exactly one R and one C/CPE. */
static int simple_arc(const haven_eis_circuit *c, size_t k, size_t *r, size_t *cap)
{
    const eis_node *n = &c->node[k];
    if (n->kind != NODE_PARALLEL || n->n_child != 2)
        return 0;
    *r = *cap = (size_t)-1;
    for (size_t i = 0; i < 2; i++) {
        size_t ch = n->child[i];
        while (c->node[ch].kind == NODE_SERIES && c->node[ch].n_child == 1)
            ch = c->node[ch].child[0];
        const eis_node *e = &c->node[ch];
        if (e->kind != NODE_ELEMENT)
            return 0;
        if (e->element == EL_R)
            *r = ch;
        else if (e->element == EL_C || e->element == EL_CPE)
            *cap = ch;
    }
    return *r != (size_t)-1 && *cap != (size_t)-1;
}

static int single_arc_element(const eis_node *n)
{
    return n->kind == NODE_ELEMENT && (n->element == EL_ZARC || n->element == EL_K);
}

int eis_arc_at(const haven_eis_circuit *c, size_t k, size_t *r_param)
{
    size_t r, cap;
    if (single_arc_element(&c->node[k])) {
        *r_param = c->node[k].p0;
        return 1;
    }
    if (!simple_arc(c, k, &r, &cap))
        return 0;
    *r_param = c->node[r].p0;
    return 1;
}

double eis_arc_tau(const haven_eis_circuit *c, size_t k, const double *p)
{
    size_t r, cap;
    if (single_arc_element(&c->node[k]))
        return p[c->node[k].p0 + 1];
    if (!simple_arc(c, k, &r, &cap))
        return NAN;
    double R = p[c->node[r].p0];
    const double *q = p + c->node[cap].p0;
    return c->node[cap].element == EL_C ? R * q[0] : pow(R * q[0], 1.0 / q[1]);
}

/* ---- canonical order ------------------------------------------------------ */

/* Same subtree shape: node kinds, element types and branch order. */
static int same_shape(const haven_eis_circuit *c, size_t a, size_t b)
{
    const eis_node *x = &c->node[a], *y = &c->node[b];
    if (x->kind != y->kind || x->n_child != y->n_child || x->np != y->np)
        return 0;
    if (x->kind == NODE_ELEMENT)
        return x->element == y->element;
    for (size_t i = 0; i < x->n_child; i++)
        if (!same_shape(c, x->child[i], y->child[i]))
            return 0;
    return 1;
}

static int any_pinned(const eis_node *n, const int *pinned)
{
    for (size_t q = n->p0; q < n->p0 + n->np; q++)
        if (pinned && pinned[q])
            return 1;
    return 0;
}

/* Sort one group of interchangeable arcs (node indices in order of
 * appearance) by tau; write the parameter permutation. */
static int order_group(const haven_eis_circuit *c, const double *p, const size_t *g, size_t n,
                       size_t *perm)
{
    size_t src[n];
    for (size_t i = 0; i < n; i++)
        src[i] = g[i];
    for (size_t i = 1; i < n; i++) /* insertion sort by tau; n is small */
        for (size_t j = i; j > 0 && eis_arc_tau(c, src[j], p) < eis_arc_tau(c, src[j - 1], p);
             j--) {
            size_t t = src[j];
            src[j] = src[j - 1];
            src[j - 1] = t;
        }
    int moved = 0;
    for (size_t i = 0; i < n; i++) {
        const eis_node *to = &c->node[g[i]], *from = &c->node[src[i]];
        for (size_t q = 0; q < to->np; q++)
            perm[to->p0 + q] = from->p0 + q;
        moved |= g[i] != src[i];
    }
    return moved;
}

int eis_arc_order(const haven_eis_circuit *c, const double *p, const int *pinned, size_t *perm)
{
    for (size_t k = 0; k < c->n_params; k++)
        perm[k] = k;
    int moved = 0;
    for (size_t s = 0; s < c->n_node; s++) {
        const eis_node *S = &c->node[s];
        if (S->kind != NODE_SERIES)
            continue;
        int used[S->n_child];
        memset(used, 0, sizeof used);
        for (size_t i = 0; i < S->n_child; i++) {
            size_t r, g[S->n_child], n = 0;
            if (used[i] || !eis_arc_at(c, S->child[i], &r) || any_pinned(&c->node[S->child[i]], pinned))
                continue;
            for (size_t j = i; j < S->n_child; j++)
                if (!used[j] && same_shape(c, S->child[i], S->child[j]) &&
                    !any_pinned(&c->node[S->child[j]], pinned)) {
                    used[j] = 1;
                    g[n++] = S->child[j];
                }
            if (n > 1)
                moved |= order_group(c, p, g, n, perm);
        }
    }
    return moved;
}

/* ---- classification ------------------------------------------------------- */

size_t haven_eis_arcs(const haven_eis_circuit *c, const haven_eis_fit_result *fit,
                      double thickness_m, double area_m2, haven_eis_arc *arcs, size_t max)
{
    size_t n = 0, r;
    /* cell constant in cm^-1: ISW ranges are quoted for l/A = 1 cm^-1 */
    double kcell = thickness_m > 0 && area_m2 > 0 ? (thickness_m * 1e2) / (area_m2 * 1e4) : 1.0;
    for (size_t k = 0; c && fit && k < c->n_node && n < max; k++) {
        if (!eis_arc_at(c, k, &r))
            continue;
        double R = fit->value[r];
        double C = eis_arc_tau(c, k, fit->value) / R; /* = (R Q)^(1/a) / R for a CPE */
        haven_eis_arc *a = &arcs[n++];
        memset(a, 0, sizeof *a);
        a->r_index = r;
        a->r = fit->param[r];
        a->capacitance = C;
        a->c_normalised = C * kcell;
        a->kind = classify(a->c_normalised);
        a->tau = C * R;
    }
    return n;
}

static int kind_from_name(const char *s, size_t len, haven_eis_arc_kind *k)
{
    static const struct {
        const char *name;
        haven_eis_arc_kind kind;
    } NAMES[] = {{"bulk", HAVEN_EIS_ARC_BULK},
                 {"gb", HAVEN_EIS_ARC_GRAIN_BOUNDARY},
                 {"grain_boundary", HAVEN_EIS_ARC_GRAIN_BOUNDARY},
                 {"surface", HAVEN_EIS_ARC_SURFACE},
                 {"electrode", HAVEN_EIS_ARC_ELECTRODE}};
    for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++)
        if (strlen(NAMES[i].name) == len && !strncmp(s, NAMES[i].name, len)) {
            *k = NAMES[i].kind;
            return 1;
        }
    return 0;
}

haven_status haven_eis_arcs_assign(const haven_eis_circuit *c, const char *spec,
                                   haven_eis_arc *arcs, size_t n)
{
    if (!c || !spec || (!arcs && n))
        return haven_fail(HAVEN_ERR_ARG, "haven_eis_arcs_assign: NULL argument");
    for (const char *t = spec; *t;) {
        const char *end = strchr(t, ','), *eq = strchr(t, '=');
        size_t len = end ? (size_t)(end - t) : strlen(t);
        if (!eq || eq >= t + len)
            return haven_fail(HAVEN_ERR_ARG, "arc assignment '%.*s': expected RESISTOR=KIND",
                              (int)len, t);
        size_t nl = (size_t)(eq - t), kl = len - nl - 1;
        haven_eis_arc_kind kind;
        if (!kind_from_name(eq + 1, kl, &kind))
            return haven_fail(HAVEN_ERR_ARG,
                              "arc assignment '%.*s': kind must be bulk, gb (grain_boundary), "
                              "surface or electrode",
                              (int)len, t);
        size_t a = 0;
        while (a < n && !(strlen(c->param_name[arcs[a].r_index]) == nl &&
                          !strncmp(c->param_name[arcs[a].r_index], t, nl)))
            a++;
        if (a == n)
            return haven_fail(HAVEN_ERR_ARG,
                              "arc assignment '%.*s': %.*s is not the resistance of an arc "
                              "(p(R,C), p(R,CPE), Zarc or K) in circuit '%s'",
                              (int)len, t, (int)nl, t, c->text);
        arcs[a].kind = kind;
        arcs[a].assigned = 1;
        t += len + (end != NULL);
    }
    return HAVEN_OK;
}
