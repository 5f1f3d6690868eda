/* backup_store — what `suido backup` reads from a SQLite database besides
 * the snapshot itself (db_snapshot_to, db_table_digest in db.h): the tables
 * to check, SQLite's own integrity check, and one sealed value to try the
 * key file on. */
#ifndef SUIDO_BACKUP_STORE_H
#define SUIDO_BACKUP_STORE_H

#include <stddef.h>

#include "store/db.h"

#define BACKUP_TABLE_MAX 64

/* The user tables, by name (SQLite's own sqlite_* left out), into a
 * malloc'd array of *n names of BACKUP_TABLE_MAX bytes (the caller frees). */
int backup_store_tables(db_conn *c, char (**names)[BACKUP_TABLE_MAX], size_t *n, err_t *e);
/* PRAGMA integrity_check: "ok", or its first complaint, into out. */
int backup_store_integrity(db_conn *c, char *out, size_t outsz, err_t *e);
/* The newest non-empty sealed value of the audit log into out ("" when the
 * log holds none), to see whether a key file opens this database's data. */
int backup_store_sealed_sample(db_conn *c, char *out, size_t outsz, err_t *e);

#endif
