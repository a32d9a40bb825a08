/* --pool: tables and warnings of the pooled estimates. */
#ifndef HAVEN_TOOLS_POOL_H
#define HAVEN_TOOLS_POOL_H

#include "haven/analysis.h"

#include <stdio.h>

void pool_print_table(FILE *out, const haven_pool_result *p);
void pool_warnings(const haven_pool_result *p);

#endif
