/* Internal: arrays that grow as rows arrive. Readers size per-atom arrays
 * from the rows a file actually holds, never from a header count alone, so
 * a damaged count costs no more memory than the data behind it. */
#ifndef HAVEN_SRC_IO_GROW_H
#define HAVEN_SRC_IO_GROW_H

#include <stdint.h>
#include <stdlib.h>

/* Room for `need` elements of `size` bytes in arr (capacity *cap elements),
 * doubling from 64. Returns the array (perhaps moved), or NULL when out of
 * memory or the size overflows; arr is then still valid for the caller to
 * free. */
static inline void *haven_grow(void *arr, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return arr;
    size_t n = *cap < 64 ? 64 : *cap;
    while (n < need)
        n = n <= SIZE_MAX / 2 ? 2 * n : SIZE_MAX;
    if (size == 0 || n > SIZE_MAX / size)
        return NULL;
    void *p = realloc(arr, n * size);
    if (p)
        *cap = n;
    return p;
}

#endif
