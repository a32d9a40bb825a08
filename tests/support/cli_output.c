#define _POSIX_C_SOURCE 200809L
#include "cli_output.h"

#include <stdio.h>
#include <stdlib.h>

char *test_cli_output(const char *command)
{
    FILE *p = popen(command, "r");
    if (!p)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    for (size_t got; buf && (got = fread(buf + n, 1, cap - n - 1, p)) > 0;) {
        n += got;
        if (n + 1 == cap) {
            char *bigger = realloc(buf, cap *= 2);
            if (!bigger)
                free(buf);
            buf = bigger;
        }
    }
    int rc = pclose(p);
    if (!buf || rc != 0) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    return buf;
}
