/* Reference structures from CIF files through the COD CIF API (libcif):
 * the cell, the symmetry operations and the atom sites of the first data
 * block, expanded to the full cell. Only the operation strings ("x,-y,z+1/2")
 * are parsed here; the CIF syntax is libcif's. Built into the CIF module
 * haven_cif.so (cif_plugin.h), so only a program reading a CIF loads libcif
 * and ICU. */
#include "core/error.h"
#include "haven/elements.h"
#include "series/cell.h"
#include "structure/cif_plugin.h"

#include <cif.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OPS 192
#define MERGE_TOL (0.01 * HAVEN_ANGSTROM)

typedef struct {
    double rot[3][3], shift[3]; /* x' = rot x + shift, fractional */
} sym_op;

static void to_u(const char *s, UChar *u, size_t cap)
{
    size_t i = 0;
    for (; s[i] && i + 1 < cap; i++)
        u[i] = (UChar)(unsigned char)s[i];
    u[i] = 0;
}

/* Text of a value as ASCII (non-ASCII characters become '?'); "" if none. */
static void value_text(cif_value_tp *v, char *out, size_t cap)
{
    UChar *u = NULL;
    out[0] = '\0';
    if (cif_value_get_text(v, &u) != CIF_OK || !u)
        return;
    size_t i = 0;
    for (; u[i] && i + 1 < cap; i++)
        out[i] = u[i] < 128 ? (char)u[i] : '?';
    out[i] = '\0';
    free(u);
}

static haven_status block_number(cif_block_tp *b, const char *path, const char *name, double *x)
{
    UChar un[64];
    cif_value_tp *v = NULL;
    to_u(name, un, 64);
    if (cif_container_get_value(b, un, &v) != CIF_OK)
        return haven_fail(HAVEN_ERR_FORMAT, "%s: no %s", path, name);
    int rc = cif_value_get_number(v, x);
    cif_value_free(v);
    if (rc != CIF_OK || !isfinite(*x))
        return haven_fail(HAVEN_ERR_FORMAT, "%s: %s is not a number", path, name);
    return HAVEN_OK;
}

/* Lattice vectors from a, b, c, alpha, beta, gamma: a along x, b in the
 * xy plane (the usual crystallographic convention). */
static haven_status read_cell(cif_block_tp *b, const char *path, double cell[3][3])
{
    static const char *const names[6] = {"_cell_length_a",    "_cell_length_b",
                                         "_cell_length_c",    "_cell_angle_alpha",
                                         "_cell_angle_beta",  "_cell_angle_gamma"};
    double p[6];
    for (int k = 0; k < 6; k++) {
        haven_status s = block_number(b, path, names[k], &p[k]);
        if (s != HAVEN_OK)
            return s;
    }
    double d2r = 3.14159265358979323846 / 180, ca = cos(p[3] * d2r), cb = cos(p[4] * d2r), cg = cos(p[5] * d2r),
           sg = sin(p[5] * d2r);
    memset(cell, 0, 9 * sizeof(double));
    cell[0][0] = p[0];
    cell[1][0] = p[1] * cg, cell[1][1] = p[1] * sg;
    cell[2][0] = p[2] * cb;
    cell[2][1] = p[2] * (ca - cb * cg) / sg;
    cell[2][2] = sqrt(fmax(0, p[2] * p[2] - cell[2][0] * cell[2][0] - cell[2][1] * cell[2][1]));
    double inv[3][3];
    for (int a = 0; a < 3; a++)
        for (int k = 0; k < 3; k++)
            cell[a][k] *= HAVEN_ANGSTROM;
    if (!(fabs(haven_cell_inverse(cell, inv)) > 0) || !(p[0] > 0 && p[1] > 0 && p[2] > 0))
        return haven_fail(HAVEN_ERR_FORMAT, "%s: degenerate cell", path);
    return HAVEN_OK;
}

