/* Equivalent-circuit strings: parsing, parameter names and evaluation with
 * analytic derivatives.
 *
 * Parameters are numbered in order of appearance, so every subtree owns a
 * contiguous range of them; a parallel block then only has to rescale the
 * derivative range of each branch by (Z / Z_branch)^2. */
#include "eis/circuit.h"

#include "core/error.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* glibc defines CMPLX only for GCC >= 4.7; clang (which reports GCC 4.2)
 * has the same builtin. */
#ifndef CMPLX
#define CMPLX(x, y) __builtin_complex((double)(x), (double)(y))
#endif

typedef struct {
    const char *prefix;
    eis_element type;
    size_t np;
    const char *unit[4];
    eis_transform tr[4];
} element_info;

/* Longest prefixes first so "CPE" wins over "C" and "Wo" over "W". */
#define LG TRANSFORM_LOG
#define LT TRANSFORM_LOGIT
static const element_info ELEMENTS[] = {
    {"Zarc", EL_ZARC, 3, {"ohm", "s", "1"}, {LG, LG, LT}},
    {"CPE", EL_CPE, 2, {"F s^(a-1)", "1"}, {LG, LT}},
    {"TLM", EL_TLM, 4, {"ohm", "ohm", "F s^(a-1)", "1"}, {LG, LG, LG, LT}},
    {"Wo", EL_WO, 2, {"ohm", "s"}, {LG, LG}},
    {"Ws", EL_WS, 2, {"ohm", "s"}, {LG, LG}},
    {"La", EL_LA, 2, {"H s^(a-1)", "1"}, {LG, LT}},
    {"Gs", EL_GS, 3, {"ohm", "s", "1"}, {LG, LG, LG}},
    {"R", EL_R, 1, {"ohm"}, {LG}},
    {"C", EL_C, 1, {"F"}, {LG}},
    {"L", EL_L, 1, {"H"}, {LG}},
    {"W", EL_W, 1, {"ohm s^-1/2"}, {LG}},
    {"G", EL_G, 2, {"ohm", "s"}, {LG, LG}},
    {"K", EL_K, 2, {"ohm", "s"}, {LG, LG}},
};
#undef LG
#undef LT
#define N_ELEMENTS (sizeof ELEMENTS / sizeof ELEMENTS[0])

static const element_info *info_of(eis_element e)
{
    for (size_t i = 0; i < N_ELEMENTS; i++)
        if (ELEMENTS[i].type == e)
            return &ELEMENTS[i];
    return &ELEMENTS[0];
}

/* ---- parser ------------------------------------------------------------ */

typedef struct {
    const char *text, *s;
    haven_eis_circuit *c;
    size_t cap_node, cap_param;
} parser;

static void skip_ws(parser *ps)
{
    while (isspace((unsigned char)*ps->s))
        ps->s++;
}

static haven_status syntax(parser *ps, const char *what)
{
    return haven_fail(HAVEN_ERR_FORMAT, "circuit '%s': %s at position %zu", ps->text, what,
                      (size_t)(ps->s - ps->text) + 1);
}

static haven_status new_node(parser *ps, eis_node_kind kind, size_t *idx)
{
    haven_eis_circuit *c = ps->c;
    if (c->n_node == ps->cap_node) {
        size_t cap = ps->cap_node ? 2 * ps->cap_node : 8;
        eis_node *n = realloc(c->node, cap * sizeof *n);
        if (!n)
            return haven_fail(HAVEN_ERR_NOMEM, "circuit: out of memory");
        c->node = n;
        ps->cap_node = cap;
    }
    memset(&c->node[c->n_node], 0, sizeof c->node[0]);
    c->node[c->n_node].kind = kind;
    c->node[c->n_node].parent = (size_t)-1;
    c->node[c->n_node].p0 = c->n_params;
    *idx = c->n_node++;
    return HAVEN_OK;
}

static haven_status add_child(haven_eis_circuit *c, size_t parent, size_t child)
{
    eis_node *p = &c->node[parent];
    size_t *ch = realloc(p->child, (p->n_child + 1) * sizeof *ch);
    if (!ch)
        return haven_fail(HAVEN_ERR_NOMEM, "circuit: out of memory");
    p->child = ch;
    p->child[p->n_child++] = child;
    c->node[child].parent = parent;
    return HAVEN_OK;
}

