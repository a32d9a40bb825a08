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

#endif
