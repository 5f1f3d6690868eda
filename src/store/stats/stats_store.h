/* stats_store — what the statistics' queries (統計, store/stats/stats_*)
 * share: each is a GROUP BY statement whose columns are a key, a label and
 * up to STATS_STORE_MAXV integer values, read into rows of one shape.
 * No personal data is ever selected by a statistics query.
 *
 * Ownership: arrays returned through pointer-to-pointer are malloc'd
 * (free()). */
#ifndef SUIDO_STATS_STORE_H
#define SUIDO_STATS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

#define STATS_STORE_MAXV 12

typedef struct stats_store_row {
    char key[40];
    char label[160];
    int64_t v[STATS_STORE_MAXV];
} stats_store_row;

/* Run sql (static storage) with the text parameters params[0..nparams)
 * bound to $1.., reading nvals values after the key and label of each row.
 * Appends to *rows (*n rows): call with *rows NULL, *n 0 for a new list. */
int stats_store_rows(db_conn *c, const char *sql, const char *const *params, int nparams, int nvals,
                     stats_store_row **rows, size_t *n, err_t *e);

#endif
