/* ic_store — the bulk reads and writes of the interchange format
 * (docs/interchange.md): for each file, one SELECT that lists its rows in the
 * file's order, and the table and columns that a load of its rows fills,
 * in the order of the file's columns (domain/interchange/ic_format.c: a
 * reference column reads and loads the target's database id, or its code
 * where the target has no id; an IC_SEQ column reads as 0 and is not loaded;
 * sealed columns read and load ciphertext — the caller seals and opens).
 * After the columns, a load takes what the importer derives: customers'
 * kana and phone blind indexes, bills' run (the import's bill_runs row,
 * which marks them as imported).
 *
 * Tables are known by the file's name; a table handle is static (not freed). */
#ifndef SUIDO_IC_STORE_H
#define SUIDO_IC_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

typedef struct ic_store_table ic_store_table;

/* The table of file ("taps.csv"), or NULL. */
const ic_store_table *ic_store_table_of(const char *file);

/* The columns the table's statements read (after the id): the file's. */
int ic_store_cols(const ic_store_table *t);
/* Each row of the file's table in the file's order: fn gets the row's id (0
 * for tables without one) and its column texts (NULL for SQL NULL), n of
 * them; a non-zero return stops the reading (returned).  Inside the caller's
 * read snapshot. */
typedef int (*ic_store_row_fn)(void *arg, int64_t id, const char *const *vals, int n);
int ic_store_each(db_conn *db, const ic_store_table *t, ic_store_row_fn fn, void *arg, err_t *e);

/* One value to load: text (NULL: SQL NULL) or, when is_id, an integer (an
 * id, or a whole number of the file), loaded as an integer. */
typedef struct ic_store_val {
    const char *text;
    int64_t id;
    bool is_id;
} ic_store_val;

/* About how many rows ic_store_each will give (the largest id: rows are
 * rarely deleted), to size what holds them; 0 for the small tables. */
int ic_store_rows_hint(db_conn *db, const ic_store_table *t, int64_t *n, err_t *e);

/* Loading a file's rows into its table, in bulk (db_copy: COPY on
 * PostgreSQL, a prepared INSERT per row on SQLite), inside the caller's
 * transaction; nothing else runs on db between begin and end.
 *   ic_store_numbered: the table's rows take the ids the importer gives (the
 *     row's number in the file, 1, 2, ...: the database is empty), so that
 *     later files refer to them without asking the database.  Else the table
 *     has no id others refer to (its own id, if any, comes from its
 *     sequence), or keeps the file's (customers: the customer number).
 *   ic_store_load_row: n values in column order (not the IC_SEQ columns; the
 *     derived ones after), id when numbered.  A fault of a row may be
 *     reported only by a later row or by the end (PostgreSQL).
 *   ic_store_load_end: ok false abandons the load (the caller rolls back);
 *     frees ld (NULL: nothing).
 * The table's secondary indexes that enforce nothing (not UNIQUE) are
 * dropped by begin and made again by end from the loaded rows, in the same
 * transaction; the UNIQUE ones and the keys check each row as it comes. */
typedef struct ic_store_load ic_store_load;
bool ic_store_numbered(const ic_store_table *t);
int ic_store_load_begin(db_conn *db, const ic_store_table *t, ic_store_load **out, err_t *e);
int ic_store_load_row(ic_store_load *ld, int64_t id, const ic_store_val *v, int n, err_t *e);
int ic_store_load_end(ic_store_load *ld, bool ok, err_t *e);

/* allocation_days (the 収納統計's daily sums of the allocations: derived, not
 * a file), loaded like a file's table: posted_on, channel, cycle,
 * allocations, amount. */
const ic_store_table *ic_store_days_table(void);

/* The first table of the format that holds a row (*table names it, static),
 * with its count; *table NULL when every one is empty. */
int ic_store_first_nonempty(db_conn *db, const char **table, int64_t *rows, err_t *e);
/* The bill run that marks the bills of an import (status 'imported', no
 * cycle): *run_id. */
int ic_store_import_run(db_conn *db, const char *by, int64_t now, const char *summary, int64_t *run_id, err_t *e);
/* After the rows: each reversed payment names its reversal, the open bills
 * (bill_open) are computed, allocation_days is rebuilt from the allocations
 * unless days_loaded (the importer loaded it: ic_store_days_table), and
 * (PostgreSQL) the customers' sequence moves past the numbers kept; the big
 * tables are analysed. */
int ic_store_finish(db_conn *db, bool days_loaded, err_t *e);

#endif
