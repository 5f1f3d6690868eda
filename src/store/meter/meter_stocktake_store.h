/* meter_stocktake_store — 棚卸 (tables meter_stocktakes and
 * meter_stocktake_lines, migration 37): a count of the meters in store by
 * diameter against the book on that day, the reason for each difference,
 * and the decision of the approver.
 *
 * Ownership: rows by value; lists malloc'd, free(). */
#ifndef SUIDO_METER_STOCKTAKE_STORE_H
#define SUIDO_METER_STOCKTAKE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

typedef struct meter_stocktake_row {
    int64_t id, approval_id;
    char counted_on[11];
    char status[12];             /* pending | approved | rejected */
    char note[256];
    char created_by[64];
    int64_t created_at;
    char decided_by[64], decided_on[11];
    int64_t lines, differences;  /* _list only */
} meter_stocktake_row;

typedef struct meter_stocktake_line {
    int64_t stocktake_id, diameter, book, counted;
    char reason[256];
} meter_stocktake_line;

int meter_stocktake_store_insert(db_conn *c, const meter_stocktake_row *r, int64_t *id_out, err_t *e);
int meter_stocktake_store_line_insert(db_conn *c, const meter_stocktake_line *l, err_t *e);
int meter_stocktake_store_set_approval(db_conn *c, int64_t id, int64_t approval_id, err_t *e);
/* ERR_NOTFOUND (message for the user) when none. */
int meter_stocktake_store_get(db_conn *c, int64_t id, meter_stocktake_row *out, err_t *e);
int meter_stocktake_store_by_approval(db_conn *c, int64_t approval_id, meter_stocktake_row *out, err_t *e);
int meter_stocktake_store_lines(db_conn *c, int64_t id, meter_stocktake_line **rows, size_t *n, err_t *e);
/* pending -> status (approved | rejected); ERR_CONFLICT when not pending. */
int meter_stocktake_store_decide(db_conn *c, int64_t id, const char *status, const char *by, const char *on,
                                 err_t *e);
/* Newest first, at most limit, with their line and difference counts. */
int meter_stocktake_store_list(db_conn *c, int64_t limit, meter_stocktake_row **rows, size_t *n, err_t *e);

#endif
