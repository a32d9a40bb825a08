/* A fitted model as JSON: the circuit string and its parameters, so a fit
 * can be saved, read back and evaluated elsewhere (haven eis predict).
 *
 *   {"haven_eis_model": 1, "circuit": "R0-p(R1,C1)",
 *    "parameters": [{"name": "R0", "value": 10, "stderr": 0.1, "unit": "ohm"}, ...]}
 *
 * Values are written with 17 significant digits, so reading them back
 * gives the same doubles. The reader is a small recursive-descent parser
 * for this document (any JSON value is accepted and skipped where a key is
 * not one of ours); every error names the byte offset. */
#include "eis/circuit.h"

#include "core/error.h"

#include <ctype.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- writer ---------------------------------------------------------------- */

typedef struct {
    char *s;
    size_t len, cap;
    int failed;
} sbuf;

static void put(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(sbuf *b, const char *fmt, ...)
{
    for (int pass = 0; pass < 2 && !b->failed; pass++) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->failed = 1;
            return;
        }
        if (b->s && b->len + (size_t)n < b->cap) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = 2 * (b->cap + (size_t)n) + 64;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->failed = 1;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
}

/* A JSON string: circuit strings and names hold no quotes or controls,
 * but escape them anyway. */
static void put_string(sbuf *b, const char *s)
{
    put(b, "\"");
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            put(b, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            put(b, "\\u%04x", (unsigned)(unsigned char)*s);
        else
            put(b, "%c", *s);
    }
    put(b, "\"");
}

static void put_number(sbuf *b, double v)
{
    if (isfinite(v))
        put(b, "%.17g", v);
    else
        put(b, "null");
}

haven_status haven_eis_model_to_json(const haven_eis_circuit *c, const double *value,
                                     const double *stderr_, char **json)
{
    if (!c || !value || !json)
        return haven_fail(HAVEN_ERR_ARG, "haven_eis_model_to_json: NULL argument");
    *json = NULL;
    sbuf b = {0};
    put(&b, "{\n  \"haven_eis_model\": 1,\n  \"circuit\": ");
    put_string(&b, c->text);
    put(&b, ",\n  \"parameters\": [");
    for (size_t k = 0; k < c->n_params; k++) {
        put(&b, "%s\n    {\"name\": ", k ? "," : "");
        put_string(&b, c->param_name[k]);
        put(&b, ", \"value\": ");
        put_number(&b, value[k]);
        put(&b, ", \"stderr\": ");
        put_number(&b, stderr_ ? stderr_[k] : NAN);
        put(&b, ", \"unit\": ");
        put_string(&b, haven_eis_circuit_param_unit(c, k));
        put(&b, "}");
    }
    put(&b, "\n  ]\n}\n");
    if (b.failed) {
        free(b.s);
        return haven_fail(HAVEN_ERR_NOMEM, "eis model: out of memory");
    }
    *json = b.s;
    return HAVEN_OK;
}

/* ---- reader ---------------------------------------------------------------- */

typedef struct {
    const char *text, *s;
} jp;

static haven_status jerr(const jp *p, const char *what)
{
    return haven_fail(HAVEN_ERR_FORMAT, "eis model JSON: %s at byte %zu", what,
                      (size_t)(p->s - p->text) + 1);
}

static void ws(jp *p)
{
    while (isspace((unsigned char)*p->s))
        p->s++;
}

static int eat(jp *p, char ch)
{
    ws(p);
    if (*p->s != ch)
        return 0;
    p->s++;
    return 1;
}

/* The character after a backslash (p at it); '\0' if not supported. */
static char unescape(jp *p)
{
    char e = *p->s;
    if (e)
        p->s++;
    switch (e) {
    case '"':
    case '\\':
    case '/': return e;
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'u': {
        unsigned v = 0;
        for (int i = 0; i < 4; i++, p->s++) {
            int h = *p->s;
            if (!isxdigit(h))
                return '\0';
            v = 16 * v + (unsigned)(isdigit(h) ? h - '0' : tolower(h) - 'a' + 10);
        }
        return v > 0 && v < 0x80 ? (char)v : '\0';
    }
    }
    return '\0';
}

