/* Arc assignment from capacitances (Irvine, Sinclair and West, Adv. Mater.
 * 2 (1990) 132): capacitance normalised to a cell constant l/A = 1 cm^-1
 * identifies the process: ~1e-12 F bulk, 1e-11..1e-8 grain boundary,
 * 1e-9..1e-7 surface layer, 1e-7..1e-5 electrode interface. The ranges
 * overlap in the literature; haven cuts at 1e-11, 1e-8 and 1e-7 F. A CPE's
 * effective capacitance is C = (R Q)^(1/a) / R (Hsu and Mansfeld 2001, for
 * a CPE parallel to a resistor). */
#include "eis/circuit.h"

#include <math.h>

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

size_t haven_eis_arcs(const haven_eis_circuit *c, const haven_eis_fit_result *fit,
                      double thickness_m, double area_m2, haven_eis_arc *arcs, size_t max)
{
    size_t n = 0, r, cap;
    /* cell constant in cm^-1: ISW ranges are quoted for l/A = 1 cm^-1 */
    double kcell = thickness_m > 0 && area_m2 > 0 ? (thickness_m * 1e2) / (area_m2 * 1e4) : 1.0;
    for (size_t k = 0; c && fit && k < c->n_node && n < max; k++) {
        if (!simple_arc(c, k, &r, &cap))
            continue;
        const double *q = fit->value + c->node[cap].p0;
        double R = fit->value[c->node[r].p0];
        double C = c->node[cap].element == EL_C ? q[0] : pow(R * q[0], 1.0 / q[1]) / R;
        haven_eis_arc *a = &arcs[n++];
        a->r_index = c->node[r].p0;
        a->r = R;
        a->r_stderr = fit->stderr_[a->r_index];
        a->capacitance = C;
        a->c_normalised = C * kcell;
        a->kind = classify(a->c_normalised);
    }
    return n;
}
