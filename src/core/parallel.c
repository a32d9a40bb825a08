/* Partitions of work over processes (haven/parallel.h). */
#include "haven/parallel.h"

#include "core/error.h"

void haven_partition_atoms(const haven_partition *p, size_t n, size_t *a0, size_t *a1)
{
    size_t size = p && p->size > 1 ? (size_t)p->size : 1, rank = size > 1 ? (size_t)p->rank : 0;
    size_t base = n / size, extra = n % size;
    *a0 = rank * base + (rank < extra ? rank : extra);
    *a1 = *a0 + base + (rank < extra);
}

haven_status haven_partition_sum(const haven_partition *p, double *buf, size_t n, const char *what)
{
    if (!p || p->size <= 1 || n == 0)
        return HAVEN_OK;
    if (!p->sum || p->sum(buf, n, p->user) != 0)
        return haven_fail(HAVEN_ERR_IO, "summing %s over %d processes failed", what, p->size);
    return HAVEN_OK;
}
