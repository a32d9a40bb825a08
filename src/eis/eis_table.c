/* Shared parsing helpers for the impedance readers (see eis_table.h). */
#include "eis/eis_table.h"

#include "core/error.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

haven_status eis_lines_read(const char *path, eis_lines *L)
{
    memset(L, 0, sizeof *L);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return haven_fail(HAVEN_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        len += fread(buf + len, 1, cap - len, fp);
        if (len < cap)
            break;
        char *nb = realloc(buf, 2 * cap + 1);
        if (!nb) {
            free(buf);
            buf = NULL;
        }
        buf = nb;
        cap *= 2;
    }
    int err = ferror(fp);
    fclose(fp);
    if (!buf)
        return haven_fail(HAVEN_ERR_NOMEM, "%s: out of memory", path);
    if (err) {
        free(buf);
        return haven_fail(HAVEN_ERR_IO, "%s: read error", path);
    }
    buf[len] = '\0';
    if (memchr(buf, '\0', len)) {
        free(buf);
        return haven_fail(HAVEN_ERR_FORMAT, "%s: binary file (NUL bytes); expected a text export",
                          path);
    }
    size_t n = 1;
    for (size_t i = 0; i < len; i++)
        n += buf[i] == '\n';
    L->line = malloc(n * sizeof *L->line);
    if (!L->line) {
        free(buf);
        return haven_fail(HAVEN_ERR_NOMEM, "%s: out of memory", path);
    }
    L->buf = buf;
    char *s = buf;
    if (!strncmp(s, "\xEF\xBB\xBF", 3))
        s += 3;
    while (s) {
        char *nl = strchr(s, '\n');
        if (nl)
            *nl = '\0';
        size_t l = strlen(s);
        while (l && (s[l - 1] == '\r'))
            s[--l] = '\0';
        L->line[L->n++] = s;
        s = nl ? nl + 1 : NULL;
    }
    if (L->n && !*L->line[L->n - 1])
        L->n--;
    return HAVEN_OK;
}

void eis_lines_free(eis_lines *L)
{
    free(L->line);
    free(L->buf);
    memset(L, 0, sizeof *L);
}

void eis_raw_free(eis_raw *r)
{
    free(r->f);
    free(r->re);
    free(r->im);
    memset(r, 0, sizeof *r);
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s) || *s == '"')
        s++;
    size_t l = strlen(s);
    while (l && (isspace((unsigned char)s[l - 1]) || s[l - 1] == '"'))
        s[--l] = '\0';
    return s;
}

size_t eis_split(const char *line, char delim, char *buf, size_t cap, char **field, size_t max)
{
    snprintf(buf, cap, "%s", line);
    size_t n = 0;
    char *s = buf;
    if (delim == ' ') {
        char *save = NULL;
        for (char *t = strtok_r(s, " \t", &save); t && n < max; t = strtok_r(NULL, " \t", &save)) {
            if (*t == '(' && n > 0) { /* "Freq (Hz)": the unit belongs to the previous name */
                for (char *q = field[n - 1]; q < t; q++)
                    if (!*q)
                        *q = ' ';
                continue;
            }
            char *f = trim(t);
            if (*f) /* a lone quote around a blank-separated header is no field */
                field[n++] = f;
        }
        return n;
    }
    while (s && n < max) {
        char *d = strchr(s, delim);
        if (d)
            *d = '\0';
        field[n++] = trim(s);
        s = d ? d + 1 : NULL;
    }
    return n;
}

char eis_guess_delim(const char *line)
{
    if (strchr(line, '\t'))
        return '\t';
    if (strchr(line, ','))
        return ',';
    if (strchr(line, ';'))
        return ';';
    return ' ';
}

int eis_parse_number(const char *s, double *v)
{
    if (!s || !*s)
        return 0;
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    if (end == s || *end || errno == ERANGE || !isfinite(x))
        return 0;
    *v = x;
    return 1;
}

static int contains_ci(const char *s, const char *pat)
{
    size_t lp = strlen(pat);
    for (; *s; s++)
        if (!strncasecmp(s, pat, lp))
            return 1;
    return 0;
}

/* SI prefix just before `base` ("kOhm", "mHz"); 1 when none. Case matters:
 * m is milli, M is mega. */
static double unit_prefix(const char *field, const char *base)
{
    size_t lb = strlen(base);
    for (const char *s = field + 1; *s; s++) {
        if (strncasecmp(s, base, lb))
            continue;
        char p = s[-1];
        if (!isalpha((unsigned char)p) || (s - 1 > field && isalpha((unsigned char)s[-2])))
            return 1.0;
        switch (p) {
        case 'k':
        case 'K': return 1e3;
        case 'M': return 1e6;
        case 'G': return 1e9;
        case 'm': return 1e-3;
        case 'u': return 1e-6;
        default: return 1.0;
        }
    }
    return 1.0;
}

