/* backup_manifest — the manifest stored beside the database in each backup
 * snapshot: what the snapshot must hold, so that a restore or a drill can
 * prove it got exactly that back.
 *
 * Text form (UTF-8, one item a line, fields separated by one space):
 *     suido-backup-manifest 1
 *     version <suido's version>
 *     schema <schema version>
 *     created <UTC time, YYYY-MM-DDTHH:MM:SSZ>
 *     file_sha256 <64 hex: the database file as stored>
 *     file_bytes <size of that file>
 *     table <name> <rows> <64 hex: SHA-256 of its rows in a stable order>
 *     ...                      (one line per table, by name)
 * Pure functions.  A parsed manifest owns its tables array:
 * backup_manifest_free. */
#ifndef SUIDO_BACKUP_MANIFEST_H
#define SUIDO_BACKUP_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

#define BACKUP_MANIFEST_FORMAT 1

typedef struct backup_table_sum {
    char name[64];
    int64_t rows;
    char sha256[65];
} backup_table_sum;

typedef struct backup_manifest {
    char version[32];
    int64_t schema;
    char created[24];
    char file_sha256[65];
    int64_t file_bytes;
    backup_table_sum *tables;   /* malloc'd (backup_manifest_free) */
    size_t ntables;
} backup_manifest;

/* Append a table (copied); false when out of memory or a field does not fit. */
bool backup_manifest_add_table(backup_manifest *m, const char *name, int64_t rows, const char *sha256);
/* The text form appended to out; false when out failed. */
bool backup_manifest_format(const backup_manifest *m, buf_t *out);
/* Parse the text form into *m (zeroed first).  false with why (English,
 * naming the line) when it is not a manifest of this format. */
bool backup_manifest_parse(const char *text, backup_manifest *m, char *why, size_t whysz);
void backup_manifest_free(backup_manifest *m);
/* Compare the tables of got with want: true when every table of want is in
 * got with the same rows and digest and got has no other; else false with
 * what naming the first table that differs (English). */
bool backup_manifest_same_tables(const backup_manifest *want, const backup_manifest *got, char *what,
                                 size_t whatsz);

#endif
