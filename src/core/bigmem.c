/* Huge page advice for large buffers (see bigmem.h). */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* madvise, MADV_HUGEPAGE */
#endif
#include "core/bigmem.h"

#include <stdint.h>
#include <stdlib.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#define BIGMEM_MIN ((size_t)4 << 20)
#define BIGMEM_PAGE ((uintptr_t)4096)
#define BIGMEM_HUGE ((size_t)2 << 20)

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

#if defined(__linux__)
int haven_bigbuf_reserve(haven_bigbuf *b, size_t max)
{
    b->base = NULL;
    b->reserved = b->usable = 0;
    if (max == 0 || max > SIZE_MAX / 2)
        return 0;
    size_t size = (max + BIGMEM_HUGE - 1) / BIGMEM_HUGE * BIGMEM_HUGE;
    /* One huge page more, to start on a 2 MiB boundary; the ends trimmed. */
    char *p = mmap(NULL, size + BIGMEM_HUGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (p == MAP_FAILED)
        return 0;
    uintptr_t a = ((uintptr_t)p + BIGMEM_HUGE - 1) & ~(uintptr_t)(BIGMEM_HUGE - 1);
    size_t head = (size_t)(a - (uintptr_t)p);
    if (head)
        munmap(p, head);
    if (BIGMEM_HUGE - head)
        munmap((char *)a + size, BIGMEM_HUGE - head);
#if defined(MADV_HUGEPAGE)
    (void)madvise((void *)a, size, MADV_HUGEPAGE); /* advice: failure is harmless */
#endif
    b->base = (char *)a;
    b->reserved = size;
    return 1;
}

int haven_bigbuf_grow(haven_bigbuf *b, size_t bytes)
{
    if (bytes <= b->usable)
        return 1;
    size_t want = (bytes + BIGMEM_HUGE - 1) / BIGMEM_HUGE * BIGMEM_HUGE;
    if (!b->base || bytes > b->reserved)
        return 0;
    if (want > b->reserved)
        want = b->reserved;
    if (mprotect(b->base + b->usable, want - b->usable, PROT_READ | PROT_WRITE) != 0)
        return 0;
    b->usable = want;
    return 1;
}

void haven_bigbuf_release(haven_bigbuf *b)
{
    if (b->base)
        munmap(b->base, b->reserved);
    b->base = NULL;
    b->reserved = b->usable = 0;
}
#else
int haven_bigbuf_reserve(haven_bigbuf *b, size_t max)
{
    (void)max;
    b->base = NULL;
    b->reserved = b->usable = 0;
    return 0;
}
int haven_bigbuf_grow(haven_bigbuf *b, size_t bytes)
{
    return bytes <= b->usable;
}
void haven_bigbuf_release(haven_bigbuf *b)
{
    b->base = NULL;
    b->reserved = b->usable = 0;
}
#endif

void *haven_bigmem_alloc(haven_bigbuf *b, size_t bytes)
{
    if (bytes >= BIGMEM_MIN && haven_bigbuf_reserve(b, bytes)) {
        if (haven_bigbuf_grow(b, bytes))
            return b->base;
        haven_bigbuf_release(b);
    }
    b->base = NULL;
    b->reserved = b->usable = 0;
    void *p = malloc(bytes ? bytes : 1);
    haven_bigmem_advise(p, bytes);
    return p;
}

void haven_bigmem_free(haven_bigbuf *b, void *p)
{
    if (b->base)
        haven_bigbuf_release(b);
    else
        free(p);
}