/* Specific names only: "E Imag" or "I Real" columns must not match. */
static const char *const IM_NAMES[] = {"im(z)", "z''", "z\"", "zimag", "zimg", "z imag", "zim", 0};
static const char *const RE_NAMES[] = {"re(z)", "z'", "zreal", "z real", "zre", 0};

static int match_any(const char *s, const char *const *names)
{
    for (size_t i = 0; names[i]; i++)
        if (contains_ci(s, names[i]))
            return 1;
    return 0;
}

void eis_find_columns(char **field, size_t nf, eis_columns *cols)
{
    cols->f = cols->re = cols->im = -1;
    cols->f_scale = cols->z_scale_re = cols->z_scale_im = 1.0;
    cols->im_negated = -1;
    cols->n_fields = nf;
    for (size_t i = 0; i < nf; i++) {
        const char *s = field[i];
        if (cols->f < 0 && contains_ci(s, "freq"))
            cols->f = (int)i;
        else if (cols->im < 0 && match_any(s, IM_NAMES))
            cols->im = (int)i;
    }
    for (size_t i = 0; i < nf; i++)
        if (cols->re < 0 && (int)i != cols->im && (int)i != cols->f &&
            match_any(field[i], RE_NAMES))
            cols->re = (int)i;
    if (cols->f >= 0)
        cols->f_scale = unit_prefix(field[cols->f], "hz");
    if (cols->re >= 0)
        cols->z_scale_re = unit_prefix(field[cols->re], "ohm");
    if (cols->im >= 0) {
        cols->z_scale_im = unit_prefix(field[cols->im], "ohm");
        cols->im_negated = field[cols->im][0] == '-';
    }
}

static haven_status raw_push(eis_raw *r, double f, double re, double im)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 64;
        double *a = realloc(r->f, cap * sizeof *a);
        if (a)
            r->f = a;
        double *b = realloc(r->re, cap * sizeof *b);
        if (b)
            r->re = b;
        double *c = realloc(r->im, cap * sizeof *c);
        if (c)
            r->im = c;
        if (!a || !b || !c)
            return haven_fail(HAVEN_ERR_NOMEM, "out of memory reading a spectrum");
        r->cap = cap;
    }
    r->f[r->n] = f;
    r->re[r->n] = re;
    r->im[r->n] = im;
    r->n++;
    return HAVEN_OK;
}

static int starts_numeric(const char *s)
{
    while (isspace((unsigned char)*s) || *s == '"')
        s++;
    return isdigit((unsigned char)*s) ||
           ((*s == '-' || *s == '+' || *s == '.') && (isdigit((unsigned char)s[1]) || s[1] == '.'));
}

haven_status eis_read_rows(const eis_lines *L, size_t first, char delim, const eis_columns *cols,
                           const char *path, eis_raw *raw, size_t *end)
{
    int need = cols->f > cols->re ? cols->f : cols->re;
    need = need > cols->im ? need : cols->im;
    if (cols->f < 0 || cols->re < 0 || cols->im < 0)
        return haven_fail(HAVEN_ERR_FORMAT, "%s:%zu: header lacks a %s column", path, first,
                          cols->f < 0    ? "frequency"
                          : cols->re < 0 ? "real impedance"
                                         : "imaginary impedance");
    char buf[4096];
    char *field[EIS_MAX_FIELDS];
    size_t i = first;
    for (; i < L->n && starts_numeric(L->line[i]); i++) {
        if (strlen(L->line[i]) >= sizeof buf) /* eis_split would cut the last number short */
            return haven_fail(HAVEN_ERR_FORMAT, "%s:%zu: line longer than %zu characters", path,
                              i + 1, sizeof buf - 1);
        size_t nf = eis_split(L->line[i], delim, buf, sizeof buf, field, EIS_MAX_FIELDS);
        if ((int)nf <= need)
            return haven_fail(HAVEN_ERR_FORMAT, "%s:%zu: expected at least %d fields, found %zu",
                              path, i + 1, need + 1, nf);
        double f, re, im;
        if (!eis_parse_number(field[cols->f], &f) || !eis_parse_number(field[cols->re], &re) ||
            !eis_parse_number(field[cols->im], &im))
            return haven_fail(HAVEN_ERR_FORMAT,
                              "%s:%zu: frequency or impedance field is not a finite number", path,
                              i + 1);
        haven_status st =
            raw_push(raw, f * cols->f_scale, re * cols->z_scale_re, im * cols->z_scale_im);
        if (st)
            return st;
    }
    if (end)
        *end = i;
    return HAVEN_OK;
}
