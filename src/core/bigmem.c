/* Huge page advice for large buffers (see bigmem.h). */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* madvise, MADV_HUGEPAGE */
#endif
#include "core/bigmem.h"

#include <stdint.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#define BIGMEM_MIN ((size_t)4 << 20)
#define BIGMEM_PAGE ((uintptr_t)4096)

void haven_bigmem_advise(void *p, size_t bytes)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (!p || bytes < BIGMEM_MIN)
        return;
    /* madvise takes whole pages: those the buffer touches, its first and
     * last included, so that a buffer malloc() placed in a mapping of its
     * own is advised whole - advising part of a mapping splits it, and
     * realloc() can then no longer grow it in place (mremap fails and it
     * copies). The advice changes no contents, so the neighbours that
     * share those pages lose nothing. */
    uintptr_t a = (uintptr_t)p & ~(BIGMEM_PAGE - 1);
    uintptr_t b = ((uintptr_t)p + bytes + BIGMEM_PAGE - 1) & ~(BIGMEM_PAGE - 1);
    (void)madvise((void *)a, (size_t)(b - a), MADV_HUGEPAGE); /* advice: failure is harmless */
#else
    (void)p;
    (void)bytes;
#endif
}
