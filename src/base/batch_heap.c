/* batch_heap — the C heap of a batch command on huge pages (see batch_heap.h). */
#define _DEFAULT_SOURCE
#include "base/batch_heap.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

/* The break's region made room for at first, then marked for huge pages
 * (the mark is the region's: a later growth past it is a region of its
 * own, on 4 KiB pages). */
#define BATCH_HEAP_BYTES ((size_t)256 << 20)

void batch_heap_huge(void)
{
#if defined(__GLIBC__)
    /* every block from the break, none given back */
    mallopt(M_MMAP_THRESHOLD, 512 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    mallopt(M_TOP_PAD, 16 << 20);
    char *p = malloc(BATCH_HEAP_BYTES);   /* untouched: address space only */
    char *top = sbrk(0);
    long page = sysconf(_SC_PAGESIZE);
    if (p && page > 0 && top != (char *)-1 && top > p) {
        char *from = (char *)((uintptr_t)p & ~(uintptr_t)(page - 1));
        madvise(from, (size_t)(top - from), MADV_HUGEPAGE);
    }
    free(p);
#endif
}