/* One component of an operation, e.g. "-y+1/2" or "x-z". */
static int parse_component(const char *s, double rot[3], double *shift)
{
    rot[0] = rot[1] = rot[2] = *shift = 0;
    const char *p = s;
    int terms = 0;
    while (*p) {
        while (isspace((unsigned char)*p))
            p++;
        if (!*p)
            break;
        double sign = 1;
        if (*p == '+' || *p == '-')
            sign = *p++ == '-' ? -1 : 1;
        while (isspace((unsigned char)*p))
            p++;
        int c = tolower((unsigned char)*p);
        if (c == 'x' || c == 'y' || c == 'z') {
            rot[c - 'x'] += sign;
            p++;
        } else {
            char *end;
            double num = strtod(p, &end), den = 1;
            if (end == p)
                return -1;
            p = end;
            if (*p == '/') {
                den = strtod(p + 1, &end);
                if (end == p + 1 || den == 0)
                    return -1;
                p = end;
            }
            *shift += sign * num / den;
        }
        terms++;
    }
    return terms > 0 ? 0 : -1;
}

static int parse_op(const char *text, sym_op *op)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", text);
    char *parts[3], *save = NULL;
    int n = 0;
    for (char *t = strtok_r(buf, ",", &save); t && n < 4; t = strtok_r(NULL, ",", &save))
        parts[n < 3 ? n : 2] = t, n++;
    if (n != 3)
        return -1;
    for (int k = 0; k < 3; k++)
        if (parse_component(parts[k], op->rot[k], &op->shift[k]) != 0)
            return -1;
    return 0;
}

/* Packets of the loop holding `key`; calls fn for each. */
typedef haven_status (*packet_fn)(cif_packet_tp *p, void *ctx);
static haven_status each_packet(cif_block_tp *b, const char *key, packet_fn fn, void *ctx,
                                int *found)
{
    UChar uk[80];
    cif_loop_tp *loop = NULL;
    cif_pktitr_tp *it = NULL;
    cif_packet_tp *pkt = NULL;
    to_u(key, uk, 80);
    *found = 0;
    if (cif_container_get_item_loop(b, uk, &loop) != CIF_OK)
        return HAVEN_OK;
    *found = 1;
    haven_status s = HAVEN_OK;
    if (cif_loop_get_packets(loop, &it) == CIF_OK) {
        while (s == HAVEN_OK && cif_pktitr_next_packet(it, &pkt) == CIF_OK)
            s = fn(pkt, ctx);
        if (cif_pktitr_close(it) != CIF_OK) { /* read only: nothing to undo */
        }
    }
    cif_packet_free(pkt);
    cif_loop_free(loop);
    return s;
}

typedef struct {
    const char *path, *key;
    sym_op op[MAX_OPS];
    size_t n;
} ops_ctx;

static haven_status take_op(cif_packet_tp *p, void *vc)
{
    ops_ctx *c = vc;
    UChar uk[80];
    cif_value_tp *v = NULL;
    char text[128];
    to_u(c->key, uk, 80);
    if (cif_packet_get_item(p, uk, &v) != CIF_OK)
        return HAVEN_OK;
    value_text(v, text, sizeof text);
    if (c->n == MAX_OPS)
        return haven_fail(HAVEN_ERR_FORMAT, "%s: more than %d symmetry operations", c->path,
                          MAX_OPS);
    if (parse_op(text, &c->op[c->n]) != 0)
        return haven_fail(HAVEN_ERR_FORMAT, "%s: symmetry operation '%s' is not of the form "
                          "'x,-y,z+1/2'", c->path, text);
    c->n++;
    return HAVEN_OK;
}

static haven_status read_ops(cif_block_tp *b, const char *path, ops_ctx *c)
{
    static const char *const keys[] = {"_space_group_symop_operation_xyz",
                                       "_symmetry_equiv_pos_as_xyz", NULL};
    c->path = path;
    c->n = 0;
    for (int k = 0; keys[k]; k++) {
        int found;
        c->key = keys[k];
        haven_status s = each_packet(b, keys[k], take_op, c, &found);
        if (s != HAVEN_OK || (found && c->n))
            return s;
    }
    /* no operations listed: P1 */
    memset(&c->op[0], 0, sizeof c->op[0]);
    for (int k = 0; k < 3; k++)
        c->op[0].rot[k][k] = 1;
    c->n = 1;
    return HAVEN_OK;
}

