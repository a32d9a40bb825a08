/* The CLI's names for the library's internal JSON writer (src/core/json.h). */
#ifndef HAVEN_TOOLS_JSON_H
#define HAVEN_TOOLS_JSON_H

#include "core/json.h"

typedef haven_json_writer json_writer;
#define json_init haven_json_init
#define json_begin_object haven_json_begin_object
#define json_end_object haven_json_end_object
#define json_begin_array haven_json_begin_array
#define json_end_array haven_json_end_array
#define json_string haven_json_string
#define json_number haven_json_number
#define json_int haven_json_int
#define json_bool haven_json_bool
#define json_null haven_json_null
#define json_quantity haven_json_quantity
#define json_estimate haven_json_estimate
#define json_finish haven_json_finish

#endif
