/* The streaming JSON writer (see json.h). */
#include "core/json.h"
#include "core/error.h"
#include "core/membuf.h"
#include "core/units.h"

#include <math.h>
#include <string.h>

void haven_json_init(haven_json_writer *w, FILE *out)
{
    memset(w, 0, sizeof *w);
    w->out = out;
}

static void indent(haven_json_writer *w)
{
    fputc('\n', w->out);
    for (int i = 0; i < w->depth; i++)
        fputs("  ", w->out);
}

static void write_escaped(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\t': fputs("\\t", out); break;
        case '\r': fputs("\\r", out); break;
        default:
            if (*p < 0x20)
                fprintf(out, "\\u%04x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

/* Comma, newline and key before any value. */
static void prefix(haven_json_writer *w, const char *key)
{
    if (w->depth > 0) {
        if (w->count[w->depth]++ > 0)
            fputc(',', w->out);
        indent(w);
    }
    if (key) {
        write_escaped(w->out, key);
        fputs(": ", w->out);
    }
}

static void open_container(haven_json_writer *w, const char *key, char c)
{
    prefix(w, key);
    fputc(c, w->out);
    if (w->depth + 1 < HAVEN_JSON_MAX_DEPTH) {
        w->depth++;
        w->count[w->depth] = 0;
    }
}

static void close_container(haven_json_writer *w, char c)
{
    int had_items = w->count[w->depth] > 0;
    if (w->depth > 0)
        w->depth--;
    if (had_items)
        indent(w);
    fputc(c, w->out);
}

void haven_json_begin_object(haven_json_writer *w, const char *key)
{
    open_container(w, key, '{');
}
void haven_json_end_object(haven_json_writer *w)
{
    close_container(w, '}');
}
void haven_json_begin_array(haven_json_writer *w, const char *key)
{
    open_container(w, key, '[');
}
void haven_json_end_array(haven_json_writer *w)
{
    close_container(w, ']');
}

void haven_json_string(haven_json_writer *w, const char *key, const char *value)
{
    prefix(w, key);
    if (value)
        write_escaped(w->out, value);
    else
        fputs("null", w->out);
}

static void raw_number(FILE *out, double v)
{
    if (isfinite(v))
        fprintf(out, "%.10g", v);
    else
        fputs("null", out);
}

void haven_json_number(haven_json_writer *w, const char *key, double value)
{
    prefix(w, key);
    raw_number(w->out, value);
}

void haven_json_int(haven_json_writer *w, const char *key, long long value)
{
    prefix(w, key);
    fprintf(w->out, "%lld", value);
}

void haven_json_bool(haven_json_writer *w, const char *key, int value)
{
    prefix(w, key);
    fputs(value ? "true" : "false", w->out);
}

void haven_json_null(haven_json_writer *w, const char *key)
{
    prefix(w, key);
    fputs("null", w->out);
}

void haven_json_estimate(haven_json_writer *w, const char *key, const haven_estimate *e)
{
    haven_json_quantity(w, key, e->value, e->err, e->lo, e->hi, e->unit ? e->unit : "");
}

void haven_json_quantity(haven_json_writer *w, const char *key, double value, double stderr_,
                         double lo, double hi, const char *unit)
{
    haven_json_begin_object(w, key);
    haven_json_number(w, "value", value);
    haven_json_number(w, "stderr", stderr_);
    prefix(w, "ci95");
    fputc('[', w->out);
    raw_number(w->out, lo);
    fputs(", ", w->out);
    raw_number(w->out, hi);
    fputc(']', w->out);
    haven_json_string(w, "unit", unit);
    haven_json_end_object(w);
}

void haven_json_finish(haven_json_writer *w)
{
    fputc('\n', w->out);
    fflush(w->out);
}

static const haven_units DEFAULT_UNITS = {HAVEN_MS_CM_PER_S_M, "mS/cm", HAVEN_CM2_PER_M2, "cm^2/s"};

haven_units haven_units_default(void)
{
    return DEFAULT_UNITS;
}

const haven_units *haven_json_units(const haven_json_writer *w)
{
    return w->units ? w->units : &DEFAULT_UNITS;
}

haven_status haven_json_document(void (*write)(haven_json_writer *w, const void *arg),
                                 const void *arg, char **json)
{
    return haven_json_document_units(write, arg, NULL, json);
}

haven_status haven_json_document_units(void (*write)(haven_json_writer *w, const void *arg),
                                       const void *arg, const haven_units *units, char **json)
{
    *json = NULL;
    haven_membuf b;
    FILE *fp = haven_membuf_open(&b);
    if (!fp)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory");
    haven_json_writer w;
    haven_json_init(&w, fp);
    w.units = units;
    write(&w, arg);
    if (haven_membuf_close(fp, &b) != 0)
        return haven_fail(HAVEN_ERR_NOMEM, "out of memory writing the JSON document");
    *json = b.data;
    return HAVEN_OK;
}
