/* A failed check in the MPI tests: counted, reported, the test goes on
 * (every rank must reach the same collective calls). */
#ifndef HAVEN_TESTS_MPI_CHECK_H
#define HAVEN_TESTS_MPI_CHECK_H

#include <stdio.h>

static int failures;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                   \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

#endif