static haven_status add_params(parser *ps, size_t node, const element_info *info)
{
    haven_eis_circuit *c = ps->c;
    size_t need = c->n_params + info->np;
    if (need > ps->cap_param) {
        size_t cap = 2 * need + 8;
        char(*nm)[40] = realloc(c->param_name, cap * sizeof *nm);
        if (nm)
            c->param_name = nm;
        size_t *pn = realloc(c->param_node, cap * sizeof *pn);
        if (pn)
            c->param_node = pn;
        eis_transform *tr = realloc(c->transform, cap * sizeof *tr);
        if (tr)
            c->transform = tr;
        if (!nm || !pn || !tr)
            return haven_fail(HAVEN_ERR_NOMEM, "circuit: out of memory");
        ps->cap_param = cap;
    }
    for (size_t k = 0; k < info->np; k++) {
        size_t i = c->n_params++;
        if (info->np == 1)
            snprintf(c->param_name[i], sizeof c->param_name[i], "%s", c->node[node].name);
        else
            snprintf(c->param_name[i], sizeof c->param_name[i], "%s_%zu", c->node[node].name, k);
        c->param_node[i] = node;
        c->transform[i] = info->tr[k];
    }
    c->node[node].np = info->np;
    return HAVEN_OK;
}

static haven_status parse_element(parser *ps, size_t *idx)
{
    const element_info *info = NULL;
    for (size_t i = 0; i < N_ELEMENTS && !info; i++)
        if (!strncmp(ps->s, ELEMENTS[i].prefix, strlen(ELEMENTS[i].prefix)) &&
            isdigit((unsigned char)ps->s[strlen(ELEMENTS[i].prefix)]))
            info = &ELEMENTS[i];
    if (!info)
        return syntax(ps, "expected an element (R, C, L, La, CPE, W, Wo, Ws, G, Gs, Zarc, TLM, K "
                          "followed by a number) or p(...)");
    const char *start = ps->s;
    ps->s += strlen(info->prefix);
    while (isdigit((unsigned char)*ps->s))
        ps->s++;
    size_t len = (size_t)(ps->s - start);
    if (len >= sizeof ps->c->node[0].name)
        return syntax(ps, "element name too long");
    for (size_t i = 0; i < ps->c->n_node; i++)
        if (ps->c->node[i].kind == NODE_ELEMENT && strlen(ps->c->node[i].name) == len &&
            !strncmp(ps->c->node[i].name, start, len))
            return syntax(ps, "element name used twice");
    haven_status st = new_node(ps, NODE_ELEMENT, idx);
    if (st)
        return st;
    eis_node *n = &ps->c->node[*idx];
    n->element = info->type;
    memcpy(n->name, start, len);
    n->name[len] = '\0';
    return add_params(ps, *idx, info);
}

static haven_status parse_series(parser *ps, size_t *idx);

static haven_status parse_parallel(parser *ps, size_t *idx)
{
    haven_status st = new_node(ps, NODE_PARALLEL, idx);
    if (st)
        return st;
    ps->s += 2; /* "p(" */
    for (;;) {
        size_t ch;
        if ((st = parse_series(ps, &ch)) || (st = add_child(ps->c, *idx, ch)))
            return st;
        skip_ws(ps);
        if (*ps->s == ',') {
            ps->s++;
            continue;
        }
        if (*ps->s != ')')
            return syntax(ps, "expected ',' or ')'");
        ps->s++;
        break;
    }
    if (ps->c->node[*idx].n_child < 2)
        return syntax(ps, "p(...) needs at least two branches");
    ps->c->node[*idx].np = ps->c->n_params - ps->c->node[*idx].p0;
    return HAVEN_OK;
}

static haven_status parse_term(parser *ps, size_t *idx)
{
    skip_ws(ps);
    if (ps->s[0] == 'p' && ps->s[1] == '(')
        return parse_parallel(ps, idx);
    return parse_element(ps, idx);
}

static haven_status parse_series(parser *ps, size_t *idx)
{
    haven_status st = new_node(ps, NODE_SERIES, idx);
    if (st)
        return st;
    for (;;) {
        size_t t;
        if ((st = parse_term(ps, &t)) || (st = add_child(ps->c, *idx, t)))
            return st;
        skip_ws(ps);
        if (*ps->s != '-')
            break;
        ps->s++;
    }
    ps->c->node[*idx].np = ps->c->n_params - ps->c->node[*idx].p0;
    return HAVEN_OK;
}

