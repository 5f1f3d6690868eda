/* import_file_store — the result files read (import_files), found by
 * SHA-256 so that a file is not read twice, with the totals of what it
 * posted.
 *
 * Ownership: rows filled by value. */
#ifndef SUIDO_IMPORT_FILE_STORE_H
#define SUIDO_IMPORT_FILE_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

/* Result files: ERR_NOTFOUND (e untouched) when the hash is new. */
typedef struct import_file_row {
    int64_t id, records, amount, posted, suspense, imported_at;
    char kind[16], name[256], sha256[65], imported_by[64];
} import_file_row;
int import_file_store_find(db_conn *c, const char *sha256, import_file_row *out, err_t *e);
int import_file_store_insert(db_conn *c, const import_file_row *f, int64_t *id, err_t *e);
int import_file_store_finish(db_conn *c, int64_t id, int64_t records, int64_t amount, int64_t posted,
                             int64_t suspense, err_t *e);

#endif
