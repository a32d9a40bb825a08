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
    L->unterminated = len > 0 && buf[len - 1] != '\n'; /* before the split below */
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

/* How a number is written: with an exponent or not, and the digits after
 * the point (-1: no point). Exports print every row alike, so a last row
 * written otherwise, where all rows before agree, was cut short. */
typedef struct {
    int exponent, decimals;
} num_style;

static num_style style_of(const char *s)
{
    num_style st = {strpbrk(s, "eE") != NULL, -1};
    const char *dot = strchr(s, '.');
    if (dot)
        st.decimals = (int)strspn(dot + 1, "0123456789");
    return st;
}

/* One data row: fields, the three numbers and how they are written; ok is
 * 0 for too few fields, -1 for a field that is not a number. */
typedef struct {
    size_t nf;
    double v[3];
    num_style style[3];
    int ok;
} eis_row;

static void parse_row(const char *line, char delim, const eis_columns *cols, int need, eis_row *r)
{
    char buf[4096];
    char *field[EIS_MAX_FIELDS];
    const int col[3] = {cols->f, cols->re, cols->im};
    r->nf = eis_split(line, delim, buf, sizeof buf, field, EIS_MAX_FIELDS);
    r->ok = (int)r->nf > need;
    for (int k = 0; r->ok == 1 && k < 3; k++) {
        if (!eis_parse_number(field[col[k]], &r->v[k]))
            r->ok = -1;
        r->style[k] = style_of(field[col[k]]);
    }
}

/* What all rows so far agree on (the first row's shape, and whether
 * every later one matched it). */
typedef struct {
    size_t rows;
    eis_row first;
    int same_nf, same_style[3];
} row_shape;

static void shape_add(row_shape *s, const eis_row *r)
{
    if (s->rows++ == 0) {
        s->first = *r;
        s->same_nf = 1;
        for (int k = 0; k < 3; k++)
            s->same_style[k] = 1;
        return;
    }
    s->same_nf &= r->nf == s->first.nf;
    for (int k = 0; k < 3; k++)
        s->same_style[k] &= r->style[k].exponent == s->first.style[k].exponent &&
                            r->style[k].decimals == s->first.style[k].decimals;
}

/* Why the last row r does not look like the rows before, or NULL. Three
 * rows before at least, so that "all agree" means something. */
static const char *odd_last_row(const row_shape *s, const eis_row *r, char *why, size_t cap)
{
    static const char *const name[3] = {"frequency", "real impedance", "imaginary impedance"};
    if (s->rows < 3)
        return NULL;
    if (s->same_nf && r->nf != s->first.nf) {
        snprintf(why, cap, "it has %zu fields where every row before has %zu", r->nf, s->first.nf);
        return why;
    }
    for (int k = 0; k < 3; k++) {
        num_style a = s->first.style[k], b = r->style[k];
        if (s->same_style[k] && (a.exponent != b.exponent || a.decimals != b.decimals)) {
            snprintf(why, cap,
                     "its %s is written with %s exponent and %d decimals where every row "
                     "before has %s exponent and %d",
                     name[k], b.exponent ? "an" : "no", b.decimals < 0 ? 0 : b.decimals,
                     a.exponent ? "an" : "no", a.decimals < 0 ? 0 : a.decimals);
            return why;
        }
    }
    return NULL;
}

static haven_status bad_row(const char *path, size_t line, const eis_row *r, int need,
                            const char *why)
{
    if (r->ok == 0)
        return haven_fail(HAVEN_ERR_FORMAT, "%s:%zu: expected at least %d fields, found %zu", path,
                          line, need + 1, r->nf);
    if (r->ok < 0)
        return haven_fail(HAVEN_ERR_FORMAT,
                          "%s:%zu: frequency or impedance field is not a finite number", path,
                          line);
    return haven_fail(HAVEN_ERR_FORMAT, "%s:%zu: malformed last row: %s", path, line, why);
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
    size_t stop = first;
    while (stop < L->n && starts_numeric(L->line[stop]))
        stop++;
    row_shape shape = {0};
    for (size_t i = first; i < stop; i++) {
        eis_row r;
        char why[160] = "";
        if (strlen(L->line[i]) >= 4096) /* parse_row would cut the last number short */
            return haven_fail(HAVEN_ERR_FORMAT, "%s:%zu: line longer than 4095 characters", path,
                              i + 1);
        parse_row(L->line[i], delim, cols, need, &r);
        int last = i + 1 == stop;
        const char *odd = last && r.ok == 1 ? odd_last_row(&shape, &r, why, sizeof why) : NULL;
        if (r.ok != 1 || odd) {
            /* Cut off by a full disk or a killed writer: the rows before
             * are whole. */
            if (last && i + 1 == L->n && L->unterminated && shape.rows >= 3) {
                haven_warn("%s:%zu: last line ends without a newline and %s: a truncated "
                           "write, dropped",
                           path, i + 1,
                           odd         ? odd
                           : r.ok == 0 ? "has too few fields"
                                       : "has a field that is not a number");
                break;
            }
            return bad_row(path, i + 1, &r, need, odd);
        }
        shape_add(&shape, &r);
        haven_status st = raw_push(raw, r.v[0] * cols->f_scale, r.v[1] * cols->z_scale_re,
                                   r.v[2] * cols->z_scale_im);
        if (st)
            return st;
    }
    if (end)
        *end = stop;
    return HAVEN_OK;
}
