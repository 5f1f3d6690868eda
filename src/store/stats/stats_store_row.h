/* stats_store_row — the row every statistics query of this directory
 * returns (統計, docs/statistics.md): a text key, its label, a second
 * integer key (a diameter, or 0) and up to STATS_STORE_NV integer counts.
 * Each query selects exactly key, label, key2 and STATS_STORE_NV integer
 * columns (padded with 0), so that one reader serves them all.  No
 * personal data is ever selected.
 *
 * Ownership: arrays returned through pointer-to-pointer are malloc'd
 * (free()). */
#ifndef SUIDO_STATS_STORE_ROW_H
#define SUIDO_STATS_STORE_ROW_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

#define STATS_STORE_NV 8

typedef struct stats_store_row {
    char key[48];
    char label[160];
    int64_t key2;
    int64_t v[STATS_STORE_NV];
} stats_store_row;

/* Step through s (parameters bound) and collect its rows. */
int stats_store_collect(db_stmt *s, stats_store_row **rows, size_t *n, err_t *e);
/* Prepare sql (static storage), bind p1 and p2 as $1 and $2 (text; NULL:
 * not bound) and collect its rows. */
int stats_store_query(db_conn *c, const char *sql, const char *p1, const char *p2, stats_store_row **rows, size_t *n,
                      err_t *e);

#endif
