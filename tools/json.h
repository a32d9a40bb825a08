/* Minimal streaming JSON writer for the CLI's --json output.
 * Quantities follow one convention everywhere:
 *   {"value": v, "stderr": s, "ci95": [lo, hi], "unit": "..."}
 * Non-finite numbers are written as null (JSON has no NaN). */
#ifndef HAVEN_TOOLS_JSON_H
#define HAVEN_TOOLS_JSON_H

#include <stdio.h>

#define JSON_MAX_DEPTH 32

typedef struct {
    FILE *out;
    int depth;
    int count[JSON_MAX_DEPTH]; /* items written at each level, for commas */
    int pending_key;           /* a key was written, value follows */
} json_writer;

void json_init(json_writer *w, FILE *out);
void json_begin_object(json_writer *w, const char *key); /* key NULL inside arrays/top */
void json_end_object(json_writer *w);
void json_begin_array(json_writer *w, const char *key);
void json_end_array(json_writer *w);
void json_string(json_writer *w, const char *key, const char *value);
void json_number(json_writer *w, const char *key, double value);
void json_int(json_writer *w, const char *key, long long value);
void json_bool(json_writer *w, const char *key, int value);
void json_null(json_writer *w, const char *key);
/* {"value","stderr","ci95":[lo,hi],"unit"} */
void json_quantity(json_writer *w, const char *key, double value, double stderr_, double lo,
                   double hi, const char *unit);
/* Finish the document with a newline. */
void json_finish(json_writer *w);

#endif