typedef struct {
    const char *path;
    const ops_ctx *ops;
    hs_atoms *a;
    size_t cap;
    char species[64][8];
    size_t n_species;
} site_ctx;

static haven_status packet_number(cif_packet_tp *p, const char *path, const char *name,
                                  double *x)
{
    UChar uk[80];
    cif_value_tp *v = NULL;
    to_u(name, uk, 80);
    if (cif_packet_get_item(p, uk, &v) != CIF_OK || cif_value_get_number(v, x) != CIF_OK ||
        !isfinite(*x))
        return haven_fail(HAVEN_ERR_FORMAT, "%s: an atom site without a number for %s", path,
                          name);
    return HAVEN_OK;
}

/* Is frac (Cartesian distance under the cell) already present? */
static int present(const hs_atoms *a, const double f[3], const char *element)
{
    for (size_t i = 0; i < a->n; i++) {
        if (strcmp(a->element[i], element))
            continue;
        double d[3], r[3], r2 = 0;
        for (int k = 0; k < 3; k++)
            d[k] = f[k] - a->frac[i][k] - nearbyint(f[k] - a->frac[i][k]);
        haven_frac_to_cart(d, a->cell, r);
        for (int k = 0; k < 3; k++)
            r2 += r[k] * r[k];
        if (r2 < MERGE_TOL * MERGE_TOL)
            return 1;
    }
    return 0;
}

static haven_status grow(site_ctx *c)
{
    hs_atoms *a = c->a;
    if (a->n < c->cap)
        return HAVEN_OK;
    size_t cap = c->cap ? 2 * c->cap : 64;
    void *p1 = realloc(a->frac, cap * sizeof *a->frac), *p2 = p1 ? realloc(a->kind, cap * sizeof *a->kind) : NULL;
    if (p1)
        a->frac = p1;
    if (p2)
        a->kind = p2;
    void *p3 = p2 ? realloc(a->label, cap * sizeof *a->label) : NULL;
    if (p3)
        a->label = p3;
    void *p4 = p3 ? realloc(a->element, cap * sizeof *a->element) : NULL;
    if (p4)
        a->element = p4;
    void *p5 = p4 ? realloc(a->occupancy, cap * sizeof *a->occupancy) : NULL;
    if (p5)
        a->occupancy = p5;
    if (!p5)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    c->cap = cap;
    return HAVEN_OK;
}

static void element_of(const char *type, const char *label, char *el, size_t cap)
{
    const char *src = type[0] ? type : label;
    size_t n = 0;
    if (isalpha((unsigned char)src[0])) {
        el[n++] = (char)toupper((unsigned char)src[0]);
        if (islower((unsigned char)src[1]) && haven_element_z((char[]){el[0], src[1], 0}) > 0)
            el[n++] = src[1];
    }
    el[n < cap ? n : cap - 1] = '\0';
}

