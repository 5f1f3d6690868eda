/* compact_space — whether the disks have room to compact a SQLite database
 * (`suido db compact`), and the message when they do not.  No I/O: the
 * caller measures the file and the free space.
 *
 * SQLite's VACUUM copies the database into a temporary file (in SQLite's
 * temporary directory) and then writes every page of the copy back through
 * the write-ahead log beside the database, so while it runs it needs about
 * the database's size free on each of those two file systems, twice that
 * when they are one.  A tenth more is asked as a margin (the copy and the
 * log carry their own headers and the database may grow meanwhile).
 *
 * Ownership: nothing is allocated; the message is written into the caller's
 * buffer. */
#ifndef SUIDO_COMPACT_SPACE_H
#define SUIDO_COMPACT_SPACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct compact_disk {
    uint64_t dev;       /* the file system (st_dev) */
    int64_t free_bytes; /* available to this user (statvfs f_bavail * f_frsize) */
} compact_disk;

/* The bytes needed free for a database of db_bytes: on db's file system
 * (*need_db) and on tmp's (*need_tmp); when both are one file system the
 * whole need is in *need_db and *need_tmp is 0. */
void compact_space_need(int64_t db_bytes, compact_disk db, compact_disk tmp, int64_t *need_db, int64_t *need_tmp);

/* True when there is room; else false and why (Japanese, naming the
 * directory short of room, what it has and what it needs, in MB) in
 * why[whysz].  db_dir and tmp_dir are the directories as shown to the
 * operator. */
bool compact_space_ok(int64_t db_bytes, compact_disk db, const char *db_dir, compact_disk tmp, const char *tmp_dir,
                      char *why, size_t whysz);

#endif