/* A string into out (cap bytes, truncation is an error); out NULL skips. */
static haven_status jstring(jp *p, char *out, size_t cap)
{
    if (!eat(p, '"'))
        return jerr(p, "expected a string");
    size_t n = 0;
    for (;;) {
        char ch = *p->s++;
        if (ch == '\0')
            return jerr(p, "unterminated string");
        if (ch == '"')
            break;
        if ((unsigned char)ch < 0x20)
            return jerr(p, "control character in a string");
        if (ch == '\\' && (ch = unescape(p)) == '\0')
            return jerr(p, "bad or non-ASCII escape in a string");
        if (out) {
            if (n + 1 >= cap)
                return jerr(p, "string too long");
            out[n++] = ch;
        }
    }
    if (out)
        out[n] = '\0';
    return HAVEN_OK;
}

/* A number, or null (NaN). */
static haven_status jnumber(jp *p, double *v)
{
    ws(p);
    if (!strncmp(p->s, "null", 4)) {
        p->s += 4;
        *v = NAN;
        return HAVEN_OK;
    }
    char *end;
    *v = strtod(p->s, &end);
    if (end == p->s || !(*p->s == '-' || isdigit((unsigned char)*p->s)))
        return jerr(p, "expected a number");
    p->s = end;
    return HAVEN_OK;
}

static haven_status jskip(jp *p, int depth);