haven_status haven_eis_circuit_parse(const char *text, haven_eis_circuit **out)
{
    if (!text || !out)
        return haven_fail(HAVEN_ERR_ARG, "haven_eis_circuit_parse: NULL argument");
    *out = NULL;
    haven_eis_circuit *c = calloc(1, sizeof *c);
    if (!c)
        return haven_fail(HAVEN_ERR_NOMEM, "circuit: out of memory");
    c->text = strdup(text);
    if (!c->text) {
        free(c);
        return haven_fail(HAVEN_ERR_NOMEM, "circuit: out of memory");
    }
    parser ps = {text, text, c, 0, 0};
    haven_status st = parse_series(&ps, &c->root);
    skip_ws(&ps);
    if (!st && *ps.s)
        st = syntax(&ps, "unexpected character");
    if (!st && c->n_params == 0)
        st = syntax(&ps, "no elements");
    if (st) {
        haven_eis_circuit_free(c);
        return st;
    }
    *out = c;
    return HAVEN_OK;
}

void haven_eis_circuit_free(haven_eis_circuit *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n_node; i++)
        free(c->node[i].child);
    free(c->node);
    free(c->param_name);
    free(c->param_node);
    free(c->transform);
    free(c->text);
    free(c);
}

const char *haven_eis_circuit_text(const haven_eis_circuit *c)
{
    return c ? c->text : "";
}

int eis_circuit_inductive(const haven_eis_circuit *c)
{
    for (size_t k = 0; k < c->n_node; k++)
        if (c->node[k].kind == NODE_ELEMENT &&
            (c->node[k].element == EL_L || c->node[k].element == EL_LA))
            return 1;
    return 0;
}

size_t haven_eis_circuit_n_params(const haven_eis_circuit *c)
{
    return c ? c->n_params : 0;
}

const char *haven_eis_circuit_param_name(const haven_eis_circuit *c, size_t i)
{
    return c && i < c->n_params ? c->param_name[i] : "";
}

const char *haven_eis_circuit_param_unit(const haven_eis_circuit *c, size_t i)
{
    if (!c || i >= c->n_params)
        return "";
    const eis_node *n = &c->node[c->param_node[i]];
    return info_of(n->element)->unit[i - n->p0];
}

long haven_eis_circuit_find(const haven_eis_circuit *c, const char *name)
{
    for (size_t i = 0; c && name && i < c->n_params; i++)
        if (!strcmp(c->param_name[i], name))
            return (long)i;
    return -1;
}

/* ---- evaluation ---------------------------------------------------------- */

/* re + i im, exactly (also for infinite or NaN parts, which re + im * I
 * is not): C11 lays a complex out as an array of its two parts. CMPLX
 * would do, but clang 14's <complex.h> lacks it. */
static inline double complex make_complex(double re, double im)
{
    union {
        double part[2];
        double complex z;
    } u = {{re, im}};
    return u.z;
}

/* 1/z and a/b in plain doubles: C's complex division guards against
 * overflow and infinities with a library call (__divdc3) that dominated the
 * fit's profile; impedances here are finite and far from DBL_MAX. */
static inline double complex crecip(double complex z)
{
    double a = creal(z), b = cimag(z), s = 1.0 / (a * a + b * b);
    return make_complex(a * s, -b * s);
}

static inline double complex cdiv(double complex a, double complex b)
{
    return a * crecip(b);
}

/* Finite-length diffusion: Z = Z0 f(s)/s with s = sqrt(j w tau), f = coth
 * (open) or tanh (short). d/dtau uses df/ds = 1 - f^2 for both. */
static double complex finite_warburg(int open, double z0, double tau, double w, double complex *dz)
{
    double complex s = csqrt(I * w * tau);
    double complex t = ctanh(s);
    double complex f = open ? crecip(t) : t;
    double complex fs = cdiv(f, s), z = z0 * fs;
    if (dz) {
        double complex dfds = 1.0 - f * f;
        dz[0] = fs;
        dz[1] = z0 / (2.0 * tau) * (dfds - fs);
    }
    return z;
}

