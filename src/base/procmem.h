/* procmem — this process's resident memory as the kernel counts it
 * (/proc/self/status), split into its own memory and the pages of files it
 * maps.
 *
 * The staff server reads its SQLite file through a map kept for the process
 * (store/db_sqlite_map.c), so its resident size counts the file's pages: up
 * to the whole file, which belong to the kernel's page cache (shared with
 * every process reading the file, and reclaimed under pressure).  What the
 * server itself holds (the search index, buffers, caches) is the anonymous
 * part; /metrics shows both, so that a monitor can watch the one that can
 * run out (docs/operations.md).
 *
 * Ownership: plain values in the caller's struct; nothing allocated. */
#ifndef SUIDO_PROCMEM_H
#define SUIDO_PROCMEM_H

#include <stdbool.h>
#include <stdint.h>

typedef struct procmem {
    int64_t resident;   /* VmRSS: all the process's pages in memory, bytes */
    int64_t own;        /* RssAnon: its own (anonymous) pages: heap, stacks, the search index */
    int64_t file;       /* RssFile: pages of mapped files (the database file, the program, its libraries) */
    int64_t shared;     /* RssShmem: shared memory (SysV, tmpfs, shared anonymous maps) */
} procmem;

/* Fill *out from /proc/self/status; false (fields 0) if it cannot be read or
 * lacks a field (a kernel before 4.5). */
bool procmem_read(procmem *out);

#endif