static haven_status jskip_container(jp *p, char close, int depth)
{
    if (eat(p, close))
        return HAVEN_OK;
    do {
        haven_status st;
        if (close == '}' && ((st = jstring(p, NULL, 0)) || (!eat(p, ':') && (st = jerr(p, "expected ':'")))))
            return st;
        if ((st = jskip(p, depth + 1)))
            return st;
    } while (eat(p, ','));
    return eat(p, close) ? HAVEN_OK : jerr(p, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
}

/* Any value, skipped; depth limits nesting (a hostile file cannot exhaust
 * the stack). */
static haven_status jskip(jp *p, int depth)
{
    if (depth > 64)
        return jerr(p, "nesting too deep");
    ws(p);
    if (*p->s == '"')
        return jstring(p, NULL, 0);
    if (eat(p, '{'))
        return jskip_container(p, '}', depth);
    if (eat(p, '['))
        return jskip_container(p, ']', depth);
    static const char *const WORDS[] = {"true", "false", "null"};
    for (int i = 0; i < 3; i++)
        if (!strncmp(p->s, WORDS[i], strlen(WORDS[i]))) {
            p->s += strlen(WORDS[i]);
            return HAVEN_OK;
        }
    double v;
    return jnumber(p, &v);
}

typedef struct {
    char name[40];
    double value, stderr_;
    int has_value;
} jparam;

/* An object's members, each handed to member(p, key, ctx) with p at the
 * value; empty objects are an error (ours always have members). */
static haven_status jobject(jp *p, haven_status (*member)(jp *, const char *, void *), void *ctx,
                            const char *what)
{
    if (!eat(p, '{'))
        return jerr(p, what);
    if (eat(p, '}'))
        return jerr(p, "empty object");
    do {
        char key[32];
        haven_status st = jstring(p, key, sizeof key);
        if (!st && !eat(p, ':'))
            st = jerr(p, "expected ':'");
        if (!st)
            st = member(p, key, ctx);
        if (st)
            return st;
    } while (eat(p, ','));
    return eat(p, '}') ? HAVEN_OK : jerr(p, "expected ',' or '}'");
}

static haven_status param_member(jp *p, const char *key, void *ctx)
{
    jparam *q = ctx;
    if (!strcmp(key, "name"))
        return jstring(p, q->name, sizeof q->name);
    if (!strcmp(key, "value")) {
        q->has_value = 1;
        return jnumber(p, &q->value);
    }
    if (!strcmp(key, "stderr"))
        return jnumber(p, &q->stderr_);
    return jskip(p, 1);
}

static haven_status jparam_object(jp *p, jparam *q)
{
    memset(q, 0, sizeof *q);
    q->stderr_ = NAN;
    return jobject(p, param_member, q, "expected a parameter object");
}

typedef struct {
    char circuit[1024];
    jparam *par;
    size_t n, cap;
} jmodel;

static haven_status jparams(jp *p, jmodel *m)
{
    if (!eat(p, '['))
        return jerr(p, "expected the parameters array");
    if (eat(p, ']'))
        return HAVEN_OK;
    do {
        if (m->n == m->cap) {
            size_t cap = m->cap ? 2 * m->cap : 16;
            jparam *q = realloc(m->par, cap * sizeof *q);
            if (!q)
                return haven_fail(HAVEN_ERR_NOMEM, "eis model: out of memory");
            m->par = q;
            m->cap = cap;
        }
        haven_status st = jparam_object(p, &m->par[m->n]);
        if (st)
            return st;
        m->n++;
    } while (eat(p, ','));
    return eat(p, ']') ? HAVEN_OK : jerr(p, "expected ',' or ']'");
}

static haven_status document_member(jp *p, const char *key, void *ctx)
{
    jmodel *m = ctx;
    if (!strcmp(key, "circuit"))
        return jstring(p, m->circuit, sizeof m->circuit);
    if (!strcmp(key, "parameters"))
        return jparams(p, m);
    return jskip(p, 1);
}

static haven_status jdocument(jp *p, jmodel *m)
{
    haven_status st = jobject(p, document_member, m, "expected '{'");
    ws(p);
    return !st && *p->s ? jerr(p, "text after the document") : st;
}

void haven_eis_model_free(haven_eis_model *m)
{
    if (!m)
        return;
    haven_eis_circuit_free(m->circuit);
    free(m->value);
    free(m->stderr_);
    memset(m, 0, sizeof *m);
}

/* Every circuit parameter exactly once, with a value valid for its domain. */
static haven_status fill_model(const jmodel *j, haven_eis_model *m)
{
    haven_eis_circuit *c = m->circuit;
    for (size_t k = 0; k < c->n_params; k++)
        m->value[k] = NAN;
    for (size_t i = 0; i < j->n; i++) {
        long k = haven_eis_circuit_find(c, j->par[i].name);
        if (k < 0)
            return haven_fail(HAVEN_ERR_FORMAT, "eis model: '%s' is not a parameter of '%s'",
                              j->par[i].name, c->text);
        if (!isnan(m->value[k]))
            return haven_fail(HAVEN_ERR_FORMAT, "eis model: parameter %s given twice",
                              j->par[i].name);
        double v = j->par[i].value;
        int ok = j->par[i].has_value && isfinite(v) && v > 0 &&
                 (c->transform[k] != TRANSFORM_LOGIT || v <= 1);
        if (!ok)
            return haven_fail(HAVEN_ERR_VALUE, "eis model: parameter %s has no valid value (%g)",
                              j->par[i].name, v);
        m->value[k] = v;
        m->stderr_[k] = j->par[i].stderr_;
    }
    for (size_t k = 0; k < c->n_params; k++)
        if (isnan(m->value[k]))
            return haven_fail(HAVEN_ERR_FORMAT, "eis model: parameter %s missing",
                              c->param_name[k]);
    return HAVEN_OK;
}

haven_status haven_eis_model_from_json(const char *text, haven_eis_model *m)
{
    if (!text || !m)
        return haven_fail(HAVEN_ERR_ARG, "haven_eis_model_from_json: NULL argument");
    memset(m, 0, sizeof *m);
    jp p = {text, text};
    jmodel j = {"", NULL, 0, 0};
    haven_status st = jdocument(&p, &j);
    if (!st && !j.circuit[0])
        st = haven_fail(HAVEN_ERR_FORMAT, "eis model JSON: no \"circuit\"");
    if (!st)
        st = haven_eis_circuit_parse(j.circuit, &m->circuit);
    if (!st) {
        m->n_params = m->circuit->n_params;
        m->value = malloc(m->n_params * sizeof *m->value);
        m->stderr_ = malloc(m->n_params * sizeof *m->stderr_);
        st = m->value && m->stderr_ ? fill_model(&j, m)
                                    : haven_fail(HAVEN_ERR_NOMEM, "eis model: out of memory");
    }
    free(j.par);
    if (st)
        haven_eis_model_free(m);
    return st;
}