/* Finite-length Gerischer (Boukamp and Bouwmeester, Solid State Ionics 157
 * (2003) 29): Z = R / (sqrt(u) tanh(phi sqrt(u))), u = 1 + j w tau. */
static double complex gerischer_finite(const double *p, double w, double complex *dz)
{
    double complex u = 1.0 + I * w * p[1], su = csqrt(u), t = ctanh(p[2] * su);
    double complex den = su * t, z = p[0] * crecip(den);
    if (dz) {
        double complex one_t2 = 1.0 - t * t, dsu = I * w * crecip(2.0 * su);
        dz[0] = z / p[0];
        dz[1] = -z * cdiv(dsu * (t + p[2] * su * one_t2), den);
        dz[2] = -z * cdiv(u * one_t2, den);
    }
    return z;
}

/* Transmission line with reflecting end (Bisquert, Phys. Chem. Chem. Phys.
 * 2 (2000) 4185): ionic resistance R_ion along the pore, interface
 * admittance y = 1/R_ct + Q (j w)^a summed over the line. With g =
 * sqrt(R_ion y): Z = R_ion coth(g) / g, which is R_ct + R_ion/3 at w -> 0
 * and sqrt(R_ion / (Q (j w)^a)) (45 degrees for a = 1) at high w. */
static double complex transmission_line(const double *p, const double complex *pre,
                                        double lnw, double complex *dz)
{
    double complex jwa = exp(p[3] * lnw) * pre[0]; /* (j w)^a, phase factor from pre */
    double complex y = 1.0 / p[1] + p[2] * jwa, g = csqrt(p[0] * y);
    double complex ct = crecip(ctanh(g)), F = ct * crecip(g), z = p[0] * F;
    if (dz) {
        double complex dF = cdiv(1.0 - ct * ct - F, g); /* dF/dg */
        double complex dz_dy = p[0] * dF * g * crecip(2.0 * y);
        dz[0] = F + dF * g / 2.0;
        dz[1] = -dz_dy / (p[1] * p[1]);
        dz[2] = dz_dy * jwa;
        dz[3] = dz_dy * p[2] * jwa * make_complex(lnw, EIS_PI / 2);
    }
    return z;
}

/* Z = R / (1 + (j w tau)^a); a = 1 is the Voigt element K. */
static double complex zarc(double r, double tau, double a, double w, double complex *dz)
{
    double complex lnjwt = make_complex(log(w * tau), EIS_PI / 2), s = cexp(a * lnjwt);
    double complex inv = crecip(1.0 + s), z = r * inv;
    if (dz) {
        double complex k = -z * inv * s;
        dz[0] = inv;
        dz[1] = k * a / tau;
        dz[2] = k * lnjwt;
    }
    return z;
}

static double complex element_z(const eis_node *n, const double *p, const double complex *pre,
                                double w, double lnw, double complex *dz)
{
    double complex z;
    switch (n->element) {
    case EL_R:
        if (dz)
            dz[0] = 1.0;
        return p[0];
    case EL_C:
        z = make_complex(0.0, -1.0 / (w * p[0]));
        if (dz)
            dz[0] = -z / p[0];
        return z;
    case EL_L:
        if (dz)
            dz[0] = I * w;
        return I * w * p[0];
    case EL_CPE: { /* (j w)^-a / Q = w^-a e^(-j a pi/2) / Q, the phase factor from pre */
        z = exp(-p[1] * lnw) * pre[0];
        double complex lnjw = make_complex(lnw, EIS_PI / 2);
        if (dz) {
            dz[0] = -z / p[0];
            dz[1] = -z * lnjw;
        }
        return z;
    }
    case EL_W:
        z = p[0] * (1.0 - I) / sqrt(w);
        if (dz)
            dz[0] = (1.0 - I) / sqrt(w);
        return z;
    case EL_WO:
    case EL_WS: return finite_warburg(n->element == EL_WO, p[0], p[1], w, dz);
    case EL_LA: { /* L (j w)^a, the phase factor e^(j a pi/2) * L from pre */
        z = exp(p[1] * lnw) * pre[0];
        if (dz) {
            dz[0] = z / p[0];
            dz[1] = z * make_complex(lnw, EIS_PI / 2);
        }
        return z;
    }
    case EL_GS: return gerischer_finite(p, w, dz);
    case EL_TLM: return transmission_line(p, pre, lnw, dz);
    case EL_ZARC: return zarc(p[0], p[1], p[2], w, dz);
    case EL_K: {
        double complex dk[3];
        z = zarc(p[0], p[1], 1.0, w, dz ? dk : NULL);
        if (dz) {
            dz[0] = dk[0];
            dz[1] = dk[1];
        }
        return z;
    }
    case EL_G: {
        double complex u = 1.0 + I * w * p[1];
        z = p[0] * crecip(csqrt(u));
        if (dz) {
            dz[0] = z / p[0];
            dz[1] = -z * I * w * crecip(2.0 * u);
        }
        return z;
    }
    }
    return 0;
}

