/* The .npy header: magic, version, and the dict literal numpy writes. */
#include "io/npyhdr.h"

#include "core/error.h"
#include "io/binstream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The value after 'key': in the dict, or NULL. */
static const char *dict_value(const char *dict, const char *key)
{
    char pat[32];
    snprintf(pat, sizeof pat, "'%s'", key);
    const char *p = strstr(dict, pat);
    if (!p)
        return NULL;
    p += strlen(pat);
    while (*p == ' ')
        p++;
    if (*p++ != ':')
        return NULL;
    while (*p == ' ')
        p++;
    return p;
}

/* descr '<f8', '|u1', '<U2', ...; structured (list) dtypes are refused. */
static haven_status parse_descr(const char *v, const char *name, haven_npy_header *h)
{
    if (!v || *v != '\'' || strnlen(v, 4) < 4)
        return haven_fail(HAVEN_ERR_FORMAT,
                          "%s: header has no simple 'descr' (structured arrays are not read)",
                          name);
    char order = v[1], kind = v[2];
    char *end;
    long size = strtol(v + 3, &end, 10);
    if (!strchr("<>|=", order) || !strchr("fiuUS", kind) || *end != '\'' || size <= 0 || size > 64)
        return haven_fail(HAVEN_ERR_FORMAT, "%s: unsupported dtype %.12s", name, v);
    if (kind == 'f' && size != 4 && size != 8)
        return haven_fail(HAVEN_ERR_FORMAT, "%s: float of %ld bytes (expected float32 or float64)",
                          name, size);
    if ((kind == 'i' || kind == 'u') && size != 1 && size != 2 && size != 4 && size != 8)
        return haven_fail(HAVEN_ERR_FORMAT, "%s: integer of %ld bytes", name, size);
    h->kind = kind;
    h->size = (size_t)(kind == 'U' ? 4 * size : size);
    h->big = order == '>';
    return HAVEN_OK;
}

static haven_status parse_shape(const char *v, const char *name, haven_npy_header *h)
{
    if (!v || *v != '(')
        return haven_fail(HAVEN_ERR_FORMAT, "%s: header has no 'shape'", name);
    h->ndim = 0;
    h->count = 1;
    for (const char *p = v + 1;;) {
        while (*p == ' ' || *p == ',')
            p++;
        if (*p == ')')
            break;
        char *end;
        unsigned long long d = strtoull(p, &end, 10);
        if (end == p || *p == '-' || h->ndim == HAVEN_NPY_MAX_DIM)
            return haven_fail(HAVEN_ERR_FORMAT, "%s: unsupported shape %.40s", name, v);
        if (d && h->count > (1ull << 60) / d)
            return haven_fail(HAVEN_ERR_FORMAT, "%s: shape %.40s is too large", name, v);
        h->shape[h->ndim++] = d;
        h->count *= d;
        p = end;
    }
    return HAVEN_OK;
}

haven_status haven_npy_read_header(haven_npy_read_fn rd, void *src, const char *name,
                                   haven_npy_header *h)
{
    unsigned char pre[12];
    memset(h, 0, sizeof *h);
    haven_status s = rd(src, pre, 10, "npy magic and header length");
    if (s != HAVEN_OK)
        return s;
    if (memcmp(pre, "\x93NUMPY", 6) != 0)
        return haven_fail(HAVEN_ERR_FORMAT, "%s: not a .npy array (no \\x93NUMPY magic)", name);
    int major = pre[6];
    size_t len = haven_get_u32((const unsigned char[4]){pre[8], pre[9], 0, 0}, 0);
    if (major >= 2 && (s = rd(src, pre + 10, 2, "npy header length")) == HAVEN_OK)
        len = haven_get_u32(pre + 8, 0);
    if (s != HAVEN_OK)
        return s;
    if (major < 1 || major > 3 || len > (1u << 20))
        return haven_fail(HAVEN_ERR_FORMAT,
                          "%s: npy version %d with a %zu-byte header (expected "
                          "version 1 to 3)",
                          name, major, len);
    char *dict = malloc(len + 1);
    if (!dict)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    s = rd(src, dict, len, "npy header");
    dict[s == HAVEN_OK ? len : 0] = '\0';
    const char *fortran = dict_value(dict, "fortran_order");
    if (s == HAVEN_OK)
        s = parse_descr(dict_value(dict, "descr"), name, h);
    if (s == HAVEN_OK)
        s = parse_shape(dict_value(dict, "shape"), name, h);
    if (s == HAVEN_OK && (!fortran || strncmp(fortran, "False", 5) != 0))
        s = haven_fail(HAVEN_ERR_FORMAT,
                       "%s: Fortran-ordered array (save it C-ordered: numpy.ascontiguousarray)",
                       name);
    free(dict);
    return s;
}

double haven_npy_value(const haven_npy_header *h, const unsigned char *p, size_t i)
{
    const unsigned char *e = p + i * h->size;
    switch (h->kind) {
    case 'f': return h->size == 4 ? haven_get_f32(e, h->big) : haven_get_f64(e, h->big);
    case 'i':
        switch (h->size) {
        case 1: return (signed char)e[0];
        case 2: return (int16_t)(h->big ? e[0] << 8 | e[1] : e[1] << 8 | e[0]);
        case 4: return haven_get_i32(e, h->big);
        default: return (double)haven_get_i64(e, h->big);
        }
    default:
        switch (h->size) {
        case 1: return e[0];
        case 2: return h->big ? e[0] << 8 | e[1] : e[1] << 8 | e[0];
        case 4: return haven_get_u32(e, h->big);
        default: return (double)haven_get_u64(e, h->big);
        }
    }
}

void haven_npy_text(const haven_npy_header *h, const unsigned char *p, size_t i, char *out,
                    size_t cap)
{
    const unsigned char *e = p + i * h->size;
    size_t n = h->kind == 'U' ? h->size / 4 : h->size, k = 0;
    for (size_t c = 0; c < n && k + 1 < cap; c++) {
        uint32_t ch = h->kind == 'U' ? haven_get_u32(e + 4 * c, h->big) : e[c];
        if (ch == 0)
            break;
        out[k++] = ch < 128 ? (char)ch : '?';
    }
    out[k] = '\0';
}

haven_status haven_npy_check_positions(const haven_npy_header *h, const char *name)
{
    if (h->kind != 'f' || h->ndim != 3 || h->shape[2] != 3 || h->shape[1] == 0)
        return haven_fail(HAVEN_ERR_FORMAT,
                          "%s: positions must be a float array of shape (frames, atoms, 3), "
                          "found kind '%c' with %d dimensions",
                          name, h->kind, h->ndim);
    return HAVEN_OK;
}

void haven_npy_frame_positions(const haven_npy_header *h, const unsigned char *raw, haven_frame *f)
{
    for (size_t i = 0; i < f->n_atoms; i++)
        for (int k = 0; k < 3; k++)
            f->pos[i][k] = haven_npy_value(h, raw, 3 * i + (size_t)k) * HAVEN_ANGSTROM;
}
