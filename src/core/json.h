/* Internal: a minimal streaming JSON writer, for the --json documents
 * (haven_analysis_json and the CLI).
 * Quantities follow one convention everywhere:
 *   {"value": v, "stderr": s, "ci95": [lo, hi], "unit": "..."}
 * Non-finite numbers are written as null (JSON has no NaN). */
#ifndef HAVEN_SRC_CORE_JSON_H
#define HAVEN_SRC_CORE_JSON_H

#include "haven/core.h"

#include <stdio.h>

#define HAVEN_JSON_MAX_DEPTH 32
/* Version of the documents' layout (docs/json-schema.md): bumped when a key
 * is renamed, moved or removed; new keys do not bump it. */
#define HAVEN_JSON_SCHEMA_VERSION 1

typedef struct {
    FILE *out;
    int depth;
    int count[HAVEN_JSON_MAX_DEPTH]; /* items written at each level, for commas */
    int pending_key;           /* a key was written, value follows */
    const haven_units *units;  /* of conductivities and D (NULL: haven_units_default) */
} haven_json_writer;

void haven_json_init(haven_json_writer *w, FILE *out);
void haven_json_begin_object(haven_json_writer *w, const char *key); /* key NULL inside arrays/top */
void haven_json_end_object(haven_json_writer *w);
void haven_json_begin_array(haven_json_writer *w, const char *key);
void haven_json_end_array(haven_json_writer *w);
void haven_json_string(haven_json_writer *w, const char *key, const char *value);
void haven_json_number(haven_json_writer *w, const char *key, double value);
void haven_json_int(haven_json_writer *w, const char *key, long long value);
void haven_json_bool(haven_json_writer *w, const char *key, int value);
void haven_json_null(haven_json_writer *w, const char *key);
/* {"value","stderr","ci95":[lo,hi],"unit"} */
void haven_json_quantity(haven_json_writer *w, const char *key, double value, double stderr_, double lo,
                   double hi, const char *unit);
/* The same from a haven_estimate. */
void haven_json_estimate(haven_json_writer *w, const char *key, const haven_estimate *e);
/* Finish the document with a newline. */
void haven_json_finish(haven_json_writer *w);
/* A whole document written by write(w, arg) into a malloc'd string (*json,
 * for haven_free); HAVEN_ERR_NOMEM when memory runs out on the way. */
haven_status haven_json_document(void (*write)(haven_json_writer *w, const void *arg),
                                 const void *arg, char **json);
/* The same with the writer's units set (NULL: the default). */
haven_status haven_json_document_units(void (*write)(haven_json_writer *w, const void *arg),
                                       const void *arg, const haven_units *units, char **json);
/* The writer's units: w->units, or the default. */
const haven_units *haven_json_units(const haven_json_writer *w);

#endif