static double complex node_z(const haven_eis_circuit *c, size_t k, const double *p,
                             const double complex *pre, double w, double lnw, double complex *dz)
{
    const eis_node *n = &c->node[k];
    if (n->kind == NODE_ELEMENT)
        return element_z(n, p + n->p0, pre + n->p0, w, lnw, dz ? dz + n->p0 : NULL);
    if (n->kind == NODE_SERIES) {
        double complex z = 0;
        for (size_t i = 0; i < n->n_child; i++)
            z += node_z(c, n->child[i], p, pre, w, lnw, dz);
        return z;
    }
    double complex zi[n->n_child];
    double complex y = 0;
    for (size_t i = 0; i < n->n_child; i++) {
        zi[i] = node_z(c, n->child[i], p, pre, w, lnw, dz);
        y += crecip(zi[i]);
    }
    double complex z = crecip(y);
    for (size_t i = 0; dz && i < n->n_child; i++) {
        const eis_node *ch = &c->node[n->child[i]];
        double complex r = z * crecip(zi[i]), f = r * r;
        for (size_t q = ch->p0; q < ch->p0 + ch->np; q++)
            dz[q] *= f;
    }
    return z;
}

void eis_circuit_prepare(const haven_eis_circuit *c, const double *p, double complex *pre)
{
    for (size_t k = 0; k < c->n_params; k++) {
        const eis_node *n = &c->node[c->param_node[k]];
        pre[k] = 0;
        if (n->element == EL_CPE && k == n->p0) {
            double ph = -p[k + 1] * (EIS_PI / 2);
            pre[k] = make_complex(cos(ph), sin(ph)) / p[k];
        } else if (n->element == EL_LA && k == n->p0) {
            double ph = p[k + 1] * (EIS_PI / 2);
            pre[k] = make_complex(cos(ph), sin(ph)) * p[k];
        } else if (n->element == EL_TLM && k == n->p0) {
            double ph = p[k + 3] * (EIS_PI / 2);
            pre[k] = make_complex(cos(ph), sin(ph));
        }
    }
}

double complex eis_circuit_z_prepared(const haven_eis_circuit *c, const double *p,
                                      const double complex *pre, double w, double lnw,
                                      double complex *dz)
{
    return node_z(c, c->root, p, pre, w, lnw, dz);
}

double complex eis_circuit_z(const haven_eis_circuit *c, const double *p, double w,
                             double complex *dz)
{
    double complex pre[c->n_params];
    eis_circuit_prepare(c, p, pre);
    return node_z(c, c->root, p, pre, w, log(w), dz);
}

haven_status haven_eis_circuit_eval(const haven_eis_circuit *c, const double *params,
                                    const double *freq, size_t n, double *zre, double *zim,
                                    double *jac)
{
    if (!c || !params || (!freq && n))
        return haven_fail(HAVEN_ERR_ARG, "haven_eis_circuit_eval: NULL argument");
    size_t np = c->n_params;
    double complex dz[np], pre[np];
    eis_circuit_prepare(c, params, pre);
    for (size_t i = 0; i < n; i++) {
        double w = 2 * EIS_PI * freq[i];
        double complex z = eis_circuit_z_prepared(c, params, pre, w, log(w), jac ? dz : NULL);
        if (zre)
            zre[i] = creal(z);
        if (zim)
            zim[i] = cimag(z);
        for (size_t k = 0; jac && k < np; k++) {
            jac[i * np + k] = creal(dz[k]);
            jac[(n + i) * np + k] = cimag(dz[k]);
        }
    }
    return HAVEN_OK;
}
