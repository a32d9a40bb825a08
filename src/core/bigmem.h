/* Internal: advice for large heap buffers that are filled once and read
 * in passes (the path store, the MSD block of paths). */
#ifndef HAVEN_SRC_CORE_BIGMEM_H
#define HAVEN_SRC_CORE_BIGMEM_H

#include <stddef.h>

/* Ask for transparent huge pages (2 MiB) over the whole pages of
 * [p, p + bytes) where the system offers them on request (Linux
 * MADV_HUGEPAGE; THP "madvise" mode, the common default): filling 60 MB
 * then takes ~30 page faults instead of ~15000, each of which traps into
 * the kernel (and, on a virtual machine, the hypervisor), and the passes
 * over it miss the TLB less. Without it, or for less than 4 MiB, nothing
 * happens. Contents and ownership are unchanged. */
void haven_bigmem_advise(void *p, size_t bytes);

/* A buffer that grows in place up to a size fixed at the start: its
 * address space is reserved at once (no memory is committed for it) and
 * made usable in steps of whole huge pages, so growing it never moves or
 * copies what it holds (realloc's mremap moved the path store to ranges
 * that were not 2 MiB aligned, where the kernel falls back to 4 KiB
 * pages: 3400 of the 6300 page faults of `haven diffusion`), and all of
 * it is on huge pages where the system offers them. Linux only; elsewhere
 * reserve fails and the caller uses malloc/realloc. */
typedef struct {
    char *base;      /* NULL: nothing reserved */
    size_t reserved; /* bytes of address space at base */
    size_t usable;   /* bytes from base that may be read and written */
} haven_bigbuf;

/* Reserve max bytes (rounded up to whole huge pages); 0 when that fails. */
int haven_bigbuf_reserve(haven_bigbuf *b, size_t max);
/* Make at least the first `bytes` usable (at most the reservation); 0 when
 * the system has no memory for it. */
int haven_bigbuf_grow(haven_bigbuf *b, size_t bytes);
/* Unmap it all; b is then empty. */
void haven_bigbuf_release(haven_bigbuf *b);

/* A buffer of `bytes` (4 MiB or more) usable at once from a reservation on
 * huge pages (b), else malloc'd (b->base NULL); NULL when out of memory.
 * Freed by haven_bigmem_free with the same b. */
void *haven_bigmem_alloc(haven_bigbuf *b, size_t bytes);
void haven_bigmem_free(haven_bigbuf *b, void *p);

#endif
