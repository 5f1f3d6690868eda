/* app_compact — `suido db compact`: the database compacted as the monthly
 * maintenance job (dist/systemd/suido-compact.timer) does it.
 *
 * Why (docs/operations.md, "Compacting the database"): a SQLite file grows by
 * all its tables and indexes at once, so after months of readings, bills and
 * payments each index's pages lie scattered through the file and are partly
 * empty; the month's batch commands then touch two to three times as many
 * pages as they would in order.  VACUUM rewrites the file in order.  On
 * PostgreSQL autovacuum keeps the tables; the command runs VACUUM (ANALYZE)
 * now, which locks no one out.
 *
 * Ownership: the result is filled by value; nothing is allocated for the
 * caller. */
#ifndef SUIDO_APP_COMPACT_H
#define SUIDO_APP_COMPACT_H

#include <stdint.h>

#include "app/app.h"

typedef struct app_compact_result {
    int64_t bytes_before, bytes_after; /* the database's size (SQLite: its pages) */
    int64_t free_before;               /* SQLite: the free pages' bytes before (0 on PostgreSQL) */
    int64_t millis;                    /* how long it took */
    bool sqlite;
} app_compact_result;

/* Compact ctx's database; outside any transaction, the operator only (the
 * CLI's actor).  SQLite: refused (ERR_INVALID, naming the directory short of
 * room and what it has and needs) when the disks have no room for the
 * temporary copy and the log (domain/compact_space.h); meanwhile writers of
 * other processes (the server) wait, readers go on.  Safe to stop: VACUUM is
 * one transaction and a stopped one leaves the file as it was.  Audited
 * (db.compact) with the sizes. */
int app_db_compact(app_ctx *ctx, app_compact_result *r, err_t *e);

#endif
