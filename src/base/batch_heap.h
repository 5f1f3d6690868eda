/* batch_heap — the C heap of a short-lived batch command on huge pages.
 *
 * A month's batch commands (readings import, billing run, debit request and
 * result import) allocate tens of MB of arrays once — the file read, its
 * parsed records, candidates, rows to write — and the kernel maps each
 * 4 KiB of it on first touch: a page fault each, costly on a virtual
 * machine (a third of the debit result import's 24,000 faults).
 * batch_heap_huge serves large allocations from the program break like
 * small ones (not a fresh mmap each), keeps freed memory for reuse, grows
 * the break's region by 256 MiB of address space at once and asks the
 * kernel for 2 MiB pages over it (MADV_HUGEPAGE: with transparent huge
 * pages "always" or "madvise"); only what is touched becomes resident.  At
 * 120,000 taps the result import's faults fell from 24,500 to 14,400.  Call
 * once, early, in a process that ends when its work is done (never in the
 * server).  Without glibc's mallopt it does nothing. */
#ifndef SUIDO_BATCH_HEAP_H
#define SUIDO_BATCH_HEAP_H

void batch_heap_huge(void);

#endif