static haven_status take_site(cif_packet_tp *p, void *vc)
{
    site_ctx *c = vc;
    double f0[3];
    static const char *const xyz[3] = {"_atom_site_fract_x", "_atom_site_fract_y",
                                       "_atom_site_fract_z"};
    for (int k = 0; k < 3; k++) {
        haven_status s = packet_number(p, c->path, xyz[k], &f0[k]);
        if (s != HAVEN_OK)
            return s;
    }
    char label[HAVEN_SITE_NAME] = "", type[16] = "", el[8];
    UChar uk[80];
    cif_value_tp *v = NULL;
    to_u("_atom_site_label", uk, 80);
    if (cif_packet_get_item(p, uk, &v) == CIF_OK)
        value_text(v, label, sizeof label);
    to_u("_atom_site_type_symbol", uk, 80);
    if (cif_packet_get_item(p, uk, &v) == CIF_OK)
        value_text(v, type, sizeof type);
    double occ = 1;
    to_u("_atom_site_occupancy", uk, 80);
    if (cif_packet_get_item(p, uk, &v) == CIF_OK && cif_value_get_number(v, &occ) == CIF_OK &&
        !(occ > 0 && occ <= 1))
        return haven_fail(HAVEN_ERR_FORMAT, "%s: atom site '%s' has occupancy %g (expected 0 to 1)",
                          c->path, label, occ);
    element_of(type, label, el, sizeof el);
    if (!el[0] || haven_element_z(el) <= 0)
        return haven_fail(HAVEN_ERR_FORMAT, "%s: atom site '%s' has no element symbol", c->path,
                          label);
    size_t sp = 0;
    while (sp < c->n_species && strcmp(c->species[sp], el))
        sp++;
    if (sp == c->n_species) {
        if (sp == 64)
            return haven_fail(HAVEN_ERR_FORMAT, "%s: more than 64 elements", c->path);
        snprintf(c->species[c->n_species++], 8, "%s", el);
    }
    for (size_t o = 0; o < c->ops->n; o++) {
        const sym_op *op = &c->ops->op[o];
        double f[3];
        for (int k = 0; k < 3; k++) {
            f[k] = op->shift[k] + op->rot[k][0] * f0[0] + op->rot[k][1] * f0[1] +
                   op->rot[k][2] * f0[2];
            f[k] -= floor(f[k]);
            if (f[k] >= 1)
                f[k] = 0;
        }
        if (present(c->a, f, el))
            continue;
        haven_status s = grow(c);
        if (s != HAVEN_OK)
            return s;
        size_t i = c->a->n++;
        memcpy(c->a->frac[i], f, sizeof f);
        c->a->kind[i] = (int)sp;
        snprintf(c->a->label[i], HAVEN_SITE_NAME, "%s", label[0] ? label : el);
        snprintf(c->a->element[i], 8, "%s", el);
        c->a->occupancy[i] = occ;
    }
    return HAVEN_OK;
}

static haven_status read_block(cif_block_tp *b, const char *path, hs_atoms *a)
{
    haven_status s = read_cell(b, path, a->cell);
    ops_ctx *ops = s == HAVEN_OK ? malloc(sizeof *ops) : NULL;
    if (s == HAVEN_OK && !ops)
        s = haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    if (s == HAVEN_OK)
        s = read_ops(b, path, ops);
    site_ctx c = {.path = path, .ops = ops, .a = a};
    int found = 0;
    if (s == HAVEN_OK)
        s = each_packet(b, "_atom_site_fract_x", take_site, &c, &found);
    if (s == HAVEN_OK && (!found || a->n == 0))
        s = haven_fail(HAVEN_ERR_FORMAT, "%s: no atom sites (_atom_site_fract_x loop)", path);
    free(ops);
    return s;
}

haven_status hs_cif_read(const char *path, hs_atoms *a)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return haven_fail(HAVEN_ERR_IO, "cannot open %s", path);
    cif_tp *cif = NULL;
    cif_block_tp **blocks = NULL;
    int rc = cif_parse(fp, NULL, &cif);
    fclose(fp);
    haven_status s = HAVEN_OK;
    if (rc != CIF_OK)
        s = haven_fail(HAVEN_ERR_FORMAT, "%s: not a readable CIF (libcif error %d)", path, rc);
    else if (cif_get_all_blocks(cif, &blocks) != CIF_OK || !blocks || !blocks[0])
        s = haven_fail(HAVEN_ERR_FORMAT, "%s: no data block", path);
    else
        s = read_block(blocks[0], path, a);
    for (size_t k = 0; blocks && blocks[k]; k++)
        cif_block_free(blocks[k]);
    free(blocks);
    if (cif)
        if (cif_destroy(cif) != CIF_OK) { /* nothing more to release */
        }
    return s;
}
